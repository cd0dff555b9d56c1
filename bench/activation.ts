// Extension activation in a real VS Code (code-server): the client's own "activated in" and "language
// server ready in" figures from its output channel, and, in the page, from a spec's editor showing to
// its first diagnostic; one cold code-server per sample (test/vscode/activation.mjs, the test harness's helpers).
import { measureActivation } from '../test/vscode/activation.mjs';
import { summarize, target, type Benchmark } from './stats.js';

const SAMPLES = Number(process.env.EXPSPEC_ACTIVATION_SAMPLES ?? 5);

export const activationBench: Benchmark = {
    name: 'activation',
    description: `extension activation and language-server start in code-server, ${SAMPLES} cold starts`,
    async run(log) {
        const samples = await measureActivation({ samples: SAMPLES, log });
        const activate = summarize('activate()', samples.activate);
        const ready = summarize('language server ready', samples.serverReady);
        const diagnostic = summarize('editor shown → first diagnostic', samples.firstDiagnostic);
        return {
            metrics: [activate, ready, diagnostic],
            // activate() only wires things up (the server starts asynchronously); the server answers within 2 s.
            targets: [target(activate, 'median', 100), target(ready, 'median', 2000)],
            notes: samples.notes,
        };
    },
};
