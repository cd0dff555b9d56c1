// The HypHC triple term on WebGPU, one invocation per triple (i, j, k): the three LCA depths of the 2-D points
// z_i, z_j, z_k with their derivatives (lca-depth.ts), the softmax over them at temperature τ, the term
// w_ij + w_ik + w_jk − (w_ij, w_ik, w_jk) · softmax_τ(d_ij, d_ik, d_jk), and its derivatives in the three points
// and the three similarities. As tfjs ops this is the gathers of the points and their scatter-adds, three LCA
// depths, stacks, the softmax and the weighting, forward and backward; here one pass forward, and the backward
// pass is a multiplication by the saved derivatives and one scatter-add into the points.
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { LCA_DEPTH_WGSL } from './lca-depth.js';
import { f32, FlatProgram, runProgram } from './program.js';

/** Numbers written per triple: the term, ∂/∂(w_ij, w_ik, w_jk), ∂/∂z_i (2), ∂/∂z_j (2), ∂/∂z_k (2). */
const PER_TRIPLE = 10;

// Z [n, 2] row-major, T [t, 3] int32, W [t, 3].
const BODY = /* wgsl */ `
  let i = T[3 * index];
  let j = T[3 * index + 1];
  let k = T[3 * index + 2];
  let zi = vec2<f32>(Z[2 * i], Z[2 * i + 1]);
  let zj = vec2<f32>(Z[2 * j], Z[2 * j + 1]);
  let zk = vec2<f32>(Z[2 * k], Z[2 * k + 1]);
  let segment = uniforms.segment > 0.5;
  let sij = seeded(zi, zj);
  let sik = seeded(zi, zk);
  let sjk = seeded(zj, zk);
  let dij = lcaDepth(sij[0], sij[1], sij[2], sij[3], uniforms.maxNorm, segment);
  let dik = lcaDepth(sik[0], sik[1], sik[2], sik[3], uniforms.maxNorm, segment);
  let djk = lcaDepth(sjk[0], sjk[1], sjk[2], sjk[3], uniforms.maxNorm, segment);
  let logits = vec3<f32>(dij.v, dik.v, djk.v) / uniforms.temperature;
  let e = exp(logits - vec3<f32>(max(max(logits.x, logits.y), logits.z)));
  let soft = e / (e.x + e.y + e.z);
  let w = vec3<f32>(W[3 * index], W[3 * index + 1], W[3 * index + 2]);
  let dw = vec3<f32>(1.0) - soft;
  // ∂term/∂d_a = −(1/τ) s_a (w_a − w·s)
  let dd = -soft * (w - vec3<f32>(dot(w, soft))) / uniforms.temperature;
  let gi = dd.x * dij.g.xy + dd.y * dik.g.xy;
  let gj = dd.x * dij.g.zw + dd.z * djk.g.xy;
  let gk = dd.y * dik.g.zw + dd.z * djk.g.zw;
  let o = ${PER_TRIPLE} * index;
  result[o] = dot(w, dw);
  result[o + 1] = dw.x;
  result[o + 2] = dw.y;
  result[o + 3] = dw.z;
  result[o + 4] = gi.x;
  result[o + 5] = gi.y;
  result[o + 6] = gj.x;
  result[o + 7] = gj.y;
  result[o + 8] = gk.x;
  result[o + 9] = gk.y;
`;

export interface TripleTermOptions {
    readonly temperature: number;
    readonly maxNorm: number;
    /** The paper's segment geodesic (true) or HypHC's line. */
    readonly segment: boolean;
}

/**
 * Per triple t of `triples` ([t, 3] int32 rows of z), the HypHC term Σ_a w_a (1 − softmax_τ(d)_a), with `weights`
 * ([t, 3]: w_ij, w_ik, w_jk), on the current WebGPU backend; differentiable in z ([n, 2]) and the weights.
 */
export function hyphcTriplesWebGpu(z: Tensor2D, triples: Tensor2D, weights: Tensor2D, options: TripleTermOptions): Tensor1D {
    const n = z.shape[0], t = triples.shape[0];
    const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
        const points = args[0] as Tensor, w = args[1] as Tensor, save = args[2] as tf.GradSaveFunc;
        const program = new FlatProgram('expspecHyphcTriples', ['Z', 'T', 'W'], 'temperature : f32, maxNorm : f32, segment : f32,', LCA_DEPTH_WGSL, BODY, PER_TRIPLE * t, t);
        const packed = tf.reshape(runProgram(program, [tf.reshape(points, [2 * n]), tf.reshape(triples, [3 * t]), tf.reshape(w, [3 * t])],
            [f32(options.temperature), f32(options.maxNorm), f32(options.segment ? 1 : 0)]), [t, PER_TRIPLE]);
        save([packed, triples]);   // the caller's tidy may dispose the triples before the backward pass
        return {
            value: tf.reshape(tf.slice(packed, [0, 0], [-1, 1]), [-1]),
            gradFunc: (dy: Tensor, saved: Tensor[]) => {
                const upstream = tf.reshape(dy, [-1, 1]);
                const rows = tf.reshape(tf.mul(upstream, tf.slice(saved[0]!, [0, 4], [-1, 6])), [3 * t, 2]);
                const dz = tf.scatterND(tf.reshape(saved[1]!, [3 * t, 1]), rows, [n, 2]);
                return [dz, tf.mul(upstream, tf.slice(saved[0]!, [0, 1], [-1, 3]))];
            },
        };
    });
    return op(z, weights) as Tensor1D;
}
