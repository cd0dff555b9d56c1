// `npm run test:vscode`: the packaged extension in a real VS Code (code-server), driven through
// Chromium like a user would. Each step is a named test with a screenshot in test-results/vscode/;
// the results go to test-results/vscode.json ({ passed, failed, steps }) for .ci/run's summary.
// Exit 0 only when every step passed.
//
//   npm run test:vscode                       all steps
//   npm run test:vscode -- diagnostics run    only the steps whose names are given
//   EXPSPEC_VSIX=file.vsix npm run test:vscode   test a ready .vsix (skips `npm run package`)
//
// The scratch folder (workspace copies, user data, extensions, logs) is made under the system temp
// folder, outside the repository, so the installed extension cannot resolve the repository's
// node_modules by accident; it is kept when a step fails (its path is printed) and removed otherwise.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installExtension, launchBrowser, openWorkbench, startCodeServer, tail } from './harness.mjs';
import { ROOT, ensureCodeServer, packageExtension } from './setup.mjs';
import { codeLens, codeLensTexts, messages, openFile, outputLog, problemRows, runCommand, runFolders, statusBarTexts, suggestions, until, webview } from './workbench.mjs';

const RESULTS = path.join(ROOT, 'test-results');
const SHOTS = path.join(RESULTS, 'vscode');
const EXPERIMENT = 'MoonsHierarchy';

// An unknown model component: the language server must flag it and name the closest registry entry.
const BROKEN_SPEC = `// Written by test/vscode/run.mjs: \`mlpp\` is no registry component.
experiment Broken { seed: 0 }

dataset moons = pointSets(source: moons(noise: 0.05), points: 50, labeled: 30%) {
  split: train 10, test 10
}

model embed = mlpp(hidden: [16], out: 2)
`;
const BROKEN_MESSAGE = 'Unknown layer or encoder `mlpp`';
/** The status bar's training progress, "… epoch 3/20 · loss …" (not the "training, 20 epochs" before the first epoch). */
const EPOCH = /epoch \d+\/\d+/;

/** Shows a tab of the Results panel (its tab headers carry data-tab; the header comes before its panel). */
async function tab(frame, name) {
    await frame.locator(`[data-tab="${name}"]`).first().click({ timeout: 30_000 })
        .catch(() => { throw new Error(`the Results panel has no "${name}" tab`); });
}

const log = (line) => console.log(line);

// ---- Steps --------------------------------------------------------------------------------------
// Each gets { page, workspace, shot(suffix) } and throws on failure. `shot` saves an extra screenshot;
// the runner always saves NN-<name>.png when the step ends, passed or failed.

const steps = [
    {
        name: 'diagnostics', timeoutMs: 90_000,
        description: 'a broken spec: the unknown component is squiggled and listed in Problems',
        async run({ page }) {
            await openFile(page, 'broken.expspec');
            await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 })
                .catch(() => { throw new Error('no error squiggle in broken.expspec within 60 s (is the language server up? see the expspec output)'); });
            const rows = await problemRows(page, BROKEN_MESSAGE);
            // Hover the squiggle so the screenshot shows the message in the editor too.
            const box = await page.locator('.squiggly-error').first().boundingBox();
            if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            await page.locator('.monaco-hover').filter({ hasText: 'mlpp' }).first().waitFor({ timeout: 10_000 }).catch(() => {});
            log(`   Problems: ${rows.join(' | ').replace(/\s+/g, ' ')}`);
            if (!rows.some(r => r.includes('did you mean `mlp`'))) throw new Error(`the Problems row does not suggest \`mlp\`: ${rows.join(' | ')}`);
        },
    },
    {
        name: 'completion', timeoutMs: 60_000,
        description: 'completion offers registry components for a model and for an objective',
        async run({ page, shot }) {
            await openFile(page, 'broken.expspec');
            await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
            await page.keyboard.press('Control+End');
            // The suggest list is virtualised (only the rows in view are in the page), so each expected
            // label is looked for after typing its first letters, as a user narrows the list.
            const offered = async (line, prefix, label) => {
                await page.keyboard.type(`\n${line}${prefix}`);
                const labels = await suggestions(page, label);
                log(`   "${line}${prefix}" offers: ${labels.join(', ')}`);
                if (!labels.includes(label)) throw new Error(`"${label}" is not offered after "${line}${prefix}" (offered: ${labels.join(', ')})`);
            };
            await offered('model m = ', 'ml', 'mlp');
            await shot('model');
            await page.keyboard.press('Escape');
            await offered('objective o = ', 'hy', 'hyphc');
            await page.keyboard.press('Escape');
            await offered('objective p = ', 'tri', 'triplet');
        },
    },
    {
        name: 'run', timeoutMs: 8 * 60_000,
        description: `Run ${EXPERIMENT} from its CodeLens; it completes and the Results panel shows the ARI table and the dendrogram`,
        async run({ page, workspace, shot }) {
            await runCommand(page, 'View: Hide Panel'); // the Problems panel from the steps before
            await openFile(page, 'hyphc-moons.expspec');
            const run = codeLens(page, 'Run');
            await run.first().waitFor({ timeout: 30_000 }).catch(async () => {
                throw new Error(`no "Run" CodeLens above experiment ${EXPERIMENT} (lenses: ${JSON.stringify(await codeLensTexts(page))})`);
            });
            const before = runFolders(workspace).length;
            await run.first().click();
            // Progress: the status bar names the experiment while it runs.
            const progress = await until(async () => (await statusBarTexts(page)).find(t => t.includes(EXPERIMENT)),
                { timeoutMs: 90_000, what: async () => `a status bar item naming ${EXPERIMENT} (status bar: ${JSON.stringify(await statusBarTexts(page))})` });
            log(`   status bar: ${progress}`);
            await until(async () => (await statusBarTexts(page)).some(t => EPOCH.test(t)), { timeoutMs: 120_000, what: 'epoch progress ("epoch N/M") in the status bar' });
            log(`   status bar: ${(await statusBarTexts(page)).find(t => EPOCH.test(t))}`);
            log(`   notifications: ${(await messages(page)).join(' | ') || '(none)'}`);
            await shot('progress');
            const finished = await until(() => {
                const runs = runFolders(workspace).slice(before);
                return runs.find(r => r.status && r.status !== 'running' && r.status !== 'queued');
            }, { timeoutMs: 6 * 60_000, intervalMs: 2000, what: async () => `the run of ${EXPERIMENT} to finish (run folders: ${JSON.stringify(runFolders(workspace).map(r => [r.name, r.status]))})` });
            log(`   run folder: ${finished.name}: ${finished.status}`);
            if (finished.status !== 'completed') throw new Error(`the run ended ${finished.status}: ${JSON.stringify(finished.run?.error ?? finished.run)}`);

            // The Results panel opens by itself when a run starts (setting expspec.showResultsOnRun); else open it from its lens.
            const resultsTab = page.locator('.tabs-container .tab', { hasText: `Results: ${EXPERIMENT}` });
            if (!await resultsTab.first().waitFor({ timeout: 5000 }).then(() => true, () => false)) {
                await openFile(page, 'hyphc-moons.expspec');
                await codeLens(page, 'Results').first().click();
            }
            await resultsTab.first().waitFor({ timeout: 30_000 });
            const frame = webview(page);
            await tab(frame, 'metrics');
            const ari = frame.locator('table.metrics-table td[data-method="embed"][data-metric="ari"]');
            await ari.first().waitFor({ timeout: 30_000 }).catch(() => { throw new Error('the Results panel has no metrics-table cell for embed × ari'); });
            const ariText = (await ari.first().innerText()).trim();
            log(`   Results: embed ARI ${ariText}`);
            const value = Number.parseFloat(ariText);
            if (!(value > 0.5 && value <= 1)) throw new Error(`embed's ARI cell reads "${ariText}", expected a number in (0.5, 1]`);
            await shot('results');
            await tab(frame, 'dendrogram');
            const dendrogram = frame.locator('svg.dendrogram');
            await dendrogram.first().waitFor({ timeout: 30_000 }).catch(() => { throw new Error('no svg.dendrogram after clicking the Dendrogram tab'); });
            const leavesAttr = Number(await dendrogram.first().getAttribute('data-leaves'));
            const leaves = await dendrogram.first().locator('.leaf').count();
            log(`   dendrogram: data-leaves=${leavesAttr}, ${leaves} .leaf elements`);
            if (!(leavesAttr > 1) || leaves < 2) throw new Error(`the dendrogram has data-leaves=${leavesAttr} and ${leaves} .leaf elements`);
        },
    },
    {
        name: 'cancel', timeoutMs: 4 * 60_000,
        description: `a second run of ${EXPERIMENT}, cancelled midway from its CodeLens, is marked cancelled in the Runs view`,
        async run({ page, workspace, shot }) {
            await openFile(page, 'hyphc-moons.expspec');
            const before = runFolders(workspace).map(r => r.name);
            await codeLens(page, 'Run').first().click({ timeout: 30_000 });
            // Midway: once it has trained an epoch (the status bar shows epoch progress).
            await until(async () => (await statusBarTexts(page)).some(t => t.includes(EXPERIMENT) && EPOCH.test(t)),
                { timeoutMs: 120_000, what: async () => `epoch progress for ${EXPERIMENT} in the status bar (status bar: ${JSON.stringify(await statusBarTexts(page))})` });
            const cancel = codeLens(page, 'Cancel');
            await cancel.first().waitFor({ timeout: 10_000 }).catch(async () => {
                throw new Error(`no "Cancel" CodeLens while ${EXPERIMENT} runs (lenses: ${JSON.stringify(await codeLensTexts(page))})`);
            });
            await shot('running');
            await cancel.first().click();
            const ended = await until(() => runFolders(workspace).find(r => !before.includes(r.name) && r.status && r.status !== 'running' && r.status !== 'queued'),
                { timeoutMs: 60_000, what: async () => `the cancelled run's run.json (run folders: ${JSON.stringify(runFolders(workspace).map(r => [r.name, r.status]))})` });
            log(`   run folder: ${ended.name}: ${ended.status}`);
            if (ended.status !== 'cancelled') throw new Error(`the run ended "${ended.status}", expected "cancelled"`);

            // The Runs view: the activity bar's "expspec" container.
            await page.locator('.activitybar .action-item a[aria-label^="expspec"], .activitybar .action-item [aria-label^="expspec"]').first().click()
                .catch(() => { throw new Error('no "expspec" container in the activity bar'); });
            const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Runs/i }) });
            const rows = view.locator('.monaco-list-row');
            await rows.first().waitFor({ timeout: 15_000 }).catch(() => { throw new Error('the Runs view shows no rows'); });
            // The run's node: its label starts with the run's time (the folder is named by it), its description says cancelled.
            const time = ended.name.match(/^(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)/);
            const cancelled = rows.filter({ hasText: 'cancelled' }).filter({ hasText: time ? `${time[1]}-${time[2]}-${time[3]} ${time[4]}:${time[5]}:${time[6]}` : '' });
            // The experiment's node is expanded by default, but the view may render it collapsed for a moment (or
            // re-render after the run's end refreshes it): expand it whenever it reads collapsed, until the run shows.
            await until(async () => {
                if (await cancelled.count() > 0) return true;
                const experimentRow = rows.filter({ hasText: EXPERIMENT }).first();
                if (await experimentRow.getAttribute('aria-expanded', { timeout: 2000 }).catch(() => null) === 'false') {
                    await experimentRow.click({ timeout: 2000 }).catch(() => { /* re-rendered under us: try again */ });
                }
                return false;
            }, { timeoutMs: 20_000, intervalMs: 1500, what: async () => `a run marked "cancelled" in the Runs view (rows: ${JSON.stringify(await rows.allInnerTexts())})` });
            log(`   Runs view: ${(await rows.allInnerTexts()).join(' | ').replace(/\s+/g, ' ')}`);
        },
    },
];

// Restricted mode needs a code-server with workspace trust on, so it runs on its own instance.
const restricted = {
    name: 'restricted', timeoutMs: 3 * 60_000,
    description: 'an untrusted folder (Restricted Mode): diagnostics still work, Run is refused with a message about trust',
    async run({ page, workspace, shot }) {
        // The trust prompt: decline.
        const noTrust = page.locator('.monaco-dialog-box a.monaco-button, .monaco-dialog-box .monaco-button', { hasText: /No, I don't trust|Don't Trust/i });
        await noTrust.first().click({ timeout: 30_000 }).catch(() => { throw new Error('no workspace trust prompt with a "No, I don\'t trust the authors" button'); });
        await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 15_000 })
            .catch(() => { throw new Error('the status bar does not say Restricted Mode after declining trust'); });
        await openFile(page, 'broken.expspec');
        await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 })
            .catch(() => { throw new Error('no error squiggle in Restricted Mode within 60 s'); });
        await problemRows(page, BROKEN_MESSAGE);
        await shot('diagnostic');

        await openFile(page, 'hyphc-moons.expspec');
        const lens = codeLens(page, 'Run');
        await lens.first().waitFor({ timeout: 30_000 }).catch(async () => {
            throw new Error(`no "Run" CodeLens in Restricted Mode (lenses: ${JSON.stringify(await codeLensTexts(page))})`);
        });
        const lensText = await lens.first().innerText();
        log(`   lens: ${lensText}`);
        if (!/trust/i.test(lensText)) throw new Error(`the Run lens reads "${lensText}": it should say it needs a trusted workspace`);
        await lens.first().click();
        const said = await until(async () => (await messages(page)).find(m => /trust/i.test(m)),
            { timeoutMs: 15_000, what: async () => `a message about trust after clicking Run (messages: ${JSON.stringify(await messages(page))})` });
        log(`   message: ${said}`);
        // …and the palette command is refused the same way, starting nothing.
        await runCommand(page, 'expspec: Run Experiment');
        await page.waitForTimeout(3000);
        if (runFolders(workspace).length) throw new Error(`a run started in Restricted Mode: ${runFolders(workspace).map(r => r.name).join(', ')}`);
    },
};

// ---- Runner -------------------------------------------------------------------------------------

function withTimeout(promise, ms, name) {
    let timer;
    return Promise.race([promise, new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`step "${name}" timed out after ${ms / 1000} s`)), ms);
    })]).finally(() => clearTimeout(timer));
}

function makeWorkspace(scratch, name) {
    const workspace = path.join(scratch, name);
    cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'broken.expspec'), BROKEN_SPEC);
    return workspace;
}

async function main(argv) {
    const only = argv.filter(a => !a.startsWith('-'));
    const all = [...steps, restricted];
    const unknown = only.filter(n => !all.some(s => s.name === n));
    if (unknown.length) { console.error(`test:vscode: unknown step(s) ${unknown.join(', ')}; steps: ${all.map(s => s.name).join(', ')}`); return 2; }
    const selected = (s) => !only.length || only.includes(s.name);

    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    const results = [];
    const record = (step, status, started, error) => {
        const seconds = (Date.now() - started) / 1000;
        results.push({ name: step.name, description: step.description, status, seconds, ...(error ? { error } : {}), screenshot: `test-results/vscode/${String(all.indexOf(step) + 1).padStart(2, '0')}-${step.name}.png` });
        console.log(`${status === 'passed' ? '✓' : '✗'} ${step.name} (${seconds.toFixed(1)} s)${error ? `\n   ${error.replace(/\n/g, '\n   ')}` : ''}`);
    };
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'expspec-vscode-'));
    log(`test:vscode: scratch folder ${scratch}`);
    const setupStarted = Date.now();
    const setup = { name: 'setup', description: 'install code-server, package and install the extension' };
    let browser;
    try {
        ensureCodeServer(log);
        installExtension({ scratch, vsix: packageExtension(log), log });
        browser = await launchBrowser();
    } catch (error) {
        all.unshift(setup);
        record(setup, 'failed', setupStarted, String(error?.stack ?? error));
    }

    async function session({ trusted, folder, list }) {
        if (!browser || !list.length) return;
        const workspace = makeWorkspace(scratch, folder);
        let server, page;
        try {
            server = await startCodeServer({ scratch, trusted, log, name: `code-server-${folder}` });
            page = await openWorkbench(browser, server, workspace);
        } catch (error) {
            for (const step of list) record(step, 'failed', Date.now(), `code-server did not start: ${error.message}\n${server ? tail(server.logFile) : ''}`);
            await server?.stop();
            return;
        }
        for (const step of list) {
            const started = Date.now();
            const number = String(all.indexOf(step) + 1).padStart(2, '0');
            const shot = (suffix) => page.screenshot({ path: path.join(SHOTS, `${number}-${step.name}-${suffix}.png`) }).catch(() => {});
            console.log(`… ${step.name}: ${step.description}`);
            try {
                await withTimeout(step.run({ page, workspace, shot }), step.timeoutMs, step.name);
                await page.screenshot({ path: path.join(SHOTS, `${number}-${step.name}.png`) });
                record(step, 'passed', started);
            } catch (error) {
                await page.screenshot({ path: path.join(SHOTS, `${number}-${step.name}.png`) }).catch(() => {});
                record(step, 'failed', started, error?.message ?? String(error));
                await page.keyboard.press('Escape').catch(() => {});
            }
        }
        writeFileSync(path.join(SHOTS, `expspec-output-${folder}.log`), outputLog(scratch));
        await page.context().close().catch(() => {});
        await server.stop();
        copyFileSync(server.logFile, path.join(SHOTS, path.basename(server.logFile)));
    }

    try {
        await session({ trusted: true, folder: 'workspace', list: steps.filter(selected) });
        await session({ trusted: false, folder: 'untrusted', list: [restricted].filter(selected) });
    } finally {
        await browser?.close().catch(() => {});
    }

    const passed = results.filter(r => r.status === 'passed').length;
    const failed = results.length - passed;
    writeFileSync(path.join(RESULTS, 'vscode.json'), `${JSON.stringify({ passed, failed, steps: results }, null, 2)}\n`);
    console.log(`test:vscode: ${passed} passed, ${failed} failed (screenshots in test-results/vscode/)`);
    if (failed) console.log(`test:vscode: scratch folder kept for inspection: ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
    return failed || !results.length ? 1 : 0;
}

// A last guard against a hang the step timeouts miss: exiting kills code-server's process groups (harness.mjs).
setTimeout(() => { console.error('test:vscode: gave up after 25 minutes'); process.exit(1); }, 25 * 60_000).unref();
process.exit(await main(process.argv.slice(2)));
