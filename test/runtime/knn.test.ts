// runtime/classify/knn.ts against scikit-learn's KNeighborsClassifier (brute force, uniform weights) on the same
// rows (scripts/reference/knn.py → test/fixtures/reference/classify/knn.json), tied votes included; then the
// classifier as a spec names it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildClassifier, ClassifierInputError, fitKnn, type KnnMetric } from '../../runtime/classify/index.js';

interface KnnCase {
    name: string; k: number; metric: KnnMetric; rows: number; dim: number; x: number[]; y: number[];
    testRows: number; xTest: number[]; predictTest: number[]; tiedVotes: number;
}
const here = path.dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/classify/knn.json'), 'utf8')) as { sklearn: string; cases: KnnCase[] };

describe(`knn matches scikit-learn ${ref.sklearn}'s KNeighborsClassifier`, () => {
    it.each(ref.cases.map(c => [`${c.name} (${c.tiedVotes} tied votes)`, c] as const))('%s', (_, c) => {
        const model = fitKnn(Float64Array.from(c.x), c.rows, c.dim, Int32Array.from(c.y), { k: c.k, metric: c.metric });
        expect(Array.from(model.predict(Float64Array.from(c.xTest), c.testRows))).toEqual(c.predictTest);
    });
});

describe('knn', () => {
    it('as a spec names it: k and metric from the call, 1 and euclidean by default', () => {
        const c = ref.cases[1]!;
        const classifier = buildClassifier({ call: 'knn', args: { k: c.k, metric: c.metric } });
        expect(classifier.name).toBe('5-nn');
        const fitted = classifier.fit(Float64Array.from(c.x), c.rows, c.dim, Int32Array.from(c.y));
        expect(Array.from(fitted.predict(Float64Array.from(c.xTest), c.testRows))).toEqual(c.predictTest);
        expect(buildClassifier({ call: 'knn', args: {} }).name).toBe('1-nn');
    });

    it('takes rows at equal distance in training order, and gives a tied vote to the smaller class', () => {
        // query 0 is at distance 1 from rows 0 (class 7) and 1 (class 2), and 3 from row 2
        const model = fitKnn(new Float64Array([1, -1, 3]), 3, 1, new Int32Array([7, 2, 2]), { k: 1 });
        expect(Array.from(model.predict(new Float64Array([0]), 1))).toEqual([7]);
        const two = fitKnn(new Float64Array([1, -1, 3]), 3, 1, new Int32Array([7, 2, 2]), { k: 2 });
        expect(Array.from(two.predict(new Float64Array([0]), 1))).toEqual([2]);
    });

    it('says what is wrong: more neighbours than rows, a bad k or metric, a query of the wrong width', () => {
        expect(() => fitKnn(new Float64Array([0, 1]), 2, 1, new Int32Array([0, 1]), { k: 3 })).toThrow(/k = 3 neighbours, but the training set has 2 rows/);
        expect(() => buildClassifier({ call: 'knn', args: { k: 0 } })).toThrow(/`knn`'s `k` must be at least 1, got 0/);
        expect(() => buildClassifier({ call: 'knn', args: { metric: 'manhattan' } })).toThrow(/must be euclidean or cosine, got 'manhattan'/);
        const model = fitKnn(new Float64Array([0, 1, 2, 3]), 2, 2, new Int32Array([0, 1]));
        expect(() => model.predict(new Float64Array([1, 2, 3]), 1)).toThrow(ClassifierInputError);
    });
});
