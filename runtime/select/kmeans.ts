// K-means as scikit-learn 1.2's `KMeans(n_clusters=k, n_init=10)` computes it, in float64.
//
// Step for step (sklearn/cluster/_kmeans.py and _k_means_*.pyx, 1.2.1):
//   - the data are centred on their column means first (as `KMeans.fit` does for dense input; the centres
//     are shifted back at the end), and the tolerance is tol × the mean of the per-column variances;
//   - initialisation: greedy k-means++ (`_kmeans_plusplus`): the first centre is `randint(n)`; each further
//     centre draws 2 + ⌊ln k⌋ candidates by `uniform() · potential` searched in the running sum of the
//     squared distances to the closest centre so far (D² sampling, `searchsorted` left), and keeps the
//     candidate that lowers the potential most (first on ties);
//   - Lloyd iterations: assign every point to its nearest centre (lowest index on ties), move every centre
//     to the mean of its points; an empty cluster is relocated to the point farthest from its centre
//     (`_relocate_empty_clusters_dense`: that point's coordinates become the new centre and are taken out of
//     its old cluster's sum, its label unchanged); stop when the labels did not change ("strict
//     convergence"), or when the sum over centres of the squared centre shift is ≤ the tolerance, or after
//     max_iter iterations; without strict convergence the labels are recomputed for the final centres;
//   - inertia: Σ ‖x − c(label)‖²; of the n_init runs the first is kept unless a later one has a strictly
//     smaller inertia and a different partition (`_is_same_clustering`).
//
// The random draws are NumPy's (`Random` follows `RandomState`), in scikit-learn's order, so given
// `Random.seeded(s)` the runs are those of `KMeans(random_state=s)`: on the tie-free fixtures (standardised
// letter, waveform; test/runtime/select.test.ts) the inertia, centres and iteration counts equal
// scikit-learn 1.2.1's to 1e-9, for n_init = 1 and 10. On data with exact distance ties (integer or one-hot
// features) scikit-learn's choice among tied centres follows the rounding of its BLAS products, which no
// other summation order reproduces; there the runs differ, with the same quality (within 1 % of its
// inertia on the fixtures).
//
// Speed. Lloyd's assignment step skips the distance computations that triangle-inequality bounds rule
// out (`lloydBounded`: Hamerly's per-point bound, Elkan's per-centre bounds and half centre–centre
// distances, the centres near a point's own visited nearest first). In exact arithmetic the labels,
// centres and stopping rule are Lloyd's (scikit-learn's `algorithm="elkan"` rests on the same argument);
// distances are computed directly (Σ (x − c)², no ‖x‖² − 2x·c + ‖c‖² cancellation), so only points
// equidistant to rounding from two centres could be assigned differently. k-means++ uses ‖x‖² − 2x·c + ‖c‖²
// as scikit-learn does, with the point norms computed once, and visits only the points a candidate can
// move: a point whose closest centre a satisfies ‖c − a‖ ≥ 2·d(x, a) cannot get closer to candidate c, and
// a whole cluster is passed over when ‖c − a‖ ≥ 2·(its largest d). Memory: the data, k² centre distances,
// and n · k float32 bounds (up to 2²⁵ of them; beyond, only the per-point bounds). 10,000 × 16 points with
// k = 225 and n_init = 10 take a few seconds, about what scikit-learn takes on the same machine.

import { Random } from '../random/random.js';

export interface KMeansResult {
    /** k × dim, row-major, in the input's coordinates. */
    centers: Float64Array;
    /** Per row, its cluster 0 … k − 1. */
    labels: Int32Array;
    /** Σ over rows of the squared distance to its centre. */
    inertia: number;
    /** Lloyd iterations of the kept run. */
    iterations: number;
}

export interface KMeansOptions {
    /** Independent k-means++ starts; the run with the smallest inertia is kept (default 10). */
    nInit?: number;
    /** Lloyd iterations per start at most (default 300). */
    maxIter?: number;
    /** Relative tolerance on the squared centre shift, × the mean per-column variance (default 1e-4). */
    tol?: number;
}

export class KMeansError extends Error {
    override readonly name = 'KMeansError';
}

/** K-means with k-means++ starts, best of `nInit` by inertia (scikit-learn's `KMeans`, see above). */
export function kmeans(x: Float64Array, rows: number, dim: number, k: number, random: Random, options: KMeansOptions = {}): KMeansResult {
    const nInit = options.nInit ?? 10;
    const maxIter = options.maxIter ?? 300;
    const tolRel = options.tol ?? 1e-4;
    checkShape(x, rows, dim, 'kmeans');
    if (!Number.isInteger(k) || k < 1 || k > rows) throw new KMeansError(`kmeans: k must be an integer in 1 … ${rows} (the number of rows), got ${k}`);
    if (!Number.isInteger(nInit) || nInit < 1) throw new KMeansError(`kmeans: nInit must be a positive integer, got ${nInit}`);
    if (!Number.isInteger(maxIter) || maxIter < 1) throw new KMeansError(`kmeans: maxIter must be a positive integer, got ${maxIter}`);

    const { points, mean, tol } = prepare(x, rows, dim, tolRel);
    const X = points.X;

    let best: { labels: Int32Array; centers: Float64Array; inertia: number; iterations: number } | undefined;
    for (let run = 0; run < nInit; run++) {
        const init = kmeansPlusPlusOn(points, k, random);
        const centers = new Float64Array(k * dim);
        for (let j = 0; j < k; j++) centers.set(X.subarray(init.indices[j]! * dim, (init.indices[j]! + 1) * dim), j * dim);
        const result = lloydBounded(points, k, centers, maxIter, tol, init.owner);
        if (best === undefined || (result.inertia < best.inertia && !sameClustering(result.labels, best.labels, k))) best = result;
    }
    const centers = best!.centers;
    for (let j = 0; j < k; j++) for (let c = 0; c < dim; c++) centers[j * dim + c] += mean[c]!;
    return { centers, labels: best!.labels, inertia: best!.inertia, iterations: best!.iterations };
}

/**
 * Lloyd's iterations from given initial centres (k × dim, row-major), as scikit-learn's
 * `KMeans(n_clusters=k, init=centres, n_init=1)`: no random draws.
 */
export function kmeansFrom(x: Float64Array, rows: number, dim: number, initialCenters: Float64Array, k: number, options: Omit<KMeansOptions, 'nInit'> = {}): KMeansResult {
    const maxIter = options.maxIter ?? 300;
    const tolRel = options.tol ?? 1e-4;
    checkShape(x, rows, dim, 'kmeansFrom');
    if (!Number.isInteger(k) || k < 1 || k > rows) throw new KMeansError(`kmeansFrom: k must be an integer in 1 … ${rows} (the number of rows), got ${k}`);
    if (initialCenters.length !== k * dim) throw new KMeansError(`kmeansFrom: ${initialCenters.length} centre values, not ${k} × ${dim}`);
    if (!Number.isInteger(maxIter) || maxIter < 1) throw new KMeansError(`kmeansFrom: maxIter must be a positive integer, got ${maxIter}`);
    const { points, mean, tol } = prepare(x, rows, dim, tolRel);
    const init = new Float64Array(k * dim);
    for (let j = 0; j < k; j++) for (let c = 0; c < dim; c++) init[j * dim + c] = initialCenters[j * dim + c]! - mean[c]!;
    const result = lloydBounded(points, k, init, maxIter, tol);
    const centers = result.centers;
    for (let j = 0; j < k; j++) for (let c = 0; c < dim; c++) centers[j * dim + c] += mean[c]!;
    return { centers, labels: result.labels, inertia: result.inertia, iterations: result.iterations };
}

/**
 * The points as the algorithms see them: `X` row-major with the squared row norms, and for mostly-zero data
 * (one-hot codes and the like) the non-zeros of each row, so that a row's dot product with a dense vector
 * costs its non-zeros only.
 */
interface Points {
    readonly n: number;
    readonly dim: number;
    readonly X: Float64Array;
    readonly norms: Float64Array;
    readonly sparse: { readonly start: Int32Array; readonly cols: Int32Array; readonly vals: Float64Array } | undefined;
}

/** At least this share of zeros (and at least SPARSE_MIN_DIM columns) makes the data sparse. */
const SPARSE_MIN_ZEROS = 0.5;
const SPARSE_MIN_DIM = 32;

/**
 * The points to cluster, the shift subtracted from them, and the absolute tolerance (tol × the mean
 * per-column variance). Dense data are centred on their column means, as scikit-learn does for accuracy;
 * sparse data are kept as they are (centring would fill them in), and their distances are computed as
 * ‖x‖² − 2x·c + ‖c‖² over the non-zeros of x.
 */
function prepare(x: Float64Array, rows: number, dim: number, tolRel: number): { points: Points; mean: Float64Array; tol: number } {
    if (!(tolRel >= 0)) throw new KMeansError(`kmeans: tol must be ≥ 0, got ${tolRel}`);
    const mean = new Float64Array(dim);
    for (let i = 0; i < rows; i++) for (let c = 0; c < dim; c++) mean[c] += x[i * dim + c]!;
    for (let c = 0; c < dim; c++) mean[c] /= rows;
    let varianceSum = 0, zeros = 0;
    for (let c = 0; c < dim; c++) {
        let s = 0;
        for (let i = 0; i < rows; i++) {
            const v = x[i * dim + c]!;
            if (v === 0) zeros++;
            s += (v - mean[c]!) * (v - mean[c]!);
        }
        varianceSum += s / rows;
    }
    const tol = tolRel === 0 ? 0 : (varianceSum / dim) * tolRel;
    if (dim >= SPARSE_MIN_DIM && zeros >= SPARSE_MIN_ZEROS * rows * dim) {
        const nonZeros = rows * dim - zeros;
        const start = new Int32Array(rows + 1), cols = new Int32Array(nonZeros), vals = new Float64Array(nonZeros);
        for (let i = 0, p = 0; i < rows; i++) {
            for (let c = 0; c < dim; c++) {
                const v = x[i * dim + c]!;
                if (v !== 0) { cols[p] = c; vals[p] = v; p++; }
            }
            start[i + 1] = p;
        }
        const points = { n: rows, dim, X: x, norms: rowSquaredNorms(x, rows, dim), sparse: { start, cols, vals } };
        return { points, mean: new Float64Array(dim), tol };
    }
    const X = new Float64Array(rows * dim);
    for (let i = 0; i < rows * dim; i++) X[i] = x[i]! - mean[i % dim]!;
    return { points: { n: rows, dim, X, norms: rowSquaredNorms(X, rows, dim), sparse: undefined }, mean, tol };
}

type SparseRows = NonNullable<Points['sparse']>;

/** Sparse row i · v[off … off + dim). */
function sparseDot(sp: SparseRows, i: number, v: Float64Array<ArrayBufferLike>, off: number): number {
    const { start, cols, vals } = sp;
    let s = 0;
    for (let q = start[i]!, end = start[i + 1]!; q < end; q++) s += vals[q]! * v[off + cols[q]!]!;
    return s;
}

/** Row i of the points · v[off … off + dim). */
function rowDot(p: Points, i: number, v: Float64Array<ArrayBufferLike>, off: number): number {
    return p.sparse === undefined ? dot(p.X, i * p.dim, v, off, p.dim) : sparseDot(p.sparse, i, v, off);
}

/** The distance from sparse row i (squared norm `norm`) to centre j (squared norm `centerNorm`). */
function sparseDistance(sp: SparseRows, i: number, norm: number, centers: Float64Array<ArrayBufferLike>, off: number, centerNorm: number): number {
    return Math.sqrt(Math.max(norm - 2 * sparseDot(sp, i, centers, off) + centerNorm, 0));
}

/** sums[j] += row i. */
function addRow(p: Points, i: number, sums: Float64Array<ArrayBufferLike>, j: number): void {
    const dim = p.dim, q = j * dim, sp = p.sparse;
    if (sp === undefined) {
        for (let c = 0, o = i * dim; c < dim; c++) sums[q + c] += p.X[o + c]!;
        return;
    }
    const { start, cols, vals } = sp;
    for (let r = start[i]!, end = start[i + 1]!; r < end; r++) sums[q + cols[r]!] += vals[r]!;
}

/**
 * The k-means++ seeds scikit-learn's `kmeans_plusplus(X, k, random_state)` picks: k row indices, in order.
 * (On the raw data; `kmeans` runs the same on the centred data, which differs only by rounding.)
 */
export function kmeansPlusPlus(x: Float64Array, rows: number, dim: number, k: number, random: Random): Int32Array {
    checkShape(x, rows, dim, 'kmeansPlusPlus');
    if (!Number.isInteger(k) || k < 1 || k > rows) throw new KMeansError(`kmeansPlusPlus: k must be an integer in 1 … ${rows}, got ${k}`);
    return kmeansPlusPlusOn({ n: rows, dim, X: x, norms: rowSquaredNorms(x, rows, dim), sparse: undefined }, k, random).indices;
}

function checkShape(x: Float64Array, rows: number, dim: number, what: string): void {
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(dim) || dim < 1) throw new KMeansError(`${what}: needs rows ≥ 1 and dim ≥ 1, got ${rows} × ${dim}`);
    if (x.length !== rows * dim) throw new KMeansError(`${what}: the buffer holds ${x.length} values, not ${rows} × ${dim}`);
    for (let i = 0; i < x.length; i++) {
        if (!Number.isFinite(x[i]!)) throw new KMeansError(`${what}: row ${Math.floor(i / dim)}, column ${i % dim} is ${x[i]}: values must be finite`);
    }
}

function rowSquaredNorms(X: Float64Array, rows: number, dim: number): Float64Array {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let c = 0, o = i * dim; c < dim; c++) s += X[o + c]! * X[o + c]!;
        out[i] = s;
    }
    return out;
}

// ---- k-means++ ----------------------------------------------------------------------------------------

/** k-means++ on the points: the seeds' row indices, and each row's nearest seed (a first labelling). */
function kmeansPlusPlusOn(points: Points, k: number, random: Random): { indices: Int32Array; owner: Int32Array } {
    const { n, dim, X, norms, sparse } = points;
    const trials = 2 + Math.floor(Math.log(k));
    const indices = new Int32Array(k);
    const first = random.integer(0, n);
    indices[0] = first;

    // closest[i]: squared distance to the closest centre so far (‖x‖² − 2x·c + ‖c‖², clipped at 0);
    // owner[i]: which centre (position in `indices`) that is.
    const closest = new Float64Array(n);
    const owner = new Int32Array(n);
    let potential = 0;
    {
        const firstRow = X.slice(first * dim, (first + 1) * dim), cn = norms[first]!;
        for (let i = 0; i < n; i++) {
            const d = Math.max(norms[i]! - 2 * rowDot(points, i, firstRow, 0) + cn, 0);
            closest[i] = d;
            potential += d;
        }
    }
    if (k === 1) return { indices, owner };

    const cumsum = new Float64Array(n);
    const candidates = new Int32Array(trials);
    // Members of each centre's cluster (counting sort on `owner`) and the cluster's largest closest distance.
    const start = new Int32Array(k + 1);
    const fill = new Int32Array(k);
    const members = new Int32Array(n);
    const radius = new Float64Array(k);
    // Per trial: ¼‖c − a‖² to every centre a so far, and the points it moves with their new closest distances.
    const quarter = new Float64Array(trials * k);
    const activeTrials = new Int32Array(trials);
    const movedIndex = new Int32Array(trials * n);
    const movedValue = new Float64Array(trials * n);
    const movedCount = new Int32Array(trials);
    const gains = new Float64Array(trials);
    const candidateRows = new Float64Array(trials * dim);

    for (let step = 1; step < k; step++) {
        // D² sampling: `trials` draws of uniform · potential located in the running sum.
        let s = 0;
        for (let i = 0; i < n; i++) { s += closest[i]!; cumsum[i] = s; }
        for (let t = 0; t < trials; t++) {
            const v = random.random() * potential;
            let lo = 0, hi = n; // first i with cumsum[i] >= v (NumPy searchsorted, side 'left')
            while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if (cumsum[mid]! < v) lo = mid + 1; else hi = mid;
            }
            candidates[t] = Math.min(lo, n - 1);
        }

        // Group the points by their closest centre.
        start.fill(0);
        radius.fill(0);
        for (let i = 0; i < n; i++) {
            const a = owner[i]!;
            start[a + 1]++;
            if (closest[i]! > radius[a]!) radius[a] = closest[i]!;
        }
        for (let j = 0; j < step; j++) { start[j + 1] += start[j]!; fill[j] = start[j]!; }
        for (let i = 0; i < n; i++) members[fill[owner[i]!]!++] = i;
        for (let t = 0; t < trials; t++) {
            const cand = candidates[t]!, o = cand * dim;
            candidateRows.set(X.subarray(o, o + dim), t * dim);
            if (sparse === undefined) {
                for (let j = 0; j < step; j++) quarter[t * k + j] = squaredDistance(X, o, X, indices[j]! * dim, dim) / 4;
            } else {
                for (let j = 0; j < step; j++) {
                    const a = indices[j]!;
                    quarter[t * k + j] = Math.max(norms[cand]! - 2 * sparseDot(sparse, a, candidateRows, t * dim) + norms[a]!, 0) / 4;
                }
            }
            movedCount[t] = 0;
            gains[t] = 0;
        }

        // The potential after adding each candidate. A point x whose closest centre is a cannot get closer
        // to c when ‖c − a‖ ≥ 2·d(x, a), i.e. ¼‖c − a‖² ≥ closest(x) (triangle inequality; tested with
        // SAFE's slack for rounding): only the other points are visited, each once for all candidates.
        for (let j = 0; j < step; j++) {
            let active = 0;
            const r = radius[j]! * SAFE;
            for (let t = 0; t < trials; t++) if (quarter[t * k + j]! < r) activeTrials[active++] = t;
            if (active === 0) continue;
            for (let p = start[j]!, end = start[j + 1]!; p < end; p++) {
                const i = members[p]!, ci = closest[i]!, cs = ci * SAFE, ni = norms[i]!;
                for (let u = 0; u < active; u++) {
                    const t = activeTrials[u]!;
                    if (quarter[t * k + j]! >= cs) continue;
                    const xc = sparse === undefined ? dot(X, i * dim, candidateRows, t * dim, dim) : sparseDot(sparse, i, candidateRows, t * dim);
                    const d = Math.max(ni - 2 * xc + norms[candidates[t]!]!, 0);
                    if (d < ci) {
                        const c = movedCount[t]!;
                        movedIndex[t * n + c] = i;
                        movedValue[t * n + c] = d;
                        movedCount[t] = c + 1;
                        gains[t] += ci - d;
                    }
                }
            }
        }
        let bestT = 0;
        for (let t = 1; t < trials; t++) if (potential - gains[t]! < potential - gains[bestT]!) bestT = t;
        indices[step] = candidates[bestT]!;
        for (let p = bestT * n, end = p + movedCount[bestT]!; p < end; p++) {
            closest[movedIndex[p]!] = movedValue[p]!;
            owner[movedIndex[p]!] = step;
        }
        // Re-sum rather than carry `potential − gain` along, so that rounding does not drift over k steps.
        potential = 0;
        for (let i = 0; i < n; i++) potential += closest[i]!;
    }
    return { indices, owner };
}

// ---- Lloyd iterations with triangle-inequality bounds ------------------------------------------------------

/** Per-centre lower bounds are kept (n × k float32) up to this many entries (128 MB); beyond, only the per-point ones. */
const PER_CENTRE_LIMIT = 1 << 25;
/** Per-centre bounds are stored as float32 (half the memory traffic), rounded down so they stay bounds. */
const DOWN = 1 - 2 ** -22;
const FLOAT32_MAX = 3.4028234663852886e38;
/** A float32 value ≤ v, for v ≥ 0: fround(v · DOWN) ≤ v · DOWN · (1 + 2⁻²⁴) < v, capped at float32's largest. */
function roundDown32(v: number): number {
    return Math.min(Math.fround(v * DOWN), FLOAT32_MAX);
}

/**
 * Lloyd's iterations from the given centres, skipping the distance computations that bounds rule out:
 *   - per point an upper bound on the distance to its centre, one lower bound on the distance to every
 *     other centre (Hamerly), and, when n · k ≤ PER_CENTRE_LIMIT, a lower bound per centre (Elkan);
 *   - a point is only looked at when its upper bound exceeds max(its lower bound, half the distance from
 *     its centre to the nearest other centre); it then visits the other centres in order of their distance
 *     from its centre and stops at the first one at least twice its own distance away (none further can be
 *     nearer), skipping on the way the centres its per-centre bound or half the distance to the best centre
 *     so far rules out.
 * Bounds are stored relative to the cumulative shift of each centre (and the cumulative largest shift), so
 * moving the centres costs O(k) per iteration, not a pass over the bounds: a lower bound d stored at time t
 * as d + C_j(t) reads C_j(t) − C_j(now) smaller later, exactly Elkan's and Hamerly's decrements.
 * `guess` (optional) is a first labelling; it only saves work, the first step checks every point.
 */
function lloydBounded(points: Points, k: number, centersInit: Float64Array<ArrayBufferLike>, maxIter: number, tol: number, guess?: Int32Array) {
    const { n, dim, X } = points;
    let centers: Float64Array<ArrayBufferLike> = centersInit;
    let centersNew: Float64Array<ArrayBufferLike> = new Float64Array(k * dim);
    const weights = new Float64Array(k);
    const labels = guess ? Int32Array.from(guess) : new Int32Array(n);
    const labelsOld = new Int32Array(n).fill(-1);
    const shift = new Float64Array(k);
    const geometry = new CentreGeometry(k);
    geometry.update(centers, dim);
    const bounds: Bounds = {
        cum: new Float64Array(k),
        maxCum: 0,
        upper: new Float64Array(n).fill(Infinity),
        lower: new Float64Array(n),
        perCentre: n * k <= PER_CENTRE_LIMIT ? new Float32Array(n * k) : undefined,
    };

    let strict = false;
    let iter = 0;
    for (; iter < maxIter; iter++) {
        assignStep(points, k, centers, centersNew, weights, geometry, bounds, labels, true);
        finishUpdate(X, n, dim, k, centers, centersNew, weights, labels, shift, bounds);
        geometry.update(centersNew, dim);
        [centers, centersNew] = [centersNew, centers];
        if (equalArrays(labels, labelsOld)) { strict = true; break; }
        let total = 0;
        for (let j = 0; j < k; j++) total += shift[j]! * shift[j]!;
        if (total <= tol) break;
        labelsOld.set(labels);
    }
    if (!strict) assignStep(points, k, centers, centers, weights, geometry, bounds, labels, false);

    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += squaredDistance(X, i * dim, centers, labels[i]! * dim, dim);
    return { labels, centers: centers.slice(), inertia, iterations: Math.min(iter + 1, maxIter) };
}

interface Bounds {
    /** Per centre, the sum of its shifts so far. */
    readonly cum: Float64Array;
    /** The sum over iterations of the largest shift. */
    maxCum: number;
    /** Per point, (upper bound on the distance to its centre) − cum[its label]. */
    readonly upper: Float64Array;
    /** Per point, (lower bound on the distance to every other centre) + maxCum. */
    readonly lower: Float64Array;
    /** Per point and centre, (lower bound on their distance) + cum[centre]; 0 = no bound yet. */
    readonly perCentre: Float32Array | undefined;
}

/** Half the distances between the centres, each centre's others sorted by it, and the nearest other's. */
class CentreGeometry {
    readonly half: Float64Array;
    /**
     * Row a: the other centres, nearest to a first, equal distances by index (k − 1 entries per row of k).
     * Kept from one iteration to the next and re-sorted by insertion: the centres move little, so the
     * previous order is nearly sorted and the sort nearly linear.
     */
    readonly order: Int32Array;
    /** Half the distance from each centre to its nearest other centre (Infinity for k = 1). */
    readonly next: Float64Array;
    /** The centres' squared norms. */
    readonly norms: Float64Array;

    constructor(readonly k: number) {
        this.norms = new Float64Array(k);
        this.half = new Float64Array(k * k);
        this.order = new Int32Array(k * k);
        this.next = new Float64Array(k).fill(Infinity);
        for (let a = 0; a < k; a++) for (let b = 0, t = 0; b < k; b++) if (b !== a) this.order[a * k + t++] = b;
    }

    update(centers: Float64Array<ArrayBufferLike>, dim: number): void {
        const { k, half, order, next, norms } = this;
        for (let a = 0; a < k; a++) norms[a] = dot(centers, a * dim, centers, a * dim, dim);
        for (let a = 0; a < k; a++) {
            half[a * k + a] = 0;
            for (let b = a + 1; b < k; b++) {
                const d = distance(centers, a * dim, centers, b * dim, dim) / 2;
                half[a * k + b] = d;
                half[b * k + a] = d;
            }
        }
        for (let a = 0; a < k; a++) {
            const row = a * k;
            for (let t = row + 1, end = row + k - 1; t < end; t++) {
                const j = order[t]!, h = half[row + j]!;
                let p = t - 1;
                for (; p >= row; p--) {
                    const q = order[p]!, hq = half[row + q]!;
                    if (hq < h || (hq === h && q < j)) break;
                    order[p + 1] = q;
                }
                order[p + 1] = j;
            }
            if (k > 1) next[a] = half[row + order[row]!]!;
        }
    }
}

/** Assigns every point to its nearest centre (see `lloydBounded`); with `update`, sums the new centres. */
function assignStep(
    points: Points, k: number, centers: Float64Array<ArrayBufferLike>, centersNew: Float64Array<ArrayBufferLike>,
    weights: Float64Array, geometry: CentreGeometry, bounds: Bounds, labels: Int32Array, update: boolean,
): void {
    const { n, dim, X, norms, sparse } = points;
    const { half, order, next, norms: centerNorms } = geometry;
    const { cum, upper, lower, perCentre } = bounds;
    const maxCum = bounds.maxCum;
    if (update) { centersNew.fill(0); weights.fill(0); }
    for (let i = 0; i < n; i++) {
        const a = labels[i]!;
        const bound = Math.max(next[a]!, lower[i]! - maxCum);
        if (upper[i]! + cum[a]! > bound) {
            const u = sparse === undefined ? distance(X, i * dim, centers, a * dim, dim) : sparseDistance(sparse, i, norms[i]!, centers, a * dim, centerNorms[a]!);
            upper[i] = u - cum[a]!;
            if (u > bound) {
                // Scan the centres near a, nearest first.
                const row = i * k;
                if (perCentre) perCentre[row + a] = roundDown32(u + cum[a]!);
                let best = a, bestDist = u, second = Infinity;
                for (let t = a * k, end = a * k + k - 1; t < end; t++) {
                    const j = order[t]!;
                    const hf = half[a * k + j]!;
                    if (u <= hf) {
                        // This and every later centre c: d(x, c) ≥ ‖c − c_a‖ − d(x, c_a) ≥ 2·hf − u ≥ bestDist.
                        const b = 2 * hf - u;
                        if (b < second) second = b;
                        break;
                    }
                    if (perCentre) {
                        const lb = perCentre[row + j]! - cum[j]!;
                        if (bestDist <= lb) {
                            if (lb < second) second = lb;
                            continue;
                        }
                    }
                    if (best !== a) {
                        const h = half[best * k + j]!;
                        if (bestDist <= h) {
                            const b = 2 * h - bestDist;
                            if (b < second) second = b;
                            continue;
                        }
                    }
                    const d = sparse === undefined ? distance(X, i * dim, centers, j * dim, dim) : sparseDistance(sparse, i, norms[i]!, centers, j * dim, centerNorms[j]!);
                    if (perCentre) perCentre[row + j] = roundDown32(d + cum[j]!);
                    if (d < bestDist || (d === bestDist && j < best)) {
                        if (bestDist < second) second = bestDist;
                        best = j;
                        bestDist = d;
                    } else if (d < second) second = d;
                }
                labels[i] = best;
                upper[i] = bestDist - cum[best]!;
                lower[i] = second + maxCum;
            }
        }
        if (update) {
            const label = labels[i]!;
            weights[label]++;
            if (sparse === undefined) for (let c = 0, o = i * dim, q = label * dim; c < dim; c++) centersNew[q + c] += X[o + c]!;
            else addRow(points, i, centersNew, label);
        }
    }
}

/** Relocates empty clusters, turns the sums into means, and records the shifts in the bounds. */
function finishUpdate(
    X: Float64Array, n: number, dim: number, k: number, centers: Float64Array<ArrayBufferLike>, centersNew: Float64Array<ArrayBufferLike>,
    weights: Float64Array, labels: Int32Array, shift: Float64Array, bounds: Bounds,
): void {
    relocateEmptyClusters(X, n, dim, k, centers, centersNew, weights, labels);
    for (let j = 0; j < k; j++) {
        const w = weights[j]!;
        if (w > 0) {
            const alpha = 1 / w;
            for (let c = 0, q = j * dim; c < dim; c++) centersNew[q + c] *= alpha;
        }
    }
    let max = 0;
    for (let j = 0; j < k; j++) {
        const d = distance(centers, j * dim, centersNew, j * dim, dim);
        shift[j] = d;
        bounds.cum[j] += d;
        if (d > max) max = d;
    }
    bounds.maxCum += max;
}

/**
 * Empty clusters take the points farthest from their (old) centres, farthest first (ties: lower index);
 * `centersNew` still holds the per-cluster sums here (`_relocate_empty_clusters_dense`).
 */
function relocateEmptyClusters(X: Float64Array, n: number, dim: number, k: number, centersOld: Float64Array<ArrayBufferLike>, sums: Float64Array<ArrayBufferLike>, weights: Float64Array, labels: Int32Array): void {
    const empty: number[] = [];
    for (let j = 0; j < k; j++) if (weights[j] === 0) empty.push(j);
    if (empty.length === 0) return;
    const dist = new Float64Array(n);
    let max = 0;
    for (let i = 0; i < n; i++) {
        const o = i * dim, q = labels[i]! * dim;
        let s = 0;
        for (let c = 0; c < dim; c++) { const e = X[o + c]! - centersOld[q + c]!; s += e * e; }
        dist[i] = s;
        if (s > max) max = s;
    }
    if (max === 0) return; // more clusters than distinct points: nothing to relocate to
    const far = smallestIndices(dist, empty.length, true);
    for (let e = 0; e < empty.length; e++) {
        const j = empty[e]!, i = far[e]!, old = labels[i]!;
        for (let c = 0; c < dim; c++) {
            sums[old * dim + c] -= X[i * dim + c]!;
            sums[j * dim + c] = X[i * dim + c]!;
        }
        weights[j] = 1;
        weights[old]--;
    }
}

/** The `count` indices with the smallest (or, with `largest`, greatest) values, best first, ties by lower index. */
function smallestIndices(values: Float64Array, count: number, largest: boolean): number[] {
    const sign = largest ? -1 : 1;
    const order = Array.from({ length: values.length }, (_, i) => i);
    order.sort((a, b) => sign * (values[a]! - values[b]!) || a - b);
    return order.slice(0, count);
}

/** √Σ (A[a + c] − B[b + c])². */
function distance(A: Float64Array<ArrayBufferLike>, a: number, B: Float64Array<ArrayBufferLike>, b: number, dim: number): number {
    return Math.sqrt(squaredDistance(A, a, B, b, dim));
}

/** Σ (A[a + c] − B[b + c])² over c < dim, four running sums. */
function squaredDistance(A: Float64Array<ArrayBufferLike>, a: number, B: Float64Array<ArrayBufferLike>, b: number, dim: number): number {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, c = 0;
    for (; c + 3 < dim; c += 4) {
        const e0 = A[a + c]! - B[b + c]!, e1 = A[a + c + 1]! - B[b + c + 1]!;
        const e2 = A[a + c + 2]! - B[b + c + 2]!, e3 = A[a + c + 3]! - B[b + c + 3]!;
        s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
    }
    for (; c < dim; c++) { const e = A[a + c]! - B[b + c]!; s0 += e * e; }
    return (s0 + s1) + (s2 + s3);
}

/** Σ A[a + c] · B[b + c] over c < dim, four running sums. */
function dot(A: Float64Array<ArrayBufferLike>, a: number, B: Float64Array<ArrayBufferLike>, b: number, dim: number): number {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, c = 0;
    for (; c + 3 < dim; c += 4) {
        s0 += A[a + c]! * B[b + c]!; s1 += A[a + c + 1]! * B[b + c + 1]!;
        s2 += A[a + c + 2]! * B[b + c + 2]!; s3 += A[a + c + 3]! * B[b + c + 3]!;
    }
    for (; c < dim; c++) s0 += A[a + c]! * B[b + c]!;
    return (s0 + s1) + (s2 + s3);
}

/** Slack on the k-means++ skip test: a point is skipped only when the bound clears it by 1e-9 relative. */
const SAFE = 1 + 1e-9;

function equalArrays(a: Int32Array, b: Int32Array): boolean {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}

/** scikit-learn's `_is_same_clustering`: labels1 maps onto labels2 by a function of the cluster id. */
function sameClustering(labels1: Int32Array, labels2: Int32Array, k: number): boolean {
    const mapping = new Int32Array(k).fill(-1);
    for (let i = 0; i < labels1.length; i++) {
        const a = labels1[i]!;
        if (mapping[a] === -1) mapping[a] = labels2[i]!;
        else if (mapping[a] !== labels2[i]) return false;
    }
    return true;
}
