import { checks, needsSample, needsTrainProperty } from '../checks.js';
import { param, positive, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const contrastiveMargin: ComponentSpec = {
    name: 'contrastiveMargin',
    kind: 'objective',
    summary: 'CoLES\' contrastive margin loss: sub-sequences of one entity together, of different entities at least ρ apart.',
    doc: 'The train block\'s `sampler` cuts several sub-sequences from every sequence of a batch; sub-sequences of the '
        + 'same entity are positives, all other pairs negatives, of which the `negatives` miner keeps the hardest. '
        + 'Distances are Euclidean between L2-normalised embeddings. Reference setting (pytorch-lifestream): ρ = 0.5, '
        + '5 hardest negatives per anchor, 5 slices of 15–75 events.',
    formula: 'L = Σ_{(i,j) pos} ½ d_ij² + Σ_{(i,j) neg} ½ max(0, ρ − d_ij)²,   d_ij = ‖z_i − z_j‖₂',
    paper: papers.colesOriginal,
    params: [
        param('margin', t.float(), 'ρ: the distance below which negative pairs are pushed apart.', { default: 0.5, range: positive }),
        param('negatives', t.component('miner'), 'Which negative pairs count: `hardest(5)` or `allNegatives()`.', { default: 'hardest' }),
        param('normalize', t.bool(), 'L2-normalise the embeddings before measuring distances.', { default: true }),
    ],
    check: checks(
        needsTrainProperty('contrastiveMargin', 'sampler', 'treats sub-sequences of one entity as positives',
            'sampleSlices(count: 5, length: 15 .. 75)'),
        needsSample('contrastiveMargin', ['events', 'tokens'], 'compares sub-sequences of sequences',
            'train a `sequenceEncoder(...)` on an `events(...)` dataset, or a `proteinEncoder(...)` on protein sequences'),
    ),
};
