// The HypHC loss with learned similarities (methods.md §3), per step over the point sets of the batch:
//   mean over sampled triples of  w_ij + w_ik + w_jk − (w_ij, w_ik, w_jk)·softmax_τ(d_o(i∨j), d_o(i∨k), d_o(j∨k))
//   + mean over pairs of w_ij,
// with w = δ(NN(x_i), NN(x_j)) and d_o the hyperbolic depth of the LCA of the Poincaré embeddings. The paper
// writes both parts as sums; means keep the term's scale independent of the set size and of how many triples
// are sampled, so that its weight against the triplet loss means the same for every dataset.
import * as tf from '@tensorflow/tfjs-core';
import { hyphcTriplesWebGpu } from '../backend/webgpu/hyphc-triples.js';
import { webGpuKernelsActive } from '../backend/webgpu/program.js';
import { Args } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { gatherRows } from '../tensor/gather.js';
import { DEFAULT_MAX_NORM, lcaDepth } from '../tensor/hyphc.js';
import { sampleTriples } from './sampling.js';
import { pairSumOverSets, rowSimilarity, type SimilarityName } from './similarity.js';
import type { LossTerm, TermInput } from './types.js';

export function hyphcTerm(call: PlanCall): LossTerm {
    const args = Args.of(registry.find('hyphc', ['objective'])!, call);
    const temperature = args.number('temperature');
    const triples = args.raw('triples');
    const limit = triples === 'all' || (typeof triples === 'object' && 'call' in triples && triples.call === 'all') ? undefined : args.int('triples');
    const similarity = args.string('similarity') as SimilarityName;
    return {
        name: 'hyphc',
        loss({ output, features, batch, random }: TermInput): tf.Scalar {
            const flat: number[] = [];
            for (let s = 0; s + 1 < batch.offsets.length; s++) {
                sampleTriples(batch.offsets[s]!, batch.offsets[s + 1]! - batch.offsets[s]!, limit, random, flat);
            }
            return tf.tidy(() => {
                let pairCount = 0;
                for (let s = 0; s + 1 < batch.offsets.length; s++) {
                    const n = batch.offsets[s + 1]! - batch.offsets[s]!;
                    pairCount += n * (n - 1) / 2;
                }
                const pairs = pairSumOverSets(features, batch.offsets, similarity);
                const pairTerm = pairCount > 0 ? tf.div(pairs, pairCount) : pairs;
                if (flat.length === 0) return pairTerm as tf.Scalar;
                const idx = tf.tensor2d(flat, [flat.length / 3, 3], 'int32');
                const [ci, cj, ck] = tf.unstack(idx, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
                const fi = gatherRows(features, ci), fj = gatherRows(features, cj), fk = gatherRows(features, ck);
                const weights = tf.stack([rowSimilarity(fi, fj, similarity), rowSimilarity(fi, fk, similarity), rowSimilarity(fj, fk, similarity)], 1) as tf.Tensor2D;
                let perTriple: tf.Tensor1D;
                if (output.shape[1] === 2 && webGpuKernelsActive()) {
                    // one fused WGSL pass on WebGPU (runtime/backend/webgpu/hyphc-triples.ts)
                    perTriple = hyphcTriplesWebGpu(output, idx, weights, { temperature, maxNorm: DEFAULT_MAX_NORM, segment: true });
                } else {
                    const zi = gatherRows(output, ci), zj = gatherRows(output, cj), zk = gatherRows(output, ck);
                    const depths = tf.stack([lcaDepth(zi, zj), lcaDepth(zi, zk), lcaDepth(zj, zk)], 1);
                    const soft = tf.softmax(tf.div(depths, temperature), 1);
                    perTriple = tf.sum(tf.mul(weights, tf.sub(1, soft)), 1);
                }
                return tf.add(tf.mean(perTriple), pairTerm) as tf.Scalar;
            });
        },
    };
}
