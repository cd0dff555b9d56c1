// What a loss term sees in one training step, and what it returns.
import type * as tf from '@tensorflow/tfjs-core';
import type { GraphOutput } from '../nn/learnable-graph.js';
import type { SelectionOutput } from '../nn/selection.js';
import type { PlanCall } from '../plan/types.js';
import type { Random } from '../random/index.js';

/** One step's data: rows on the device, and what the host knows about them. */
export interface StepBatch {
    /** Rows offsets[s] .. offsets[s + 1] − 1 form point set s (one set [0, rows] for independent samples). */
    readonly offsets: readonly number[];
    /** Class of every row (−1 where unknown). */
    readonly labels: Int32Array;
    /** 1 where the row's label may be used for training. */
    readonly labelled: Uint8Array;
}

export interface TermInput {
    /** The model's output for the batch ([rows, d]; in the Poincaré ball when the model ends in `poincare`). */
    readonly output: tf.Tensor2D;
    /** The output of the last Euclidean layer (before a `poincare` projection; the output itself otherwise). */
    readonly features: tf.Tensor2D;
    readonly batch: StepBatch;
    /** This step's sampling stream (triples, triplets). */
    readonly random: Random;
    /** The batch as the model saw it (given to terms that need it: reconstruction). */
    readonly input?: tf.Tensor2D;
    /** An auto-encoder's reconstruction of `input`. */
    readonly reconstruction?: tf.Tensor2D;
    /** ALLG's learned graph over the samples, when the stage trains it. */
    readonly graph?: GraphOutput;
    /** A selection head's coefficients and reconstruction, when the stage trains it. */
    readonly selection?: SelectionOutput;
    /**
     * Logs a named part of the term (ALLG's `supNorm` ‖Q‖∞,1) beside the terms, averaged over the epoch's steps like
     * them; not added to the loss.
     */
    readonly report?: (name: string, value: tf.Scalar) => void;
}

export interface LossTerm {
    /** How the term is reported: its component name, e.g. `hyphc`. */
    readonly name: string;
    loss(input: TermInput): tf.Scalar;
}

export type LossFactory = (call: PlanCall) => LossTerm;
