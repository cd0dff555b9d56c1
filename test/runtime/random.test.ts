// runtime/random: MT19937 against its reference outputs and NumPy's RandomState (fixtures written by
// scripts/reference/generators_hyperbolic.py), determinism, moments, and independent derived streams.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deriveKey, MT19937, Random } from '../../runtime/random/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/generators/random_numpy.json'), 'utf8'));

const take = (n: number, f: () => number) => Array.from({ length: n }, f);
const expectClose = (actual: ArrayLike<number>, expected: readonly number[], tol: number) => {
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
};

describe('MT19937 reference outputs', () => {
    it('matches mt19937ar.c for init_by_array({0x123, 0x234, 0x345, 0x456})', () => {
        const g = MT19937.fromKey([0x123, 0x234, 0x345, 0x456]);
        // the first five lines of Matsumoto & Nishimura's mt19937ar.out
        const first = take(10, () => g.nextUint32());
        expect(first.slice(0, 5)).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476]);
        expect(first).toEqual(fixture.mt19937arReference.raw);
    });

    it('gives 4123659995 as the 10000th output for the default seed 5489 (C++11 std::mt19937)', () => {
        const g = MT19937.fromSeed(5489);
        let v = 0;
        for (let i = 0; i < 10000; i++) v = g.nextUint32();
        expect(v).toBe(4123659995);
        expect(fixture.cpp11Default10000th).toBe(4123659995);
    });

    it('rejects seeds outside [0, 2^32) and empty keys', () => {
        expect(() => MT19937.fromSeed(-1)).toThrow(RangeError);
        expect(() => MT19937.fromSeed(2 ** 32)).toThrow(RangeError);
        expect(() => MT19937.fromSeed(1.5)).toThrow(RangeError);
        expect(() => MT19937.fromKey([])).toThrow(RangeError);
        expect(() => Random.seeded(-3)).toThrow(RangeError);
        expect(() => Random.derive(2 ** 53)).toThrow(RangeError);
    });
});

describe('Random reproduces NumPy RandomState(seed)', () => {
    it.each<[number, any]>(fixture.seeds.map((s: { seed: number }) => [s.seed, s]))('seed %s: raw, random, normal, randint, uniform, permutation, choice', (_, s) => {
        const r = Random.seeded(s.seed);
        expect(take(8, () => r.nextUint32())).toEqual(s.raw);
        expect(take(4, () => r.random())).toEqual(s.random); // exact: same bits, same arithmetic
        expectClose(take(5, () => r.standardNormal()), s.standardNormal, 1e-15);
        expect(take(2, () => r.random())).toEqual(s.randomAfterOddNormals);
        expectClose(take(3, () => r.normal(1, 2)), s.normal_1_2, 4e-15);
        expect(take(8, () => r.integer(0, 10))).toEqual(s.randint_0_10);
        expect(take(5, () => r.integer(150, 300))).toEqual(s.randint_150_300);
        expect(take(3, () => r.integer(0, 2 ** 40))).toEqual(s.randint_0_2pow40);
        expectClose(take(3, () => r.uniform(0, 0.16)), s.uniform_0_016, 0);
        expect(Array.from(r.permutation(12))).toEqual(s.permutation_12);
        expect(Array.from(r.choice(20, 5))).toEqual(s.choice_20_5);
    });

    it('seeds of 2^32 and above go through init_by_array([lo, hi])', () => {
        const r = Random.seeded(fixture.bigSeed.seed);
        expect(take(5, () => r.nextUint32())).toEqual(fixture.bigSeed.raw);
    });

    it('derived streams: the same key and numbers as RandomState(key) in NumPy', () => {
        for (const d of fixture.derived) {
            expect(deriveKey(d.seed, d.labels)).toEqual(d.key);
            const r = Random.derive(d.seed, ...d.labels);
            expect(take(5, () => r.nextUint32()), JSON.stringify(d.labels)).toEqual(d.raw);
            expect(take(3, () => r.random())).toEqual(d.random);
        }
    });
});

describe('determinism and streams', () => {
    it('same seed, same sequence; different seeds differ', () => {
        const a = Random.seeded(42), b = Random.seeded(42), c = Random.seeded(43);
        const xa = take(1000, () => a.random()), xb = take(1000, () => b.random()), xc = take(1000, () => c.random());
        expect(xa).toEqual(xb);
        expect(xa).not.toEqual(xc);
        const d1 = Random.derive(7, 'init', 'embed'), d2 = Random.derive(7, 'init', 'embed');
        expect(take(100, () => d1.normal())).toEqual(take(100, () => d2.normal()));
    });

    it('derived streams differ by seed, by label and by label path, and look independent', () => {
        const streams = [Random.seeded(7), Random.derive(7), Random.derive(7, 'a'), Random.derive(7, 'b'), Random.derive(8, 'a'),
            Random.derive(7, 'a', 'b'), Random.derive(7, 'ab'), Random.derive(7, 'b', 'a')];
        const draws = streams.map(r => take(10000, () => r.random()));
        for (let i = 0; i < draws.length; i++) {
            for (let j = i + 1; j < draws.length; j++) {
                expect(draws[i]!.slice(0, 4), `${streams[i]} vs ${streams[j]}`).not.toEqual(draws[j]!.slice(0, 4));
                // correlation of 1e4 independent uniforms: |r| < 5/√n
                expect(Math.abs(correlation(draws[i]!, draws[j]!)), `${streams[i]} vs ${streams[j]}`).toBeLessThan(0.05);
            }
        }
    });

    it('fork(label) depends on the stream\'s origin, not on what it has drawn; numbers are decimal labels', () => {
        const r = Random.derive(1, 'x');
        const before = r.fork('y').random();
        for (let i = 0; i < 100; i++) r.random();
        expect(r.fork('y').random()).toBe(before);
        expect(Random.derive(1, 'x', 'y').random()).toBe(before);
        expect(Random.seeded(5).fork('s').random()).toBe(Random.derive(5, 's').random());
        expect(Random.derive(1, 'x').fork(3).random()).toBe(Random.derive(1, 'x', '3').random());
        expect(String(Random.derive(1, 'x', 3))).toBe('derive(1, "x", "3")');
    });

    it('clone continues the same sequence without moving the original', () => {
        const r = Random.seeded(9);
        r.standardNormal(); // leaves a cached normal
        const c = r.clone();
        expect(take(5, () => c.normal())).toEqual(take(5, () => r.normal()));
    });
});

describe('distributions', () => {
    it('normal: moments of 1e5 draws within tolerance, and NumPy\'s exactly', () => {
        const m = fixture.normalMoments;
        const r = Random.seeded(m.seed);
        const z = take(m.count, () => r.standardNormal());
        const n = z.length;
        const mean = z.reduce((a, b) => a + b, 0) / n;
        const v = z.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
        const skew = z.reduce((a, b) => a + (b - mean) ** 3, 0) / n / v ** 1.5;
        const kurt = z.reduce((a, b) => a + (b - mean) ** 4, 0) / n / v ** 2;
        // 5 standard errors: mean 1/√n, variance √(2/n), skewness √(6/n), kurtosis √(24/n)
        expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
        expect(Math.abs(v - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
        expect(Math.abs(skew)).toBeLessThan(5 * Math.sqrt(6 / n));
        expect(Math.abs(kurt - 3)).toBeLessThan(5 * Math.sqrt(24 / n));
        expect(mean).toBeCloseTo(m.mean, 12);
        expect(v).toBeCloseTo(m.var, 12);
        expect(skew).toBeCloseTo(m.skew, 10);
        expect(kurt).toBeCloseTo(m.kurtosis, 10);
        // normal(μ, σ) scales and shifts
        const s = Random.seeded(3);
        const y = take(50000, () => s.normal(2, 0.5));
        const my = y.reduce((a, b) => a + b, 0) / y.length;
        expect(Math.abs(my - 2)).toBeLessThan(5 * 0.5 / Math.sqrt(y.length));
    });

    it('uniform and integers: in range and evenly spread', () => {
        const r = Random.seeded(11);
        const counts = new Array(10).fill(0);
        let lo = Infinity, hi = -Infinity;
        for (let i = 0; i < 100000; i++) {
            const u = r.random();
            lo = Math.min(lo, u); hi = Math.max(hi, u);
            counts[r.integer(0, 10)]++;
        }
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThan(1);
        for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(5 * Math.sqrt(10000 * 0.9));
        for (let i = 0; i < 1000; i++) {
            const k = r.integer(-3, 4);
            expect(k >= -3 && k < 4 && Number.isInteger(k)).toBe(true);
            const x = r.uniform(0.08, 0.16);
            expect(x >= 0.08 && x < 0.16).toBe(true);
        }
        expect(() => r.integer(5, 5)).toThrow(RangeError);
    });

    it('shuffle, permutation and choice without replacement', () => {
        const r = Random.seeded(12);
        const p = r.permutation(50);
        expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
        const c = r.choice(30, 30);
        expect(new Set(c).size).toBe(30);
        const c5 = r.choice(1000, 5);
        expect(new Set(c5).size).toBe(5);
        expect(() => r.choice(3, 4)).toThrow(RangeError);
        const items = ['a', 'b', 'c', 'd'];
        const s = r.sample(items, 2);
        expect(new Set(s).size).toBe(2);
        expect(s.every(x => items.includes(x))).toBe(true);
        const arr = [1, 2, 3, 4, 5, 6];
        expect(r.shuffle(arr)).toBe(arr);
        expect([...arr].sort()).toEqual([1, 2, 3, 4, 5, 6]);
        // every position equally likely for the first element
        const first = new Array(4).fill(0);
        for (let i = 0; i < 40000; i++) first[r.permutation(4)[0]!]++;
        for (const f of first) expect(Math.abs(f - 10000)).toBeLessThan(5 * Math.sqrt(10000 * 0.75));
    });
});

function correlation(x: number[], y: number[]): number {
    const n = x.length;
    const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) {
        sxy += (x[i]! - mx) * (y[i]! - my);
        sxx += (x[i]! - mx) ** 2;
        syy += (y[i]! - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
}
