// The classifiers of the evaluation protocols against scikit-learn 1.2.1 (fixtures from
// scripts/reference/classifiers.py): SVC (libsvm) with linear / rbf / poly kernels and LogisticRegression (lbfgs),
// on training sets shaped like the active-learning protocol's (25, 100, 225 rows of one-hot splice junctions,
// standardised letters, digits), larger ones, and small hand-made sets; plus the API, its errors and edge cases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    accuracy, buildClassifier, ClassifierInputError, fitLogistic, fitSvc, LogisticModel, scaleGamma, SvcModel,
    type FittedClassifier,
} from '../../runtime/classify/index.js';
import { PlanError } from '../../runtime/plan/args.js';
import type { PlanCall } from '../../runtime/plan/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtureDir = path.join(root, 'test/fixtures/reference/classify');

interface RawMatrix { rows: number; dim: number; x: number[]; y: number[] }
interface Matrix { rows: number; dim: number; x: Float64Array; y: Int32Array }
interface SvcPairRef { classes: [number, number]; rho: number; objective: number; supportVectors: number; decision: number[] }
interface SvcResult { call: PlanCall & { args: { kernel: 'linear' | 'rbf' | 'poly'; C: number } }; gamma: number; accuracy: number; predictions: number[]; pairs: SvcPairRef[] }
interface LrResult { call: PlanCall; accuracy: number; predictions: number[]; classes: number[]; coef: number[]; coefRows: number; intercept: number[]; nIter: number; converged: boolean }
type Result = SvcResult | LrResult;
interface Case { name: string; test: string; train: RawMatrix; results: Result[] }
interface Fixture {
    versions: Record<string, string>;
    tests: Record<string, RawMatrix | { xOf: string; y: number[] }>;
    cases: Case[];
}

const FILES = ['hand', 'splice', 'letter', 'digits'] as const;
const fixtures = Object.fromEntries(FILES.map(f =>
    [f, JSON.parse(fs.readFileSync(path.join(fixtureDir, `${f}.json`), 'utf8')) as Fixture])) as Record<typeof FILES[number], Fixture>;

const matrix = (m: RawMatrix): Matrix => ({ rows: m.rows, dim: m.dim, x: Float64Array.from(m.x), y: Int32Array.from(m.y) });
function testSet(fx: Fixture, name: string): Matrix {
    const t = fx.tests[name]!;
    if ('xOf' in t) return { ...matrix(fx.tests[t.xOf] as RawMatrix), y: Int32Array.from(t.y) };
    return matrix(t);
}
const isSvc = (r: Result): r is SvcResult => r.call.call === 'svm';
const label = (r: Result): string => `${r.call.call}${Object.keys(r.call.args).length ? JSON.stringify(r.call.args) : ''}`;
/** Data whose kernel values are exact in floating point (integer features: one-hot splice, raw digits). */
const exactData = (c: Case): boolean => c.train.x.every(Number.isInteger);

const allCases = FILES.flatMap(f => fixtures[f].cases.map(c => ({ file: f, c })));
const rows = allCases.flatMap(({ file, c }) => c.results.map(r => [`${c.name} ${label(r)}`, file, c, r] as const));

function agreement(a: Int32Array, b: readonly number[]): number {
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    return same / a.length;
}

// What the runs below measured, printed once at the end of the fixture block.
const summary: string[] = [];

describe('classifiers match scikit-learn 1.2.1', () => {
    it('uses fixtures from the pinned Debian versions, shaped like the protocol', () => {
        for (const f of FILES) expect(fixtures[f].versions.sklearn).toBe('1.2.1');
        const sizes = new Set(allCases.map(({ c }) => c.train.rows));
        for (const n of [25, 100, 225]) expect(sizes.has(n)).toBe(true);
        expect(fixtures.splice.cases.some(c => c.train.dim === 240)).toBe(true);
        expect(fixtures.letter.cases.some(c => new Set(c.train.y).size === 26)).toBe(true);
        expect(rows.length).toBeGreaterThanOrEqual(80);
    });

    it.each(rows)('%s', (_, file, c, r) => {
        const fx = fixtures[file];
        const train = matrix(c.train);
        const test = testSet(fx, c.test);
        const model = buildClassifier(r.call).fit(train.x, train.rows, train.dim, train.y);
        const predicted = model.predict(test.x, test.rows);
        const ours = accuracy(test.y, predicted);
        const agree = agreement(predicted, r.predictions);
        let detail = '';
        // the requirement: accuracy within half a point of scikit-learn's
        expect(Math.abs(ours - r.accuracy), `accuracy ${ours} vs scikit-learn ${r.accuracy}`).toBeLessThanOrEqual(0.005);
        expect(agree, 'predictions equal to scikit-learn\'s').toBeGreaterThanOrEqual(0.99);
        if (isSvc(r)) {
            expect(model).toBeInstanceOf(SvcModel);
            const svc = model as SvcModel;
            expect(Math.abs(svc.params.gamma - r.gamma) / r.gamma, 'gamma = scale').toBeLessThan(1e-12);
            expect(svc.pairs.length).toBe(r.pairs.length);
            const decisionRows = r.pairs[0]!.decision.length;
            const dec = svc.decisionValues(test.x.subarray(0, decisionRows * test.dim), decisionRows);
            const P = r.pairs.length;
            let worstObjective = 0;
            let worstDecision = 0;
            const decisionErrors: number[] = [];
            r.pairs.forEach((ref, q) => {
                const pair = svc.pairs[q]!;
                expect([svc.classes[pair.first], svc.classes[pair.second]]).toEqual(ref.classes);
                worstObjective = Math.max(worstObjective, Math.abs(pair.objective - ref.objective) / Math.max(1, Math.abs(ref.objective)));
                const rhoError = Math.abs(pair.rho - ref.rho) / Math.max(1, Math.abs(ref.rho));
                decisionErrors.push(rhoError);
                ref.decision.forEach((d, i) => decisionErrors.push(Math.abs(dec[i * P + q]! - d) / Math.max(1, Math.abs(d))));
            });
            worstDecision = Math.max(...decisionErrors);
            decisionErrors.sort((a, b) => a - b);
            const median = decisionErrors[Math.floor(decisionErrors.length / 2)]!;
            // the dual optimum is reached to the solver's tolerance on both sides: objectives agree closely
            expect(worstObjective, 'dual objective (relative)').toBeLessThan(1e-4);
            if (exactData(c) && r.call.args.kernel === 'linear') {
                // integer features: every kernel value is exact (also in libsvm's float cache), so the SMO path is
                // libsvm's step for step (same working sets, same ties) and the solutions agree to rounding
                expect(worstDecision, 'decision values and ρ (relative), exact kernel').toBeLessThan(1e-9);
            } else {
                // elsewhere libsvm's single-precision kernel cache moves the iterates within the 1e-3 tolerance
                expect(median, 'decision values and ρ, median relative error').toBeLessThan(1e-3);
                expect(worstDecision, 'decision values and ρ (relative)').toBeLessThan(1e-2);
            }
            detail = `objective ${worstObjective.toExponential(1)}, decision ${worstDecision.toExponential(1)}`;
        } else {
            expect(model).toBeInstanceOf(LogisticModel);
            const lr = model as LogisticModel;
            expect(Array.from(lr.classes)).toEqual(r.classes);
            expect(lr.coefRows).toBe(r.coefRows);
            expect(lr.iterations).toBeLessThanOrEqual(100);
            const scale = Math.max(1, ...r.coef.map(Math.abs));
            let worst = 0;
            r.coef.forEach((v, i) => { worst = Math.max(worst, Math.abs(lr.coef[i]! - v) / scale); });
            r.intercept.forEach((v, i) => { worst = Math.max(worst, Math.abs(lr.intercept[i]! - v) / scale); });
            expect(lr.converged, 'converged where scikit-learn did').toBe(r.converged);
            if (r.converged) expect(worst, 'coefficients (relative to the largest)').toBeLessThan(1e-5);
            else expect(lr.iterations).toBe(100);
            detail = `coef ${worst.toExponential(1)}, ${lr.iterations} iterations (scikit-learn ${r.nIter})`;
        }
        summary.push(`${c.name.padEnd(22)} ${label(r).padEnd(46)} sklearn ${r.accuracy.toFixed(4)} ours ${ours.toFixed(4)} `
            + `agree ${(agree * 100).toFixed(1)} % ${detail}`);
    }, 120_000);

    it('prints the comparison', () => {
        console.log(summary.join('\n'));
        expect(summary.length).toBe(rows.length);
    });
});

describe('svm', () => {
    const letter = fixtures.letter;
    const case25 = letter.cases.find(c => c.name === 'letter-25')!;

    it('breaks tied votes towards the first class in sorted order, as libsvm', () => {
        // letter-25 has few rows per class: many test rows get tied votes; predictions above equal scikit-learn's,
        // here the rule is checked on our own decision values and shown to be exercised
        const train = matrix(case25.train);
        const test = testSet(letter, case25.test);
        const model = fitSvc(train.x, train.rows, train.dim, train.y, { kernel: 'linear', C: 100 }) as SvcModel;
        const dec = model.decisionValues(test.x, test.rows);
        const predicted = model.predict(test.x, test.rows);
        const K = model.classes.length;
        const P = model.pairs.length;
        let ties = 0;
        for (let r = 0; r < test.rows; r++) {
            const votes = new Array<number>(K).fill(0);
            model.pairs.forEach((p, q) => { votes[dec[r * P + q]! > 0 ? p.first : p.second]!++; });
            const top = Math.max(...votes);
            if (votes.filter(v => v === top).length > 1) ties++;
            expect(predicted[r]).toBe(model.classes[votes.indexOf(top)]);
        }
        expect(ties).toBeGreaterThan(10);
    });

    it('shrinking changes the path, not the solution', () => {
        // a pair that runs for more iterations than it has rows is shrunk at least once
        const c = letter.cases.find(c => c.name === 'letter-225')!;
        const train = matrix(c.train);
        const test = testSet(letter, c.test);
        const on = fitSvc(train.x, train.rows, train.dim, train.y, { kernel: 'linear', C: 100 }) as SvcModel;
        const off = fitSvc(train.x, train.rows, train.dim, train.y, { kernel: 'linear', C: 100, shrinking: false }) as SvcModel;
        const sizes = on.pairs.map(p => train.y.filter(v => v === on.classes[p.first] || v === on.classes[p.second]).length);
        expect(on.pairs.some((p, q) => p.iterations > sizes[q]!)).toBe(true);
        on.pairs.forEach((p, q) => {
            expect(Math.abs(p.objective - off.pairs[q]!.objective) / Math.max(1, Math.abs(p.objective))).toBeLessThan(1e-4);
        });
        expect(agreement(on.predict(test.x, test.rows), Array.from(off.predict(test.x, test.rows)))).toBeGreaterThanOrEqual(0.99);
    });

    it('uses the kernel cache when the training set does not fit it', () => {
        // a 50-kB cache holds 29 of the 225 rows: rows are evicted and recomputed; the solution is the same
        const c = letter.cases.find(c => c.name === 'letter-225')!;
        const train = matrix(c.train);
        const test = testSet(letter, c.test);
        const ref = c.results.find(r => isSvc(r) && r.call.args.kernel === 'rbf') as SvcResult;
        const small = fitSvc(train.x, train.rows, train.dim, train.y, { kernel: 'rbf', C: 1, cacheMb: 0.05 }) as SvcModel;
        const full = fitSvc(train.x, train.rows, train.dim, train.y, { kernel: 'rbf', C: 1 }) as SvcModel;
        small.pairs.forEach((p, q) => {
            expect(p.objective).toBe(full.pairs[q]!.objective);
            expect(Math.abs(p.objective - ref.pairs[q]!.objective) / Math.max(1, Math.abs(ref.pairs[q]!.objective))).toBeLessThan(1e-4);
        });
        expect(agreement(small.predict(test.x, test.rows), ref.predictions)).toBeGreaterThanOrEqual(0.99);
    });

    it('computes gamma = scale as scikit-learn (1 / (dim · var(x)), 1 for constant data)', () => {
        expect(scaleGamma(Float64Array.from([0, 1, 0, 1]), 2)).toBeCloseTo(1 / (2 * 0.25), 15);
        expect(scaleGamma(Float64Array.from([3, 3, 3, 3]), 2)).toBe(1);
    });

    it('solves a hand-checked problem exactly', () => {
        // two points ±1 on a line: w = 1, b = 0, α = 1/2 each (when C ≥ 1/2), objective −1/2
        const m = fitSvc(Float64Array.from([-1, 1]), 2, 1, Int32Array.from([3, 8]), { kernel: 'linear', C: 10 }) as SvcModel;
        const p = m.pairs[0]!;
        expect(Array.from(m.classes)).toEqual([3, 8]);
        expect(Array.from(p.coef)).toEqual([0.5, -0.5]); // α y, y = +1 for the first class
        expect(p.rho).toBe(0);
        expect(p.objective).toBeCloseTo(-0.5, 15);
        // positive decision values vote for the first class (3), which is at −1: the decision is −x
        expect(Array.from(m.decisionValues(Float64Array.from([-2, 0.5]), 2))).toEqual([2, -0.5]);
        expect(Array.from(m.predict(Float64Array.from([-2, 0.5, 3]), 3))).toEqual([3, 8, 8]);
        // C below 1/2 caps α: both at C, the margin violated
        const capped = fitSvc(Float64Array.from([-1, 1]), 2, 1, Int32Array.from([3, 8]), { kernel: 'linear', C: 0.1 }) as SvcModel;
        expect(Array.from(capped.pairs[0]!.coef)).toEqual([0.1, -0.1]);
    });
});

describe('logisticRegression', () => {
    it('stops at maxIter and reports whether it converged', () => {
        const c = fixtures.digits.cases.find(c => c.name === 'digits-225')!;
        const train = matrix(c.train);
        const m5 = fitLogistic(train.x, train.rows, train.dim, train.y, { maxIter: 5 }) as LogisticModel;
        expect(m5.iterations).toBe(5);
        expect(m5.converged).toBe(false);
        const easy = fitLogistic(Float64Array.from([-2, -1, 1, 2]), 4, 1, Int32Array.from([0, 0, 1, 1])) as LogisticModel;
        expect(easy.converged).toBe(true);
        expect(easy.coefRows).toBe(1);
        // symmetric data: the intercept is zero, the weight solves Σ x_i (σ(w x_i) − y_i) + w = 0
        expect(Math.abs(easy.intercept[0]!)).toBeLessThan(1e-6);
        const w = easy.coef[0]!;
        const sigma = (z: number) => 1 / (1 + Math.exp(-z));
        const grad = [-2, -1, 1, 2].reduce((s, x, i) => s + x * (sigma(w * x) - (i >= 2 ? 1 : 0)), 0) + w;
        expect(Math.abs(grad)).toBeLessThan(1e-4);
    });

    it('C scales the penalty: a larger C gives larger weights', () => {
        const x = Float64Array.from([-2, -1, 1, 2, 0.5, -0.5]);
        const y = Int32Array.from([0, 0, 1, 1, 0, 1]);
        const weak = fitLogistic(x, 6, 1, y, { C: 100 }) as LogisticModel;
        const strong = fitLogistic(x, 6, 1, y, { C: 0.01 }) as LogisticModel;
        expect(Math.abs(weak.coef[0]!)).toBeGreaterThan(10 * Math.abs(strong.coef[0]!));
    });
});

describe('classify API', () => {
    const hand = fixtures.hand;
    const three = hand.cases.find(c => c.name === 'three-classes')!;
    const train = matrix(three.train);
    const test = testSet(hand, three.test);

    it('builds svm and logisticRegression from plan calls, with the registry defaults', () => {
        const svm = buildClassifier({ call: 'svm', args: {} });
        const lr = buildClassifier({ call: 'logisticRegression', args: {} });
        expect(svm.name).toBe('svm');
        expect(lr.name).toBe('lr');
        // svm defaults: kernel rbf, C 1 (scikit-learn's)
        const rbf = three.results.find(r => isSvc(r) && r.call.args.kernel === 'rbf' && r.call.args.C === 1)!;
        expect(Array.from(svm.fit(train.x, train.rows, train.dim, train.y).predict(test.x, test.rows))).toEqual(rbf.predictions);
        // arguments as the plan writes them (a bare enum name may come as a call)
        const linear = buildClassifier({ call: 'svm', args: { kernel: { call: 'linear', args: {} }, C: 100 } });
        const ref = three.results.find(r => isSvc(r) && r.call.args.kernel === 'linear' && r.call.args.C === 100)!;
        expect(Array.from(linear.fit(train.x, train.rows, train.dim, train.y).predict(test.x, test.rows))).toEqual(ref.predictions);
        const fitted = buildClassifier({ call: 'logisticRegression', args: { maxIter: 3 } }).fit(train.x, train.rows, train.dim, train.y);
        expect((fitted as LogisticModel).iterations).toBe(3);
    });

    it('says which classifiers the runtime does not have yet', () => {
        for (const name of ['knnEnsemble', 'mlp', 'mlpEnsemble']) {
            expect(() => buildClassifier({ call: name, args: {} })).toThrow(PlanError);
            expect(() => buildClassifier({ call: name, args: {} })).toThrow(`the classifier '${name}' is part of the language but not of the runtime yet`);
        }
        expect(() => buildClassifier({ call: 'forest', args: {} })).toThrow(/unknown classifier 'forest'/);
        expect(() => buildClassifier({ call: 'svm', args: { kernel: 'sigmoid' } })).toThrow(/kernel.*linear, rbf, poly/);
    });

    it('takes any non-negative class codes, some absent from the training set', () => {
        // relabelling the classes (order kept) relabels the predictions
        const codes = [4, 17, 230];
        const y = train.y.map(v => codes[v]!);
        for (const call of [{ call: 'svm', args: { kernel: 'linear', C: 100 } }, { call: 'logisticRegression', args: {} }] as PlanCall[]) {
            const base = buildClassifier(call).fit(train.x, train.rows, train.dim, train.y).predict(test.x, test.rows);
            const renamed = buildClassifier(call).fit(train.x, train.rows, train.dim, y).predict(test.x, test.rows);
            expect(Array.from(renamed)).toEqual(Array.from(base, v => codes[v]!));
        }
    });

    it('predicts the only class of a one-class training set', () => {
        for (const call of [{ call: 'svm', args: {} }, { call: 'logisticRegression', args: {} }] as PlanCall[]) {
            const m: FittedClassifier = buildClassifier(call).fit(Float64Array.from([1, 2, 3, 4]), 2, 2, Int32Array.from([6, 6]));
            expect(Array.from(m.predict(Float64Array.from([0, 0, 9, 9, 1, 1]), 3))).toEqual([6, 6, 6]);
            expect(() => m.predict(Float64Array.from([0, 0, 0]), 1)).toThrow(ClassifierInputError);
        }
    });

    it('rejects bad input with a clear error', () => {
        for (const call of [{ call: 'svm', args: {} }, { call: 'logisticRegression', args: {} }] as PlanCall[]) {
            const clf = buildClassifier(call);
            const x = Float64Array.from([0, 1, 2, 3, 4, 5]);
            expect(() => clf.fit(x, 4, 2, Int32Array.from([0, 1, 0, 1]))).toThrow(ClassifierInputError);
            expect(() => clf.fit(x, 4, 2, Int32Array.from([0, 1, 0, 1]))).toThrow('the training matrix holds 6 values, not rows × dim = 4 × 2 = 8');
            expect(() => clf.fit(x, 3, 2, Int32Array.from([0, 1]))).toThrow('2 labels for 3 training rows');
            expect(() => clf.fit(x, 3, 2, Int32Array.from([0, -1, 1]))).toThrow('label 1 is -1');
            expect(() => clf.fit(Float64Array.from([0, NaN, 2, 3]), 2, 2, Int32Array.from([0, 1]))).toThrow('feature 1 is NaN');
            expect(() => clf.fit(new Float64Array(0), 0, 2, new Int32Array(0))).toThrow('at least one row');
            const m = clf.fit(x, 3, 2, Int32Array.from([0, 1, 1]));
            expect(() => m.predict(Float64Array.from([1, 2, 3]), 1)).toThrow('holds 3 values, not rows × dim = 1 × 2 = 2 (the classifier was trained on 2 features)');
            expect(() => m.predict(Float64Array.from([1, Infinity]), 1)).toThrow('features must be finite');
            expect(m.predict(new Float64Array(0), 0)).toEqual(new Int32Array(0));
        }
    });

    it('scores accuracy', () => {
        expect(accuracy(Int32Array.from([1, 2, 3, 4]), Int32Array.from([1, 2, 0, 4]))).toBe(0.75);
        expect(() => accuracy(Int32Array.from([1, 2]), Int32Array.from([1]))).toThrow('2 true labels but 1 predictions');
        expect(() => accuracy(new Int32Array(0), new Int32Array(0))).toThrow(ClassifierInputError);
    });
});
