// Seeded random numbers for the runtime: MT19937 with NumPy-`RandomState`-compatible draws, and
// deterministic per-purpose streams derived from one experiment seed. See `random.ts`.
export { MT19937 } from './mt19937.js';
export { deriveKey, Random, type StreamLabel } from './random.js';
