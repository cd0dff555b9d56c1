// Scoping. Every name a spec can refer to is a top-level declaration, so one scope per document
// and reference type serves every reference in it (Langium's default walks the containers of each
// reference, which dominated linking time in long specs). A spec sees its own declarations and
// those of the specs it imports, nothing else from the workspace.
import {
    AstUtils, DefaultScopeProvider, DocumentCache, EMPTY_SCOPE, MapScope, UriUtils,
    type LangiumCoreServices, type ReferenceInfo, type Scope,
} from 'langium';
import { isDetached } from './detached.js';
import * as ast from './generated/ast.js';

export class ExpspecScopeProvider extends DefaultScopeProvider {
    private readonly scopes: DocumentCache<string, Scope>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.scopes = new DocumentCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        if (isDetached(context.container)) return EMPTY_SCOPE;
        const document = AstUtils.getDocument(context.container);
        const type = this.reflection.getReferenceType(context);
        return this.scopes.get(document.uri, type, () => {
            const spec = document.parseResult.value;
            const local = (document.localSymbols?.getStream(spec) ?? []).filter(d => this.reflection.isSubtype(d.type, type));
            return new MapScope(local, this.getGlobalScope(type, context));
        });
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const spec = AstUtils.getContainerOfType(context.container, ast.isSpec);
        if (!spec || spec.imports.length === 0) return EMPTY_SCOPE;
        const document = AstUtils.getDocument(spec);
        const folder = UriUtils.dirname(document.uri);
        const imported = new Set(spec.imports.filter(i => i.path !== undefined).map(i => UriUtils.resolvePath(folder, i.path).toString()));
        return this.createScope(this.indexManager.allElements(referenceType, imported));
    }
}
