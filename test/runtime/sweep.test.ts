// Expanding a plan's sweeps into its configurations (`runtime/plan/sweep.ts`), without the language: the Cartesian
// product in order, the values at their places, ties between terms following the swept value, list-valued
// parameters untouched, the refusals; choosing the best configuration per method; the CLI's sweep table.
import { describe, expect, it } from 'vitest';
import { PlanError } from '../../runtime/plan/args.js';
import { configurationCount, expandSweeps, isSweepSummary, MAX_CONFIGURATIONS, shownMetrics, summarizeSweep, type ConfigurationResult } from '../../runtime/plan/sweep.js';
import { resolveTermReferences } from '../../runtime/plan/terms.js';
import type { ExperimentPlan, PlanValue, SweepPlan } from '../../runtime/plan/types.js';
import type { MetricsSummary } from '../../runtime/runner/run-experiment.js';
import { formatSweepTables } from '../../server/cli/table.js';

/** ALLG's shape: a model with list-valued parameters, a joint stage whose propagation term is tied to graphPrior. */
function allgPlan(sweeps?: readonly SweepPlan[]): ExperimentPlan {
    return {
        format: 1,
        experiment: 'AllgSweep',
        properties: { seed: 1, repeats: 5 },
        datasets: [{ name: 'splice', source: { call: 'csv', args: { path: 'splice.csv' } }, properties: { features: { columns: ['p1', 'p60'] } } }],
        models: [{
            name: 'allg',
            layers: [{ call: 'autoencoder', args: { encoder: { call: 'mlp', args: { hidden: [512, 256], out: 64 } }, decoder: 'mirror' } }],
            parts: { selection: { call: 'selfSelection', args: {} } },
        }],
        trainings: [{
            model: 'allg', data: { ref: 'splice', member: 'candidates' }, stage: 'joint',
            objective: [
                { weight: 1, term: { call: 'reconstruction', args: {} } },
                { weight: 1, term: { call: 'graphPrior', args: { alpha: [0.1, 1, 10], beta: [0.1, 1, 10] } } },
                { weight: 1, term: { call: 'propagation', args: { alpha: { ref: 'graphPrior', member: 'alpha' }, beta: { ref: 'graphPrior', member: 'beta' } } } },
                { weight: 1, term: { call: 'selfSelection', args: { lambda: [0.1, 1, 10] } } },
            ],
            properties: { epochs: 2000 },
        }],
        evaluations: [{ name: 'selection', task: { call: 'activeLearning', args: { data: { ref: 'splice' } } }, properties: { selectors: [{ ref: 'allg', member: 'selection' }, 'randomSelection'], features: ['latent', 'original'] } }],
        views: [],
        ...(sweeps ? { sweeps } : {}),
    };
}

const term = (name: string, index: number): SweepPlan => ({
    name, kind: 'inline', target: `allgLoss.${index === 3 ? 'selfSelection' : 'graphPrior'}.${name}`, values: [0.1, 1, 10],
    at: [['trainings', 0, 'objective', index, 'term', 'args', name]], line: index === 3 ? 19 : 17,
});
const allgSweeps = () => [term('alpha', 1), term('beta', 1), term('lambda', 3)];

describe('expandSweeps', () => {
    it('is the Cartesian product of the axes, the first varying slowest, with each value at its place', () => {
        const plan = allgPlan(allgSweeps());
        expect(configurationCount(plan)).toBe(27);
        const configurations = expandSweeps(plan);
        expect(configurations).toHaveLength(27);
        expect(configurations.map(c => c.index)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
        expect(configurations.every(c => c.total === 27)).toBe(true);
        expect(configurations.slice(0, 4).map(c => c.label)).toEqual([
            'alpha=0.1, beta=0.1, lambda=0.1', 'alpha=0.1, beta=0.1, lambda=1', 'alpha=0.1, beta=0.1, lambda=10', 'alpha=0.1, beta=1, lambda=0.1',
        ]);
        expect(configurations[26]!.label).toBe('alpha=10, beta=10, lambda=10');
        // every combination once
        expect(new Set(configurations.map(c => c.label)).size).toBe(27);
        const c = configurations[5]!;   // alpha=0.1, beta=1, lambda=10
        expect(c.values).toEqual({ alpha: 0.1, beta: 1, lambda: 10 });
        expect(c.plan.trainings[0]!.objective[1]!.term.args).toEqual({ alpha: 0.1, beta: 1 });
        expect(c.plan.trainings[0]!.objective[3]!.term.args).toEqual({ lambda: 10 });
        expect('sweeps' in c.plan).toBe(false);
    });

    it('leaves list-valued parameters, references, the seed and the repeats as they are, and the plan itself untouched', () => {
        const plan = allgPlan(allgSweeps());
        const before = JSON.stringify(plan);
        for (const c of expandSweeps(plan)) {
            expect((c.plan.models[0]!.layers[0]!.args['encoder'] as { args: Record<string, PlanValue> }).args['hidden']).toEqual([512, 256]);
            expect(c.plan.evaluations[0]!.properties).toEqual(plan.evaluations[0]!.properties);
            expect(c.plan.datasets).toEqual(plan.datasets);
            expect(c.plan.properties).toEqual({ seed: 1, repeats: 5 });
            expect(c.plan.trainings[0]!.objective[2]!.term.args).toEqual({ alpha: { ref: 'graphPrior', member: 'alpha' }, beta: { ref: 'graphPrior', member: 'beta' } });
        }
        expect(JSON.stringify(plan)).toBe(before);
        // configurations share nothing: changing one leaves the others alone
        const [a, b] = expandSweeps(plan);
        (a!.plan.trainings[0]!.objective[1]!.term.args as Record<string, PlanValue>)['alpha'] = 99;
        expect(b!.plan.trainings[0]!.objective[1]!.term.args['alpha']).toBe(0.1);
    });

    it('carries the swept value of graphPrior into the propagation term tied to it, in every configuration', () => {
        for (const c of expandSweeps(allgPlan(allgSweeps()))) {
            const resolved = resolveTermReferences(c.plan.trainings[0]!.objective, 'train allg');
            expect(resolved[2]!.term).toEqual({ call: 'propagation', args: { alpha: c.values['alpha'], beta: c.values['beta'] } });
            expect(resolved[1]!.term.args).toEqual({ alpha: c.values['alpha'], beta: c.values['beta'] });
        }
    });

    it('puts one axis at every place it goes to, and a value where the spec left the default', () => {
        const plan = allgPlan([{
            name: 'width', kind: 'declared', target: 'allg.encoder.out', values: [32, 64],
            at: [['models', 0, 'layers', 0, 'args', 'encoder', 'args', 'out'], ['trainings', 0, 'properties', 'batch']],
        }]);
        const [first, second] = expandSweeps(plan);
        expect(second!.plan.models[0]!.layers[0]!.args['encoder']).toEqual({ call: 'mlp', args: { hidden: [512, 256], out: 64 } });
        expect(first!.plan.trainings[0]!.properties).toEqual({ epochs: 2000, batch: 32 });
        expect(first!.label).toBe('width=32');
    });

    it('is the plan itself, once, without sweeps', () => {
        const plan = allgPlan();
        expect(configurationCount(plan)).toBe(1);
        const [only, ...rest] = expandSweeps(plan);
        expect(rest).toEqual([]);
        expect(only).toEqual({ index: 1, total: 1, label: '', values: {}, plan });
    });
});

describe('expandSweeps refuses', () => {
    const refuses = (sweeps: SweepPlan[], message: RegExp) => {
        expect(() => expandSweeps(allgPlan(sweeps))).toThrow(PlanError);
        expect(() => expandSweeps(allgPlan(sweeps))).toThrow(message);
    };

    it('more than 1,000 configurations, saying how many, from what and why', () => {
        const big = (name: string, n: number, line: number): SweepPlan => ({ ...term(name, 1), values: Array.from({ length: n }, (_, i) => i + 1), line });
        expect(MAX_CONFIGURATIONS).toBe(1000);
        refuses([big('alpha', 10, 17), big('beta', 10, 17), { ...big('lambda', 11, 19), at: [['trainings', 0, 'objective', 3, 'term', 'args', 'lambda']] }],
            /^line 17: the sweeps ask for 1,100 configurations \(alpha 10 \(line 17\) × beta 10 \(line 17\) × lambda 11 \(line 19\)\); a run takes at most 1,000, because each configuration trains and evaluates the whole spec again \(5 repeats each\)/);
        // 1,000 is still allowed
        expect(configurationCount(allgPlan([big('alpha', 10, 17), big('beta', 10, 17), { ...big('lambda', 10, 19), at: [['trainings', 0, 'objective', 3, 'term', 'args', 'lambda']] }]))).toBe(1000);
        expect(() => expandSweeps(allgPlan([big('alpha', 10, 17), big('beta', 10, 17), { ...big('lambda', 10, 19), at: [['trainings', 0, 'objective', 3, 'term', 'args', 'lambda']] }]))).not.toThrow();
    });

    it('an empty list', () => {
        refuses([{ ...term('alpha', 1), values: [] }], /^line 17: the sweep of `allgLoss.graphPrior.alpha` is over an empty list: give at least one value/);
    });

    it('values that are not one value of a scalar parameter', () => {
        refuses([{ ...term('alpha', 1), values: [[1, 2], [3]] }], /^line 17: the sweep of `allgLoss.graphPrior.alpha`: each value of a sweep is one value of a scalar parameter, not a list/);
    });

    it('a place the plan does not have, and a place swept twice', () => {
        refuses([{ ...term('alpha', 1), at: [['trainings', 4, 'objective', 1, 'term', 'args', 'alpha']] }], /the plan has no place trainings\.4\.objective/);
        refuses([term('alpha', 1), { ...term('alpha', 1), name: 'again', kind: 'declared', line: 30 }], /^line 30: `sweep again` varies `allgLoss.graphPrior.alpha`, which `alpha` \(line 17\) varies already: sweep it once/);
    });

    it('a report of an evaluation the plan does not have', () => {
        refuses([{ ...term('alpha', 1), report: { evaluation: 'downstream', metric: 'rocAuc' } }], /`report: downstream.rocAuc` names no evaluation of this spec \(its evaluations: selection\)/);
    });
});

/** A metrics summary of one evaluation: per method, `ari` and `dasgupta`. */
function clusters(scores: Record<string, [number, number]>): MetricsSummary {
    return {
        clusters: {
            task: 'hierarchicalClustering', data: 'moons.test', k: 4, sets: 4, metrics: ['ari', 'dasgupta'],
            methods: Object.fromEntries(Object.entries(scores).map(([method, [ari, dasgupta]]) => [method, {
                kind: method === 'embed' ? 'model' as const : 'baseline' as const,
                scores: { ari: { mean: ari, sd: 0.01 }, dasgupta: { mean: dasgupta, sd: 0.02 } },
            }])),
        },
    };
}

describe('summarizeSweep', () => {
    const plan: ExperimentPlan = { ...allgPlan([{ ...term('alpha', 1), values: [0.1, 1, 10] }]) };
    const results: ConfigurationResult[] = [
        { index: 1, label: 'alpha=0.1', values: { alpha: 0.1 }, files: 'config-1', seconds: 1, metrics: clusters({ embed: [0.5, 0.3], ward: [0.6, 0.25] }) },
        { index: 2, label: 'alpha=1', values: { alpha: 1 }, files: 'config-2', seconds: 1, metrics: clusters({ embed: [0.9, 0.28], ward: [0.6, 0.25] }) },
        { index: 3, label: 'alpha=10', values: { alpha: 10 }, files: 'config-3', seconds: 1, error: 'epoch 3 of 5: the loss term `graphPrior` became NaN' },
    ];

    it('picks each method\'s best configuration by the criterion (the first on ties), and shows the first method\'s', () => {
        const summary = summarizeSweep(plan, results, { clusters: { metric: 'ari', higherIsBetter: true, chosenBy: 'headline' } });
        expect(isSweepSummary(summary)).toBe(true);
        expect(isSweepSummary(results[0]!.metrics)).toBe(false);
        expect(summary.best['clusters']!.methods).toEqual({
            embed: { configuration: 2, label: 'alpha=1', mean: 0.9, sd: 0.01 },
            ward: { configuration: 1, label: 'alpha=0.1', mean: 0.6, sd: 0.01 },
        });
        expect(summary.sweep.shown).toEqual({ configuration: 2, label: 'alpha=1', evaluation: 'clusters', method: 'embed', metric: 'ari' });
        expect(summary.sweep.selection).toMatch(/on the data the evaluation scores \(its own test split, unless the spec evaluates on a validation part\), as the ALLG paper does/);
        expect(summary.sweep.axes).toEqual([{ name: 'alpha', kind: 'inline', target: 'allgLoss.graphPrior.alpha', values: ['0.1', '1', '10'], line: 17 }]);
        expect(shownMetrics(summary)).toBe(results[1]!.metrics);
    });

    it('follows a metric where lower is better', () => {
        const summary = summarizeSweep(plan, results, { clusters: { metric: 'dasgupta', higherIsBetter: false, chosenBy: 'report' } });
        expect(summary.best['clusters']!.methods['embed']).toMatchObject({ configuration: 2, mean: 0.28 });
        expect(summary.best['clusters']!.chosenBy).toBe('report');
    });

    it('prints a row per configuration, a column per method, every best of a column marked, and the failed ones', () => {
        const summary = summarizeSweep(plan, results, { clusters: { metric: 'ari', higherIsBetter: true, chosenBy: 'headline' } });
        const text = formatSweepTables(summary);
        expect(text).toContain('sweep: 3 configurations: alpha ∈ {0.1, 1, 10} (line 17)');
        const lines = text.split('\n');
        const header = lines.findIndex(l => /^#\s+configuration\s+embed\s+ward$/.test(l));
        expect(header, text).toBeGreaterThan(0);
        expect(lines[header - 1]).toBe('clusters: ari per configuration (hierarchicalClustering on moons.test; mean ± sd over the sets)');
        expect(lines[header + 2]).toMatch(/^1\s+alpha=0\.1\s+0\.500 ± 0\.010\s+0\.600 ± 0\.010 \*$/);
        expect(lines[header + 3]).toMatch(/^2\s+alpha=1\s+0\.900 ± 0\.010 \*\s+0\.600 ± 0\.010 \*$/);
        expect(lines[header + 4]).toMatch(/^3\s+alpha=10\s+failed\s+failed$/);
        expect(lines[header + 5]).toBe('* best per method by ari (the headline metric of clusters; higher is better), chosen on the data it scores, moons.test, '
            + 'as the ALLG paper chooses its trade-offs on its test split; chosen on test data, the best score is optimistic');
        expect(text).toContain('configuration 3 (alpha=10) failed: epoch 3 of 5: the loss term `graphPrior` became NaN');
        // the columns line up
        const rows = lines.slice(header, header + 5);
        expect(new Set(rows.slice(2, 4).map(r => r.length)).size).toBe(1);
    });
});
