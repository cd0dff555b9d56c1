// Evaluation metrics: external clustering scores and Dasgupta's hierarchy cost.
export * from './clustering.js';
export * from './dasgupta.js';
