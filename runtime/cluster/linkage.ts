// Agglomerative (hierarchical) clustering with single, complete, average and Ward linkage: a port of
// SciPy 1.10's `scipy.cluster.hierarchy.linkage` for Euclidean points.
//
// The algorithms are SciPy's, step for step:
//   single                    Prim's minimum spanning tree (`mst_single_linkage`) on the condensed
//                             distances, O(n²) time;
//   complete, average, ward   the nearest-neighbour chain (`nn_chain`), O(n²) time for these reducible
//                             linkages, with the Lance–Williams updates written with SciPy's operations,
//                             on a full n × n copy (contiguous row scans; same values);
// then the merges are stably sorted by height and relabelled with a union-find (`label`), so cluster ids
// and the column order (smaller id first) are SciPy's. Memory is O(n²): at most n(n − 1)/2 + n² doubles
// (2.1 MB at n = 300). The heights on the fixtures are bit-identical to SciPy 1.10.1's.
//
// Ties. Because the scans, the comparisons (strict <, first index wins, the previous chain element
// preferred) and the floating-point operations are the same as SciPy's, equal distances are broken the
// same way: the fixtures include integer grids full of exact ties and the merges match SciPy's exactly.
// What can differ is only the input: distances that differ in the last bit from SciPy's (another
// distance formula, another summation order) can reorder merges whose heights are within an ulp.

import { type Dendrogram, DendrogramError, labelLeafMerges } from './dendrogram.js';

export type LinkageMethod = 'single' | 'complete' | 'average' | 'ward';
export const LINKAGE_METHODS: readonly LinkageMethod[] = ['single', 'complete', 'average', 'ward'];

/** Points as rows (`number[][]`), or one row-major buffer with its shape. */
export type Points = ReadonlyArray<ArrayLike<number>> | { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number };

function shape(points: Points): { n: number; dim: number; at: (i: number, c: number) => number } {
    if ('data' in points && 'rows' in points) {
        const { data, rows, cols } = points;
        if (data.length !== rows * cols) throw new DendrogramError(`point buffer holds ${data.length} values, not ${rows} × ${cols}`);
        return { n: rows, dim: cols, at: (i, c) => data[i * cols + c]! };
    }
    const rows = points as ReadonlyArray<ArrayLike<number>>;
    const dim = rows.length > 0 ? rows[0]!.length : 0;
    for (let i = 0; i < rows.length; i++) {
        if (rows[i]!.length !== dim) throw new DendrogramError(`point ${i} has ${rows[i]!.length} coordinates, point 0 has ${dim}`);
    }
    return { n: rows.length, dim, at: (i, c) => rows[i]![c]! };
}

/** Index of pair (i, j), i ≠ j, in a condensed matrix of n points (SciPy's `condensed_index`). */
export function condensedIndex(n: number, i: number, j: number): number {
    if (i > j) [i, j] = [j, i];
    return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Condensed Euclidean distances (SciPy's `pdist(X)`: pairs (0,1), (0,2), …, (n−2, n−1)). */
export function pdist(points: Points): Float64Array {
    const { n, dim, at } = shape(points);
    // Copy into one buffer first: fast inner loop, and one place to reject NaN / ±Infinity.
    const X = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) {
        for (let c = 0; c < dim; c++) {
            const v = at(i, c);
            if (!Number.isFinite(v)) throw new DendrogramError(`point ${i}, coordinate ${c} is ${v}: coordinates must be finite`);
            X[i * dim + c] = v;
        }
    }
    const out = new Float64Array((n * (n - 1)) / 2);
    let k = 0;
    if (dim === 2) {
        // The common case (2-D embeddings), unrolled; (0 + a²) + b² is a² + b², so the values are the same.
        for (let i = 0; i < n - 1; i++) {
            const xi = X[2 * i]!;
            const yi = X[2 * i + 1]!;
            for (let j = i + 1; j < n; j++) {
                const dx = xi - X[2 * j]!;
                const dy = yi - X[2 * j + 1]!;
                out[k++] = Math.sqrt(dx * dx + dy * dy);
            }
        }
        return out;
    }
    for (let i = 0; i < n - 1; i++) {
        const oi = i * dim;
        for (let j = i + 1; j < n; j++) {
            const oj = j * dim;
            let s = 0;
            for (let c = 0; c < dim; c++) {
                const diff = X[oi + c]! - X[oj + c]!;
                s += diff * diff; // summed in coordinate order, as SciPy's pdist
            }
            out[k++] = Math.sqrt(s);
        }
    }
    return out;
}

/** Number of points of a condensed matrix of the given length. */
export function pointsOfCondensed(length: number): number {
    const n = Math.round((1 + Math.sqrt(1 + 8 * length)) / 2);
    if ((n * (n - 1)) / 2 !== length) throw new DendrogramError(`${length} is not the length of a condensed distance matrix (n(n − 1)/2)`);
    return n;
}

/**
 * SciPy's `linkage(X, method)` on raw points with Euclidean distances. At least one point; one point
 * gives the empty dendrogram (SciPy refuses it).
 */
export function linkage(points: Points, method: LinkageMethod): Dendrogram {
    const { n } = shape(points);
    if (n === 0) throw new DendrogramError('no points to cluster');
    return linkageFromDistances(pdist(points), method, n);
}

/**
 * SciPy's `linkage(y, method)` on a condensed distance matrix (finite, non-negative). Ward is only
 * meaningful for Euclidean distances, as in SciPy.
 */
export function linkageFromDistances(condensed: ArrayLike<number>, method: LinkageMethod, n: number = pointsOfCondensed(condensed.length)): Dendrogram {
    if (!LINKAGE_METHODS.includes(method)) {
        throw new DendrogramError(`unknown linkage method '${String(method)}': ${LINKAGE_METHODS.join(', ')}`);
    }
    if (!Number.isInteger(n) || n < 1 || condensed.length !== (n * (n - 1)) / 2) {
        throw new DendrogramError(`a condensed matrix of ${n} points has ${(n * (n - 1)) / 2} entries, not ${condensed.length}`);
    }
    // Not Float64Array.from: on a typed array it goes through the iterator, ~10× slower than set().
    const D = new Float64Array(condensed.length);
    D.set(condensed);
    for (let k = 0; k < D.length; k++) {
        if (!(D[k]! >= 0) || D[k] === Infinity) throw new DendrogramError(`distance ${k} is ${D[k]}: distances must be finite and ≥ 0`);
    }
    if (n === 1) return { n, Z: new Float64Array(0) };
    const Z = method === 'single' ? mstSingleLinkage(D, n) : nnChain(D, n, method);
    // Stable sort by height (numpy's argsort(kind='mergesort')), then SciPy's `label`.
    labelLeafMerges(Z, n, true);
    return { n, Z };
}

// rowStart[i] + j is the condensed index of (i, j) for i < j.
function rowStarts(n: number): Int32Array {
    // Int32: typed-array indices must stay small integers for V8's fast path (n ≤ 65 535 here).
    if (n > 65535) throw new DendrogramError(`${n} points: the condensed matrix would hold more than 2^31 distances`);
    const s = new Int32Array(n);
    for (let i = 0; i < n; i++) s[i] = n * i - (i * (i + 1)) / 2 - i - 1;
    return s;
}

/** SciPy's `mst_single_linkage`: Prim's algorithm from point 0; rows are MST edges (x, y, d). */
function mstSingleLinkage(dists: Float64Array, n: number): Float64Array {
    const Z = new Float64Array(4 * (n - 1));
    const rs = rowStarts(n);
    const D = new Float64Array(n).fill(Infinity);
    // The points not yet in the tree, in increasing order: the same scan as SciPy's loop over all i
    // with `if merged[i]: continue`, without the unpredictable branch.
    const rest = new Int32Array(n);
    let restLength = 0;
    let x = 0;
    let y = 0;
    for (let i = 1; i < n; i++) rest[restLength++] = i;
    for (let k = 0; k < n - 1; k++) {
        let currentMin = Infinity;
        let at = -1;
        const row = rs[x]!;
        for (let r = 0; r < restLength; r++) {
            const i = rest[r]!;
            const dist = dists[i < x ? rs[i]! + x : row + i]!;
            let di = D[i]!;
            if (di > dist) { di = dist; D[i] = dist; }
            if (di < currentMin) { y = i; at = r; currentMin = di; }
        }
        Z[4 * k] = x;
        Z[4 * k + 1] = y;
        Z[4 * k + 2] = currentMin;
        rest.copyWithin(at, at + 1, restLength--);
        x = y;
    }
    return Z;
}

/**
 * SciPy's `nn_chain`. Clusters live in the slots 0..n−1; merging x < y empties slot x and puts the new
 * cluster in slot y, so slot s always holds leaf s. Rows record the slots (x, y), the height and the
 * size; `labelLeafMerges` turns them into cluster ids.
 */
function nnChain(condensed: Float64Array, n: number, method: Exclude<LinkageMethod, 'single'>): Float64Array {
    const Z = new Float64Array(4 * (n - 1));
    // A full symmetric n × n copy: every scan below reads one contiguous row (about twice as fast as
    // the condensed layout's strided columns); updates write both halves, so values stay SciPy's.
    const D = new Float64Array(n * n);
    for (let i = 0, k = 0; i < n - 1; i++) {
        for (let j = i + 1; j < n; j++, k++) {
            D[i * n + j] = condensed[k]!;
            D[j * n + i] = condensed[k]!;
        }
    }
    const size = new Int32Array(n).fill(1);
    // The live slots in increasing order: scanning them is SciPy's loop over all slots with
    // `if size[i] == 0: continue`, in the same order, without visiting the emptied ones.
    const live = new Int32Array(n);
    for (let i = 0; i < n; i++) live[i] = i;
    let liveLength = n;
    const chain = new Int32Array(n);
    let chainLength = 0;
    let x = 0;
    let y = 0;
    for (let k = 0; k < n - 1; k++) {
        if (chainLength === 0) {
            chainLength = 1;
            chain[0] = live[0]!; // the first non-empty slot
        }
        // Follow nearest neighbours until two clusters are each other's nearest.
        let currentMin: number;
        for (;;) {
            x = chain[chainLength - 1]!;
            const row = x * n;
            // Prefer the previous element of the chain as the minimum, to avoid cycles among ties.
            if (chainLength > 1) {
                y = chain[chainLength - 2]!;
                currentMin = D[row + y]!;
            } else {
                currentMin = Infinity;
            }
            for (let r = 0; r < liveLength; r++) {
                const i = live[r]!;
                if (x === i) continue;
                const dist = D[row + i]!;
                if (dist < currentMin) {
                    currentMin = dist;
                    y = i;
                }
            }
            if (chainLength > 1 && y === chain[chainLength - 2]) break;
            chain[chainLength++] = y;
        }
        chainLength -= 2;
        if (x > y) [x, y] = [y, x]; // fastcluster's convention: the new cluster takes the larger slot
        const nx = size[x]!;
        const ny = size[y]!;
        Z[4 * k] = x;
        Z[4 * k + 1] = y;
        Z[4 * k + 2] = currentMin;
        Z[4 * k + 3] = nx + ny;
        size[x] = 0;
        size[y] = nx + ny;
        let at = 0;
        while (live[at] !== x) at++;
        live.copyWithin(at, at + 1, liveLength--);
        // Lance–Williams update of the distances to the new cluster (slot y), with SciPy's operations in
        // SciPy's order, so the results are bit-identical.
        const rx = x * n;
        const ry = y * n;
        for (let r = 0; r < liveLength; r++) {
            const i = live[r]!;
            if (i === y) continue;
            const ni = size[i]!;
            const dxi = D[rx + i]!;
            const dyi = D[ry + i]!;
            let v: number;
            if (method === 'complete') {
                v = dxi > dyi ? dxi : dyi;
            } else if (method === 'average') {
                v = (nx * dxi + ny * dyi) / (nx + ny);
            } else {
                const t = 1.0 / (nx + ny + ni);
                v = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * currentMin * currentMin);
            }
            D[ry + i] = v;
            D[i * n + y] = v;
        }
    }
    return Z;
}
