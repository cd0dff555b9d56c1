// Products of row-major matrices for the classifiers: every product here is a set of dot products between rows
// of two matrices, C[i][j] = Σ_k A[i][k] · B[j][k]. Dense inputs go through a 4 × 4 register tile (each loaded
// value used four times); inputs that are mostly zeros (one-hot features) go through axpys on Bᵀ that skip the
// zero entries of A. Both sum over k in ascending order, one product at a time, so they give the same bits as
// the plain loop Σ_k a_k b_k (skipped zeros aside, which add nothing).

/** The fraction of non-zero entries. */
export function density(a: Float64Array): number {
    let nz = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== 0) nz++;
    return a.length === 0 ? 1 : nz / a.length;
}

/** Below this density products skip zeros instead of using the dense tile. */
export const SPARSE_DENSITY = 0.35;

/** Row-major `rows × dim` → `dim × rows`. */
export function transpose(x: Float64Array, rows: number, dim: number): Float64Array {
    const t = new Float64Array(rows * dim);
    for (let i = 0; i < rows; i++) {
        const base = i * dim;
        for (let k = 0; k < dim; k++) t[k * rows + i] = x[base + k]!;
    }
    return t;
}

/** out[j] = Σ_k a[aOffset + k] · bt[k · bRows + j] for j < bRows, skipping the zeros of a. */
export function dotsSparse(a: Float64Array, aOffset: number, dim: number, bt: Float64Array, bRows: number, out: Float64Array, outOffset = 0): void {
    out.fill(0, outOffset, outOffset + bRows);
    for (let k = 0; k < dim; k++) {
        const v = a[aOffset + k]!;
        if (v === 0) continue;
        const base = k * bRows;
        for (let j = 0; j < bRows; j++) out[outOffset + j]! += v * bt[base + j]!;
    }
}

/**
 * out[(i − aStart) · bRows + j] = A[i] · B[j] for aStart ≤ i < aEnd and j < bRows (A, B row-major with `dim`
 * columns). `bt` (B transposed) is used for sparse rows of A when given.
 */
export function dotRows(a: Float64Array, aStart: number, aEnd: number, b: Float64Array, bRows: number, dim: number,
    out: Float64Array, bt?: Float64Array): void {
    if (bt && density(a.subarray(aStart * dim, aEnd * dim)) < SPARSE_DENSITY) {
        for (let i = aStart; i < aEnd; i++) dotsSparse(a, i * dim, dim, bt, bRows, out, (i - aStart) * bRows);
        return;
    }
    let i = aStart;
    for (; i + 4 <= aEnd; i += 4) {
        const a0 = i * dim, a1 = a0 + dim, a2 = a1 + dim, a3 = a2 + dim;
        const o0 = (i - aStart) * bRows, o1 = o0 + bRows, o2 = o1 + bRows, o3 = o2 + bRows;
        let j = 0;
        for (; j + 4 <= bRows; j += 4) {
            const b0 = j * dim, b1 = b0 + dim, b2 = b1 + dim, b3 = b2 + dim;
            let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (let k = 0; k < dim; k++) {
                const x0 = a[a0 + k]!, x1 = a[a1 + k]!, x2 = a[a2 + k]!, x3 = a[a3 + k]!;
                const y0 = b[b0 + k]!, y1 = b[b1 + k]!, y2 = b[b2 + k]!, y3 = b[b3 + k]!;
                c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
                c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
                c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
                c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
            }
            out[o0 + j] = c00; out[o0 + j + 1] = c01; out[o0 + j + 2] = c02; out[o0 + j + 3] = c03;
            out[o1 + j] = c10; out[o1 + j + 1] = c11; out[o1 + j + 2] = c12; out[o1 + j + 3] = c13;
            out[o2 + j] = c20; out[o2 + j + 1] = c21; out[o2 + j + 2] = c22; out[o2 + j + 3] = c23;
            out[o3 + j] = c30; out[o3 + j + 1] = c31; out[o3 + j + 2] = c32; out[o3 + j + 3] = c33;
        }
        for (; j < bRows; j++) {
            const b0 = j * dim;
            let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            for (let k = 0; k < dim; k++) {
                const y = b[b0 + k]!;
                c0 += a[a0 + k]! * y; c1 += a[a1 + k]! * y; c2 += a[a2 + k]! * y; c3 += a[a3 + k]! * y;
            }
            out[o0 + j] = c0; out[o1 + j] = c1; out[o2 + j] = c2; out[o3 + j] = c3;
        }
    }
    for (; i < aEnd; i++) {
        const a0 = i * dim;
        const o0 = (i - aStart) * bRows;
        for (let j = 0; j < bRows; j++) {
            const b0 = j * dim;
            let c = 0;
            for (let k = 0; k < dim; k++) c += a[a0 + k]! * b[b0 + k]!;
            out[o0 + j] = c;
        }
    }
}
