// `dgcnn`: EdgeConv layers on a k-NN graph recomputed in each layer's input space (Wang et al., Dynamic Graph
// CNN). Each edge (i, j), j among the k nearest neighbours of i in the same point set (i itself included, as in
// the reference implementation), gets the feature act(BN(Θ·[x_i, x_j − x_i])); a point keeps the max over its
// edges. As in DGCNN, the outputs of all EdgeConv layers are concatenated before the final linear layer (`out`).
//
// Θ·[x_i, x_j − x_i] = x_i(Θ_i − Θ_d) + x_j Θ_d, so both halves are computed once per point and only the
// neighbour half is gathered (a differentiable gather that works on wasm: `gatherRows`).
import * as tf from '@tensorflow/tfjs-core';
import { Args } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { gatherRows } from '../tensor/gather.js';
import { activation } from './activations.js';
import { BatchNorm, Dense } from './dense.js';
import type { Forward, Layer, LayerContext } from './module.js';

/**
 * Indices of the k nearest rows of x (squared Euclidean distance, self included) within each point set,
 * flattened to [rows · k] as global row indices. k is capped by the smallest set.
 */
export function knnIndices(x: tf.Tensor2D, k: number, offsets: readonly number[]): { indices: tf.Tensor1D; k: number } {
    let smallest = Infinity;
    for (let s = 0; s + 1 < offsets.length; s++) smallest = Math.min(smallest, offsets[s + 1]! - offsets[s]!);
    const kk = Math.max(1, Math.min(k, smallest));
    const indices = tf.tidy(() => {
        const parts: tf.Tensor[] = [];
        for (let s = 0; s + 1 < offsets.length; s++) {
            const start = offsets[s]!, size = offsets[s + 1]! - start;
            const xs = tf.slice(x, [start, 0], [size, -1]);
            const sq = tf.sum(tf.square(xs), 1, true);
            const d = tf.sub(tf.add(sq, tf.transpose(sq)), tf.mul(2, tf.matMul(xs, xs, false, true)));
            const { indices: idx } = tf.topk(tf.neg(d), kk);
            parts.push(tf.add(idx, tf.scalar(start, 'int32')));
        }
        return tf.reshape(parts.length === 1 ? parts[0]! : tf.concat(parts, 0), [-1]) as tf.Tensor1D;
    });
    return { indices, k: kk };
}

export function dgcnnLayer(call: PlanCall, ctx: LayerContext): Layer {
    const args = Args.of(registry.find('dgcnn', ['layer'])!, call);
    const k = args.int('k');
    const depth = args.int('layers');
    const hidden = args.int('hidden');
    const out = args.int('out', true);
    const act = activation(args.call('activation'));
    const useBatchNorm = args.bool('batchNorm');
    const edges: { self: Dense; neighbour: Dense; norm?: BatchNorm }[] = [];
    let width = ctx.inDim;
    for (let l = 0; l < depth; l++) {
        edges.push({
            self: new Dense(width, hidden, ctx, `edge${l}_self`, false),
            neighbour: new Dense(width, hidden, ctx, `edge${l}_nbr`, false),
            norm: useBatchNorm ? new BatchNorm(hidden, `${ctx.prefix}edge${l}_bn`) : undefined,
        });
        width = hidden;
    }
    const head = out !== undefined ? new Dense(depth * hidden, out, ctx, 'dgcnn_out') : undefined;

    function edgeConv(x: tf.Tensor2D, l: number, forward: Forward): tf.Tensor2D {
        const { self, neighbour, norm } = edges[l]!;
        const rows = x.shape[0];
        const { indices, k: kk } = knnIndices(x, k, forward.offsets ?? [0, rows]);
        const q = neighbour.apply(x);
        const p = tf.sub(self.apply(x), q);
        const e = tf.add(tf.reshape(gatherRows(q, indices), [rows, kk, hidden]), tf.expandDims(p, 1));
        let flat = tf.reshape(e, [rows * kk, hidden]) as tf.Tensor2D;
        if (norm) flat = norm.apply(flat, forward);
        // `indices` stays alive for the backward pass; the caller's tidy (or the gradient tape) disposes it.
        return tf.max(tf.reshape(act(flat), [rows, kk, hidden]), 1) as tf.Tensor2D;
    }

    return {
        kind: 'dgcnn',
        outDim: out ?? hidden,
        variables: [...edges.flatMap(e => [...e.self.variables, ...e.neighbour.variables, ...(e.norm?.variables ?? [])]), ...(head?.variables ?? [])],
        state: edges.flatMap(e => e.norm?.state ?? []),
        apply(x, forward) {
            const outputs: tf.Tensor2D[] = [];
            let h = x;
            for (let l = 0; l < depth; l++) {
                h = edgeConv(h, l, forward);
                outputs.push(h);
            }
            return head ? head.apply(tf.concat(outputs, 1)) : h;
        },
    };
}
