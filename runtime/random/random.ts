// The runtime's seeded random numbers.
//
// Generator: MT19937 (Matsumoto & Nishimura 1998, `mt19937.ts`). Every draw below follows NumPy's legacy
// `numpy.random.RandomState` algorithm exactly (NumPy ≥ 1.17 `_legacy` code paths, which NumPy keeps
// frozen for reproducibility), so that `Random.seeded(s)` yields the same numbers as `RandomState(s)`:
//
//   random()           53-bit double in [0, 1): (a >>> 5) · 2²⁶ + (b >>> 6), over 2⁵³   (`random_sample`)
//   uniform(lo, hi)    lo + (hi − lo) · random()                                          (`uniform`)
//   integer(lo, hi)    lo + masked rejection sampling on [0, hi − lo − 1]                 (`randint`)
//   normal(μ, σ)       μ + σ · g, g from Marsaglia's polar form of Box–Muller, which makes
//                      two normals per accepted pair and caches the second                (`normal`)
//   shuffle / permutation / choice without replacement: Fisher–Yates from the end with the same
//                      masked rejection (`shuffle`, `permutation`, `choice(replace=False)`)
//
// Because the generators in `runtime/data` consume these draws in scikit-learn's order, a point set drawn
// here equals scikit-learn's `make_moons(..., random_state=RandomState(key))` to rounding (checked in
// `test/runtime/generators.test.ts` against fixtures written by `scripts/reference/generators_hyperbolic.py`).
//
// Streams per purpose. `Random.derive(seed, ...labels)` seeds MT19937 with `init_by_array(key)` where
//
//   key = [0x45585053 ('EXPS'), seed mod 2³², ⌊seed / 2³²⌋, number of labels,
//          then for each label: its UTF-8 byte length, its bytes packed little-endian into 32-bit words]
//
// (numbers as labels are written in decimal, so `fork(3)` is `fork('3')`). The key is injective in
// (seed, labels): different purposes can never share a key, and NumPy reproduces any stream with
// `RandomState(np.array(key, dtype=np.uint32))`. `rng.fork(label)` is `derive(seed, ...labels, label)`:
// it depends only on where `rng` came from, never on how many numbers it has drawn, so adding a draw in
// one place cannot shift the numbers used anywhere else.

import { MT19937 } from './mt19937.js';

export type StreamLabel = string | number;

const TWO_32 = 4294967296;
const KEY_TAG = 0x45585053; // 'EXPS'

/** The integer-array key `derive(seed, ...labels)` passes to MT19937's `init_by_array` (see above). */
export function deriveKey(seed: number, labels: readonly StreamLabel[]): number[] {
    checkSeed(seed);
    const key = [KEY_TAG, seed % TWO_32, Math.floor(seed / TWO_32), labels.length];
    for (const label of labels) {
        const bytes = utf8(labelText(label));
        key.push(bytes.length);
        for (let i = 0; i < bytes.length; i += 4) {
            key.push(((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24)) >>> 0);
        }
    }
    return key;
}

export class Random {
    private readonly mt: MT19937;
    /** The second normal of the last polar pair, waiting to be returned (NumPy's `has_gauss`/`gauss`). */
    private gauss: number | undefined;

    private constructor(
        mt: MT19937,
        /** The experiment seed this stream comes from. */
        readonly seed: number,
        /** The purposes it was derived for, outermost first; `undefined` for `Random.seeded`. */
        readonly labels: readonly string[] | undefined,
    ) {
        this.mt = mt;
    }

    /**
     * The stream NumPy's `RandomState(seed)` gives (MT19937 `init_genrand`). Seeds of 2³² and above (up to
     * 2⁵³) go through `init_by_array([seed mod 2³², ⌊seed / 2³²⌋])` instead, as NumPy's `RandomState([lo, hi])`.
     */
    static seeded(seed: number): Random {
        checkSeed(seed);
        const mt = seed < TWO_32 ? MT19937.fromSeed(seed) : MT19937.fromKey([seed % TWO_32, Math.floor(seed / TWO_32)]);
        return new Random(mt, seed, undefined);
    }

    /** An independent stream for one purpose, derived deterministically from the experiment seed. */
    static derive(seed: number, ...labels: StreamLabel[]): Random {
        const texts = labels.map(labelText);
        return new Random(MT19937.fromKey(deriveKey(seed, texts)), seed, texts);
    }

    /** The stream for a sub-purpose: `derive(seed, ...this.labels, ...labels)`, whatever this stream has drawn. */
    fork(...labels: StreamLabel[]): Random {
        return Random.derive(this.seed, ...(this.labels ?? []), ...labels);
    }

    /** A copy that continues from the same state (same future numbers), without affecting this one. */
    clone(): Random {
        const r = new Random(this.mt.clone(), this.seed, this.labels);
        r.gauss = this.gauss;
        return r;
    }

    /** How to rebuild this stream: `seeded(7)` or `derive(7, 'pointSets', '0')`. */
    toString(): string {
        return this.labels === undefined ? `seeded(${this.seed})`
            : `derive(${[String(this.seed), ...this.labels.map(l => JSON.stringify(l))].join(', ')})`;
    }

    /** The next raw 32-bit output, an integer in [0, 2³²). */
    nextUint32(): number {
        return this.mt.nextUint32();
    }

    /** A uniform double in [0, 1) with 53 random bits (NumPy's `random_sample`). */
    random(): number {
        const a = this.mt.nextUint32() >>> 5, b = this.mt.nextUint32() >>> 6;
        return (a * 67108864 + b) / 9007199254740992;
    }

    /** A uniform double in [low, high) (NumPy's `uniform(low, high)`). */
    uniform(low = 0, high = 1): number {
        return low + (high - low) * this.random();
    }

    /** A uniform integer in [low, high) (NumPy's `randint(low, high)`); |high − low| may be up to 2⁵³. */
    integer(low: number, high: number): number {
        if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) {
            throw new RangeError(`integer(low, high) needs integers with low < high, got [${low}, ${high})`);
        }
        return low + this.interval(high - 1 - low);
    }

    /** A uniform integer in [0, max] by masked rejection sampling (NumPy's `random_interval`). */
    interval(max: number): number {
        if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`interval(max) needs a non-negative safe integer, got ${max}`);
        if (max === 0) return 0;
        if (max <= 0xffffffff) {
            const mask = smear(max);
            let value: number;
            do value = (this.mt.nextUint32() & mask) >>> 0; while (value > max);
            return value;
        }
        // 64-bit path: NumPy draws (hi << 32 | lo) and masks it; here the mask's low 32 bits are all ones.
        const maskHi = smear(Math.floor(max / TWO_32));
        let value: number;
        do {
            const hi = (this.mt.nextUint32() & maskHi) >>> 0;
            const lo = this.mt.nextUint32();
            value = hi * TWO_32 + lo;
        } while (value > max);
        return value;
    }

    /** A normal draw with mean `mean` and standard deviation `std` (NumPy's legacy `normal`). */
    normal(mean = 0, std = 1): number {
        return mean + std * this.standardNormal();
    }

    /** N(0, 1) by Marsaglia's polar method (NumPy's `legacy_gauss`): two normals per accepted pair. */
    standardNormal(): number {
        if (this.gauss !== undefined) {
            const g = this.gauss;
            this.gauss = undefined;
            return g;
        }
        let x1: number, x2: number, r2: number;
        do {
            x1 = 2 * this.random() - 1;
            x2 = 2 * this.random() - 1;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1 || r2 === 0);
        const f = Math.sqrt(-2 * Math.log(r2) / r2);
        this.gauss = f * x1;
        return f * x2;
    }

    /** `count` normal draws in order (NumPy's `normal(mean, std, size=count)`). */
    normals(count: number, mean = 0, std = 1): Float64Array {
        const out = new Float64Array(count);
        for (let i = 0; i < count; i++) out[i] = this.normal(mean, std);
        return out;
    }

    /** Shuffles in place, Fisher–Yates from the end (NumPy's `shuffle`); returns the same array. */
    shuffle<A extends { length: number; [i: number]: unknown }>(items: A): A {
        for (let i = items.length - 1; i > 0; i--) {
            const j = this.interval(i);
            const t = items[i];
            items[i] = items[j];
            items[j] = t;
        }
        return items;
    }

    /** A random permutation of 0 … n − 1 (NumPy's `permutation(n)`). */
    permutation(n: number): Int32Array {
        const p = new Int32Array(n);
        for (let i = 0; i < n; i++) p[i] = i;
        return this.shuffle(p);
    }

    /** `k` distinct indices from 0 … n − 1, in draw order (NumPy's `choice(n, k, replace=False)`). */
    choice(n: number, k: number): Int32Array {
        if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`choice: cannot take ${k} distinct items from ${n}`);
        return this.permutation(n).slice(0, k);
    }

    /** `k` distinct items of `items`, in draw order (sampling without replacement). */
    sample<T>(items: readonly T[], k: number): T[] {
        return Array.from(this.choice(items.length, k), i => items[i]!);
    }
}

function checkSeed(seed: number): void {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`a seed must be a non-negative integer below 2^53, got ${seed}`);
}

function labelText(label: StreamLabel): string {
    if (typeof label === 'number') {
        if (!Number.isSafeInteger(label)) throw new RangeError(`a numeric stream label must be a safe integer, got ${label}`);
        return String(label);
    }
    return label;
}

/** All bits below the highest set bit of x (x < 2³²) set: NumPy's `gen_mask`. */
function smear(x: number): number {
    let m = x >>> 0;
    m |= m >>> 1; m |= m >>> 2; m |= m >>> 4; m |= m >>> 8; m |= m >>> 16;
    return m >>> 0;
}

function utf8(text: string): number[] {
    const out: number[] = [];
    for (const ch of text) {
        const c = ch.codePointAt(0)!;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
}
