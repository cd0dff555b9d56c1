// (b) GRU(256) forward + backward on 64 sequences × 100 steps × 32 features, written with tfjs-core ops in a
// loop over the steps (this project does not use tf.layers), with PyTorch's nn.GRU equations and weight layout:
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h
// The loss is a fixed random weighting of every output, summed: its gradient reaches every step.
import * as tf from '@tensorflow/tfjs-core';
import type { Benchmark } from '../stats.js';
import { peerBenchmark, variableName, type Step } from './compare.js';
import type { Peer } from './peer.js';

function build(peer: Peer): Step {
    const [batch, steps, features] = peer.shape('x') as [number, number, number];
    const x = tf.tensor3d(peer.floats('x'), [batch, steps, features]);
    const weighting = tf.tensor3d(peer.floats('weighting'), peer.shape('weighting') as [number, number, number]);
    const variable = (name: string) => tf.variable(tf.tensor(peer.floats(name), peer.shape(name)), true, variableName(name));
    // [3H, in] and [3H], gates in PyTorch's order r, z, n
    const wIh = variable('w_ih') as tf.Variable<tf.Rank.R2>, wHh = variable('w_hh') as tf.Variable<tf.Rank.R2>;
    const bIh = variable('b_ih'), bHh = variable('b_hh');
    const hidden = wHh.shape[1];
    return {
        variables: [wIh, wHh, bIh, bHh],
        checked: wHh,
        loss: () => {
            // the input projections of all steps in one product, then one [batch, 3H] slice per step
            const projected = tf.add(tf.matMul(tf.reshape(x, [batch * steps, features]), wIh, false, true), bIh);
            const perStep = tf.unstack(tf.reshape(projected, [batch, steps, 3 * hidden]), 1);
            let h: tf.Tensor2D = tf.zeros([batch, hidden]);
            const outputs: tf.Tensor2D[] = [];
            for (const xt of perStep) {
                const [xr, xz, xn] = tf.split(xt, 3, 1);
                const [hr, hz, hn] = tf.split(tf.add(tf.matMul(h, wHh, false, true), bHh), 3, 1);
                const r = tf.sigmoid(tf.add(xr!, hr!));
                const z = tf.sigmoid(tf.add(xz!, hz!));
                const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
                h = tf.add(n, tf.mul(z, tf.sub(h, n)));   // (1 − z) n + z h
                outputs.push(h);
            }
            return tf.sum(tf.mul(tf.stack(outputs, 1), weighting));
        },
        dispose: () => tf.dispose([x, weighting, wIh, wHh, bIh, bHh]),
    };
}

export const gruBench: Benchmark = peerBenchmark('gru', 'GRU(256) forward + backward on 64 × 100 steps × 32 features per backend, beside PyTorch nn.GRU (CPU, 1 thread)', build);
