// View options beyond the run fixture: a 3-dimensional embedding through the runner's projections, colouring
// by prediction and by selection, a Euclidean space (no disk), and dendrogram leaf labels once zoomed in.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EmbeddingArtefact, RunResults } from '../../server/protocol.js';
import { clearRendered, openWebview, screenshot, setControl, waitFor, waitRendered } from './harness.js';
import { panelSession } from './session.js';
import { largeRun } from './large-results.js';

const session = panelSession();

/** 3-D points in two sets, with PCA and UMAP projections, predictions and a few selected points. */
function threeDimensional(): EmbeddingArtefact {
    const set = (n: number, shift: number) => {
        const embedding: number[] = [];
        const labels: number[] = [];
        const pca: number[] = [];
        const umap: number[] = [];
        for (let i = 0; i < n; i++) {
            const label = i % 3;
            embedding.push(label + shift, Math.sin(i), Math.cos(i));
            labels.push(label);
            pca.push(label * 2 + Math.sin(i) * 0.3, Math.cos(i) * 0.3);
            umap.push(Math.cos((2 * Math.PI * label) / 3) * 5 + Math.sin(i) * 0.5, Math.sin((2 * Math.PI * label) / 3) * 5 + Math.cos(i) * 0.5);
        }
        return { points: embedding, labels, embedding, projections: { pca, umap }, predicted: labels.map(l => (l + 1) % 3), selected: [0, 5, 10] };
    };
    return { file: 'embedding.enc.splice-test.json', model: 'enc', data: 'splice.test', space: 'euclidean', dim: 3, inputDim: 3, classes: ['EI', 'IE', 'N'], sets: [set(60, 0), set(40, 1)] };
}

async function panelFor(run: RunResults, view: string, bodyClass = 'vscode-light') {
    const opened = session.keep(await openWebview(session.browser(), { bodyClass }));
    await opened.deliver({ type: 'results', runs: [run], kind: 'results' });
    await waitRendered(opened.page, view);
    return opened.page;
}

async function change(page: Page, selector: string, value: string, view: string): Promise<void> {
    await clearRendered(page);
    await setControl(page, selector, value);
    await waitRendered(page, view);
}

describe('embedding options', () => {
    it('draws a 3-D embedding through its projections, coloured by label, prediction or selection', async () => {
        const run: RunResults = { ...largeRun({}), embeddings: [threeDimensional()] };
        const page = await panelFor(run, 'embedding');
        const chart = () => page.locator('.embedding-chart');
        await expect(chart().getAttribute('data-projection')).resolves.toBe('pca');
        await expect(chart().getAttribute('data-space')).resolves.toBe('euclidean');
        await expect(chart().getAttribute('data-boundary')).resolves.toBeNull();
        await expect(chart().getAttribute('data-points')).resolves.toBe('60');
        await expect(chart().getAttribute('data-groups')).resolves.toBe('EI|IE|N');
        expect(await page.locator('.projection-select vscode-option').evaluateAll(os => os.map(o => o.getAttribute('value')))).toEqual(['pca', 'umap']);

        await change(page, '.projection-select', 'umap', 'embedding');
        await expect(chart().getAttribute('data-projection')).resolves.toBe('umap');
        await change(page, '.colour-select', 'predicted', 'embedding');
        await expect(chart().getAttribute('data-colour')).resolves.toBe('predicted');
        await expect(chart().getAttribute('data-groups')).resolves.toBe('cluster 0|cluster 1|cluster 2');
        await change(page, '.colour-select', 'selected', 'embedding');
        await expect(chart().getAttribute('data-groups')).resolves.toBe('not selected|selected');
        await change(page, '.set-select', 'all', 'embedding');
        await expect(chart().getAttribute('data-points')).resolves.toBe('100');
        await screenshot(page, 'embedding-umap-selection-light');
    }, 60_000);
});

describe('dendrogram labels', () => {
    it('labels the leaves (index: label) once zoomed in far enough for them to fit', async () => {
        const page = await panelFor(largeRun({ leaves: 400 }), 'dendrogram', 'vscode-dark');
        const svg = page.locator('svg.dendrogram');
        await expect(svg.getAttribute('data-labels')).resolves.toBe('hidden');
        expect(await page.locator('svg.dendrogram .leaf-label').count()).toBe(0);
        const box = (await svg.boundingBox())!;
        await page.mouse.move(box.x + box.width / 3, box.y + box.height * 0.9);
        await clearRendered(page);
        for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
        await waitFor(page, `document.querySelector('svg.dendrogram')?.dataset.labels === 'shown'`);
        expect(await page.locator('svg.dendrogram .leaf-label').count()).toBe(400);
        await expect(page.locator('svg.dendrogram .leaf-label').first().textContent()).resolves.toMatch(/^\d+: \d+$/);
        // The zoom survives the redraw.
        const viewBox = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
        expect(viewBox[2]).toBeLessThan(box.width / 3);
        await screenshot(page, 'dendrogram-zoomed-labels-dark');
    }, 60_000);
});
