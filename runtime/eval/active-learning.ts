// The `activeLearning` protocol (methods.md §1): every selector picks m candidates to label, for each budget m;
// every classifier is trained on the picked candidates (on the selector model's latent features and/or the
// original ones, "ALLG O") and scored on the test part. One call scores one repeat; `summarizeActiveLearning`
// combines the repeats into curves (mean ± sd per budget) and the paper's summary, the mean over the budgets.
import type { SampleSet } from '../data/dataset.js';
import { accuracy, type Classifier } from '../classify/index.js';
import { yieldNowAndThen } from '../train/trainer.js';

export type FeatureSet = 'latent' | 'original';

/** Features of the candidate and test rows, row-major. */
export interface FeatureTable {
    readonly candidates: Float32Array;
    readonly test: Float32Array;
    readonly dim: number;
}

export interface Selector {
    /** As the spec names it: the model for a model's selection head, else the selector component. */
    readonly name: string;
    readonly kind: 'model' | 'selector';
    /** The candidates to label for budget m (indices into the candidates). */
    select(m: number): Int32Array;
    /** Its latent features (a model's own; a plain selector uses the first model's). */
    readonly latent?: FeatureTable;
}

export interface ActiveLearningInput {
    readonly candidates: SampleSet;
    readonly test: SampleSet;
    readonly queries: readonly number[];
    readonly selectors: readonly Selector[];
    readonly classifiers: readonly Classifier[];
    readonly features: readonly FeatureSet[];
    readonly onProgress?: (done: number, total: number) => void;
    readonly signal?: AbortSignal;
}

/** One curve of one repeat: accuracy per budget. */
export interface RepeatCurve {
    readonly method: string;
    readonly kind: 'model' | 'selector';
    readonly classifier: string;
    readonly features: FeatureSet;
    readonly accuracy: readonly number[];
    /** `[budget][class]`: how many of the selector's queries fall in each class (the same for every classifier). */
    readonly classCounts: readonly (readonly number[])[];
}

/** The rows `picked` of a row-major table, widened for the classifiers. */
function rowsOf(table: Float32Array, dim: number, picked: ArrayLike<number>): Float64Array {
    const out = new Float64Array(picked.length * dim);
    for (let i = 0; i < picked.length; i++) {
        const r = picked[i]!;
        for (let c = 0; c < dim; c++) out[i * dim + c] = table[r * dim + c]!;
    }
    return out;
}

export async function scoreActiveLearningRepeat(input: ActiveLearningInput): Promise<RepeatCurve[]> {
    const { candidates, test, queries, selectors, classifiers, features } = input;
    const original: FeatureTable = { candidates: candidates.x, test: test.x, dim: candidates.dim };
    const testWide = new Map<FeatureTable, Float64Array>();
    const wide = (table: FeatureTable) => {
        let w = testWide.get(table);
        if (!w) { w = Float64Array.from(table.test); testWide.set(table, w); }
        return w;
    };
    const curves: RepeatCurve[] = [];
    const classes = 1 + Math.max(0, ...candidates.labels, ...test.labels);
    const total = selectors.length * queries.length;
    let done = 0;
    for (const selector of selectors) {
        const results = new Map<string, number[]>();
        const classCounts: number[][] = [];
        for (const m of queries) {
            await yieldNowAndThen();
            if (input.signal?.aborted) throw input.signal.reason;
            const picked = selector.select(Math.min(m, candidates.rows));
            const labels = Int32Array.from(picked, i => candidates.labels[i]!);
            const counts = new Array<number>(classes).fill(0);
            for (const label of labels) if (label >= 0) counts[label]!++;
            classCounts.push(counts);
            for (const which of features) {
                const table = which === 'original' ? original : selector.latent;
                if (!table) continue;
                const x = rowsOf(table.candidates, table.dim, picked);
                for (const classifier of classifiers) {
                    const fitted = classifier.fit(x, picked.length, table.dim, labels);
                    const predicted = fitted.predict(wide(table), test.rows);
                    const key = `${classifier.name}\u0000${which}`;
                    const list = results.get(key) ?? [];
                    list.push(accuracy(test.labels, predicted));
                    results.set(key, list);
                }
            }
            input.onProgress?.(++done, total);
        }
        for (const [key, accuracyPerBudget] of results) {
            const [classifier, which] = key.split('\u0000') as [string, FeatureSet];
            curves.push({ method: selector.name, kind: selector.kind, classifier, features: which, accuracy: accuracyPerBudget, classCounts });
        }
    }
    return curves;
}

export interface SummaryCurve {
    readonly method: string;
    readonly kind: 'model' | 'selector';
    readonly classifier: string;
    readonly features: FeatureSet;
    readonly mean: number[];
    readonly sd: number[];
    readonly perRepeat: number[][];
    /** Mean over the budgets, per repeat, then mean ± sd over the repeats. */
    readonly average: { mean: number; sd: number };
    /** Per budget, the share of each class among the queries (`[budget][class]`), and the number of classes they cover; means over the repeats. */
    readonly queried: { readonly classShare: number[][]; readonly classesCovered: number[] };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: readonly number[]) => { const m = mean(v); return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length); };

/** Curves over the repeats (each repeat a list of curves with the same keys). */
export function summarizeActiveLearning(repeats: readonly (readonly RepeatCurve[])[]): SummaryCurve[] {
    const byKey = new Map<string, RepeatCurve[]>();
    for (const curves of repeats) {
        for (const c of curves) {
            const key = `${c.method}\u0000${c.classifier}\u0000${c.features}`;
            byKey.set(key, [...(byKey.get(key) ?? []), c]);
        }
    }
    return [...byKey.values()].map(list => {
        const perRepeat = list.map(c => [...c.accuracy]);
        const budgets = perRepeat[0]!.length;
        const column = (q: number) => perRepeat.map(r => r[q]!);
        const averages = perRepeat.map(mean);
        const counts = list.map(c => c.classCounts);
        const queried = {
            classShare: Array.from({ length: budgets }, (_, q) => counts[0]![q]!.map((_, k) =>
                mean(counts.map(r => { const n = r[q]!.reduce((a, b) => a + b, 0); return n > 0 ? r[q]![k]! / n : 0; })))),
            classesCovered: Array.from({ length: budgets }, (_, q) => mean(counts.map(r => r[q]!.filter(c => c > 0).length))),
        };
        return {
            method: list[0]!.method, kind: list[0]!.kind, classifier: list[0]!.classifier, features: list[0]!.features,
            mean: Array.from({ length: budgets }, (_, q) => mean(column(q))),
            sd: Array.from({ length: budgets }, (_, q) => sd(column(q))),
            perRepeat,
            average: { mean: mean(averages), sd: sd(averages) },
            queried,
        };
    });
}

/** The metric a curve's average is reported under: `svm` on latent features, `svm (original)` on the original ones. */
export function summaryMetricName(classifier: string, features: FeatureSet): string {
    return features === 'original' ? `${classifier} (original)` : classifier;
}
