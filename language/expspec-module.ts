// Wires the expspec language services by dependency injection, as Langium's examples do.
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext, type LangiumServices,
    type LangiumSharedServices, type PartialLangiumServices,
} from 'langium/lsp';
import { SpecAnalyzer } from './analysis/analyzer.js';
import { ExpspecCodeActionProvider } from './lsp/code-actions.js';
import { ExpspecCompletionProvider } from './lsp/completion.js';
import { ExpspecFoldingRangeProvider } from './lsp/folding.js';
import { ExpspecFormatter } from './lsp/formatter.js';
import { ExpspecHoverProvider } from './lsp/hover.js';
import { ExpspecNodeKindProvider } from './lsp/node-kinds.js';
import { ExpspecSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { ExpspecDocumentValidator } from './expspec-document-validator.js';
import { ExpspecScopeProvider } from './expspec-scope.js';
import { ExpspecReferences } from './detached.js';
import { ExpspecParserErrorMessageProvider } from './expspec-parser-messages.js';
import { ExpspecValueConverter } from './expspec-value-converter.js';
import { registerValidationChecks } from './expspec-validator.js';
import { ExpspecGeneratedModule, ExpspecGeneratedSharedModule } from './generated/module.js';

export interface ExpspecAddedServices {
    analysis: {
        SpecAnalyzer: SpecAnalyzer;
    };
}

export type ExpspecServices = LangiumServices & ExpspecAddedServices;

export const ExpspecModule: Module<ExpspecServices, PartialLangiumServices & ExpspecAddedServices> = {
    analysis: {
        SpecAnalyzer: services => new SpecAnalyzer(services.shared),
    },
    parser: {
        ValueConverter: () => new ExpspecValueConverter(),
        ParserErrorMessageProvider: () => new ExpspecParserErrorMessageProvider(),
    },
    references: {
        ScopeProvider: services => new ExpspecScopeProvider(services),
        References: services => new ExpspecReferences(services),
    },
    validation: {
        DocumentValidator: services => new ExpspecDocumentValidator(services),
    },
    lsp: {
        CompletionProvider: services => new ExpspecCompletionProvider(services),
        HoverProvider: services => new ExpspecHoverProvider(services),
        Formatter: () => new ExpspecFormatter(),
        SemanticTokenProvider: services => new ExpspecSemanticTokenProvider(services),
        CodeActionProvider: services => new ExpspecCodeActionProvider(services),
        FoldingRangeProvider: services => new ExpspecFoldingRangeProvider(services),
    },
};

/** The language services, with the shared services (workspace, documents) they run in. */
export function createExpspecServices(
    context: DefaultSharedModuleContext,
    /** Services the host adds or replaces (the language server adds its CodeLens for running experiments). */
    hostModule: Module<ExpspecServices, PartialLangiumServices> = {},
): { shared: LangiumSharedServices; Expspec: ExpspecServices } {
    const shared = inject(createDefaultSharedModule(context), ExpspecGeneratedSharedModule, {
        lsp: { NodeKindProvider: () => new ExpspecNodeKindProvider() },
    });
    const Expspec = inject(createDefaultModule({ shared }), ExpspecGeneratedModule, ExpspecModule, hostModule);
    shared.ServiceRegistry.register(Expspec);
    registerValidationChecks(Expspec);
    if (!context.connection) {
        // Without a language server (CLI, tests) nothing triggers the configuration's initialisation.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Expspec };
}
