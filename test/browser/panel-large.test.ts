// Scale: a 100 000-point embedding and a 5 000-leaf dendrogram, drawn whole, within a generous bound (the
// render benchmark, bench/panel-render.ts, keeps the figures).
import { describe, expect, it } from 'vitest';
import { clearRendered, openWebview, screenshot, setControl, waitRendered } from './harness.js';
import { panelSession } from './session.js';
import { largeRun } from './large-results.js';

const session = panelSession();

describe('large results', () => {
    it('draws all 100 000 points of an embedding', async () => {
        const opened = session.keep(await openWebview(session.browser()));
        const started = Date.now();
        await opened.deliver({ type: 'results', runs: [largeRun({ points: 100_000 })], kind: 'results' });
        await waitRendered(opened.page, 'embedding');
        const seconds = (Date.now() - started) / 1000;
        await expect(opened.page.locator('.embedding-chart').getAttribute('data-points')).resolves.toBe('100000');
        await expect(opened.page.locator('.embedding-chart').getAttribute('data-boundary')).resolves.toBe('unit-disk');
        expect(seconds).toBeLessThan(15);
        await screenshot(opened.page, 'embedding-100k-light');
    }, 90_000);

    it('draws a 5 000-leaf dendrogram with one mark per leaf, and cuts it', async () => {
        const opened = session.keep(await openWebview(session.browser(), { bodyClass: 'vscode-dark' }));
        const { page } = opened;
        await opened.deliver({ type: 'results', runs: [largeRun({ leaves: 5000 })], kind: 'results' });
        await waitRendered(page, 'dendrogram');
        await expect(page.locator('svg.dendrogram').getAttribute('data-leaves')).resolves.toBe('5000');
        expect(await page.locator('svg.dendrogram .leaf').count()).toBe(5000);
        await expect(page.locator('svg.dendrogram').getAttribute('data-clusters')).resolves.toBe('8');
        await clearRendered(page);
        await setControl(page, '.cut-k', '20');
        await waitRendered(page, 'dendrogram');
        await expect(page.locator('svg.dendrogram').getAttribute('data-clusters')).resolves.toBe('20');
        expect(await page.locator('svg.dendrogram path.link.cluster').evaluateAll(ps => new Set(ps.map(p => p.getAttribute('stroke'))).size)).toBe(20);
        await screenshot(page, 'dendrogram-5000-dark');
    }, 90_000);
});
