// Evaluation metrics: external clustering scores, Dasgupta's hierarchy cost, and classification scores.
export * from './clustering.js';
export * from './dasgupta.js';
export * from './classification.js';
