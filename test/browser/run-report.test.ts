// The run folder reader and report.html, in Node (no browser): what the panels get, and a self-contained,
// CSP-protected page that carries it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToPanel } from '../../server/protocol.js';
import { contentSecurityPolicy, inlineJson, panelHtml } from '../../server/report/panel-html.js';
import { loadRunResults } from '../../server/report/run-results.js';
import { defaultBundleDir, writeReport } from '../../server/report/write-report.js';
import { BUNDLE_DIR, copyFixture } from './harness.js';

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-report-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('loadRunResults', () => {
    it('reads a completed run: metadata, metrics, epochs, embeddings and dendrograms', () => {
        const dir = copyFixture('moons-run', tmp);
        const run = loadRunResults(dir);
        expect(run).toMatchObject({ id: path.basename(dir), dir, experiment: 'MoonsHierarchy', status: 'completed', specFile: 'examples/hyphc-moons.expspec', seed: 0 });
        expect(run.backend).toEqual({ name: 'wasm', device: 'WebAssembly (SIMD, 1 thread)' });
        expect(run.error).toBeUndefined();
        expect(run.metrics?.clusters?.metrics).toEqual(['ari', 'purity', 'nmi', 'dasgupta']);
        expect(run.metrics?.clusters?.methods.embed?.scores.ari?.mean).toBeCloseTo(0.98284, 4);
        expect(run.metrics?.clusters?.paper).toEqual({ embed: 0.96 });
        expect(run.epochs).toHaveLength(20);
        expect(run.epochs[0]).toMatchObject({ model: 'embed', epoch: 1, epochs: 20, lr: 0.0003 });
        expect(Object.keys(run.epochs[0]!.loss)).toEqual(['hyphc', 'triplet', 'total']);
        expect(run.epochs[0]!.validation).toHaveProperty('ari');
        expect(run.embeddings).toHaveLength(1);
        expect(run.embeddings[0]).toMatchObject({ file: 'embedding.embed.moons-test.json', model: 'embed', data: 'moons.test', space: 'poincare', dim: 2 });
        expect(run.embeddings[0]!.sets).toHaveLength(3);
        expect(run.dendrograms).toHaveLength(1);
        const d = run.dendrograms[0]!;
        expect(d).toMatchObject({ file: 'clusters.set0.json', evaluation: 'clusters', set: 0, k: 4 });
        expect(Object.keys(d.methods)).toEqual(['embed', 'single linkage', 'complete linkage', 'average linkage', 'ward linkage']);
        expect(d.methods.embed!.tree.size).toBe(d.labels.length);
        // No active-learning evaluation, so no `*.queries.json` (the ALLG fixture's are read in panel-active-learning.test.ts).
        expect(run.activeLearning).toEqual([]);
    });

    it('reads an older run whose metrics.json wraps the summary in `metrics`', () => {
        const run = loadRunResults(copyFixture('moons-run-earlier', tmp));
        expect(run.status).toBe('completed');
        expect(run.metrics?.clusters?.methods['single linkage']?.scores.ari?.mean).toBeCloseTo(0.819, 3);
        expect(run.embeddings).toEqual([]);
    });

    it('tolerates an events.jsonl cut off mid-line (a killed run)', () => {
        const dir = copyFixture('moons-run', path.join(tmp, 'cut'));
        fs.appendFileSync(path.join(dir, 'events.jsonl'), '{"seq":53,"time":"2026-11-22T22:08:55.000Z","type":"epoch","model":"emb');
        const run = loadRunResults(dir);
        expect(run.epochs).toHaveLength(20);
        expect(run.error).toBeUndefined();
    });

    it('reports a run without a readable run.json as corrupt, with the reason', () => {
        const dir = copyFixture('moons-run', path.join(tmp, 'corrupt'));
        fs.writeFileSync(path.join(dir, 'run.json'), '{ "experiment": ');
        const run = loadRunResults(dir);
        expect(run.status).toBe('corrupt');
        expect(run.experiment).toBe('moons-run');
        expect(run.error).toMatch(/run\.json is not valid JSON/);
        expect(run.metrics).toBeNull();
    });

    it('names a malformed artefact in `error` and still reads the rest', () => {
        const dir = copyFixture('moons-run', path.join(tmp, 'bad-artefact'));
        fs.writeFileSync(path.join(dir, 'embedding.embed.moons-test.json'), '{"model":"embed","dim":2,"sets":[{"labels":[0,1],"embedding":[0.1]}]}');
        const run = loadRunResults(dir);
        expect(run.status).toBe('completed');
        expect(run.embeddings).toEqual([]);
        expect(run.error).toMatch(/embedding\.embed\.moons-test\.json: set 0: 1 embedding values for 2 points/);
        expect(run.dendrograms).toHaveLength(1);
    });

    it('carries a failed run\'s error', () => {
        const dir = copyFixture('moons-run', path.join(tmp, 'failed'));
        const meta = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
        fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ ...meta, status: 'failed', error: 'epoch 3: loss term triplet is NaN' }));
        fs.rmSync(path.join(dir, 'metrics.json'));
        const run = loadRunResults(dir);
        expect(run).toMatchObject({ status: 'failed', error: 'epoch 3: loss term triplet is NaN', metrics: null });
    });

    it('throws, naming the path, for a folder that does not exist', () => {
        expect(() => loadRunResults(path.join(tmp, 'nowhere'))).toThrow(/nowhere is not a run folder/);
    });
});

describe('report.html', () => {
    it('is self-contained: bundle, styles and data inlined under a nonce CSP, nothing remote', () => {
        const dir = copyFixture('moons-run', path.join(tmp, 'report'));
        const file = writeReport(dir);
        expect(file).toBe(path.join(dir, 'report.html'));
        const html = fs.readFileSync(file, 'utf8');
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
        expect(csp).toBeDefined();
        const nonce = /script-src 'nonce-([^']+)'/.exec(csp!)?.[1];
        expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
        expect(csp).toContain("default-src 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('unsafe-eval');
        // The page's own markup (the bundle's code may mention such strings): no remote source, no external file.
        const markup = html.replace(/(<script nonce="[^"]+">)[\s\S]*?<\/script>/, '$1</script>').replace(/(<style nonce="[^"]+">)[\s\S]*?<\/style>/, '$1</style>');
        expect(markup.length).toBeLessThan(html.length / 2);
        expect(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(markup)).toBe(false);
        expect(/<link\b|\bsrc=/i.test(markup)).toBe(false);
        expect(/https?:\/\//.test(markup.replace(/<script type="application\/json"[\s\S]*?<\/script>/, ''))).toBe(false);
        expect(html).toContain(`<script nonce="${nonce}">`);
        expect(html).toContain(`<style nonce="${nonce}">`);
        const data = /<script type="application\/json" id="expspec-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
        const message = JSON.parse(data!) as HostToPanel;
        expect(message).toEqual({ type: 'results', kind: 'results', runs: [loadRunResults(dir)] });
        // A second report gets a fresh nonce.
        const again = fs.readFileSync(writeReport(dir), 'utf8');
        expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
    });

    it('escapes `</script` in the data so the page cannot be broken out of', () => {
        const dir = copyFixture('moons-run', path.join(tmp, 'escape'));
        const meta = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
        const hostile = 'X</script><script>alert(1)</script><!--';
        fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ ...meta, experiment: hostile }));
        const html = fs.readFileSync(writeReport(dir), 'utf8');
        expect(html.match(/<\/script>/g)).toHaveLength(2); // the data's and the bundle's own
        const data = /<script type="application\/json" id="expspec-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
        expect((JSON.parse(data) as { runs: Array<{ experiment: string }> }).runs[0]!.experiment).toBe(hostile);
        expect(html).toContain('<title>X&lt;/script&gt;');
        expect(inlineJson({ s: '</script>\u2028' })).toBe('{"s":"\\u003c/script>\\u2028"}');
    });

    it('finds the bundle in out/webviews from the sources, and says how to build it when it is missing', () => {
        expect(defaultBundleDir()).toBe(BUNDLE_DIR);
        const dir = copyFixture('moons-run', path.join(tmp, 'no-bundle'));
        expect(() => writeReport(dir, { bundleDir: path.join(tmp, 'empty') })).toThrow(/panel\.js .*npm run build/);
    });

    it('shares its template with the VS Code panel (webview URIs, cspSource, nonce)', () => {
        const html = panelHtml({ scriptUri: 'vscode-webview://x/panel.js', styleUri: 'vscode-webview://x/panel.css', cspSource: 'vscode-webview://x', nonce: 'abc' });
        expect(html).toContain('<script nonce="abc" src="vscode-webview://x/panel.js"></script>');
        expect(html).toContain('<link rel="stylesheet" href="vscode-webview://x/panel.css">');
        expect(html).toContain(`content="${contentSecurityPolicy('abc', 'vscode-webview://x')}"`);
        expect(contentSecurityPolicy('abc', 'vscode-webview://x')).toBe(
            "default-src 'none'; img-src vscode-webview://x data: blob:; font-src vscode-webview://x; style-src vscode-webview://x 'nonce-abc'; script-src 'nonce-abc';");
    });
});
