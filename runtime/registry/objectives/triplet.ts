import { needsLabels } from '../checks.js';
import { nonNegative, param, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const triplet: ComponentSpec = {
    name: 'triplet',
    kind: 'objective',
    summary: 'Triplet loss on labelled samples: an anchor must be more similar to a same-class point than to another, by a margin.',
    doc: 'For triplets (anchor a, positive p of the same class, negative n of another class) drawn from the labelled '
        + 'samples, penalises a negative that is not at least `margin` less similar to the anchor than the positive. '
        + 'With `similarity: cosine`, δ(x, y) = cos∠(NN(x), NN(y)); with `euclidean`, δ = −‖NN(x) − NN(y)‖. The '
        + 'hyperbolic clustering paper adds it to HypHC with α = 1.0 (circles, moons) or 0.2 (blobs, anisotropic). '
        + 'Unlabelled samples take no part.',
    formula: 'L = Σ_(a,p,n) max(0, δ(a, n) − δ(a, p) + α)',
    paper: papers.hyphc,
    params: [
        param('margin', t.float(), 'α: how much more similar the positive must be than the negative.', { default: 1.0, range: nonNegative }),
        param('similarity', t.enum('cosine', 'euclidean'), 'δ between encoder outputs.', { default: 'cosine' }),
        param('reduction', t.enum('nonZeroMean', 'mean'), 'How the hinge terms are averaged: over the triplets that still violate the margin (`nonZeroMean`, pytorch-metric-learning\'s default, so easy triplets do not dilute the hard ones), or over all sampled triplets.', { default: 'nonZeroMean' }),
        param('triplets', t.int(), 'Triplets per point set (or batch) and step: all of them when there are at most this many, otherwise this many drawn at random.', { default: 2000, range: { min: 1 } }),
    ],
    check: needsLabels('triplet', 'draws its positives and negatives from labels'),
};
