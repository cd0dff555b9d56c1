// (b) GRU(256) forward + backward on 64 sequences × 100 steps × 32 features: the runtime's GRU
// (runtime/nn/gru.ts, PyTorch's nn.GRU equations, a loop of tfjs-core ops over the steps) with the peer's
// weights. The loss is a fixed random weighting of every step's state, summed: its gradient reaches every step.
import * as tf from '@tensorflow/tfjs-core';
import { Gru } from '../../runtime/nn/gru.js';
import { trainingForward } from '../../runtime/nn/module.js';
import { Random } from '../../runtime/random/index.js';
import type { Benchmark } from '../stats.js';
import { peerBenchmark, type Step } from './compare.js';
import type { Peer } from './peer.js';

function build(peer: Peer): Step {
    const [batch, steps, features] = peer.shape('x') as [number, number, number];
    const x = tf.tensor3d(peer.floats('x'), [batch, steps, features]);
    const weighting = tf.tensor3d(peer.floats('weighting'), peer.shape('weighting') as [number, number, number]);
    const hidden = peer.shape('w_hh')[1]!;
    const gru = new Gru(features, { hidden }, Random.seeded(0), 'bench-');
    // the peer's weights in PyTorch's layout ([3H, in], gates r, z, n); the runtime's are their transposes
    const [wIh, wHh, bIh, bHh] = gru.variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    tf.tidy(() => {
        wIh.assign(tf.transpose(tf.tensor2d(peer.floats('w_ih'), peer.shape('w_ih') as [number, number])));
        wHh.assign(tf.transpose(tf.tensor2d(peer.floats('w_hh'), peer.shape('w_hh') as [number, number])));
        bIh.assign(tf.tensor1d(peer.floats('b_ih')));
        bHh.assign(tf.tensor1d(peer.floats('b_hh')));
    });
    const lengths = new Array<number>(batch).fill(steps);
    return {
        variables: gru.variables,
        checked: wHh,
        checkedTransposed: true,
        loss: () => tf.sum(tf.mul(gru.states(x, lengths, trainingForward()), weighting)) as tf.Scalar,
        dispose: () => tf.dispose([x, weighting, ...gru.variables]),
    };
}

export const gruBench: Benchmark = peerBenchmark('gru', 'GRU(256) forward + backward on 64 × 100 steps × 32 features per backend, beside PyTorch nn.GRU (CPU, 1 thread)', build);
