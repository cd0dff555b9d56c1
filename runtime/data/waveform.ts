// Breiman's waveform data (Breiman, Friedman, Olshen & Stone 1984, CART §2.6.2; UCI "Waveform Database
// Generator (Version 1)" and its 40-attribute variant; R mlbench `mlbench.waveform`).
//
// Three triangular base waves over the 21 positions j = 1 … 21:
//   h1(j) = max(6 − |j − 7|, 0),  h2(j) = max(6 − |j − 15|, 0),  h3(j) = max(6 − |j − 11|, 0).
// Every sample picks a class uniformly and u ~ U(0, 1), and is u·h_a + (1 − u)·h_b + N(0, 1) per position,
// with the UCI labelling (waveform.c: the generator's hs[0], hs[1], hs[2] are centred at 7, 15, 11):
//   class 1 (code 0): waves centred at 7 and 15   (h1, h2)
//   class 2 (code 1): waves centred at 7 and 11   (h1, h3)
//   class 3 (code 2): waves centred at 11 and 15  (h3, h2)
// The 40-feature variant appends 19 pure N(0, 1) columns; `noiseFeatures` sets how many.
// The labelling is checked against a sample of R's mlbench (examples/data/waveform-21-mlbench-seed1.csv):
// its class "1" has peaks of 3 at positions 7 and 15, class "2" a plateau of 4 over 7 … 11, class "3" over
// 11 … 15 (test/runtime/waveform.test.ts compares per-class means and standard deviations).
//
// Draw order per sample, from `random` (NumPy's RandomState algorithms): class = integer(0, 3),
// u = random(), the 21 wave normals, then the noise normals. scripts/reference/active_learning.py draws
// the same way, so `generateWaveform(n, f, Random.seeded(s))` is its NumPy draw with `RandomState(s)`.

import { Random } from '../random/random.js';

/** Number of wave positions (features before the noise columns). */
export const WAVEFORM_POSITIONS = 21;

/** The centres of the two waves each class mixes (class codes 0, 1, 2 = UCI classes 1, 2, 3). */
export const WAVEFORM_CLASS_CENTRES: readonly (readonly [number, number])[] = [[7, 15], [7, 11], [11, 15]];

/** The triangular wave centred at `centre`, at position j (1-based). */
export function waveHeight(centre: number, j: number): number {
    return Math.max(6 - Math.abs(j - centre), 0);
}

export function generateWaveform(samples: number, noiseFeatures: number, random: Random): { x: Float32Array; dim: number; labels: Int32Array } {
    if (!Number.isInteger(samples) || samples < 0) throw new RangeError(`generateWaveform: samples must be a non-negative integer, got ${samples}`);
    if (!Number.isInteger(noiseFeatures) || noiseFeatures < 0) throw new RangeError(`generateWaveform: noiseFeatures must be a non-negative integer, got ${noiseFeatures}`);
    const dim = WAVEFORM_POSITIONS + noiseFeatures;
    const waves = WAVEFORM_CLASS_CENTRES.map(([a, b]) => [
        Float64Array.from({ length: WAVEFORM_POSITIONS }, (_, j) => waveHeight(a, j + 1)),
        Float64Array.from({ length: WAVEFORM_POSITIONS }, (_, j) => waveHeight(b, j + 1)),
    ] as const);
    const x = new Float32Array(samples * dim);
    const labels = new Int32Array(samples);
    for (let i = 0; i < samples; i++) {
        const cls = random.integer(0, 3);
        const u = random.random();
        const [ha, hb] = waves[cls]!;
        labels[i] = cls;
        const o = i * dim;
        for (let j = 0; j < WAVEFORM_POSITIONS; j++) x[o + j] = u * ha[j]! + (1 - u) * hb[j]! + random.normal();
        for (let j = WAVEFORM_POSITIONS; j < dim; j++) x[o + j] = random.normal();
    }
    return { x, dim, labels };
}
