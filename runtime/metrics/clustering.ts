// External clustering metrics: adjusted Rand index, normalised mutual information, purity, and the
// contingency table they share. Plain TypeScript on number arrays; the formulas follow scikit-learn 1.2
// (`adjusted_rand_score`, `normalized_mutual_info_score`, `mutual_info_score`, `entropy`) step by step,
// so the results agree with it to the last few ulps (test/fixtures/reference/metrics, checked to 1e-9).
//
// Labels are integers with any values (negative, sparse, large); a cluster is the set of samples that
// share a value. Unlike scikit-learn, empty input is an error here (scikit-learn returns 1.0 for it).

/** One label per sample. Values are compared as numbers; they must be integers. */
export type Labels = ArrayLike<number>;

export interface Contingency {
    /** Sorted distinct values of the first labelling (the classes): the rows. */
    readonly classes: number[];
    /** Sorted distinct values of the second labelling (the clusters): the columns. */
    readonly clusters: number[];
    /** counts[i * clusters.length + j] = number of samples with class classes[i] and cluster clusters[j]. */
    readonly counts: Int32Array;
    /** Row sums (class sizes). */
    readonly classSizes: Int32Array;
    /** Column sums (cluster sizes). */
    readonly clusterSizes: Int32Array;
    /** Number of samples. */
    readonly n: number;
}

export class ClusteringMetricError extends Error {
    override readonly name = 'ClusteringMetricError';
}

function checkLabels(labelsTrue: Labels, labelsPred: Labels): number {
    const n = labelsTrue.length;
    if (labelsPred.length !== n) {
        throw new ClusteringMetricError(`labellings differ in length: ${n} true labels, ${labelsPred.length} predicted`);
    }
    if (n === 0) throw new ClusteringMetricError('no samples: clustering metrics need at least one labelled sample');
    for (const [which, labels] of [['true', labelsTrue], ['predicted', labelsPred]] as const) {
        for (let i = 0; i < n; i++) {
            const v = labels[i]!;
            if (!Number.isInteger(v)) {
                throw new ClusteringMetricError(`${which} label ${i} is ${v}: labels must be integers`);
            }
        }
    }
    return n;
}

/** Dense codes 0..k-1 in the order of the sorted distinct values (as numpy's `unique(return_inverse)`). */
function encode(labels: Labels): { values: number[]; codes: Int32Array } {
    const n = labels.length;
    const distinct = new Set<number>();
    for (let i = 0; i < n; i++) distinct.add(labels[i]! === 0 ? 0 : labels[i]!); // fold -0 into 0
    const values = [...distinct].sort((a, b) => a - b);
    const index = new Map<number, number>();
    values.forEach((v, i) => index.set(v, i));
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = index.get(labels[i]! === 0 ? 0 : labels[i]!)!;
    return { values, codes };
}

/** Contingency table of two labellings (scikit-learn's `contingency_matrix`: rows are the first labelling). */
export function contingencyTable(labelsTrue: Labels, labelsPred: Labels): Contingency {
    const n = checkLabels(labelsTrue, labelsPred);
    const t = encode(labelsTrue);
    const p = encode(labelsPred);
    const rows = t.values.length;
    const cols = p.values.length;
    const counts = new Int32Array(rows * cols);
    const classSizes = new Int32Array(rows);
    const clusterSizes = new Int32Array(cols);
    for (let s = 0; s < n; s++) {
        const i = t.codes[s]!;
        const j = p.codes[s]!;
        counts[i * cols + j]!++;
        classSizes[i]!++;
        clusterSizes[j]!++;
    }
    return { classes: t.values, clusters: p.values, counts, classSizes, clusterSizes, n };
}

/**
 * Adjusted Rand index (Hubert & Arabie 1985), as scikit-learn's `adjusted_rand_score`: from the pair
 * confusion matrix (ordered pairs), ARI = 2 (tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)),
 * and 1.0 when no pair is split by one labelling and joined by the other (fn = fp = 0: identical
 * partitions, one cluster on both sides, all singletons on both sides, n = 1).
 * Symmetric; 1 for identical partitions, about 0 for independent ones, negative below chance.
 * The products are formed in exact integer arithmetic (BigInt), as scikit-learn does with Python ints.
 */
export function adjustedRandIndex(labelsTrue: Labels, labelsPred: Labels): number {
    const c = contingencyTable(labelsTrue, labelsPred);
    const { tn, fp, fn, tp } = pairConfusion(c);
    if (fn === 0n && fp === 0n) return 1.0;
    const num = tp * tn - fn * fp;
    const den = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
    // Python: 2.0 * int -> float(int) * 2.0, then float / int -> float / float(int). Same roundings here.
    return (2.0 * Number(num)) / Number(den);
}

/** scikit-learn's `pair_confusion_matrix`: counts over ordered pairs of distinct samples. */
export function pairConfusion(c: Contingency): { tn: bigint; fp: bigint; fn: bigint; tp: bigint } {
    // Every count is at most n², exact in a double for n < 9.4e7; the products below need BigInt.
    let sumSquares = 0;
    for (let k = 0; k < c.counts.length; k++) sumSquares += c.counts[k]! * c.counts[k]!;
    let sumRows = 0;
    for (let i = 0; i < c.classSizes.length; i++) sumRows += c.classSizes[i]! * c.classSizes[i]!;
    let sumCols = 0;
    for (let j = 0; j < c.clusterSizes.length; j++) sumCols += c.clusterSizes[j]! * c.clusterSizes[j]!;
    const n = BigInt(c.n);
    const ss = BigInt(sumSquares);
    const tp = ss - n;                      // same class, same cluster
    const fp = BigInt(sumCols) - ss;        // different class, same cluster   (sklearn's C[0, 1])
    const fn = BigInt(sumRows) - ss;        // same class, different cluster   (sklearn's C[1, 0])
    const tn = n * n - fp - fn - ss;
    return { tn, fp, fn, tp };
}

/** Entropy (natural log) of a labelling, as scikit-learn's `entropy`. */
export function entropy(labels: Labels): number {
    if (labels.length === 0) throw new ClusteringMetricError('no samples: the entropy of an empty labelling is undefined');
    const { values, codes } = encode(labels);
    const counts = new Float64Array(values.length);
    for (let i = 0; i < codes.length; i++) counts[codes[i]!]!++;
    return entropyOfCounts(counts);
}

function entropyOfCounts(counts: ArrayLike<number>): number {
    let k = 0;
    let total = 0;
    for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) { k++; total += counts[i]!; }
    if (k === 1) return 0.0;
    const logTotal = Math.log(total);
    let h = 0;
    for (let i = 0; i < counts.length; i++) {
        const c = counts[i]!;
        if (c > 0) h += (c / total) * (Math.log(c) - logTotal);
    }
    return -h;
}

const EPS = 2.220446049250313e-16; // numpy finfo(float64).eps

/** Mutual information (nats) of two labellings, as scikit-learn's `mutual_info_score`. */
export function mutualInformation(labelsTrue: Labels, labelsPred: Labels): number {
    return mutualInfoOf(contingencyTable(labelsTrue, labelsPred));
}

function mutualInfoOf(c: Contingency): number {
    const rows = c.classes.length;
    const cols = c.clusters.length;
    // Any labelling with a single cluster has zero entropy, hence MI = 0.
    if (rows === 1 || cols === 1) return 0.0;
    const total = c.n;
    const logTotal = Math.log(total);
    let mi = 0;
    for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
            const nij = c.counts[i * cols + j]!;
            if (nij === 0) continue;
            // Term by term as scikit-learn writes it (so the roundings match):
            //   p_ij (log n_ij − log N) + p_ij (−log(a_i b_j) + log N + log N)
            const p = nij / total;
            const logOuter = -Math.log(c.classSizes[i]! * c.clusterSizes[j]!) + logTotal + logTotal;
            const term = p * (Math.log(nij) - logTotal) + p * logOuter;
            if (Math.abs(term) >= EPS) mi += term;
        }
    }
    return mi < 0 ? 0 : mi;
}

export type NmiAverage = 'arithmetic' | 'geometric' | 'min' | 'max';

/**
 * Normalised mutual information, scikit-learn's `normalized_mutual_info_score`:
 * NMI = I(U; V) / mean(H(U), H(V)), the mean arithmetic by default (scikit-learn's default since 0.22).
 * 1.0 when both labellings are a single cluster (both entropies 0: a perfect match); 0.0 when the
 * mutual information is 0 otherwise (in particular when exactly one side is a single cluster).
 */
export function normalizedMutualInformation(labelsTrue: Labels, labelsPred: Labels, average: NmiAverage = 'arithmetic'): number {
    const c = contingencyTable(labelsTrue, labelsPred);
    if (c.classes.length === 1 && c.clusters.length === 1) return 1.0;
    const mi = mutualInfoOf(c);
    if (mi === 0) return 0.0;
    const hTrue = entropyOfCounts(c.classSizes);
    const hPred = entropyOfCounts(c.clusterSizes);
    let normaliser: number;
    switch (average) {
        case 'arithmetic': normaliser = (hTrue + hPred) / 2; break; // np.mean([U, V])
        case 'geometric': normaliser = Math.sqrt(hTrue * hPred); break;
        case 'min': normaliser = Math.min(hTrue, hPred); break;
        case 'max': normaliser = Math.max(hTrue, hPred); break;
        default: throw new ClusteringMetricError(`unknown NMI normalisation '${String(average)}': arithmetic, geometric, min or max`);
    }
    return mi / normaliser;
}

/**
 * Purity: the fraction of samples that belong to their cluster's majority class,
 * (1/n) Σ_clusters max_classes n_ij. Not symmetric: the second argument is the clustering.
 * 1 for one cluster per sample; 1/n · (largest class) for a single cluster.
 */
export function purity(labelsTrue: Labels, labelsPred: Labels): number {
    const c = contingencyTable(labelsTrue, labelsPred);
    const rows = c.classes.length;
    const cols = c.clusters.length;
    let sum = 0;
    for (let j = 0; j < cols; j++) {
        let best = 0;
        for (let i = 0; i < rows; i++) best = Math.max(best, c.counts[i * cols + j]!);
        sum += best;
    }
    return sum / c.n;
}

/**
 * Canonical relabelling: clusters numbered 0, 1, 2, … in the order of their first sample. Two
 * labellings describe the same partition exactly when their canonical forms are equal.
 */
export function canonicalLabels(labels: Labels): Int32Array {
    const seen = new Map<number, number>();
    const out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
        const v = labels[i]! === 0 ? 0 : labels[i]!;
        let code = seen.get(v);
        if (code === undefined) { code = seen.size; seen.set(v, code); }
        out[i] = code;
    }
    return out;
}

/** True when the two labellings are the same partition (equal up to renaming the clusters). */
export function samePartition(a: Labels, b: Labels): boolean {
    if (a.length !== b.length) return false;
    const ca = canonicalLabels(a);
    const cb = canonicalLabels(b);
    for (let i = 0; i < ca.length; i++) if (ca[i] !== cb[i]) return false;
    return true;
}
