// runtime/hyperbolic/poincare: distances, d_o and hyperbolic LCAs against an independent reference (numeric
// minimisation of the norm along the geodesic in mpmath, written by scripts/reference/generators_hyperbolic.py),
// the HypHC loss, and decoding to a SciPy-style linkage matrix (against SciPy's single linkage).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    decodeDendrogram, distanceToOrigin, geodesicPoint, hyperbolicLca, hyphcLca, hyphcLoss, hyphcTripleTerm, lcaDepth, mobiusAdd,
    norm, poincareDistance, projectToBall, softmaxWithTemperature, toRadius,
} from '../../runtime/hyperbolic/poincare.js';
import { Random } from '../../runtime/random/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/hyperbolic/poincare.json'), 'utf8'));

const TOL = 1e-9;
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    expect(a.length).toBe(b.length);
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    return m;
};
const polar = (r: number, theta: number) => [r * Math.cos(theta), r * Math.sin(theta)];

interface PairCase {
    label: string; a: number[]; b: number[]; distance: number; dOriginA: number; dOriginB: number;
    lcaSegment: number[]; lcaSegmentDepth: number; lcaSegmentDepthScipy: number; lcaLine?: number[]; lcaLineDepth?: number;
}
const pairs: PairCase[] = ref.pairs;

describe('Poincaré distance and d_o against the reference (1e-9)', () => {
    it.each(pairs.map(c => [c.label, c] as const))('%s', (_, c) => {
        expect(Math.abs(poincareDistance(c.a, c.b) - c.distance)).toBeLessThanOrEqual(TOL * Math.max(1, c.distance));
        expect(Math.abs(poincareDistance(c.b, c.a) - c.distance)).toBeLessThanOrEqual(TOL * Math.max(1, c.distance));
        expect(Math.abs(distanceToOrigin(c.a) - c.dOriginA)).toBeLessThanOrEqual(TOL);
        expect(Math.abs(distanceToOrigin(c.b) - c.dOriginB)).toBeLessThanOrEqual(TOL);
    });

    it('is a metric with d(o, x) = d_o(x)', () => {
        const r = Random.seeded(1);
        for (let t = 0; t < 200; t++) {
            const [x, y, z] = [0, 1, 2].map(() => polar(Math.sqrt(r.uniform(0, 0.98)), r.uniform(0, 2 * Math.PI))) as [number[], number[], number[]];
            expect(poincareDistance(x, x)).toBe(0);
            expect(poincareDistance(x, z)).toBeLessThanOrEqual(poincareDistance(x, y) + poincareDistance(y, z) + 1e-12);
            expect(Math.abs(poincareDistance([0, 0], x) - distanceToOrigin(x))).toBeLessThan(1e-12);
            // Möbius form: d(x, y) = 2 artanh ‖(−x) ⊕ y‖
            expect(Math.abs(poincareDistance(x, y) - 2 * Math.atanh(norm(mobiusAdd(x.map(v => -v), y))))).toBeLessThan(1e-9);
        }
        expect(poincareDistance([1, 0], [0, 0])).toBe(Infinity);
    });

    it('toRadius and projectToBall', () => {
        expect(Array.from(toRadius([3, 4], 0.5))).toEqual([0.3, 0.4]);
        expect(Array.from(toRadius([0, 0], 0.5))).toEqual([0, 0]);
        expect(norm(projectToBall([3, 4]))).toBeCloseTo(1 - 1e-5, 15);
        expect(Array.from(projectToBall([0.3, 0.4]))).toEqual([0.3, 0.4]);
        expect(norm(projectToBall([0.3, 0.4], 0.1))).toBeCloseTo(0.1, 15);
    });
});

describe('hyperbolic LCA against the reference (numeric minimisation along the geodesic)', () => {
    it.each(pairs.map(c => [c.label, c] as const))('%s: segment LCA point and depth to 1e-9', (_, c) => {
        expect(maxAbs(hyperbolicLca(c.a, c.b), c.lcaSegment)).toBeLessThanOrEqual(TOL);
        expect(maxAbs(hyperbolicLca(c.b, c.a), c.lcaSegment)).toBeLessThanOrEqual(TOL);
        expect(Math.abs(lcaDepth(c.a, c.b) - c.lcaSegmentDepth)).toBeLessThanOrEqual(TOL);
        // the float64 SciPy minimiser agrees too, as far as its bounded Brent search resolves the norm (d_o amplifies errors by 2/(1 − ‖p‖²))
        const r = norm(c.lcaSegment);
        expect(Math.abs(lcaDepth(c.a, c.b) - c.lcaSegmentDepthScipy)).toBeLessThanOrEqual(Math.max(1e-8, 1e-10 * 2 / (1 - r * r)));
        if (c.lcaLine) {
            expect(maxAbs(hyperbolicLca(c.a, c.b, { geodesic: 'line' }), c.lcaLine)).toBeLessThanOrEqual(TOL);
            expect(Math.abs(lcaDepth(c.a, c.b, { geodesic: 'line' }) - c.lcaLineDepth!)).toBeLessThanOrEqual(TOL);
            // HypHC's own inversion construction (defined for a ≠ 0)
            if (norm(c.a) > 0) expect(maxAbs(hyphcLca(c.a, c.b), c.lcaLine)).toBeLessThanOrEqual(TOL);
        }
    });

    it('the LCA of a point with itself is itself; of the origin and a point, the origin', () => {
        for (const x of [[0.4, -0.2], [0.999, 0], [1e-9, 0], [0, 0], [0.1, 0.2, 0.3]]) {
            expect(Array.from(hyperbolicLca(x, x))).toEqual(x);
            expect(Array.from(hyperbolicLca(x, x, { geodesic: 'line' }))).toEqual(x);
            expect(lcaDepth(x, x)).toBeCloseTo(distanceToOrigin(x), 14);
            expect(Array.from(hyperbolicLca(x.map(() => 0), x))).toEqual(x.map(() => 0));
        }
    });

    it('nearly antipodal points near the origin meet near the origin', () => {
        const a = [0.01, 0], b = [-0.01, 1e-4];
        const p = hyperbolicLca(a, b);
        expect(norm(p)).toBeLessThan(1e-4);
        expect(lcaDepth(a, b)).toBeLessThan(2e-4);
        expect(Array.from(hyperbolicLca([0.3, 0], [-0.6, 0]))).toEqual([0, 0]);
        // exactly antipodal pairs of every radius: the origin
        for (const r of [1e-6, 0.5, 0.999]) expect(lcaDepth([r, 0], [-r, 0])).toBe(0);
    });

    it('points on one ray meet at the inner one (segment); the full line passes through the origin', () => {
        expect(Array.from(hyperbolicLca([0.2, 0.1], [0.6, 0.3]))).toEqual([0.2, 0.1]);
        expect(norm(hyperbolicLca([0.2, 0.1], [0.6, 0.3], { geodesic: 'line' }))).toBe(0);
    });

    it('lies on the geodesic, nearest the origin (random pairs)', () => {
        const r = Random.seeded(2);
        for (let t = 0; t < 300; t++) {
            const a = polar(Math.sqrt(r.uniform(0, 0.95)), r.uniform(0, 2 * Math.PI));
            const b = polar(Math.sqrt(r.uniform(0, 0.95)), r.uniform(0, 2 * Math.PI));
            const p = hyperbolicLca(a, b);
            // on the segment: d(a, p) + d(p, b) = d(a, b)
            expect(Math.abs(poincareDistance(a, p) + poincareDistance(p, b) - poincareDistance(a, b))).toBeLessThan(1e-9);
            // no sampled point of the segment is nearer the origin
            let best = Infinity;
            for (let k = 0; k <= 200; k++) best = Math.min(best, norm(geodesicPoint(a, b, k / 200)));
            expect(norm(p)).toBeLessThanOrEqual(best + 1e-13);
            // for equal norms (the method's embeddings) segment and line agree, and match HypHC's hyp_lca
            const a1 = toRadius(a, 0.9), b1 = toRadius(b, 0.9);
            const s = hyperbolicLca(a1, b1), l = hyperbolicLca(a1, b1, { geodesic: 'line' });
            expect(maxAbs(s, l)).toBeLessThan(1e-12);
            expect(maxAbs(s, hyphcLca(a1, b1))).toBeLessThan(1e-9);
        }
    });

    it('equal radius: the depth has the closed form of the symmetric orthogonal circle', () => {
        for (const r of [0.3, 0.8, 0.99]) {
            for (const theta of [0.01, 0.5, 2, 3.1]) {
                expect(Math.abs(lcaDepth(polar(r, 1), polar(r, 1 + theta)) - equalRadiusDepth(r, theta))).toBeLessThan(1e-12);
            }
        }
    });
});

/** d_o of the LCA of two points of norm r at angle θ: the orthogonal circle's centre is at (1 + r²)/(2r cos(θ/2)). */
function equalRadiusDepth(r: number, theta: number): number {
    const k = 2 * r * Math.cos(theta / 2);
    const c = (1 + r * r) / k, cMinus1 = ((1 - r) ** 2 + 4 * r * Math.sin(theta / 4) ** 2) / k;
    return 2 * Math.atanh(1 / (c + Math.sqrt(cMinus1 * (c + 1))));
}

describe('HypHC loss', () => {
    it.each<[number, any]>(ref.loss.cases.map((c: any) => [c.temperature, c]))('toy case, τ = %s: every triple term and the total against the reference', (tau, c) => {
        const loss = hyphcLoss(ref.loss.points, 2, ref.loss.similarities, { temperature: tau });
        expect(loss.triples).toBe(4);
        expect(Math.abs(loss.tripleTerm - c.tripleTerm)).toBeLessThan(TOL);
        expect(Math.abs(loss.pairTerm - c.pairTerm)).toBeLessThan(1e-15);
        expect(Math.abs(loss.total - c.total)).toBeLessThan(TOL);
        expect(Math.abs(loss.meanTripleTerm - c.meanTripleTerm)).toBeLessThan(TOL);
        for (const term of c.terms) {
            const one = hyphcLoss(ref.loss.points, 2, ref.loss.similarities, { temperature: tau, triples: [term.triple] });
            expect(Math.abs(one.tripleTerm - term.value)).toBeLessThan(TOL);
        }
        // triples given as a flat Int32Array
        const flat = Int32Array.from(c.terms.flatMap((t: any) => t.triple));
        expect(hyphcLoss(ref.loss.points, 2, ref.loss.similarities, { temperature: tau, triples: flat }).tripleTerm).toBeCloseTo(loss.tripleTerm, 15);
    });

    // three points on one circle (r = 0.9), pair (0, 1) the only similar one: w01 = 1, w02 = w12 = 0
    const w = [0, 1, 0, 1, 0, 0, 0, 0, 0];
    const r = 0.9, tau = 0.1;
    const config = (close: [number, number], gap: number) => {
        // the close pair `gap` apart, the third point opposite them
        const angles = [0, 0, 0];
        angles[close[0]] = 0;
        angles[close[1]] = gap;
        angles[3 - close[0] - close[1]] = Math.PI + gap / 2;
        return angles.flatMap(t => polar(r, t));
    };

    it('toy case with a known optimum: the most similar pair with the deepest LCA', () => {
        const best = hyphcLoss(config([0, 1], 0.1), 2, w, { temperature: tau });
        // value at the optimum, from the closed-form depths: 1 − softmax_τ(d01, d02, d12)_0
        const d01 = equalRadiusDepth(r, 0.1), dFar = equalRadiusDepth(r, Math.PI - 0.05);
        const expected = 1 - softmaxWithTemperature([d01, dFar, dFar], tau)[0]!;
        expect(Math.abs(best.tripleTerm - expected)).toBeLessThan(1e-12);
        expect(best.pairTerm).toBe(1);
        expect(best.tripleTerm).toBeLessThan(1e-6); // the relaxed cost is ~0 when the similar pair is merged first
        // any other pair merged first costs more, and so do evenly spread points (by symmetry 1 − 1/3)
        for (const close of [[0, 2], [1, 2]] as [number, number][]) {
            expect(hyphcLoss(config(close, 0.1), 2, w, { temperature: tau }).tripleTerm).toBeGreaterThan(0.99);
        }
        const even = [0, 1, 2].flatMap(k => polar(r, (2 * Math.PI * k) / 3));
        expect(hyphcLoss(even, 2, w, { temperature: tau }).tripleTerm).toBeCloseTo(2 / 3, 12);
        // and the cost falls monotonically as the similar pair closes up
        let previous = Infinity;
        for (const gap of [2.5, 2, 1.5, 1, 0.5, 0.1]) {
            const v = hyphcLoss(config([0, 1], gap), 2, w, { temperature: tau }).tripleTerm;
            expect(v).toBeLessThan(previous);
            previous = v;
        }
    });

    it('triple term: softmax weights sum to one; stable for large depths', () => {
        expect(hyphcTripleTerm([1, 1, 1], [3, 1, 2], 0.1)).toBeCloseTo(2, 14);
        expect(hyphcTripleTerm([1, 0, 0], [1000, 0, 0], 0.01)).toBe(0);
        expect(softmaxWithTemperature([800, 800], 0.1)).toEqual([0.5, 0.5]);
    });
});

describe('decoding to a dendrogram', () => {
    it.each<[string, any]>(ref.dendrograms.map((d: any) => [d.label, d]))('%s: the same merges as SciPy single linkage on 1 − ‖i ∨ j‖', (_, d) => {
        const { linkage, depths } = decodeDendrogram(d.points, 2);
        expect(linkage).toHaveLength(d.n - 1);
        linkage.forEach((row, t) => {
            const e = d.linkage[t];
            expect([row[0], row[1], row[3]], `row ${t}`).toEqual([e[0], e[1], e[3]]);
            expect(Math.abs(row[2] - e[2])).toBeLessThan(TOL);
            expect(Math.abs(row[2] - (1 - Math.tanh(depths[t]! / 2)))).toBeLessThan(1e-12);
        });
        for (let t = 1; t < linkage.length; t++) expect(linkage[t]![2]).toBeGreaterThanOrEqual(linkage[t - 1]![2]);
    });

    it('a tiny configuration gives the expected merges', () => {
        // two tight pairs on opposite sides, and a fifth point on its own between them
        const z = [...polar(0.9, 0), ...polar(0.9, 0.05), ...polar(0.9, Math.PI), ...polar(0.9, Math.PI + 0.1), ...polar(0.9, Math.PI / 2)];
        const { linkage } = decodeDendrogram(z, 2);
        expect(linkage.map(r => [r[0], r[1], r[3]])).toEqual([[0, 1, 2], [2, 3, 2], [4, 5, 3], [6, 7, 5]]);
        expect(linkage[0]![2]).toBeCloseTo(1 - Math.tanh(equalRadiusDepth(0.9, 0.05) / 2), 12);
        expect(decodeDendrogram([0.1, 0.2], 2).linkage).toEqual([]);
        expect(decodeDendrogram([], 2).linkage).toEqual([]);
        const two = decodeDendrogram([0.5, 0, 0, 0.5], 2).linkage;
        expect(two).toHaveLength(1);
        expect(two[0]!.slice(0, 2)).toEqual([0, 1]);
        expect(two[0]![3]).toBe(2);
    });
});
