// ALLG's graph over the training samples (methods.md §1): a fixed k-NN prior A₀ and N learned n×n adjacency
// matrices that mix the latents, S₁ = σ(Z A₁), S_{l+1} = σ(S_l A_{l+1}), with an optional shortcut
// S_out = r·S_k + (1 − r)·S_N. The paper writes Z as d′×n (a column per sample); here rows are samples, so
// Z A becomes Aᵀ Z. The prior is normalised as a graph convolution's (self-loops, D^-1/2 (A + I) D^-1/2) so that
// mixing keeps the latents' scale; every A_l starts from it.
import * as tf from '@tensorflow/tfjs-core';
import { Args, PlanError } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { knnAdjacency, knnIndices } from '../select/knn-graph.js';
import { activation, type Activation } from './activations.js';

/** What the graph computed in one forward pass (for the loss terms). */
export interface GraphOutput {
    readonly prior: tf.Tensor2D;
    /** A₁ … A_N as used (a tied chain repeats A₁). */
    readonly adjacency: readonly tf.Tensor2D[];
    /** S₁ … S_N. */
    readonly layers: readonly tf.Tensor2D[];
    readonly out: tf.Tensor2D;
}

export interface GraphDescription {
    readonly layers: number;
    readonly learned: boolean;
    readonly tied: boolean;
    readonly shortcut?: { readonly from: number; readonly r: number };
}

/** The GCN-normalised k-NN graph of the rows of x, as a dense n×n array. */
export function knnPrior(x: Float32Array, rows: number, dim: number, call: PlanCall): Float32Array {
    const args = Args.of(registry.find(call.call, ['graphPrior'])!, call);
    if (call.call !== 'knn') throw new PlanError(`the graph prior '${call.call}' is part of the language but not of the runtime yet`);
    const k = args.int('k');
    if (k >= rows) throw new PlanError(`knn(k: ${k}) needs more than ${k} samples; the training data has ${rows}`);
    let points = x;
    if (args.string('metric') === 'cosine') {
        // cosine neighbours are Euclidean neighbours of the unit-normalised rows
        points = new Float32Array(x.length);
        for (let i = 0; i < rows; i++) {
            let norm = 0;
            for (let j = 0; j < dim; j++) norm += x[i * dim + j]! ** 2;
            const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (let j = 0; j < dim; j++) points[i * dim + j] = x[i * dim + j]! * s;
        }
    }
    const adjacency = knnAdjacency(knnIndices(points, rows, dim, k), rows, k, args.bool('symmetric'));
    return gcnNormalize(adjacency, rows);
}

/** D^-1/2 (A + I) D^-1/2, in place on a copy. */
export function gcnNormalize(adjacency: Float32Array, n: number): Float32Array {
    const a = Float32Array.from(adjacency);
    const degree = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        a[i * n + i] = 1;
        let d = 0;
        for (let j = 0; j < n; j++) d += a[i * n + j]!;
        degree[i] = 1 / Math.sqrt(d);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = a[i * n + j]! * degree[i]! * degree[j]!;
    return a;
}

export class LearnableGraph {
    readonly prior: tf.Tensor2D;
    readonly adjacency: readonly tf.Variable[];
    private readonly sigma: Activation;
    readonly description: GraphDescription;

    /** The graph of `call` over the samples, with its prior computed from them. */
    static over(call: PlanCall, samples: { x: Float32Array; rows: number; dim: number }, prefix: string): LearnableGraph {
        const args = Args.of(registry.find('learnableGraph', ['graph'])!, call);
        return new LearnableGraph(call, knnPrior(samples.x, samples.rows, samples.dim, args.call('prior')), samples.rows, prefix);
    }

    /** `prior`: A₀ as a row-major n×n array (normalised). */
    constructor(call: PlanCall, prior: Float32Array, n: number, prefix: string) {
        const args = Args.of(registry.find('learnableGraph', ['graph'])!, call);
        const layers = args.int('layers');
        const learned = args.bool('learned');
        const tied = args.bool('tied');
        const shortcutCall = args.call('shortcut', true);
        let shortcut: GraphDescription['shortcut'];
        if (shortcutCall) {
            const s = Args.of(registry.find('shortcut', ['shortcut'])!, shortcutCall);
            shortcut = { from: s.int('from'), r: s.number('r') };
            if (shortcut.from > layers) {
                throw new PlanError(`shortcut(from: ${shortcut.from}) names graph layer ${shortcut.from}, but \`learnableGraph\` has ${layers} layer${layers === 1 ? '' : 's'}`);
            }
        }
        this.description = { layers, learned, tied, ...(shortcut ? { shortcut } : {}) };
        this.sigma = activation(args.call('activation'));
        this.prior = tf.tensor2d(prior, [n, n]);
        // a fixed graph (`learned: false`) mixes with A₀ itself; a tied chain learns one matrix used N times
        const distinct = !learned ? 0 : tied ? 1 : layers;
        this.adjacency = Array.from({ length: distinct }, (_, l) => tf.variable(this.prior, true, `${prefix}graph_A${l + 1}_${uniqueId++}`));
    }

    get variables(): tf.Variable[] { return [...this.adjacency]; }

    /** A₁ … A_N as the forward pass uses them. */
    private chain(): tf.Tensor2D[] {
        const { layers, learned } = this.description;
        return Array.from({ length: layers }, (_, l) => (!learned ? this.prior : (this.adjacency[Math.min(l, this.adjacency.length - 1)]! as tf.Tensor2D)));
    }

    apply(z: tf.Tensor2D): GraphOutput {
        const adjacency = this.chain();
        const layers: tf.Tensor2D[] = [];
        let s = z;
        for (const a of adjacency) {
            s = this.sigma(tf.matMul(a, s, true, false));
            layers.push(s);
        }
        const { shortcut } = this.description;
        const out = shortcut ? tf.add(tf.mul(layers[shortcut.from - 1]!, shortcut.r), tf.mul(s, 1 - shortcut.r)) as tf.Tensor2D : s;
        return { prior: this.prior, adjacency, layers, out };
    }

    dispose(): void {
        this.prior.dispose();
        for (const a of this.adjacency) a.dispose();
    }
}

let uniqueId = 0;
