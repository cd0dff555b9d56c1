// A gated recurrent unit over padded batches of sequences, as torch.nn.GRU (the body of CoLES's encoder; the
// `gru` component). Written with tfjs-core ops rather than tfjs-layers' GRU: the layers package is not a
// dependency (every layer here draws its initial weights from the run's seeded stream), and tfjs-layers' GRU
// follows Keras' gate layout and has no per-row lengths.
//
// Every row runs for the longest length of the batch; a row that has ended keeps its state through a 0/1 mask,
// so what lies in the padding never reaches the result or its gradient (torch reads packed sequences instead).
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../random/index.js';
import { variable, type Forward } from './module.js';

export interface GruOptions {
    /** Units of the hidden state: the width of the sequence embedding. */
    readonly hidden: number;
    /** Stacked layers; each after the first reads the states of the one below. */
    readonly layers?: number;
    /** Dropout on the states passed between stacked layers, in training. */
    readonly dropout?: number;
}

/** One layer's weights, named as torch's `*_l{k}`; the input and hidden weights are stored [in, 3·hidden] (x W). */
interface GruLayerWeights {
    readonly inputWeight: tf.Variable;
    readonly hiddenWeight: tf.Variable;
    readonly inputBias: tf.Variable;
    readonly hiddenBias: tf.Variable;
}

/**
 * r = σ(x W_r + b_ir + h U_r + b_hr),  z = σ(x W_z + b_iz + h U_z + b_hz),
 * n = tanh(x W_n + b_in + r ⊙ (h U_n + b_hn)),  h ← (1 − z) ⊙ n + z ⊙ h   (gates in torch's order r, z, n).
 */
export class Gru {
    readonly hidden: number;
    private readonly weights: readonly GruLayerWeights[];
    private readonly dropout: number;
    private readonly dropoutSeed: () => number;

    constructor(inDim: number, options: GruOptions, random: Random, prefix: string) {
        this.hidden = options.hidden;
        this.dropout = options.dropout ?? 0;
        const layers = options.layers ?? 1;
        if (!Number.isInteger(this.hidden) || this.hidden < 1) throw new RangeError(`gru: hidden must be a positive integer, got ${this.hidden}`);
        if (!Number.isInteger(layers) || layers < 1) throw new RangeError(`gru: layers must be a positive integer, got ${layers}`);
        // torch's initialisation: every weight and bias uniform in ±1/√hidden
        const bound = 1 / Math.sqrt(this.hidden);
        const uniform = (count: number) => Float32Array.from({ length: count }, () => random.uniform(-bound, bound));
        const gates = 3 * this.hidden;
        this.weights = Array.from({ length: layers }, (_, k) => {
            const width = k === 0 ? inDim : this.hidden;
            return {
                inputWeight: variable(uniform(width * gates), [width, gates], `${prefix}gru${k}_wih`),
                hiddenWeight: variable(uniform(this.hidden * gates), [this.hidden, gates], `${prefix}gru${k}_whh`),
                inputBias: variable(uniform(gates), [gates], `${prefix}gru${k}_bih`),
                hiddenBias: variable(uniform(gates), [gates], `${prefix}gru${k}_bhh`),
            };
        });
        const dropoutStream = random.fork('dropout');
        this.dropoutSeed = () => dropoutStream.integer(0, 2 ** 31 - 1);
    }

    /** Per layer: input weight, hidden weight, input bias, hidden bias (torch's parameter order). */
    get variables(): tf.Variable[] {
        return this.weights.flatMap(w => [w.inputWeight, w.hiddenWeight, w.inputBias, w.hiddenBias]);
    }

    /**
     * The top layer's state after the last step of each row: `x` is [rows, steps, features], padded; row b is
     * read for its first `lengths[b]` steps (1 ≤ lengths[b] ≤ steps).
     */
    last(x: tf.Tensor3D, lengths: readonly number[], forward: Forward): tf.Tensor2D {
        const states = this.run(x, lengths, forward);
        return states[states.length - 1]!;
    }

    /** The top layer's state after every step ([rows, steps, hidden]); past a row's length, its last state. */
    states(x: tf.Tensor3D, lengths: readonly number[], forward: Forward): tf.Tensor3D {
        return tf.stack(this.run(x, lengths, forward), 1) as tf.Tensor3D;
    }

    private run(x: tf.Tensor3D, lengths: readonly number[], forward: Forward): tf.Tensor2D[] {
        const [rows, steps] = x.shape;
        if (lengths.length !== rows) throw new RangeError(`gru: ${lengths.length} lengths for ${rows} rows`);
        const bad = lengths.findIndex(n => !Number.isInteger(n) || n < 1 || n > steps);
        if (bad >= 0) throw new RangeError(`gru: row ${bad} has length ${lengths[bad]}; lengths run from 1 to the ${steps} steps of the batch`);
        // masks[t][b] = 1 while row b is still being read at step t; none before the shortest row ends
        const shortest = Math.min(...lengths);
        const masks = Array.from({ length: steps }, (_, t) => (t < shortest ? undefined : tf.tensor2d(lengths.map(n => (t < n ? 1 : 0)), [rows, 1])));
        let input: tf.Tensor3D = x;
        let states: tf.Tensor2D[] = [];
        this.weights.forEach((w, k) => {
            if (k > 0) {
                input = tf.stack(states, 1) as tf.Tensor3D;
                if (forward.training && this.dropout > 0) input = tf.dropout(input, this.dropout, undefined, this.dropoutSeed()) as tf.Tensor3D;
            }
            states = this.scan(w, input, masks);
        });
        return states;
    }

    private scan(w: GruLayerWeights, input: tf.Tensor3D, masks: readonly (tf.Tensor2D | undefined)[]): tf.Tensor2D[] {
        const [rows, steps, width] = input.shape;
        // the input's share of every gate, for all steps in one product
        const projected = tf.add(tf.matMul(tf.reshape(input, [rows * steps, width]), w.inputWeight as tf.Tensor2D), w.inputBias);
        const perStep = tf.unstack(tf.reshape(projected, [rows, steps, 3 * this.hidden]), 1) as tf.Tensor2D[];
        let h: tf.Tensor2D = tf.zeros([rows, this.hidden]);
        const states: tf.Tensor2D[] = [];
        for (let t = 0; t < steps; t++) {
            const [xr, xz, xn] = tf.split(perStep[t]!, 3, 1);
            const [hr, hz, hn] = tf.split(tf.add(tf.matMul(h, w.hiddenWeight as tf.Tensor2D), w.hiddenBias), 3, 1);
            const r = tf.sigmoid(tf.add(xr!, hr!));
            const z = tf.sigmoid(tf.add(xz!, hz!));
            const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
            const next = tf.add(n, tf.mul(z, tf.sub(h, n)));
            const mask = masks[t];
            h = mask ? tf.add(h, tf.mul(mask, tf.sub(next, h))) : next as tf.Tensor2D;
            states.push(h);
        }
        return states;
    }
}
