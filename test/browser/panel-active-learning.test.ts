// The Active learning tab (the ALLG paper's Figure 3 and Table 2) from the ALLG fixture run: in report.html (a
// line per method, switching classifier and features, the table's cells, best per column, the paper column,
// sorting, CSV/PNG/SVG downloads, light and dark) and in the VS Code webview (exports posted to the host, the
// choice kept through a reload); the embedding coloured by the selected points; no tab for a run without it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveLearningArtefact, ActiveLearningCurve, PanelToHost, RunResults } from '../../server/protocol.js';
import { loadRunResults } from '../../server/report/run-results.js';
import { writeReport } from '../../server/report/write-report.js';
import { clearRendered, copyFixture, download, goDark, openReport, openWebview, screenshot, setControl, showTab, waitFor, waitRendered } from './harness.js';
import { panelSession } from './session.js';

const session = panelSession();
let tmp: string;
let report: string;
let run: RunResults;
let artefact: ActiveLearningArtefact;

beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-queries-'));
    const dir = copyFixture('allg-run', tmp);
    report = writeReport(dir);
    run = loadRunResults(dir);
    artefact = run.activeLearning[0]!;
}, 60_000);

afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
});

const METHODS = ['allg', 'dualNet', 'kmeansSelection', 'randomSelection'];
const cell = (mean: number, sd: number) => `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
const curve = (method: string, classifier: string, features: string): ActiveLearningCurve =>
    artefact.curves.find(c => c.method === method && c.classifier === classifier && c.features === features)!;

async function openQueries(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const { page } = session.keep(await openReport(session.browser(), report, { colorScheme }));
    await waitRendered(page, 'metrics');
    await showTab(page, 'queries');
    return page;
}

async function change(page: Page, selector: string, value: string): Promise<void> {
    await clearRendered(page);
    await setControl(page, selector, value);
    await waitRendered(page, 'queries');
}

/** Every cell of the table against the fixture's numbers for one classifier and feature set. */
async function expectTable(page: Page, classifier: string, features: string): Promise<void> {
    const table = page.locator('table.queries-table');
    await expect(table.getAttribute('data-classifier')).resolves.toBe(classifier);
    await expect(table.getAttribute('data-features')).resolves.toBe(features);
    expect(await table.locator('tbody td[data-queries], tbody td[data-column="average"]').count()).toBe(METHODS.length * (artefact.queries.length + 1));
    const texts = await table.locator('tbody tr').evaluateAll(rows => Object.fromEntries(rows.map(r => [r.getAttribute('data-method'),
        [...r.querySelectorAll('td[data-queries], td[data-column="average"]')].map(td => td.textContent)])));
    expect(texts).toEqual(Object.fromEntries(METHODS.map(m => {
        const c = curve(m, classifier, features);
        return [m, [...c.mean.map((mean, i) => cell(mean, c.sd[i]!)), cell(c.average.mean, c.average.sd)]];
    })));
    // The best (highest mean) per column in bold.
    for (const [i, q] of artefact.queries.entries()) {
        const best = METHODS.reduce((a, b) => (curve(b, classifier, features).mean[i]! > curve(a, classifier, features).mean[i]! ? b : a));
        expect(await table.locator(`td.best[data-queries="${q}"]`).evaluateAll(tds => tds.map(td => td.getAttribute('data-method')))).toEqual([best]);
    }
    const bestAverage = METHODS.reduce((a, b) => (curve(b, classifier, features).average.mean > curve(a, classifier, features).average.mean ? b : a));
    await expect(table.locator('td.best[data-column="average"]').getAttribute('data-method')).resolves.toBe(bestAverage);
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('table.queries-table td.best[data-column="average"]')).fontWeight`)).toBe('700');
}

/** Hovers the chart's middle and reads its tooltip: the query size, then `method: mean ± sd` per line. */
async function tooltipAt(page: Page, fraction = 0.5): Promise<string[]> {
    const chart = page.locator('.queries-chart');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + 1);
    await page.mouse.move(box.x + 60 + (box.width - 230) * fraction, box.y + box.height / 2);
    const tooltip = chart.locator('div').filter({ hasText: /^\d+ queries/ }).last();
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    return (await tooltip.innerText()).split('\n');
}

/** Moves the mouse off the chart and waits for the tooltip to go (before a screenshot). */
async function hideTooltip(page: Page): Promise<void> {
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.queries-chart div').filter({ hasText: /^\d+ queries/ }).evaluateAll(ds => ds.some(d => d.checkVisibility({ opacityProperty: true })))).toBe(false);
}

function expectedTooltip(lines: string[], classifier: string, features: string): string[] {
    const q = Number(/^(\d+) queries$/.exec(lines[0]!)![1]);
    const i = artefact.queries.indexOf(q);
    expect(i).toBeGreaterThanOrEqual(0);
    return [`${q} queries`, ...METHODS.map(m => `${m}: ${cell(curve(m, classifier, features).mean[i]!, curve(m, classifier, features).sd[i]!)}`)];
}

describe('loading the ALLG run', () => {
    it('reads selection.queries.json beside the metrics and the embedding', () => {
        expect(run.error).toBeUndefined();
        expect(run.activeLearning).toHaveLength(1);
        expect(artefact).toMatchObject({ file: 'selection.queries.json', evaluation: 'selection', data: 'splice', candidates: 1593, test: 1593, repeats: 5, metric: 'accuracy' });
        expect(artefact.queries).toEqual([25, 50, 75, 100, 125, 150, 175, 200, 225]);
        expect(artefact.curves).toHaveLength(4 * 2 * 2);
        expect(artefact.paper).toEqual({ allg: 0.7703, dualNet: 0.72, kmeansSelection: 0.683 });
        expect(run.metrics?.selection?.metrics).toEqual(['svm', 'lr', 'svm (original)', 'lr (original)']);
        // metrics.json's figure is the curve's average (mean over the query sizes).
        expect(run.metrics?.selection?.methods.allg?.scores.svm).toEqual(curve('allg', 'svm', 'latent').average);
        expect(run.embeddings.map(e => e.file)).toEqual(['embedding.allg.splice-candidates.json']);
        expect(run.embeddings[0]!.sets[0]!.selected).toHaveLength(225);
    });

    it('leaves out a malformed queries.json and names it in `error`', () => {
        const dir = copyFixture('allg-run', path.join(tmp, 'bad'));
        const file = path.join(dir, 'selection.queries.json');
        const good = JSON.parse(fs.readFileSync(file, 'utf8'));
        const bad = { ...good, curves: [{ ...good.curves[0], mean: good.curves[0].mean.slice(1) }] };
        fs.writeFileSync(file, JSON.stringify(bad));
        fs.writeFileSync(path.join(dir, 'other.queries.json'), '{"evaluation": "other"');
        const broken = loadRunResults(dir);
        expect(broken.activeLearning).toEqual([]);
        expect(broken.error).toMatch(/selection\.queries\.json: curve 0 \(allg, svm\): mean and sd need 9 numbers/);
        expect(broken.error).toMatch(/other\.queries\.json cannot be read/);
        expect(broken.metrics?.selection).toBeDefined();
        expect(broken.embeddings).toHaveLength(1);
    });
});

describe('report.html: Active learning', () => {
    it('has the tab for the ALLG run, and none for the moons run', async () => {
        const { page } = session.keep(await openReport(session.browser(), report));
        await waitRendered(page, 'metrics');
        expect(await page.locator('vscode-tab-header').evaluateAll(hs => hs.map(h => h.getAttribute('data-tab')))).toEqual(['metrics', 'queries', 'embedding', 'curves']);
        await expect(page.locator('vscode-tab-header[data-tab="queries"]').textContent()).resolves.toBe('Active learning');
        // The metrics tab: the averages, with the paper's figure.
        const table = page.locator('table.metrics-table[data-evaluation="selection"]');
        await expect(table.locator('td[data-method="allg"][data-metric="svm"]').textContent()).resolves.toBe(cell(curve('allg', 'svm', 'latent').average.mean, curve('allg', 'svm', 'latent').average.sd));
        await expect(table.locator('td[data-method="allg"][data-column="paper"]').textContent()).resolves.toBe('0.770');
        await expect(page.locator('.metrics-view .caption').textContent()).resolves.toBe('activeLearning on splice (5 repeats; mean over the query sizes, then mean ± sd over the repeats)');

        const moons = session.keep(await openReport(session.browser(), writeReport(copyFixture('moons-run', path.join(tmp, 'moons')))));
        await waitRendered(moons.page, 'metrics');
        expect(await moons.page.locator('vscode-tab-header[data-tab="queries"]').count()).toBe(0);
        expect(await moons.page.locator('.queries-view').count()).toBe(0);
    }, 60_000);

    it('draws a line per method and the table of methods × query sizes for SVM on the latent features', async () => {
        const page = await openQueries();
        const chart = page.locator('.queries-chart');
        await expect(chart.getAttribute('data-series')).resolves.toBe('4');
        await expect(chart.getAttribute('data-points')).resolves.toBe(String(4 * 9));
        await expect(chart.getAttribute('data-classifier')).resolves.toBe('svm');
        await expect(chart.getAttribute('data-features')).resolves.toBe('latent');
        expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
        expect(await page.locator('.classifier-select vscode-option').evaluateAll(os => os.map(o => o.getAttribute('value')))).toEqual(['svm', 'lr']);
        expect(await page.locator('.features-select vscode-option').evaluateAll(os => os.map(o => o.getAttribute('value')))).toEqual(['latent', 'original']);
        expect(await page.locator('.evaluation-select').count()).toBe(0);

        const header = await page.locator('table.queries-table thead tr').last().locator('th').evaluateAll(ths => ths.map(th => th.textContent));
        expect(header).toEqual(['method', ...artefact.queries.map(String), 'average', 'paper']);
        await expectTable(page, 'svm', 'latent');
        const paper = await page.locator('table.queries-table td[data-column="paper"]').evaluateAll(tds => tds.map(td => [td.getAttribute('data-method'), td.textContent]));
        expect(paper).toEqual([['allg', '0.770'], ['dualNet', '0.720'], ['kmeansSelection', '0.683'], ['randomSelection', '']]);
        await expect(page.locator('table.queries-table td.best[data-column="paper"]').getAttribute('data-method')).resolves.toBe('allg');

        const lines = await tooltipAt(page);
        expect(lines).toEqual(expectedTooltip(lines, 'svm', 'latent'));
        await hideTooltip(page);
        await screenshot(page, 'active-learning-light');
    }, 60_000);

    it('switching the classifier and the features redraws the chart and the table with their numbers', async () => {
        const page = await openQueries();
        const before = await tooltipAt(page, 0.25);
        await change(page, '.classifier-select', 'lr');
        await expect(page.locator('.queries-chart').getAttribute('data-classifier')).resolves.toBe('lr');
        await expect(page.locator('.queries-chart').getAttribute('data-series')).resolves.toBe('4');
        await expectTable(page, 'lr', 'latent');
        const lr = await tooltipAt(page, 0.25);
        expect(lr[0]).toBe(before[0]);
        expect(lr).toEqual(expectedTooltip(lr, 'lr', 'latent'));
        expect(lr.slice(1)).not.toEqual(before.slice(1));

        await change(page, '.features-select', 'original');
        await expect(page.locator('.queries-chart').getAttribute('data-features')).resolves.toBe('original');
        await expectTable(page, 'lr', 'original');
        const original = await tooltipAt(page, 0.75);
        expect(original).toEqual(expectedTooltip(original, 'lr', 'original'));
        await expect(page.locator('.queries-view .caption').textContent()).resolves.toBe('accuracy of logistic regression on the original features, trained on the points each method queried (25–225 queries from 1,593 candidates of splice) and tested on 1,593 points; mean ± sd over 5 repeats');
        await hideTooltip(page);
        await screenshot(page, 'active-learning-lr-original-light');
    }, 60_000);

    it('sorts the table by a column, best first', async () => {
        const page = await openQueries();
        const table = page.locator('table.queries-table');
        const order = () => table.locator('tbody tr').evaluateAll(rows => rows.map(r => r.getAttribute('data-method')));
        await change(page, '.features-select', 'original');
        const byAverage = [...METHODS].sort((a, b) => curve(b, 'svm', 'original').average.mean - curve(a, 'svm', 'original').average.mean);
        await table.locator('th[data-column="average"]').click();
        expect(await order()).toEqual(byAverage);
        await expect(table.locator('th[data-column="average"]').getAttribute('aria-sort')).resolves.toBe('descending');
        await page.locator('table.queries-table th[data-column="average"]').click();
        expect(await order()).toEqual([...byAverage].reverse());
        await page.locator('table.queries-table th[data-queries="25"]').click();
        const at25 = [...METHODS].sort((a, b) => curve(b, 'svm', 'original').mean[0]! - curve(a, 'svm', 'original').mean[0]!);
        expect(await order()).toEqual(at25);
        // The method with no paper figure goes last either way.
        await page.locator('table.queries-table th[data-column="paper"]').click();
        expect(await order()).toEqual(['allg', 'dualNet', 'kmeansSelection', 'randomSelection']);
        await page.locator('table.queries-table th[data-column="paper"]').click();
        expect(await order()).toEqual(['kmeansSelection', 'dualNet', 'allg', 'randomSelection']);
    }, 60_000);

    it('exports every curve as CSV, and the chart as PNG and SVG', async () => {
        const page = await openQueries();
        const [csv] = await download(page, () => page.locator('.queries-view vscode-button[data-action="CSV"]').click());
        expect(csv!.name).toBe(`${run.id}-selection.queries.csv`);
        const lines = csv!.text.trimEnd().split('\r\n');
        expect(lines[0]).toBe(['evaluation', 'classifier', 'features', 'method', 'kind', ...artefact.queries.flatMap(q => [`q${q}_mean`, `q${q}_sd`]), 'average_mean', 'average_sd', 'paper'].join(','));
        expect(lines).toHaveLength(1 + 16);
        for (const c of artefact.curves) {
            const row = lines.find(l => l.startsWith(`selection,${c.classifier},${c.features},${c.method},`))!.split(',');
            expect(row[4]).toBe(c.kind);
            expect(row.slice(5, 5 + 18).map(Number)).toEqual(c.mean.flatMap((m, i) => [m, c.sd[i]!]));
            expect(row.slice(23, 25).map(Number)).toEqual([c.average.mean, c.average.sd]);
            expect(row[25]).toBe(artefact.paper![c.method] === undefined ? '' : String(artefact.paper![c.method]));
        }

        const [png] = await download(page, () => page.locator('.queries-view vscode-button[data-action="PNG"]').click());
        expect(png!.name).toBe(`${run.id}-selection-svm-latent.png`);
        expect(png!.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        const [svgFile] = await download(page, () => page.locator('.queries-view vscode-button[data-action="SVG"]').click());
        expect(svgFile!.name).toBe(`${run.id}-selection-svm-latent.svg`);
        expect(svgFile!.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        for (const method of METHODS) expect(svgFile!.text).toContain(`>${method}</text>`);
    }, 60_000);

    it('follows the dark scheme', async () => {
        const page = await openQueries();
        await goDark(page, 'queries');
        await expect(page.locator('.queries-chart').getAttribute('data-series')).resolves.toBe('4');
        await expectTable(page, 'svm', 'latent');
        await screenshot(page, 'active-learning-dark');
    }, 60_000);

    it('the embedding of the candidates, coloured by the points ALLG selected', async () => {
        const { page } = session.keep(await openReport(session.browser(), report));
        await waitRendered(page, 'metrics');
        await showTab(page, 'embedding');
        const chart = page.locator('.embedding-chart');
        await expect(chart.getAttribute('data-points')).resolves.toBe('1593');
        await expect(chart.getAttribute('data-projection')).resolves.toBe('pca');
        await clearRendered(page);
        await setControl(page, '.projection-select', 'tsne');
        await waitRendered(page, 'embedding');
        await clearRendered(page);
        await setControl(page, '.colour-select', 'selected');
        await waitRendered(page, 'embedding');
        await expect(chart.getAttribute('data-colour')).resolves.toBe('selected');
        await expect(chart.getAttribute('data-groups')).resolves.toBe('not selected|selected');
        await screenshot(page, 'active-learning-embedding-selection-light');
    }, 60_000);
});

describe('VS Code webview: Active learning', () => {
    it('posts its exports to the host and keeps the classifier, features and sort through a reload', async () => {
        const { page, deliver, posted } = session.keep(await openWebview(session.browser(), { bodyClass: 'vscode-dark' }));
        const results = { type: 'results' as const, runs: [run], kind: 'results' as const, tab: 'queries' as const };
        await deliver(results);
        await waitRendered(page, 'queries');
        await change(page, '.classifier-select', 'lr');
        await change(page, '.features-select', 'original');
        await page.locator('table.queries-table th[data-column="average"]').click();
        await page.locator('.queries-view vscode-button[data-action="CSV"]').click();
        await page.locator('.queries-view vscode-button[data-action="PNG"]').click();
        await waitFor(page, "window.__posted.filter(m => m.type === 'export').length === 2");
        const [csv, png] = (await posted()).filter((m): m is Extract<PanelToHost, { type: 'export' }> => m.type === 'export');
        expect(csv).toMatchObject({ fileName: `${run.id}-selection.queries.csv` });
        expect(csv!.data.split('\r\n')).toHaveLength(1 + 16 + 1);
        expect(png).toMatchObject({ fileName: `${run.id}-selection-lr-original.png`, base64: true });
        const states = (await posted()).filter((m): m is Extract<PanelToHost, { type: 'state' }> => m.type === 'state');
        expect(states[states.length - 1]!.state).toMatchObject({ tab: 'queries', view: { queries: { classifier: 'lr', features: 'original', sort: { selection: { column: 'average', descending: true } } } } });

        await page.reload();
        await deliver({ ...results, tab: undefined });
        await waitRendered(page, 'queries');
        await expectTable(page, 'lr', 'original');
        await expect(page.locator('table.queries-table th[data-column="average"]').getAttribute('aria-sort')).resolves.toBe('descending');
        await screenshot(page, 'active-learning-webview-dark');
    }, 60_000);
});
