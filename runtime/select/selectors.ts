// The non-neural query selectors of the active-learning protocol (methods.md §1): m of the candidate rows
// to label.
//
//   randomSelection    m distinct rows uniformly at random (NumPy's `choice(rows, m, replace=False)`:
//                      the first m of a Fisher–Yates permutation);
//   kmeansSelection    K-means (scikit-learn's `KMeans(n_clusters=k, n_init=10)`, `./kmeans.ts`) with
//                      k = m by default, then for each centre the candidate nearest to it. The picks are
//                      distinct: centres take turns in index order (round-robin), and each takes its
//                      nearest candidate not taken yet (so when two centres share a nearest candidate the
//                      later one gets its next nearest); with k < m the rounds go on, nearest first, until
//                      m are taken; with k > m the first round stops after m centres (the first m in
//                      index order, which is k-means++'s seeding order). Distances are Σ (x − c)² in
//                      float64, equal ones by lower row index.
//
// scripts/reference/active_learning.py computes the same selections with scikit-learn for the baselines.

import { Random } from '../random/random.js';
import { kmeans, KMeansError } from './kmeans.js';

/** m distinct row indices of 0 … rows − 1, uniformly at random, in draw order. */
export function randomSelection(rows: number, m: number, random: Random): Int32Array {
    if (!Number.isInteger(rows) || rows < 1) throw new KMeansError(`randomSelection: rows must be a positive integer, got ${rows}`);
    if (!Number.isInteger(m) || m < 1 || m > rows) throw new KMeansError(`randomSelection: m must be an integer in 1 … ${rows}, got ${m}`);
    return random.choice(rows, m);
}

/**
 * m distinct candidate rows nearest to the centres of a K-means clustering with k clusters (default m,
 * 1 ≤ k ≤ rows), in the order they are taken (round 1: centre 0, 1, …; then round 2, …).
 */
export function kmeansSelection(x: Float64Array, rows: number, dim: number, m: number, random: Random, k?: number): Int32Array {
    if (!Number.isInteger(m) || m < 1 || m > rows) throw new KMeansError(`kmeansSelection: m must be an integer in 1 … ${rows} (the candidates), got ${m}`);
    const clusters = k ?? m;
    if (!Number.isInteger(clusters) || clusters < 1 || clusters > rows) throw new KMeansError(`kmeansSelection: k must be an integer in 1 … ${rows} (the candidates), got ${clusters}`);
    const { centers } = kmeans(x, rows, dim, clusters, random, { nInit: 10 });
    return nearestToCentres(x, rows, dim, centers, clusters, m);
}

/**
 * The m distinct rows that the centres take in turns, each its nearest row not taken yet (see above).
 * Exported for tests and for selectors that bring their own centres.
 */
export function nearestToCentres(x: Float64Array, rows: number, dim: number, centers: Float64Array, k: number, m: number): Int32Array {
    if (x.length !== rows * dim) throw new KMeansError(`nearestToCentres: the buffer holds ${x.length} values, not ${rows} × ${dim}`);
    if (centers.length !== k * dim) throw new KMeansError(`nearestToCentres: ${centers.length} centre values, not ${k} × ${dim}`);
    if (!Number.isInteger(m) || m < 1 || m > rows) throw new KMeansError(`nearestToCentres: m must be an integer in 1 … ${rows}, got ${m}`);
    const dist = new Float64Array(rows);
    // Per centre, its rows nearest first; computed lazily in growing prefixes (partial selection).
    const orders: Int32Array[] = [];
    const cursor = new Int32Array(k);
    const distances: Float64Array[] = [];
    const taken = new Uint8Array(rows);
    const out = new Int32Array(m);
    let count = 0;
    const initial = Math.min(rows, Math.ceil(m / k) + 8);
    for (let j = 0; j < k; j++) {
        const q = j * dim;
        for (let i = 0; i < rows; i++) {
            let s = 0;
            for (let c = 0, o = i * dim; c < dim; c++) { const e = x[o + c]! - centers[q + c]!; s += e * e; }
            dist[i] = s;
        }
        distances.push(dist.slice());
        orders.push(nearestPrefix(distances[j]!, initial));
    }
    while (count < m) {
        for (let j = 0; j < k && count < m; j++) {
            for (;;) {
                if (cursor[j]! >= orders[j]!.length) orders[j] = nearestPrefix(distances[j]!, Math.min(rows, 2 * orders[j]!.length));
                const i = orders[j]![cursor[j]!++]!;
                if (!taken[i]) {
                    taken[i] = 1;
                    out[count++] = i;
                    break;
                }
            }
        }
    }
    return out;
}

/** The indices of the `count` smallest values, ascending (ties: lower index), by a bounded max-heap. */
function nearestPrefix(values: Float64Array, count: number): Int32Array {
    const n = values.length;
    const heap = new Int32Array(count);
    let size = 0;
    const worse = (a: number, b: number) => values[a]! > values[b]! || (values[a] === values[b] && a > b);
    for (let i = 0; i < n; i++) {
        if (size < count) {
            let p = size++;
            while (p > 0) {
                const parent = (p - 1) >> 1;
                if (!worse(i, heap[parent]!)) break;
                heap[p] = heap[parent]!;
                p = parent;
            }
            heap[p] = i;
        } else if (worse(heap[0]!, i)) {
            let p = 0;
            for (;;) {
                const l = 2 * p + 1;
                if (l >= count) break;
                let c = l;
                if (l + 1 < count && worse(heap[l + 1]!, heap[l]!)) c = l + 1;
                if (!worse(heap[c]!, i)) break;
                heap[p] = heap[c]!;
                p = c;
            }
            heap[p] = i;
        }
    }
    return Int32Array.from(heap.subarray(0, size)).sort((a, b) => values[a]! - values[b]! || a - b);
}
