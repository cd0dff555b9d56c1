// 2-D projections of embeddings for the embedding panel: PCA, t-SNE and UMAP, plus trustworthiness to judge them.
//
// Plain TypeScript on typed arrays, no TensorFlow.js: the runner computes projections after the model has run,
// on whatever backend, and the result must not depend on the backend. Every function is deterministic given
// its inputs and seed. Inputs are row-major n × dim (Float32Array from a model, or Float64Array); outputs are
// row-major n × 2 Float64Array.
//
// References (checked in test/runtime/projections.test.ts against scikit-learn 1.2, fixtures written by
// scripts/reference/projections.py):
//   pca              = sklearn.decomposition.PCA(2).fit_transform, signs by svd_flip (u-based)
//   tsne             = sklearn.manifold.TSNE(method='exact', init='pca', learning_rate='auto') (the 1.2 defaults
//                      apart from the method): same P, gradient, gains, momentum and exaggeration schedule
//   trustworthiness  = sklearn.manifold.trustworthiness
//   umap             = umap-js (PAIR-code), seeded through its `random` option
import { UMAP } from 'umap-js';
import { Random } from '../random/index.js';

export type ProjectionName = 'pca' | 'umap' | 'tsne';
export type Matrix = Float32Array | Float64Array;

// ---- PCA ------------------------------------------------------------------------------------------------

/**
 * The centred data projected on its two leading principal axes (n × 2), equal to scikit-learn's
 * `PCA(2).fit_transform(x)` including signs. Works on the dim × dim covariance (O(n·dim²) + O(dim³)) rather than
 * an SVD of the n × dim data, so 100,000 × 64 takes a fraction of a second. Axes beyond min(n − 1, dim) are 0.
 */
export function pca(x: Matrix, n: number, dim: number): Float64Array {
    checkShape(x, n, dim);
    const out = new Float64Array(n * 2);
    if (n === 0 || dim === 0) return out;
    const mean = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d]! += x[i * dim + d]!;
    for (let d = 0; d < dim; d++) mean[d]! /= n;
    // scatter matrix (upper triangle, then mirrored): the unnormalised covariance has the same eigenvectors
    const scatter = new Float64Array(dim * dim);
    const row = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
        for (let d = 0; d < dim; d++) row[d] = x[i * dim + d]! - mean[d]!;
        for (let a = 0; a < dim; a++) {
            const ra = row[a]!;
            if (ra === 0) continue;
            const base = a * dim;
            for (let b = a; b < dim; b++) scatter[base + b]! += ra * row[b]!;
        }
    }
    for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) scatter[a * dim + b] = scatter[b * dim + a]!;
    const { values, vectors } = symmetricEigen(scatter, dim);
    const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
    for (let c = 0; c < Math.min(2, dim); c++) {
        const axis = order[c]!;
        if (!(values[axis]! > 0)) continue; // no variance left along this axis (rank < 2): leave the column at 0
        for (let i = 0; i < n; i++) {
            let s = 0;
            for (let d = 0; d < dim; d++) s += (x[i * dim + d]! - mean[d]!) * vectors[d * dim + axis]!;
            out[i * 2 + c] = s;
        }
    }
    flipSigns(out, n);
    return out;
}

/**
 * scikit-learn's `svd_flip(U, Vt)` with `u_based_decision=True`: each column's entry of largest magnitude (the
 * first on ties) is made positive. The scores are U·S with S > 0, so deciding on the scores is deciding on U.
 */
function flipSigns(scores: Float64Array, n: number): void {
    for (let c = 0; c < 2; c++) {
        let best = 0;
        for (let i = 1; i < n; i++) if (Math.abs(scores[i * 2 + c]!) > Math.abs(scores[best * 2 + c]!)) best = i;
        if (scores[best * 2 + c]! < 0) for (let i = 0; i < n; i++) scores[i * 2 + c] = -scores[i * 2 + c]!;
    }
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major dim × dim) of a symmetric matrix by cyclic Jacobi
 * rotations: simple, accurate to rounding for symmetric matrices, and fast enough for dim ≤ 512 (O(dim³) a sweep,
 * under ten sweeps in practice).
 */
export function symmetricEigen(matrix: Float64Array, dim: number): { values: Float64Array; vectors: Float64Array } {
    const a = matrix.slice();
    const v = new Float64Array(dim * dim);
    for (let d = 0; d < dim; d++) v[d * dim + d] = 1;
    let scale = 0;
    for (let i = 0; i < dim * dim; i++) scale += a[i]! * a[i]!;
    for (let sweep = 0; sweep < 100; sweep++) {
        let off = 0;
        for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += a[p * dim + q]! * a[p * dim + q]!;
        if (off <= 1e-30 * scale || off === 0) break;
        for (let p = 0; p < dim; p++) {
            for (let q = p + 1; q < dim; q++) {
                const apq = a[p * dim + q]!;
                if (apq === 0) continue;
                const theta = (a[q * dim + q]! - a[p * dim + p]!) / (2 * apq);
                const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                const c = 1 / Math.sqrt(t * t + 1);
                const s = t * c;
                // A ← Jᵀ A J with J the rotation in the (p, q) plane that zeroes a_pq; V ← V J
                for (let k = 0; k < dim; k++) {
                    const akp = a[k * dim + p]!, akq = a[k * dim + q]!;
                    a[k * dim + p] = c * akp - s * akq;
                    a[k * dim + q] = s * akp + c * akq;
                }
                for (let k = 0; k < dim; k++) {
                    const apk = a[p * dim + k]!, aqk = a[q * dim + k]!;
                    a[p * dim + k] = c * apk - s * aqk;
                    a[q * dim + k] = s * apk + c * aqk;
                }
                for (let k = 0; k < dim; k++) {
                    const vkp = v[k * dim + p]!, vkq = v[k * dim + q]!;
                    v[k * dim + p] = c * vkp - s * vkq;
                    v[k * dim + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    const values = new Float64Array(dim);
    for (let d = 0; d < dim; d++) values[d] = a[d * dim + d]!;
    return { values, vectors: v };
}

// ---- t-SNE ----------------------------------------------------------------------------------------------

/**
 * Exact t-SNE costs O(n²) time per iteration and two condensed n × n arrays (P and the kernel), n(n−1) doubles:
 * 20–40 s for 2,000 points and 1,000 iterations on one core. Above this, `projectEmbedding` does not compute
 * t-SNE and says so (a projection of a subsample would leave most points without coordinates); UMAP and PCA
 * scale further.
 */
export const EXACT_TSNE_MAX_POINTS = 2000;

export interface TsneOptions {
    /** Effective number of neighbours; capped at (n − 1) / 3 so that small sets still have a valid P. */
    readonly perplexity?: number;
    readonly iterations?: number;
    /** `auto` is scikit-learn's: max(n / earlyExaggeration / 4, 50). */
    readonly learningRate?: number | 'auto';
    readonly earlyExaggeration?: number;
    /** `pca` (scikit-learn 1.2's default: PCA scaled so the first column has standard deviation 1e-4) or `random` (1e-4 · N(0, 1), seeded). */
    readonly init?: 'pca' | 'random';
    /** Seeds the `random` initialisation; `pca` needs no randomness. */
    readonly seed?: number;
}

export interface TsneResult {
    readonly y: Float64Array;
    /** KL(P ‖ Q) of the final layout (without exaggeration). */
    readonly klDivergence: number;
    /** The iterations run (fewer than asked when the gradient vanished or the error stopped improving, as scikit-learn). */
    readonly iterations: number;
    readonly perplexity: number;
    readonly learningRate: number;
}

const MACHINE_EPSILON = 2.220446049250313e-16; // np.finfo(np.double).eps, scikit-learn's floor for P and Q
const EXPLORATION_ITERATIONS = 250; // scikit-learn's _EXPLORATION_N_ITER: early exaggeration, momentum 0.5
const CHECK_EVERY = 50; // scikit-learn's _N_ITER_CHECK
const ITERATIONS_WITHOUT_PROGRESS = 300;
const MIN_GRADIENT_NORM = 1e-7;

/**
 * Exact t-SNE (van der Maaten & Hinton 2008) following scikit-learn 1.2's `TSNE(method='exact')` step for step.
 * Written here rather than taken from npm: the t-SNE packages there (tsne-js, tsnejs, …) are unmaintained, not
 * seedable, and differ from scikit-learn's schedule (exaggeration, gains, learning rate), which is the reference
 * the results are checked against.
 */
export function tsne(x: Matrix, n: number, dim: number, options: TsneOptions = {}): TsneResult {
    checkShape(x, n, dim);
    const iterations = options.iterations ?? 1000;
    const exaggeration = options.earlyExaggeration ?? 12;
    const learningRate = options.learningRate === undefined || options.learningRate === 'auto'
        ? Math.max(n / exaggeration / 4, 50) : options.learningRate;
    const perplexity = Math.max(1, Math.min(options.perplexity ?? 30, (n - 1) / 3));
    if (n < 3) return { y: pca(x, n, dim), klDivergence: 0, iterations: 0, perplexity, learningRate };

    const p = jointProbabilities(x, n, dim, perplexity);
    const y = initialLayout(x, n, dim, options);
    const gradient = new Float64Array(n * 2);
    const kernels = new Float64Array(p.length);
    // scikit-learn: 250 iterations exaggerated with momentum 0.5, then the rest at momentum 0.8, each phase
    // starting with fresh gains and updates
    const explored = gradientDescent(y, p, n, kernels, gradient, { from: 0, until: Math.min(EXPLORATION_ITERATIONS, iterations), momentum: 0.5, exaggeration, learningRate, patience: EXPLORATION_ITERATIONS });
    const ran = gradientDescent(y, p, n, kernels, gradient, { from: explored, until: iterations, momentum: 0.8, exaggeration: 1, learningRate, patience: ITERATIONS_WITHOUT_PROGRESS });
    return { y, klDivergence: klGradient(y, p, n, 1, kernels), iterations: ran, perplexity, learningRate };
}

/**
 * P: per point, Gaussian conditionals over the others with the bandwidth that gives the perplexity (binary search
 * on β = 1/2σ², as scikit-learn's `_binary_search_perplexity`), symmetrised and normalised; condensed (i < j).
 */
function jointProbabilities(x: Matrix, n: number, dim: number, perplexity: number): Float64Array {
    const p = new Float64Array(n * (n - 1) / 2);
    const distances = new Float64Array(n);
    const conditional = new Float64Array(n);
    const desiredEntropy = Math.log(perplexity);
    for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) distances[j] = j === i ? 0 : squaredDistance(x, dim, i, j);
        let beta = 1, betaMin = -Infinity, betaMax = Infinity;
        for (let step = 0; step < 100; step++) {
            let sum = 0;
            for (let j = 0; j < n; j++) {
                conditional[j] = j === i ? 0 : Math.exp(-distances[j]! * beta);
                sum += conditional[j]!;
            }
            if (sum === 0) sum = 1e-8;
            let weighted = 0;
            for (let j = 0; j < n; j++) {
                conditional[j]! /= sum;
                weighted += distances[j]! * conditional[j]!;
            }
            const entropyDiff = Math.log(sum) + beta * weighted - desiredEntropy;
            if (Math.abs(entropyDiff) <= 1e-5) break;
            if (entropyDiff > 0) {
                betaMin = beta;
                beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
            } else {
                betaMax = beta;
                beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
            }
        }
        // P_ij + P_ji into the condensed upper triangle
        for (let j = 0; j < n; j++) if (j !== i) p[condensedIndex(n, Math.min(i, j), Math.max(i, j))]! += conditional[j]!;
    }
    let total = 0;
    for (let k = 0; k < p.length; k++) total += p[k]!;
    total = Math.max(2 * total, MACHINE_EPSILON); // the full symmetric matrix sums to twice the condensed one
    for (let k = 0; k < p.length; k++) p[k] = Math.max(p[k]! / total, MACHINE_EPSILON);
    return p;
}

function initialLayout(x: Matrix, n: number, dim: number, options: TsneOptions): Float64Array {
    if (options.init === 'random') {
        const random = Random.derive(options.seed ?? 0, 'tsne', 'init');
        return random.normals(n * 2, 0, 1e-4);
    }
    const y = pca(x, n, dim);
    let mean = 0, sq = 0;
    for (let i = 0; i < n; i++) mean += y[i * 2]!;
    mean /= n;
    for (let i = 0; i < n; i++) sq += (y[i * 2]! - mean) ** 2;
    const sd = Math.sqrt(sq / n);
    const scale = sd > 0 ? 1e-4 / sd : 1;
    for (let k = 0; k < y.length; k++) y[k]! *= scale;
    return y;
}

interface Phase {
    readonly from: number;
    readonly until: number;
    readonly momentum: number;
    readonly exaggeration: number;
    readonly learningRate: number;
    /** Stop when the error has not improved for this many iterations (checked every 50). */
    readonly patience: number;
}

/** scikit-learn's `_gradient_descent` with gains (delta-bar-delta, minimum gain 0.01); returns how many iterations are done. */
function gradientDescent(y: Float64Array, p: Float64Array, n: number, kernels: Float64Array, gradient: Float64Array, phase: Phase): number {
    const update = new Float64Array(n * 2);
    const gains = new Float64Array(n * 2).fill(1);
    let bestError = Number.MAX_VALUE, bestIteration = phase.from;
    let i = phase.from;
    for (; i < phase.until; i++) {
        const check = (i + 1) % CHECK_EVERY === 0;
        const error = klGradient(y, p, n, phase.exaggeration, kernels, gradient, check || i === phase.until - 1);
        let norm = 0;
        for (let k = 0; k < y.length; k++) {
            const g = gradient[k]!;
            gains[k] = update[k]! * g < 0 ? gains[k]! + 0.2 : gains[k]! * 0.8;
            if (gains[k]! < 0.01) gains[k] = 0.01;
            const step = g * gains[k]!;
            norm += step * step;
            update[k] = phase.momentum * update[k]! - phase.learningRate * step;
            y[k]! += update[k]!;
        }
        if (check) {
            if (error < bestError) {
                bestError = error;
                bestIteration = i;
            } else if (i - bestIteration > phase.patience) return i + 1;
            if (Math.sqrt(norm) <= MIN_GRADIENT_NORM) return i + 1;
        }
    }
    return Math.max(i, phase.from);
}

/**
 * KL(exaggeration·P ‖ Q) and (into `gradient`, when given) its gradient
 * 4 Σ_j (p_ij − q_ij) (1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j), with the Student-t kernel of one degree of freedom.
 * `kernels` (condensed, like P) holds the kernel between the passes. The error is only computed when asked (a log
 * per pair); Q is floored at machine epsilon in the error, as scikit-learn, and not in the gradient (a difference
 * below 1e-16 per pair).
 */
function klGradient(y: Float64Array, p: Float64Array, n: number, exaggeration: number, kernels: Float64Array, gradient?: Float64Array, withError = true): number {
    let kernelSum = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
        const yi0 = y[i * 2]!, yi1 = y[i * 2 + 1]!;
        for (let j = i + 1; j < n; j++, k++) {
            const d0 = yi0 - y[j * 2]!, d1 = yi1 - y[j * 2 + 1]!;
            const kernel = 1 / (1 + d0 * d0 + d1 * d1);
            kernels[k] = kernel;
            kernelSum += kernel;
        }
    }
    const inverseNormaliser = 1 / (2 * kernelSum); // Σ over ordered pairs
    let error = 0;
    if (withError) {
        for (k = 0; k < p.length; k++) {
            const pij = exaggeration * p[k]!;
            error += pij * Math.log(Math.max(pij, MACHINE_EPSILON) / Math.max(kernels[k]! * inverseNormaliser, MACHINE_EPSILON));
        }
    }
    if (gradient) {
        gradient.fill(0);
        k = 0;
        for (let i = 0; i < n; i++) {
            const yi0 = y[i * 2]!, yi1 = y[i * 2 + 1]!;
            let gi0 = 0, gi1 = 0;
            for (let j = i + 1; j < n; j++, k++) {
                const kernel = kernels[k]!;
                const force = (exaggeration * p[k]! - kernel * inverseNormaliser) * kernel;
                const f0 = force * (yi0 - y[j * 2]!), f1 = force * (yi1 - y[j * 2 + 1]!);
                gi0 += f0;
                gi1 += f1;
                gradient[j * 2]! -= f0;
                gradient[j * 2 + 1]! -= f1;
            }
            gradient[i * 2]! += gi0;
            gradient[i * 2 + 1]! += gi1;
        }
        for (let c = 0; c < gradient.length; c++) gradient[c]! *= 4;
    }
    return 2 * error; // both orders of each pair
}

// ---- UMAP -----------------------------------------------------------------------------------------------

export interface UmapOptions {
    readonly nNeighbors?: number;
    readonly minDist?: number;
    readonly seed?: number;
}

/**
 * UMAP (McInnes et al. 2018) through umap-js, with every random draw (RP trees, NN-descent, initial layout,
 * negative samples) from the runtime's seeded generator, so the same seed gives the same layout. The
 * neighbourhood is capped at n − 1; sets of fewer than 4 points get their PCA (every 2-D layout of so few
 * points is as good, and UMAP's graph is undefined).
 */
export function umap(x: Matrix, n: number, dim: number, options: UmapOptions = {}): Float64Array {
    checkShape(x, n, dim);
    if (n < 4) return pca(x, n, dim);
    const random = Random.derive(options.seed ?? 0, 'umap');
    const model = new UMAP({
        nComponents: 2,
        nNeighbors: Math.min(options.nNeighbors ?? 15, n - 1),
        minDist: options.minDist ?? 0.1,
        random: () => random.random(),
    });
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(x.subarray(i * dim, (i + 1) * dim)));
    const layout = model.fit(rows);
    const out = new Float64Array(n * 2);
    layout.forEach((point, i) => {
        out[i * 2] = point[0]!;
        out[i * 2 + 1] = point[1]!;
    });
    return out;
}

// ---- Quality --------------------------------------------------------------------------------------------

/**
 * Trustworthiness (Venna & Kaski 2001) of a layout y (n × yDim), as `sklearn.manifold.trustworthiness`:
 * 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ kNN_y(i)} max(0, r(i, j) − k), with r(i, j) the rank of j among i's
 * neighbours in x. 1 when every neighbour in the layout is a neighbour in the data. Ties rank by index.
 * O(n² k) time, O(n) memory.
 */
export function trustworthiness(x: Matrix, n: number, dim: number, y: Matrix, yDim = 2, k = 5): number {
    checkShape(x, n, dim);
    checkShape(y, n, yDim);
    if (!(k >= 1 && k < n / 2)) throw new RangeError(`trustworthiness: k = ${k} must be at least 1 and below n / 2 = ${n / 2}`);
    const inX = new Float64Array(n);
    const inY = new Float64Array(n);
    const neighbours = new Int32Array(k);
    let penalty = 0;
    for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
            inX[j] = j === i ? Infinity : squaredDistance(x, dim, i, j);
            inY[j] = j === i ? Infinity : squaredDistance(y, yDim, i, j);
        }
        nearest(inY, k, neighbours);
        for (const j of neighbours) {
            // rank of j among i's neighbours in x (1-based): the points strictly closer, or as close with a lower index
            const dj = inX[j]!;
            let rank = 1;
            for (let l = 0; l < n; l++) if (inX[l]! < dj || (inX[l] === dj && l < j)) rank++;
            if (rank > k) penalty += rank - k;
        }
    }
    return 1 - penalty * (2 / (n * k * (2 * n - 3 * k - 1)));
}

/** The indices of the k smallest values (ties by index), ascending, into `out`. */
function nearest(values: Float64Array, k: number, out: Int32Array): void {
    let filled = 0;
    for (let j = 0; j < values.length; j++) {
        const v = values[j]!;
        if (filled === k && v >= values[out[k - 1]!]!) continue;
        let at = filled < k ? filled++ : k - 1;
        while (at > 0 && values[out[at - 1]!]! > v) {
            out[at] = out[at - 1]!;
            at--;
        }
        out[at] = j;
    }
}

// ---- All together ---------------------------------------------------------------------------------------

export interface ProjectionSet {
    readonly projections: Partial<Record<ProjectionName, Float64Array>>;
    /** Why a projection that was asked for is missing. */
    readonly notes: readonly string[];
}

/**
 * The asked-for projections of one set of embeddings (n × dim), each n × 2; t-SNE is left out (with a note) above
 * `EXACT_TSNE_MAX_POINTS`. UMAP and t-SNE take their randomness from `seed`.
 */
export function projectEmbedding(x: Matrix, n: number, dim: number, which: readonly ProjectionName[], seed: number): ProjectionSet {
    const projections: Partial<Record<ProjectionName, Float64Array>> = {};
    const notes: string[] = [];
    for (const name of new Set(which)) {
        if (name === 'pca') projections.pca = pca(x, n, dim);
        else if (name === 'umap') projections.umap = umap(x, n, dim, { seed });
        else if (n > EXACT_TSNE_MAX_POINTS) {
            notes.push(`t-SNE not computed: ${n} points is more than exact t-SNE's ${EXACT_TSNE_MAX_POINTS} (O(n²) per iteration); use umap or pca`);
        } else projections.tsne = tsne(x, n, dim, { seed }).y;
    }
    return { projections, notes };
}

// ---- Helpers --------------------------------------------------------------------------------------------

function squaredDistance(x: Matrix, dim: number, i: number, j: number): number {
    let s = 0;
    for (let d = 0; d < dim; d++) {
        const t = x[i * dim + d]! - x[j * dim + d]!;
        s += t * t;
    }
    return s;
}

/** Index of pair (i, j), i < j, in a condensed n × n matrix (SciPy's order). */
function condensedIndex(n: number, i: number, j: number): number {
    return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

function checkShape(x: Matrix, n: number, dim: number): void {
    if (!Number.isInteger(n) || !Number.isInteger(dim) || n < 0 || dim < 0 || x.length !== n * dim) {
        throw new RangeError(`projection: expected ${n} × ${dim} = ${n * dim} values, got ${x.length}`);
    }
}
