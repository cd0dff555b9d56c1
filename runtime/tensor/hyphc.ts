// The HypHC pieces of method §3 as differentiable TensorFlow.js ops (float32): projection onto one learned
// radius of the Poincaré disk, the distance to the origin d_o, the closed-form hyperbolic LCA depth for batches
// of pairs, cosine similarities, and the HypHC loss over a batch of triples. The float64 reference, with the
// derivation of the closed form, is `runtime/hyperbolic/poincare.ts`; `test/runtime/hyphc-tf.test.ts` checks
// values and gradients against it on the cpu and wasm backends.
//
// Gradient safety. Every branch of a `tf.where` is evaluated, and its gradient is masked only after the
// branch's own local derivatives have been multiplied in, so an inf or NaN in an unselected branch still poisons
// the gradient (0 · inf = NaN). Each branch here is therefore computed from "safe" inputs (denominators and
// square-root arguments replaced where they would vanish), so that all branches are finite everywhere.
//
// Only kernels that both the cpu and wasm backends implement, forward and backward, are used (no Atanh, no
// gather gradients, which need UnsortedSegmentSum, missing from wasm): rows are picked with one-hot matrix
// products.

import * as tf from '@tensorflow/tfjs-core';
import { lcaDepthWebGpu } from '../backend/webgpu/lca-depth.js';
import { webGpuKernelsActive } from '../backend/webgpu/program.js';
import './gradients.js';

/** The float32 ball margin of HypHC (`BALL_EPS[torch.float32]` = 4e-3): norms are clipped to 1 − 4e-3. */
export const DEFAULT_MAX_NORM = 1 - 4e-3;
const MIN_NORM = 1e-15;
/** det below this counts as zero: x, y and the origin on one line. */
const MIN_DET = 1e-30;

export interface TfLcaOptions {
    /** As in the reference: `segment` (default, the paper's) or `line` (HypHC's `hyp_lca`). */
    readonly geodesic?: 'segment' | 'line';
    /** Norms are clipped to this before any artanh (default 1 − 4e-3). */
    readonly maxNorm?: number;
}

function rowDot(a: tf.Tensor, b: tf.Tensor): tf.Tensor1D {
    return tf.sum(tf.mul(a, b), 1);
}

/** √max(v, MIN²): a norm whose gradient stays finite at 0. */
function safeSqrt(v: tf.Tensor): tf.Tensor {
    return tf.sqrt(tf.maximum(v, MIN_NORM * MIN_NORM));
}

/** artanh(v) = ½(log1p(v) − log1p(−v)) for v clipped to [0, maxNorm] (there is no wasm Atanh kernel). */
export function safeArtanh(v: tf.Tensor, maxNorm = DEFAULT_MAX_NORM): tf.Tensor {
    const c = tf.clipByValue(v, -maxNorm, maxNorm);
    return tf.mul(0.5, tf.sub(tf.log1p(c), tf.log1p(tf.neg(c))));
}

/**
 * HypHC's `normalize_embeddings` with a learned radius: each row of x rescaled to Euclidean norm
 * r = σ(s)·(1 − ε), s a scalar (usually a `tf.Variable`). Rows of norm 0 stay 0.
 */
export function projectToRadius(x: tf.Tensor2D, s: tf.Scalar | tf.Tensor, epsilon = 4e-3): tf.Tensor2D {
    return tf.tidy(() => {
        const r = tf.mul(tf.sigmoid(s), 1 - epsilon);
        const n = safeSqrt(tf.sum(tf.square(x), 1, true));
        return tf.mul(tf.div(x, n), r) as tf.Tensor2D;
    });
}

/** HypHC's `project`: rows with norm > maxNorm pulled back onto the sphere of radius maxNorm. */
export function projectToBall(x: tf.Tensor2D, maxNorm = DEFAULT_MAX_NORM): tf.Tensor2D {
    return tf.tidy(() => {
        const n = safeSqrt(tf.sum(tf.square(x), 1, true));
        return tf.mul(x, tf.div(tf.minimum(n, maxNorm), n)) as tf.Tensor2D;
    });
}

/** d_o(x) = 2 artanh ‖x‖ per row of x ([m, dim] → [m]), the norm clipped to maxNorm. */
export function distanceToOrigin(x: tf.Tensor2D, maxNorm = DEFAULT_MAX_NORM): tf.Tensor1D {
    return tf.tidy(() => tf.mul(2, safeArtanh(safeSqrt(tf.sum(tf.square(x), 1)), maxNorm)) as tf.Tensor1D);
}

/**
 * d_o(x_t ∨ y_t) for each row t of x and y ([m, dim] each, inside the unit ball) → [m]: the closed form of
 * `lcaParts` in the reference, vectorised, with its segment rules (an endpoint wins when the triangle (o, x, y)
 * has an angle ≥ 90° there), x = y giving d_o(x), and points collinear with the origin giving 0.
 */
export function lcaDepth(x: tf.Tensor2D, y: tf.Tensor2D, options: TfLcaOptions = {}): tf.Tensor1D {
    if (x.shape[1] !== y.shape[1] || x.shape[0] !== y.shape[0]) throw new RangeError(`LCA of tensors of shapes [${x.shape}] and [${y.shape}]`);
    if (x.shape[1] === 2 && webGpuKernelsActive()) {
        // one fused WGSL pass on WebGPU instead of about sixty kernels (runtime/backend/webgpu/lca-depth.ts)
        return lcaDepthWebGpu(x, y, options.maxNorm ?? DEFAULT_MAX_NORM, (options.geodesic ?? 'segment') === 'segment');
    }
    return lcaDepthOps(x, y, options);
}

/** `lcaDepth` as tfjs ops, on every backend and dimension (the fused WebGPU kernel is checked against it). */
export function lcaDepthOps(x: tf.Tensor2D, y: tf.Tensor2D, options: TfLcaOptions = {}): tf.Tensor1D {
    const maxNorm = options.maxNorm ?? DEFAULT_MAX_NORM;
    const segment = (options.geodesic ?? 'segment') === 'segment';
    return tf.tidy(() => {
        const d = tf.sub(y, x) as tf.Tensor2D;
        const x2 = rowDot(x, x), y2 = rowDot(y, y), d2 = rowDot(d, d), xd = rowDot(x, d), yd = rowDot(y, d);
        const depthX = tf.mul(2, safeArtanh(safeSqrt(x2), maxNorm));
        const depthY = tf.mul(2, safeArtanh(safeSqrt(y2), maxNorm));
        // The Gram determinant ‖x‖²‖d‖² − (x·d)²: in 2-D the squared cross product, exact of cancellation.
        const det = x.shape[1] === 2
            ? tf.reshape(tf.square(tf.sub(
                tf.mul(tf.slice(x, [0, 0], [-1, 1]), tf.slice(d, [0, 1], [-1, 1])),
                tf.mul(tf.slice(x, [0, 1], [-1, 1]), tf.slice(d, [0, 0], [-1, 1])))), [-1])
            : tf.relu(tf.sub(tf.mul(x2, d2), tf.square(xd)));
        const collinear = tf.lessEqual(det, MIN_DET);
        const twoDet = tf.mul(2, tf.where(collinear, tf.onesLike(det), det));
        const oneMinusX2 = tf.sub(1, x2);
        const lambda = tf.div(tf.mul(d2, tf.sub(oneMinusX2, xd)), twoDet);
        const mu = tf.div(tf.sub(tf.mul(x2, d2), tf.mul(xd, oneMinusX2)), twoDet);
        const e = tf.add(tf.mul(tf.expandDims(lambda, 1), x), tf.mul(tf.expandDims(mu, 1), d));
        const radius = safeSqrt(tf.sum(tf.square(e), 1));
        const cn = safeSqrt(tf.sum(tf.square(tf.add(x, e)), 1));
        const pn = tf.div(1, tf.add(cn, radius));
        // 1 − ‖p‖ without cancellation, as in the reference; clipped so that ‖p‖ ≤ maxNorm.
        const gap = tf.maximum(tf.div(tf.mul(radius, tf.add(1, tf.div(radius, tf.add(cn, 1)))), tf.add(cn, radius)), 1 - maxNorm);
        const pnClipped = tf.minimum(pn, maxNorm);
        const interior = tf.where(tf.less(pnClipped, 0.5),
            tf.mul(2, safeArtanh(pnClipped, maxNorm)),
            tf.log(tf.div(tf.add(1, pnClipped), gap)));
        let depth = tf.where(collinear, tf.zerosLike(det), interior);
        if (segment) {
            // the rounding guard: never farther out than the nearer endpoint
            const nearer = tf.where(tf.lessEqual(x2, y2), depthX, depthY);
            depth = tf.where(tf.logicalAnd(tf.logicalNot(collinear), tf.greater(tf.square(pn), tf.minimum(x2, y2))), nearer, depth);
            const atY = tf.greaterEqual(tf.mul(tf.neg(yd), tf.sub(1, y2)), tf.mul(y2, d2));
            const atX = tf.greaterEqual(tf.mul(xd, oneMinusX2), tf.mul(x2, d2));
            depth = tf.where(atY, depthY, depth);
            depth = tf.where(atX, depthX, depth);
        }
        return tf.where(tf.lessEqual(d2, 0), depthX, depth) as tf.Tensor1D;
    });
}

/** Row-wise cosine similarity of a and b ([m, k] each → [m]); rows of norm 0 give 0. */
export function cosineSimilarity(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.div(rowDot(a, b), tf.mul(safeSqrt(rowDot(a, a)), safeSqrt(rowDot(b, b)))) as tf.Tensor1D);
}

/** All-pairs cosine similarities of the rows of a ([n, k] → [n, n]). */
export function cosineSimilarityMatrix(a: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
        const u = tf.div(a, safeSqrt(tf.sum(tf.square(a), 1, true))) as tf.Tensor2D;
        return tf.matMul(u, u, false, true);
    });
}

/** Triples (i, j, k) as an Int32Array of 3 entries per triple, or as tuples. */
export type Triples = Int32Array | readonly (readonly [number, number, number])[];

function flatTriples(triples: Triples): Int32Array {
    if (triples instanceof Int32Array) {
        if (triples.length % 3 !== 0) throw new RangeError(`triples of length ${triples.length} are not rows of 3`);
        return triples;
    }
    const out = new Int32Array(triples.length * 3);
    triples.forEach(([i, j, k], t) => { out[3 * t] = i; out[3 * t + 1] = j; out[3 * t + 2] = k; });
    return out;
}

/** The one-hot [t, n] matrix selecting rows idx[column c of each triple] (a differentiable gather for wasm). */
function selector(flat: Int32Array, column: number, n: number): tf.Tensor2D {
    const t = flat.length / 3;
    const m = new Float32Array(t * n);
    for (let r = 0; r < t; r++) {
        const i = flat[3 * r + column]!;
        if (!(i >= 0 && i < n)) throw new RangeError(`triple ${r} refers to point ${i}, outside 0..${n - 1}`);
        m[r * n + i] = 1;
    }
    return tf.tensor2d(m, [t, n]);
}

export interface TfHyphcLossOptions {
    /** τ (default 0.1). */
    readonly temperature?: number;
    readonly lca?: TfLcaOptions;
}

export interface TfHyphcLoss {
    /** Σ over the triples of w_ij + w_ik + w_jk − (w_ij, w_ik, w_jk) · softmax_τ(d_ij, d_ik, d_jk). */
    readonly tripleTerm: tf.Scalar;
    /** tripleTerm / number of triples (HypHC's `loss`). */
    readonly meanTripleTerm: tf.Scalar;
    /** Σ_{i<j} w_ij over all pairs (the paper's `+ Σ_ij w_ij`; depends on the encoder through w, not on z). */
    readonly pairTerm: tf.Scalar;
    /** tripleTerm + pairTerm. */
    readonly total: tf.Scalar;
}

/**
 * The HypHC loss for embeddings z ([n, dim], already inside the ball, e.g. from `projectToRadius`), similarities
 * w ([n, n], symmetric; only entries i < j matter, as in the reference, e.g. `cosineSimilarityMatrix(encoded)`)
 * and triples. Differentiable in z and w (so in an encoder behind w, and in the radius behind z). The triples are
 * plain numbers: sampling them is the caller's (seeded) business.
 */
export function hyphcLoss(z: tf.Tensor2D, w: tf.Tensor2D, triples: Triples, options: TfHyphcLossOptions = {}): TfHyphcLoss {
    const n = z.shape[0];
    if (w.shape[0] !== n || w.shape[1] !== n) throw new RangeError(`similarities must be ${n} × ${n}, got [${w.shape}]`);
    const temperature = options.temperature ?? 0.1;
    const flat = flatTriples(triples);
    const t = flat.length / 3;
    return tf.tidy(() => {
        const result = (tripleTerm: tf.Tensor, meanTripleTerm: tf.Tensor, pairTerm: tf.Tensor, total: tf.Tensor) =>
            ({ tripleTerm, meanTripleTerm, pairTerm, total }) as unknown as tf.TensorContainerObject;
        // Upper-triangular view of w, so that w_ab = w_ba = w[min, max] exactly as the reference reads it.
        const upperMask = new Float32Array(n * n);
        for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) upperMask[a * n + b] = 1;
        const wu = tf.mul(w, tf.tensor2d(upperMask, [n, n]));
        const pairTerm = tf.sum(wu);
        if (t === 0) {
            const zero = tf.scalar(0);
            return result(zero, tf.clone(zero), pairTerm, tf.clone(pairTerm));
        }
        const wSym = tf.add(wu, tf.transpose(wu)) as tf.Tensor2D;
        const [si, sj, sk] = [0, 1, 2].map(c => selector(flat, c, n)) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const zi: tf.Tensor2D = tf.matMul(si, z), zj: tf.Tensor2D = tf.matMul(sj, z), zk: tf.Tensor2D = tf.matMul(sk, z);
        const depths = tf.stack([lcaDepth(zi, zj, options.lca), lcaDepth(zi, zk, options.lca), lcaDepth(zj, zk, options.lca)], 1);
        // w_ab per triple: row a of wSym, dotted with the one-hot of b.
        const pick = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.sum(tf.mul(tf.matMul(a, wSym), b), 1);
        const weights = tf.stack([pick(si, sj), pick(si, sk), pick(sj, sk)], 1);
        const soft = tf.softmax(tf.div(depths, temperature), 1);
        const perTriple = tf.sub(tf.sum(weights, 1), tf.sum(tf.mul(weights, soft), 1));
        const tripleTerm = tf.sum(perTriple);
        return result(tripleTerm, tf.div(tripleTerm, t), pairTerm, tf.add(tripleTerm, pairTerm));
    }) as unknown as TfHyphcLoss;
}
