// runtime/select: the k-NN graph against scikit-learn's kneighbors_graph, k-means against scikit-learn's KMeans
// (fixtures from scripts/reference/active_learning.py, scikit-learn 1.2.1), and the query selectors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { numericMatrix, readCsv, selectFeatures } from '../../runtime/io/csv.js';
import { generateWaveform } from '../../runtime/data/waveform.js';
import { Random } from '../../runtime/random/index.js';
import { kmeans, kmeansFrom, kmeansPlusPlus, KMeansError } from '../../runtime/select/kmeans.js';
import { knnAdjacency, knnIndices, KnnGraphError } from '../../runtime/select/knn-graph.js';
import { kmeansSelection, nearestToCentres, randomSelection } from '../../runtime/select/selectors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = <T>(rel: string): T => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as T;
const FIXTURES = 'test/fixtures/reference/active-learning';

// ---- data as the Python script builds it ---------------------------------------------------------------

let letterCache: { x: Float64Array; rows: number; dim: number } | undefined;
function letter() {
    if (!letterCache) {
        const t = readCsv(path.join(root, 'examples/data/letter-recognition.csv'));
        const m = numericMatrix(t, selectFeatures(t, undefined, { label: 'lettr' }));
        letterCache = { x: m.data, rows: m.rows, dim: m.cols };
    }
    return letterCache;
}

let spliceCache: Int32Array | undefined;
/** p1..p60 per row (1..4 = A, C, G, T), row-major. */
function spliceCodes(): Int32Array {
    if (!spliceCache) {
        const t = readCsv(path.join(root, 'examples/data/splice-junction-60.csv'));
        const cols = Array.from({ length: 60 }, (_, j) => t.column(`p${j + 1}`)!);
        spliceCache = new Int32Array(t.rows * 60);
        cols.forEach((c, j) => {
            if (c.type !== 'number') throw new Error(`p${j + 1} is not numeric`);
            for (let i = 0; i < t.rows; i++) spliceCache![i * 60 + j] = c.values[i]!;
        });
    }
    return spliceCache;
}

/** One-hot, 4 columns per position (A, C, G, T), position-major, as the script's `one_hot`. */
function oneHot(codes: ArrayLike<number>, rows: number): Float64Array {
    const x = new Float64Array(rows * 240);
    for (let i = 0; i < rows; i++) for (let j = 0; j < 60; j++) x[i * 240 + 4 * j + codes[i * 60 + j]! - 1] = 1;
    return x;
}

/** StandardScaler: (x − mean) / population std per column. */
function standardise(x: Float64Array, rows: number, dim: number): Float64Array {
    const out = new Float64Array(rows * dim);
    for (let c = 0; c < dim; c++) {
        let s = 0;
        for (let i = 0; i < rows; i++) s += x[i * dim + c]!;
        const mean = s / rows;
        let v = 0;
        for (let i = 0; i < rows; i++) v += (x[i * dim + c]! - mean) ** 2;
        const sd = Math.sqrt(v / rows);
        for (let i = 0; i < rows; i++) out[i * dim + c] = (x[i * dim + c]! - mean) / (sd === 0 ? 1 : sd);
    }
    return out;
}

function squaredDistances(x: ArrayLike<number>, rows: number, dim: number, point: ArrayLike<number>, offset = 0): Float64Array {
    const d = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let c = 0; c < dim; c++) s += (x[i * dim + c]! - point[offset + c]!) ** 2;
        d[i] = s;
    }
    return d;
}

function inertiaOf(x: Float64Array, rows: number, dim: number, centers: Float64Array, labels: Int32Array): number {
    let s = 0;
    for (let i = 0; i < rows; i++) for (let c = 0; c < dim; c++) s += (x[i * dim + c]! - centers[labels[i]! * dim + c]!) ** 2;
    return s;
}

// ---- k-NN graph ----------------------------------------------------------------------------------------

interface KnnCase {
    name: string;
    rows: number;
    dim: number;
    k: number;
    minRelativeGap: number;
    indices: number[][];
    symmetricRows: number[][];
    x?: number[];
    codes?: string[];
    jitter?: string[];
}
const knnFixture = readJson<{ versions: Record<string, string>; cases: KnnCase[] }>(`${FIXTURES}/knn-graph.json`);

function knnInput(c: KnnCase): Float64Array {
    if (c.x) return Float64Array.from(c.x);
    // splice: one-hot + (base-36 digit − 18) / 1000, exactly as the script computes it
    const x = oneHot(Int32Array.from(c.codes!.join(''), ch => Number(ch)), c.rows);
    c.jitter!.forEach((row, i) => {
        for (let j = 0; j < c.dim; j++) x[i * c.dim + j] = x[i * c.dim + j]! + (parseInt(row[j]!, 36) - 18) / 1000;
    });
    return x;
}

function adjacencyRows(a: Float32Array, rows: number): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < rows; i++) {
        const r: number[] = [];
        for (let j = 0; j < rows; j++) {
            const v = a[i * rows + j]!;
            if (v !== 0 && v !== 1) throw new Error(`entry (${i}, ${j}) is ${v}`);
            if (v === 1) r.push(j);
        }
        out.push(r);
    }
    return out;
}

describe('k-NN graph equals scikit-learn kneighbors_graph(include_self=False)', () => {
    it('uses fixtures from the pinned Debian versions, free of near-ties', () => {
        expect(knnFixture.versions.sklearn).toBe('1.2.1');
        expect(knnFixture.cases.map(c => c.name)).toEqual(['letter-300-standardised', 'splice-200-one-hot-jittered']);
        for (const c of knnFixture.cases) expect(c.minRelativeGap).toBeGreaterThan(1e-9);
    });

    it.each(knnFixture.cases.map(c => [c.name, c] as const))('%s: neighbours in order, the graph and its symmetrisation', (_, c) => {
        const x = knnInput(c);
        expect(x.length).toBe(c.rows * c.dim);
        const idx = knnIndices(x, c.rows, c.dim, c.k);
        const rows = Array.from({ length: c.rows }, (_, i) => Array.from(idx.subarray(i * c.k, (i + 1) * c.k)));
        expect(rows).toEqual(c.indices);
        expect(adjacencyRows(knnAdjacency(idx, c.rows, c.k, false), c.rows)).toEqual(c.indices.map(r => [...r].sort((a, b) => a - b)));
        expect(adjacencyRows(knnAdjacency(idx, c.rows, c.k, true), c.rows)).toEqual(c.symmetricRows);
    });

    it('gives the same graph from Float32 input as from the same values widened to Float64', () => {
        const c = knnFixture.cases[0]!;
        const x32 = Float32Array.from(c.x!);
        expect(Array.from(knnIndices(x32, c.rows, c.dim, c.k))).toEqual(Array.from(knnIndices(Float64Array.from(x32), c.rows, c.dim, c.k)));
    });

    it('breaks equal distances by the lower index and never lists a point as its own neighbour', () => {
        // points on a line: 0, 1, 2, 3, 4, and a duplicate of 2 at index 5
        const x = Float64Array.from([0, 1, 2, 3, 4, 2]);
        const rowsOf = (idx: Int32Array, k: number) => Array.from({ length: 6 }, (_, i) => Array.from(idx.subarray(i * k, (i + 1) * k)));
        // k = 2: at the boundary, 2 and 5 tie for row 0 (distance 2): the lower index stays
        expect(rowsOf(knnIndices(x, 6, 1, 2), 2)).toEqual([[1, 2], [0, 2], [5, 1], [2, 4], [3, 2], [2, 1]]);
        // k = 3: inside the list, equal distances are ordered by index (row 2: 5 at 0, then 1 and 3 at 1)
        expect(rowsOf(knnIndices(x, 6, 1, 3), 3)).toEqual([[1, 2, 5], [0, 2, 5], [5, 1, 3], [2, 4, 5], [3, 2, 5], [2, 1, 3]]);
    });

    it('refuses k outside 1 … rows − 1, bad shapes and non-finite values', () => {
        const x = Float64Array.from([0, 1, 2]);
        expect(() => knnIndices(x, 3, 1, 3)).toThrow(KnnGraphError);
        expect(() => knnIndices(x, 3, 1, 0)).toThrow(KnnGraphError);
        expect(() => knnIndices(x, 2, 1, 1)).toThrow(/3 values, not 2 × 1/);
        expect(() => knnIndices(Float64Array.from([0, NaN, 2]), 3, 1, 1)).toThrow(/finite/);
        expect(() => knnAdjacency(Int32Array.from([1, 1, 0]), 3, 1, false)).toThrow(/row 1 lists neighbour 1/);
    });

    it('handles 10,000 points × 16 features with k = 10 in seconds, equal to a full sort on sampled rows', () => {
        const rows = 10_000, dim = 16, k = 10;
        const x = Random.derive(5, 'knn-speed').normals(rows * dim);
        const t0 = performance.now();
        const idx = knnIndices(x, rows, dim, k);
        const ms = performance.now() - t0;
        console.info(`knnIndices 10000 × 16, k = 10: ${ms.toFixed(0)} ms`);
        expect(ms).toBeLessThan(30_000);
        for (const i of [0, 1, 4_321, 9_999]) {
            const d = squaredDistances(x, rows, dim, x, i * dim);
            const order = Array.from({ length: rows }, (_, j) => j).filter(j => j !== i).sort((a, b) => d[a]! - d[b]! || a - b);
            expect(Array.from(idx.subarray(i * k, (i + 1) * k))).toEqual(order.slice(0, k));
        }
        const a = knnAdjacency(idx, rows, k, true);
        expect(a.length).toBe(rows * rows);
        let ones = 0;
        for (let i = 0; i < a.length; i++) ones += a[i]!;
        expect(ones).toBeGreaterThanOrEqual(rows * k);
        expect(ones).toBeLessThanOrEqual(2 * rows * k);
    }, 120_000);
});

// ---- k-means -------------------------------------------------------------------------------------------

interface KMeansCase {
    name: string;
    rows: number;
    dim: number;
    k: number;
    inertia: number;
    nIter: number;
    sklearnSeconds: number;
    singleInitInertias: number[];
    centers: number[] | null;
    source: { file?: string; firstRows?: number; standardise?: boolean; oneHot?: boolean; waveform?: { samples: number; noise: number; seed: number } };
    /** Continuous values, no distance ties: the same draws must give scikit-learn's very run. */
    tieFree: boolean;
}
interface RelocationCase { rows: number; dim: number; k: number; x: number[]; init: number[]; inertia: number; nIter: number; labels: number[]; centers: number[] }
const kmeansFixture = readJson<{ versions: Record<string, string>; cases: KMeansCase[]; relocation: RelocationCase }>(`${FIXTURES}/kmeans.json`);

function kmeansInput(c: KMeansCase): Float64Array {
    const s = c.source;
    if (s.waveform) return Float64Array.from(generateWaveform(s.waveform.samples, s.waveform.noise, Random.seeded(s.waveform.seed)).x);
    if (s.file === 'splice-junction-60.csv') return oneHot(spliceCodes().subarray(0, s.firstRows! * 60), s.firstRows!);
    const l = letter();
    const x = l.x.slice(0, s.firstRows! * l.dim);
    return s.standardise ? standardise(x, s.firstRows!, l.dim) : x;
}

// Tie-free inputs: the same draws as scikit-learn's RandomState(seed) reproduce its runs, not only their
// quality. (On integer and one-hot data exact distance ties abound, and scikit-learn breaks them by the
// rounding of its BLAS products, which no other summation order reproduces.)
const exactInput = (c: KMeansCase) => c.tieFree;
const fastCases = kmeansFixture.cases.filter(c => c.rows * c.k <= 200_000);

describe('k-means matches scikit-learn KMeans(n_init=10)', () => {
    it('uses fixtures from the pinned Debian versions', () => {
        expect(kmeansFixture.versions.sklearn).toBe('1.2.1');
        expect(kmeansFixture.cases.length).toBe(6);
        expect(fastCases.length).toBe(5);
        expect(kmeansFixture.cases.filter(exactInput).length).toBe(4);
    });

    it.each(fastCases.map(c => [c.name, c] as const))('%s: inertia within 1 % of scikit-learn\'s best of 10, and its run with the same seed', (_, c) => {
        const x = kmeansInput(c);
        expect(x.length).toBe(c.rows * c.dim);
        const r = kmeans(x, c.rows, c.dim, c.k, Random.seeded(0));
        expect(r.inertia).toBeLessThanOrEqual(c.inertia * 1.01);
        expect(r.centers.length).toBe(c.k * c.dim);
        expect(r.labels.length).toBe(c.rows);
        // the reported inertia is the labels' and centres' inertia, and every label is its nearest centre
        expect(Math.abs(inertiaOf(x, c.rows, c.dim, r.centers, r.labels) - r.inertia)).toBeLessThanOrEqual(1e-9 * r.inertia);
        for (let i = 0; i < c.rows; i += 7) {
            const d = squaredDistances(r.centers, c.k, c.dim, x, i * c.dim);
            expect(d[r.labels[i]!]! - Math.min(...d)).toBeLessThanOrEqual(1e-9 * (1 + d[r.labels[i]!]!));
        }
        if (exactInput(c)) {
            expect(Math.abs(r.inertia - c.inertia) / c.inertia).toBeLessThan(1e-9);
            expect(r.iterations).toBe(c.nIter);
            if (c.centers) {
                let worst = 0;
                for (let i = 0; i < c.centers.length; i++) worst = Math.max(worst, Math.abs(r.centers[i]! - c.centers[i]!));
                expect(worst).toBeLessThan(1e-9);
            }
        }
    }, 60_000);

    it.each(fastCases.filter(exactInput).map(c => [c.name, c] as const))('%s: single starts equal scikit-learn\'s n_init=1 runs, random_state 0 … 4', (_, c) => {
        const x = kmeansInput(c);
        const got = c.singleInitInertias.map((_, s) => kmeans(x, c.rows, c.dim, c.k, Random.seeded(s), { nInit: 1 }).inertia);
        got.forEach((v, s) => expect(Math.abs(v - c.singleInitInertias[s]!) / v, `random_state ${s}`).toBeLessThan(1e-9));
    }, 60_000);

    it('letter 10,000 × 16 (standardised), k = 225: within 1 % of scikit-learn in a few seconds', () => {
        const c = kmeansFixture.cases.find(k => k.name === 'letter-standardised-10000-k225')!;
        const x = kmeansInput(c);
        const t0 = performance.now();
        const r = kmeans(x, c.rows, c.dim, c.k, Random.seeded(0));
        const ms = performance.now() - t0;
        console.info(`kmeans 10000 × 16, k = 225, n_init = 10: ${ms.toFixed(0)} ms (scikit-learn here: ${c.sklearnSeconds} s); `
            + `inertia ${r.inertia} vs ${c.inertia}`);
        expect(r.inertia).toBeLessThanOrEqual(c.inertia * 1.01);
        expect(ms).toBeLessThan(60_000);
    }, 120_000);

    it('k-means++ seeds are distinct data rows drawn as scikit-learn draws them', () => {
        const c = fastCases[0]!;
        const x = kmeansInput(c);
        const seeds = kmeansPlusPlus(x, c.rows, c.dim, c.k, Random.seeded(0));
        expect(new Set(seeds).size).toBe(c.k);
        // the first seed is RandomState(0).randint(n)
        expect(seeds[0]).toBe(Random.seeded(0).integer(0, c.rows));
        // the same stream gives the same seeds; another gives others
        expect(Array.from(kmeansPlusPlus(x, c.rows, c.dim, c.k, Random.seeded(0)))).toEqual(Array.from(seeds));
        expect(Array.from(kmeansPlusPlus(x, c.rows, c.dim, c.k, Random.seeded(1)))).not.toEqual(Array.from(seeds));
    });

    it('handles k = 1, k = rows and more clusters than distinct points', () => {
        const x = Float64Array.from([0, 0, 1, 0, 0, 1, 1, 1, 5, 5]);
        const one = kmeans(x, 5, 2, 1, Random.seeded(3));
        expect(Array.from(one.centers)).toEqual([1.4, 1.4]);
        expect(one.inertia).toBeCloseTo(inertiaOf(x, 5, 2, Float64Array.from([1.4, 1.4]), new Int32Array(5)), 12);
        const all = kmeans(x, 5, 2, 5, Random.seeded(3));
        expect(all.inertia).toBe(0);
        expect(new Set(all.labels).size).toBe(5);
        // 3 distinct points, each 4 times, k = 5: zero inertia, finite centres, no error
        const dup = Float64Array.from({ length: 24 }, (_, i) => [0, 0, 3, 1, -2, 4][i % 6]!);
        const r = kmeans(dup, 12, 2, 5, Random.seeded(4));
        expect(r.inertia).toBe(0);
        expect(Array.from(r.centers).every(Number.isFinite)).toBe(true);
        expect(new Set(r.labels).size).toBe(3);
    });

    it('relocates empty clusters to the farthest points as scikit-learn does (KMeans(init=centres, n_init=1))', () => {
        const c = kmeansFixture.relocation;
        const r = kmeansFrom(Float64Array.from(c.x), c.rows, c.dim, Float64Array.from(c.init), c.k);
        expect(Array.from(r.labels)).toEqual(c.labels);
        expect(r.iterations).toBe(c.nIter);
        expect(Math.abs(r.inertia - c.inertia) / c.inertia).toBeLessThan(1e-12);
        let worst = 0;
        for (let i = 0; i < c.centers.length; i++) worst = Math.max(worst, Math.abs(r.centers[i]! - c.centers[i]!));
        expect(worst).toBeLessThan(1e-12);
        // the two far initial centres ended up on data: every cluster has points
        expect(new Set(r.labels).size).toBe(5);
    });

    it('refuses bad k, shapes, values and options', () => {
        const x = Float64Array.from([0, 1, 2, 3]);
        expect(() => kmeans(x, 4, 1, 5, Random.seeded(0))).toThrow(KMeansError);
        expect(() => kmeans(x, 4, 1, 0, Random.seeded(0))).toThrow(/k must be/);
        expect(() => kmeans(x, 3, 1, 2, Random.seeded(0))).toThrow(/4 values, not 3 × 1/);
        expect(() => kmeans(Float64Array.from([0, Infinity]), 2, 1, 1, Random.seeded(0))).toThrow(/finite/);
        expect(() => kmeans(x, 4, 1, 2, Random.seeded(0), { nInit: 0 })).toThrow(/nInit/);
    });
});

// ---- selectors -----------------------------------------------------------------------------------------

interface Selections {
    versions: Record<string, string>;
    querySizes: number[];
    datasets: Record<'splice' | 'letter', {
        candidates: number;
        features: number;
        random: Record<string, number[]>;
        kmeans: Record<string, { picks: number[]; inertia: number }>;
    }>;
}
const selections = readJson<Selections>(`${FIXTURES}/selections.json`);

/**
 * Repeat 0's candidates as scripts/reference/active_learning.py builds them from RandomState(0):
 * splice one-hot; letter subsampled (permutation(20000)[:4000]) and standardised on the candidates.
 * Draws the split from `rs` (a fresh Random.seeded(0) when not given).
 */
function repeatZeroCandidates(name: 'splice' | 'letter', rs = Random.seeded(0)): { x: Float64Array; rows: number; dim: number } {
    if (name === 'splice') {
        const codes = spliceCodes();
        const n = codes.length / 60;
        const cand = rs.permutation(n).subarray(0, Math.floor(n / 2));
        const candCodes = new Int32Array(cand.length * 60);
        cand.forEach((r, i) => candCodes.set(codes.subarray(r * 60, r * 60 + 60), i * 60));
        return { x: oneHot(candCodes, cand.length), rows: cand.length, dim: 240 };
    }
    const l = letter();
    const sub = rs.permutation(l.rows).subarray(0, 4000);
    const cand = rs.permutation(4000).subarray(0, 2000);
    const x = new Float64Array(2000 * l.dim);
    cand.forEach((c, i) => x.set(l.x.subarray(sub[c]! * l.dim, (sub[c]! + 1) * l.dim), i * l.dim));
    return { x: standardise(x, 2000, l.dim), rows: 2000, dim: l.dim };
}

describe('query selectors', () => {
    const distinctValid = (sel: Int32Array, rows: number, m: number) => {
        expect(sel.length).toBe(m);
        expect(new Set(sel).size).toBe(m);
        for (const i of sel) expect(i >= 0 && i < rows && Number.isInteger(i)).toBe(true);
    };

    it('randomSelection: m distinct rows, NumPy\'s choice(rows, m, replace=False), deterministic per seed', () => {
        const a = randomSelection(1000, 225, Random.seeded(7));
        distinctValid(a, 1000, 225);
        expect(Array.from(a)).toEqual(Array.from(Random.seeded(7).permutation(1000).slice(0, 225)));
        expect(Array.from(randomSelection(1000, 225, Random.seeded(7)))).toEqual(Array.from(a));
        expect(Array.from(randomSelection(1000, 225, Random.seeded(8)))).not.toEqual(Array.from(a));
        distinctValid(randomSelection(5, 5, Random.seeded(1)), 5, 5);
        expect(() => randomSelection(5, 6, Random.seeded(1))).toThrow(/m must be/);
    });

    it('kmeansSelection: m distinct rows, the nearest candidate to each centre, deterministic per seed', () => {
        const rows = 1200, dim = 6, m = 40;
        const x = Random.derive(11, 'selection').normals(rows * dim);
        const sel = kmeansSelection(x, rows, dim, m, Random.seeded(2));
        distinctValid(sel, rows, m);
        expect(Array.from(kmeansSelection(x, rows, dim, m, Random.seeded(2)))).toEqual(Array.from(sel));
        expect(Array.from(kmeansSelection(x, rows, dim, m, Random.seeded(3)))).not.toEqual(Array.from(sel));
        // the same clustering: centre j takes its nearest row not taken by centres 0 … j − 1
        const { centers } = kmeans(x, rows, dim, m, Random.seeded(2));
        const taken = new Set<number>();
        let nearestFree = 0;
        for (let j = 0; j < m; j++) {
            const d = squaredDistances(x, rows, dim, centers, j * dim);
            let best = -1;
            for (let i = 0; i < rows; i++) if (!taken.has(i) && (best < 0 || d[i]! < d[best]!)) best = i;
            expect(sel[j]).toBe(best);
            let global = 0;
            for (let i = 1; i < rows; i++) if (d[i]! < d[global]!) global = i;
            if (global === best) nearestFree++;
            taken.add(best);
        }
        expect(nearestFree).toBeGreaterThanOrEqual(m - 2); // collisions are rare: nearly every pick is its centre's nearest
    });

    it('nearestToCentres: a shared nearest row goes to the first centre, the next centre takes its next nearest; k < m goes round', () => {
        const x = Float64Array.from([0, 1, 2, 10, 11]);
        // centres at 0.1 and 0.2 share row 0; the second takes row 1
        expect(Array.from(nearestToCentres(x, 5, 1, Float64Array.from([0.1, 0.2]), 2, 2))).toEqual([0, 1]);
        // two centres, five picks: rounds of (centre 0, centre 1), each its nearest free row
        expect(Array.from(nearestToCentres(x, 5, 1, Float64Array.from([0, 10.6]), 2, 5))).toEqual([0, 4, 1, 3, 2]);
        // equal distances: lower row first
        expect(Array.from(nearestToCentres(x, 5, 1, Float64Array.from([1.5]), 1, 2))).toEqual([1, 2]);
    });

    it('kmeansSelection with k < m takes several per centre, with k > m one from each of the first m centres', () => {
        const rows = 300, dim = 3;
        const x = Random.derive(12, 'selection').normals(rows * dim);
        const sel = kmeansSelection(x, rows, dim, 20, Random.seeded(5), 4);
        distinctValid(sel, rows, 20);
        const { centers } = kmeans(x, rows, dim, 4, Random.seeded(5));
        expect(Array.from(sel)).toEqual(Array.from(nearestToCentres(x, rows, dim, centers, 4, 20)));
        // k > m: the first m centres take one each
        const wide = kmeansSelection(x, rows, dim, 5, Random.seeded(6), 9);
        const { centers: c9 } = kmeans(x, rows, dim, 9, Random.seeded(6));
        expect(Array.from(wide)).toEqual(Array.from(nearestToCentres(x, rows, dim, c9, 9, 5)));
        expect(() => kmeansSelection(x, rows, dim, 20, Random.seeded(5), 301)).toThrow(/k must be/);
    });

    it.each(['splice', 'letter'] as const)('reproduces repeat 0 of the Python baseline on %s: split, random picks, K-means picks', name => {
        const d = selections.datasets[name]!;
        const { x, rows, dim } = repeatZeroCandidates(name);
        expect(rows).toBe(d.candidates);
        expect(dim).toBe(d.features);
        const rs = Random.seeded(0); // the repeat's stream, already past the split
        repeatZeroCandidates(name, rs);
        for (const m of selections.querySizes) {
            // random picks, drawn in the order of m from the repeat's stream as the script does
            expect(Array.from(randomSelection(rows, m, rs)), `random m = ${m}`).toEqual(d.random[String(m)]);
        }
        for (const [key, expected] of Object.entries(d.kmeans)) {
            const m = Number(key);
            const km = kmeans(x, rows, dim, m, Random.seeded(0));
            expect(km.inertia, `K-means inertia m = ${m}`).toBeLessThanOrEqual(expected.inertia * 1.01);
            const picks = nearestToCentres(x, rows, dim, km.centers, m, m); // = kmeansSelection(x, rows, dim, m, Random.seeded(0))
            expect(new Set(picks).size).toBe(m);
            if (name === 'splice') continue;
            // Letter (continuous after standardisation) reproduces scikit-learn's very run, and the picks are
            // its picks, except where two candidates are equidistant from a centre to rounding (a centre of
            // two points is their midpoint). One-hot splice is full of exact distance ties that scikit-learn
            // breaks by the rounding of its BLAS products: only the quality compares there.
            expect(Math.abs(km.inertia - expected.inertia) / expected.inertia, `same run m = ${m}`).toBeLessThan(1e-9);
            let differ = 0;
            picks.forEach((p, j) => {
                const e = expected.picks[j]!;
                if (p === e) return;
                differ++;
                const d = squaredDistances(x, rows, dim, km.centers, j * dim);
                expect(Math.abs(d[p]! - d[e]!) / d[e]!, `m = ${m}, centre ${j}: ${p} vs ${e}`).toBeLessThan(1e-9);
            });
            expect(differ, `m = ${m}`).toBeLessThanOrEqual(2);
        }
    }, 120_000);
});
