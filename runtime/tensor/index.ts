// Differentiable TensorFlow.js ops for the runtime (float32). Importing this loads TensorFlow.js; select a
// backend first (`runtime/backend`).
export * from './hyphc.js';
