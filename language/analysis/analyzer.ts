// Hands out the (cached) analysis of a spec; one per document version.
import { AstUtils, DocumentCache, type AstNode, type LangiumSharedCoreServices } from 'langium';
import * as ast from '../generated/ast.js';
import { WorkspaceFiles } from './columns.js';
import { SpecAnalysis } from './spec-analysis.js';

export class SpecAnalyzer {
    readonly files = new WorkspaceFiles();
    private readonly cache: DocumentCache<string, SpecAnalysis>;

    constructor(shared: LangiumSharedCoreServices) {
        this.cache = new DocumentCache(shared);
    }

    /** The analysis of the spec that contains `node`. */
    analysisOf(node: AstNode): SpecAnalysis {
        const spec = AstUtils.getContainerOfType(node, ast.isSpec)!;
        const document = AstUtils.getDocument(spec);
        return this.cache.get(document.uri, 'analysis', () => new SpecAnalysis(spec, document.uri, this.files, n => this.analysisOf(n)));
    }
}
