// From a validated spec to the runtime's execution plan (`language/plan/build-plan.ts`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../language/plan/build-plan.js';
import type { Spec } from '../../language/generated/ast.js';
import { unimplementedComponents } from '../../runtime/plan/implemented.js';
import { checkFiles } from '../../server/cli/check.js';
import { examplesDir, repoRoot } from './services.js';

async function specOf(file: string): Promise<Spec> {
    const [report] = await checkFiles([file], repoRoot);
    return report!.spec!;
}

async function planOfText(text: string) {
    const file = path.join(examplesDir, `plan-test-${Math.random().toString(36).slice(2)}.expspec`);
    fs.writeFileSync(file, text);
    try {
        return buildPlan(await specOf(file));
    } finally {
        fs.rmSync(file);
    }
}

describe('buildPlan', () => {
    it('resolves the hyphc-moons example to datasets, models, weighted objective terms, training and evaluation', async () => {
        const plan = buildPlan(await specOf(path.join(examplesDir, 'hyphc-moons.expspec')));
        expect(plan.experiment).toBe('MoonsHierarchy');
        expect(plan.properties).toEqual({ seed: 0 });
        expect(plan.datasets).toEqual([{
            name: 'moons',
            source: { call: 'pointSets', args: { source: { call: 'moons', args: { noise: { from: 0, to: 0.16 } } }, points: { from: 200, to: 300 }, labeled: 0.3 } },
            properties: {},
            split: { parts: [{ name: 'train', size: 100, fraction: false }, { name: 'validation', size: 20, fraction: false }, { name: 'test', size: 200, fraction: false }] },
        }]);
        expect(plan.models).toEqual([{
            name: 'embed',
            layers: [
                { call: 'mlp', args: { hidden: [64, 64, 64, 64], out: 2, activation: { call: 'leakyRelu', args: { slope: 0.2 } }, batchNorm: true } },
                { call: 'poincare', args: { scale: 'learned' } },
            ],
            parts: {},
        }]);
        expect(plan.trainings).toHaveLength(1);
        const training = plan.trainings[0]!;
        expect(training.model).toBe('embed');
        expect(training.data).toEqual({ ref: 'moons', member: 'train' });
        expect(training.objectiveName).toBe('hierarchy');
        expect(training.objective).toEqual([
            { weight: 0.1, term: { call: 'hyphc', args: { temperature: 0.1 } } },
            { weight: 1, term: { call: 'triplet', args: { margin: 1, similarity: 'cosine' } } },
        ]);
        expect(training.properties['earlyStopping']).toEqual({ call: 'earlyStopping', args: { on: { ref: 'moons', member: 'validation' }, metric: 'ari', patience: 5 } });
        expect(plan.evaluations[0]!.task).toEqual({ call: 'hierarchicalClustering', args: { model: { ref: 'embed' }, data: { ref: 'moons', member: 'test' }, k: 4 } });
        expect(plan.evaluations[0]!.properties['paper']).toEqual({ record: { embed: 0.96 } });
        expect(plan.views.map(v => v.view.call)).toEqual(['dendrogram', 'embedding', 'table']);
        // the plan is plain JSON: it survives a round trip unchanged
        expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    });

    it('flattens stages in order, each with the block\'s shared properties and its own', async () => {
        const plan = buildPlan(await specOf(path.join(examplesDir, 'allg-splice.expspec')));
        const stages = plan.trainings.filter(t => t.model === 'allg');
        expect(stages.map(s => s.stage)).toEqual(['pretrain', 'joint']);
        expect(stages[0]!.objective).toEqual([{ weight: 1, term: { call: 'reconstruction', args: {} } }]);
        expect(stages[0]!.properties['epochs']).toBe(300);
        expect(stages[1]!.objectiveName).toBe('allgLoss');
        expect(stages[1]!.objective.length).toBeGreaterThan(1);
    });

    it('multiplies nested weights and negates subtracted terms', async () => {
        const plan = await planOfText(`experiment E { seed: 1 }
dataset d = pointSets(source: moons(noise: 0.1), points: 50) { split: train 2, test 2 }
model m = mlp(hidden: [8], out: 2) then poincare(scale: learned)
objective o = 2 * (0.5 * hyphc() + triplet()) - 0.25 * triplet(margin: 0.2)
train m on d.train { objective: o, epochs: 1 }
`);
        expect(plan.trainings[0]!.objective).toEqual([
            { weight: 1, term: { call: 'hyphc', args: {} } },
            { weight: 2, term: { call: 'triplet', args: {} } },
            { weight: -0.25, term: { call: 'triplet', args: { margin: 0.2 } } },
        ]);
    });

    it('refuses a spec without an experiment, with the line of what it refuses', async () => {
        await expect(planOfText('dataset d = pointSets(source: moons(noise: 0.1))\n')).rejects.toThrow(/declares no `experiment`/);
        await expect(planOfText(`experiment E { seed: 1 }
experiment F { seed: 2 }
`)).rejects.toThrow(/line 2: the spec declares 2 experiments/);
    });

    it('has no `sweeps` for a spec without one (config.json as before)', async () => {
        const plan = buildPlan(await specOf(path.join(examplesDir, 'hyphc-moons.expspec')));
        expect('sweeps' in plan).toBe(false);
    });

    it('puts `a + b` outside an objective side by side, in order (a sequence encoder\'s fields)', async () => {
        const plan = buildPlan(await specOf(path.join(examplesDir, 'coles-events.expspec')));
        const encoder = plan.models.find(m => m.name === 'coles')!.layers[0]!;
        expect(encoder).toMatchObject({ call: 'sequenceEncoder', args: { fields: { sum: [
            { call: 'embed', args: { mcc_code: 48, currency: 4 } },
            { call: 'scale', args: { amount: 'signedLog' } },
        ] } } });
    });
});

describe('every example', () => {
    const files = fs.readdirSync(examplesDir).filter(f => f.endsWith('.expspec'));
    // The methods whose runtime has not landed: their examples plan, and the run refuses naming what is missing.
    const notYetRun: Record<string, string[]> = {
        'coles-events.expspec': ["the layer 'sequenceEncoder'", "the fieldEncoding 'embed'", "the rnn 'gru'", "the objective 'contrastiveMargin'"],
        'dah-digits.expspec': ["the layer 'hashLayer'", "the objective 'mkmmd'", "the task 'hashRetrieval'"],
        'protein-families.expspec': ["the layer 'proteinEncoder'", "the objective 'maskedResidue'", "the baseline 'hmmer'"],
    };
    it.each(files)('%s builds a plan; the runtime runs it or names each component it does not run yet', async file => {
        const plan = buildPlan(await specOf(path.join(examplesDir, file)));
        const missing = unimplementedComponents(plan);
        if (notYetRun[file]) expect(missing).toEqual(expect.arrayContaining(notYetRun[file]));
        else expect(missing).toEqual([]);
    });
});
