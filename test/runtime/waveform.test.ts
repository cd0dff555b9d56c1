// runtime/data/waveform: Breiman's waveform generator against the NumPy generator of
// scripts/reference/active_learning.py (same draws) and against R mlbench's sample
// (examples/data/waveform-21-mlbench-seed1.csv: per-class means and standard deviations, which pin the labelling).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../runtime/data/dataset.js';
import { labelCodes, numericMatrix, readCsv, selectFeatures } from '../../runtime/io/csv.js';
import { generateWaveform, WAVEFORM_CLASS_CENTRES, WAVEFORM_POSITIONS, waveHeight } from '../../runtime/data/waveform.js';
import { Random } from '../../runtime/random/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/reference/active-learning/waveform.json'), 'utf8')) as {
    versions: Record<string, string>;
    samples: { seed: number; samples: number; noise: number; x: number[]; labels: number[] }[];
};

interface ClassStats { count: number[]; mean: number[][]; sd: number[][] }

function classStats(x: ArrayLike<number>, labels: ArrayLike<number>, rows: number, dim: number): ClassStats {
    const count = [0, 0, 0];
    const sum = [0, 1, 2].map(() => new Array<number>(dim).fill(0));
    const sq = [0, 1, 2].map(() => new Array<number>(dim).fill(0));
    for (let i = 0; i < rows; i++) {
        const c = labels[i]!;
        count[c]++;
        for (let j = 0; j < dim; j++) { const v = x[i * dim + j]!; sum[c]![j] += v; sq[c]![j] += v * v; }
    }
    const mean = sum.map((s, c) => s.map(v => v / count[c]!));
    const sd = sq.map((s, c) => s.map((v, j) => Math.sqrt((v - count[c]! * mean[c]![j]! ** 2) / (count[c]! - 1))));
    return { count, mean, sd };
}

/**
 * The largest standardised difference between two samples' per-class, per-feature means and standard
 * deviations (SE of a mean sd/√n, of a standard deviation ≈ sd/√(2n)), with `map` relabelling b's classes.
 */
function worstZ(a: ClassStats, b: ClassStats, map = [0, 1, 2]): { mean: number; sd: number } {
    let zMean = 0, zSd = 0;
    for (let c = 0; c < 3; c++) {
        const bc = map[c]!;
        for (let j = 0; j < a.mean[c]!.length; j++) {
            const sa = a.sd[c]![j]!, sb = b.sd[bc]![j]!, na = a.count[c]!, nb = b.count[bc]!;
            zMean = Math.max(zMean, Math.abs(a.mean[c]![j]! - b.mean[bc]![j]!) / Math.sqrt(sa * sa / na + sb * sb / nb));
            zSd = Math.max(zSd, Math.abs(sa - sb) / Math.sqrt(sa * sa / (2 * na) + sb * sb / (2 * nb)));
        }
    }
    return { mean: zMean, sd: zSd };
}

const mlbench = (() => {
    const t = readCsv(path.join(root, 'examples/data/waveform-21-mlbench-seed1.csv'));
    const m = numericMatrix(t, selectFeatures(t, undefined, { label: 'class' }));
    const labels = labelCodes(t, 'class');
    return { x: m.data, rows: m.rows, dim: m.cols, names: m.names, labels: labels.codes, classes: labels.classes };
})();

describe('waveform generator', () => {
    it('draws exactly what the NumPy reference generator draws from RandomState(seed)', () => {
        expect(fixture.versions.numpy).toBeDefined();
        for (const s of fixture.samples) {
            const g = generateWaveform(s.samples, s.noise, Random.seeded(s.seed));
            expect(g.dim).toBe(21 + s.noise);
            expect(Array.from(g.labels)).toEqual(s.labels);
            let worst = 0;
            for (let i = 0; i < s.x.length; i++) worst = Math.max(worst, Math.abs(g.x[i]! - s.x[i]!));
            expect(worst, `seed ${s.seed}`).toBeLessThanOrEqual(1e-6);
        }
    });

    it('reads the mlbench sample as 5000 × 21 with classes "1", "2", "3"', () => {
        expect(mlbench.rows).toBe(5000);
        expect(mlbench.dim).toBe(21);
        expect(mlbench.names[0]).toBe('X1');
        expect(mlbench.classes).toEqual(['1', '2', '3']);
        expect(classStats(mlbench.x, mlbench.labels, mlbench.rows, mlbench.dim).count).toEqual([1707, 1736, 1557]);
    });

    it('the mlbench sample has the UCI labelling: class 1 mixes the waves at 7 and 15, class 2 at 7 and 11, class 3 at 11 and 15', () => {
        // expected class means 0.5 (h_a + h_b); every class's profile fits its UCI pair and no other
        const st = classStats(mlbench.x, mlbench.labels, mlbench.rows, mlbench.dim);
        expect(WAVEFORM_CLASS_CENTRES).toEqual([[7, 15], [7, 11], [11, 15]]);
        for (let c = 0; c < 3; c++) {
            const misfit = WAVEFORM_CLASS_CENTRES.map(([a, b]) => Math.max(...st.mean[c]!.map((m, j) => Math.abs(m - 0.5 * (waveHeight(a, j + 1) + waveHeight(b, j + 1))))));
            expect(misfit[c]!, `class ${c + 1}`).toBeLessThan(0.15);
            for (let o = 0; o < 3; o++) if (o !== c) expect(misfit[o]!, `class ${c + 1} vs pair ${o + 1}`).toBeGreaterThan(1.5);
        }
    });

    const big = generateWaveform(50_000, 0, Random.derive(1, 'waveform-test'));
    const bigStats = classStats(big.x, big.labels, 50_000, 21);
    const sampleStats = classStats(mlbench.x, mlbench.labels, mlbench.rows, mlbench.dim);

    it('a draw of 50,000 has the mlbench sample\'s per-class means and standard deviations (within sampling error)', () => {
        const z = worstZ(sampleStats, bigStats);
        // 63 means and 63 standard deviations: all within 4 standard errors
        expect(z.mean).toBeLessThan(4);
        expect(z.sd).toBeLessThan(4);
    });

    it('the comparison detects a wrong labelling (classes of the draw permuted)', () => {
        for (const map of [[1, 0, 2], [0, 2, 1], [2, 1, 0], [1, 2, 0]]) {
            const z = worstZ(sampleStats, bigStats, map);
            expect(z.mean, `map ${map}`).toBeGreaterThan(20);
        }
    });

    it('matches the generator\'s theory: classes 1/3 each, means ½(h_a + h_b), variances 1 + (h_a − h_b)²/12', () => {
        for (const c of bigStats.count) expect(Math.abs(c - 50_000 / 3)).toBeLessThan(4 * Math.sqrt(50_000 * (1 / 3) * (2 / 3)));
        for (let c = 0; c < 3; c++) {
            const [a, b] = WAVEFORM_CLASS_CENTRES[c]!;
            for (let j = 0; j < WAVEFORM_POSITIONS; j++) {
                const ha = waveHeight(a, j + 1), hb = waveHeight(b, j + 1);
                const variance = 1 + (ha - hb) ** 2 / 12;
                const n = bigStats.count[c]!;
                expect(Math.abs(bigStats.mean[c]![j]! - 0.5 * (ha + hb))).toBeLessThan(4.5 * Math.sqrt(variance / n));
                expect(Math.abs(bigStats.sd[c]![j]! - Math.sqrt(variance))).toBeLessThan(0.05 * Math.sqrt(variance));
            }
        }
    });

    it('appends pure N(0, 1) noise columns and is deterministic per stream', () => {
        const g = generateWaveform(20_000, 19, Random.seeded(4));
        expect(g.dim).toBe(40);
        expect(g.x.length).toBe(20_000 * 40);
        for (let j = 21; j < 40; j++) {
            let s = 0, q = 0;
            for (let i = 0; i < 20_000; i++) { const v = g.x[i * 40 + j]!; s += v; q += v * v; }
            const mean = s / 20_000, sd = Math.sqrt(q / 20_000 - mean * mean);
            expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(20_000));
            expect(Math.abs(sd - 1)).toBeLessThan(0.03);
        }
        // the same stream gives the same draw, another stream another
        const again = generateWaveform(20_000, 19, Random.seeded(4));
        expect(Array.from(again.x.subarray(0, 4000))).toEqual(Array.from(g.x.subarray(0, 4000)));
        expect(Array.from(generateWaveform(10, 19, Random.seeded(5)).x)).not.toEqual(Array.from(g.x.subarray(0, 400)));
        expect(() => generateWaveform(-1, 0, Random.seeded(1))).toThrow(RangeError);
        expect(generateWaveform(0, 3, Random.seeded(1)).x.length).toBe(0);
    });
});

describe('splits by fractions', () => {
    it('50% + 50% of an odd number of rows fits: the first part keeps the extra row', () => {
        const plan = {
            name: 'wave', source: { call: 'waveform', args: { samples: 1797 } }, properties: {},
            split: { parts: [{ name: 'candidates', size: 0.5, fraction: true }, { name: 'test', size: 0.5, fraction: true }] },
        };
        const loaded = loadDataset(plan, { seed: 0, specDir: '/', workspace: '/' });
        expect([...loaded.parts.values()].map(p => p.sets[0]!.rows)).toEqual([899, 898]);
    });
});
