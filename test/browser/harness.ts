// Shared by the browser tests and the render benchmark: headless Debian Chromium through playwright-core,
// the panel loaded as report.html (file://) or as a VS Code webview (the same HTML from panelHtml, served on a
// fake origin, with a stub `acquireVsCodeApi` that records what the panel posts and keeps its state in
// localStorage, so a reload restores it as VS Code does), and every console error, page error and CSP
// violation collected.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import { panelHtml } from '../../server/report/panel-html.js';
import type { HostToPanel, PanelToHost } from '../../server/protocol.js';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE_DIR = path.join(REPO, 'out', 'webviews');
export const SCREENSHOTS = path.join(REPO, 'test-results', 'screenshots');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'results');

/** Fails (never skips) with what to install when Chromium or the bundle is missing. */
export async function launchBrowser(): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM)) {
        throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install chromium`);
    }
    if (!fs.existsSync(path.join(BUNDLE_DIR, 'panel.js'))) {
        throw new Error(`The browser tests need the panel bundle ${BUNDLE_DIR}/panel.js: run \`npm run build\``);
    }
    return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Console errors, uncaught exceptions and CSP violations of a page. */
export function watchProblems(page: Page): string[] {
    const problems: string[] = [];
    page.on('console', message => {
        if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', error => problems.push(`page error: ${error.message}`));
    return problems;
}

/** Records `securitypolicyviolation` events (the page's own report of what the CSP blocked). */
const VIOLATION_RECORDER = `
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
`;

export async function violations(page: Page): Promise<string[]> {
    return page.evaluate<string[]>('window.__violations');
}

export async function openReport(browser: Browser, reportFile: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: options.colorScheme ?? 'light', acceptDownloads: true });
    const problems = watchProblems(page);
    await page.addInitScript(VIOLATION_RECORDER);
    await page.goto(`file://${reportFile}`);
    return { page, problems };
}

const ORIGIN = 'https://webview.expspec.test';

/** A page as a VS Code webview shows the panel; `deliver` answers the panel's `ready` with a message. */
export async function openWebview(browser: Browser, options: { bodyClass?: string } = {}): Promise<{ page: Page; problems: string[]; deliver: (message: HostToPanel) => Promise<void>; posted: () => Promise<PanelToHost[]> }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const html = panelHtml({ scriptUri: `${ORIGIN}/panel.js`, styleUri: `${ORIGIN}/panel.css`, cspSource: ORIGIN, nonce: 'dGVzdC1ub25jZQ==' })
        .replace('<body>', `<body class="${options.bodyClass ?? 'vscode-light'}">`);
    await context.route(`${ORIGIN}/**`, route => {
        const name = new URL(route.request().url()).pathname.slice(1);
        if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: html });
        if (name === 'panel.js' || name === 'panel.css') {
            return route.fulfill({ contentType: name.endsWith('.js') ? 'text/javascript' : 'text/css', body: fs.readFileSync(path.join(BUNDLE_DIR, name)) });
        }
        return route.fulfill({ status: 404, body: '' });
    });
    await page.addInitScript(`${VIOLATION_RECORDER}
window.__posted = [];
window.acquireVsCodeApi = () => ({
    postMessage: message => window.__posted.push(message),
    getState: () => JSON.parse(localStorage.getItem('expspec-state') ?? 'null') ?? undefined,
    setState: state => localStorage.setItem('expspec-state', JSON.stringify(state)),
});`);
    await page.goto(`${ORIGIN}/index.html`);
    const posted = () => page.evaluate<PanelToHost[]>('window.__posted');
    const deliver = async (message: HostToPanel) => {
        await waitFor(page, "window.__posted.some(m => m.type === 'ready')");
        await postToPanel(page, message);
    };
    return { page, problems, deliver, posted };
}

// The functions below run in the page; they are strings because the repository's typecheck has no DOM types.

/** What the extension host does: `webview.postMessage(message)`. */
export async function postToPanel(page: Page, message: HostToPanel): Promise<void> {
    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
}

/**
 * Waits until an expression is true in the page. Polled from here with `evaluate` (DevTools evaluation, which
 * the page's CSP does not govern): Playwright's waitForFunction compiles its predicate with `new Function`,
 * which the panel's CSP (no 'unsafe-eval') rightly refuses.
 */
export async function waitFor(page: Page, expression: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
        await new Promise(resolve => setTimeout(resolve, 15));
    }
}

/** Waits for the panel to announce that `view` has drawn (after a frame). */
export async function waitRendered(page: Page, view: string): Promise<void> {
    await waitFor(page, `document.body.dataset.rendered === ${JSON.stringify(view)}`);
}

/** Clears the rendered mark, so the next `waitRendered` waits for a new drawing. */
export async function clearRendered(page: Page): Promise<void> {
    await page.evaluate('delete document.body.dataset.rendered');
}

export async function screenshot(page: Page, name: string): Promise<void> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** report.html: clicks, and returns the `count` files the page downloads (name, text, bytes). */
export async function download(page: Page, click: () => Promise<void>, count = 1): Promise<Array<{ name: string; text: string; bytes: Buffer }>> {
    const downloads: Download[] = [];
    const done = new Promise<void>(resolve => page.on('download', d => { downloads.push(d); if (downloads.length === count) resolve(); }));
    await click();
    await done;
    return Promise.all(downloads.map(async d => {
        const bytes = fs.readFileSync(await d.path());
        return { name: d.suggestedFilename(), text: bytes.toString('utf8'), bytes };
    }));
}

/** report.html: switches the browser to the dark scheme and waits until the page follows it and `view` has redrawn. */
export async function goDark(page: Page, view: string): Promise<void> {
    await clearRendered(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await waitRendered(page, view);
    await waitFor(page, "document.body.classList.contains('vscode-dark')", 1000);
}

/** Copies a fixture run folder to a temporary place (tests write report.html into it). */
export function copyFixture(name: string, into: string): string {
    const dir = path.join(into, `20261122-220722-${name}`);
    fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    return dir;
}

/** Sets a control's value as a user would (vscode-single-select, vscode-textfield) and fires its `change`. */
export async function setControl(page: Page, selector: string, value: string): Promise<void> {
    await page.evaluate(`(() => {
        const control = document.querySelector(${JSON.stringify(selector)});
        if (!control) throw new Error('no control ' + ${JSON.stringify(selector)});
        control.value = ${JSON.stringify(value)};
        control.dispatchEvent(new Event('change'));
    })()`);
}

/** Clicks a view's tab and waits for the view to draw. */
export async function showTab(page: Page, tab: string): Promise<void> {
    await clearRendered(page);
    await page.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
    await waitRendered(page, tab);
}
