// The runner end to end on small specs: what a completed run leaves in the run store, determinism, and the
// failures the issue lists (bad data files, a NaN loss, cancellation), each leaving the store consistent.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../language/plan/build-plan.js';
import { runExperiment, type RunEventBody, type RunOptions } from '../../runtime/runner/run-experiment.js';
import { RunStore } from '../../runtime/store/index.js';
import { checkFiles } from '../../server/cli/check.js';

const fixtures = path.join(__dirname, '..', 'fixtures', 'run');
let workspace: string;

beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-runner-'));
    for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(workspace, f));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

/** Validates the spec (it must be clean) and returns the run options for it; `edit` makes an edited copy first. */
async function prepare(original: string, edit?: (text: string) => string): Promise<RunOptions> {
    const file = edit ? `edited-${original}` : original;
    const specPath = path.join(workspace, file);
    if (edit) fs.writeFileSync(specPath, edit(fs.readFileSync(path.join(workspace, original), 'utf8')));
    const [report] = await checkFiles([specPath], workspace);
    expect(report!.diagnostics.map(d => d.message)).toEqual([]);
    return {
        plan: buildPlan(report!.spec!), specText: fs.readFileSync(specPath, 'utf8'), specFile: file,
        specDir: workspace, workspace, backend: 'wasm',
    };
}

const store = () => new RunStore(path.join(workspace, '.expspec', 'runs'));

describe('a completed run', () => {
    it('leaves the spec, configuration, backend, seed, events and artefacts in its folder', async () => {
        const events: RunEventBody[] = [];
        const outcome = await runExperiment({ ...await prepare('tiny.expspec'), onEvent: e => events.push(e) });
        expect(outcome.status, outcome.error).toBe('completed');
        expect(path.basename(outcome.dir)).toMatch(/^\d{8}-\d{6}-Tiny$/);
        const details = store().open(outcome.id);
        expect(details.status).toBe('completed');
        if (details.status === 'corrupt') throw new Error('corrupt');
        expect(details.meta.seed).toBe(3);
        expect(details.meta.backend.name).toBe('wasm');
        expect(details.meta.backend.device).toMatch(/WebAssembly/);
        expect(details.meta.backend.versions?.['@tensorflow/tfjs-core']).toMatch(/^4\./);
        expect(fs.readFileSync(path.join(outcome.dir, 'spec.expspec'), 'utf8')).toContain('experiment Tiny');
        expect(JSON.parse(fs.readFileSync(path.join(outcome.dir, 'config.json'), 'utf8')).experiment).toBe('Tiny');
        const names = details.artefacts.map(a => a.name);
        expect(names).toEqual(expect.arrayContaining(['metrics.json', 'clusters.sets.csv', 'clusters.set0.json', 'clusters.set1.json', 'clusters.set1.embed.nwk', 'clusters.set1.ward-linkage.nwk']));
        // events: one per epoch with every loss term, in the store as sent
        const epochs = events.filter(e => e.type === 'epoch');
        expect(epochs.length).toBeGreaterThanOrEqual(1);
        for (const e of epochs) if (e.type === 'epoch') expect(Object.keys(e.loss).sort()).toEqual(['hyphc', 'total', 'triplet']);
        expect(store().readEvents(outcome.id).events.filter(e => e['type'] === 'epoch')).toHaveLength(epochs.length);
        // metrics: every method and metric, finite, in range; metrics.json holds exactly what the outcome reports
        expect(JSON.parse(fs.readFileSync(path.join(outcome.dir, 'metrics.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(outcome.metrics)));
        const metrics = outcome.metrics['clusters']!;
        expect(Object.keys(metrics.methods)).toEqual(['embed', 'single linkage', 'ward linkage']);
        for (const m of Object.values(metrics.methods)) {
            expect(m.scores['ari']!.mean).toBeGreaterThanOrEqual(-1);
            expect(m.scores['ari']!.mean).toBeLessThanOrEqual(1);
            expect(m.scores['dasgupta']!.mean).toBeGreaterThan(0);
        }
        // the dendrogram artefact parses back as a tree over the set's points
        const set1 = JSON.parse(fs.readFileSync(path.join(outcome.dir, 'clusters.set1.json'), 'utf8'));
        expect(set1.points.length).toBe(2 * set1.labels.length);
        expect(set1.methods.embed.embedding.length).toBe(2 * set1.labels.length);
        expect(fs.readFileSync(path.join(outcome.dir, 'clusters.set1.embed.nwk'), 'utf8').trim()).toMatch(/^\(.*\);$/);
        // the embedding view: every test set's embedding, inside the unit disk, equal to the evaluation's
        const view = JSON.parse(fs.readFileSync(path.join(outcome.dir, 'embedding.embed.moons-test.json'), 'utf8'));
        expect(view.sets).toHaveLength(4);
        expect(view.space).toBe('poincare');
        expect(view.sets[1].embedding).toEqual(set1.methods.embed.embedding);
        for (const s of view.sets) for (let i = 0; i < s.embedding.length; i += 2) expect(Math.hypot(s.embedding[i], s.embedding[i + 1])).toBeLessThan(1);
    });

    it('gives the same metrics to the last digit for the same seed, and different ones for another seed', async () => {
        const options = await prepare('tiny.expspec');
        const a = await runExperiment(options);
        const b = await runExperiment(options);
        const c = await runExperiment({ ...options, seed: 4 });
        expect(a.status).toBe('completed');
        expect(JSON.stringify(b.metrics)).toBe(JSON.stringify(a.metrics));
        expect(c.seed).toBe(4);
        expect(JSON.stringify(c.metrics)).not.toBe(JSON.stringify(a.metrics));
        const lossA = store().readEvents(a.id).events.filter(e => e['type'] === 'epoch').map(e => e['loss']);
        const lossB = store().readEvents(b.id).events.filter(e => e['type'] === 'epoch').map(e => e['loss']);
        expect(lossB).toEqual(lossA);
    });

    it('runs on WebGPU (Mesa\'s software adapter here) with the losses of wasm, and records the backend', async () => {
        const options = await prepare('tiny.expspec');
        const wasm = await runExperiment(options);
        const webgpu = await runExperiment({ ...options, backend: 'webgpu' });
        expect(webgpu.status, webgpu.error).toBe('completed');
        expect(webgpu.backend.name).toBe('webgpu');
        const details = store().open(webgpu.id);
        if (details.status === 'corrupt') throw new Error('corrupt');
        expect(details.meta.backend.versions?.['@tensorflow/tfjs-backend-webgpu']).toMatch(/^4\./);
        const losses = (id: string) => store().readEvents(id).events.filter(e => e['type'] === 'epoch').map(e => e['loss'] as Record<string, number>);
        const [a, b] = [losses(wasm.id), losses(webgpu.id)];
        expect(b.length).toBe(a.length);
        a.forEach((epoch, i) => {
            for (const [term, value] of Object.entries(epoch)) expect(Math.abs(b[i]![term]! - value), `epoch ${i + 1} ${term}`).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(value)));
        });
    }, 60_000);

    it('leaves no tensors behind', async () => {
        const tf = await import('@tensorflow/tfjs-core');
        const options = await prepare('tiny.expspec');
        await runExperiment(options);          // first run: kernels and backend state settle
        const before = tf.memory().numTensors;
        const table = await runExperiment(await prepare('table.expspec'));
        await runExperiment(options);
        const controller = new AbortController();
        const cancelled = await runExperiment({
            ...await prepare('tiny.expspec', t => t.replace('epochs: 3', 'epochs: 50').replace(/earlyStopping: .*\n/, '')), signal: controller.signal,
            onEvent: e => { if (e.type === 'epoch') controller.abort(new Error('stop')); },
        });
        expect(table.status).toBe('completed');
        expect(cancelled.status).toBe('cancelled');
        expect(tf.memory().numTensors).toBe(before);
    });

    it('runs a CSV dataset with a stratified split and standardised features', async () => {
        const outcome = await runExperiment(await prepare('table.expspec'));
        expect(outcome.status, outcome.error).toBe('completed');
        expect(outcome.metrics['clusters']!.sets).toBe(1);
        expect(outcome.metrics['clusters']!.methods['average linkage']!.scores['ari']!.mean).toBeGreaterThan(0.9);
    });
});

describe('a failed run', () => {
    /** Runs and expects failure; checks that the earlier run is untouched. */
    async function expectFailure(options: RunOptions, message: RegExp): Promise<void> {
        const earlier = await runExperiment(await prepare('tiny.expspec'));
        expect(earlier.status).toBe('completed');
        const before = fs.readFileSync(path.join(earlier.dir, 'metrics.json'), 'utf8');
        const outcome = await runExperiment(options);
        expect(outcome.status).toBe('failed');
        expect(outcome.error).toMatch(message);
        const failed = store().open(outcome.id);
        expect(failed.status).toBe('failed');
        if (failed.status !== 'corrupt') expect(failed.meta.error).toMatch(message);
        expect(store().open(earlier.id).status).toBe('completed');
        expect(fs.readFileSync(path.join(earlier.dir, 'metrics.json'), 'utf8')).toBe(before);
        expect(store().list().filter(r => r.temporary)).toEqual([]);
    }

    it('names the epoch and the loss term when the loss becomes NaN (learning rate 1e9)', async () => {
        // Plain SGD: Adam's steps are bounded by the learning rate, and normalised embeddings are scale-free, so
        // an unbounded Euclidean triplet loss is what lets the weights overflow float32.
        const options = await prepare('tiny.expspec', t => t.replace('adam(lr: 1e-2)', 'sgd(lr: 1e9)').replace('epochs: 3', 'epochs: 30')
            .replace('triplet(margin: 1.0)', 'triplet(margin: 1.0, similarity: euclidean)'));
        await expectFailure(options, /epoch \d+ of 30: the loss term `\w+` became (NaN|Infinity)/);
    });

    it('names the file when the data file has disappeared', async () => {
        const options = await prepare('table.expspec');
        fs.rmSync(path.join(workspace, 'table.csv'));
        await expectFailure(options, /table\.csv/);
    });

    it('names the file and line of a ragged row', async () => {
        const options = await prepare('table.expspec');
        const lines = fs.readFileSync(path.join(workspace, 'table.csv'), 'utf8').split('\n');
        lines[7] = '1.0,2.0';
        fs.writeFileSync(path.join(workspace, 'table.csv'), lines.join('\n'));
        await expectFailure(options, /table\.csv, line 8/);
    });

    it('names the file, line and column of a non-numeric cell', async () => {
        const options = await prepare('table.expspec');
        const lines = fs.readFileSync(path.join(workspace, 'table.csv'), 'utf8').split('\n');
        lines[12] = lines[12]!.replace(/^[^,]+/, 'oops');
        fs.writeFileSync(path.join(workspace, 'table.csv'), lines.join('\n'));
        await expectFailure(options, /table\.csv, line 13, column "a"/);
    });

    it('says so when the file has no rows', async () => {
        const options = await prepare('table.expspec');
        fs.writeFileSync(path.join(workspace, 'table.csv'), 'a,b,c,label\n');
        await expectFailure(options, /table\.csv.*no (data )?rows/);
    });

    it('names a label column the file does not have', async () => {
        const options = await prepare('table.expspec');
        const text = fs.readFileSync(path.join(workspace, 'table.csv'), 'utf8');
        fs.writeFileSync(path.join(workspace, 'table.csv'), text.replace('a,b,c,label', 'a,b,c,class'));
        await expectFailure(options, /table\.csv.*label/);
    });
});

describe('a cancelled run', () => {
    it('stops at the next step and is marked cancelled', async () => {
        const controller = new AbortController();
        const options = await prepare('tiny.expspec', t => t.replace('epochs: 3', 'epochs: 50').replace(/earlyStopping: .*\n/, ''));
        const outcome = await runExperiment({
            ...options, signal: controller.signal,
            onEvent: e => { if (e.type === 'epoch' && e.epoch === 2) controller.abort(new Error('cancelled by the test')); },
        });
        expect(outcome.status).toBe('cancelled');
        const details = store().open(outcome.id);
        expect(details.status).toBe('cancelled');
        if (details.status !== 'corrupt') expect(details.meta.reason).toMatch(/cancelled by the test/);
        expect(store().readEvents(outcome.id).events.filter(e => e['type'] === 'epoch').length).toBe(2);
    });
});
