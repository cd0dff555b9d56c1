// runtime/losses/similarity: the all-sets pair sum against the sum of per-set pair sums (float64 in JavaScript).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../runtime/backend/index.js';
import { pairSumOverSets, type SimilarityName } from '../../runtime/losses/similarity.js';
import { Random } from '../../runtime/random/index.js';

/** Σ over sets of Σ_{i<j} δ(x_i, x_j), in float64. */
function reference(x: Float32Array, dim: number, offsets: number[], kind: SimilarityName): number {
    const row = (i: number) => Array.from(x.subarray(i * dim, (i + 1) * dim));
    const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);
    const delta = (a: number[], b: number[]) => {
        const d2 = a.reduce((s, v, k) => s + (v - b[k]!) ** 2, 0);
        switch (kind) {
            case 'cosine': return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
            case 'dot': return dot(a, b);
            case 'rbf': return Math.exp(-d2);
            case 'euclidean': return -Math.sqrt(d2);
        }
    };
    let total = 0;
    for (let s = 0; s + 1 < offsets.length; s++) {
        for (let i = offsets[s]!; i < offsets[s + 1]!; i++) for (let j = i + 1; j < offsets[s + 1]!; j++) total += delta(row(i), row(j));
    }
    return total;
}

describe('pairSumOverSets', () => {
    beforeAll(async () => { await selectBackend('cpu'); });

    it.each(['cosine', 'dot', 'rbf', 'euclidean'] as const)('%s: sums the pairs within each set only, a set of one point adding nothing', async kind => {
        const dim = 3, offsets = [0, 5, 6, 13, 21];   // the second set has one point
        const x = Float32Array.from(Random.seeded(3).normals(21 * dim));
        const got = pairSumOverSets(tf.tensor2d(x, [21, dim]), offsets, kind);
        const want = reference(x, dim, offsets, kind);
        expect(Math.abs((await got.data())[0]! - want)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
        got.dispose();
    });
});
