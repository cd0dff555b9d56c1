// Classification metrics beyond accuracy: precision, recall and F1 with scikit-learn's averages, the error
// rate and count, and ROC-AUC (binary, and one-vs-rest or one-vs-one for several classes), for CoLES's
// downstream table and the protein paper's. Definitions follow scikit-learn (`precision_recall_fscore_support`,
// `roc_auc_score`), including its choices where a score is undefined (a class never predicted: precision 0).
//
// Labels are class codes; `classes` is every class of the task in order (scikit-learn takes the union of the
// true and predicted labels; so do these functions when `classes` is left out).

export type Average = 'auto' | 'binary' | 'macro' | 'micro' | 'weighted';

export class MetricInputError extends Error {
    override name = 'MetricInputError';
}

function checkLengths(what: string, truth: ArrayLike<number>, other: ArrayLike<number>, otherName: string): void {
    if (truth.length !== other.length) throw new MetricInputError(`${what}: ${truth.length} true labels but ${other.length} ${otherName}`);
    if (truth.length === 0) throw new MetricInputError(`${what}: no samples to score`);
}

function classesOf(...labels: ArrayLike<number>[]): number[] {
    const set = new Set<number>();
    for (const l of labels) for (let i = 0; i < l.length; i++) set.add(l[i]!);
    return [...set].sort((a, b) => a - b);
}

/** Per class: true positives, predicted count, true count. */
function confusionCounts(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: readonly number[]) {
    const index = new Map(classes.map((c, i) => [c, i]));
    const tp = new Float64Array(classes.length), predictedCount = new Float64Array(classes.length), trueCount = new Float64Array(classes.length);
    for (let i = 0; i < truth.length; i++) {
        const t = index.get(truth[i]!), p = index.get(predicted[i]!);
        if (t !== undefined) trueCount[t]!++;
        if (p !== undefined) predictedCount[p]!++;
        if (t !== undefined && t === p) tp[t]!++;
    }
    return { tp, predictedCount, trueCount };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

type Score = 'precision' | 'recall' | 'f1';

function perClass(score: Score, tp: number, predicted: number, actual: number): number {
    const precision = ratio(tp, predicted), recall = ratio(tp, actual);
    if (score === 'precision') return precision;
    if (score === 'recall') return recall;
    return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function averaged(score: Score, truth: ArrayLike<number>, predicted: ArrayLike<number>, average: Average, classes?: readonly number[]): number {
    checkLengths(score, truth, predicted, 'predictions');
    const all = classes ?? classesOf(truth, predicted);
    const mode = average === 'auto' ? (all.length <= 2 ? 'binary' : 'macro') : average;
    const { tp, predictedCount, trueCount } = confusionCounts(truth, predicted, all);
    if (mode === 'binary') {
        if (all.length > 2) throw new MetricInputError(`${score}: average 'binary' needs two classes, the labels have ${all.length}`);
        // the positive class is the larger code (scikit-learn's pos_label = 1 for labels 0 and 1)
        const p = all.length - 1;
        return perClass(score, tp[p]!, predictedCount[p]!, trueCount[p]!);
    }
    if (mode === 'micro') {
        const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
        return perClass(score, sum(tp), sum(predictedCount), sum(trueCount));
    }
    let total = 0, weights = 0;
    for (let c = 0; c < all.length; c++) {
        const w = mode === 'weighted' ? trueCount[c]! : 1;
        total += w * perClass(score, tp[c]!, predictedCount[c]!, trueCount[c]!);
        weights += w;
    }
    return ratio(total, weights);
}

export const precision = (truth: ArrayLike<number>, predicted: ArrayLike<number>, average: Average = 'auto', classes?: readonly number[]) =>
    averaged('precision', truth, predicted, average, classes);
export const recall = (truth: ArrayLike<number>, predicted: ArrayLike<number>, average: Average = 'auto', classes?: readonly number[]) =>
    averaged('recall', truth, predicted, average, classes);
export const f1 = (truth: ArrayLike<number>, predicted: ArrayLike<number>, average: Average = 'auto', classes?: readonly number[]) =>
    averaged('f1', truth, predicted, average, classes);
/** F1 averaged over classes weighted by their size (the protein paper's summary). */
export const f1Weighted = (truth: ArrayLike<number>, predicted: ArrayLike<number>, classes?: readonly number[]) =>
    averaged('f1', truth, predicted, 'weighted', classes);

/** Number of wrong predictions. */
export function errors(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
    checkLengths('errors', truth, predicted, 'predictions');
    let wrong = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] !== predicted[i]) wrong++;
    return wrong;
}

/** Fraction of wrong predictions. */
export function errorRate(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
    return errors(truth, predicted) / truth.length;
}

/**
 * Area under the ROC curve of scores for one positive class: the Mann–Whitney statistic with tied scores
 * counted one half, which equals the trapezoidal area under the curve scikit-learn integrates.
 */
export function binaryAuc(positive: ArrayLike<boolean>, scores: ArrayLike<number>): number {
    const n = scores.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
    let positives = 0, rankSum = 0;
    for (let start = 0; start < n;) {
        let end = start;
        while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
        const midRank = (start + end) / 2 + 1;   // 1-based average rank of the tie group
        for (let k = start; k <= end; k++) if (positive[order[k]!]) { positives++; rankSum += midRank; }
        start = end + 1;
    }
    const negatives = n - positives;
    if (positives === 0 || negatives === 0) {
        throw new MetricInputError(`rocAuc: only one class present (${positives} positive, ${negatives} negative samples): the area is undefined`);
    }
    return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * ROC-AUC. Two classes: `scores` holds one score per sample, for the larger class code. Several classes:
 * `scores` is [samples × classes] row-major (column j for classes[j]); `ovr` averages each class against
 * the rest, `ovo` every pair (Hand & Till: the mean of AUC(j | k) and AUC(k | j) on the two classes' samples),
 * both unweighted (scikit-learn's average='macro').
 */
export function rocAuc(truth: ArrayLike<number>, scores: ArrayLike<number>, classes: readonly number[], multiClass: 'ovr' | 'ovo' = 'ovr'): number {
    const n = truth.length;
    if (n === 0) throw new MetricInputError('rocAuc: no samples to score');
    if (classes.length < 2) throw new MetricInputError(`rocAuc: needs at least two classes, got ${classes.length}`);
    const known = new Set(classes);
    for (let i = 0; i < n; i++) if (!known.has(truth[i]!)) throw new MetricInputError(`rocAuc: sample ${i} has class ${truth[i]}, which is not one of the ${classes.length} classes scored`);
    if (classes.length === 2) {
        if (scores.length !== n) throw new MetricInputError(`rocAuc: ${n} true labels but ${scores.length} scores (two classes: one score per sample)`);
        return binaryAuc(Array.from(truth, t => t === classes[1]), scores);
    }
    const k = classes.length;
    if (scores.length !== n * k) throw new MetricInputError(`rocAuc: ${n} samples × ${k} classes needs ${n * k} scores, got ${scores.length}`);
    const column = (j: number, rows: readonly number[]) => rows.map(i => scores[i * k + j]!);
    const everyone = Array.from({ length: n }, (_, i) => i);
    if (multiClass === 'ovr') {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += binaryAuc(Array.from(truth, t => t === classes[j]), column(j, everyone));
        return sum / k;
    }
    let sum = 0, pairs = 0;
    for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
            const rows = everyone.filter(i => truth[i] === classes[a] || truth[i] === classes[b]);
            const aucA = binaryAuc(rows.map(i => truth[i] === classes[a]), column(a, rows));
            const aucB = binaryAuc(rows.map(i => truth[i] === classes[b]), column(b, rows));
            sum += (aucA + aucB) / 2;
            pairs++;
        }
    }
    return sum / pairs;
}
