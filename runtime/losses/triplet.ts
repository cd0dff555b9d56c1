// The triplet loss on labelled points (methods.md §3): max(0, δ(a, n) − δ(a, p) + α) over sampled triplets
// (anchor, positive, negative), so that same-class points become more similar than others by the margin;
// averaged over the triplets that still violate the margin (default, as pytorch-metric-learning's
// TripletMarginLoss) or over all of them. Triplets never cross point sets.
import * as tf from '@tensorflow/tfjs-core';
import { Args } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { gatherRows } from '../tensor/gather.js';
import { sampleTriplets } from './sampling.js';
import { rowSimilarity, type SimilarityName } from './similarity.js';
import type { LossTerm, TermInput } from './types.js';

export function tripletTerm(call: PlanCall): LossTerm {
    const args = Args.of(registry.find('triplet', ['objective'])!, call);
    const margin = args.number('margin');
    const similarity = args.string('similarity') as SimilarityName;
    const limit = args.int('triplets');
    const reduction = args.string('reduction');
    return {
        name: 'triplet',
        loss({ features, batch, random }: TermInput): tf.Scalar {
            const flat: number[] = [];
            for (let s = 0; s + 1 < batch.offsets.length; s++) {
                sampleTriplets(batch.offsets[s]!, batch.offsets[s + 1]! - batch.offsets[s]!, batch.labels, batch.labelled, limit, random, flat);
            }
            if (flat.length === 0) return tf.scalar(0);
            return tf.tidy(() => {
                const idx = tf.tensor2d(flat, [flat.length / 3, 3], 'int32');
                const [ca, cp, cn] = tf.unstack(idx, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
                const a = gatherRows(features, ca), p = gatherRows(features, cp), n = gatherRows(features, cn);
                const hinge = tf.relu(tf.add(tf.sub(rowSimilarity(a, n, similarity), rowSimilarity(a, p, similarity)), margin));
                if (reduction === 'mean') return tf.mean(hinge) as tf.Scalar;
                // the mean over the triplets that still violate the margin (pytorch-metric-learning's AvgNonZeroReducer)
                const active = tf.sum(tf.cast(tf.greater(hinge, 0), 'float32'));
                return tf.div(tf.sum(hinge), tf.maximum(active, 1)) as tf.Scalar;
            });
        },
    };
}
