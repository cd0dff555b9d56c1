// Logistic regression as scikit-learn 1.2's `LogisticRegression(C, max_iter)` with its other defaults: L2
// penalty, an unpenalised intercept, the lbfgs solver, multi_class = 'auto' (a single sigmoid weight vector for
// two classes, the multinomial softmax over all K weight vectors for three or more). The objective is
// scikit-learn 1.2's (`LinearModelLoss` with `l2_reg_strength = 1 / C`):
//     f(w) = Σ_i loss_i + ‖W‖² / (2C),
//     loss_i = log(1 + e^{z_i}) − [y_i = classes[1]] z_i            (2 classes, z_i = x_i·w + b)
//     loss_i = log Σ_c e^{z_ic} − z_{i,y_i}                            (K ≥ 3, z_ic = x_i·w_c + b_c)
// minimised from w = 0 by L-BFGS as SciPy's L-BFGS-B runs it without bounds (scikit-learn calls it with
// `gtol = tol = 1e-4`, `maxiter = max_iter`): 10 correction pairs, the first step of length 1 along −∇f, then
// the two-loop recursion with H₀ = (sᵀy / yᵀy) I, a Moré–Thuente line search for the strong Wolfe conditions
// (ftol 1e-3, gtol 0.9, xtol 0.1, at most 20 evaluations; a failed search restarts from steepest descent),
// a pair skipped when sᵀy ≤ ε·(−∇fᵀs). It stops when max_i |∂f/∂w_i| ≤ 1e-4, when the relative decrease of f is
// at most 1e7 · ε (L-BFGS-B's factr), or after max_iter iterations. Float64 throughout.
//
// On the fixtures (test/runtime/classify.test.ts) the iterations are SciPy's: the same iteration counts, and
// coefficients equal to scikit-learn's within 1e-10 where it converged. Where max_iter stops it before convergence
// (common on raw features: scikit-learn then warns) they differ by the rounding the two runs accumulate (up to
// ~1e-3 after 100 iterations on raw digits); predictions and accuracies agree. A training set with a single class predicts that class (scikit-learn raises).
import {
    checkPredict, checkTraining, classesFromScores, ClassifierInputError, ConstantClassifier, encodeClasses, type FittedClassifier,
} from './common.js';
import { density, dotRows, SPARSE_DENSITY, transpose } from './linalg.js';

export interface LogisticOptions {
    /** Inverse regularisation strength (> 0). Default 1. */
    readonly C?: number;
    /** Most L-BFGS iterations. Default 100. */
    readonly maxIter?: number;
    /** Stop when the largest gradient component is at most this. Default 1e-4. */
    readonly tol?: number;
}

const EPS = 2.220446049250313e-16;
const FACTR_TOL = 1e7 * EPS;
const MEMORY = 10;
const MAX_LINE_SEARCH = 20;

/** A fitted logistic regression. */
export class LogisticModel implements FittedClassifier {
    private coefT?: Float64Array;

    constructor(
        /** Sorted class codes. */
        readonly classes: Int32Array,
        readonly dim: number,
        /** `coefRows × dim` row-major: one row (for classes[1]) with two classes, one per class otherwise. */
        readonly coef: Float64Array,
        readonly intercept: Float64Array,
        readonly iterations: number,
        /** Stopped by a convergence test rather than by max_iter. */
        readonly converged: boolean,
    ) { }

    get coefRows(): number { return this.intercept.length; }

    /** Class scores, rows × coefRows (the single column of two classes is the log-odds of classes[1]). */
    decisionFunction(x: Float64Array, rows: number): Float64Array {
        checkPredict('logisticRegression', x, rows, this.dim);
        const m = this.coefRows;
        const out = new Float64Array(rows * m);
        dotRows(x, 0, rows, this.coef, m, this.dim, out, this.coefT ??= transpose(this.coef, m, this.dim));
        for (let r = 0; r < rows; r++) for (let c = 0; c < m; c++) out[r * m + c]! += this.intercept[c]!;
        return out;
    }

    predict(x: Float64Array, rows: number): Int32Array {
        return classesFromScores(this.decisionFunction(x, rows), rows, this.coefRows, this.classes);
    }
}

/** log(1 + e^z) without overflow. */
function log1pExp(z: number): number {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * The objective and its gradient for parameters laid out feature-major: w[k·m + c] for feature k < dim and
 * column c < m, the intercepts at k = dim (so that products with a row are contiguous axpys of length m).
 */
function objective(x: Float64Array, rows: number, dim: number, target: Int32Array, m: number, C: number) {
    const z = new Float64Array(m);
    const residual = new Float64Array(m);
    if (density(x) < SPARSE_DENSITY) {
        return (w: Float64Array, grad: Float64Array): number => lossGradient(x, rows, dim, target, m, C, w, grad, z, residual);
    }
    // dense features: Z = X Wᵀ and ∇W = Rᵀ X as tiled products of rows
    const xt = transpose(x, rows, dim);
    const wc = new Float64Array(m * dim);
    const Z = new Float64Array(rows * m);
    const R = new Float64Array(rows * m);
    const Rt = new Float64Array(m * rows);
    const gw = new Float64Array(m * dim);
    return (w: Float64Array, grad: Float64Array): number => {
        for (let k = 0; k < dim; k++) for (let c = 0; c < m; c++) wc[c * dim + k] = w[k * m + c]!;
        dotRows(x, 0, rows, wc, m, dim, Z);
        const bias = dim * m;
        let f = 0;
        for (let r = 0; r < rows; r++) {
            for (let c = 0; c < m; c++) z[c] = Z[r * m + c]! + w[bias + c]!;
            f += pointLoss(z, target[r]!, m, residual);
            for (let c = 0; c < m; c++) { R[r * m + c] = residual[c]!; Rt[c * rows + r] = residual[c]!; }
        }
        dotRows(Rt, 0, m, xt, dim, rows, gw);
        for (let c = 0; c < m; c++) {
            let sum = 0;
            for (let r = 0; r < rows; r++) sum += R[r * m + c]!;
            grad[bias + c] = sum;
            for (let k = 0; k < dim; k++) grad[k * m + c] = gw[c * dim + k]!;
        }
        return f + penalise(w, grad, bias, C);
    };
}

/** The loss of one row with scores `z` and class `t` (index), and its gradient with respect to `z` into `residual`. */
function pointLoss(z: Float64Array, t: number, m: number, residual: Float64Array): number {
    if (m === 1) {
        const zi = z[0]!;
        // σ(z) − y, computed on the side where e^{±z} does not overflow
        const p = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
        residual[0] = p - t;
        return log1pExp(zi) - (t === 1 ? zi : 0);
    }
    let zmax = -Infinity;
    for (let c = 0; c < m; c++) if (z[c]! > zmax) zmax = z[c]!;
    let sum = 0;
    for (let c = 0; c < m; c++) { const e = Math.exp(z[c]! - zmax); residual[c] = e; sum += e; }
    for (let c = 0; c < m; c++) residual[c] = residual[c]! / sum;
    residual[t]! -= 1;
    return Math.log(sum) + zmax - z[t]!;
}

/** Adds the L2 penalty's gradient on the weights (not the intercepts, from `bias` on) and returns the penalty. */
function penalise(w: Float64Array, grad: Float64Array, bias: number, C: number): number {
    let penalty = 0;
    const inv = 1 / C;
    for (let i = 0; i < bias; i++) {
        penalty += w[i]! * w[i]!;
        grad[i]! += inv * w[i]!;
    }
    return 0.5 * inv * penalty;
}

/** The objective for sparse features: rows times weights as axpys that skip the zero features. */
function lossGradient(x: Float64Array, rows: number, dim: number, target: Int32Array, m: number, C: number,
    w: Float64Array, grad: Float64Array, z: Float64Array, residual: Float64Array): number {
    grad.fill(0);
    let f = 0;
    const bias = dim * m;
    for (let r = 0; r < rows; r++) {
        const xb = r * dim;
        for (let c = 0; c < m; c++) z[c] = w[bias + c]!;
        for (let k = 0; k < dim; k++) {
            const v = x[xb + k]!;
            if (v === 0) continue;
            const wb = k * m;
            for (let c = 0; c < m; c++) z[c]! += v * w[wb + c]!;
        }
        f += pointLoss(z, target[r]!, m, residual);
        for (let c = 0; c < m; c++) grad[bias + c]! += residual[c]!;
        for (let k = 0; k < dim; k++) {
            const v = x[xb + k]!;
            if (v === 0) continue;
            const wb = k * m;
            for (let c = 0; c < m; c++) grad[wb + c]! += v * residual[c]!;
        }
    }
    return f + penalise(w, grad, bias, C);
}

function dot(a: Float64Array, b: Float64Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
    return s;
}

function maxAbs(a: Float64Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) { const v = Math.abs(a[i]!); if (v > s) s = v; }
    return s;
}

interface LineSearchResult {
    readonly ok: boolean;
    readonly stp: number;
    readonly f: number;
}

/**
 * Moré & Thuente's line search (ACM TOMS 20, 1994) for φ(α) = f(x + α d): finds α with
 * φ(α) ≤ φ(0) + ftol·α·φ'(0) and |φ'(α)| ≤ gtol·|φ'(0)| inside an interval of uncertainty that it shrinks with
 * safeguarded cubic and quadratic steps. `evaluate(α)` returns [φ(α), φ'(α)]; the point it evaluated last is
 * the one returned. Warnings (rounding limits, the interval below xtol, a step at its bound) accept the last
 * point, as L-BFGS-B does; `ok` is false only when the evaluations run out.
 */
function moreThuente(evaluate: (stp: number) => [number, number], f0: number, g0: number, stp0: number,
    ftol: number, gtol: number, xtol: number, stpmin: number, stpmax: number, maxEvaluations: number): LineSearchResult {
    const xtrapl = 1.1;
    const xtrapu = 4;
    let stp = stp0;
    let brackt = false;
    let stage = 1;
    const gtest = ftol * g0;
    let width = stpmax - stpmin;
    let width1 = 2 * width;
    // the best step so far (x) and the other end of the interval (y), with φ and φ'
    let stx = 0, fx = f0, gx = g0;
    let sty = 0, fy = f0, gy = g0;
    let stmin = 0;
    let stmax = stp + xtrapu * stp;
    for (let n = 0; n < maxEvaluations; n++) {
        const [f, g] = evaluate(stp);
        const ftest = f0 + stp * gtest;
        if (stage === 1 && f <= ftest && g >= 0) stage = 2;
        if (brackt && (stp <= stmin || stp >= stmax)) return { ok: true, stp, f };
        if (brackt && stmax - stmin <= xtol * stmax) return { ok: true, stp, f };
        if (stp === stpmax && f <= ftest && g <= gtest) return { ok: true, stp, f };
        if (stp === stpmin && (f > ftest || g >= gtest)) return { ok: true, stp, f };
        if (f <= ftest && Math.abs(g) <= gtol * -g0) return { ok: true, stp, f };

        let step: StepState;
        if (stage === 1 && f <= fx && f > ftest) {
            // the modified function ψ(α) = φ(α) − φ(0) − ftol·α·φ'(0) until a point with ψ ≤ 0 and φ' ≥ 0 is found
            step = safeguardedStep(
                { stx, fx: fx - stx * gtest, dx: gx - gtest, sty, fy: fy - sty * gtest, dy: gy - gtest, brackt },
                stp, f - stp * gtest, g - gtest, stmin, stmax);
            fx = step.fx + step.stx * gtest;
            fy = step.fy + step.sty * gtest;
            gx = step.dx + gtest;
            gy = step.dy + gtest;
        } else {
            step = safeguardedStep({ stx, fx, dx: gx, sty, fy, dy: gy, brackt }, stp, f, g, stmin, stmax);
            fx = step.fx; fy = step.fy; gx = step.dx; gy = step.dy;
        }
        stx = step.stx;
        sty = step.sty;
        brackt = step.brackt;
        stp = step.stp;
        if (brackt) {
            // bisect when the interval does not shrink enough
            if (Math.abs(sty - stx) >= 0.66 * width1) stp = stx + 0.5 * (sty - stx);
            width1 = width;
            width = Math.abs(sty - stx);
            stmin = Math.min(stx, sty);
            stmax = Math.max(stx, sty);
        } else {
            stmin = stp + xtrapl * (stp - stx);
            stmax = stp + xtrapu * (stp - stx);
        }
        stp = Math.min(Math.max(stp, stpmin), stpmax);
        if (brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) stp = stx;
    }
    return { ok: false, stp, f: NaN };
}

interface StepState {
    stx: number; fx: number; dx: number;
    sty: number; fy: number; dy: number;
    brackt: boolean;
    stp: number;
}

/**
 * One safeguarded step of Moré & Thuente: from the interval ends (x: best so far, y: other) and the trial p,
 * the next trial (cubic or quadratic interpolation, kept inside [stmin, stmax]) and the updated interval.
 */
function safeguardedStep(s: Omit<StepState, 'stp'>, stp: number, fp: number, dp: number, stmin: number, stmax: number): StepState {
    const { stx, fx, dx, sty, fy, dy } = s;
    let brackt = s.brackt;
    const sgnd = dp * Math.sign(dx);
    let stpf: number;
    if (fp > fx) {
        // 1: higher function value: the minimum is bracketed; the cubic step, or halfway to the quadratic one
        const theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
        const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
        let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
        if (stp < stx) gamma = -gamma;
        const p = (gamma - dx) + theta;
        const q = ((gamma - dx) + gamma) + dp;
        const stpc = stx + (p / q) * (stp - stx);
        const stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
        stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
        brackt = true;
    } else if (sgnd < 0) {
        // 2: lower value, derivatives of opposite sign: bracketed; the cubic or the secant step, the farther
        const theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
        const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
        let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
        if (stp > stx) gamma = -gamma;
        const p = (gamma - dp) + theta;
        const q = ((gamma - dp) + gamma) + dx;
        const stpc = stp + (p / q) * (stx - stp);
        const stpq = stp + (dp / (dp - dx)) * (stx - stp);
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        brackt = true;
    } else if (Math.abs(dp) < Math.abs(dx)) {
        // 3: lower value, same sign, the derivative decreases in magnitude
        const theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
        const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
        let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
        if (stp > stx) gamma = -gamma;
        const p = (gamma - dp) + theta;
        const q = (gamma + (dx - dp)) + gamma;
        const r = p / q;
        let stpc: number;
        if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
        else stpc = stp > stx ? stmax : stmin;
        const stpq = stp + (dp / (dp - dx)) * (stx - stp);
        if (brackt) {
            stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
            stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
        } else {
            stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
            stpf = Math.max(stmin, Math.min(stmax, stpf));
        }
    } else if (brackt) {
        // 4: lower value, same sign, the derivative does not decrease: the cubic step towards y
        const theta = 3 * (fp - fy) / (sty - stp) + dy + dp;
        const sc = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
        let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dy / sc) * (dp / sc));
        if (stp > sty) gamma = -gamma;
        const p = (gamma - dp) + theta;
        const q = ((gamma - dp) + gamma) + dy;
        stpf = stp + (p / q) * (sty - stp);
    } else {
        stpf = stp > stx ? stmax : stmin;
    }
    const next: StepState = { stx, fx, dx, sty, fy, dy, brackt, stp: stpf };
    if (fp > fx) {
        next.sty = stp; next.fy = fp; next.dy = dp;
    } else {
        if (sgnd < 0) { next.sty = stx; next.fy = fx; next.dy = dx; }
        next.stx = stp; next.fx = fp; next.dx = dp;
    }
    return next;
}

interface MinimizeResult {
    readonly iterations: number;
    readonly converged: boolean;
}

/** Minimises `fg` (value; gradient written into its second argument) from `x` in place. */
function lbfgs(fg: (w: Float64Array, grad: Float64Array) => number, x: Float64Array, maxIter: number, gtol: number): MinimizeResult {
    const n = x.length;
    const g = new Float64Array(n);
    let f = fg(x, g);
    if (maxAbs(g) <= gtol) return { iterations: 0, converged: true };
    const S: Float64Array[] = [];
    const Y: Float64Array[] = [];
    const rhos: number[] = [];
    const alphas = new Float64Array(MEMORY);
    const d = new Float64Array(n);
    const x0 = new Float64Array(n);
    const g0 = new Float64Array(n);
    const xt = new Float64Array(n);
    const gt = new Float64Array(n);
    let iterations = 0;
    while (iterations < maxIter) {
        // d = −H∇f by the two-loop recursion
        for (let i = 0; i < n; i++) d[i] = -g[i]!;
        const mem = S.length;
        for (let k = mem - 1; k >= 0; k--) {
            const a = rhos[k]! * dot(S[k]!, d);
            alphas[k] = a;
            const yk = Y[k]!;
            for (let i = 0; i < n; i++) d[i]! -= a * yk[i]!;
        }
        if (mem > 0) {
            const gamma = 1 / (rhos[mem - 1]! * dot(Y[mem - 1]!, Y[mem - 1]!)); // sᵀy / yᵀy
            for (let i = 0; i < n; i++) d[i]! *= gamma;
        }
        for (let k = 0; k < mem; k++) {
            const b = rhos[k]! * dot(Y[k]!, d);
            const sk = S[k]!;
            const c = alphas[k]! - b;
            for (let i = 0; i < n; i++) d[i]! += c * sk[i]!;
        }
        let gd = dot(g, d);
        if (!(gd < 0)) {
            // not a descent direction (rounding): forget the pairs, go down the gradient
            if (mem === 0) return { iterations, converged: false };
            S.length = 0; Y.length = 0; rhos.length = 0;
            continue;
        }
        x0.set(x);
        g0.set(g);
        const f0 = f;
        const dnorm = Math.sqrt(dot(d, d));
        const stp0 = iterations === 0 ? Math.min(1 / dnorm, 1e10) : 1;
        const search = moreThuente(stp => {
            for (let i = 0; i < n; i++) xt[i] = x0[i]! + stp * d[i]!;
            const ft = fg(xt, gt);
            return [ft, dot(gt, d)];
        }, f0, gd, stp0, 1e-3, 0.9, 0.1, 0, 1e10, MAX_LINE_SEARCH);
        if (!search.ok || !Number.isFinite(search.f)) {
            x.set(x0);
            g.set(g0);
            if (mem === 0) return { iterations, converged: false };
            S.length = 0; Y.length = 0; rhos.length = 0;
            continue;
        }
        x.set(xt);
        g.set(gt);
        f = search.f;
        iterations++;
        if (maxAbs(g) <= gtol) return { iterations, converged: true };
        if (f0 - f <= FACTR_TOL * Math.max(Math.abs(f0), Math.abs(f), 1)) return { iterations, converged: true };
        // the new correction pair, unless the curvature is not (numerically) positive
        const s = new Float64Array(n);
        const yv = new Float64Array(n);
        for (let i = 0; i < n; i++) { s[i] = x[i]! - x0[i]!; yv[i] = g[i]! - g0[i]!; }
        const sy = dot(s, yv);
        gd = dot(g0, s);
        if (sy > EPS * -gd) {
            if (S.length === MEMORY) { S.shift(); Y.shift(); rhos.shift(); }
            S.push(s);
            Y.push(yv);
            rhos.push(1 / sy);
        }
    }
    return { iterations, converged: false };
}

/** Fits scikit-learn's `LogisticRegression(C, max_iter)` on `rows × dim` row-major `x` with class codes `y`. */
export function fitLogistic(x: Float64Array, rows: number, dim: number, y: Int32Array, options: LogisticOptions = {}): LogisticModel | ConstantClassifier {
    checkTraining('logisticRegression', x, rows, dim, y);
    const C = options.C ?? 1;
    const maxIter = options.maxIter ?? 100;
    if (!(C > 0) || !Number.isFinite(C)) throw new ClassifierInputError(`logisticRegression: C must be a positive number, got ${C}`);
    if (!Number.isInteger(maxIter) || maxIter < 1) throw new ClassifierInputError(`logisticRegression: maxIter must be a whole number ≥ 1, got ${maxIter}`);
    const { classes, index } = encodeClasses(y);
    if (classes.length === 1) return new ConstantClassifier('logisticRegression', classes[0]!, dim);
    const m = classes.length === 2 ? 1 : classes.length;
    const w = new Float64Array((dim + 1) * m);
    const result = lbfgs(objective(x, rows, dim, index, m, C), w, maxIter, options.tol ?? 1e-4);
    const coef = new Float64Array(m * dim);
    const intercept = new Float64Array(m);
    for (let c = 0; c < m; c++) {
        for (let k = 0; k < dim; k++) coef[c * dim + k] = w[k * m + c]!;
        intercept[c] = w[dim * m + c]!;
    }
    return new LogisticModel(classes, dim, coef, intercept, result.iterations, result.converged);
}
