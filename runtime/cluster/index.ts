// Hierarchical clustering: SciPy-compatible dendrograms, flat cuts, exports, and linkage baselines.
export * from './dendrogram.js';
export * from './linkage.js';
