// Starts and stops code-server (the real VS Code, served to a browser) with the packaged extension,
// and opens it in Debian's Chromium through playwright-core. Shared by test/vscode/run.mjs and
// bench/activation.ts.
//
// Everything code-server writes (user data, extensions, XDG config/data/cache, TMPDIR) lives in one
// scratch folder, and it runs in its own process group (spawn's `detached` is setsid), so stop()
// and an exiting test process can kill it together with its extension host and language server.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { constants } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureCodeServer } from './setup.mjs';

/** Process groups still running: killed when this process exits for any reason. */
const running = new Set();
function killGroup(pid, signal = 'SIGKILL') {
    try { process.kill(-pid, signal); } catch { /* already gone */ }
}
process.on('exit', () => { for (const pid of running) killGroup(pid); });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => { for (const pid of running) killGroup(pid); process.exit(128 + constants.signals[signal]); });
}

/** User settings that keep the workbench quiet and deterministic (no welcome page, tips or AI panels). */
const SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'security.workspace.trust.startupPrompt': 'always',
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** Environment confining code-server's files to the scratch folder. */
function scratchEnv(scratch) {
    const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', TMPDIR: 'tmp' };
    const env = { ...process.env };
    for (const [name, dir] of Object.entries(dirs)) {
        env[name] = path.join(scratch, dir);
        mkdirSync(env[name], { recursive: true });
    }
    // The repository's npm scripts put Node 22 on PATH; code-server runs on its own Node 24 instead.
    delete env.NODE_OPTIONS;
    return env;
}

/** Installs the .vsix into the scratch folder's extensions dir (once per scratch folder). */
export function installExtension({ scratch, vsix, log = console.log }) {
    const { node, entry } = ensureCodeServer(log);
    const started = Date.now();
    const out = execFileSync(node, [entry, '--extensions-dir', path.join(scratch, 'extensions'), '--user-data-dir', path.join(scratch, 'user-data'),
        '--install-extension', vsix, '--force'], { env: scratchEnv(scratch), encoding: 'utf8', timeout: 120_000 });
    log(`code-server: ${out.trim().split('\n').pop()} (${Date.now() - started} ms)`);
}

async function waitForHealth(url, child, logFile, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
        try {
            const response = await fetch(`${url}/healthz`);
            if (response.ok) return;
        } catch { /* not listening yet */ }
        await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * Starts code-server on 127.0.0.1 (a free port) with the scratch folder's extensions.
 * `trusted: false` leaves workspace trust on, so an untrusted folder opens in Restricted Mode.
 */
export async function startCodeServer({ scratch, trusted = true, log = console.log, name = 'code-server' }) {
    const { node, entry } = ensureCodeServer(log);
    const userData = path.join(scratch, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify(SETTINGS, null, 2));
    const port = await freePort();
    const args = [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
        '--extensions-dir', path.join(scratch, 'extensions'), '--user-data-dir', userData,
        // No `--vscode-option enable-smoke-test-driver` (the recipe's): with it VS Code shows no notification
        // toasts, and the run's progress notification and the restricted-mode refusal are toasts.
        ...(trusted ? ['--disable-workspace-trust'] : [])];
    const logFile = path.join(scratch, `${name}.log`);
    writeFileSync(logFile, `$ ${node} ${args.join(' ')}\n`);
    const child = spawn(node, args, { env: scratchEnv(scratch), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child.pid);
    child.stdout.on('data', d => appendFileSync(logFile, d));
    child.stderr.on('data', d => appendFileSync(logFile, d));
    const url = `http://127.0.0.1:${port}`;
    const server = {
        url, port, pid: child.pid, logFile,
        async stop() {
            if (!running.has(child.pid)) return;
            running.delete(child.pid);
            killGroup(child.pid, 'SIGTERM');
            const exited = child.exitCode !== null || await Promise.race([
                new Promise(r => child.once('exit', () => r(true))),
                new Promise(r => setTimeout(() => r(false), 5000)),
            ]);
            killGroup(child.pid, 'SIGKILL'); // the extension host and language server too, even if the parent went first
            if (!exited) log(`${name}: did not exit on SIGTERM; killed`);
        },
    };
    try {
        await waitForHealth(url, child, logFile, 60_000);
    } catch (error) {
        await server.stop();
        throw error;
    }
    log(`${name}: ${url} (pid ${child.pid}, ${trusted ? 'workspace trust off' : 'workspace trust on'})`);
    return server;
}

export async function launchBrowser() {
    return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}

/** A page with the workbench on `folder`, loaded (the editor area is there). */
export async function openWorkbench(browser, server, folder, { timeoutMs = 60_000 } = {}) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: timeoutMs });
    return page;
}

/** The tail of a log file, for error messages. */
export function tail(file, lines = 20) {
    try { return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return ''; }
}
