// Selection heads over the training samples: ALLG's self-selection layer Q (n×n) and DUAL's block (Q n×n and
// P n×K). Each is a fully connected layer without bias across the samples, so, with rows as samples, the paper's
// S Q is Qᵀ S. After training, sample i is scored by the norm of its row of the coefficients: how much it takes
// part in reconstructing the others. Coefficients start as PyTorch initialises a bias-free nn.Linear(n, n),
// uniform in ±1/√n, drawn from the run's seeded stream.
import * as tf from '@tensorflow/tfjs-core';
import { Args } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import type { Random } from '../random/index.js';
import { registry } from '../registry/index.js';
import { kmeans } from '../select/kmeans.js';
import { variable } from './module.js';

export type RowNorm = 'l2' | 'l1' | 'max';

/** What the head computed in one forward pass. */
export interface SelectionOutput {
    /** Q: row i holds how sample i contributes to every reconstruction. */
    readonly q: tf.Tensor2D;
    /** The representations Q reconstructs (ALLG: S_out; DUAL: Z). */
    readonly input: tf.Tensor2D;
    /** Qᵀ input: every sample rebuilt from the others. */
    readonly output: tf.Tensor2D;
    /** DUAL: P (n×K) and the K centres it must rebuild (K×d′), fixed during training. */
    readonly p?: tf.Tensor2D;
    readonly centres?: tf.Tensor2D;
}

function uniformMatrix(rows: number, cols: number, fanIn: number, random: Random): Float32Array {
    const bound = 1 / Math.sqrt(fanIn);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < out.length; i++) out[i] = random.uniform(-bound, bound);
    return out;
}

export interface SelectionHead {
    readonly kind: 'selfSelection' | 'dual';
    readonly variables: readonly tf.Variable[];
    apply(input: tf.Tensor2D): SelectionOutput;
    /** Called once before a training stage with the latents of every sample (DUAL computes its centres). */
    prepare?(latents: Float32Array, dim: number): void;
    /** One score per training sample; higher = more representative. */
    scores(): Promise<Float32Array>;
    dispose(): void;
}

async function rowNorms(matrices: readonly tf.Tensor2D[], norm: RowNorm): Promise<Float32Array> {
    const t = tf.tidy(() => {
        const rows = matrices.map(m => {
            const a = tf.abs(m);
            return norm === 'max' ? tf.max(a, 1) : norm === 'l1' ? tf.sum(a, 1) : tf.sum(tf.square(a), 1);
        });
        const total = rows.length === 1 ? rows[0]! : norm === 'max' ? tf.max(tf.stack(rows), 0) : tf.addN(rows);
        return norm === 'l2' ? tf.sqrt(total) : total;
    });
    const data = await t.data() as Float32Array;
    t.dispose();
    return data;
}

export class SelfSelection implements SelectionHead {
    readonly kind = 'selfSelection';
    readonly q: tf.Variable;
    private readonly norm: RowNorm;

    constructor(call: PlanCall, n: number, random: Random, prefix: string) {
        this.norm = Args.of(registry.find('selfSelection', ['head'])!, call).string('norm') as RowNorm;
        this.q = variable(uniformMatrix(n, n, n, random), [n, n], `${prefix}Q`);
    }

    get variables(): tf.Variable[] { return [this.q]; }

    apply(input: tf.Tensor2D): SelectionOutput {
        const q = this.q as tf.Tensor2D;
        return { q, input, output: tf.matMul(q, input, true, false) };
    }

    scores(): Promise<Float32Array> { return rowNorms([this.q as tf.Tensor2D], this.norm); }

    dispose(): void { this.q.dispose(); }
}

/**
 * DUAL's selection block: Q rebuilds every latent from the others and P rebuilds the K k-means centres of the
 * latents, computed once per training stage from the latents it starts with (k-means with 10 restarts).
 */
export class DualSelection implements SelectionHead {
    readonly kind = 'dual';
    readonly q: tf.Variable;
    readonly p: tf.Variable;
    private centres?: tf.Tensor2D;

    constructor(private readonly clusters: number, n: number, private readonly random: Random, prefix: string) {
        this.q = variable(uniformMatrix(n, n, n, random.fork('Q')), [n, n], `${prefix}Q`);
        this.p = variable(uniformMatrix(n, clusters, n, random.fork('P')), [n, clusters], `${prefix}P`);
    }

    get variables(): tf.Variable[] { return [this.q, this.p]; }

    prepare(latents: Float32Array, dim: number): void {
        const rows = latents.length / dim;
        const { centers } = kmeans(Float64Array.from(latents), rows, dim, Math.min(this.clusters, rows), this.random.fork('centres'));
        this.centres?.dispose();
        this.centres = tf.tensor2d(Float32Array.from(centers), [Math.min(this.clusters, rows), dim]);
    }

    apply(input: tf.Tensor2D): SelectionOutput {
        if (!this.centres) throw new Error('DUAL\'s selection block was used before its cluster centres were computed');
        const q = this.q as tf.Tensor2D;
        return { q, input, output: tf.matMul(q, input, true, false), p: this.p as tf.Tensor2D, centres: this.centres };
    }

    scores(): Promise<Float32Array> { return rowNorms([this.q as tf.Tensor2D, this.p as tf.Tensor2D], 'l2'); }

    dispose(): void {
        this.q.dispose(); this.p.dispose(); this.centres?.dispose();
    }
}

/** The indices of the `m` highest scores, highest first (ties by lower index). */
export function topIndices(scores: ArrayLike<number>, m: number): Int32Array {
    const order = Array.from({ length: scores.length }, (_, i) => i);
    order.sort((a, b) => scores[b]! - scores[a]! || a - b);
    return Int32Array.from(order.slice(0, m));
}
