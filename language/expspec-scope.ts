// Scoping: a spec sees its own declarations and those of the specs it imports, nothing else
// from the workspace (two unrelated specs may both declare `moons`).
import { AstUtils, DefaultScopeProvider, EMPTY_SCOPE, UriUtils, type ReferenceInfo, type Scope } from 'langium';
import { isDetached } from './detached.js';
import * as ast from './generated/ast.js';

export class ExpspecScopeProvider extends DefaultScopeProvider {
    override getScope(context: ReferenceInfo): Scope {
        return isDetached(context.container) ? EMPTY_SCOPE : super.getScope(context);
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const spec = AstUtils.getContainerOfType(context.container, ast.isSpec);
        if (!spec || spec.imports.length === 0) return EMPTY_SCOPE;
        const document = AstUtils.getDocument(spec);
        const folder = UriUtils.dirname(document.uri);
        const imported = new Set(spec.imports.map(i => UriUtils.resolvePath(folder, i.path).toString()));
        return this.createScope(this.indexManager.allElements(referenceType, imported));
    }
}
