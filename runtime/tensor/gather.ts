// A row gather whose gradient works on every backend. tfjs's own Gather gradient needs UnsortedSegmentSum,
// which the wasm backend lacks; the gradient of a gather is a scatter-add, and ScatterNd (which sums duplicate
// indices) exists on cpu, wasm and WebGPU.
import * as tf from '@tensorflow/tfjs-core';
import './gradients.js';

/** Rows `indices` of x ([n, d] → [m, d]); `indices` is an int32 tensor of shape [m]. Differentiable in x. */
export function gatherRows(x: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
    const n = x.shape[0], d = x.shape[1];
    const gather = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
        save([indices]);
        return {
            value: tf.gather(input, indices),
            gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(tf.reshape(saved[0]!, [-1, 1]), dy, [n, d]),
        };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return gather(x) as tf.Tensor2D;
}
