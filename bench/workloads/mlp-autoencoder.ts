// (a) An Adam step of an MLP auto-encoder on 1000 × 60: 60-512-512-64 encoder, 64-512-512-60 decoder, ReLU
// between layers (none after the bottleneck and the output), mean squared reconstruction error.
import * as tf from '@tensorflow/tfjs-core';
import type { Benchmark } from '../stats.js';
import { peerBenchmark, variableName, type Step } from './compare.js';
import type { Peer } from './peer.js';

const LAYERS = 6;
/** Layers followed by no ReLU: the bottleneck (64) and the reconstruction. */
const LINEAR = new Set([2, 5]);

function build(peer: Peer): Step {
    const x = tf.tensor2d(peer.floats('x'), peer.shape('x') as [number, number]);
    const weights: tf.Variable[] = [];
    const biases: tf.Variable[] = [];
    for (let i = 0; i < LAYERS; i++) {
        // stored as PyTorch's nn.Linear: weight [out, in]
        weights.push(tf.variable(tf.tensor2d(peer.floats(`w${i}`), peer.shape(`w${i}`) as [number, number]), true, variableName(`w${i}`)));
        biases.push(tf.variable(tf.tensor1d(peer.floats(`b${i}`)), true, variableName(`b${i}`)));
    }
    return {
        variables: weights.flatMap((w, i) => [w, biases[i]!]),
        checked: weights[0]!,
        loss: () => {
            let h: tf.Tensor2D = x;
            for (let i = 0; i < LAYERS; i++) {
                h = tf.add(tf.matMul(h, weights[i]!, false, true), biases[i]!);
                if (!LINEAR.has(i)) h = tf.relu(h);
            }
            return tf.mean(tf.squaredDifference(h, x));
        },
        dispose: () => tf.dispose([x, ...weights, ...biases]),
    };
}

export const mlpAutoencoderBench: Benchmark = peerBenchmark('mlp-ae', 'Adam step of an MLP auto-encoder 60-512-512-64-512-512-60 on 1000 × 60 (MSE) per backend, beside PyTorch (CPU, 1 thread)', build, { adam: true });
