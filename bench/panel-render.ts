// How long the result panel takes to draw big results in headless Chromium (Debian's, through playwright-core):
// a 100 000-point embedding scatter (ECharts, canvas, large mode) and a 5 000-leaf dendrogram (d3-hierarchy,
// SVG). Timed in the page from the host's `results` message to the view's `expspec-rendered` event (the chart
// has finished drawing, plus one animation frame): message cloning, layout and drawing included.
import type { Page } from 'playwright-core';
import type { HostToPanel } from '../server/protocol.js';
import { launchBrowser, openWebview, waitRendered } from '../test/browser/harness.js';
import { largeRun } from '../test/browser/large-results.js';
import { summarize, target, type Benchmark, type Metric, type Target } from './stats.js';

const SAMPLES = 7;

/** One timing: posts the message stored in the page and resolves when `view` has drawn. */
function timeRender(page: Page, view: string): Promise<number> {
    return page.evaluate<number>(`new Promise(resolve => {
        const started = performance.now();
        const onRendered = event => {
            if (event.detail.view !== ${JSON.stringify(view)}) return;
            removeEventListener('expspec-rendered', onRendered);
            resolve(performance.now() - started);
        };
        addEventListener('expspec-rendered', onRendered);
        postMessage(window.__benchMessage, '*');
    })`);
}

export const panelRenderBench: Benchmark = {
    name: 'panel-render',
    description: `result panel render in headless Chromium: 100 000-point scatter, 5 000-leaf dendrogram (${SAMPLES} samples after a warm-up)`,
    async run(log) {
        const browser = await launchBrowser();
        const metrics: Metric[] = [];
        const targets: Target[] = [];
        const notes: string[] = [`Chromium ${browser.version()}, viewport 1200×900`];
        try {
            const cases: Array<{ name: string; view: string; message: HostToPanel; limit: number }> = [
                { name: 'scatter-100k', view: 'embedding', message: { type: 'results', runs: [largeRun({ points: 100_000 })], kind: 'results' }, limit: 1000 },
                { name: 'dendrogram-5k', view: 'dendrogram', message: { type: 'results', runs: [largeRun({ leaves: 5000 })], kind: 'results' }, limit: 1000 },
            ];
            for (const c of cases) {
                const { page, deliver, problems } = await openWebview(browser);
                await deliver(c.message);
                await waitRendered(page, c.view);
                await page.evaluate(`window.__benchMessage = ${JSON.stringify(c.message)}`);
                await timeRender(page, c.view); // warm-up: JIT, fonts, canvas allocation
                const samples: number[] = [];
                for (let i = 0; i < SAMPLES; i++) {
                    const ms = await timeRender(page, c.view);
                    samples.push(ms);
                    log(`${c.name}: ${ms.toFixed(1)} ms`);
                }
                if (problems.length) notes.push(`${c.name}: page problems: ${problems.join('; ')}`);
                const metric = summarize(c.name, samples);
                metrics.push(metric);
                targets.push(target(metric, 'median', c.limit));
                await page.context().close();
            }
        } finally {
            await browser.close();
        }
        return { metrics, targets, notes };
    },
};
