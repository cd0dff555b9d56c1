// Element-wise comparison against a float64 reference, shared by the suites that check tensors against PyTorch.

/** The worst |got − want| / max(|want|, floor) over the elements, and the element where it is (−1 when empty). */
export function worstRelativeError(got: ArrayLike<number>, want: ArrayLike<number>, floor: number): { worst: number; at: number } {
    let worst = 0, at = -1;
    for (let i = 0; i < want.length; i++) {
        const r = Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), floor);
        if (!(r <= worst)) { worst = r; at = i; }
    }
    return { worst, at };
}

export const maxAbs = (values: ArrayLike<number>): number => Array.from(values).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
