// Parts attached to a model in its block (ALLG): a learned graph over the samples, its fixed prior, the
// shortcut between its layers, and the self-selection head.
import { atLeastOne, param, t, unit01 } from './params.js';
import { papers } from './papers.js';
import type { ComponentSpec } from './types.js';

export const attachments: readonly ComponentSpec[] = [
    {
        name: 'learnableGraph',
        kind: 'graph',
        summary: 'Learned n×n adjacency matrices over the samples that mix their latents (ALLG), regularised towards a prior graph.',
        doc: 'A chain of `layers` learned adjacency matrices A₁ … A_N (n×n parameters, initialised from the `prior`). '
            + 'The latents Z (d′×n, one column per sample) are mixed as S₁ = σ(Z A₁), then S_{i+1} = σ(S_i A_{i+1}); '
            + 'a `shortcut` blends an earlier S_k into the output against over-smoothing. Regularise it with '
            + '`graphPrior(alpha, beta)` (A₁ against the prior) and `propagation(alpha, beta)` (each A_l against A_{l−1}). '
            + 'Memory grows as n²: 10,000 candidates hold 10⁸ parameters per layer.',
        formula: 'S₁ = σ(Z A₁),  S_{i+1} = σ(S_i A_{i+1}),  S_out = r·S_k + (1 − r)·S_N',
        paper: papers.allg,
        params: [
            param('prior', t.component('graphPrior'), 'The fixed graph A₀ that A₁ starts from and is pulled towards.', { default: 'knn' }),
            param('layers', t.int(), 'N: the number of learned adjacency matrices (the paper uses 2).', { default: 2, range: atLeastOne }),
            param('shortcut', t.component('shortcut'), 'Blend of an earlier layer into the output; none when left out.'),
            param('activation', t.component('activation'), 'σ applied after each graph layer.', { default: 'relu' }),
            param('learned', t.bool(), 'Learn the adjacency matrices; `false` mixes with the prior A₀ itself (the paper\'s "k-NN graph only" ablation).', { default: true }),
            param('tied', t.bool(), 'One learned matrix used by every layer (the paper\'s "two tied" ablation).', { default: false }),
        ],
    },
    {
        name: 'knn',
        kind: 'graphPrior',
        summary: 'k-nearest-neighbour graph of the input samples (ALLG\'s prior A₀).',
        doc: 'A₀[i, j] = 1 when j is among the `k` nearest neighbours of i in the original feature space (made symmetric '
            + 'with `symmetric`), 0 otherwise; then normalised as a graph convolution\'s, D^-1/2 (A₀ + I) D^-1/2, so '
            + 'that mixing keeps the latents\' scale. Computed once, before training, on the training samples.',
        formula: 'A₀[i, j] = 1[j ∈ kNN_k(x_i)]',
        paper: papers.allg,
        params: [
            param('k', t.int(), 'Neighbours per sample.', { default: 10, range: atLeastOne, unit: 'neighbours' }),
            param('metric', t.enum('euclidean', 'cosine'), 'Distance between input samples.', { default: 'euclidean' }),
            param('symmetric', t.bool(), 'Link i and j when either is a neighbour of the other.', { default: true }),
        ],
    },
    {
        name: 'shortcut',
        kind: 'shortcut',
        summary: 'Blends the output of an earlier graph layer into the last one (against over-smoothing).',
        doc: 'S_out = r·S_k + (1 − r)·S_N, where k = `from` and N is the graph\'s last layer. The ALLG paper uses k = 1, '
            + 'r = 0.3.',
        formula: 'S_out = r·S_k + (1 − r)·S_N',
        paper: papers.allg,
        params: [
            param('from', t.int(), 'k: the graph layer whose output is blended in (1-based).', { default: 1, range: atLeastOne }),
            param('r', t.fraction(), 'Weight of the earlier layer.', { default: 0.3, range: unit01 }),
        ],
    },
    {
        name: 'selfSelection',
        kind: 'head',
        summary: 'Self-selection layer: an n×n matrix Q that reconstructs every sample from a few (ALLG); its rows rank samples.',
        doc: 'A fully connected layer without bias or activation whose weights Q (n×n) express every representation as a '
            + 'combination of the others, `S_out ≈ S_out Q`; the decoder reconstructs from `S_out Q`. Trained with '
            + '`selfSelection(lambda)`, which makes Q row-sparse; after training, samples are ranked by the `norm` of their '
            + 'row of Q and the top m are the queries (`model.selection` in `selectors:`).',
        formula: 'X̄₀ = S_out Q,   score_i = ‖q_i‖₂ (row i of Q)',
        paper: papers.allg,
        params: [
            param('norm', t.enum('l2', 'l1', 'max'), 'Norm of each row of Q that ranks the samples.', { default: 'l2' }),
        ],
    },
];
