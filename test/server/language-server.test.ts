// The language server over stdio, as an editor talks to it: diagnostics are published, requests
// are answered, and malformed input never takes the process down.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { repoRoot } from '../language/services.js';

let server: ChildProcess;
let connection: MessageConnection;
const diagnostics = new Map<string, Array<{ message: string }>>();
const waiters: Array<() => void> = [];

beforeAll(async () => {
    server = spawn(process.execPath, [path.join(repoRoot, 'out/server/main.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Array<{ message: string }> }) => {
        diagnostics.set(params.uri, params.diagnostics);
        waiters.splice(0).forEach(resolve => resolve());
    });
    connection.onRequest(() => null);   // workspace/configuration, client/registerCapability, ...
    connection.listen();
    await connection.sendRequest('initialize', {
        processId: process.pid, rootUri: `file://${repoRoot}`, workspaceFolders: [{ uri: `file://${repoRoot}`, name: 'repo' }],
        capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } },
    });
    connection.sendNotification('initialized', {});
});

afterAll(async () => {
    await connection.sendRequest('shutdown').catch(() => undefined);
    connection.sendNotification('exit');
    connection.dispose();
    server.kill();
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error('timed out waiting for diagnostics');
        await new Promise<void>(resolve => { waiters.push(resolve); setTimeout(resolve, 200); });
    }
}

async function open(name: string, text: string): Promise<Array<{ message: string }>> {
    const uri = `file://${path.join(repoRoot, 'examples', name)}`;
    diagnostics.delete(uri);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'expspec', version: 1, text } });
    const deadline = Date.now() + 20_000;
    while (!diagnostics.has(uri) && Date.now() < deadline) await new Promise<void>(resolve => { waiters.push(resolve); setTimeout(resolve, 200); });
    return diagnostics.get(uri) ?? [];
}

describe('language server over stdio', () => {
    it('publishes the validator\'s diagnostics', async () => {
        const found = await open('lsp-a.expspec', 'experiment E { seed: 0 }\nmodel m = mlp(hiden: [3])');
        expect(found.map(d => d.message)).toContain('`mlp` has no parameter `hiden`; did you mean `hidden`?');
    });

    it('answers hover with the component\'s doc', async () => {
        const uri = `file://${path.join(repoRoot, 'examples', 'lsp-b.expspec')}`;
        await open('lsp-b.expspec', 'objective h = hyphc(temperature: 0.1)');
        const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 16 } }) as { contents: { value: string } };
        expect(hover.contents.value).toMatch(/\*\*hyphc\*\* · objective/);
    });

    it('validates again when a CSV header changes', async () => {
        const folder = fs.mkdtempSync(path.join(repoRoot, 'test/fixtures/tmp-lsp-'));
        try {
            const csv = path.join(folder, 'rows.csv');
            fs.writeFileSync(csv, 'a,b,kinds\n1,2,x\n');   // same size as the new header below
            const uri = `file://${path.join(folder, 'spec.expspec')}`;
            diagnostics.delete(uri);
            connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'expspec', version: 1, text: 'experiment E { seed: 0 }\ndataset d = csv("rows.csv") { label: label }' } });
            await until(() => diagnostics.get(uri)?.some(d => /Column `label` is not in the file's header/.test(d.message)) ?? false);
            fs.writeFileSync(csv, 'a,b,label\n1,2,x\n');
            diagnostics.delete(uri);
            connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${csv}`, type: 2 }] });
            await until(() => diagnostics.get(uri)?.length === 0);
            expect(diagnostics.get(uri)).toEqual([]);
        } finally {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });

    it('survives garbage and keeps answering', async () => {
        const garbage = '\u0000\u0001 experiment { { [[ ( model = = then .. step 1e999999 "unterminated';
        const found = await open('lsp-c.expspec', garbage);
        expect(found.length).toBeGreaterThan(0);
        expect(server.exitCode).toBeNull();
        const again = await open('lsp-d.expspec', 'experiment E { seed: 0 }');
        expect(again).toEqual([]);
    });
});
