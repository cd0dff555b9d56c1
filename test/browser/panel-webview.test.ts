// The result panel as a VS Code webview: the HTML from panelHtml under its CSP, a stub acquireVsCodeApi (what
// the panel posts is recorded; its state survives a reload as VS Code keeps it), the host's messages (results,
// live epochs, run ended), exports posted to the host, the compare view, and the CSP itself.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelState, PanelToHost, RunResults } from '../../server/protocol.js';
import { loadRunResults } from '../../server/report/run-results.js';
import { clearRendered, copyFixture, FIXTURES, openWebview, postToPanel, screenshot, setControl, showTab, violations, waitFor, waitRendered } from './harness.js';
import { panelSession } from './session.js';

const session = panelSession();
let tmp: string;
let run: RunResults;
let earlier: RunResults;

beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-webview-'));
    run = loadRunResults(copyFixture('moons-run', tmp));
    earlier = loadRunResults(copyFixture('moons-run-earlier', path.join(tmp, 'earlier')));
}, 60_000);

afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
});

async function webview(bodyClass = 'vscode-light') {
    return session.keep(await openWebview(session.browser(), { bodyClass }));
}

const exports = (posted: PanelToHost[]) => posted.filter((m): m is Extract<PanelToHost, { type: 'export' }> => m.type === 'export');

describe('VS Code webview', () => {
    it('says ready, draws the results it is sent, posts exports to the host', async () => {
        const { page, deliver, posted } = await webview();
        await deliver({ type: 'results', runs: [run], kind: 'results' });
        await waitRendered(page, 'metrics');
        expect((await posted())[0]).toEqual({ type: 'ready' });
        await expect(page.locator('td[data-method="embed"][data-metric="ari"]').textContent()).resolves.toBe('0.983 ± 0.052');

        await page.locator('.metrics-view vscode-button[data-action="CSV"]').click();
        await showTab(page, 'dendrogram');
        await page.locator('vscode-button[data-action="Newick"]').click();
        await page.locator('.dendrogram-view vscode-button[data-action="PNG"]').click();
        await waitFor(page, "window.__posted.filter(m => m.type === 'export').length === 3");
        const [csv, nwk, png] = exports(await posted());
        expect(csv).toMatchObject({ type: 'export', fileName: `${run.id}-clusters.metrics.csv` });
        expect(csv!.base64).toBeUndefined();
        expect(csv!.data.split('\r\n')[0]).toMatch(/^evaluation,method,kind,ari_mean/);
        expect(nwk).toEqual({ type: 'export', fileName: `${run.id}-clusters-set0-embed.nwk`, data: fs.readFileSync(path.join(FIXTURES, 'moons-run', 'clusters.set0.embed.nwk'), 'utf8') });
        expect(png).toMatchObject({ fileName: `${run.id}-clusters-set0-embed.png`, base64: true });
        expect(Buffer.from(png!.data, 'base64').subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    }, 60_000);

    it('keeps its state (tab, sort, cut k) through setState and restores it after a reload', async () => {
        const { page, deliver, posted } = await webview();
        const results = { type: 'results' as const, runs: [run], kind: 'results' as const };
        await deliver(results);
        await waitRendered(page, 'metrics');
        await page.locator('th[data-metric="purity"]').click();
        await showTab(page, 'dendrogram');
        await clearRendered(page);
        await setControl(page, '.cut-k', '6');
        await waitRendered(page, 'dendrogram');
        const states = (await posted()).filter((m): m is Extract<PanelToHost, { type: 'state' }> => m.type === 'state');
        const last = states[states.length - 1]!.state;
        expect(last).toMatchObject({ kind: 'results', dirs: [run.dir], tab: 'dendrogram' });
        expect(last.view).toMatchObject({ metrics: { sort: { clusters: { column: 'purity', descending: true } } }, dendrogram: { k: 6 } });
        expect(JSON.parse((await page.evaluate<string>("localStorage.getItem('expspec-state')"))) as PanelState).toEqual(last);

        // VS Code reloads a hidden webview; the panel gets its state back from getState().
        await page.reload();
        await deliver(results);
        await waitRendered(page, 'dendrogram');
        await expect(page.locator('svg.dendrogram').getAttribute('data-clusters')).resolves.toBe('6');
        await expect(page.locator('.cut-k').getAttribute('value')).resolves.toBe('6');
        await showTab(page, 'metrics');
        await expect(page.locator('th[data-metric="purity"]').getAttribute('aria-sort')).resolves.toBe('descending');
    }, 60_000);

    it('grows the curves with live epochs and shows the end of the run', async () => {
        const { page, deliver } = await webview('vscode-dark');
        const live: RunResults = { ...run, status: 'running', metrics: null, embeddings: [], dendrograms: [], epochs: run.epochs.slice(0, 3), endTime: undefined };
        await deliver({ type: 'results', runs: [live], kind: 'results', live: true });
        await waitRendered(page, 'curves');
        await expect(page.locator('[data-fact="status"] b').textContent()).resolves.toBe('running (live)');
        const loss = page.locator('.curves-chart[data-quantity="loss"]');
        await expect(loss.getAttribute('data-points')).resolves.toBe('9');
        for (const point of run.epochs.slice(3, 8)) {
            await clearRendered(page);
            await postToPanel(page, { type: 'epoch', dir: run.dir, point });
            await waitRendered(page, 'curves');
        }
        await expect(loss.getAttribute('data-points')).resolves.toBe(String(3 * 8));
        await expect(page.locator('.curves-chart[data-quantity="validation"]').getAttribute('data-points')).resolves.toBe('8');
        await postToPanel(page, { type: 'runEnded', dir: run.dir, status: 'completed' });
        await waitFor(page, `document.querySelector('[data-fact="status"] b').textContent === 'completed'`);
        await screenshot(page, 'curves-live-dark');
    }, 60_000);

    it('opens on the tab the host asks for, and follows VS Code\'s theme switch', async () => {
        const { page, deliver } = await webview('vscode-light');
        await deliver({ type: 'results', runs: [run], kind: 'results', tab: 'embedding' });
        await waitRendered(page, 'embedding');
        const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
        expect(await background()).toBe('rgb(255, 255, 255)');
        await clearRendered(page);
        // VS Code swaps the body class and the --vscode-* variables together.
        await page.evaluate(`document.body.style.setProperty('--vscode-editor-background', '#1f1f1f'); document.body.className = 'vscode-dark'`);
        await waitRendered(page, 'embedding');
        expect(await background()).toBe('rgb(31, 31, 31)');
        await screenshot(page, 'embedding-webview-dark');
    }, 60_000);

    it('compare: one table of runs × metrics with the change, and their curves overlaid', async () => {
        for (const scheme of ['light', 'dark'] as const) {
            const { page, deliver } = await webview(`vscode-${scheme}`);
            await deliver({ type: 'results', runs: [earlier, run], kind: 'compare' });
            await waitRendered(page, 'compare');
            const table = page.locator('table.compare-table');
            expect(await table.locator('tbody tr').count()).toBe(5);
            const row = table.locator('tbody tr[data-method="embed"]');
            const ari = (r: RunResults) => r.metrics!.clusters!.methods.embed!.scores.ari!;
            await expect(row.locator('td[data-metric="ari"][data-run="0"]').textContent()).resolves.toBe(`${ari(earlier).mean.toFixed(3)} ± ${ari(earlier).sd.toFixed(3)}`);
            await expect(row.locator('td[data-metric="ari"][data-run="1"]').textContent()).resolves.toBe(`${ari(run).mean.toFixed(3)} ± ${ari(run).sd.toFixed(3)}`);
            const delta = ari(run).mean - ari(earlier).mean;
            await expect(row.locator('td.delta[data-metric="ari"]').textContent()).resolves.toBe(`${delta > 0 ? '+' : ''}${delta.toFixed(3)}`);
            expect(await page.locator('.run-header').count()).toBe(2);
            await expect(page.locator('.curves-chart[data-quantity="loss"]').getAttribute('data-series')).resolves.toBe('6');
            await expect(page.locator('.curves-chart[data-quantity="loss"]').getAttribute('data-points')).resolves.toBe(String(3 * (run.epochs.length + earlier.epochs.length)));
            await screenshot(page, `compare-${scheme}`);
        }
    }, 60_000);

    it('runs under the strict CSP, and the CSP check sees a violation when there is one', async () => {
        const { page, deliver, problems } = await webview();
        await deliver({ type: 'results', runs: [run], kind: 'results' });
        await waitRendered(page, 'metrics');
        for (const tab of ['embedding', 'dendrogram', 'curves']) await showTab(page, tab);
        expect(await violations(page)).toEqual([]);
        // An inline style attribute and an inline script: both refused (so the empty list above means something).
        await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<div id="probe" style="color: red"></div>');
            const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s);`);
        await waitFor(page, 'window.__violations.length >= 2');
        expect(await page.evaluate<boolean>('window.__ran === true')).toBe(false);
        expect((await violations(page)).map(v => v.split(' ')[0]).sort()).toEqual(['script-src-elem', 'style-src-attr']);
        // Chromium also logs the refusals as console errors: expected here, so not counted against the page.
        await new Promise(resolve => setTimeout(resolve, 100));
        await page.evaluate('window.__violations.length = 0');
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.every(p => /Content Security Policy/.test(p))).toBe(true);
        problems.splice(0);
    }, 60_000);
});
