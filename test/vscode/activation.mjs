// Activation time of the packaged extension in code-server, one cold start per sample: a fresh
// code-server (a new extension host), the workbench loaded in Chromium, then a spec opened. Each
// sample reads the client's own figures from its "expspec" output channel ("activated in N ms",
// "language server ready in N ms", timed from the start of activate()) and times, in the page, from
// the spec's editor showing to its first diagnostic (activation + server start + validation + render).
// Used by bench/activation.ts; the steps reuse test/vscode's harness.
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installExtension, launchBrowser, openWorkbench, startCodeServer } from './harness.mjs';
import { CODE_SERVER_PACKAGE, ROOT, ensureCodeServer, packageExtension } from './setup.mjs';
import { openFile, outputLog, until } from './workbench.mjs';

const SPEC = 'experiment Broken { seed: 0 }\n\nmodel embed = mlpp(hidden: [16], out: 2)\n';

/** @returns {Promise<{ activate: number[], serverReady: number[], firstDiagnostic: number[], notes: string[] }>} */
export async function measureActivation({ samples = 3, log = console.log } = {}) {
    ensureCodeServer(log);
    const vsix = packageExtension(log);
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'expspec-activation-'));
    const workspace = path.join(scratch, 'workspace');
    cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'broken.expspec'), SPEC);
    installExtension({ scratch, vsix, log });
    const result = { activate: [], serverReady: [], firstDiagnostic: [], notes: [] };
    const browser = await launchBrowser();
    try {
        for (let i = 0; i < samples; i++) {
            const server = await startCodeServer({ scratch, log: () => {}, name: `code-server-${i}` });
            try {
                const page = await openWorkbench(browser, server, workspace);
                // Timed from the editor showing the spec (Quick Open's file search is not the extension's time).
                await openFile(page, 'broken.expspec');
                const started = performance.now();
                await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
                const firstDiagnostic = performance.now() - started;
                // The newest logs folder is this server's (each start makes one, named by the second).
                const figures = await until(() => {
                    const text = outputLog(scratch);
                    const activate = text.match(/activated in (\d+) ms/);
                    const ready = text.match(/language server ready in (\d+) ms/);
                    return activate && ready ? { activate: Number(activate[1]), ready: Number(ready[1]) } : undefined;
                }, { timeoutMs: 15_000, intervalMs: 250, what: 'the "activated in" and "language server ready in" lines in the expspec output' });
                result.activate.push(figures.activate);
                result.serverReady.push(figures.ready);
                result.firstDiagnostic.push(firstDiagnostic);
                log(`sample ${i + 1}: activated in ${figures.activate} ms, server ready in ${figures.ready} ms, editor shown → first diagnostic ${firstDiagnostic.toFixed(0)} ms`);
                await page.context().close();
            } finally {
                await server.stop();
            }
            // A new logs folder is named by the second: make sure the next server's is newer.
            await new Promise(r => setTimeout(r, 1100));
        }
    } finally {
        await browser.close();
        rmSync(scratch, { recursive: true, force: true });
    }
    result.notes.push(`${CODE_SERVER_PACKAGE} (VS Code 1.139.1), a cold extension host per sample; "editor shown → first diagnostic" is timed in the page`);
    return result;
}
