// The hyperbolic LCA depth d_o(x ∨ y) of pairs of points of the Poincaré disk, with its gradient, as one WGSL
// pass on WebGPU. As tfjs ops (runtime/tensor/hyphc.ts) it is about sixty kernels forward and more backward,
// per pair of each triple, three times per HypHC step; here each invocation computes one pair's depth and its
// four partial derivatives together, by forward-mode differentiation (dual numbers carrying ∂/∂(x₀, x₁, y₀, y₁)),
// and the backward pass is one multiplication by the saved derivatives.
//
// It follows the tfjs-op version step for step, branches and clamps included, and gives each clamp the
// derivative tfjs gives it (maximum: to the first argument where it is ≥ the second; minimum: where ≤;
// clipByValue: inside the closed interval), so that both agree to float32 rounding. 2-D points only (HypHC's
// disk); the caller keeps the tfjs ops for other dimensions.
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { f32, FlatProgram, runProgram } from './program.js';

const DUALS = /* wgsl */ `
struct D { v : f32, g : vec4<f32>, };
fn dc(c : f32) -> D { return D(c, vec4<f32>(0.0)); }
fn dadd(a : D, b : D) -> D { return D(a.v + b.v, a.g + b.g); }
fn dsub(a : D, b : D) -> D { return D(a.v - b.v, a.g - b.g); }
fn dmul(a : D, b : D) -> D { return D(a.v * b.v, a.g * b.v + b.g * a.v); }
fn ddiv(a : D, b : D) -> D { return D(a.v / b.v, (a.g * b.v - b.g * a.v) / (b.v * b.v)); }
fn dscale(a : D, s : f32) -> D { return D(a.v * s, a.g * s); }
fn dsqrt(a : D) -> D { let r = sqrt(a.v); return D(r, a.g * (0.5 / r)); }
fn dlog(a : D) -> D { return D(log(a.v), a.g / a.v); }
fn dlog1p(a : D) -> D { return D(log(1.0 + a.v), a.g / (1.0 + a.v)); }
fn dmaxc(a : D, c : f32) -> D { if (a.v >= c) { return a; } return dc(c); }
fn dminc(a : D, c : f32) -> D { if (a.v <= c) { return a; } return dc(c); }
fn safeSqrt(a : D) -> D { return dsqrt(dmaxc(a, 1e-30)); }
fn safeArtanh(a : D, maxNorm : f32) -> D {
  var c = a;
  if (a.v < -maxNorm || a.v > maxNorm) { c = dc(clamp(a.v, -maxNorm, maxNorm)); }
  return dscale(dsub(dlog1p(c), dlog1p(dscale(c, -1.0))), 0.5);
}
fn dot2(a0 : D, a1 : D, b0 : D, b1 : D) -> D { return dadd(dmul(a0, b0), dmul(a1, b1)); }
`;

/**
 * WGSL: `lcaDepth(x0, x1, y0, y1, maxNorm, segment)`, the depth of the LCA of x and y as a dual number whose
 * tangents are the derivatives in the seeds of its arguments (`seeded` seeds x in slots 0, 1 and y in 2, 3).
 */
export const LCA_DEPTH_WGSL = /* wgsl */ `${DUALS}
fn seeded(x : vec2<f32>, y : vec2<f32>) -> array<D, 4> {
  return array<D, 4>(D(x.x, vec4<f32>(1.0, 0.0, 0.0, 0.0)), D(x.y, vec4<f32>(0.0, 1.0, 0.0, 0.0)),
                     D(y.x, vec4<f32>(0.0, 0.0, 1.0, 0.0)), D(y.y, vec4<f32>(0.0, 0.0, 0.0, 1.0)));
}
fn lcaDepth(x0 : D, x1 : D, y0 : D, y1 : D, maxNorm : f32, segment : bool) -> D {
  let d0 = dsub(y0, x0);
  let d1 = dsub(y1, x1);
  let x2 = dot2(x0, x1, x0, x1);
  let y2 = dot2(y0, y1, y0, y1);
  let d2 = dot2(d0, d1, d0, d1);
  let xd = dot2(x0, x1, d0, d1);
  let yd = dot2(y0, y1, d0, d1);
  let depthX = dscale(safeArtanh(safeSqrt(x2), maxNorm), 2.0);
  let depthY = dscale(safeArtanh(safeSqrt(y2), maxNorm), 2.0);
  let cross = dsub(dmul(x0, d1), dmul(x1, d0));
  let det = dmul(cross, cross);
  let collinear = det.v <= 1e-30;
  var twoDet = dscale(det, 2.0);
  if (collinear) { twoDet = dc(2.0); }
  let oneMinusX2 = dsub(dc(1.0), x2);
  let lambda = ddiv(dmul(d2, dsub(oneMinusX2, xd)), twoDet);
  let mu = ddiv(dsub(dmul(x2, d2), dmul(xd, oneMinusX2)), twoDet);
  let e0 = dadd(dmul(lambda, x0), dmul(mu, d0));
  let e1 = dadd(dmul(lambda, x1), dmul(mu, d1));
  let radius = safeSqrt(dot2(e0, e1, e0, e1));
  let c0 = dadd(x0, e0);
  let c1 = dadd(x1, e1);
  let cn = safeSqrt(dot2(c0, c1, c0, c1));
  let pn = ddiv(dc(1.0), dadd(cn, radius));
  let gap = dmaxc(ddiv(dmul(radius, dadd(dc(1.0), ddiv(radius, dadd(cn, dc(1.0))))), dadd(cn, radius)), 1.0 - maxNorm);
  let clipped = dminc(pn, maxNorm);
  var depth : D;
  if (clipped.v < 0.5) { depth = dscale(safeArtanh(clipped, maxNorm), 2.0); } else { depth = dlog(ddiv(dadd(dc(1.0), clipped), gap)); }
  if (collinear) { depth = dc(0.0); }
  if (segment) {
    var nearer = depthY;
    if (x2.v <= y2.v) { nearer = depthX; }
    if (!collinear && pn.v * pn.v > min(x2.v, y2.v)) { depth = nearer; }
    if (-yd.v * (1.0 - y2.v) >= y2.v * d2.v) { depth = depthY; }
    if (xd.v * oneMinusX2.v >= x2.v * d2.v) { depth = depthX; }
  }
  if (d2.v <= 0.0) { depth = depthX; }
  return depth;
}
`;

// One pair t: X and Y are [m, 2] row-major; writes result[5t .. 5t + 4] = (depth, ∂/∂x₀, ∂/∂x₁, ∂/∂y₀, ∂/∂y₁).
const BODY = /* wgsl */ `
  let s = seeded(vec2<f32>(X[2 * index], X[2 * index + 1]), vec2<f32>(Y[2 * index], Y[2 * index + 1]));
  let depth = lcaDepth(s[0], s[1], s[2], s[3], uniforms.maxNorm, uniforms.segment > 0.5);
  result[5 * index] = depth.v;
  result[5 * index + 1] = depth.g.x;
  result[5 * index + 2] = depth.g.y;
  result[5 * index + 3] = depth.g.z;
  result[5 * index + 4] = depth.g.w;
`;

/** (depth, ∂depth/∂x, ∂depth/∂y) per pair: [m, 5]. */
function depthsWithDerivatives(x: Tensor2D, y: Tensor2D, maxNorm: number, segment: boolean): Tensor2D {
    const m = x.shape[0];
    const program = new FlatProgram('expspecLcaDepth', ['X', 'Y'], 'maxNorm : f32, segment : f32,', LCA_DEPTH_WGSL, BODY, 5 * m, m);
    return tf.reshape(runProgram(program, [tf.reshape(x, [2 * m]), tf.reshape(y, [2 * m])], [f32(maxNorm), f32(segment ? 1 : 0)]), [m, 5]);
}

/** d_o(x_t ∨ y_t) for rows t of x and y ([m, 2] each) on the current WebGPU backend, differentiable in x and y. */
export function lcaDepthWebGpu(x: Tensor2D, y: Tensor2D, maxNorm: number, segment: boolean): Tensor1D {
    const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
        const a = args[0] as Tensor, b = args[1] as Tensor, save = args[2] as tf.GradSaveFunc;
        const packed = depthsWithDerivatives(a as Tensor2D, b as Tensor2D, maxNorm, segment);
        save([packed]);
        return {
            value: tf.reshape(tf.slice(packed, [0, 0], [-1, 1]), [-1]),
            gradFunc: (dy: Tensor, saved: Tensor[]) => {
                const upstream = tf.reshape(dy, [-1, 1]);
                return [tf.mul(upstream, tf.slice(saved[0]!, [0, 1], [-1, 2])), tf.mul(upstream, tf.slice(saved[0]!, [0, 3], [-1, 2]))];
            },
        };
    });
    return op(x, y) as Tensor1D;
}
