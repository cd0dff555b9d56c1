// runtime/data/pointsets: scikit-learn's generators (noise-free geometry and seeded noisy sets against
// scikit-learn 1.2.1 itself), the authors' variants, and families of point sets (fixtures written by
// scripts/reference/generators_hyperbolic.py).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    anisotropic, ANISOTROPIC_T, drawPointSetFamily, GENERATOR_CLASSES, GENERATOR_DEFAULTS, GRID_CENTERS, labelledMask, linspace,
    makeBlobs, makeCircles, makeMoons, pointCountRange, POINT_SETS_DEFAULTS, standardize,
    type GeneratorName, type GeneratorSpec, type LabelledPoints, type PointSet, type PointSetsSpec,
} from '../../runtime/data/pointsets.js';
import { Random } from '../../runtime/random/index.js';
import { generators } from '../../runtime/registry/generators.js';
import { pointSets } from '../../runtime/registry/sources.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/generators', name), 'utf8'));
const sk = load('sklearn.json');
const fam = load('families.json');

const TOL = 1e-12;
function expectPoints(actual: ArrayLike<number>, expected: readonly number[], tol = TOL, what = '') {
    expect(actual.length, what).toBe(expected.length);
    let worst = 0, at = -1;
    for (let i = 0; i < expected.length; i++) {
        const e = Math.abs(actual[i]! - expected[i]!);
        if (e > worst) { worst = e; at = i; }
    }
    expect(worst, `${what} worst |Δ| at ${at}`).toBeLessThanOrEqual(tol);
}
const counts = (labels: ArrayLike<number>, k: number) => {
    const c = new Array(k).fill(0);
    for (let i = 0; i < labels.length; i++) c[labels[i]!]++;
    return c as number[];
};

describe('NumPy linspace', () => {
    it('matches numpy.linspace with and without the endpoint', () => {
        expect(Array.from(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
        expect(Array.from(linspace(0, 1, 4, false))).toEqual([0, 0.25, 0.5, 0.75]);
        expect(Array.from(linspace(2, 3, 1))).toEqual([2]);
        expect(Array.from(linspace(2, 3, 0))).toEqual([]);
        expect(linspace(0, Math.PI, 7)[6]).toBe(Math.PI);
    });
});

describe('scikit-learn generators: noise-free geometry equals scikit-learn 1.2.1 to 1e-12', () => {
    const cases = sk.geometry as { generator: string; n: number; factor?: number; X: number[]; y: number[] }[];
    it.each(cases.map(c => [`${c.generator} n=${c.n}${c.factor ? ` factor=${c.factor}` : ''}`, c] as const))('%s', (_, c) => {
        let set: LabelledPoints;
        switch (c.generator) {
            case 'circles': set = makeCircles(c.n, { noise: 0, shuffle: false, factor: c.factor }); break;
            case 'moons': set = makeMoons(c.n, { noise: 0, shuffle: false }); break;
            case 'blobs': set = makeBlobs(c.n, { centers: GRID_CENTERS, clusterStd: 0, shuffle: false }); break;
            default: {
                const blobs = makeBlobs(c.n, { centers: GRID_CENTERS, clusterStd: 0, shuffle: false });
                set = { ...blobs, points: anisotropic(blobs.points, blobs.labels, 9) };
            }
        }
        expectPoints(set.points, c.X);
        expect(Array.from(set.labels)).toEqual(c.y);
    });

    it('uses the grid centres and T of the fixture', () => {
        expect(GRID_CENTERS.flat()).toEqual(sk.gridCenters);
        expect(ANISOTROPIC_T.flat()).toEqual(sk.anisotropicT);
    });
});

describe('scikit-learn generators: seeded noisy sets equal scikit-learn\'s draws', () => {
    it.each<[string, any]>(sk.seeded.map((c: any) => [c.call, c]))('%s', (_, c) => {
        let set: LabelledPoints;
        switch (c.generator) {
            case 'circles': set = makeCircles(c.n, { noise: c.noise, factor: c.factor, random: c.seed }); break;
            case 'moons': set = makeMoons(c.n, { noise: c.noise, random: c.seed }); break;
            case 'blobs': set = makeBlobs(c.n, { centers: GRID_CENTERS, clusterStd: c.std, random: c.seed }); break;
            default: set = makeBlobs(c.n, { centers: c.centers, random: c.seed });
        }
        expectPoints(set.points, c.X);
        expect(Array.from(set.labels)).toEqual(c.y);
    });

    it.each<[string, any]>(sk.noiseStatistics.map((s: any) => [s.generator, s]))('%s: Gaussian noise with std `noise` (residual statistics)', (name, s) => {
        const residuals = (seed: number) => {
            const sigma: number = s.sigma;
            let noisy: LabelledPoints, clean: Float64Array;
            if (name === 'circles') {
                noisy = makeCircles(s.n, { noise: sigma, factor: 0.5, shuffle: false, random: seed });
                clean = makeCircles(s.n, { factor: 0.5, shuffle: false }).points;
            } else if (name === 'moons') {
                noisy = makeMoons(s.n, { noise: sigma, shuffle: false, random: seed });
                clean = makeMoons(s.n, { shuffle: false }).points;
            } else {
                noisy = makeBlobs(s.n, { centers: GRID_CENTERS, clusterStd: sigma, shuffle: false, random: seed });
                clean = Float64Array.from(Array.from(noisy.labels).flatMap(l => GRID_CENTERS[l]!));
            }
            const r = noisy.points.map((v, i) => v - clean[i]!);
            const col = (d: number) => Array.from({ length: s.n }, (_, i) => r[2 * i + d]!);
            const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
            const std = (x: number[]) => { const m = mean(x); return Math.sqrt(mean(x.map(v => (v - m) ** 2))); };
            const [x, y] = [col(0), col(1)];
            const [mx, my] = [mean(x), mean(y)];
            const corr = mean(x.map((v, i) => (v - mx) * (y[i]! - my))) / (std(x) * std(y));
            return { mean: [mx, my], std: [std(x), std(y)], corr, sigma };
        };
        // the same seed reproduces scikit-learn's residuals exactly
        const same = residuals(s.seed);
        expectPoints(same.mean, s.residualMean, 1e-13);
        expectPoints(same.std, s.residualStd, 1e-13);
        expect(Math.abs(same.corr - s.residualCorr)).toBeLessThan(1e-12);
        // another seed: N(0, σ²) within 5 standard errors
        const other = residuals(s.seed + 1000);
        for (let d = 0; d < 2; d++) {
            expect(Math.abs(other.mean[d]!)).toBeLessThan(5 * other.sigma / Math.sqrt(s.n));
            expect(Math.abs(other.std[d]! - other.sigma)).toBeLessThan(5 * other.sigma / Math.sqrt(2 * s.n));
            expect(Math.abs(s.residualStd[d] - s.sigma)).toBeLessThan(5 * s.sigma / Math.sqrt(2 * s.n));
        }
        // independent coordinates
        expect(Math.abs(other.corr)).toBeLessThan(5 / Math.sqrt(s.n));
    });
});

describe('point-set families', () => {
    it.each<[string, any]>(fam.cases.map((c: any) => [JSON.stringify(c.spec), c]))('%s equals the reference rebuilt from scikit-learn calls', (_, c) => {
        const sets = drawPointSetFamily(c.spec as PointSetsSpec, c.count, c.seed);
        expect(sets).toHaveLength(c.sets.length);
        sets.forEach((set, i) => {
            const ref = c.sets[i];
            expect(set.index).toBe(ref.index);
            expect(set.n).toBe(ref.n);
            expect(Math.abs(set.level - ref.level)).toBeLessThanOrEqual(0);
            expectPoints(set.points, ref.X, TOL, `set ${i}`);
            expect(Array.from(set.labels)).toEqual(ref.y);
            expect(Array.from(set.labelled)).toEqual(ref.labelled);
        });
    });

    const sources: GeneratorSpec[] = [{ name: 'circles' }, { name: 'moons' }, { name: 'blobs' }, { name: 'anisotropic' }, { name: 'blobs', std: { from: 0.08, to: 0.16 } }];
    it.each(sources.map(s => [JSON.stringify(s), s] as const))('%s: sizes in [max/2, max), class balance, levels, standardisation, labelled fraction', (_, source) => {
        const spec: PointSetsSpec = { source, points: { from: 200, to: 300 } };
        const sets = drawPointSetFamily(spec, 25, 99);
        const k = GENERATOR_CLASSES[source.name];
        const level = source.name === 'circles' || source.name === 'moons' ? GENERATOR_DEFAULTS.noise : (source as { std?: unknown }).std ?? GENERATOR_DEFAULTS.std;
        for (const set of sets) checkSet(set, k, 150, 300, level);
        // sizes and levels actually vary from set to set
        expect(new Set(sets.map(s => s.n)).size).toBeGreaterThan(10);
        if (typeof level !== 'number') expect(new Set(sets.map(s => s.level)).size).toBe(sets.length);
    });

    it('same seed → identical family; another seed → another family; a set does not depend on how many are drawn', () => {
        const spec: PointSetsSpec = { source: { name: 'moons', noise: { from: 0, to: 0.16 } }, points: { from: 200, to: 300 }, labeled: 0.3 };
        const a = drawPointSetFamily(spec, 6, 5), b = drawPointSetFamily(spec, 6, 5), c = drawPointSetFamily(spec, 6, 6);
        expect(a).toEqual(b);
        expect(a.map(s => s.n)).not.toEqual(c.map(s => s.n));
        expect(drawPointSetFamily(spec, 1, 5, 4)[0]).toEqual(a[4]);
        // the family stream can be given explicitly (e.g. one per dataset declaration)
        const root = Random.derive(5, 'dataset', 'moons');
        expect(drawPointSetFamily(spec, 2, root)).toEqual(drawPointSetFamily(spec, 2, Random.derive(5, 'dataset', 'moons')));
        expect(drawPointSetFamily(spec, 2, root)[0]!.points).not.toEqual(a[0]!.points);
    });

    it('moons: a copy of the first half shifted by (shift, shift) with labels + 2', () => {
        const [set] = drawPointSetFamily({ source: { name: 'moons', noise: 0.05, shift: 2 }, points: 41, standardize: false }, 1, 3);
        const half = 21;
        for (let i = 0; i < 20; i++) {
            expect(set!.points[2 * (half + i)]).toBeCloseTo(set!.points[2 * i]! + 2, 14);
            expect(set!.points[2 * (half + i) + 1]).toBeCloseTo(set!.points[2 * i + 1]! + 2, 14);
            expect(set!.labels[half + i]).toBe(set!.labels[i]! + 2);
        }
        expect(set!.n).toBe(41);
    });

    it('anisotropic: noise-free points are the grid centres times T; each blob stretched about its own mean', () => {
        const blobs = makeBlobs(90, { centers: GRID_CENTERS, clusterStd: 0.1, random: 1 });
        const out = anisotropic(blobs.points, blobs.labels, 9);
        // class means map to μ T, and the spread about the mean is (x − μ) T T
        for (let c = 0; c < 9; c++) {
            const idx = Array.from(blobs.labels).flatMap((l, i) => (l === c ? [i] : []));
            const mean = (p: Float64Array, d: number) => idx.reduce((a, i) => a + p[2 * i + d]!, 0) / idx.length;
            const [mx, my] = [mean(blobs.points, 0), mean(blobs.points, 1)];
            expect(mean(out, 0)).toBeCloseTo(mx * 0.6 + my * -0.4, 12);
            expect(mean(out, 1)).toBeCloseTo(mx * -0.6 + my * 0.8, 12);
            const i = idx[0]!;
            const dx = blobs.points[2 * i]! - mx, dy = blobs.points[2 * i + 1]! - my;
            const sx = dx * 0.6 + dy * -0.4, sy = dx * -0.6 + dy * 0.8; // (x − μ) T
            expect(out[2 * i]! - mean(out, 0)).toBeCloseTo(sx * 0.6 + sy * -0.4, 12);
            expect(out[2 * i + 1]! - mean(out, 1)).toBeCloseTo(sx * -0.6 + sy * 0.8, 12);
        }
    });

    it('labelled mask: class-balanced, with the requested total', () => {
        const labels = Int32Array.from({ length: 103 }, (_, i) => (i < 50 ? 0 : i < 90 ? 1 : 2));
        const mask = labelledMask(labels, 0.3, Random.seeded(4));
        const per = counts(Array.from(labels).filter((_, i) => mask[i]), 3);
        expect(per.reduce((a, b) => a + b, 0)).toBe(31);
        expect(per).toEqual([15, 12, 4]); // 15, 12, 3.9 → remainders give the last one to class 2
        expect(Array.from(labelledMask(labels, 0, Random.seeded(4))).every(v => v === 0)).toBe(true);
        expect(Array.from(labelledMask(labels, 1, Random.seeded(4))).every(v => v === 1)).toBe(true);
    });

    it('standardize: zero mean, unit variance per coordinate', () => {
        const p = standardize(Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40]), 2);
        for (let d = 0; d < 2; d++) {
            const col = [0, 1, 2, 3].map(i => p[2 * i + d]!);
            expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 14);
            expect(col.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 14);
        }
        expect(Array.from(standardize(Float64Array.from([5, 1, 5, 2]), 2)).slice(0, 1)).toEqual([0]); // constant column: centred
    });

    it('point counts: a fixed count, or [⌊max/2⌋, max) for an interval (the registry\'s rule)', () => {
        expect(pointCountRange(300)).toEqual([300, 301]);
        expect(pointCountRange({ from: 200, to: 300 })).toEqual([150, 300]);
        expect(pointCountRange({ from: 0, to: 61 })).toEqual([30, 61]);
        expect(() => pointCountRange(0)).toThrow(RangeError);
    });
});

describe('registry agreement', () => {
    it('generator names, parameter names and defaults match runtime/registry', () => {
        const params = Object.fromEntries(generators.map(g => [g.name, Object.fromEntries(g.params.map(p => [p.name, p.default]))]));
        expect(Object.keys(params).sort()).toEqual((Object.keys(GENERATOR_CLASSES) as GeneratorName[]).sort());
        expect(params).toEqual({
            circles: { noise: { kind: 'interval', ...GENERATOR_DEFAULTS.noise }, factor: GENERATOR_DEFAULTS.factor },
            moons: { noise: { kind: 'interval', ...GENERATOR_DEFAULTS.noise }, shift: GENERATOR_DEFAULTS.shift },
            blobs: { std: GENERATOR_DEFAULTS.std },
            anisotropic: { std: GENERATOR_DEFAULTS.std },
        });
        const ps = Object.fromEntries(pointSets.params.map(p => [p.name, p.default]));
        expect(ps).toEqual({ source: undefined, ...POINT_SETS_DEFAULTS });
    });
});

function checkSet(set: PointSet, k: number, low: number, high: number, level: unknown) {
    expect(set.n).toBeGreaterThanOrEqual(low);
    expect(set.n).toBeLessThan(high);
    expect(set.points).toHaveLength(2 * set.n);
    expect(set.classes).toBe(k);
    // class balance as each generator defines it
    const per = counts(set.labels, k);
    if (set.source === 'circles') expect(per).toEqual([Math.floor(set.n / 2), set.n - Math.floor(set.n / 2)]);
    else if (set.source === 'moons') {
        // make_moons(⌈n/2⌉) gives ⌊h/2⌋, ⌈h/2⌉; the shifted copy repeats all of it (n even) or all but one row (n odd)
        const h = Math.ceil(set.n / 2);
        expect(per.slice(0, 2)).toEqual([Math.floor(h / 2), h - Math.floor(h / 2)]);
        expect(per[2]! + per[3]!).toBe(set.n - h);
        for (const c of [0, 1]) expect(per[c]! - per[c + 2]!).toBeGreaterThanOrEqual(0);
        for (const c of [0, 1]) expect(per[c]! - per[c + 2]!).toBeLessThanOrEqual(set.n % 2);
    } else expect(per).toEqual(Array.from({ length: 9 }, (_, c) => Math.floor(set.n / 9) + (c < set.n % 9 ? 1 : 0)));
    // level drawn in its interval
    if (typeof level === 'number') expect(set.level).toBe(level);
    else {
        const { from, to } = level as { from: number; to: number };
        expect(set.level).toBeGreaterThanOrEqual(from);
        expect(set.level).toBeLessThanOrEqual(to);
    }
    // standardised
    for (let d = 0; d < 2; d++) {
        let m = 0, v = 0;
        for (let i = 0; i < set.n; i++) m += set.points[2 * i + d]!;
        m /= set.n;
        for (let i = 0; i < set.n; i++) v += (set.points[2 * i + d]! - m) ** 2;
        expect(Math.abs(m)).toBeLessThan(1e-12);
        expect(v / set.n).toBeCloseTo(1, 12);
    }
    // labelled: 30 % in all, class-balanced
    const labelled = Array.from(set.labels).filter((_, i) => set.labelled[i] === 1);
    expect(labelled.length).toBe(Math.floor(0.3 * set.n + 0.5));
    const lp = counts(labelled, k);
    per.forEach((nc, c) => expect(Math.abs(lp[c]! - 0.3 * nc), `class ${c}`).toBeLessThan(1));
}
