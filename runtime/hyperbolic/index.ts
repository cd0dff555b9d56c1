// Poincaré-ball geometry, the hyperbolic LCA, the HypHC loss and dendrogram decoding (float64 reference).
export * from './poincare.js';
