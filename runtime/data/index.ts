// Synthetic data: scikit-learn's point-set generators and the HypHC paper's families of point sets.
export * from './pointsets.js';
