// Semantic tokens: what a name *is* (a declaration, a component, an enum value, a column), which
// the TextMate grammar cannot know.
import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { registry } from '../../runtime/registry/index.js';
import { componentKinds, slotOf } from '../analysis/slots.js';
import * as ast from '../generated/ast.js';

export class ExpspecSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (ast.isDataset(node) || ast.isEvaluate(node) || ast.isSweep(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isModel(node) || ast.isExperiment(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isObjective(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isStage(node) || (ast.isView(node) && node.name)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isTrain(node)) {
            acceptor({ node, property: 'model', type: SemanticTokenTypes.class });
        } else if (ast.isCall(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: SemanticTokenModifiers.defaultLibrary });
        } else if (ast.isArgument(node) && node.name) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.parameter });
        } else if (ast.isProperty(node)) {
            acceptor({ node, property: 'key', type: SemanticTokenTypes.property });
        } else if (ast.isSplitPart(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property });
        } else if (ast.isMemberExpr(node)) {
            acceptor({ node, property: 'member', type: SemanticTokenTypes.property });
        } else if (ast.isNumberLit(node) || ast.isPercentLit(node)) {
            acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
        } else if (ast.isStringLit(node)) {
            acceptor({ node, property: 'value', type: SemanticTokenTypes.string });
        } else if (ast.isNameRef(node)) {
            acceptor({ node, property: 'ref', type: this.nameType(node) });
        }
    }

    private nameType(node: ast.NameRef): string {
        const target = node.ref.ref;
        if (ast.isModel(target)) return SemanticTokenTypes.class;
        if (ast.isObjective(target)) return SemanticTokenTypes.function;
        if (target) return SemanticTokenTypes.variable;
        const slot = slotOf(node);
        const type = slot?.type;
        if (type?.kind === 'column' || type?.kind === 'columns') return SemanticTokenTypes.property;
        const kinds = type ? componentKinds(type) : [];
        if (kinds.length && registry.find(node.ref.$refText, kinds)) return SemanticTokenTypes.function;
        return SemanticTokenTypes.enumMember;
    }
}
