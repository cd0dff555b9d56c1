// Block properties of the declarations that are not headed by a registry component (experiment, train,
// sweep): read by the validator and completion, and by the runner for their defaults.
import { atLeastOne, nonNegative, param, t } from './params.js';
import type { ComponentSpec, ParamSpec } from './types.js';

export const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;

export const experimentProperties: readonly ParamSpec[] = [
    param('seed', t.int(), 'Seed for every initializer, sampler, split and generator: the same seed on the same backend gives the same metrics.', { default: 0, range: nonNegative, sweepable: false }),
    param('repeats', t.int(), 'Independent repeats, each with its own seed derived from `seed`; metrics report mean ± sd.', { default: 1, range: atLeastOne, sweepable: false }),
    param('backend', t.enum(...BACKENDS), 'Preferred compute backend; `auto` takes the best available (CUDA, WebGPU, native CPU, wasm, cpu).', { default: 'auto', sweepable: false }),
    param('description', t.string(), 'What this experiment is for (shown in the run list and report).', { sweepable: false }),
];

export const trainProperties: readonly ParamSpec[] = [
    param('objective', t.union(t.ref('objective'), t.component('objective')), 'The loss to minimise: an objective declaration or an inline sum of terms.', { required: true }),
    param('optimizer', t.component('optimizer'), 'The optimizer.', { default: 'adam(lr: 1e-3)' }),
    param('epochs', t.int(), 'Passes over the training data.', { default: 100, range: atLeastOne }),
    param('batch', t.int(), 'Samples (or point sets, or sequences) per step.', { default: 32, range: atLeastOne, unit: 'samples' }),
    param('sampler', t.component('sampler'), 'How sub-sequences are drawn for contrastive training of sequences.'),
    param('earlyStopping', t.component('stopping'), 'Stop when a validation metric stops improving.'),
];

export const sweepProperties: readonly ParamSpec[] = [
    param('report', t.ref('evaluation'), 'The metric to report per sweep value: `evaluation.metric`.'),
];

/** The train block's properties as a pseudo-component, so that the runner reads them with `Args` and their defaults. */
export const trainBlock: ComponentSpec = { name: 'train', kind: 'task', summary: 'A train block.', doc: '', params: trainProperties };
