// Similarities between encoder outputs, row-wise and all-pairs.
import * as tf from '@tensorflow/tfjs-core';

export type SimilarityName = 'cosine' | 'dot' | 'rbf' | 'euclidean';

const EPS = 1e-15;

function unit(a: tf.Tensor2D): tf.Tensor2D {
    return tf.div(a, tf.sqrt(tf.maximum(tf.sum(tf.square(a), 1, true), EPS * EPS)));
}

/** δ(a_t, b_t) for each row t ([m, d] each → [m]). `euclidean` is −‖a − b‖ (larger is more similar). */
export function rowSimilarity(a: tf.Tensor2D, b: tf.Tensor2D, kind: SimilarityName): tf.Tensor1D {
    switch (kind) {
        case 'cosine': return tf.sum(tf.mul(unit(a), unit(b)), 1);
        case 'dot': return tf.sum(tf.mul(a, b), 1);
        case 'rbf': return tf.exp(tf.neg(tf.sum(tf.square(tf.sub(a, b)), 1))) as tf.Tensor1D;
        case 'euclidean': return tf.neg(tf.sqrt(tf.maximum(tf.sum(tf.square(tf.sub(a, b)), 1), EPS * EPS))) as tf.Tensor1D;
    }
}

/** Σ_{i<j} δ(x_i, x_j) over the rows of x. */
export function pairSum(x: tf.Tensor2D, kind: SimilarityName): tf.Scalar {
    if (kind === 'cosine' || kind === 'dot') {
        // Σ_{i<j} u_i·u_j = (‖Σ u‖² − Σ ‖u‖²) / 2, in O(n d).
        const u = kind === 'cosine' ? unit(x) : x;
        return tf.div(tf.sub(tf.sum(tf.square(tf.sum(u, 0))), tf.sum(tf.square(u))), 2);
    }
    const sq = tf.sum(tf.square(x), 1, true);
    const d2 = tf.relu(tf.sub(tf.add(sq, tf.transpose(sq)), tf.mul(2, tf.matMul(x, x, false, true))));
    const w = kind === 'rbf' ? tf.exp(tf.neg(d2)) : tf.neg(tf.sqrt(tf.maximum(d2, EPS * EPS)));
    return tf.div(tf.sub(tf.sum(w), tf.sum(tf.mul(w, tf.eye(x.shape[0])))), 2);
}

/**
 * Σ over the point sets (rows offsets[s] … offsets[s + 1] − 1) of Σ_{i<j} δ(x_i, x_j) within the set. For cosine
 * and dot products all sets are summed at once (a set-membership matrix times the rows), so the number of kernels
 * does not grow with the number of sets; the others take the sets one by one.
 */
export function pairSumOverSets(x: tf.Tensor2D, offsets: readonly number[], kind: SimilarityName): tf.Scalar {
    const sets = offsets.length - 1;
    if (kind === 'cosine' || kind === 'dot') {
        const rows = x.shape[0];
        const membership = new Float32Array(sets * rows);
        for (let s = 0; s < sets; s++) membership.fill(1, s * rows + offsets[s]!, s * rows + offsets[s + 1]!);
        const u = kind === 'cosine' ? unit(x) : x;
        const inSets = tf.tensor2d(membership, [sets, rows]);
        // Σ_s Σ_{i<j ∈ s} u_i·u_j = (Σ_s ‖Σ_{i ∈ s} u_i‖² − Σ_{i in a set} ‖u_i‖²) / 2; the sets are consecutive rows
        const inAnySet = tf.slice(u, [offsets[0]!, 0], [offsets[sets]! - offsets[0]!, -1]);
        return tf.div(tf.sub(tf.sum(tf.square(tf.matMul(inSets, u))), tf.sum(tf.square(inAnySet))), 2);
    }
    let total: tf.Scalar = tf.scalar(0);
    for (let s = 0; s < sets; s++) {
        const n = offsets[s + 1]! - offsets[s]!;
        if (n >= 2) total = tf.add(total, pairSum(tf.slice(x, [offsets[s]!, 0], [n, -1]), kind));
    }
    return total;
}
