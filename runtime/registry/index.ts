// The registry of every component a spec can name. Metadata only: no TensorFlow.js here.
import { activations } from './activations.js';
import { attachments } from './attachments.js';
import { evaluation } from './evaluation.js';
import { generators } from './generators.js';
import { implementations } from './implementations.js';
import { encoders, layers } from './layers.js';
import { objectives } from './objectives/index.js';
import { Registry } from './registry.js';
import { fieldEncodings, rnns } from './rnn.js';
import { labelers, sources } from './sources.js';
import { splits } from './splits.js';
import { training } from './training.js';
import { transforms } from './transforms.js';
import type { ComponentSpec } from './types.js';
import { views } from './views.js';

const declared: readonly ComponentSpec[] = [
    // data
    ...sources, ...labelers, ...generators, ...transforms, ...splits,
    // models
    ...layers, ...encoders, ...rnns, ...fieldEncodings, ...activations, ...attachments,
    // training
    ...objectives, ...training,
    // evaluation and results
    ...evaluation, ...views,
];

/** Every component, with the `build` hook of those the runtime implements. */
export const components: readonly ComponentSpec[] = declared.map(c => {
    const build = c.build ?? implementations[c.kind]?.[c.name];
    return build ? { ...c, build } : c;
});

export const registry = new Registry(components);

export * from './types.js';
export * from './params.js';
export { Registry, ComponentNotImplementedError, buildComponent } from './registry.js';
