// Sweeps in the execution plan (`language/plan/build-plan.ts`): which lists are sweeps (a list where the registry
// expects one value) and which are list-valued parameters, the places each axis goes to, the `sweep` declaration,
// and the refusals, each with the spec's line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan, PlanBuildError } from '../../language/plan/build-plan.js';
import { expandSweeps } from '../../runtime/plan/sweep.js';
import type { ExperimentPlan } from '../../runtime/plan/types.js';
import { checkFiles } from '../../server/cli/check.js';
import { repoRoot } from './services.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'run');
const tiny = fs.readFileSync(path.join(fixtures, 'allg-tiny.expspec'), 'utf8');
let workspace: string;

beforeAll(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-plan-sweeps-'));
    fs.copyFileSync(path.join(fixtures, 'splice-160.csv'), path.join(workspace, 'splice-160.csv'));
});
afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

/** The spec's diagnostics (errors) and its plan (or the PlanBuildError). */
async function plan(text: string): Promise<{ errors: string[]; plan: () => ExperimentPlan }> {
    const file = path.join(workspace, `spec-${Math.random().toString(36).slice(2)}.expspec`);
    fs.writeFileSync(file, text);
    const [report] = await checkFiles([file], workspace);
    fs.rmSync(file);
    return { errors: report!.diagnostics.filter(d => d.severity === 1).map(d => String(d.message)), plan: () => buildPlan(report!.spec!) };
}

/** The ALLG fixture with its objective's trade-offs swept. */
const allgSweep = (alpha = '[0.1, 1, 10]', beta = '[0.1, 10]', lambda = '[1, 10]') => tiny
    .replace('graphPrior(alpha: 1, beta: 1)', `graphPrior(alpha: ${alpha}, beta: ${beta})`)
    .replace('selfSelection(lambda: 1)', `selfSelection(lambda: ${lambda})`);

const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;

describe('inline sweeps in the plan', () => {
    it('makes each list where one value is expected an axis, with its values and its places; list-valued parameters stay as written', async () => {
        const text = allgSweep();
        const { errors, plan: build } = await plan(text);
        expect(errors).toEqual([]);
        const p = build();
        expect(p.sweeps!.map(a => [a.name, a.kind, a.target, a.values, a.line])).toEqual([
            ['alpha', 'inline', 'allgLoss.graphPrior.alpha', [0.1, 1, 10], lineOf(text, 'graphPrior(alpha')],
            ['beta', 'inline', 'allgLoss.graphPrior.beta', [0.1, 10], lineOf(text, 'graphPrior(alpha')],
            ['lambda', 'inline', 'allgLoss.selfSelection.lambda', [1, 10], lineOf(text, 'selfSelection(lambda')],
        ]);
        const joint = p.trainings.findIndex(t => t.stage === 'joint');
        expect(p.sweeps![0]!.at).toEqual([['trainings', joint, 'objective', 1, 'term', 'args', 'alpha']]);
        expect(p.sweeps![2]!.at).toEqual([['trainings', joint, 'objective', 3, 'term', 'args', 'lambda']]);
        // the plan keeps the lists as written (config.json is the spec as run)
        expect(p.trainings[joint]!.objective[1]!.term.args).toEqual({ alpha: [0.1, 1, 10], beta: [0.1, 10] });
        // the tie to graphPrior is a reference, not an axis
        expect(p.trainings[joint]!.objective[2]!.term.args).toEqual({ alpha: { ref: 'graphPrior', member: 'alpha' }, beta: { ref: 'graphPrior', member: 'beta' } });
        // list-valued parameters are not sweeps: hidden, selectors, classifiers, features, the budgets
        const names = p.sweeps!.map(a => a.target).join(' ');
        for (const listValued of ['hidden', 'selectors', 'classifiers', 'features', 'queries', 'metrics']) expect(names).not.toContain(listValued);
        expect(expandSweeps(p)).toHaveLength(3 * 2 * 2);
    });

    it('gives an objective used by two stages one axis with a place in each', async () => {
        const text = tiny.replace('stage pretrain { objective: reconstruction(), optimizer: adam(lr: 1e-3), epochs: 3 }', 'stage pretrain { objective: allgLoss, optimizer: adam(lr: 1e-3), epochs: 3 }')
            .replace('graphPrior(alpha: 1, beta: 1)', 'graphPrior(alpha: [0.5, 2], beta: 1)');
        const { errors, plan: build } = await plan(text);
        expect(errors).toEqual([]);
        const p = build();
        expect(p.sweeps).toHaveLength(1);
        expect(p.sweeps![0]!.at).toEqual([0, 1].map(t => ['trainings', t, 'objective', 1, 'term', 'args', 'alpha']));
        const [, second] = expandSweeps(p);
        expect(second!.plan.trainings.filter(t => t.model === 'allg').map(t => t.objective[1]!.term.args['alpha'])).toEqual([2, 2]);
    });

    it('qualifies the names of axes that share a parameter, sweeps train properties, and expands a stepped range', async () => {
        const text = tiny
            .replace('stage pretrain { objective: reconstruction(), optimizer: adam(lr: 1e-3), epochs: 3 }', 'stage pretrain { objective: reconstruction(), optimizer: adam(lr: [1e-3, 1e-2]), epochs: 2 .. 4 step 2 }')
            .replace('stage joint { objective: allgLoss, optimizer: adam(lr: 1e-3), epochs: 3 }', 'stage joint { objective: allgLoss, optimizer: adam(lr: [1e-4, 1e-3]), epochs: 3 }');
        const { errors, plan: build } = await plan(text);
        expect(errors).toEqual([]);
        const p = build();
        expect(p.sweeps!.map(a => [a.name, a.values])).toEqual([
            ['train allg/pretrain.adam.lr', [1e-3, 1e-2]],
            ['epochs', [2, 4]],
            ['train allg/joint.adam.lr', [1e-4, 1e-3]],
        ]);
        expect(p.trainings[0]!.properties['epochs']).toEqual({ from: 2, to: 4, step: 2 });
        const configurations = expandSweeps(p);
        expect(configurations).toHaveLength(8);
        expect(configurations[7]!.label).toBe('train allg/pretrain.adam.lr=0.01, epochs=4, train allg/joint.adam.lr=0.001');
        expect(configurations[7]!.plan.trainings[0]!.properties).toMatchObject({ epochs: 4, optimizer: { call: 'adam', args: { lr: 0.01 } } });
    });
});

describe('the `sweep` declaration in the plan', () => {
    it('points at the parameter of the model\'s component, with its values and report', async () => {
        const text = `${tiny}\nsweep width = allg.encoder.out in [4, 8] { report: selection.accuracy }\n`;
        const { errors, plan: build } = await plan(text);
        expect(errors).toEqual([]);
        const p = build();
        const allg = p.models.findIndex(m => m.name === 'allg');
        expect(p.sweeps).toEqual([{
            name: 'width', kind: 'declared', target: 'allg.encoder.out', values: [4, 8],
            at: [['models', allg, 'layers', 0, 'args', 'encoder', 'args', 'out']],
            report: { evaluation: 'selection', metric: 'accuracy' }, line: lineOf(text, 'sweep width'),
        }]);
        const configurations = expandSweeps(p);
        expect(configurations.map(c => c.label)).toEqual(['width=4', 'width=8']);
        const encoder = (c: typeof configurations[number]) => (c.plan.models[allg]!.layers[0]!.args['encoder'] as { args: Record<string, unknown> }).args;
        expect(configurations.map(c => encoder(c)['out'])).toEqual([4, 8]);
        expect(encoder(configurations[0]!)['hidden']).toEqual([32]);
        // the plan itself is untouched
        expect((p.models[allg]!.layers[0]!.args['encoder'] as { args: Record<string, unknown> }).args['out']).toBe(8);
    });

    it('takes a stepped range, and a parameter the spec leaves to its default', async () => {
        const text = `${tiny}\nsweep k = allg.encoder.out in 4 .. 12 step 4\nsweep restarts = dualNet.clusters in [2, 3]\n`;
        const { errors, plan: build } = await plan(text);
        expect(errors).toEqual([]);
        const p = build();
        expect(p.sweeps!.map(a => [a.name, a.values])).toEqual([['k', [4, 8, 12]], ['restarts', [2, 3]]]);
        expect(expandSweeps(p).map(c => c.label)).toContain('k=12, restarts=3');
    });

    it('combines with inline sweeps into one product', async () => {
        const { plan: build } = await plan(`${allgSweep('[0.1, 10]', '1', '1')}\nsweep width = allg.encoder.out in [4, 8]\n`);
        expect(expandSweeps(build()).map(c => c.label)).toEqual(['alpha=0.1, width=4', 'alpha=0.1, width=8', 'alpha=10, width=4', 'alpha=10, width=8']);
    });
});

describe('sweeps the plan refuses, with the line', () => {
    const refused = async (text: string, message: RegExp) => {
        const { plan: build } = await plan(text);
        expect(build).toThrow(PlanBuildError);
        expect(build).toThrow(message);
    };

    it('a sweep of a parameter that is not scalar', async () => {
        const text = `${tiny}\nsweep widths = allg.encoder.hidden in [[16], [32]]\n`;
        await refused(text, new RegExp(`^line ${lineOf(text, 'sweep widths')}: \`sweep widths\`: \`mlp\`'s \`hidden\` takes a list of integer, not one value; a sweep varies one scalar parameter`));
    });

    it('a sweep of something that is not a parameter of a model', async () => {
        const text = `${tiny}\nsweep what = selection.queries in [1, 2]\n`;
        await refused(text, new RegExp(`^line ${lineOf(text, 'sweep what')}: \`sweep what\`: \`selection.queries\` is not a parameter of a model's component`));
    });

    it('an empty list', async () => {
        const text = `${tiny}\nsweep none = allg.encoder.out in []\n`;
        await refused(text, new RegExp(`^line ${lineOf(text, 'sweep none')}: \`sweep none\` is over an empty list: give at least one value`));
    });

    it('more than 1,000 configurations, saying how many and why', async () => {
        const text = allgSweep('[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]', '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]', '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]');
        const line = lineOf(text, 'graphPrior(alpha');
        await refused(text, new RegExp(`^line ${line}: the sweeps ask for 1,100 configurations \\(alpha 11 \\(line ${line}\\) × beta 10 \\(line ${line}\\) × lambda 10 \\(line ${line + 2}\\)\\); `
            + 'a run takes at most 1,000, because each configuration trains and evaluates the whole spec again \\(2 repeats each\\)'));
    });

    it('a parameter swept twice', async () => {
        const text = `${tiny.replace('out: 8, activation: relu), decoder', 'out: [4, 8], activation: relu), decoder')}\nsweep width = allg.encoder.out in [4, 8]\n`;
        await refused(text, new RegExp(`^line ${lineOf(text, 'sweep width')}: \`sweep width\`: \`allg.encoder.out\` is already swept by the list written there; sweep it once`));
    });

    it('a report of a metric the evaluation does not measure', async () => {
        const text = `${tiny}\nsweep width = allg.encoder.out in [4, 8] { report: selection.rocAuc }\n`;
        await refused(text, new RegExp(`^line ${lineOf(text, 'sweep width')}: \`sweep width\`: \`report: selection.rocAuc\`: \`selection\` measures accuracy; report one of them`));
    });

    it('a swept weight of a term', async () => {
        const text = tiny.replace('+ selfSelection(lambda: 1)', '+ [0.5, 2] * selfSelection(lambda: 1)');
        await refused(text, new RegExp(`^line ${lineOf(text, '[0.5, 2] * selfSelection')}: a term's weight takes one number: weights are not swept`));
    });

    it('a list in a view', async () => {
        const text = tiny.replace('view table(selection)', 'view dendrogram(selection, sample: [0, 1])');
        await refused(text, new RegExp(`^line ${lineOf(text, 'view dendrogram')}: a view draws a run's results and is not swept`));
    });
});
