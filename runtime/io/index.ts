// Data readers: CSV tables (typed columns, feature/label selection, one-hot, standardisation).
export * from './csv.js';
