// The execution service over LSP, as the editor uses it: the language server (over stdio) runs specs in runner
// child processes, refuses to run in an untrusted workspace or with errors, reports progress and events, queues a
// second run of the same experiment, cancels, lists and opens runs.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
    cancelRunRequest, listRunsRequest, openRunRequest, runEventNotification, runExperimentRequest, runStateNotification,
    setTrustNotification, type RunEventParams, type RunStateParams,
} from '../../server/protocol.js';
import { repoRoot } from '../language/services.js';

let server: ChildProcess;
let connection: MessageConnection;
let workspace: string;
const states: RunStateParams[] = [];
const events: RunEventParams[] = [];
const progress: Array<{ kind: string; message?: string; cancellable?: boolean }> = [];
let codeLensRefreshes = 0;

const tiny = fs.readFileSync(path.join(repoRoot, 'test/fixtures/run/tiny.expspec'), 'utf8');
/** The tiny spec, but long enough to be cancelled midway. */
const slow = tiny.replace('experiment Tiny', 'experiment Slow').replace('epochs: 3', 'epochs: 500').replace('patience: 2', 'patience: 500');

function uriOf(name: string): string {
    return `file://${path.join(workspace, name)}`;
}

function open(name: string, text: string): string {
    fs.writeFileSync(path.join(workspace, name), text);
    const uri = uriOf(name);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'expspec', version: 1, text } });
    return uri;
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}

beforeAll(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-exec-'));
    server = spawn(process.execPath, [path.join(repoRoot, 'out/server/main.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onNotification(runStateNotification, params => void states.push(params));
    connection.onNotification(runEventNotification, params => void events.push(params));
    connection.onNotification('$/progress', (params: { value: { kind: string; message?: string; cancellable?: boolean } }) => void progress.push(params.value));
    connection.onRequest('workspace/codeLens/refresh', () => { codeLensRefreshes++; return null; });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ maxParallelRuns: 1 })));
    connection.onRequest(() => null); // window/workDoneProgress/create, client/registerCapability, …
    connection.listen();
    await connection.sendRequest('initialize', {
        processId: process.pid, rootUri: `file://${workspace}`, workspaceFolders: [{ uri: `file://${workspace}`, name: 'ws' }],
        capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, codeLens: { refreshSupport: true } } },
        initializationOptions: { nativeBackends: path.join(workspace, 'native-storage') },
    });
    connection.sendNotification('initialized', {});
});

afterAll(async () => {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    server.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
});

describe('execution service over LSP', () => {
    it('refuses to run until the client says the workspace is trusted', async () => {
        const uri = open('tiny.expspec', tiny);
        const result = await connection.sendRequest(runExperimentRequest, { uri, experiment: 'Tiny' });
        expect(result.status).toBe('rejected');
        expect(result.error).toMatch(/trusted workspace/);
        expect(fs.existsSync(path.join(workspace, '.expspec'))).toBe(false);
    });

    it('shows Run and Results lenses above the experiment, and says when trust is missing', async () => {
        const uri = uriOf('tiny.expspec');
        const lenses = await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Array<{ command: { title: string; command: string } }>;
        expect(lenses.map(l => l.command.title)).toEqual(['$(play) Run (needs a trusted workspace)', '$(graph) Results']);
        connection.sendNotification(setTrustNotification, { trusted: true });
        await until(() => codeLensRefreshes > 0, 'a CodeLens refresh');
        const trusted = await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Array<{ command: { title: string; command: string; arguments: unknown[] } }>;
        expect(trusted[0]!.command).toMatchObject({ title: '$(play) Run', command: 'expspec.run', arguments: [{ uri, experiment: 'Tiny' }] });
    });

    it('runs a spec in a runner process: states, events, progress, the run folder with report.html', async () => {
        const uri = uriOf('tiny.expspec');
        const result = await connection.sendRequest(runExperimentRequest, { uri, experiment: 'Tiny', backend: 'wasm' });
        expect(result.status, result.error).toBe('completed');
        expect(result.backend?.name).toBe('wasm');
        expect(result.headline).toMatch(/^clusters: embed ari -?\d\.\d{3} ± \d\.\d{3}$/);
        expect(result.metrics?.['clusters']?.methods['embed']?.scores['ari']?.mean).toBeGreaterThanOrEqual(-1);
        expect(states.filter(s => s.experiment === 'Tiny').map(s => s.state)).toEqual(['queued', 'running', 'running', 'completed']);
        expect(states.at(-1)?.dir).toBe(result.dir);
        const epochs = events.filter(e => e.experiment === 'Tiny' && e.event.type === 'epoch');
        expect(epochs.length).toBeGreaterThanOrEqual(1);
        expect(progress[0]).toMatchObject({ kind: 'begin', cancellable: true });
        expect(progress.some(p => p.kind === 'report' && /epoch \d+\/3/.test(p.message ?? ''))).toBe(true);
        expect(progress.at(-1)?.kind).toBe('end');
        expect(result.dir!.startsWith(path.join(workspace, '.expspec', 'runs'))).toBe(true);
        const report = fs.readFileSync(path.join(result.dir!, 'report.html'), 'utf8');
        expect(report).toContain('Content-Security-Policy');
        expect(JSON.parse(fs.readFileSync(path.join(result.dir!, 'run.json'), 'utf8')).status).toBe('completed');
    });

    it('lists the run with its headline and opens it for the panels', async () => {
        const runs = await connection.sendRequest(listRunsRequest, { experiment: 'Tiny' });
        expect(runs).toHaveLength(1);
        expect(runs[0]).toMatchObject({ experiment: 'Tiny', status: 'completed', backend: 'wasm', specFile: 'tiny.expspec', seed: 3 });
        expect(runs[0]!.headline).toMatch(/^clusters: embed ari -?\d\.\d{3} ± \d\.\d{3}$/);
        const results = await connection.sendRequest(openRunRequest, { dir: runs[0]!.dir });
        expect(results.metrics?.['clusters']?.metrics).toEqual(['ari', 'purity', 'nmi', 'dasgupta']);
        expect(results.epochs.length).toBeGreaterThanOrEqual(1);
        expect(results.dendrograms.map(d => d.set)).toContain(1);
        expect(results.embeddings[0]?.space).toBe('poincare');
    });

    it('looks for native backends in the editor\'s storage and the workspace first', async () => {
        const uri = uriOf('tiny.expspec');
        const result = await connection.sendRequest(runExperimentRequest, { uri, experiment: 'Tiny', backend: 'tensorflow-gpu' });
        expect(result.status, result.error).toBe('completed');
        const backend = events.filter(e => e.experiment === 'Tiny' && e.event.type === 'backend').at(-1)!.event as { log: string[] };
        expect(backend.log).toContain(`tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed (looked in ${path.join(workspace, 'native-storage', 'node_modules')}, ${path.join(workspace, 'node_modules')}, the runtime's node_modules)`);
    });

    it('will not open folders outside the workspace', async () => {
        await expect(connection.sendRequest(openRunRequest, { dir: os.homedir() })).rejects.toThrow(/not a run folder of this workspace/);
    });

    it('refuses a spec with errors and says where', async () => {
        const uri = open('broken.expspec', 'experiment Broken { seed: 0 }\nmodel m = mlp(hiden: [3])\n');
        const result = await connection.sendRequest(runExperimentRequest, { uri, experiment: 'Broken' });
        expect(result.status).toBe('rejected');
        expect(result.error).toMatch(/1 error; nothing was run\nline 2: `mlp` has no parameter `hiden`/);
    });

    it('queues a second run of the same experiment and cancels both', async () => {
        const uri = open('slow.expspec', slow);
        const first = connection.sendRequest(runExperimentRequest, { uri, experiment: 'Slow', backend: 'wasm' });
        await until(() => events.some(e => e.experiment === 'Slow' && e.event.type === 'epoch'), 'the first epoch');
        const second = connection.sendRequest(runExperimentRequest, { uri, experiment: 'Slow', backend: 'wasm' });
        await until(() => states.filter(s => s.experiment === 'Slow' && s.state === 'queued').length === 2, 'the second run to queue');
        const listed = await connection.sendRequest(listRunsRequest, { experiment: 'Slow' });
        expect(listed.map(r => r.status).sort()).toEqual(['queued', 'running']);
        // CodeLens says Cancel while it runs.
        const lenses = await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Array<{ command: { title: string } }>;
        expect(lenses[0]!.command.title).toBe('$(debug-stop) Cancel');
        expect(await connection.sendRequest(cancelRunRequest, { uri, experiment: 'Slow' })).toBe(true);
        const [a, b] = await Promise.all([first, second]);
        expect(a.status).toBe('cancelled');
        expect(JSON.parse(fs.readFileSync(path.join(a.dir!, 'run.json'), 'utf8')).status).toBe('cancelled');
        expect(b).toMatchObject({ status: 'cancelled', error: 'cancelled before it started' });
        const after = await connection.sendRequest(listRunsRequest, { experiment: 'Slow' });
        expect(after.map(r => r.status)).toEqual(['cancelled']);
        expect(await connection.sendRequest(cancelRunRequest, { uri, experiment: 'Slow' })).toBe(false);
    }, 120_000);
});
