// A spec with sweeps run end to end (ALLG on 160 rows of splice, 3 epochs a stage): every configuration in order on
// the same seed and repeats, the swept values reaching the loss terms (and the term tied to them), the events, the
// run folder (metrics.json with every configuration and the best per method, per-configuration artefacts, the
// best's under the plain names), what the panels and `expspec runs` read from it, and the `sweep` declaration.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../language/plan/build-plan.js';
import type { SweepSummary } from '../../runtime/plan/sweep.js';
import { runExperiment, type RunEventBody, type RunOptions } from '../../runtime/runner/run-experiment.js';
import { RunStore, runHeadline } from '../../runtime/store/index.js';
import { checkFiles } from '../../server/cli/check.js';
import type { ActiveLearningArtefact } from '../../server/protocol.js';
import { loadRunResults } from '../../server/report/run-results.js';

const fixtures = path.join(__dirname, '..', 'fixtures', 'run');
const tiny = fs.readFileSync(path.join(fixtures, 'allg-tiny.expspec'), 'utf8');
let workspace: string;

beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-sweep-'));
    fs.copyFileSync(path.join(fixtures, 'splice-160.csv'), path.join(workspace, 'splice-160.csv'));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

async function prepare(text: string): Promise<RunOptions> {
    const specPath = path.join(workspace, 'allg-sweep.expspec');
    fs.writeFileSync(specPath, text);
    const [report] = await checkFiles([specPath], workspace);
    expect(report!.diagnostics.map(d => d.message)).toEqual([]);
    return { plan: buildPlan(report!.spec!), specText: text, specFile: 'allg-sweep.expspec', specDir: workspace, workspace, backend: 'wasm' };
}

const sweep2x2 = tiny.replace('graphPrior(alpha: 1, beta: 1)', 'graphPrior(alpha: [0.1, 10], beta: [1, 10])');
type Of<T extends RunEventBody['type']> = Extract<RunEventBody, { type: T }>;

describe('a spec with sweeps', () => {
    it('runs every configuration of the 2×2 sweep in order, on the same seed and repeats, and keeps each one\'s results', async () => {
        const events: RunEventBody[] = [];
        const tensorsAtStart: number[] = [];
        const outcome = await runExperiment({
            ...await prepare(sweep2x2),
            onEvent: e => {
                events.push(e);
                if (e.type === 'configuration') tensorsAtStart.push(tf.memory().numTensors);
            },
        });
        expect(outcome.status, outcome.error).toBe('completed');

        // configurations in order, the second axis turning fastest
        const configurations = events.filter((e): e is Of<'configuration'> => e.type === 'configuration');
        const labels = ['alpha=0.1, beta=1', 'alpha=0.1, beta=10', 'alpha=10, beta=1', 'alpha=10, beta=10'];
        expect(configurations.map(e => [e.index, e.total, e.label])).toEqual(labels.map((l, i) => [i + 1, 4, l]));
        expect(configurations[2]!.values).toEqual({ alpha: 10, beta: 1 });
        const ends = events.filter((e): e is Of<'configurationEnd'> => e.type === 'configurationEnd');
        expect(ends.map(e => e.index)).toEqual([1, 2, 3, 4]);
        expect(ends.every(e => e.error === undefined && /^selection: allg svm \d\.\d{3} ± \d\.\d{3}$/.test(e.headline ?? ''))).toBe(true);
        // the same seeds and repeats in each
        expect(events.filter((e): e is Of<'repeat'> => e.type === 'repeat').map(e => e.seed)).toEqual([2, 3, 2, 3, 2, 3, 2, 3]);
        // train events say which configuration they belong to
        const starts = events.filter((e): e is Of<'trainStart'> => e.type === 'trainStart');
        expect(starts.map(e => e.configuration)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]);
        // each configuration's models are disposed before the next starts
        expect(new Set(tensorsAtStart).size, `tensors at each configuration's start: ${tensorsAtStart.join(', ')}`).toBe(1);

        // the swept alpha reaches graphPrior, and propagation (tied to it) follows: the joint stage's first epoch
        // starts from A = prior, where both terms are alpha ‖A‖²
        const firstJoint = (configuration: number) => events.find((e): e is Of<'epoch'> => e.type === 'epoch' && e.configuration === configuration && e.stage === 'joint' && e.repeat === 1 && e.epoch === 1)!.loss;
        const low = firstJoint(1), high = firstJoint(3);
        expect(high['graphPrior']! / low['graphPrior']!).toBeCloseTo(100, 3);
        expect(high['propagation']! / low['propagation']!).toBeCloseTo(100, 3);
        expect(high['reconstruction']).toBe(low['reconstruction']);
        // beta weighs ‖A₂ − A₁‖, which the first step leaves at 0 but not the second
        const secondJoint = (configuration: number) => events.find((e): e is Of<'epoch'> => e.type === 'epoch' && e.configuration === configuration && e.stage === 'joint' && e.repeat === 1 && e.epoch === 2)!.loss;
        expect(secondJoint(2)['propagation']).not.toBe(secondJoint(1)['propagation']);

        // metrics.json: every configuration, the best per method, and how it is chosen
        const written = JSON.parse(fs.readFileSync(path.join(outcome.dir, 'metrics.json'), 'utf8')) as SweepSummary;
        expect(written).toEqual(JSON.parse(JSON.stringify(outcome.sweep)));
        expect(written.configurations.map(c => [c.index, c.label, c.files])).toEqual(labels.map((l, i) => [i + 1, l, `config-${i + 1}`]));
        expect(written.sweep.axes.map(a => [a.name, a.values])).toEqual([['alpha', ['0.1', '10']], ['beta', ['1', '10']]]);
        expect(written.sweep.selection).toMatch(/its own test split.*as the ALLG paper does/);
        const best = written.best['selection']!;
        expect(best).toMatchObject({ metric: 'svm', higherIsBetter: true, chosenBy: 'headline' });
        expect(Object.keys(best.methods)).toEqual(['allg', 'dualNet', 'kmeansSelection', 'randomSelection']);
        for (const [method, b] of Object.entries(best.methods)) {
            const scores = written.configurations.map(c => c.metrics!['selection']!.methods[method]!.scores['svm']!.mean);
            expect(b.mean).toBe(Math.max(...scores));
            expect(b.configuration).toBe(scores.indexOf(b.mean) + 1);
        }
        const shown = written.sweep.shown!;
        expect(shown).toMatchObject({ configuration: best.methods['allg']!.configuration, evaluation: 'selection', method: 'allg', metric: 'svm' });
        // the outcome's metrics are the shown configuration's, in today's shape
        expect(outcome.metrics).toEqual(written.configurations[shown.configuration - 1]!.metrics);

        // each configuration's artefacts under its prefix; the shown one's also under the plain names
        const files = fs.readdirSync(outcome.dir);
        for (let i = 1; i <= 4; i++) {
            const queries = JSON.parse(fs.readFileSync(path.join(outcome.dir, `config-${i}.selection.queries.json`), 'utf8')) as ActiveLearningArtefact;
            expect(queries.configuration).toEqual({ index: i, total: 4, label: labels[i - 1] });
            expect(queries.repeats).toBe(2);
            expect(files).toContain(`config-${i}.embedding.allg.splice-candidates.json`);
        }
        expect(fs.readFileSync(path.join(outcome.dir, 'selection.queries.json'), 'utf8'))
            .toBe(fs.readFileSync(path.join(outcome.dir, `config-${shown.configuration}.selection.queries.json`), 'utf8'));
        // config.json is the plan as written, with its sweeps
        const config = JSON.parse(fs.readFileSync(path.join(outcome.dir, 'config.json'), 'utf8'));
        expect(config.sweeps.map((a: { name: string }) => a.name)).toEqual(['alpha', 'beta']);

        // what the panels read: the shown configuration's metrics and artefacts, the sweep beside them
        const results = loadRunResults(outcome.dir);
        expect(results.error).toBeUndefined();
        expect(results.metrics).toEqual(outcome.metrics);
        expect(results.sweep?.configurations).toHaveLength(4);
        expect(results.activeLearning.map(a => a.file)).toEqual(['selection.queries.json']);
        expect(results.embeddings.map(a => a.file)).toEqual(['embedding.allg.splice-candidates.json']);
        expect(new Set(results.epochs.map(p => p.configuration))).toEqual(new Set([1, 2, 3, 4]));
        // and `expspec runs`
        const entry = new RunStore(path.dirname(outcome.dir)).list()[0]!;
        expect(runHeadline(entry)).toMatch(new RegExp(`^selection: allg svm \\d\\.\\d{3} ± \\d\\.\\d{3} \\(best of 4 configurations: ${shown.label}\\)$`));
    }, 120_000);

    it('gives each configuration the results of the same spec run with its values written in', async () => {
        const swept = await runExperiment(await prepare(sweep2x2.replace('repeats: 2', 'repeats: 1')));
        const fixed = await runExperiment(await prepare(tiny.replace('repeats: 2', 'repeats: 1').replace('graphPrior(alpha: 1, beta: 1)', 'graphPrior(alpha: 10, beta: 1)')));
        expect(swept.status, swept.error).toBe('completed');
        expect(fixed.status, fixed.error).toBe('completed');
        expect(swept.sweep!.configurations[2]!.label).toBe('alpha=10, beta=1');
        expect(swept.sweep!.configurations[2]!.metrics).toEqual(fixed.metrics);
    }, 120_000);

    it('runs the `sweep` declaration, choosing the best by its report', async () => {
        const events: RunEventBody[] = [];
        const outcome = await runExperiment({
            ...await prepare(`${tiny.replace('repeats: 2', 'repeats: 1')}\nsweep width = allg.encoder.out in [4, 8] { report: selection.accuracy }\n`),
            onEvent: e => events.push(e),
        });
        expect(outcome.status, outcome.error).toBe('completed');
        expect(outcome.sweep!.configurations.map(c => c.label)).toEqual(['width=4', 'width=8']);
        expect(outcome.sweep!.best['selection']).toMatchObject({ metric: 'svm', chosenBy: 'report' });
        // the encoder's width changes the model: 240 inputs → 32 → width, and back
        const pretrain = events.filter((e): e is Of<'trainStart'> => e.type === 'trainStart' && e.stage === 'pretrain');
        expect(pretrain.map(e => e.configuration)).toEqual([1, 2]);
        expect(pretrain[1]!.parameters - pretrain[0]!.parameters).toBe(2 * 32 * 4 + 4);
    }, 120_000);

    it('records a configuration whose loss diverges as failed and runs the others', async () => {
        const outcome = await runExperiment(await prepare(tiny.replace('repeats: 2', 'repeats: 1')
            .replace('stage joint { objective: allgLoss, optimizer: adam(lr: 1e-3), epochs: 3 }', 'stage joint { objective: allgLoss, optimizer: adam(lr: [1e-3, 1e38]), epochs: 3 }')));
        expect(outcome.status, outcome.error).toBe('completed');
        const [ok, diverged] = outcome.sweep!.configurations;
        expect(ok!.metrics).toBeDefined();
        expect(diverged!.label).toBe('lr=1e38');
        expect(diverged!.metrics).toBeUndefined();
        expect(diverged!.error).toMatch(/became (NaN|Infinity)/);
        expect(outcome.sweep!.sweep.shown?.configuration).toBe(1);
    }, 120_000);
});
