// The k-nearest-neighbour graph of a point set, as scikit-learn 1.2's
// `kneighbors_graph(X, k, mode='connectivity', include_self=False)` builds it (Euclidean distance):
// row i has a 1 in the columns of the k points nearest to point i, point i itself excluded.
//
// `knnIndices` returns the neighbours themselves (rows × k, nearest first, equal distances by lower index),
// `knnAdjacency` the dense 0/1 matrix (optionally symmetrised, max(A, Aᵀ), the usual undirected k-NN graph).
//
// Computation: squared distances Σ (xᵢ − xⱼ)² in float64 (Float32 input is widened), exactly symmetric, so
// each pair is computed once, in blocks of rows × columns that stay in cache; every row keeps its k best
// (distance, index) pairs in a bounded max-heap (partial selection: a pair is looked at twice, with one
// comparison each, and only the few that beat the current k-th best cost a heap update). The k found are
// sorted at the end. 10,000 points × 16 features with k = 10 take 1.5–3 s on a busy 2-core machine.
//
// Ties. scikit-learn does not define an order between equal distances (it depends on its algorithm: brute
// force sorts with `argpartition`, the trees in their traversal order); here the lower index wins. The
// fixtures in test/fixtures/reference/active-learning are tie-free, so the graphs agree exactly.

export class KnnGraphError extends Error {
    override readonly name = 'KnnGraphError';
}

const ROW_BLOCK = 64;
const COL_BLOCK = 512;

/** The k nearest other points of every point: rows × k indices, row-major, nearest first (ties: lower index). */
export function knnIndices(x: Float32Array | Float64Array, rows: number, dim: number, k: number): Int32Array {
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(dim) || dim < 1) throw new KnnGraphError(`knnIndices: needs rows ≥ 1 and dim ≥ 1, got ${rows} × ${dim}`);
    if (x.length !== rows * dim) throw new KnnGraphError(`knnIndices: the buffer holds ${x.length} values, not ${rows} × ${dim}`);
    if (!Number.isInteger(k) || k < 1 || k > rows - 1) throw new KnnGraphError(`knnIndices: k must be an integer in 1 … ${rows - 1} (rows − 1), got ${k}`);
    const X = x instanceof Float64Array ? x : Float64Array.from(x);
    for (let i = 0; i < X.length; i++) {
        if (!Number.isFinite(X[i]!)) throw new KnnGraphError(`knnIndices: row ${Math.floor(i / dim)}, column ${i % dim} is ${X[i]}: values must be finite`);
    }

    // Per row a max-heap of its k best so far, by (distance, index); `worst` mirrors each heap's root.
    const heapDist = new Float64Array(rows * k).fill(Infinity);
    const heapIdx = new Int32Array(rows * k).fill(0x7fffffff);
    const worst = new Float64Array(rows).fill(Infinity);
    const worstIdx = new Int32Array(rows).fill(0x7fffffff);

    const push = (i: number, d: number, j: number): void => {
        // (d, j) beats the root: replace the root and sift it down.
        const base = i * k;
        let p = 0;
        for (;;) {
            const l = 2 * p + 1;
            if (l >= k) break;
            const r = l + 1;
            let c = l;
            if (r < k && (heapDist[base + r]! > heapDist[base + l]! || (heapDist[base + r] === heapDist[base + l] && heapIdx[base + r]! > heapIdx[base + l]!))) c = r;
            const cd = heapDist[base + c]!, ci = heapIdx[base + c]!;
            if (cd > d || (cd === d && ci > j)) {
                heapDist[base + p] = cd;
                heapIdx[base + p] = ci;
                p = c;
            } else break;
        }
        heapDist[base + p] = d;
        heapIdx[base + p] = j;
        worst[i] = heapDist[base]!;
        worstIdx[i] = heapIdx[base]!;
    };

    const block = new Float64Array(ROW_BLOCK * COL_BLOCK);
    for (let i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
        const i1 = Math.min(i0 + ROW_BLOCK, rows);
        for (let j0 = i0; j0 < rows; j0 += COL_BLOCK) {
            const j1 = Math.min(j0 + COL_BLOCK, rows);
            const width = j1 - j0;
            // Distances of the block; pairs with j ≤ i are left out (each pair once).
            for (let i = i0; i < i1; i++) {
                const o = i * dim, row = (i - i0) * width;
                for (let j = Math.max(j0, i + 1); j < j1; j++) {
                    const q = j * dim;
                    let s = 0;
                    for (let c = 0; c < dim; c++) { const e = X[o + c]! - X[q + c]!; s += e * e; }
                    block[row + j - j0] = s;
                }
            }
            // Offer each pair to both rows.
            for (let i = i0; i < i1; i++) {
                const row = (i - i0) * width;
                for (let j = Math.max(j0, i + 1); j < j1; j++) {
                    const d = block[row + j - j0]!;
                    if (d < worst[i]! || (d === worst[i] && j < worstIdx[i]!)) push(i, d, j);
                    if (d < worst[j]! || (d === worst[j] && i < worstIdx[j]!)) push(j, d, i);
                }
            }
        }
    }

    // Sort each row's k neighbours by (distance, index).
    const out = new Int32Array(rows * k);
    const order = new Array<number>(k);
    for (let i = 0; i < rows; i++) {
        const base = i * k;
        for (let t = 0; t < k; t++) order[t] = t;
        order.sort((a, b) => heapDist[base + a]! - heapDist[base + b]! || heapIdx[base + a]! - heapIdx[base + b]!);
        for (let t = 0; t < k; t++) out[base + t] = heapIdx[base + order[t]!]!;
    }
    return out;
}

/**
 * The dense rows × rows adjacency (row-major Float32Array): A[i, j] = 1 when j is among i's k neighbours
 * (`indices` as `knnIndices` returns them), else 0; with `symmetric`, max(A, Aᵀ).
 */
export function knnAdjacency(indices: Int32Array, rows: number, k: number, symmetric: boolean): Float32Array {
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(k) || k < 1) throw new KnnGraphError(`knnAdjacency: needs rows ≥ 1 and k ≥ 1, got ${rows} and ${k}`);
    if (indices.length !== rows * k) throw new KnnGraphError(`knnAdjacency: ${indices.length} indices, not ${rows} × ${k}`);
    const a = new Float32Array(rows * rows);
    for (let i = 0; i < rows; i++) {
        for (let t = 0; t < k; t++) {
            const j = indices[i * k + t]!;
            if (!Number.isInteger(j) || j < 0 || j >= rows || j === i) throw new KnnGraphError(`knnAdjacency: row ${i} lists neighbour ${j}, which is not another row of 0 … ${rows - 1}`);
            a[i * rows + j] = 1;
            if (symmetric) a[j * rows + i] = 1;
        }
    }
    return a;
}
