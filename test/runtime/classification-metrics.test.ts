// runtime/metrics/classification.ts against scikit-learn (scripts/reference/classification_metrics.py →
// test/fixtures/reference/metrics/classification.json): precision / recall / F1 under every average, error
// count and rate, ROC-AUC binary (ties included) and multi-class one-vs-rest / one-vs-one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binaryAuc, errorRate, errors, f1, f1Weighted, MetricInputError, precision, recall, rocAuc, type Average } from '../../runtime/metrics/classification.js';

interface PredictionCase {
    name: string; truth: number[]; predicted: number[]; classes: number[];
    scores: Record<string, { precision: number; recall: number; f1: number }>; errors: number; errorRate: number;
}
interface AucCase { name: string; truth: number[]; scores: number[]; classes: number[]; ovr: number; ovo?: number }

const here = path.dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/metrics/classification.json'), 'utf8')) as
    { sklearn: string; predictions: PredictionCase[]; auc: AucCase[] };

describe(`classification metrics match scikit-learn ${ref.sklearn}`, () => {
    describe.each(ref.predictions.map(c => [c.name, c] as const))('%s', (_, c) => {
        it.each(Object.keys(c.scores))('precision, recall and F1 with average %s', average => {
            const want = c.scores[average]!;
            const a = average as Average;
            expect(precision(c.truth, c.predicted, a)).toBeCloseTo(want.precision, 12);
            expect(recall(c.truth, c.predicted, a)).toBeCloseTo(want.recall, 12);
            expect(f1(c.truth, c.predicted, a)).toBeCloseTo(want.f1, 12);
        });

        it('auto is binary for two classes and macro otherwise; f1Weighted is the weighted F1', () => {
            const auto = c.scores[c.classes.length === 2 ? 'binary' : 'macro']!;
            expect(f1(c.truth, c.predicted)).toBeCloseTo(auto.f1, 12);
            expect(f1Weighted(c.truth, c.predicted)).toBeCloseTo(c.scores['weighted']!.f1, 12);
        });

        it('counts the errors and their rate', () => {
            expect(errors(c.truth, c.predicted)).toBe(c.errors);
            expect(errorRate(c.truth, c.predicted)).toBeCloseTo(c.errorRate, 15);
        });
    });

    it.each(ref.auc.map(c => [c.name, c] as const))('ROC-AUC: %s', (_, c) => {
        expect(rocAuc(c.truth, c.scores, c.classes, 'ovr')).toBeCloseTo(c.ovr, 12);
        if (c.ovo !== undefined) expect(rocAuc(c.truth, c.scores, c.classes, 'ovo')).toBeCloseTo(c.ovo, 12);
    });
});

describe('classification metrics: edge cases', () => {
    it('AUC is 1 for a perfect ranking, 0 for a reversed one, ½ when every score ties', () => {
        const positive = [false, false, true, true];
        expect(binaryAuc(positive, [0.1, 0.2, 0.8, 0.9])).toBe(1);
        expect(binaryAuc(positive, [0.9, 0.8, 0.2, 0.1])).toBe(0);
        expect(binaryAuc(positive, [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    });

    it('says what is wrong: one class only, mismatched lengths, an unscored class, binary on three classes', () => {
        expect(() => binaryAuc([true, true], [0.1, 0.2])).toThrow(MetricInputError);
        expect(() => binaryAuc([true, true], [0.1, 0.2])).toThrow(/only one class present \(2 positive, 0 negative/);
        expect(() => rocAuc([0, 1, 1], [0.2, 0.4], [0, 1])).toThrow(/3 true labels but 2 scores/);
        expect(() => rocAuc([0, 1, 2], [0.2, 0.4, 0.5], [0, 1])).toThrow(/sample 2 has class 2/);
        expect(() => rocAuc([0, 1, 2], new Array(6).fill(0.5), [0, 1, 2])).toThrow(/3 samples × 3 classes needs 9 scores, got 6/);
        expect(() => precision([0, 1, 2], [0, 1, 1], 'binary')).toThrow(/average 'binary' needs two classes, the labels have 3/);
        expect(() => f1([], [])).toThrow(/no samples to score/);
        expect(() => errors([1, 2], [1])).toThrow(/2 true labels but 1 predictions/);
    });
});
