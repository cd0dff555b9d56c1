// The k-nearest-neighbour vote (the `knn` classifier; the protein paper's 1-NN on embeddings), as scikit-learn's
// KNeighborsClassifier with uniform weights: the k training rows nearest a query (Euclidean, or cosine distance
// 1 − cos) vote, and a tied vote goes to the smallest class code. Rows at equal distance are taken in training
// order (scikit-learn leaves that order to its partial sort).
import { checkPredict, checkTraining, ClassifierInputError, encodeClasses, type FittedClassifier } from './common.js';

export type KnnMetric = 'euclidean' | 'cosine';

export interface KnnOptions {
    readonly k?: number;
    readonly metric?: KnnMetric;
}

export class KnnModel implements FittedClassifier {
    private readonly train: Float64Array;

    constructor(
        readonly classes: Int32Array,
        readonly dim: number,
        readonly k: number,
        readonly metric: KnnMetric,
        x: Float64Array,
        /** Per training row, the index of its class in `classes`. */
        private readonly classIndex: Int32Array,
    ) {
        this.train = metric === 'cosine' ? normalizedRows(x, dim) : x;
    }

    predict(x: Float64Array, rows: number): Int32Array {
        checkPredict('knn', x, rows, this.dim);
        const queries = this.metric === 'cosine' ? normalizedRows(x, this.dim) : x;
        const n = this.classIndex.length, dim = this.dim, k = this.k;
        const out = new Int32Array(rows);
        // the k nearest so far, kept sorted by (distance, row)
        const nearDistance = new Float64Array(k), nearRow = new Int32Array(k);
        const votes = new Int32Array(this.classes.length);
        for (let q = 0; q < rows; q++) {
            let filled = 0;
            for (let i = 0; i < n; i++) {
                let d = 0;
                if (this.metric === 'cosine') {
                    for (let j = 0; j < dim; j++) d += queries[q * dim + j]! * this.train[i * dim + j]!;
                    d = 1 - d;
                } else {
                    for (let j = 0; j < dim; j++) d += (queries[q * dim + j]! - this.train[i * dim + j]!) ** 2;
                }
                if (filled === k && d >= nearDistance[k - 1]!) continue;
                let at = filled < k ? filled++ : k - 1;
                while (at > 0 && nearDistance[at - 1]! > d) { nearDistance[at] = nearDistance[at - 1]!; nearRow[at] = nearRow[at - 1]!; at--; }
                nearDistance[at] = d;
                nearRow[at] = i;
            }
            votes.fill(0);
            for (let m = 0; m < filled; m++) votes[this.classIndex[nearRow[m]!]!]!++;
            let best = 0;
            for (let c = 1; c < votes.length; c++) if (votes[c]! > votes[best]!) best = c;
            out[q] = this.classes[best]!;
        }
        return out;
    }
}

/** Rows scaled to unit length (rows of zeros stay zero, as scikit-learn's cosine distance treats them). */
function normalizedRows(x: Float64Array, dim: number): Float64Array {
    const out = new Float64Array(x.length);
    for (let r = 0; r < x.length / dim; r++) {
        let norm = 0;
        for (let j = 0; j < dim; j++) norm += x[r * dim + j]! ** 2;
        norm = Math.sqrt(norm);
        for (let j = 0; j < dim; j++) out[r * dim + j] = norm > 0 ? x[r * dim + j]! / norm : 0;
    }
    return out;
}

export function fitKnn(x: Float64Array, rows: number, dim: number, y: Int32Array, options: KnnOptions = {}): KnnModel {
    const k = options.k ?? 1, metric = options.metric ?? 'euclidean';
    checkTraining('knn', x, rows, dim, y);
    if (!Number.isInteger(k) || k < 1) throw new ClassifierInputError(`knn: k must be a positive integer, got ${k}`);
    if (k > rows) throw new ClassifierInputError(`knn: k = ${k} neighbours, but the training set has ${rows} row${rows === 1 ? '' : 's'}`);
    const { classes, index } = encodeClasses(y);
    return new KnnModel(classes, dim, k, metric, Float64Array.from(x), index);
}
