// Synthetic 2-D point-set generators, as the authors of the hyperbolic hierarchical clustering paper draw
// them with scikit-learn (methods.md §3). Used as `pointSets(source: moons(noise: 0.0 .. 0.16))`: each
// set draws its noise level uniformly from the interval.
import { interval, nonNegative, param, t } from './params.js';
import { papers } from './papers.js';
import type { ComponentSpec, ParamSpec } from './types.js';

const noise = (fallback: number | ReturnType<typeof interval>, what: string): ParamSpec =>
    param('noise', t.interval('float'), `Standard deviation of the Gaussian noise added to ${what} (scikit-learn's \`noise\`); `
        + 'an interval draws one level per set.', { default: fallback, range: nonNegative });

const std = param('std', t.interval('float'),
    'Standard deviation of each blob (scikit-learn\'s `cluster_std`); 0.08 is the paper\'s easy level, 0.16 its hard one; '
    + 'an interval draws one level per set.', { default: 0.16, range: { min: 0, minExclusive: true } });

const hardNoise = interval(0, 0.16);

export const generators: readonly ComponentSpec[] = [
    {
        name: 'moons',
        kind: 'generator',
        summary: 'Two pairs of interleaving half-moons (4 classes), scikit-learn\'s make_moons twice.',
        doc: 'scikit-learn `make_moons(n/2, noise)` gives two interleaving half circles (classes 0, 1); a copy shifted by '
            + '`(shift, shift)` gives classes 2, 3, so a set has k = 4 clusters at two scales.',
        paper: papers.hyphc,
        params: [
            noise(hardNoise, 'each point'),
            param('shift', t.float(), 'Offset (in x and y) of the second pair of moons.', { default: 2 }),
        ],
    },
    {
        name: 'circles',
        kind: 'generator',
        summary: 'Two concentric circles (2 classes), scikit-learn\'s make_circles.',
        doc: 'scikit-learn `make_circles(n, noise, factor)`: an outer circle of radius 1 (class 0) and an inner one of '
            + 'radius `factor` (class 1); k = 2.',
        paper: papers.hyphc,
        params: [
            noise(hardNoise, 'each point'),
            param('factor', t.float(), 'Radius of the inner circle relative to the outer one.', { default: 0.5, range: { min: 0, max: 1, minExclusive: true, maxExclusive: true } }),
        ],
    },
    {
        name: 'blobs',
        kind: 'generator',
        summary: 'Nine isotropic Gaussian blobs on the grid {−1, 0, 1}² (9 classes), scikit-learn\'s make_blobs.',
        doc: 'scikit-learn `make_blobs(n, centers, cluster_std)` with the 9 centres of the grid {−1, 0, 1}²; k = 9.',
        paper: papers.hyphc,
        params: [std],
    },
    {
        name: 'anisotropic',
        kind: 'generator',
        summary: 'The nine blobs, each stretched about its own mean, then the whole set sheared (9 classes).',
        doc: 'The points of `blobs` are stretched about their own blob\'s mean by T = [[0.6, −0.6], [−0.4, 0.8]], and then '
            + 'the whole set is multiplied by T, giving elongated, nearly touching clusters; k = 9.',
        formula: 'x ↦ (μ_c + (x − μ_c) T) T,   T = [[0.6, −0.6], [−0.4, 0.8]]',
        paper: papers.hyphc,
        params: [std],
    },
];
