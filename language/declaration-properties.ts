// Block properties of the declarations that are not headed by a registry component live in the registry
// (`runtime/registry/declarations.ts`), so that the runner reads the same defaults.
export { BACKENDS, experimentProperties, sweepProperties, trainProperties } from '../runtime/registry/declarations.js';

/** Where a declaration of each kind may be referenced. */
export const declarationKinds = {
    Dataset: 'dataset', Model: 'model', Objective: 'objective', Evaluate: 'evaluation', Sweep: 'sweep',
} as const;
