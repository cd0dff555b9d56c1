// Hands out the (cached) analysis of a spec. The cache is cleared by any change in the workspace,
// not only of the spec itself: an analysis depends on CSV headers and on imported specs.
import { AstUtils, URI, WorkspaceCache, type AstNode, type LangiumSharedCoreServices } from 'langium';
import * as ast from '../generated/ast.js';
import { WorkspaceFiles } from './columns.js';
import { SpecAnalysis } from './spec-analysis.js';

export class SpecAnalyzer {
    readonly files = new WorkspaceFiles();
    private readonly cache: WorkspaceCache<string, SpecAnalysis>;

    constructor(shared: LangiumSharedCoreServices) {
        this.cache = new WorkspaceCache(shared);
    }

    /** The analysis of the spec that contains `node`. */
    analysisOf(node: AstNode): SpecAnalysis {
        const root = AstUtils.findRootNode(node);
        const document = root.$document;
        const spec = ast.isSpec(root) ? root : document?.parseResult.value;
        if (!document || !ast.isSpec(spec)) {
            // Error recovery can leave nodes outside any document: analyse them on their own.
            const detached: ast.Spec = { $type: 'Spec', imports: [], declarations: [] } as unknown as ast.Spec;
            return new SpecAnalysis(detached, URI.parse('memory:/detached.expspec'), this.files, n => this.analysisOf(n));
        }
        return this.cache.get(document.uri.toString(), () => new SpecAnalysis(spec, document.uri, this.files, n => this.analysisOf(n)));
    }
}
