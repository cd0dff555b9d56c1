// Dasgupta's cost of a hierarchy (Dasgupta, STOC 2016):
//
//     cost(T; w) = Σ_{i<j} w_ij · |leaves(T[i ∨ j])|
//
// where i ∨ j is the lowest common ancestor of leaves i and j. Similar pairs should meet low in the
// tree, so lower is better. For a binary tree it equals the discrete form of the HypHC objective of the
// paper's eq. (1) (Chami et al. 2020; Wang & Wang 2018):
//
//     cost(T; w) = Σ_{i<j<k} (w_ij + w_ik + w_jk − w_ijk(T)) + 2 Σ_{i<j} w_ij,
//
// with w_ijk(T) the similarity of the pair of the triple that merges first; the paper writes the last
// sum over ordered pairs (Σ_ij w_ij). The paper (similarity learning + hyperbolic HC, GSI 2021) uses the
// cost only through that continuous relaxation and reports ARI / purity / NMI, never the cost itself, so
// it defines no normalisation. `normalizedDasguptaCost` is this project's convention: the cost divided
// by its value for the flat tree (every pair meets at the root), n Σ_{i<j} w_ij, which lies in [2/n, 1]
// for non-negative similarities and compares sets of different sizes.

import type { Dendrogram } from '../cluster/dendrogram.js';

/**
 * Pairwise similarities, in one of three layouts: rows (`w[i][j]`), a flat row-major n × n buffer, or a
 * condensed upper triangle (pairs (0,1), (0,2), …, (n−2, n−1), as SciPy's pdist). Only the upper
 * triangle (i < j) is read.
 */
export type Similarities = ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;

export class DasguptaError extends Error {
    override readonly name = 'DasguptaError';
}

/** Upper-triangle accessor w(i, j), i < j, for any of the layouts. */
function accessor(w: Similarities, n: number): (i: number, j: number) => number {
    const first = n > 0 && w.length > 0 ? (w as ArrayLike<unknown>)[0] : undefined;
    if (w.length === n && (n === 0 || (typeof first === 'object' && first !== null))) {
        const rows = w as ReadonlyArray<ArrayLike<number>>;
        for (let i = 0; i < n; i++) {
            if (rows[i]!.length !== n) throw new DasguptaError(`similarity row ${i} has ${rows[i]!.length} entries for ${n} leaves`);
        }
        return (i, j) => rows[i]![j]!;
    }
    const flat = w as ArrayLike<number>;
    if (flat.length === n * n) return (i, j) => flat[i * n + j]!;
    if (flat.length === (n * (n - 1)) / 2) return (i, j) => flat[n * i - (i * (i + 1)) / 2 + (j - i - 1)]!;
    throw new DasguptaError(`similarities of length ${w.length} fit neither ${n} rows, ${n}×${n} nor the ${(n * (n - 1)) / 2} pairs of ${n} leaves`);
}

/**
 * Dasgupta's cost of the dendrogram. Each merge of clusters A and B adds |A ∪ B| · Σ_{i∈A, j∈B} w_ij, so
 * every pair is visited once: O(n²) time, O(n) extra memory.
 */
export function dasguptaCost(d: Dendrogram, w: Similarities): number {
    const { n, Z } = d;
    const sim = accessor(w, n);
    // Leaves of every live cluster as a linked list (head / tail per cluster id, next per leaf).
    const head = new Int32Array(2 * n - 1).fill(-1);
    const tail = new Int32Array(2 * n - 1).fill(-1);
    const next = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) { head[i] = i; tail[i] = i; }
    let cost = 0;
    for (let k = 0; k < n - 1; k++) {
        const a = Z[4 * k]!;
        const b = Z[4 * k + 1]!;
        const size = Z[4 * k + 3]!;
        let cross = 0;
        for (let i = head[a]!; i !== -1; i = next[i]!) {
            for (let j = head[b]!; j !== -1; j = next[j]!) {
                const v = i < j ? sim(i, j) : sim(j, i);
                if (!Number.isFinite(v)) throw new DasguptaError(`similarity of leaves ${Math.min(i, j)} and ${Math.max(i, j)} is ${v}`);
                cross += v;
            }
        }
        cost += size * cross;
        const id = n + k;
        head[id] = head[a]!;
        next[tail[a]!] = head[b]!;
        tail[id] = tail[b]!;
    }
    return cost;
}

/**
 * Dasgupta's cost divided by that of the flat tree, n · Σ_{i<j} w_ij (a project convention: the paper
 * defines none). In [2/n, 1] for non-negative similarities; an error when the similarities sum to 0.
 */
export function normalizedDasguptaCost(d: Dendrogram, w: Similarities): number {
    const { n } = d;
    const sim = accessor(w, n);
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) total += sim(i, j);
    if (!(total !== 0 && Number.isFinite(total))) {
        throw new DasguptaError(`the similarities sum to ${total}: the normalised cost n·Σw is undefined`);
    }
    return dasguptaCost(d, w) / (n * total);
}

/**
 * |leaves(i ∨ j)| for every pair, condensed (pairs (0,1), (0,2), …). O(n²) memory; `dasguptaCost`
 * does not need it.
 */
export function lcaLeafCounts(d: Dendrogram): Float64Array {
    const { n, Z } = d;
    const out = new Float64Array((n * (n - 1)) / 2);
    const head = new Int32Array(2 * n - 1).fill(-1);
    const tail = new Int32Array(2 * n - 1).fill(-1);
    const next = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) { head[i] = i; tail[i] = i; }
    for (let k = 0; k < n - 1; k++) {
        const a = Z[4 * k]!;
        const b = Z[4 * k + 1]!;
        const size = Z[4 * k + 3]!;
        for (let i = head[a]!; i !== -1; i = next[i]!) {
            for (let j = head[b]!; j !== -1; j = next[j]!) {
                const [p, q] = i < j ? [i, j] : [j, i];
                out[n * p - (p * (p + 1)) / 2 + (q - p - 1)] = size;
            }
        }
        const id = n + k;
        head[id] = head[a]!;
        next[tail[a]!] = head[b]!;
        tail[id] = tail[b]!;
    }
    return out;
}

/**
 * The registry's ground-truth similarity for the `dasgupta` metric: w_ij = 1 when i and j share a
 * class, 0 otherwise; condensed.
 */
export function sameClassSimilarity(labels: ArrayLike<number>): Float64Array {
    const n = labels.length;
    const out = new Float64Array((n * (n - 1)) / 2);
    let k = 0;
    for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) out[k++] = labels[i] === labels[j] ? 1 : 0;
    return out;
}
