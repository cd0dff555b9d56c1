// CoLES's contrastive margin loss (methods.md §2): embeddings of sub-sequences of one entity are pulled
// together, those of different entities pushed at least ρ apart:
//   L = Σ_{(i,j) positive, i<j} ½ d_ij² + Σ_{(i,j) negative} ½ max(0, ρ − d_ij)²,  d = ‖z_i − z_j‖₂,
// z L2-normalised. Negatives are every pair of different entities (i < j), or, with hard-negative mining
// (pytorch-lifestream's HardNegativePairSelector), the k nearest other-entity rows of every anchor i (ordered
// pairs: a pair mined from both ends counts twice, as there).
//
// Everything runs on the device: the mining is a top-k over a masked distance matrix, so no step reads
// distances back (WebGPU in Node cannot read synchronously). The pair distances in the loss are formed from
// differences of gathered rows, not from the Gram matrix, whose cancellation in float32 is large for the close
// positives.
import * as tf from '@tensorflow/tfjs-core';
import { Args, PlanError } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { gatherRows } from '../tensor/gather.js';
import type { LossTerm, TermInput } from './types.js';

export interface ContrastiveOptions {
    /** ρ. */
    readonly margin: number;
    /** Negatives kept per anchor (the nearest); every negative pair when absent. */
    readonly hardest?: number;
    /** L2-normalise the embeddings first. */
    readonly normalize: boolean;
}

/** Added under the square root so that the derivative of d stays finite for coinciding rows. */
const DISTANCE_EPSILON = 1e-12;

/**
 * The loss over the rows of `embeddings` ([rows, d]); `entities[i]` is the entity row i was cut from. With
 * mining, k is lowered to the fewest negatives any anchor has in the batch (top-k takes one k for every row);
 * a batch of one entity has the positive term only.
 */
export function contrastiveMarginLoss(embeddings: tf.Tensor2D, entities: ArrayLike<number>, options: ContrastiveOptions): tf.Scalar {
    const rows = embeddings.shape[0];
    if (entities.length !== rows) throw new RangeError(`contrastiveMargin: ${entities.length} entity ids for ${rows} embeddings`);
    // pairs i < j: positives always, negatives only without mining (mining picks its own on the device)
    const mining = options.hardest !== undefined;
    const positives: number[] = [], negatives: number[] = [];
    let fewestNegatives = Infinity;
    for (let i = 0; i < rows; i++) {
        let count = 0;
        for (let j = 0; j < rows; j++) {
            if (j === i) continue;
            const same = entities[i] === entities[j];
            if (!same) count++;
            if (j > i && (same || !mining)) (same ? positives : negatives).push(i, j);
        }
        fewestNegatives = Math.min(fewestNegatives, count);
    }
    return tf.tidy(() => {
        const z = options.normalize ? normalizeRows(embeddings) : embeddings;
        const terms: tf.Scalar[] = [];
        if (positives.length > 0) terms.push(tf.mul(0.5, tf.sum(squaredPairDistances(z, pairTensor(positives)))) as tf.Scalar);
        const k = options.hardest === undefined ? undefined : Math.min(options.hardest, fewestNegatives);
        const negativePairs = k === undefined ? pairTensor(negatives) : k > 0 ? hardestNegatives(z, entities, k) : undefined;
        if (negativePairs && negativePairs.shape[0] > 0) {
            const d = tf.sqrt(tf.add(squaredPairDistances(z, negativePairs), DISTANCE_EPSILON));
            terms.push(tf.mul(0.5, tf.sum(tf.square(tf.relu(tf.sub(options.margin, d))))) as tf.Scalar);
        }
        return terms.length === 0 ? tf.scalar(0) : terms.reduce((s, t) => tf.add(s, t));
    });
}

/** z / ‖z‖ per row (rows of 0 stay 0). */
function normalizeRows(x: tf.Tensor2D): tf.Tensor2D {
    return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12));
}

/** The flat pairs [i0, j0, i1, j1, …] as a [pairs, 2] index. */
function pairTensor(pairs: number[]): tf.Tensor2D {
    return tf.tensor2d(pairs, [pairs.length / 2, 2], 'int32');
}

/** ‖z_i − z_j‖² for each pair (i, j) of a [pairs, 2] index. */
function squaredPairDistances(z: tf.Tensor2D, pairs: tf.Tensor2D): tf.Tensor1D {
    const [a, b] = tf.unstack(pairs, 1) as [tf.Tensor1D, tf.Tensor1D];
    return tf.sum(tf.square(tf.sub(gatherRows(z, a), gatherRows(z, b))), 1);
}

/** [rows·k, 2] ordered pairs (anchor, one of its k nearest rows of another entity), chosen on the device. */
function hardestNegatives(z: tf.Tensor2D, entities: ArrayLike<number>, k: number): tf.Tensor2D {
    const rows = z.shape[0];
    const same = new Float32Array(rows * rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) if (entities[i] === entities[j]) same[i * rows + j] = 1;
    // squared distances from the Gram matrix: precise enough to rank, and only the ranking is used
    const norms = tf.sum(tf.square(z), 1);
    const squared = tf.sub(tf.add(tf.reshape(norms, [rows, 1]), tf.reshape(norms, [1, rows])), tf.mul(2, tf.matMul(z, z, false, true)));
    // rows of the same entity (and the anchor itself) are pushed beyond every real distance
    const masked = tf.add(squared, tf.mul(tf.tensor2d(same, [rows, rows]), tf.add(tf.max(squared), 1)));
    const { indices } = tf.topk(tf.neg(masked), k);
    const anchors = tf.tensor2d(Array.from({ length: rows * k }, (_, p) => Math.floor(p / k)), [rows * k, 1], 'int32');
    return tf.concat([anchors, tf.reshape(indices, [rows * k, 1])], 1);
}

/** Negatives per anchor for `negatives: hardest(k)`; undefined for `allNegatives()`. */
function hardestCount(miner: PlanCall): number | undefined {
    if (miner.call === 'allNegatives') return undefined;
    if (miner.call === 'hardest') return Args.of(registry.find('hardest', ['miner'])!, miner).int('count');
    throw new PlanError(`\`contrastiveMargin\`'s \`negatives\` must be \`hardest(k)\` or \`allNegatives()\`, got \`${miner.call}\``);
}

/** The `contrastiveMargin` objective; a row's entity is its label in the batch (sub-sequences share it). */
export function contrastiveMarginTerm(call: PlanCall): LossTerm {
    const args = Args.of(registry.find('contrastiveMargin', ['objective'])!, call);
    const options: ContrastiveOptions = {
        margin: args.number('margin'),
        hardest: hardestCount(args.call('negatives')),
        normalize: args.bool('normalize'),
    };
    return {
        name: 'contrastiveMargin',
        loss: ({ output, batch }: TermInput) => contrastiveMarginLoss(output, batch.labels, options),
    };
}
