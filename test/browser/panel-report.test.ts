// The result panel as report.html in headless Chromium: each view drawn from a real run folder, sorting,
// cut at k, exports (downloads), light and dark themes (screenshots in test-results/screenshots/), and no
// console errors or CSP violations.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../server/protocol.js';
import { loadRunResults } from '../../server/report/run-results.js';
import { writeReport } from '../../server/report/write-report.js';
import { clearRendered, copyFixture, download, FIXTURES, goDark, openReport, screenshot, setControl, showTab, waitRendered } from './harness.js';
import { panelSession } from './session.js';

const session = panelSession();
let tmp: string;
let report: string;
let run: RunResults;

beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-panel-'));
    const dir = copyFixture('moons-run', tmp);
    report = writeReport(dir);
    run = loadRunResults(dir);
}, 60_000);

afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
});

async function openRun(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const opened = session.keep(await openReport(session.browser(), report, { colorScheme }));
    await waitRendered(opened.page, 'metrics');
    return opened.page;
}

const cell = (mean: number, sd: number) => `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;

describe('report.html', () => {
    it('shows the run header and only the tabs with data', async () => {
        const page = await openRun();
        await expect(page.locator('.run-header h1').textContent()).resolves.toBe('MoonsHierarchy');
        await expect(page.locator('[data-fact="status"] b').textContent()).resolves.toBe('completed');
        await expect(page.locator('[data-fact="backend"] b').textContent()).resolves.toBe('wasm (WebAssembly (SIMD, 1 thread))');
        await expect(page.locator('[data-fact="seed"] b').textContent()).resolves.toBe('0');
        expect(await page.locator('vscode-tab-header').evaluateAll(hs => hs.map(h => h.getAttribute('data-tab')))).toEqual(['metrics', 'embedding', 'dendrogram', 'curves']);
        expect(await page.locator('.error-box').count()).toBe(0);
    });

    it('metrics: the table of methods × metrics with the paper column, sorted by clicking a header, exported as CSV', async () => {
        const page = await openRun();
        const clusters = run.metrics!.clusters!;
        const table = page.locator('table.metrics-table[data-evaluation="clusters"]');
        const ari = clusters.methods.embed!.scores.ari!;
        await expect(table.locator('td[data-method="embed"][data-metric="ari"]').textContent()).resolves.toBe(cell(ari.mean, ari.sd));
        await expect(table.locator('td[data-method="embed"][data-metric="ari"]').textContent()).resolves.toBe('0.983 ± 0.052');
        for (const [method, { scores }] of Object.entries(clusters.methods)) {
            for (const metric of clusters.metrics) {
                await expect(table.locator(`td[data-method="${method}"][data-metric="${metric}"]`).textContent()).resolves.toBe(cell(scores[metric]!.mean, scores[metric]!.sd));
            }
        }
        await expect(table.locator('td[data-method="embed"][data-column="paper"]').textContent()).resolves.toBe('0.960');
        await expect(table.locator('td[data-method="ward linkage"][data-column="paper"]').textContent()).resolves.toBe('');
        const order = () => table.locator('tbody tr').evaluateAll(rows => rows.map(r => r.getAttribute('data-method')));
        const byAri = Object.keys(clusters.methods).sort((a, b) => clusters.methods[b]!.scores.ari!.mean - clusters.methods[a]!.scores.ari!.mean);
        expect(await order()).toEqual(Object.keys(clusters.methods));
        await table.locator('th[data-metric="ari"]').click();
        expect(await order()).toEqual(byAri);
        await expect(page.locator('table.metrics-table th[data-metric="ari"]').getAttribute('aria-sort')).resolves.toBe('descending');
        await page.locator('table.metrics-table th[data-metric="ari"]').click();
        expect(await order()).toEqual([...byAri].reverse());
        // Dasgupta's cost: lower is better, so the first click puts the lowest first.
        await page.locator('table.metrics-table th[data-metric="dasgupta"]').click();
        expect((await order())[0]).toBe('embed');
        await screenshot(page, 'metrics-light');

        const [csv] = await download(page, () => page.locator('.metrics-view vscode-button[data-action="CSV"]').click());
        expect(csv!.name).toBe(`${run.id}-clusters.metrics.csv`);
        const lines = csv!.text.trimEnd().split('\r\n');
        expect(lines[0]).toBe('evaluation,method,kind,ari_mean,ari_sd,purity_mean,purity_sd,nmi_mean,nmi_sd,dasgupta_mean,dasgupta_sd,paper');
        expect(lines).toHaveLength(6);
        const embed = lines.find(l => l.startsWith('clusters,embed,'))!.split(',');
        expect(Number(embed[3])).toBe(ari.mean);
        expect(Number(embed[11])).toBe(0.96);

        await goDark(page, 'metrics');
        await screenshot(page, 'metrics-dark');
    }, 60_000);

    it('embedding: the Poincaré disk with its boundary, every point drawn, sets, TSV/PNG/SVG exports', async () => {
        const page = await openRun();
        await showTab(page, 'embedding');
        const artefact = run.embeddings[0]!;
        const chart = page.locator('.embedding-chart');
        await expect(chart.getAttribute('data-points')).resolves.toBe(String(artefact.sets[0]!.labels.length));
        await expect(chart.getAttribute('data-space')).resolves.toBe('poincare');
        await expect(chart.getAttribute('data-boundary')).resolves.toBe('unit-disk');
        expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
        await screenshot(page, 'embedding-light');

        await clearRendered(page);
        await setControl(page, '.set-select', 'all');
        await waitRendered(page, 'embedding');
        const total = artefact.sets.reduce((n, s) => n + s.labels.length, 0);
        await expect(page.locator('.embedding-chart').getAttribute('data-points')).resolves.toBe(String(total));

        const [vectors, metadata] = await download(page, () => page.locator('vscode-button[data-action="TSV"]').click(), 2);
        expect(vectors!.name).toBe(`${run.id}-embedding-embed-all.vectors.tsv`);
        const rows = vectors!.text.trimEnd().split('\n');
        expect(rows).toHaveLength(total);
        expect(rows[0]!.split('\t').map(Number)).toEqual(artefact.sets[0]!.embedding.slice(0, 2));
        expect(rows.every(r => r.split('\t').length === 2 && r.split('\t').every(v => Number.isFinite(Number(v))))).toBe(true);
        expect(metadata!.name).toBe(`${run.id}-embedding-embed-all.metadata.tsv`);
        const meta = metadata!.text.trimEnd().split('\n');
        expect(meta[0]).toBe('index\tlabel');
        expect(meta).toHaveLength(total + 1);
        expect(meta[1]).toBe(`0\t${artefact.sets[0]!.labels[0]}`);

        const [png] = await download(page, () => page.locator('.embedding-view vscode-button[data-action="PNG"]').click());
        expect(png!.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        const [svgFile] = await download(page, () => page.locator('.embedding-view vscode-button[data-action="SVG"]').click());
        expect(svgFile!.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect((svgFile!.text.match(/<path/g) ?? []).length).toBeGreaterThan(10);

        await goDark(page, 'embedding');
        await screenshot(page, 'embedding-dark');
    }, 60_000);

    it('dendrogram: one mark per leaf, cut at k colours k clusters, methods, zoom, Newick as the runtime writes it', async () => {
        const page = await openRun();
        await showTab(page, 'dendrogram');
        const artefact = run.dendrograms[0]!;
        const n = artefact.labels.length;
        const svg = page.locator('svg.dendrogram');
        await expect(svg.getAttribute('data-leaves')).resolves.toBe(String(n));
        expect(await page.locator('svg.dendrogram .leaf').count()).toBe(n);
        const colours = () => page.locator('svg.dendrogram path.link.cluster').evaluateAll(ps => new Set(ps.map(p => p.getAttribute('stroke'))).size);
        await expect(svg.getAttribute('data-clusters')).resolves.toBe(String(artefact.k));
        expect(await colours()).toBe(artefact.k);
        expect(await page.locator('svg.dendrogram .cut-line').count()).toBe(1);
        await screenshot(page, 'dendrogram-light');

        await clearRendered(page);
        await setControl(page, '.cut-k', '7');
        await waitRendered(page, 'dendrogram');
        await expect(page.locator('svg.dendrogram').getAttribute('data-clusters')).resolves.toBe('7');
        expect(await colours()).toBe(7);
        expect(await page.locator('svg.dendrogram .leaf').evaluateAll(ls => new Set(ls.map(l => l.getAttribute('fill'))).size)).toBe(7);

        await clearRendered(page);
        await setControl(page, '.method-select', 'single linkage');
        await waitRendered(page, 'dendrogram');
        await expect(page.locator('svg.dendrogram').getAttribute('data-method')).resolves.toBe('single linkage');
        expect(await page.locator('svg.dendrogram .leaf').count()).toBe(n);

        const before = await page.locator('svg.dendrogram').getAttribute('viewBox');
        const box = (await page.locator('svg.dendrogram').boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, -400);
        await expect.poll(() => page.locator('svg.dendrogram').getAttribute('viewBox')).not.toBe(before);
        const zoomed = (await page.locator('svg.dendrogram').getAttribute('viewBox'))!.split(' ').map(Number);
        expect(zoomed[2]).toBeLessThan(Number(before!.split(' ')[2]));

        await clearRendered(page);
        await setControl(page, '.method-select', 'embed');
        await waitRendered(page, 'dendrogram');
        const [nwk] = await download(page, () => page.locator('vscode-button[data-action="Newick"]').click());
        expect(nwk!.name).toBe(`${run.id}-clusters-set0-embed.nwk`);
        expect(nwk!.text).toBe(fs.readFileSync(path.join(FIXTURES, 'moons-run', 'clusters.set0.embed.nwk'), 'utf8'));
        const [svgFile] = await download(page, () => page.locator('.dendrogram-view vscode-button[data-action="SVG"]').click());
        expect((svgFile!.text.match(/class="leaf"/g) ?? []).length).toBe(n);
        const [png] = await download(page, () => page.locator('.dendrogram-view vscode-button[data-action="PNG"]').click());
        expect(png!.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

        await goDark(page, 'dendrogram');
        await screenshot(page, 'dendrogram-dark');
    }, 60_000);

    it('curves: every loss term and validation metric per epoch', async () => {
        const page = await openRun();
        await showTab(page, 'curves');
        const epochs = run.epochs.length;
        const loss = page.locator('.curves-chart[data-quantity="loss"]');
        await expect(loss.getAttribute('data-series')).resolves.toBe('3');
        await expect(loss.getAttribute('data-points')).resolves.toBe(String(3 * epochs));
        const validation = page.locator('.curves-chart[data-quantity="validation"]');
        await expect(validation.getAttribute('data-series')).resolves.toBe('1');
        await expect(validation.getAttribute('data-points')).resolves.toBe(String(epochs));
        // The tooltip (plain text: ECharts' default one carries inline styles the CSP refuses).
        const box = (await loss.boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
        const tooltip = loss.locator('div').filter({ hasText: /^epoch \d+/ }).last();
        await expect.poll(() => tooltip.count()).toBeGreaterThan(0);
        expect(await tooltip.innerText()).toMatch(/^epoch \d+\nembed hyphc: -?[\d.]+\nembed triplet: [\d.]+\nembed total: -?[\d.]+/);
        await screenshot(page, 'curves-light');
        await goDark(page, 'curves');
        await screenshot(page, 'curves-dark');
    }, 60_000);

    it('a failed run: the error box, and tabs only for what it has', async () => {
        const dir = copyFixture('moons-run', path.join(tmp, 'failed'));
        const meta = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
        fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ ...meta, status: 'failed', error: 'train embed, epoch 3: loss term triplet is NaN' }));
        for (const f of ['metrics.json', 'clusters.set0.json', 'embedding.embed.moons-test.json']) fs.rmSync(path.join(dir, f));
        const opened = session.keep(await openReport(session.browser(), writeReport(dir)));
        await waitRendered(opened.page, 'curves');
        await expect(opened.page.locator('.error-box').textContent()).resolves.toBe('train embed, epoch 3: loss term triplet is NaN');
        await expect(opened.page.locator('[data-fact="status"] b').textContent()).resolves.toBe('failed');
        expect(await opened.page.locator('vscode-tab-header').evaluateAll(hs => hs.map(h => h.getAttribute('data-tab')))).toEqual(['curves']);
        await screenshot(opened.page, 'failed-run-light');
    }, 60_000);
});
