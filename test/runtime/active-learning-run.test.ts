// The active-learning protocol end to end on a small spec (ALLG, DUAL, K-means and random selection, two repeats):
// what the run folder holds, that the pre-training stage leaves the sample parts alone, and the clear refusals.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../language/plan/build-plan.js';
import { summarizeActiveLearning } from '../../runtime/eval/active-learning.js';
import { queryBudgets, runExperiment, type RunEventBody, type RunOptions } from '../../runtime/runner/run-experiment.js';
import { checkFiles } from '../../server/cli/check.js';
import { formatMetricsTable, formatQueriesTables } from '../../server/cli/table.js';
import type { ActiveLearningArtefact } from '../../server/protocol.js';

const fixtures = path.join(__dirname, '..', 'fixtures', 'run');
let workspace: string;

beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-al-'));
    for (const f of ['splice-160.csv', 'allg-tiny.expspec']) fs.copyFileSync(path.join(fixtures, f), path.join(workspace, f));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

async function prepare(edit?: (text: string) => string): Promise<RunOptions> {
    const specPath = path.join(workspace, 'allg-tiny.expspec');
    const original = fs.readFileSync(path.join(fixtures, 'allg-tiny.expspec'), 'utf8');
    fs.writeFileSync(specPath, edit ? edit(original) : original);
    const [report] = await checkFiles([specPath], workspace);
    expect(report!.diagnostics.map(d => d.message)).toEqual([]);
    return { plan: buildPlan(report!.spec!), specText: fs.readFileSync(specPath, 'utf8'), specFile: 'allg-tiny.expspec', specDir: workspace, workspace, backend: 'wasm' };
}

describe('activeLearning', () => {
    it('scores every selector × classifier × features over the budgets and repeats, and writes the curves', async () => {
        const events: RunEventBody[] = [];
        const outcome = await runExperiment({ ...await prepare(), onEvent: e => events.push(e) });
        expect(outcome.status, outcome.error).toBe('completed');
        // two repeats, each training both models again
        expect(events.filter(e => e.type === 'repeat').map(e => e.type === 'repeat' && e.seed)).toEqual([2, 3]);
        const starts = events.filter((e): e is Extract<RunEventBody, { type: 'trainStart' }> => e.type === 'trainStart');
        expect(starts.map(e => `${e.model}/${e.stage ?? ''}#${e.repeat}`)).toEqual(['allg/pretrain#1', 'allg/joint#1', 'dualNet/#1', 'allg/pretrain#2', 'allg/joint#2', 'dualNet/#2']);
        // the pre-training stage trains the auto-encoder alone; the joint stage adds A₁, A₂ and Q (3 × 80²)
        const [pretrain, joint] = starts;
        expect(joint!.parameters - pretrain!.parameters).toBe(3 * 80 * 80);
        const epochs = events.filter((e): e is Extract<RunEventBody, { type: 'epoch' }> => e.type === 'epoch' && e.model === 'allg');
        expect(Object.keys(epochs.find(e => e.stage === 'pretrain')!.loss).sort()).toEqual(['reconstruction', 'total']);
        const jointLoss = epochs.find(e => e.stage === 'joint')!.loss;
        // the self-selection term's two parts are logged beside the terms (the paper's convergence figure plots supNorm)
        expect(Object.keys(jointLoss).sort()).toEqual(['graphPrior', 'propagation', 'reconstruction', 'selfExpression', 'selfSelection', 'supNorm', 'total']);
        expect(jointLoss['selfSelection']!).toBeCloseTo(jointLoss['selfExpression']! + 1 * jointLoss['supNorm']!, 2);
        expect(jointLoss['total']!).toBeCloseTo(jointLoss['reconstruction']! + jointLoss['graphPrior']! + jointLoss['propagation']! + jointLoss['selfSelection']!, 2);

        const summary = outcome.metrics['selection']!;
        expect(summary.task).toBe('activeLearning');
        expect(summary.sets).toBe(2);
        expect([...summary.metrics].sort()).toEqual(['lr', 'lr (original)', 'svm', 'svm (original)']);
        expect(Object.keys(summary.methods)).toEqual(['allg', 'dualNet', 'kmeansSelection', 'randomSelection']);
        expect(summary.methods['allg']!.kind).toBe('model');
        expect(summary.methods['kmeansSelection']!.kind).toBe('baseline');
        expect(summary.paper).toEqual({ allg: 0.7703 });

        const artefact = JSON.parse(fs.readFileSync(path.join(outcome.dir, 'selection.queries.json'), 'utf8')) as ActiveLearningArtefact;
        expect(artefact).toMatchObject({ evaluation: 'selection', data: 'splice', candidates: 80, test: 80, queries: [10, 20, 30], repeats: 2, metric: 'accuracy' });
        expect(artefact.curves).toHaveLength(4 * 2 * 2);
        for (const c of artefact.curves) {
            expect(c.perRepeat).toHaveLength(2);
            for (const accuracies of c.perRepeat) {
                expect(accuracies).toHaveLength(3);
                for (const a of accuracies) expect(a).toBeGreaterThanOrEqual(0), expect(a).toBeLessThanOrEqual(1);
            }
            // the summary's cell is the mean over the repeats of each repeat's mean over the budgets
            const perRepeatMeans = c.perRepeat.map(r => r.reduce((x, y) => x + y, 0) / r.length);
            expect(c.average.mean).toBeCloseTo((perRepeatMeans[0]! + perRepeatMeans[1]!) / 2, 12);
            expect(summary.methods[c.method]!.scores[c.features === 'original' ? `${c.classifier} (original)` : c.classifier]).toEqual(c.average);
            for (let q = 0; q < 3; q++) expect(c.mean[q]).toBeCloseTo((c.perRepeat[0]![q]! + c.perRepeat[1]![q]!) / 2, 12);
        }
        // what each selector queried: class shares that sum to 1 at every budget, the same for every classifier of a selector
        expect(artefact.candidateClassShare!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const c of artefact.curves) {
            expect(c.queried!.classShare).toHaveLength(3);
            for (const share of c.queried!.classShare) expect(share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
            for (const covered of c.queried!.classesCovered) expect(covered).toBeGreaterThanOrEqual(1), expect(covered).toBeLessThanOrEqual(2);
            expect(c.queried).toEqual(artefact.curves.find(o => o.method === c.method)!.queried);
        }
        // a random order per repeat: larger budgets label the smaller ones' samples, so the two repeats differ
        const random = artefact.curves.find(c => c.method === 'randomSelection' && c.classifier === 'svm' && c.features === 'original')!;
        expect(random.perRepeat[0]).not.toEqual(random.perRepeat[1]);

        // the embedding rings ALLG's top-ranked candidates (as many as the largest budget)
        const embedding = JSON.parse(fs.readFileSync(path.join(outcome.dir, 'embedding.allg.splice-candidates.json'), 'utf8')) as { sets: { selected?: number[] }[] };
        expect(embedding.sets[0]!.selected).toHaveLength(30);
        expect(new Set(embedding.sets[0]!.selected).size).toBe(30);

        // the CLI's tables
        expect(formatMetricsTable(outcome.metrics)).toContain('mean ± sd over 2 repeats');
        const tables = formatQueriesTables(artefact);
        expect(tables).toContain('svm, original features');
        expect(tables.split('\n').find(l => l.startsWith('allg'))).toMatch(/^allg(\s+\d\.\d{3}){3}\s+\d\.\d{3} ± \d\.\d{3}$/);
        expect(tables).toContain('selection: share of the most frequent class among the queries (classes covered, of 2; mean over 2 repeats)');
        expect(tables.split('\n').find(l => l.startsWith('all candidates'))).toMatch(/^all candidates(\s+0\.\d\d \(2\)){3}$/);
    }, 120_000);

    it('is deterministic for a seed', async () => {
        const options = await prepare(t => t.replace('repeats: 2', 'repeats: 1'));
        const a = await runExperiment(options);
        const b = await runExperiment(options);
        expect(a.status, a.error).toBe('completed');
        expect(b.metrics).toEqual(a.metrics);
    }, 120_000);

    it('refuses a dataset without a candidates/test split, and a selection head of a model trained on other data', async () => {
        const unsplit = await runExperiment(await prepare(t => t.replace('  split: candidates 50%, test 50%\n', '').replaceAll('splice.candidates', 'splice')));
        expect(unsplit.status).toBe('failed');
        expect(unsplit.error).toMatch(/activeLearning needs `splice` split into candidates and test/);
        const elsewhere = await runExperiment(await prepare(t => t
            .replace('split: candidates 50%, test 50%', 'split: candidates 40%, test 40%, other 20%')
            .replace('train allg on splice.candidates', 'train allg on splice.other')));
        expect(elsewhere.status).toBe('failed');
        expect(elsewhere.error).toMatch(/`allg` is trained on `splice.other`, but the candidates are `splice.candidates`: train it on the candidates/);
    }, 120_000);
});

describe('the ablations of the ALLG paper', () => {
    const graphLine = '  graph: learnableGraph(prior: knn(k: 5), layers: 2, shortcut: shortcut(from: 1, r: 0.3))\n';
    const variants: Record<string, string> = {
        'no graph': '',
        'the k-NN graph only': '  graph: learnableGraph(prior: knn(k: 5), layers: 1, learned: false)\n',
        'one learned graph': '  graph: learnableGraph(prior: knn(k: 5), layers: 1)\n',
        'two tied graphs': '  graph: learnableGraph(prior: knn(k: 5), layers: 2, tied: true, shortcut: shortcut(from: 1, r: 0.3))\n',
        'two graphs without the shortcut': '  graph: learnableGraph(prior: knn(k: 5), layers: 2)\n',
    };
    // learned n×n matrices the joint stage trains besides the auto-encoder: A's and Q
    const learned: Record<string, number> = { 'no graph': 1, 'the k-NN graph only': 1, 'one learned graph': 2, 'two tied graphs': 2, 'two graphs without the shortcut': 3 };
    it.each(Object.keys(variants))('%s trains and selects', async variant => {
        const options = await prepare(t => {
            let text = t.replace('repeats: 2', 'repeats: 1').replace(graphLine, variants[variant]!);
            // without a learned graph the graph terms have nothing to regularise
            if (learned[variant] === 1) text = text.replace(/\+ graphPrior\([^)]*\)\n\s*\+ propagation\([^)]*\)\n\s*/, '');
            return text;
        });
        const events: RunEventBody[] = [];
        const outcome = await runExperiment({ ...options, onEvent: e => events.push(e) });
        expect(outcome.status, outcome.error).toBe('completed');
        const starts = events.filter((e): e is Extract<RunEventBody, { type: 'trainStart' }> => e.type === 'trainStart' && e.model === 'allg');
        expect(starts[1]!.parameters - starts[0]!.parameters).toBe(learned[variant]! * 80 * 80);
        expect(outcome.metrics['selection']!.methods['allg']!.scores['svm']!.mean).toBeGreaterThan(0);
    }, 120_000);
});

describe('query budgets', () => {
    it('reads a stepped range, a list and a single budget', () => {
        expect(queryBudgets({ from: 25, to: 225, step: 25 })).toEqual([25, 50, 75, 100, 125, 150, 175, 200, 225]);
        expect(queryBudgets([10, 40])).toEqual([10, 40]);
        expect(queryBudgets(5)).toEqual([5]);
    });
});

describe('summarizeActiveLearning', () => {
    it('averages the queried class shares and the classes covered over the repeats', () => {
        const curve = (classCounts: number[][]) => ({ method: 'm', kind: 'selector' as const, classifier: 'svm', features: 'original' as const, accuracy: [0.5, 0.6], classCounts });
        const [summary] = summarizeActiveLearning([[curve([[3, 1], [5, 5]])], [curve([[2, 2], [10, 0]])]]);
        expect(summary!.queried.classShare).toEqual([[0.625, 0.375], [0.75, 0.25]]);
        expect(summary!.queried.classesCovered).toEqual([2, 1.5]);
    });
});
