// "Run" / "Cancel" and "Results" above each experiment declaration. The commands are the client's; the lenses
// change while the experiment runs and say so when the workspace is not trusted.
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver/node';
import * as ast from '../../language/generated/ast.js';
import type { ExperimentRef } from '../protocol.js';

export interface RunState {
    isTrusted(): boolean;
    isRunning(ref: ExperimentRef): boolean;
}

export class ExperimentCodeLensProvider implements CodeLensProvider {
    constructor(private readonly state: RunState) {}

    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const spec = document.parseResult.value as ast.Spec;
        const lenses: CodeLens[] = [];
        for (const declaration of spec.declarations ?? []) {
            if (!ast.isExperiment(declaration) || !declaration.name || !declaration.$cstNode) continue;
            const ref: ExperimentRef = { uri: document.uri.toString(), experiment: declaration.name };
            const start = declaration.$cstNode.range.start;
            const range = { start, end: start };
            const running = this.state.isRunning(ref);
            if (running) lenses.push({ range, command: { title: '$(debug-stop) Cancel', command: 'expspec.cancel', arguments: [ref] } });
            else if (this.state.isTrusted()) lenses.push({ range, command: { title: '$(play) Run', command: 'expspec.run', arguments: [ref] } });
            else lenses.push({ range, command: { title: '$(play) Run (needs a trusted workspace)', command: 'expspec.run', arguments: [ref] } });
            lenses.push({ range, command: { title: '$(graph) Results', command: 'expspec.showResults', arguments: [ref] } });
        }
        return lenses;
    }
}
