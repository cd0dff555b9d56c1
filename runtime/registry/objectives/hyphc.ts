import { describeDataType, dimOf, param, positive, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const hyphc: ComponentSpec = {
    name: 'hyphc',
    kind: 'objective',
    summary: 'HypHC: continuous relaxation of Dasgupta\'s cost with hyperbolic LCAs (Chami et al. 2020).',
    doc: 'For sampled triples (i, j, k) with similarities w, the loss rewards the pair that is most similar for having '
        + 'the deepest hyperbolic lowest common ancestor (LCA). `i∨j` is the point of the geodesic between the '
        + 'embeddings of i and j closest to the origin; `d_o` is its hyperbolic distance to the origin. With the '
        + 'learned-similarity setting, `w_ij = δ(x_i, x_j) = cos∠(NN(x_i), NN(x_j))`.',
    formula: 'L = Σ_ijk (w_ij + w_ik + w_jk − w_HypHC,ijk) + Σ_ij w_ij,   '
        + 'w_HypHC,ijk = (w_ij, w_ik, w_jk) · softmax_τ(d_o(i∨j), d_o(i∨k), d_o(j∨k))',
    paper: papers.chamiHypHC,
    params: [
        param('temperature', t.float(), 'Softmax temperature τ over the three LCA depths.', { default: 0.1, range: positive }),
        param('triples', t.union(t.enum('all'), t.int()), 'Triples per point set and step: all of them when a set has at most this many, otherwise this many drawn uniformly; `all` always takes every triple.', { default: 1000, range: { min: 1 } }),
        param('similarity', t.enum('cosine', 'dot', 'rbf'), 'Similarity w between encoder outputs.', { default: 'cosine' }),
    ],
    check({ model }) {
        if (!model) return [];
        const dim = dimOf(model.output);
        if (dim !== undefined && dim !== 2) {
            return [{ message: `\`hyphc\` needs a 2-dimensional embedding; \`${model.name}\` ends in ${describeDataType(model.output)}: add \`out: 2\` to its last layer` }];
        }
        if (model.output.kind !== 'poincare' && model.output.kind !== 'unknown') {
            return [{ message: `\`hyphc\` measures LCA depths in the Poincaré disk, but \`${model.name}\` ends in ${describeDataType(model.output)}: add \`then poincare(scale: learned)\` to the model` }];
        }
        return [];
    },
};
