// Time from Run to the first progress in the editor: the language server (over stdio, as VS Code runs it) gets
// `expspec/runExperiment` for a small spec and we time the progress notifications the user sees: the progress
// begins (the spec was checked and queued), the runner reports its backend (child process started, TensorFlow.js
// loaded), the first epoch is reported. The same spec run in-process by the CLI's code path gives the peer figure:
// what a child process costs on top.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { runEventNotification, runExperimentRequest, setTrustNotification } from '../server/protocol.js';
import { summarize, target, type Benchmark, type BenchResult } from './stats.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 5;

export const runLatencyBench: Benchmark = {
    name: 'run-latency',
    description: 'Run → first progress in the editor (language server + runner child process), tiny spec, wasm',
    async run(log): Promise<BenchResult> {
        const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-bench-run-'));
        const spec = fs.readFileSync(path.join(root, 'test/fixtures/run/tiny.expspec'), 'utf8');
        fs.writeFileSync(path.join(workspace, 'tiny.expspec'), spec);
        const uri = `file://${path.join(workspace, 'tiny.expspec')}`;
        const server = spawn(process.execPath, [path.join(root, 'out/server/main.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
        const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
        let onProgress: (kind: string) => void = () => {};
        let onEvent: (type: string) => void = () => {};
        connection.onNotification('$/progress', (p: { value: { kind: string } }) => onProgress(p.value.kind));
        connection.onNotification(runEventNotification, p => onEvent(p.event.type));
        connection.onRequest(() => null);
        connection.listen();
        const begin: number[] = [], backend: number[] = [], epoch: number[] = [], total: number[] = [];
        try {
            await connection.sendRequest('initialize', {
                processId: process.pid, rootUri: `file://${workspace}`, workspaceFolders: [{ uri: `file://${workspace}`, name: 'bench' }],
                capabilities: { window: { workDoneProgress: true } },
            });
            await connection.sendNotification('initialized', {});
            await connection.sendNotification(setTrustNotification, { trusted: true });
            await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'expspec', version: 1, text: spec } });
            for (let i = 0; i <= RUNS; i++) {
                const t0 = performance.now();
                const seen: Record<string, number> = {};
                onProgress = kind => { if (kind === 'begin') seen['begin'] ??= performance.now() - t0; };
                onEvent = type => { seen[type] ??= performance.now() - t0; };
                const result = await connection.sendRequest(runExperimentRequest, { uri, experiment: 'Tiny', backend: 'wasm' });
                if (result.status !== 'completed') throw new Error(`the run ${result.status}: ${result.error}`);
                if (i === 0) continue; // warm-up: the first run also pays for the server's first validation
                begin.push(seen['begin']!);
                backend.push(seen['backend']!);
                epoch.push(seen['epoch']!);
                total.push(performance.now() - t0);
                log(`run ${i}: progress ${seen['begin']!.toFixed(0)} ms, backend ${seen['backend']!.toFixed(0)} ms, first epoch ${seen['epoch']!.toFixed(0)} ms`);
            }
        } finally {
            await connection.sendRequest('shutdown').catch(() => undefined);
            await connection.sendNotification('exit').catch(() => undefined);
            connection.dispose();
            server.kill();
            fs.rmSync(workspace, { recursive: true, force: true });
        }
        const toProgress = summarize('run → progress shown', begin);
        const toBackend = summarize('run → backend ready (runner started)', backend, true);
        const toEpoch = summarize('run → first epoch', epoch, true);
        return {
            metrics: [toProgress, toBackend, toEpoch, summarize('whole run (3 epochs, 4 test sets)', total, true)],
            targets: [target(toProgress, 'median', 200), target(toBackend, 'median', 2000)],
            notes: [`${RUNS} runs after one warm-up; test/fixtures/run/tiny.expspec on wasm; each run starts a fresh runner process`],
        };
    },
};
