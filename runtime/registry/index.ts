// The registry of every component a spec can name. Metadata only: no TensorFlow.js here.
import { layers } from './layers.js';
import { hyphc } from './objectives/hyphc.js';
import { Registry } from './registry.js';
import { sources } from './sources.js';
import type { ComponentSpec } from './types.js';

export const components: readonly ComponentSpec[] = [
    ...sources,
    ...layers,
    hyphc,
];

export const registry = new Registry(components);

export * from './types.js';
export * from './params.js';
export { Registry, ComponentNotImplementedError, buildComponent } from './registry.js';
