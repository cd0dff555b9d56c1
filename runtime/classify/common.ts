// What the classifiers share: the fitted-model interface, input checks with messages that say what is wrong,
// and the class encoding (sorted distinct codes, as scikit-learn's `classes_`).

/** A trained classifier: predicts a class code for each row of a row-major `rows × dim` matrix. */
export interface FittedClassifier {
    predict(x: Float64Array, rows: number): Int32Array;
}

/** Bad input to a classifier (shapes that disagree, labels that are not class codes, values that are not finite). */
export class ClassifierInputError extends Error {
    override readonly name = 'ClassifierInputError';
}

/** Checks a training set: `x` holds `rows × dim` finite values, `y` one non-negative integer code per row. */
export function checkTraining(what: string, x: Float64Array, rows: number, dim: number, y: Int32Array): void {
    if (!Number.isInteger(rows) || rows < 1) throw new ClassifierInputError(`${what}: the training set needs at least one row, got rows = ${rows}`);
    if (!Number.isInteger(dim) || dim < 1) throw new ClassifierInputError(`${what}: the training set needs at least one feature, got dim = ${dim}`);
    if (x.length !== rows * dim) {
        throw new ClassifierInputError(`${what}: the training matrix holds ${x.length} values, not rows × dim = ${rows} × ${dim} = ${rows * dim}`);
    }
    if (y.length !== rows) throw new ClassifierInputError(`${what}: ${y.length} labels for ${rows} training rows`);
    for (let i = 0; i < rows; i++) {
        if (y[i]! < 0) throw new ClassifierInputError(`${what}: label ${i} is ${y[i]}; class codes must be non-negative`);
    }
    checkFinite(what, 'training', x, dim);
}

/** Checks rows to predict: `x` holds `rows × dim` finite values, `dim` being the training set's. */
export function checkPredict(what: string, x: Float64Array, rows: number, dim: number): void {
    if (!Number.isInteger(rows) || rows < 0) throw new ClassifierInputError(`${what}: cannot predict ${rows} rows`);
    if (x.length !== rows * dim) {
        throw new ClassifierInputError(`${what}: the matrix to predict holds ${x.length} values, not rows × dim = ${rows} × ${dim} = ${rows * dim} `
            + `(the classifier was trained on ${dim} features)`);
    }
    checkFinite(what, 'prediction', x, dim);
}

function checkFinite(what: string, which: string, x: Float64Array, dim: number): void {
    for (let i = 0; i < x.length; i++) {
        if (!Number.isFinite(x[i]!)) {
            throw new ClassifierInputError(`${what}: ${which} row ${Math.floor(i / dim)}, feature ${i % dim} is ${x[i]}; features must be finite`);
        }
    }
}

/** The sorted distinct class codes and, for every row, the index of its class among them. */
export function encodeClasses(y: Int32Array): { classes: Int32Array; index: Int32Array } {
    const classes = Int32Array.from(new Set(y)).sort();
    const position = new Map<number, number>();
    classes.forEach((c, i) => position.set(c, i));
    const index = new Int32Array(y.length);
    for (let i = 0; i < y.length; i++) index[i] = position.get(y[i]!)!;
    return { classes, index };
}

/**
 * The class of each row from raw scores (rows × outputs): with one output, classes[1] where the score is above 0
 * (a log-odds), else the class of the highest score, the first among equals (scikit-learn's argmax).
 */
export function classesFromScores(scores: Float64Array, rows: number, outputs: number, classes: Int32Array): Int32Array {
    const out = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
        if (outputs === 1) { out[r] = classes[scores[r]! > 0 ? 1 : 0]!; continue; }
        let best = 0;
        for (let c = 1; c < outputs; c++) if (scores[r * outputs + c]! > scores[r * outputs + best]!) best = c;
        out[r] = classes[best]!;
    }
    return out;
}

/** A classifier trained on a single class: predicts it for every row (scikit-learn refuses such a training set). */
export class ConstantClassifier implements FittedClassifier {
    constructor(readonly what: string, readonly label: number, readonly dim: number) { }

    predict(x: Float64Array, rows: number): Int32Array {
        checkPredict(this.what, x, rows, this.dim);
        return new Int32Array(rows).fill(this.label);
    }
}
