// Clustering metrics against scikit-learn 1.2.1 (fixtures from scripts/reference/metrics_linkage.py) and
// Dasgupta's cost against a SciPy-derived reference, a hand-checked toy and its identities.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    adjustedRandIndex, canonicalLabels, ClusteringMetricError, contingencyTable, entropy, mutualInformation,
    normalizedMutualInformation, purity, samePartition, type NmiAverage,
} from '../../runtime/metrics/clustering.js';
import {
    dasguptaCost, DasguptaError, lcaLeafCounts, normalizedDasguptaCost, sameClassSimilarity,
} from '../../runtime/metrics/dasgupta.js';
import { clusterLeaves, dendrogramFromRows, type Dendrogram } from '../../runtime/cluster/dendrogram.js';
import { linkage, pdist, LINKAGE_METHODS } from '../../runtime/cluster/linkage.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = <T>(rel: string): T => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as T;

interface MetricCase {
    name: string;
    labelsTrue?: number[];
    labelsPred?: number[];
    rule?: { n: number; labelsTrue: string; labelsPred: string };
    ari: number;
    nmi: Record<NmiAverage, number>;
    purity: number;
    contingency?: { classes: number[]; clusters: number[]; table: number[][] };
}
const metricsFixture = readJson<{ versions: Record<string, string>; cases: MetricCase[] }>('test/fixtures/reference/metrics/clustering.json');

// The closed-form labellings of the large cases (same formulas as the Python script).
function formulaLabels(rule: string, n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
        switch (rule) {
            case 'mod7': out[i] = i % 7; break;
            case 'sq-mod11': out[i] = Number((BigInt(i) * BigInt(i) + 3n) % 11n); break;
            case 'mod7-noisy': out[i] = i % 5 === 0 ? Math.floor(i / 5) % 3 : i % 7; break;
            default: throw new Error(`unknown rule ${rule}`);
        }
    }
    return out;
}

function labelsOf(c: MetricCase): [ArrayLike<number>, ArrayLike<number>] {
    if (c.rule) return [formulaLabels(c.rule.labelsTrue, c.rule.n), formulaLabels(c.rule.labelsPred, c.rule.n)];
    return [c.labelsTrue!, c.labelsPred!];
}

const TOL = 1e-9;

describe('clustering metrics match scikit-learn', () => {
    it('uses fixtures from the pinned Debian versions', () => {
        expect(metricsFixture.versions.sklearn).toBe('1.2.1');
        expect(metricsFixture.cases.length).toBeGreaterThanOrEqual(24);
    });

    it.each(metricsFixture.cases.map(c => [c.name, c] as const))('%s', (_, c) => {
        const [t, p] = labelsOf(c);
        expect(Math.abs(adjustedRandIndex(t, p) - c.ari), 'ARI').toBeLessThanOrEqual(TOL);
        for (const avg of ['arithmetic', 'geometric', 'min', 'max'] as const) {
            expect(Math.abs(normalizedMutualInformation(t, p, avg) - c.nmi[avg]), `NMI ${avg}`).toBeLessThanOrEqual(TOL);
        }
        expect(Math.abs(normalizedMutualInformation(t, p) - c.nmi.arithmetic), 'NMI default = arithmetic').toBeLessThanOrEqual(TOL);
        expect(Math.abs(purity(t, p) - c.purity), 'purity').toBeLessThanOrEqual(TOL);
        if (c.contingency) {
            const ct = contingencyTable(t, p);
            expect(ct.classes).toEqual(c.contingency.classes);
            expect(ct.clusters).toEqual(c.contingency.clusters);
            const rows = c.contingency.table.map((_, i) => Array.from(ct.counts.slice(i * ct.clusters.length, (i + 1) * ct.clusters.length)));
            expect(rows).toEqual(c.contingency.table);
        }
    });

    it('matches most cases to the last bits (reports the worst error)', () => {
        let worst = 0;
        let exact = 0;
        let total = 0;
        for (const c of metricsFixture.cases) {
            const [t, p] = labelsOf(c);
            for (const [got, want] of [[adjustedRandIndex(t, p), c.ari], [normalizedMutualInformation(t, p), c.nmi.arithmetic], [purity(t, p), c.purity]] as const) {
                worst = Math.max(worst, Math.abs(got - want));
                if (got === want) exact++;
                total++;
            }
        }
        console.log(`clustering metrics: ${exact}/${total} bit-identical to scikit-learn, worst |error| ${worst.toExponential(2)}`);
        expect(worst).toBeLessThan(1e-13);
    });

    it('gives exact values on the edge cases (as scikit-learn)', () => {
        // identical partitions under other names
        expect(adjustedRandIndex([0, 0, 1, 1, 2], [7, 7, -3, -3, 1e9])).toBe(1);
        expect(normalizedMutualInformation([0, 0, 1, 1, 2], [7, 7, -3, -3, 1e9])).toBe(1);
        // single cluster on both sides: a perfect match
        expect(adjustedRandIndex([1, 1, 1], [4, 4, 4])).toBe(1);
        expect(normalizedMutualInformation([1, 1, 1], [4, 4, 4])).toBe(1);
        // single cluster on one side only
        expect(adjustedRandIndex([0, 0, 1, 1], [5, 5, 5, 5])).toBe(0);
        expect(normalizedMutualInformation([0, 0, 1, 1], [5, 5, 5, 5])).toBe(0);
        expect(purity([0, 0, 0, 1], [5, 5, 5, 5])).toBe(0.75);
        // all singletons on both sides: no pair agrees or disagrees
        expect(adjustedRandIndex([0, 1, 2, 3], [3, 2, 1, 0])).toBe(1);
        expect(purity([0, 0, 1, 1], [0, 1, 2, 3])).toBe(1);
        // n = 1
        expect(adjustedRandIndex([3], [9])).toBe(1);
        expect(normalizedMutualInformation([3], [9])).toBe(1);
        // below chance
        expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBe(-0.5);
        // a textbook value: ARI of [0,0,0,1,1,1] vs [0,0,1,1,2,2] = 0.24242424...
        expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 15);
    });

    it('ARI and NMI are symmetric, purity is not', () => {
        const t = [0, 0, 0, 1, 1, 2, 2, 2, 2];
        const p = [1, 1, 0, 0, 0, 0, 2, 2, 3];
        expect(adjustedRandIndex(t, p)).toBe(adjustedRandIndex(p, t));
        expect(Math.abs(normalizedMutualInformation(t, p) - normalizedMutualInformation(p, t))).toBeLessThan(1e-15);
        expect(purity(t, p)).toBeCloseTo(7 / 9, 15);
        expect(purity(p, t)).toBeCloseTo(6 / 9, 15);
    });

    it('computes entropy and mutual information in nats', () => {
        expect(entropy([0, 1])).toBeCloseTo(Math.LN2, 15);
        expect(entropy([4, 4, 4])).toBe(0);
        expect(mutualInformation([0, 0, 1, 1], [0, 0, 1, 1])).toBeCloseTo(Math.LN2, 15);
        expect(mutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
    });

    it('accepts typed arrays and large n without overflow', () => {
        // n = 100000: tp·tn ≈ 1e19 > 2^53; the fixture case above checks the value, this checks types.
        const t = formulaLabels('mod7', 100000);
        const p = Float64Array.from(t);
        expect(adjustedRandIndex(t, p)).toBe(1);
        expect(normalizedMutualInformation(t, p)).toBeCloseTo(1, 14);
    });

    it('rejects empty, mismatched and non-integer input with a clear error', () => {
        expect(() => adjustedRandIndex([], [])).toThrow(ClusteringMetricError);
        expect(() => adjustedRandIndex([], [])).toThrow(/no samples/);
        expect(() => normalizedMutualInformation([], [])).toThrow(/no samples/);
        expect(() => purity([], [])).toThrow(/no samples/);
        expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/differ in length: 2 true labels, 1 predicted/);
        expect(() => purity([0, 1.5], [0, 1])).toThrow(/true label 1 is 1.5: labels must be integers/);
        expect(() => adjustedRandIndex([0, 1], [0, NaN])).toThrow(/predicted label 1 is NaN/);
        expect(() => normalizedMutualInformation([0, 1], [0, 1], 'harmonic' as NmiAverage)).toThrow(/unknown NMI normalisation/);
    });

    it('relabels canonically', () => {
        expect(Array.from(canonicalLabels([5, 5, -1, 7, -1, 5]))).toEqual([0, 0, 1, 2, 1, 0]);
        expect(samePartition([5, 5, -1, 7], [1, 1, 2, 0])).toBe(true);
        expect(samePartition([5, 5, -1, 7], [1, 1, 2, 2])).toBe(false);
    });
});

// ---- Dasgupta ---------------------------------------------------------------------------------------

interface LinkageFixture {
    name: string;
    n: number;
    points: number[][];
    labels: number[];
    methods: Record<string, { Z: number[][]; dasgupta: { gaussian: number; sameClass: number } }>;
}
const setNames = readJson<{ sets: string[] }>('test/fixtures/reference/linkage/index.json').sets;
const sets = setNames.map(name => readJson<LinkageFixture>(`test/fixtures/reference/linkage/${name}.json`));

const gaussian = (points: number[][]): Float64Array => pdist(points).map(d => Math.exp(-(d * d) / 2));

// Brute force, independent of the merge walk: LCA = smallest cluster holding both leaves.
function bruteLcaSizes(d: Dendrogram): number[][] {
    const leaves = clusterLeaves(d);
    const best = Array.from({ length: d.n }, () => new Array<number>(d.n).fill(Infinity));
    for (const members of leaves.slice(d.n)) {
        for (const i of members) for (const j of members) if (i !== j) best[i]![j] = Math.min(best[i]![j]!, members.length);
    }
    return best;
}

describe('Dasgupta cost', () => {
    // Leaves 0..3; w01 = 1, w23 = 1, w02 = 0.5, every other pair 0.
    const w = [
        [0, 1, 0.5, 0],
        [1, 0, 0, 0],
        [0.5, 0, 0, 1],
        [0, 0, 1, 0],
    ];

    it('hand-checked toy: balanced tree ((0,1),(2,3))', () => {
        const balanced = dendrogramFromRows([[0, 1, 1, 2], [2, 3, 1.5, 2], [4, 5, 3, 4]]);
        // (0,1) meet in a 2-leaf cluster, (2,3) too, (0,2) only at the 4-leaf root: 1·2 + 1·2 + 0.5·4 = 6
        expect(dasguptaCost(balanced, w)).toBe(6);
        // flat-tree cost n·Σw = 4 · 2.5 = 10
        expect(normalizedDasguptaCost(balanced, w)).toBe(0.6);
    });

    it('hand-checked toy: caterpillar (((0,1),2),3)', () => {
        const caterpillar = dendrogramFromRows([[0, 1, 1, 2], [2, 4, 2, 3], [3, 5, 3, 4]]);
        // (0,1) → 2 leaves, (0,2) → 3, (2,3) → 4: 1·2 + 0.5·3 + 1·4 = 7.5
        expect(dasguptaCost(caterpillar, w)).toBe(7.5);
        // the balanced tree is better for these similarities
        expect(Array.from(lcaLeafCounts(caterpillar))).toEqual([2, 3, 4, 3, 4, 4]);
    });

    it('reads rows, flat n×n and condensed similarities alike', () => {
        const d = dendrogramFromRows([[0, 1, 1, 2], [2, 3, 1.5, 2], [4, 5, 3, 4]]);
        const flat = Float64Array.from(w.flat());
        const condensed = [1, 0.5, 0, 0, 0, 1];
        expect(dasguptaCost(d, flat)).toBe(6);
        expect(dasguptaCost(d, condensed)).toBe(6);
        expect(() => dasguptaCost(d, [1, 2, 3])).toThrow(DasguptaError);
        expect(() => normalizedDasguptaCost(d, new Float64Array(6))).toThrow(/sum to 0/);
    });

    it.each(sets.filter(s => s.n <= 100).map(s => [s.name, s] as const))('%s: matches the SciPy cophenetic reference', (_, s) => {
        const wg = gaussian(s.points);
        const wc = sameClassSimilarity(s.labels);
        for (const method of LINKAGE_METHODS) {
            const ref = s.methods[method]!;
            const d = dendrogramFromRows(ref.Z);
            expect(Math.abs(dasguptaCost(d, wg) / ref.dasgupta.gaussian - 1), `${method} gaussian`).toBeLessThan(1e-12);
            expect(dasguptaCost(d, wc), `${method} same class`).toBe(ref.dasgupta.sameClass);
            // the tree built here gives the same cost (same tree)
            expect(Math.abs(dasguptaCost(linkage(s.points, method), wg) / ref.dasgupta.gaussian - 1)).toBeLessThan(1e-12);
        }
    });

    it('equals the triplet form of the HypHC objective (eq. 1, discrete) and the brute-force LCA sum', () => {
        const s = sets.find(x => x.name === 'moons-20')!;
        const n = s.n;
        const wg = gaussian(s.points);
        const W = (i: number, j: number): number => {
            if (i > j) [i, j] = [j, i];
            return wg[n * i - (i * (i + 1)) / 2 + (j - i - 1)]!;
        };
        for (const method of LINKAGE_METHODS) {
            const d = linkage(s.points, method);
            const lca = bruteLcaSizes(d);
            let brute = 0;
            let pairs = 0;
            for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { brute += W(i, j) * lca[i]![j]!; pairs += W(i, j); }
            let triplets = 0;
            for (let i = 0; i < n; i++) {
                for (let j = i + 1; j < n; j++) {
                    for (let k = j + 1; k < n; k++) {
                        // the pair of the triple that merges first has the smallest LCA
                        const sij = lca[i]![j]!, sik = lca[i]![k]!, sjk = lca[j]![k]!;
                        const first = sij < sik && sij < sjk ? W(i, j) : sik < sjk ? W(i, k) : W(j, k);
                        triplets += W(i, j) + W(i, k) + W(j, k) - first;
                    }
                }
            }
            const cost = dasguptaCost(d, wg);
            expect(Math.abs(cost / brute - 1), method).toBeLessThan(1e-12);
            expect(Math.abs(cost / (triplets + 2 * pairs) - 1), method).toBeLessThan(1e-12);
            const counts = lcaLeafCounts(d);
            let m = 0;
            for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(counts[m++]).toBe(lca[i]![j]);
        }
    });

    it('costs (n³ − n)/3 for unit similarities, whatever the tree', () => {
        for (const s of sets) {
            const ones = new Float64Array((s.n * (s.n - 1)) / 2).fill(1);
            for (const method of LINKAGE_METHODS) {
                expect(dasguptaCost(dendrogramFromRows(s.methods[method]!.Z), ones)).toBe((s.n ** 3 - s.n) / 3);
            }
        }
    });

    it('ignores the order of children and keeps the normalised cost in [2/n, 1]', () => {
        const s = sets.find(x => x.name === 'blobs-100')!;
        const wg = gaussian(s.points);
        const d = linkage(s.points, 'average');
        const swapped = dendrogramFromRows(s.methods.average!.Z.map(([a, b, h, z]) => [b!, a!, h!, z!]));
        // (the pairs are summed in another order: equal up to rounding)
        expect(Math.abs(dasguptaCost(swapped, wg) / dasguptaCost(d, wg) - 1)).toBeLessThan(1e-14);
        const norm = normalizedDasguptaCost(d, wg);
        expect(norm).toBeGreaterThan(2 / s.n);
        expect(norm).toBeLessThan(1);
        // a good tree of well-separated blobs beats the worst (a chain built in an arbitrary order)
        const chain = dendrogramFromRows(Array.from({ length: s.n - 1 }, (_, k) => [k === 0 ? 0 : s.n + k - 1, k + 1, k + 1, k + 2]));
        expect(normalizedDasguptaCost(chain, wg)).toBeGreaterThan(norm);
    });
});
