// Synthetic 2-D point sets for the hyperbolic hierarchical-clustering method (methods.md §3).
//
// Two layers:
//  1. scikit-learn's generators, same formulas and the same order of random draws (scikit-learn 1.2):
//     `makeCircles`, `makeMoons`, `makeBlobs`. Given `Random.seeded(s)` they return what
//     `make_circles(..., random_state=s)` etc. return, to rounding of cos/sin/log.
//  2. The authors' variants and families: `circles` (make_circles, factor 0.5, k = 2), `moons` (make_moons on
//     half the points plus a copy shifted by (shift, shift) with labels + 2, k = 4), `blobs` (make_blobs on the
//     9 centres of {−1, 0, 1}², k = 9), `anisotropic` (those blobs, each stretched about its own mean by T and
//     then the whole set multiplied by T, k = 9); per set a point count, a noise level, standardisation and a
//     class-balanced labelled mask; `drawPointSetFamily` draws N sets deterministically from a seed.
//
// Parameter names follow the registry (`runtime/registry/generators.ts`: circles(noise, factor),
// moons(noise, shift), blobs(std), anisotropic(std); `pointSets` in `runtime/registry/sources.ts`:
// source, points, labeled, standardize). Points are row-major `Float64Array`s of n × 2.

import { Random } from '../random/random.js';

/** n points in `dim` dimensions, row-major, with an integer class per point. */
export interface LabelledPoints {
    readonly n: number;
    readonly dim: number;
    /** Row-major n × dim. */
    readonly points: Float64Array;
    readonly labels: Int32Array;
}

/** An interval values are drawn from, as the registry writes one (`0.0 .. 0.16`). */
export interface Interval {
    readonly from: number;
    readonly to: number;
}

/** A fixed value or an interval to draw one from per set. */
export type Level = number | Interval;

type RandomSource = Random | number;

const asRandom = (r: RandomSource): Random => (typeof r === 'number' ? Random.seeded(r) : r);

// ---- NumPy / scikit-learn building blocks ---------------------------------------------------------

/** NumPy's `linspace(start, stop, num, endpoint)`: `start + i · step`, the last point set to `stop` when included. */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
    const y = new Float64Array(num);
    const div = endpoint ? num - 1 : num;
    const delta = stop - start;
    if (div > 0) {
        const step = delta / div;
        if (step === 0) for (let i = 0; i < num; i++) y[i] = (i / div) * delta + start;
        else for (let i = 0; i < num; i++) y[i] = i * step + start;
    } else {
        for (let i = 0; i < num; i++) y[i] = i * delta + start;
    }
    if (endpoint && num > 1) y[num - 1] = stop;
    return y;
}

/** scikit-learn's `utils.shuffle(X, y)`: one permutation (NumPy's `shuffle` of `arange(n)`) applied to both. */
function shuffleRows(set: LabelledPoints, rng: Random): LabelledPoints {
    const order = rng.permutation(set.n);
    const points = new Float64Array(set.points.length), labels = new Int32Array(set.n);
    for (let i = 0; i < set.n; i++) {
        const src = order[i]!;
        labels[i] = set.labels[src]!;
        for (let d = 0; d < set.dim; d++) points[i * set.dim + d] = set.points[src * set.dim + d]!;
    }
    return { n: set.n, dim: set.dim, points, labels };
}

/** `X += rng.normal(scale=noise, size=X.shape)`: one draw per coordinate, row-major. */
function addNoise(points: Float64Array, noise: number, rng: Random): void {
    for (let i = 0; i < points.length; i++) points[i] = points[i]! + rng.normal(0, noise);
}

export interface SklearnOptions {
    /** Gaussian noise std; `undefined` draws nothing (scikit-learn's `noise=None`), 0 draws and adds zeros. */
    readonly noise?: number;
    /** Shuffle the rows (scikit-learn's default, true). */
    readonly shuffle?: boolean;
    /** The random state: a `Random`, or a seed for `Random.seeded` (NumPy's `RandomState(seed)`); default seed 0. */
    readonly random?: RandomSource;
}

/**
 * scikit-learn `make_circles(n, shuffle, noise, random_state, factor)`: ⌊n/2⌋ points on the unit circle
 * (class 0) at angles `linspace(0, 2π, ⌊n/2⌋, endpoint=False)`, the other ⌈n/2⌉ on the circle of radius
 * `factor` (class 1) likewise; rows shuffled, then N(0, noise²) added to every coordinate.
 */
export function makeCircles(n: number, options: SklearnOptions & { readonly factor?: number } = {}): LabelledPoints {
    const factor = options.factor ?? 0.8;
    if (!(factor >= 0 && factor < 1)) throw new RangeError(`'factor' has to be between 0 and 1, got ${factor}`);
    checkCount(n);
    const rng = asRandom(options.random ?? 0);
    const nOut = Math.floor(n / 2), nIn = n - nOut;
    const out = linspace(0, 2 * Math.PI, nOut, false), inn = linspace(0, 2 * Math.PI, nIn, false);
    const points = new Float64Array(2 * n), labels = new Int32Array(n);
    for (let i = 0; i < nOut; i++) {
        points[2 * i] = Math.cos(out[i]!);
        points[2 * i + 1] = Math.sin(out[i]!);
    }
    for (let i = 0; i < nIn; i++) {
        points[2 * (nOut + i)] = Math.cos(inn[i]!) * factor;
        points[2 * (nOut + i) + 1] = Math.sin(inn[i]!) * factor;
        labels[nOut + i] = 1;
    }
    return finish({ n, dim: 2, points, labels }, options, rng);
}

/**
 * scikit-learn `make_moons(n, shuffle, noise, random_state)`: ⌊n/2⌋ points (cos t, sin t) and ⌈n/2⌉ points
 * (1 − cos t, 1 − sin t − 0.5), each with t = `linspace(0, π, ·)` (endpoints included); classes 0 and 1;
 * rows shuffled, then N(0, noise²) added to every coordinate.
 */
export function makeMoons(n: number, options: SklearnOptions = {}): LabelledPoints {
    checkCount(n);
    const rng = asRandom(options.random ?? 0);
    const nOut = Math.floor(n / 2), nIn = n - nOut;
    const out = linspace(0, Math.PI, nOut), inn = linspace(0, Math.PI, nIn);
    const points = new Float64Array(2 * n), labels = new Int32Array(n);
    for (let i = 0; i < nOut; i++) {
        points[2 * i] = Math.cos(out[i]!);
        points[2 * i + 1] = Math.sin(out[i]!);
    }
    for (let i = 0; i < nIn; i++) {
        points[2 * (nOut + i)] = 1 - Math.cos(inn[i]!);
        points[2 * (nOut + i) + 1] = 1 - Math.sin(inn[i]!) - 0.5;
        labels[nOut + i] = 1;
    }
    return finish({ n, dim: 2, points, labels }, options, rng);
}

function finish(set: LabelledPoints, options: SklearnOptions, rng: Random): LabelledPoints {
    const shuffled = options.shuffle ?? true ? shuffleRows(set, rng) : set;
    if (options.noise !== undefined) addNoise(shuffled.points, options.noise, rng);
    return shuffled;
}

export interface BlobsOptions {
    /** Centres (rows of `nFeatures` numbers), or how many to draw uniformly in `centerBox` (default 3). */
    readonly centers?: readonly (readonly number[])[] | number;
    /** Features when the centres are drawn (default 2). */
    readonly nFeatures?: number;
    /** Std of every blob, or one per blob (default 1). */
    readonly clusterStd?: number | readonly number[];
    readonly centerBox?: readonly [number, number];
    readonly shuffle?: boolean;
    readonly random?: RandomSource;
}

/**
 * scikit-learn `make_blobs(n, n_features, centers, cluster_std, center_box, shuffle, random_state)`: blob i
 * gets ⌊n/k⌋ points, plus one for the first n mod k blobs; its points are N(centre_i, std_i²) per
 * coordinate, drawn blob by blob, row-major; labels are the blob indices; then the rows are shuffled.
 */
export function makeBlobs(n: number, options: BlobsOptions = {}): LabelledPoints & { readonly centers: number[][] } {
    checkCount(n);
    const rng = asRandom(options.random ?? 0);
    let centers: number[][];
    const given = options.centers ?? 3;
    if (typeof given === 'number') {
        const [lo, hi] = options.centerBox ?? [-10, 10];
        const f = options.nFeatures ?? 2;
        centers = Array.from({ length: given }, () => Array.from({ length: f }, () => rng.uniform(lo, hi)));
    } else {
        centers = given.map(c => [...c]);
    }
    const k = centers.length, dim = centers[0]?.length ?? 0;
    if (k === 0 || centers.some(c => c.length !== dim)) throw new RangeError('make_blobs needs at least one centre, all of one dimension');
    const stds = typeof options.clusterStd === 'object' ? [...options.clusterStd] : new Array<number>(k).fill(options.clusterStd ?? 1);
    if (stds.length !== k) throw new RangeError(`make_blobs: ${stds.length} stds for ${k} centres`);
    const perCenter = Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
    const points = new Float64Array(n * dim), labels = new Int32Array(n);
    let row = 0;
    for (let c = 0; c < k; c++) {
        for (let j = 0; j < perCenter[c]!; j++, row++) {
            labels[row] = c;
            for (let d = 0; d < dim; d++) points[row * dim + d] = rng.normal(centers[c]![d]!, stds[c]!);
        }
    }
    const set = { n, dim, points, labels };
    return { ...(options.shuffle ?? true ? shuffleRows(set, rng) : set), centers };
}

function checkCount(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`a point count must be a non-negative integer, got ${n}`);
}

// ---- The authors' generators ----------------------------------------------------------------------

/** The 9 centres of the grid {−1, 0, 1}², x-major: (−1, −1), (−1, 0), (−1, 1), (0, −1), … (1, 1). */
export const GRID_CENTERS: readonly (readonly [number, number])[] = [-1, 0, 1].flatMap(x => [-1, 0, 1].map(y => [x, y] as const));

/** The anisotropic map T = [[0.6, −0.6], [−0.4, 0.8]], applied to row vectors: x ↦ x T. */
export const ANISOTROPIC_T: readonly [readonly [number, number], readonly [number, number]] = [[0.6, -0.6], [-0.4, 0.8]];

export type GeneratorName = 'circles' | 'moons' | 'blobs' | 'anisotropic';

/** A generator call as the registry declares it; each parameter defaults to the registry's default. */
export type GeneratorSpec =
    | { readonly name: 'circles'; readonly noise?: Level; readonly factor?: number }
    | { readonly name: 'moons'; readonly noise?: Level; readonly shift?: number }
    | { readonly name: 'blobs'; readonly std?: Level }
    | { readonly name: 'anisotropic'; readonly std?: Level };

/** Registry defaults (`runtime/registry/generators.ts`). */
export const GENERATOR_DEFAULTS = {
    noise: { from: 0, to: 0.16 } as Interval,
    factor: 0.5,
    shift: 2,
    std: 0.16,
} as const;

/** Classes per generator (the registry's `generatorClasses`). */
export const GENERATOR_CLASSES: Readonly<Record<GeneratorName, number>> = { circles: 2, moons: 4, blobs: 9, anisotropic: 9 };

/** The level (noise or std) interval of a generator call. */
export function generatorLevel(spec: GeneratorSpec): Level {
    return spec.name === 'circles' || spec.name === 'moons' ? spec.noise ?? GENERATOR_DEFAULTS.noise : spec.std ?? GENERATOR_DEFAULTS.std;
}

/**
 * One unstandardised set of n points from a generator at a fixed level (its noise or std), drawing from `rng`
 * exactly as the scikit-learn calls it names:
 *  - circles:     `make_circles(n, noise=level, factor=factor)`
 *  - moons:       `make_moons(⌈n/2⌉, noise=level)`, then its first ⌊n/2⌋ rows (all of them when n is even),
 *                 shifted by (shift, shift), appended with labels + 2
 *  - blobs:       `make_blobs(n, centers=GRID_CENTERS, cluster_std=level)`
 *  - anisotropic: that blobs set with each point x of class c mapped to μ_c + (x − μ_c) T (μ_c the class's
 *                 sample mean), then every point mapped to x T.
 */
export function generatePoints(spec: GeneratorSpec, n: number, level: number, rng: Random): LabelledPoints {
    switch (spec.name) {
        case 'circles':
            return makeCircles(n, { noise: level, factor: spec.factor ?? GENERATOR_DEFAULTS.factor, random: rng });
        case 'moons': {
            const shift = spec.shift ?? GENERATOR_DEFAULTS.shift;
            const half = Math.ceil(n / 2), copies = n - half;
            const base = makeMoons(half, { noise: level, random: rng });
            const points = new Float64Array(2 * n), labels = new Int32Array(n);
            points.set(base.points);
            labels.set(base.labels);
            for (let i = 0; i < copies; i++) {
                points[2 * (half + i)] = base.points[2 * i]! + shift;
                points[2 * (half + i) + 1] = base.points[2 * i + 1]! + shift;
                labels[half + i] = base.labels[i]! + 2;
            }
            return { n, dim: 2, points, labels };
        }
        case 'blobs': {
            const { points, labels } = makeBlobs(n, { centers: GRID_CENTERS, clusterStd: level, random: rng });
            return { n, dim: 2, points, labels };
        }
        case 'anisotropic': {
            const { points, labels } = makeBlobs(n, { centers: GRID_CENTERS, clusterStd: level, random: rng });
            return { n, dim: 2, points: anisotropic(points, labels, GRID_CENTERS.length), labels };
        }
    }
}

/** μ_c + (x − μ_c) T per class c (μ_c its sample mean), then x T for every point; returns a new array. */
export function anisotropic(points: Float64Array, labels: Int32Array, classes: number): Float64Array {
    const [[t00, t01], [t10, t11]] = ANISOTROPIC_T;
    const sum = new Float64Array(2 * classes), count = new Float64Array(classes);
    for (let i = 0; i < labels.length; i++) {
        const c = labels[i]!;
        sum[2 * c] = sum[2 * c]! + points[2 * i]!;
        sum[2 * c + 1] = sum[2 * c + 1]! + points[2 * i + 1]!;
        count[c] = count[c]! + 1;
    }
    const out = new Float64Array(points.length);
    for (let i = 0; i < labels.length; i++) {
        const c = labels[i]!;
        const mx = sum[2 * c]! / count[c]!, my = sum[2 * c + 1]! / count[c]!;
        const dx = points[2 * i]! - mx, dy = points[2 * i + 1]! - my;
        const x = mx + (dx * t00 + dy * t10), y = my + (dx * t01 + dy * t11);
        out[2 * i] = x * t00 + y * t10;
        out[2 * i + 1] = x * t01 + y * t11;
    }
    return out;
}

/** Standardises each coordinate to mean 0 and (population) variance 1, in place; a constant column is only centred. */
export function standardize(points: Float64Array, dim: number): Float64Array {
    const n = points.length / dim;
    if (n === 0) return points;
    for (let d = 0; d < dim; d++) {
        let mean = 0;
        for (let i = 0; i < n; i++) mean += points[i * dim + d]!;
        mean /= n;
        let variance = 0;
        for (let i = 0; i < n; i++) variance += (points[i * dim + d]! - mean) ** 2;
        variance /= n;
        const scale = variance > 0 ? Math.sqrt(variance) : 1;
        for (let i = 0; i < n; i++) points[i * dim + d] = (points[i * dim + d]! - mean) / scale;
    }
    return points;
}

/**
 * Which points keep their labels: a class-balanced (stratified) fraction. L = ⌊fraction · n + ½⌋ labels in all;
 * class c (n_c points) gets ⌊fraction · n_c⌋, and the L − Σ⌊·⌋ left over go one each to the classes with the
 * largest remainders fraction · n_c − ⌊fraction · n_c⌋ (ties: lower class first). Within class c the points are
 * `rng.choice(n_c, count)` of its members in index order, class by class. Returns 1 for a labelled point.
 */
export function labelledMask(labels: Int32Array, fraction: number, rng: Random): Uint8Array {
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`a labelled fraction must lie in [0, 1], got ${fraction}`);
    const n = labels.length;
    const members = classMembers(labels);
    const quota = members.map(m => fraction * m.length);
    const counts = quota.map(Math.floor);
    let left = Math.floor(fraction * n + 0.5) - counts.reduce((a, b) => a + b, 0);
    const byRemainder = members.map((_, c) => c).filter(c => members[c]!.length > 0)
        .sort((a, b) => (quota[b]! - counts[b]!) - (quota[a]! - counts[a]!) || a - b);
    for (const c of byRemainder) {
        if (left <= 0) break;
        if (counts[c]! < members[c]!.length) { counts[c]!++; left--; }
    }
    const mask = new Uint8Array(n);
    members.forEach((m, c) => {
        if (m.length === 0) return;
        for (const j of rng.choice(m.length, counts[c]!)) mask[m[j]!] = 1;
    });
    return mask;
}

function classMembers(labels: Int32Array): number[][] {
    let k = 0;
    for (const l of labels) k = Math.max(k, l + 1);
    const members: number[][] = Array.from({ length: k }, () => []);
    labels.forEach((l, i) => members[l]!.push(i));
    return members;
}

// ---- Families of point sets (`pointSets(source: …, points: …, labeled: …)`) ------------------------

/** `pointSets(...)` as the registry declares it; unset parameters take the registry's defaults. */
export interface PointSetsSpec {
    readonly source: GeneratorSpec;
    /** Points per set: a fixed count, or an interval whose count is drawn in [⌊max/2⌋, max) (default 300). */
    readonly points?: number | Interval;
    /** Fraction of each set whose labels are kept (default 0.3). */
    readonly labeled?: number;
    /** Standardise each set (default true). */
    readonly standardize?: boolean;
}

export const POINT_SETS_DEFAULTS = { points: 300, labeled: 0.3, standardize: true } as const;

/** One drawn set: points (standardised unless asked otherwise), all labels, and which labels are kept. */
export interface PointSet extends LabelledPoints {
    readonly dim: 2;
    readonly source: GeneratorName;
    /** Number of classes of the generator (k): 2, 4 or 9. */
    readonly classes: number;
    /** 1 where the label is kept for training, 0 where the point is unlabelled. */
    readonly labelled: Uint8Array;
    /** The noise (circles, moons) or std (blobs, anisotropic) this set was drawn with. */
    readonly level: number;
    /** The set's index in its family. */
    readonly index: number;
}

/** [low, high) of the point count: a fixed count n gives [n, n + 1); an interval gives [⌊max/2⌋, max). */
export function pointCountRange(points: number | Interval): [number, number] {
    if (typeof points === 'number') {
        if (!Number.isInteger(points) || points < 1) throw new RangeError(`points must be a positive integer, got ${points}`);
        return [points, points + 1];
    }
    const max = points.to;
    if (!Number.isInteger(max) || max < 2) throw new RangeError(`the points interval needs an integer maximum of at least 2, got ${max}`);
    return [Math.floor(max / 2), max];
}

/**
 * Set `index` of a family. Streams (see `runtime/random`): the set draws from `family.fork(index)`: first its
 * point count (`integer(low, high)`, only for an interval), then its level (`uniform(from, to)`, only for an
 * interval); the generator draws from `family.fork(index, 'generator')` and the labelled mask from
 * `family.fork(index, 'labelled')`. A set therefore does not depend on how many sets are drawn before it.
 */
export function drawPointSet(spec: PointSetsSpec, index: number, family: Random): PointSet {
    const source = spec.source;
    const setRng = family.fork(index);
    const [low, high] = pointCountRange(spec.points ?? POINT_SETS_DEFAULTS.points);
    const n = high - low === 1 ? low : setRng.integer(low, high);
    const levelSpec = generatorLevel(source);
    const level = typeof levelSpec === 'number' ? levelSpec : setRng.uniform(levelSpec.from, levelSpec.to);
    if (!(level >= 0)) throw new RangeError(`a noise level must be non-negative, got ${level}`);
    const raw = generatePoints(source, n, level, family.fork(index, 'generator'));
    if (spec.standardize ?? POINT_SETS_DEFAULTS.standardize) standardize(raw.points, 2);
    const labelled = labelledMask(raw.labels, spec.labeled ?? POINT_SETS_DEFAULTS.labeled, family.fork(index, 'labelled'));
    return { ...raw, dim: 2, source: source.name, classes: GENERATOR_CLASSES[source.name], labelled, level, index };
}

/**
 * `count` sets, indices `start … start + count − 1`, of a family. `random` is the family's stream (e.g.
 * `Random.derive(experimentSeed, 'dataset', name)`), or an experiment seed, which uses
 * `Random.derive(seed, 'pointSets', source.name)`. Same seed → identical family, on any platform.
 */
export function drawPointSetFamily(spec: PointSetsSpec, count: number, random: Random | number, start = 0): PointSet[] {
    const family = typeof random === 'number' ? Random.derive(random, 'pointSets', spec.source.name) : random;
    return Array.from({ length: count }, (_, i) => drawPointSet(spec, start + i, family));
}
