// What a train block names besides its objective: optimizers and their learning-rate schedules, early
// stopping, sub-sequence samplers and negative miners.
import { atLeastOne, interval, nonNegative, param, positive, t } from './params.js';
import { papers } from './papers.js';
import type { ComponentSpec, ParamSpec } from './types.js';

const lr = (fallback: number): ParamSpec =>
    param('lr', t.union(t.float(), t.component('schedule')), 'Learning rate: a number, or a schedule such as `exponentialDecay(from: 1e-4, to: 1e-5)`.', { default: fallback, range: positive });
const weightDecay = param('weightDecay', t.float(), 'L2 penalty coefficient added to the gradient (coupled, as in PyTorch).', { default: 0, range: nonNegative });
const beta = (name: string, fallback: number, what: string): ParamSpec =>
    param(name, t.float(), `Decay rate of the running ${what}.`, { default: fallback, range: { min: 0, max: 1, maxExclusive: true } });

export const optimizers: readonly ComponentSpec[] = [
    {
        name: 'adam',
        kind: 'optimizer',
        summary: 'Adam: adaptive moment estimation.',
        doc: 'Keeps running means of the gradient and of its square, bias-corrected, and scales each step by them.',
        formula: 'm ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − lr·m̂ / (√v̂ + ε)',
        paper: papers.adam,
        params: [lr(1e-3), beta('beta1', 0.9, 'mean of gradients'), beta('beta2', 0.999, 'mean of squared gradients'), weightDecay],
    },
    {
        name: 'sgd',
        kind: 'optimizer',
        summary: 'Stochastic gradient descent with momentum.',
        doc: 'Plain gradient steps with heavy-ball momentum; DAH trains with it (lr 1e-4 → 1e-5, momentum 0.9, weight decay 5e-4).',
        formula: 'v ← μv + g + λθ,  θ ← θ − lr·v',
        params: [
            lr(1e-2),
            param('momentum', t.float(), 'μ: momentum.', { default: 0, range: { min: 0, max: 1, maxExclusive: true } }),
            weightDecay,
        ],
    },
    {
        name: 'riemannianAdam',
        kind: 'optimizer',
        summary: 'Riemannian Adam: Adam for parameters on the Poincaré ball.',
        doc: 'Adam with the Riemannian gradient (the Euclidean gradient rescaled by the inverse metric) and the exponential '
            + 'map as the update, so hyperbolic parameters stay inside the ball. Euclidean parameters get plain Adam.',
        formula: 'g_R = ((1 − ‖θ‖²)² / 4)·g,   θ ← exp_θ(−lr·m̂ / (√v̂ + ε))',
        paper: papers.riemannianAdam,
        params: [lr(1e-3)],
    },
];

export const schedules: readonly ComponentSpec[] = [
    {
        name: 'exponentialDecay',
        kind: 'schedule',
        summary: 'Learning rate decaying geometrically from `from` to `to` over the run.',
        doc: 'The learning rate at epoch t of T is `from·(to/from)^(t/T)`: a straight line on a log scale.',
        formula: 'lr_t = from·(to / from)^(t / T)',
        params: [
            param('from', t.float(), 'Learning rate at the start.', { required: true, range: positive }),
            param('to', t.float(), 'Learning rate at the end.', { required: true, range: positive }),
        ],
    },
    {
        name: 'cosineDecay',
        kind: 'schedule',
        summary: 'Learning rate following half a cosine from `from` to `to`.',
        doc: 'Slow at the start and the end, fastest in the middle.',
        formula: 'lr_t = to + ½(from − to)(1 + cos(π t / T))',
        params: [
            param('from', t.float(), 'Learning rate at the start.', { required: true, range: positive }),
            param('to', t.float(), 'Learning rate at the end.', { default: 0, range: nonNegative }),
        ],
    },
];

export const stopping: readonly ComponentSpec[] = [
    {
        name: 'earlyStopping',
        kind: 'stopping',
        summary: 'Stops training when a metric on held-out data stops improving.',
        doc: 'Evaluates `metric` on `on` after every epoch; stops after `patience` epochs without improvement and restores '
            + 'the best weights. `mode: auto` takes the metric\'s own direction (higher is better for ARI, lower for an error rate).',
        params: [
            param('on', t.ref('datasetPart'), 'The held-out part it is measured on, e.g. `moons.validation`.', { required: true }),
            param('metric', t.component('metric'), 'What is measured, e.g. `ari`.', { required: true }),
            param('patience', t.int(), 'Epochs without improvement before stopping.', { default: 10, range: atLeastOne, unit: 'epochs' }),
            param('mode', t.enum('auto', 'max', 'min'), 'Whether higher or lower is better.', { default: 'auto' }),
        ],
    },
];

const sliceCount = param('count', t.int(), 'Sub-sequences drawn from every sequence.', { default: 5, range: { min: 2 } });
const sliceLength = param('length', t.interval('int'), 'Events per sub-sequence, drawn uniformly in the interval.', { default: interval(15, 75), range: atLeastOne, unit: 'events' });

export const samplers: readonly ComponentSpec[] = [
    {
        name: 'sampleSlices',
        kind: 'sampler',
        summary: 'CoLES\' random slices: `count` contiguous sub-sequences of random length and start.',
        doc: 'For each of `count` draws, a length T_i uniform in `length` (capped by the sequence) and a uniform start; the '
            + 'slice keeps the events in order. Slices of one sequence may overlap: periodic behaviour makes them alike.',
        formula: 'T_i ~ U[m, M],  s ~ U[0, T − T_i],  Ŝ_i = (z_{s}, …, z_{s+T_i−1})',
        paper: papers.colesOriginal,
        params: [sliceCount, sliceLength],
    },
    {
        name: 'splitRandom',
        kind: 'sampler',
        summary: 'Splits the events of a sequence into `count` disjoint random subsets, each kept in time order.',
        doc: 'Assigns every event to one of `count` sub-sequences at random (sizes limited by `length`), so positives share '
            + 'no event. The replication found it best for clickstreams.',
        paper: papers.coles,
        params: [sliceCount, sliceLength],
    },
    {
        name: 'sampleRandom',
        kind: 'sampler',
        summary: '`count` random subsets of events (not contiguous), each kept in time order.',
        doc: 'Each sub-sequence draws a size in `length` and that many events uniformly without replacement, sorted by time. '
            + 'The replication found it best for transactions.',
        paper: papers.coles,
        params: [sliceCount, sliceLength],
    },
];

export const miners: readonly ComponentSpec[] = [
    {
        name: 'hardest',
        kind: 'miner',
        summary: 'Keeps the `count` closest negatives of every anchor.',
        doc: 'Hard-negative mining: of all pairs of different entities in a batch, each anchor keeps the `count` with the '
            + 'smallest distance (pytorch-lifestream\'s `HardNegativePairSelector`, 5 per anchor).',
        paper: papers.colesOriginal,
        params: [param('count', t.int(), 'Negatives kept per anchor.', { default: 5, range: atLeastOne })],
        positional: ['count'],
    },
    {
        name: 'allNegatives',
        kind: 'miner',
        summary: 'Every pair of different entities in a batch is a negative.',
        doc: 'No mining: the loss sums over all negative pairs of the batch.',
        params: [],
    },
];

export const training: readonly ComponentSpec[] = [...optimizers, ...schedules, ...stopping, ...samplers, ...miners];
