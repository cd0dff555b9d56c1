// Folding: Langium's defaults (multi-line nodes and comments), without folding a declaration's
// block a second time on the same lines as the declaration.
import type { AstNode } from 'langium';
import { DefaultFoldingRangeProvider } from 'langium/lsp';
import * as ast from '../generated/ast.js';

export class ExpspecFoldingRangeProvider extends DefaultFoldingRangeProvider {
    protected override shouldProcess(node: AstNode): boolean {
        return !ast.isBlock(node);
    }
}
