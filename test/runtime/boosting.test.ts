// runtime/classify/boosting.ts against scikit-learn's GradientBoostingClassifier on the same rows, fitted with
// random sample weights (scripts/reference/boosting.py → test/fixtures/reference/classify/boosting.json, which
// says why): the first tree's splits and the raw scores on the training rows exactly; on the test rows, the
// predictions and accuracy, which can differ where two features split a small node's rows the same way (a tie:
// scikit-learn takes the feature its random order visits first, this runtime the lowest, so the thresholds and
// the side a test row falls on differ). Then the classifier as a spec names it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BoostingModel, fitBoosting, treeSplits } from '../../runtime/classify/boosting.js';
import { buildClassifier, ClassifierInputError } from '../../runtime/classify/index.js';

interface BoostingCase {
    name: string; trees: number; depth: number; learningRate: number;
    rows: number; dim: number; x: number[]; y: number[]; testRows: number; xTest: number[];
    weights: number[]; yTest: number[]; unweightedTestAccuracy: number;
    classes: number[]; decisionTrain: number[]; decisionTest: number[]; predictTest: number[];
    /** [feature, threshold, the node's variance as scikit-learn computed it] in preorder. */
    firstTreeSplits: [number, number, number][];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/classify/boosting.json'), 'utf8')) as { sklearn: string; cases: BoostingCase[] };

function fit(c: BoostingCase, weighted = true): BoostingModel {
    const model = fitBoosting(Float64Array.from(c.x), c.rows, c.dim, Int32Array.from(c.y),
        { trees: c.trees, depth: c.depth, learningRate: c.learningRate, ...(weighted ? { weights: Float64Array.from(c.weights) } : {}) });
    expect(model).toBeInstanceOf(BoostingModel);
    return model as BoostingModel;
}

/** The largest |got − want| / max(1, |want|). */
function worst(got: ArrayLike<number>, want: readonly number[]): number {
    expect(got.length).toBe(want.length);
    let w = 0;
    for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
    return w;
}

describe(`gradientBoosting matches scikit-learn ${ref.sklearn}'s GradientBoostingClassifier`, () => {
    describe.each(ref.cases.map(c => [`${c.name} (${c.trees} trees of depth ${c.depth}, η ${c.learningRate})`, c] as const))('%s', (_, c) => {
        it('grows the same first tree: features and thresholds in preorder', () => {
            // scikit-learn also splits a node whose gradients are all equal when rounding puts their variance above
            // its threshold (~5e-16 > 2.2e-16); such a split changes no score, and this runtime leaves the node a leaf
            const meaningful = c.firstTreeSplits.filter(s => s[2] > 1e-12);
            const splits = treeSplits(fit(c));
            expect(splits.map(s => s[0])).toEqual(meaningful.map(s => s[0]));
            expect(worst(splits.map(s => s[1]), meaningful.map(s => s[1]))).toBeLessThan(1e-12);
        });

        it('gives the same raw scores on every training row (every tree splits the rows as scikit-learn\'s does)', () => {
            const model = fit(c);
            expect(Array.from(model.classes)).toEqual(c.classes);
            expect(worst(model.decisionFunction(Float64Array.from(c.x), c.rows), c.decisionTrain)).toBeLessThan(1e-12);
        });

        it('predicts the test rows alike, up to ties between features; the same accuracy within 0.05, weighted or not', () => {
            const accuracy = (predicted: Int32Array) => predicted.filter((p, i) => p === c.yTest[i]).length / c.testRows;
            const predicted = fit(c).predict(Float64Array.from(c.xTest), c.testRows);
            const agree = predicted.filter((p, i) => p === c.predictTest[i]).length / c.testRows;
            expect(agree).toBeGreaterThanOrEqual(0.85);
            expect(Math.abs(accuracy(predicted) - accuracy(Int32Array.from(c.predictTest)))).toBeLessThanOrEqual(0.05);
            expect(Math.abs(accuracy(fit(c, false).predict(Float64Array.from(c.xTest), c.testRows)) - c.unweightedTestAccuracy)).toBeLessThanOrEqual(0.05);
        });
    });
});

describe('gradientBoosting as a spec names it', () => {
    it('takes trees, depth and learningRate from the call, the registry\'s defaults otherwise', () => {
        const c = ref.cases[0]!;
        const classifier = buildClassifier({ call: 'gradientBoosting', args: { trees: c.trees, depth: c.depth, learningRate: c.learningRate } });
        expect(classifier.name).toBe('gbt');
        const fitted = classifier.fit(Float64Array.from(c.x), c.rows, c.dim, Int32Array.from(c.y));
        expect(Array.from(fitted.predict(Float64Array.from(c.xTest), c.testRows))).toEqual(Array.from(fit(c, false).predict(Float64Array.from(c.xTest), c.testRows)));
        const defaults = buildClassifier({ call: 'gradientBoosting', args: {} }).fit(Float64Array.from(c.x), c.rows, c.dim, Int32Array.from(c.y)) as BoostingModel;
        expect(defaults.rounds).toHaveLength(100);
        expect(Math.max(...defaults.rounds.map((_, round) => treeSplits(defaults, round).length))).toBe(7);   // depth 3: up to 7 splits
    });

    it('refuses a bad setting or input with a message that names it; one class predicts that class', () => {
        expect(() => buildClassifier({ call: 'gradientBoosting', args: { trees: 0 } })).toThrow(/`gradientBoosting`'s `trees` must be at least 1, got 0/);
        expect(() => buildClassifier({ call: 'gradientBoosting', args: { learningRate: -1 } })).toThrow(/`learningRate` must be positive, got -1/);
        expect(() => fitBoosting(new Float64Array([1, Number.NaN]), 2, 1, new Int32Array([0, 1]))).toThrow(ClassifierInputError);
        expect(() => fitBoosting(new Float64Array([1, 2]), 2, 1, new Int32Array([0, 1]), { weights: new Float64Array([1, 0]) })).toThrow(/the weights must be 2 positive finite numbers/);
        const single = fitBoosting(new Float64Array([1, 2, 3]), 3, 1, new Int32Array([4, 4, 4]));
        expect(Array.from(single.predict(new Float64Array([0, 5]), 2))).toEqual([4, 4]);
    });
});
