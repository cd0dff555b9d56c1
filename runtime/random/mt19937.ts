// MT19937, the 32-bit Mersenne Twister of Matsumoto & Nishimura (1998), exactly as their reference
// `mt19937ar.c` (2002) defines it: `init_genrand` for a 32-bit seed, `init_by_array` for a key of any
// length, and `genrand_int32` with the standard tempering. NumPy's legacy `RandomState` runs this same
// generator with these same two seedings, which is what lets the runtime reproduce scikit-learn's draws
// bit for bit (see `random.ts`). Plain 32-bit integer arithmetic (`Math.imul`, `>>>`): the same sequence
// on every platform and JavaScript engine.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MT19937 {
    private readonly mt = new Uint32Array(N);
    private index = N + 1;

    private constructor() { }

    /** `init_genrand(seed)`: NumPy's `RandomState(seed)` for an integer seed in [0, 2³²). */
    static fromSeed(seed: number): MT19937 {
        if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
            throw new RangeError(`MT19937 seed must be an integer in [0, 2^32), got ${seed}`);
        }
        const g = new MT19937();
        g.initGenrand(seed);
        return g;
    }

    /** `init_by_array(key)`: NumPy's `RandomState(np.array(key, dtype=np.uint32))`. */
    static fromKey(key: ArrayLike<number>): MT19937 {
        if (key.length === 0) throw new RangeError('MT19937 key must be non-empty');
        for (let i = 0; i < key.length; i++) {
            const w = key[i]!;
            if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) throw new RangeError(`MT19937 key words must be integers in [0, 2^32), got ${w}`);
        }
        const g = new MT19937();
        g.initByArray(key);
        return g;
    }

    /** An independent copy of the current state. */
    clone(): MT19937 {
        const g = new MT19937();
        g.mt.set(this.mt);
        g.index = this.index;
        return g;
    }

    private initGenrand(seed: number): void {
        const mt = this.mt;
        mt[0] = seed >>> 0;
        for (let i = 1; i < N; i++) {
            const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
            mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
        }
        this.index = N;
    }

    private initByArray(key: ArrayLike<number>): void {
        const mt = this.mt;
        this.initGenrand(19650218);
        let i = 1, j = 0;
        for (let k = Math.max(N, key.length); k > 0; k--) {
            const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
            // (int32 ^ int32) + uint32 + j is exact in a double; >>> 0 reduces it mod 2³²
            mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
            i++; j++;
            if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
            if (j >= key.length) j = 0;
        }
        for (let k = N - 1; k > 0; k--) {
            const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
            mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
            i++;
            if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
        }
        mt[0] = 0x80000000;
        this.index = N;
    }

    private twist(): void {
        const mt = this.mt;
        let kk = 0, y: number;
        for (; kk < N - M; kk++) {
            y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
            mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
        }
        for (; kk < N - 1; kk++) {
            y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
            mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
        }
        y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
        mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
        this.index = 0;
    }

    /** `genrand_int32`: the next output, an integer in [0, 2³²). */
    nextUint32(): number {
        if (this.index >= N) {
            if (this.index > N) this.initGenrand(5489); // never seeded: the reference's default seed
            this.twist();
        }
        let y = this.mt[this.index++]!;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y >>> 0;
    }
}
