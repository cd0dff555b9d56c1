// Symbol and completion kinds per declaration, for the outline and the completion list.
import type { AstNode, AstNodeDescription } from 'langium';
import { DefaultNodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

export class ExpspecNodeKindProvider extends DefaultNodeKindProvider {
    override getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        switch (typeOf(node)) {
            case ast.Experiment.$type: return SymbolKind.Module;
            case ast.Dataset.$type: return SymbolKind.Variable;
            case ast.Model.$type: return SymbolKind.Class;
            case ast.Objective.$type: return SymbolKind.Function;
            case ast.Evaluate.$type: return SymbolKind.Event;
            case ast.Sweep.$type: return SymbolKind.Array;
            case ast.Stage.$type: return SymbolKind.Namespace;
            case ast.View.$type: return SymbolKind.Object;
            default: return super.getSymbolKind(node);
        }
    }

    override getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        switch (typeOf(node)) {
            case ast.Model.$type: return CompletionItemKind.Class;
            case ast.Objective.$type: return CompletionItemKind.Function;
            case ast.Dataset.$type: case ast.Evaluate.$type: case ast.Sweep.$type: return CompletionItemKind.Variable;
            default: return super.getCompletionItemKind(node);
        }
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}
