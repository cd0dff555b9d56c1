// Dense layers: `linear`, `mlp` (with batch norm and dropout), `normalize`.
import * as tf from '@tensorflow/tfjs-core';
import { Args } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { activation, type Activation } from './activations.js';
import { linearInit, variable, type Forward, type Layer, type LayerContext } from './module.js';

/** y = x W + b. */
export class Dense {
    readonly weight: tf.Variable;
    readonly bias?: tf.Variable;

    constructor(inDim: number, readonly outDim: number, ctx: LayerContext, name: string, bias = true) {
        const init = linearInit(inDim, outDim, ctx.random);
        this.weight = variable(init.weight, [inDim, outDim], `${ctx.prefix}${name}_w`);
        if (bias) this.bias = variable(init.bias, [outDim], `${ctx.prefix}${name}_b`);
    }

    get variables(): tf.Variable[] {
        return this.bias ? [this.weight, this.bias] : [this.weight];
    }

    apply(x: tf.Tensor2D): tf.Tensor2D {
        const y: tf.Tensor2D = tf.matMul(x, this.weight as tf.Tensor2D);
        return this.bias ? tf.add(y, this.bias) : y;
    }
}

/**
 * Batch normalisation over the rows, as PyTorch's BatchNorm1d: batch statistics (biased variance) in training,
 * running averages (momentum 0.1, unbiased variance) at inference; γ = 1, β = 0 at the start, ε = 1e-5.
 */
export class BatchNorm {
    readonly gamma: tf.Variable;
    readonly beta: tf.Variable;
    readonly runningMean: tf.Variable;
    readonly runningVar: tf.Variable;

    constructor(readonly dim: number, prefix: string, readonly momentum = 0.1, readonly epsilon = 1e-5) {
        this.gamma = variable(new Float32Array(dim).fill(1), [dim], `${prefix}_gamma`);
        this.beta = variable(new Float32Array(dim), [dim], `${prefix}_beta`);
        this.runningMean = variable(new Float32Array(dim), [dim], `${prefix}_mean`, false);
        this.runningVar = variable(new Float32Array(dim).fill(1), [dim], `${prefix}_var`, false);
    }

    apply(x: tf.Tensor2D, forward: Forward): tf.Tensor2D {
        if (!forward.training) {
            return tf.batchNorm(x, this.runningMean, this.runningVar, this.beta, this.gamma, this.epsilon) as tf.Tensor2D;
        }
        const rows = x.shape[0];
        const { mean, variance } = tf.moments(x, 0);
        const kept = tf.keep(tf.stack([mean, variance]));
        forward.after.push(() => {
            tf.tidy(() => {
                const [m, v] = tf.unstack(kept);
                const unbiased = rows > 1 ? tf.mul(v!, rows / (rows - 1)) : v!;
                this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - this.momentum), tf.mul(m!, this.momentum)));
                this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - this.momentum), tf.mul(unbiased, this.momentum)));
            });
            kept.dispose();
        });
        return tf.batchNorm(x, mean, variance, this.beta, this.gamma, this.epsilon) as tf.Tensor2D;
    }

    get variables(): tf.Variable[] { return [this.gamma, this.beta]; }
    get state(): tf.Variable[] { return [this.runningMean, this.runningVar]; }
}

/** Inverted dropout with a seeded mask per call. */
function dropout(x: tf.Tensor2D, rate: number, forward: Forward, seed: () => number): tf.Tensor2D {
    if (!forward.training || rate <= 0) return x;
    return tf.dropout(x, rate, undefined, seed()) as tf.Tensor2D;
}

export function linearLayer(call: PlanCall, ctx: LayerContext): Layer {
    const args = Args.of(registry.find('linear', ['layer'])!, call);
    const dense = new Dense(ctx.inDim, args.int('out'), ctx, 'linear', args.bool('bias'));
    return { kind: 'linear', outDim: dense.outDim, variables: dense.variables, state: [], apply: x => dense.apply(x) };
}

export function mlpLayer(call: PlanCall, ctx: LayerContext): Layer {
    const args = Args.of(registry.find('mlp', ['layer'])!, call);
    const hidden = args.numbers('hidden');
    const out = args.int('out', true);
    const act: Activation = activation(args.call('activation'));
    const useBatchNorm = args.bool('batchNorm');
    const rate = args.number('dropout');
    const blocks: { dense: Dense; norm?: BatchNorm }[] = [];
    let width = ctx.inDim;
    hidden.forEach((units, i) => {
        blocks.push({ dense: new Dense(width, units, ctx, `mlp${i}`), norm: useBatchNorm ? new BatchNorm(units, `${ctx.prefix}mlp${i}_bn`) : undefined });
        width = units;
    });
    const head = out !== undefined ? new Dense(width, out, ctx, 'mlp_out') : undefined;
    const dropoutStream = ctx.random.fork('dropout');
    const seed = () => dropoutStream.integer(0, 2 ** 31 - 1);
    return {
        kind: 'mlp',
        outDim: out ?? width,
        variables: [...blocks.flatMap(b => [...b.dense.variables, ...(b.norm?.variables ?? [])]), ...(head?.variables ?? [])],
        state: blocks.flatMap(b => b.norm?.state ?? []),
        apply(x, forward) {
            let h = x;
            for (const b of blocks) {
                h = b.dense.apply(h);
                if (b.norm) h = b.norm.apply(h, forward);
                h = dropout(act(h), rate, forward, seed);
            }
            return head ? head.apply(h) : h;
        },
    };
}

export function normalizeLayer(_call: PlanCall, ctx: LayerContext): Layer {
    return {
        kind: 'normalize', outDim: ctx.inDim, variables: [], state: [],
        apply: x => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))) as tf.Tensor2D,
    };
}
