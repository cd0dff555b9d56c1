// Linking errors with messages that name the fix. Bare names in value positions are left to the
// validator, which knows from the slot whether `relu` is an enum value, a column or a component.
import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { closest, didYouMean } from './analysis/suggest.js';
import * as ast from './generated/ast.js';

export class ExpspecDocumentValidator extends DefaultDocumentValidator {
    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const reference of document.references) {
            const error = reference.error;
            if (!error || ast.isNameRef(error.info.container)) continue;
            const container = error.info.container;
            if (ast.isTrain(container)) {
                const spec = document.parseResult.value as ast.Spec;
                const models = spec.declarations.filter(ast.isModel).map(m => m.name);
                const name = reference.$refText;
                const range = reference.$refNode?.range;
                if (!range) continue;
                diagnostics.push({
                    severity: DiagnosticSeverity.Error, range, source: this.getSource(), code: 'unknown-name',
                    data: { code: 'unknown-name', replacements: closest(name, models) },
                    message: `Unknown model \`${name}\`${didYouMean(closest(name, models))}${models.length ? '' : ': declare it with `model ' + name + ' = mlp(...)`'}`,
                });
            }
        }
    }
}
