// The building blocks models are made of: a `Layer` maps a batch of rows to a batch of rows and owns its
// variables. Written by hand rather than with tfjs-layers so that every initializer draws from the run's
// seeded stream (tfjs has no global seed), and so that layers can see which point set each row belongs to
// (DGCNN links the points of one set).
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../random/index.js';

/** What a forward pass knows besides its input. */
export interface Forward {
    /** Training mode: batch statistics in batch norm (and their running averages updated after the step). */
    readonly training: boolean;
    /**
     * Row offsets of the point sets in the batch: rows offsets[s] .. offsets[s + 1] − 1 are set s. Absent for
     * independent samples.
     */
    readonly offsets?: readonly number[];
    /** Updates of non-trainable state (running statistics) to apply after the optimizer step. */
    readonly after: (() => void)[];
}

export function trainingForward(offsets?: readonly number[]): Forward {
    return { training: true, offsets, after: [] };
}

export function inferenceForward(offsets?: readonly number[]): Forward {
    return { training: false, offsets, after: [] };
}

export interface Layer {
    /** The registry component it was built from. */
    readonly kind: string;
    /** Width of each output row. */
    readonly outDim: number;
    /** Trained by the optimizer. */
    readonly variables: readonly tf.Variable[];
    /** Kept with the weights but not trained (running statistics). */
    readonly state: readonly tf.Variable[];
    /** True when the output lies in the Poincaré ball (the variables of `poincare` are Euclidean still). */
    readonly hyperbolic?: boolean;
    apply(x: tf.Tensor2D, forward: Forward): tf.Tensor2D;
}

/** What a layer factory receives besides its arguments. */
export interface LayerContext {
    /** Width of the rows coming in. */
    readonly inDim: number;
    /** This layer's initializer stream. */
    readonly random: Random;
    /** A unique prefix for variable names. */
    readonly prefix: string;
}

let variableCounter = 0;

/** A trainable float32 variable initialised from values computed on the host. */
export function variable(values: Float32Array | number[], shape: number[], name: string, trainable = true): tf.Variable {
    // the initial tensor is only a carrier: dispose it (the variable keeps the data)
    return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), trainable, `${name}_${variableCounter++}`));
}

/**
 * PyTorch's default initialisation of `nn.Linear` (Kaiming-uniform with a = √5): weights and biases uniform in
 * ±1/√fanIn. Weights are stored [fanIn, fanOut] so that y = x W + b.
 */
export function linearInit(fanIn: number, fanOut: number, random: Random): { weight: Float32Array; bias: Float32Array } {
    const bound = 1 / Math.sqrt(fanIn);
    const weight = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < weight.length; i++) weight[i] = random.uniform(-bound, bound);
    const bias = new Float32Array(fanOut);
    for (let i = 0; i < fanOut; i++) bias[i] = random.uniform(-bound, bound);
    return { weight, bias };
}

/** The values of every variable of the layers, copied (to restore the best epoch's weights). */
export function snapshot(layers: readonly Layer[]): tf.Tensor[] {
    return layers.flatMap(l => [...l.variables, ...l.state]).map(v => tf.clone(v));
}

export function restore(layers: readonly Layer[], values: readonly tf.Tensor[]): void {
    const vars = layers.flatMap(l => [...l.variables, ...l.state]);
    if (vars.length !== values.length) throw new Error(`snapshot of ${values.length} tensors for ${vars.length} variables`);
    vars.forEach((v, i) => v.assign(values[i]!));
}

export function disposeLayers(layers: readonly Layer[]): void {
    for (const l of layers) for (const v of [...l.variables, ...l.state]) v.dispose();
}
