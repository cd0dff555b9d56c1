// Host-side sampling of the index tuples a loss is computed over, per point set, from the step's stream.
import type { Random } from '../random/index.js';

/** C(n, 3). */
export const tripleCount = (n: number): number => n * (n - 1) * (n - 2) / 6;

/**
 * Triples (i, j, k), i < j < k, of the rows start .. start + n − 1: all of them when there are at most `limit`
 * (or `limit` is undefined), else `limit` drawn uniformly (each a uniformly random 3-subset).
 */
export function sampleTriples(start: number, n: number, limit: number | undefined, random: Random, out: number[]): void {
    if (n < 3) return;
    if (limit === undefined || tripleCount(n) <= limit) {
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) for (let k = j + 1; k < n; k++) out.push(start + i, start + j, start + k);
        return;
    }
    for (let t = 0; t < limit; t++) {
        const i = random.integer(0, n);
        let j = random.integer(0, n - 1);
        if (j >= i) j++;
        let k = random.integer(0, n - 2);
        const lo = Math.min(i, j), hi = Math.max(i, j);
        if (k >= lo) k++;
        if (k >= hi) k++;
        const [a, b, c] = [i, j, k].sort((x, y) => x - y) as [number, number, number];
        out.push(start + a, start + b, start + c);
    }
}

/**
 * Triplets (anchor, positive, negative) among the labelled rows start .. start + n − 1: all of them when there
 * are at most `limit`, else `limit` drawn by picking an anchor that has both a positive and a negative, then a
 * positive and a negative uniformly.
 */
export function sampleTriplets(start: number, n: number, labels: Int32Array, labelled: Uint8Array, limit: number, random: Random, out: number[]): void {
    const byClass = new Map<number, number[]>();
    for (let i = start; i < start + n; i++) {
        if (!labelled[i] || labels[i]! < 0) continue;
        const members = byClass.get(labels[i]!) ?? [];
        members.push(i);
        byClass.set(labels[i]!, members);
    }
    const all = [...byClass.values()].flat();
    let total = 0;
    for (const members of byClass.values()) total += members.length * (members.length - 1) * (all.length - members.length);
    if (total === 0) return;
    if (total <= limit) {
        for (const members of byClass.values()) {
            const others = all.filter(i => labels[i] !== labels[members[0]!]);
            for (const a of members) for (const p of members) if (p !== a) for (const q of others) out.push(a, p, q);
        }
        return;
    }
    const anchors = all.filter(i => { const size = byClass.get(labels[i]!)!.length; return size > 1 && size < all.length; });
    for (let t = 0; t < limit; t++) {
        const a = anchors[random.integer(0, anchors.length)]!;
        const same = byClass.get(labels[a]!)!;
        let p = same[random.integer(0, same.length - 1)]!;
        if (p === a) p = same[same.length - 1]!;
        let q: number;
        do q = all[random.integer(0, all.length)]!; while (labels[q] === labels[a]);
        out.push(a, p, q);
    }
}
