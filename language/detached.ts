// Parser error recovery can leave AST nodes outside the document's tree (an expression that
// starts with an operator: `objective o = + b()`; Langium issue #1717). Langium's default scoping
// and navigation then fail on them with "AST node has no document"; these guards treat such nodes
// as having no scope and no declaration.
import { AstUtils, DefaultReferences, type AstNode, type CstNode } from 'langium';

export function isDetached(node: AstNode | undefined): boolean {
    return !node || !AstUtils.findRootNode(node).$document;
}

export class ExpspecReferences extends DefaultReferences {
    override findDeclarations(sourceCstNode: CstNode): AstNode[] {
        return isDetached(sourceCstNode.astNode) ? [] : super.findDeclarations(sourceCstNode);
    }

    override findDeclarationNodes(sourceCstNode: CstNode): CstNode[] {
        return isDetached(sourceCstNode.astNode) ? [] : super.findDeclarationNodes(sourceCstNode);
    }
}
