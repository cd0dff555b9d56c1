// Support vector classification as scikit-learn's `SVC(kernel, C)` (libsvm's C-SVC): kernels linear, rbf and poly
// (gamma = 'scale' = 1 / (n_features · X.var()), degree 3, coef0 0), stopping tolerance 1e-3, several classes
// one-vs-one with libsvm's vote. Float64 throughout.
//
// Each binary problem (classes a < b in sorted order; a is +1, b is −1; rows of a, then rows of b, each in
// training order) is the dual
//     min_α ½ αᵀQα − eᵀα   subject to 0 ≤ α_i ≤ C, yᵀα = 0,   Q_ij = y_i y_j K(x_i, x_j),
// solved by sequential minimal optimisation with the second-order working-set selection of Fan, Chen & Lin
// (JMLR 6, 2005, "WSS3"): i maximises −y_t ∇f_t over I_up; j, among the t in I_low with −y_t ∇f_t < −y_i ∇f_i,
// minimises −(b_it)² / a_it (b_it = −y_i ∇f_i + y_t ∇f_t, a_it = K_ii + K_tt − 2K_it, or τ = 1e-12 when not
// positive); the pair is moved to the minimum of the objective along the feasible line, clipped to the box.
// It stops when m(α) − M(α) < tol. As in libsvm (and scikit-learn's default `shrinking=True`), variables stuck
// at a bound are shrunk from the working set every min(l, 1000) iterations and the gradient is rebuilt from
// Ḡ_i = C Σ_{α_j = C} Q_ij when the gap first falls below 10·tol and at the end. Ties in the selection go
// to the later index (≥ / ≤ comparisons), as libsvm's scans do, so that on data with exact ties (one-hot
// features) the iterates follow the same path. The intercept is −ρ, ρ the mean of y_i ∇f_i over the free
// variables (the midpoint of the feasible interval when none is free); the decision value of a pair is
// Σ_i α_i y_i K(x_i, x) − ρ, and a pair votes for a when it is positive, for b otherwise; the class with most
// votes wins, the first in sorted order on ties (libsvm's `svm_predict`).
//
// Kernel rows K(x_i, ·) over the whole training set are shared by the one-vs-one problems: up to 2048 rows the
// whole matrix is computed at once (tiled products, runtime/classify/linalg.ts), beyond that rows are computed on
// demand and cached (up to 200 MB, scikit-learn's cache_size; least recently used dropped). Products skip zero
// features when most are zero (one-hot data are 3/4 zeros). Prediction computes the kernel between a block of rows
// and the support vectors of all pairs at once; a linear model with fewer pairs than support vectors predicts
// from its primal weights w = Σ α_i y_i x_i instead. On the fixtures the predictions equal scikit-learn's on every
// test row (test/runtime/classify.test.ts); with integer features (one-hot, digits) the linear solutions are
// libsvm's to the last few bits, the working sets and ties being the same.
//
// What differs from scikit-learn: libsvm keeps the cached kernel rows in single precision; these are double,
// so on data whose kernel values are not exactly representable in float32 the iterates drift apart by rounding
// and the solutions agree to the tolerance (1e-3 on the KKT gap), not to the last bit. A training set with a
// single class predicts that class (scikit-learn raises).
import {
    checkPredict, checkTraining, ClassifierInputError, ConstantClassifier, encodeClasses, type FittedClassifier,
} from './common.js';
import { dotRows, dotsSparse, transpose } from './linalg.js';

export type SvmKernel = 'linear' | 'rbf' | 'poly';

export interface SvcOptions {
    readonly kernel: SvmKernel;
    /** Penalty of the hinge loss (libsvm's upper bound on α); > 0. */
    readonly C: number;
    /** Stopping tolerance on the maximal KKT violation m(α) − M(α). Default 1e-3. */
    readonly tol?: number;
    /** rbf / poly: a number, or 'scale' = 1 / (dim · var(x)) (default). */
    readonly gamma?: number | 'scale';
    /** poly: the degree (default 3). */
    readonly degree?: number;
    /** poly: the constant term (default 0). */
    readonly coef0?: number;
    /** Shrink bounded variables from the working set, as libsvm does by default (default true). */
    readonly shrinking?: boolean;
    /** Kernel cache size in MB (default 200, scikit-learn's). */
    readonly cacheMb?: number;
    /** Most SMO iterations per binary problem (default 10,000,000). */
    readonly maxIter?: number;
}

/** The solution of one one-vs-one problem. */
export interface SvcPair {
    /** Indices into the model's `classes`: `first` < `second`; positive decision values vote for `first`. */
    readonly first: number;
    readonly second: number;
    /** Training rows with α > 0 (the support vectors), ascending. */
    readonly support: Int32Array;
    /** α_i y_i of each support vector (y = +1 for `first`). */
    readonly coef: Float64Array;
    readonly rho: number;
    /** The dual objective ½ αᵀQα − eᵀα at the solution. */
    readonly objective: number;
    readonly iterations: number;
}

const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

interface KernelParams {
    readonly kernel: SvmKernel;
    readonly gamma: number;
    readonly degree: number;
    readonly coef0: number;
}

/** x^n for a whole n ≥ 0, by repeated squaring (libsvm's powi). */
function powi(x: number, n: number): number {
    let result = 1;
    let base = x;
    for (let t = n; t > 0; t = Math.floor(t / 2)) {
        if (t % 2 === 1) result *= base;
        base *= base;
    }
    return result;
}

/** The kernel value from the dot product (and, for rbf, the two squared norms). */
function kernelValue(p: KernelParams, dot: number, sqA: number, sqB: number): number {
    switch (p.kernel) {
        case 'linear': return dot;
        case 'rbf': return Math.exp(-p.gamma * (sqA + sqB - 2 * dot));
        case 'poly': return powi(p.gamma * dot + p.coef0, p.degree);
    }
}

function squaredNorms(x: Float64Array, rows: number, dim: number): Float64Array {
    const sq = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let k = i * dim, end = k + dim; k < end; k++) {
            const v = x[k]!;
            if (v !== 0) s += v * v;
        }
        sq[i] = s;
    }
    return sq;
}

/** Training sets up to this many rows get their whole kernel matrix at once (tiled products), if it fits the cache. */
const FULL_GRAM_ROWS = 2048;

/** Kernel rows of the training set, computed on demand and kept (least recently used dropped beyond the cache). */
class KernelRows {
    readonly diag: Float64Array;
    private readonly xt: Float64Array;
    private readonly sq: Float64Array;
    private readonly rows: (Float64Array | undefined)[];
    private readonly capacity: number;
    /** Cached rows in order of use, only kept when not every row fits. */
    private readonly recent = new Map<number, true>();

    constructor(private readonly x: Float64Array, private readonly n: number, private readonly dim: number,
        private readonly params: KernelParams, cacheBytes: number) {
        this.xt = transpose(x, n, dim);
        this.sq = squaredNorms(x, n, dim);
        this.rows = new Array<Float64Array | undefined>(n);
        this.capacity = Math.max(2, Math.floor(cacheBytes / (8 * n)));
        this.diag = new Float64Array(n);
        for (let i = 0; i < n; i++) {
            let dot = 0;
            for (let k = i * dim, end = k + dim; k < end; k++) {
                const v = x[k]!;
                if (v !== 0) dot += v * v;
            }
            this.diag[i] = kernelValue(params, dot, this.sq[i]!, this.sq[i]!);
        }
        if (n <= FULL_GRAM_ROWS && this.capacity >= n) {
            const gram = new Float64Array(n * n);
            dotRows(x, 0, n, x, n, dim, gram, this.xt);
            for (let i = 0; i < n; i++) this.rows[i] = this.transform(gram.subarray(i * n, (i + 1) * n), i);
        }
    }

    private transform(out: Float64Array, i: number): Float64Array {
        if (this.params.kernel !== 'linear') {
            const sqi = this.sq[i]!;
            for (let j = 0; j < this.n; j++) out[j] = kernelValue(this.params, out[j]!, sqi, this.sq[j]!);
        }
        return out;
    }

    row(i: number): Float64Array {
        const cached = this.rows[i];
        if (cached) {
            if (this.capacity < this.n) { this.recent.delete(i); this.recent.set(i, true); }
            return cached;
        }
        const out = new Float64Array(this.n);
        dotsSparse(this.x, i * this.dim, this.dim, this.xt, this.n, out);
        this.transform(out, i);
        if (this.capacity < this.n) {
            if (this.recent.size >= this.capacity) {
                const oldest = this.recent.keys().next().value!;
                this.recent.delete(oldest);
                this.rows[oldest] = undefined;
            }
            this.recent.set(i, true);
        }
        this.rows[i] = out;
        return out;
    }
}

interface BinarySolution {
    /** α of each member, in the order of `members`. */
    readonly alpha: Float64Array;
    readonly rho: number;
    readonly objective: number;
    readonly iterations: number;
}

/**
 * SMO with WSS3 and shrinking for one binary problem: `members` are training rows, `labels` their ±1.
 * Arrays are kept by position; shrinking swaps positions (the active set is positions < `active`).
 */
class BinarySolver {
    readonly l: number;
    /** position → training row, and → index in `members` */
    readonly row: Int32Array;
    readonly member: Int32Array;
    readonly y: Float64Array;
    readonly alpha: Float64Array;
    /** ∇f = Qα − e (−1 at α = 0) */
    readonly G: Float64Array;
    /** Ḡ = C Σ_{α_j = C} Q_tj, to rebuild ∇f of shrunk positions */
    readonly Gbar: Float64Array;
    readonly status: Uint8Array;
    readonly QD: Float64Array;
    active: number;
    unshrunk = false;
    /** the working set chosen by `select` */
    wi = -1;
    wj = -1;

    constructor(readonly kernel: KernelRows, members: Int32Array, labels: Int8Array, readonly C: number, readonly eps: number) {
        const l = members.length;
        this.l = l;
        this.row = Int32Array.from(members);
        this.member = new Int32Array(l);
        for (let t = 0; t < l; t++) this.member[t] = t;
        this.y = Float64Array.from(labels);
        this.alpha = new Float64Array(l);
        this.G = new Float64Array(l).fill(-1);
        this.Gbar = new Float64Array(l);
        this.status = new Uint8Array(l); // LOWER
        this.QD = new Float64Array(l);
        for (let t = 0; t < l; t++) this.QD[t] = kernel.diag[this.row[t]!]!;
        this.active = l;
    }

    swap(a: number, b: number): void {
        if (a === b) return;
        const { row, member, y, alpha, G, Gbar, QD, status } = this;
        let f = row[a]!; row[a] = row[b]!; row[b] = f;
        f = member[a]!; member[a] = member[b]!; member[b] = f;
        let d = y[a]!; y[a] = y[b]!; y[b] = d;
        d = alpha[a]!; alpha[a] = alpha[b]!; alpha[b] = d;
        d = G[a]!; G[a] = G[b]!; G[b] = d;
        d = Gbar[a]!; Gbar[a] = Gbar[b]!; Gbar[b] = d;
        d = QD[a]!; QD[a] = QD[b]!; QD[b] = d;
        const s = status[a]!; status[a] = status[b]!; status[b] = s;
    }

    /** ∇f of the shrunk positions, from Ḡ and the free variables. */
    reconstructGradient(): void {
        const { l, active, row, y, alpha, G, Gbar, status } = this;
        if (active === l) return;
        for (let t = active; t < l; t++) G[t] = Gbar[t]! - 1;
        for (let s = 0; s < active; s++) {
            if (status[s] !== FREE) continue;
            const Ks = this.kernel.row(row[s]!);
            const a = alpha[s]! * y[s]!;
            for (let t = active; t < l; t++) G[t]! += a * y[t]! * Ks[row[t]!]!;
        }
    }

    /** WSS3 on the active set: sets `wi`, `wj`; true when the set is optimal to within eps (nothing to do). */
    select(): boolean {
        const { active, row, y, G, status, QD } = this;
        let gmax = -Infinity;   // m(α) = max over I_up of −y_t ∇f_t
        let gmax2 = -Infinity;  // −M(α) = max over I_low of y_t ∇f_t
        let i = -1;
        for (let t = 0; t < active; t++) {
            if (y[t] === 1) {
                if (status[t] !== UPPER && -G[t]! >= gmax) { gmax = -G[t]!; i = t; }
            } else if (status[t] !== LOWER && G[t]! >= gmax) { gmax = G[t]!; i = t; }
        }
        let j = -1;
        let best = Infinity;
        if (i >= 0) {
            const Ki = this.kernel.row(row[i]!);
            const Kii = QD[i]!;
            for (let t = 0; t < active; t++) {
                let diff: number;
                const g = G[t]!;
                if (y[t] === 1) {
                    if (status[t] === LOWER) continue;
                    if (g >= gmax2) gmax2 = g;
                    diff = gmax + g;
                } else {
                    if (status[t] === UPPER) continue;
                    if (-g >= gmax2) gmax2 = -g;
                    diff = gmax - g;
                }
                if (diff > 0) {
                    const a = Kii + QD[t]! - 2 * Ki[row[t]!]!;
                    const decrease = -(diff * diff) / (a > 0 ? a : TAU);
                    if (decrease <= best) { best = decrease; j = t; }
                }
            }
        }
        this.wi = i;
        this.wj = j;
        return gmax + gmax2 < this.eps || j === -1;
    }

    private shrinkable(t: number, gmax1: number, gmax2: number): boolean {
        const s = this.status[t]!;
        const g = this.G[t]!;
        if (s === UPPER) return this.y[t] === 1 ? -g > gmax1 : -g > gmax2;
        if (s === LOWER) return this.y[t] === 1 ? g > gmax2 : g > gmax1;
        return false;
    }

    /** Drops from the active set the bounded variables that cannot move (libsvm's heuristic). */
    shrink(): void {
        const { y, G, status } = this;
        let gmax1 = -Infinity;
        let gmax2 = -Infinity;
        for (let t = 0; t < this.active; t++) {
            const g = G[t]!;
            if (y[t] === 1) {
                if (status[t] !== UPPER && -g >= gmax1) gmax1 = -g;
                if (status[t] !== LOWER && g >= gmax2) gmax2 = g;
            } else {
                if (status[t] !== UPPER && -g >= gmax2) gmax2 = -g;
                if (status[t] !== LOWER && g >= gmax1) gmax1 = g;
            }
        }
        if (!this.unshrunk && gmax1 + gmax2 <= this.eps * 10) {
            this.unshrunk = true;
            this.reconstructGradient();
            this.active = this.l;
        }
        for (let t = 0; t < this.active; t++) {
            if (!this.shrinkable(t, gmax1, gmax2)) continue;
            this.active--;
            while (this.active > t) {
                if (!this.shrinkable(this.active, gmax1, gmax2)) { this.swap(t, this.active); break; }
                this.active--;
            }
        }
    }

    /** Moves α_i, α_j to the minimum along the feasible line, clipped to the box, and updates ∇f and Ḡ. */
    step(i: number, j: number): void {
        const { row, y, alpha, G, Gbar, status, C, l } = this;
        const Ki = this.kernel.row(row[i]!);
        const Kj = this.kernel.row(row[j]!);
        const oldI = alpha[i]!;
        const oldJ = alpha[j]!;
        let ai = oldI;
        let aj = oldJ;
        let a = this.QD[i]! + this.QD[j]! - 2 * Ki[row[j]!]!;
        if (a <= 0) a = TAU;
        if (y[i] !== y[j]) {
            // α_i − α_j stays fixed; move both by δ, then back onto the box along the line
            const delta = (-G[i]! - G[j]!) / a;
            const diff = oldI - oldJ;
            ai += delta;
            aj += delta;
            if (diff > 0) {
                if (aj < 0) { aj = 0; ai = diff; }
            } else if (ai < 0) { ai = 0; aj = -diff; }
            if (diff > 0) {
                if (ai > C) { ai = C; aj = C - diff; }
            } else if (aj > C) { aj = C; ai = C + diff; }
        } else {
            // α_i + α_j stays fixed
            const delta = (G[i]! - G[j]!) / a;
            const sum = oldI + oldJ;
            ai -= delta;
            aj += delta;
            if (sum > C) {
                if (ai > C) { ai = C; aj = sum - C; }
            } else if (aj < 0) { aj = 0; ai = sum; }
            if (sum > C) {
                if (aj > C) { aj = C; ai = sum - C; }
            } else if (ai < 0) { ai = 0; aj = sum; }
        }
        alpha[i] = ai;
        alpha[j] = aj;
        const di = (ai - oldI) * y[i]!;
        const dj = (aj - oldJ) * y[j]!;
        const active = this.active;
        for (let t = 0; t < active; t++) {
            const r = row[t]!;
            G[t]! += y[t]! * (di * Ki[r]! + dj * Kj[r]!);
        }
        // Ḡ follows the variables that reach or leave the upper bound
        for (let side = 0; side < 2; side++) {
            const p = side === 0 ? i : j;
            const wasUpper = status[p] === UPPER;
            const now = alpha[p]! >= C ? UPPER : alpha[p]! <= 0 ? LOWER : FREE;
            status[p] = now;
            if (wasUpper !== (now === UPPER)) {
                const K = side === 0 ? Ki : Kj;
                const c = (now === UPPER ? C : -C) * y[p]!;
                for (let t = 0; t < l; t++) Gbar[t]! += c * y[t]! * K[row[t]!]!;
            }
        }
    }

    solve(shrinking: boolean, maxIter: number): BinarySolution {
        const l = this.l;
        let iterations = 0;
        let counter = Math.min(l, 1000) + 1;
        while (iterations < maxIter) {
            if (--counter === 0) {
                counter = Math.min(l, 1000);
                if (shrinking) this.shrink();
            }
            if (this.select()) {
                this.reconstructGradient();
                this.active = l;
                if (this.select()) break;
                counter = 1; // shrink again at the next iteration
            }
            iterations++;
            this.step(this.wi, this.wj);
        }
        if (this.active < l) { this.reconstructGradient(); this.active = l; }

        // ρ: the mean of y_t ∇f_t over the free variables, else the middle of the interval the bounded ones allow
        const { y, G, status, alpha } = this;
        let ub = Infinity;
        let lb = -Infinity;
        let free = 0;
        let sumFree = 0;
        for (let t = 0; t < l; t++) {
            const yG = y[t]! * G[t]!;
            if (status[t] === UPPER) {
                if (y[t] === -1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
            } else if (status[t] === LOWER) {
                if (y[t] === 1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
            } else {
                free++;
                sumFree += yG;
            }
        }
        const rho = free > 0 ? sumFree / free : (ub + lb) / 2;
        let objective = 0;
        for (let t = 0; t < l; t++) objective += alpha[t]! * (G[t]! - 1);
        const out = new Float64Array(l);
        for (let t = 0; t < l; t++) out[this.member[t]!] = alpha[t]!;
        return { alpha: out, rho, objective: objective / 2, iterations };
    }
}

/** gamma = 'scale': 1 / (dim · var(x)) over every entry (NumPy's population variance); 1 when x is constant. */
export function scaleGamma(x: Float64Array, dim: number): number {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i]!;
    const mean = sum / x.length;
    let ss = 0;
    for (let i = 0; i < x.length; i++) { const d = x[i]! - mean; ss += d * d; }
    const variance = ss / x.length;
    return variance !== 0 ? 1 / (dim * variance) : 1;
}

/** Rows predicted at a time (bounds the rows × support-vectors block of kernel values). */
const PREDICT_BLOCK = 64;

/** A fitted one-vs-one support vector classifier. */
export class SvcModel implements FittedClassifier {
    /** Training rows that are support vectors of some pair, ascending, their features (row-major and transposed) and squared norms. */
    private readonly svRows: Int32Array;
    private readonly sv: Float64Array;
    private readonly svT: Float64Array;
    private readonly svSq: Float64Array;
    /** Per pair, the positions of its support vectors in `svRows`. */
    private readonly pairSv: Int32Array[];
    /** The same flattened for prediction: pair q owns entries pairStart[q] .. pairStart[q + 1] of flatSv / flatCoef. */
    private readonly pairStart: Int32Array;
    private readonly flatSv: Int32Array;
    private readonly flatCoef: Float64Array;
    private readonly rho: Float64Array;
    /** Linear kernel: the primal weights (pairs × dim, and transposed), when cheaper than the kernel expansion. */
    private readonly primal?: { readonly w: Float64Array; readonly wT: Float64Array };

    constructor(readonly classes: Int32Array, readonly dim: number, readonly params: KernelParams,
        readonly pairs: readonly SvcPair[], x: Float64Array) {
        const used = new Set<number>();
        for (const p of pairs) p.support.forEach(r => used.add(r));
        this.svRows = Int32Array.from(used).sort();
        const position = new Map<number, number>();
        this.svRows.forEach((r, s) => position.set(r, s));
        const nSv = this.svRows.length;
        this.sv = new Float64Array(nSv * dim);
        this.svRows.forEach((r, s) => this.sv.set(x.subarray(r * dim, (r + 1) * dim), s * dim));
        this.svT = transpose(this.sv, nSv, dim);
        this.svSq = squaredNorms(this.sv, nSv, dim);
        this.pairSv = pairs.map(p => Int32Array.from(p.support, r => position.get(r)!));
        const P = pairs.length;
        this.pairStart = new Int32Array(P + 1);
        pairs.forEach((p, q) => { this.pairStart[q + 1] = this.pairStart[q]! + p.support.length; });
        this.flatSv = new Int32Array(this.pairStart[P]!);
        this.flatCoef = new Float64Array(this.pairStart[P]!);
        pairs.forEach((p, q) => { this.flatSv.set(this.pairSv[q]!, this.pairStart[q]!); this.flatCoef.set(p.coef, this.pairStart[q]!); });
        this.rho = Float64Array.from(pairs, p => p.rho);
        const expansion = nSv * dim + pairs.reduce((s, p) => s + p.support.length, 0);
        if (params.kernel === 'linear' && P * dim < expansion) {
            const w = new Float64Array(P * dim);
            pairs.forEach((p, q) => {
                const svs = this.pairSv[q]!;
                for (let s = 0; s < svs.length; s++) {
                    const c = p.coef[s]!;
                    const base = svs[s]! * dim;
                    for (let k = 0; k < dim; k++) w[q * dim + k]! += c * this.sv[base + k]!;
                }
            });
            this.primal = { w, wT: transpose(w, P, dim) };
        }
    }

    /** Dot products with the support vectors → kernel values, in place (rbf, poly). */
    private transformRow(block: Float64Array, offset: number, sq: number): void {
        const { gamma, degree, coef0 } = this.params;
        const svSq = this.svSq;
        const n = svSq.length;
        if (this.params.kernel === 'rbf') {
            for (let s = 0; s < n; s++) block[offset + s] = Math.exp(-gamma * (sq + svSq[s]! - 2 * block[offset + s]!));
        } else {
            for (let s = 0; s < n; s++) block[offset + s] = powi(gamma * block[offset + s]! + coef0, degree);
        }
    }

    /** The decision values of every pair (rows × pairs, row-major); positive votes for the pair's first class. */
    decisionValues(x: Float64Array, rows: number): Float64Array {
        checkPredict('svm', x, rows, this.dim);
        const P = this.pairs.length;
        const out = new Float64Array(rows * P);
        const dim = this.dim;
        if (this.primal) {
            dotRows(x, 0, rows, this.primal.w, P, dim, out, this.primal.wT);
            for (let r = 0; r < rows; r++) for (let q = 0; q < P; q++) out[r * P + q]! -= this.rho[q]!;
            return out;
        }
        const nSv = this.svRows.length;
        const block = new Float64Array(PREDICT_BLOCK * nSv);
        for (let r0 = 0; r0 < rows; r0 += PREDICT_BLOCK) {
            const r1 = Math.min(rows, r0 + PREDICT_BLOCK);
            dotRows(x, r0, r1, this.sv, nSv, dim, block, this.svT);
            if (this.params.kernel !== 'linear') {
                for (let r = r0; r < r1; r++) {
                    let sq = 0;
                    for (let c = r * dim, end = c + dim; c < end; c++) { const v = x[c]!; if (v !== 0) sq += v * v; }
                    this.transformRow(block, (r - r0) * nSv, sq);
                }
            }
            // pairs outer, rows inner: a pair's support vectors and coefficients stay in cache over the block
            const { pairStart, flatSv, flatCoef, rho } = this;
            for (let q = 0; q < P; q++) {
                const s0 = pairStart[q]!;
                const s1 = pairStart[q + 1]!;
                for (let r = r0; r < r1; r++) {
                    const kb = (r - r0) * nSv;
                    let sum = 0;
                    for (let e = s0; e < s1; e++) sum += flatCoef[e]! * block[kb + flatSv[e]!]!;
                    out[r * P + q] = sum - rho[q]!;
                }
            }
        }
        return out;
    }

    predict(x: Float64Array, rows: number): Int32Array {
        const dec = this.decisionValues(x, rows);
        const K = this.classes.length;
        const P = this.pairs.length;
        const votes = new Int32Array(K);
        const out = new Int32Array(rows);
        const first = Int32Array.from(this.pairs, p => p.first);
        const second = Int32Array.from(this.pairs, p => p.second);
        for (let r = 0; r < rows; r++) {
            votes.fill(0);
            const base = r * P;
            for (let q = 0; q < P; q++) votes[dec[base + q]! > 0 ? first[q]! : second[q]!]!++;
            let best = 0;
            for (let c = 1; c < K; c++) if (votes[c]! > votes[best]!) best = c;
            out[r] = this.classes[best]!;
        }
        return out;
    }
}

/** Fits scikit-learn's `SVC(kernel, C)` on `rows × dim` row-major `x` with class codes `y`. */
export function fitSvc(x: Float64Array, rows: number, dim: number, y: Int32Array, options: SvcOptions): SvcModel | ConstantClassifier {
    checkTraining('svm', x, rows, dim, y);
    const { kernel, C } = options;
    if (!(C > 0) || !Number.isFinite(C)) throw new ClassifierInputError(`svm: C must be a positive number, got ${C}`);
    const tol = options.tol ?? 1e-3;
    const degree = options.degree ?? 3;
    if (!Number.isInteger(degree) || degree < 0) throw new ClassifierInputError(`svm: degree must be a whole number ≥ 0, got ${degree}`);
    const gamma = options.gamma === undefined || options.gamma === 'scale' ? scaleGamma(x, dim) : options.gamma;
    const params: KernelParams = { kernel, gamma, degree, coef0: options.coef0 ?? 0 };
    const { classes, index } = encodeClasses(y);
    if (classes.length === 1) return new ConstantClassifier('svm', classes[0]!, dim);

    const K = classes.length;
    const byClass: number[][] = Array.from({ length: K }, () => []);
    for (let r = 0; r < rows; r++) byClass[index[r]!]!.push(r);
    const kernelRows = new KernelRows(x, rows, dim, params, (options.cacheMb ?? 200) * 1024 * 1024);
    const pairs: SvcPair[] = [];
    for (let a = 0; a < K; a++) {
        for (let b = a + 1; b < K; b++) {
            const members = Int32Array.from([...byClass[a]!, ...byClass[b]!]);
            const labels = new Int8Array(members.length).fill(-1).fill(1, 0, byClass[a]!.length);
            const sol = new BinarySolver(kernelRows, members, labels, C, tol).solve(options.shrinking ?? true, options.maxIter ?? 10_000_000);
            const support: number[] = [];
            const coef: number[] = [];
            // support vectors in ascending training-row order
            const order = Array.from(members.keys()).sort((p, q) => members[p]! - members[q]!);
            for (const m of order) {
                if (sol.alpha[m]! > 0) { support.push(members[m]!); coef.push(sol.alpha[m]! * labels[m]!); }
            }
            pairs.push({
                first: a, second: b, support: Int32Array.from(support), coef: Float64Array.from(coef),
                rho: sol.rho, objective: sol.objective, iterations: sol.iterations,
            });
        }
    }
    return new SvcModel(classes, dim, params, pairs, x);
}
