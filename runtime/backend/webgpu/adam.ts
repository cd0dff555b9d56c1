// Adam's update as three WGSL passes over a parameter on WebGPU. Written with tfjs ops it is thirteen to fifteen
// element-wise kernels per parameter (each a dispatch and an intermediate buffer), and the step-dependent scalars
// (lr / c1, √c2) are new tensors uploaded every step; here they are uniforms of shaders compiled once.
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { f32, FlatProgram, runProgram } from './program.js';

type Pass = 'm' | 'v' | 'x';

// g′ = g + decay·x (coupled weight decay, as torch.optim.Adam).
const DECAYED_GRADIENT = 'let g = G[index] + uniforms.decay * X[index];';

const PASSES: Record<Pass, { inputs: string[]; uniforms: string; body: string }> = {
    // m ← β₁ m + (1 − β₁) g′. 1 − β comes in as a uniform computed in float64, as PyTorch's Python scalar: in
    // float32, 1 − 0.999 is 1.3e-5 off.
    m: { inputs: ['G', 'M', 'X'], uniforms: 'beta : f32, rest : f32, decay : f32,', body: `${DECAYED_GRADIENT} result[index] = uniforms.beta * M[index] + uniforms.rest * g;` },
    // v ← β₂ v + (1 − β₂) g′²
    v: { inputs: ['G', 'V', 'X'], uniforms: 'beta : f32, rest : f32, decay : f32,', body: `${DECAYED_GRADIENT} result[index] = uniforms.beta * V[index] + uniforms.rest * g * g;` },
    // x ← x − (lr / c₁) · m / (√v / √c₂ + ε), with the new m and v
    x: { inputs: ['X', 'M', 'V'], uniforms: 'step : f32, root : f32, epsilon : f32,', body: 'result[index] = X[index] - uniforms.step * M[index] / (sqrt(V[index]) / uniforms.root + uniforms.epsilon);' },
};

const program = (pass: Pass, length: number) =>
    new FlatProgram(`expspecAdam_${pass}`, PASSES[pass].inputs, PASSES[pass].uniforms, '', PASSES[pass].body, length);

export interface AdamStep {
    readonly beta1: number;
    readonly beta2: number;
    readonly weightDecay: number;
    readonly epsilon: number;
    /** lr / (1 − β₁ᵗ) */
    readonly step: number;
    /** √(1 − β₂ᵗ) */
    readonly root: number;
}

/**
 * One Adam update of `x` (any shape, float32) with gradient `g` and moments `m`, `v` (the shape of `x`), on the
 * current WebGPU backend: the new moments and parameter as new tensors (the caller assigns them).
 */
export function adamUpdateWebGpu(x: Tensor, g: Tensor, m: Tensor, v: Tensor, s: AdamStep): { x: Tensor; m: Tensor; v: Tensor } {
    const length = x.size;
    return tf.tidy(() => {
        const [fx, fg, fm, fv] = [x, g, m, v].map(t => tf.reshape(t, [length])) as [Tensor, Tensor, Tensor, Tensor];
        const nextM = runProgram(program('m', length), [fg, fm, fx], [s.beta1, 1 - s.beta1, s.weightDecay].map(f32));
        const nextV = runProgram(program('v', length), [fg, fv, fx], [s.beta2, 1 - s.beta2, s.weightDecay].map(f32));
        const nextX = runProgram(program('x', length), [fx, nextM, nextV], [s.step, s.root, s.epsilon].map(f32));
        return { x: tf.reshape(nextX, x.shape), m: tf.reshape(nextM, x.shape), v: tf.reshape(nextV, x.shape) };
    });
}
