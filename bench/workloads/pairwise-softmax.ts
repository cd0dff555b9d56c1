// (c) Pairwise squared Euclidean distances of 2000 × 64 points (‖xᵢ‖² + ‖xⱼ‖² − 2 xᵢ·xⱼ), row softmax of the
// negated distances, forward + backward: the gradient, with respect to the points, of a fixed random weighting
// of the 2000 × 2000 softmax output, summed.
import * as tf from '@tensorflow/tfjs-core';
import type { Benchmark } from '../stats.js';
import { peerBenchmark, variableName, type Step } from './compare.js';
import type { Peer } from './peer.js';

function build(peer: Peer): Step {
    const [n, dim] = peer.shape('x') as [number, number];
    const points = tf.variable(tf.tensor2d(peer.floats('x'), [n, dim]), true, variableName('points'));
    const weighting = tf.tensor2d(peer.floats('weighting'), [n, n]);
    return {
        variables: [points],
        checked: points,
        loss: () => {
            const squared = tf.sum(tf.square(points), 1);
            const distances = tf.sub(tf.add(tf.reshape(squared, [n, 1]), tf.reshape(squared, [1, n])), tf.mul(tf.matMul(points, points, false, true), 2));
            return tf.sum(tf.mul(tf.softmax(tf.neg(distances)), weighting));
        },
        dispose: () => tf.dispose([points, weighting]),
    };
}

export const pairwiseSoftmaxBench: Benchmark = peerBenchmark('pairwise-softmax', '2000 × 2000 squared distances of 2000 × 64 points + row softmax, forward + backward, per backend, beside PyTorch (CPU, 1 thread)', build);
