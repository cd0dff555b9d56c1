// Linkage, flat cuts and dendrogram exports against SciPy 1.10.1 (fixtures from
// scripts/reference/metrics_linkage.py): merge pairs and sizes identical, heights to 1e-9 relative,
// fcluster / cut_tree labels identical (hence also equal up to relabelling), leaves_list identical.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    clusterLeaves, cutTree, dendrogramFromLeafMerges, dendrogramFromRows, dendrogramRows, DendrogramError, fcluster, fromJsonTree, fromNewick, isMonotonic,
    leafOrder, maxHeightBelow, parseNewick, toJsonTree, toNewick, validateDendrogram, type Dendrogram,
} from '../../runtime/cluster/dendrogram.js';
import {
    condensedIndex, linkage, linkageFromDistances, LINKAGE_METHODS, pdist, type LinkageMethod,
} from '../../runtime/cluster/linkage.js';
import { adjustedRandIndex, samePartition } from '../../runtime/metrics/clustering.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = <T>(rel: string): T => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as T;

interface MethodFixture {
    Z: number[][];
    leaves: number[];
    fcluster: Record<string, number[]>;
    cutTree: Record<string, number[]>;
}
interface LinkageFixture {
    name: string;
    versions: Record<string, string>;
    n: number;
    tiesExpected: boolean;
    points: number[][];
    labels: number[];
    methods: Record<LinkageMethod, MethodFixture>;
}
const index = readJson<{ sets: string[] }>('test/fixtures/reference/linkage/index.json');
const sets = index.sets.map(name => readJson<LinkageFixture>(`test/fixtures/reference/linkage/${name}.json`));
const cases = sets.flatMap(s => LINKAGE_METHODS.map(m => [`${s.name} ${m}`, s, m] as const));

const REL = 1e-9;
const relErr = (got: number, want: number): number => (want === 0 ? Math.abs(got) : Math.abs(got / want - 1));

describe('linkage matches scipy.cluster.hierarchy.linkage', () => {
    it('has fixtures from SciPy 1.10.1, with exact-tie sets among them', () => {
        expect(sets.length).toBeGreaterThanOrEqual(9);
        for (const s of sets) expect(s.versions.scipy).toBe('1.10.1');
        expect(sets.filter(s => s.tiesExpected).map(s => s.name)).toEqual(['grid-ties-4x4', 'grid-ties-5x7']);
        expect(sets.some(s => s.n === 300)).toBe(true);
    });

    it.each(cases)('%s: same merges, heights to 1e-9', (_, s, method) => {
        const d = linkage(s.points, method);
        const ref = s.methods[method].Z;
        const got = dendrogramRows(d);
        expect(got.map(r => [r[0], r[1], r[3]])).toEqual(ref.map(r => [r[0], r[1], r[3]]));
        for (let k = 0; k < ref.length; k++) {
            expect(relErr(got[k]![2], ref[k]![2]!), `merge ${k} height`).toBeLessThanOrEqual(REL);
        }
        expect(isMonotonic(d)).toBe(true);
    });

    it('reproduces the heights bit for bit (reports the worst error)', () => {
        let worst = 0;
        let differ = 0;
        let total = 0;
        for (const [, s, method] of cases) {
            const got = linkage(s.points, method).Z;
            s.methods[method].Z.forEach((r, k) => {
                const h = got[4 * k + 2]!;
                if (h !== r[2]) differ++;
                worst = Math.max(worst, relErr(h, r[2]!));
                total++;
            });
        }
        console.log(`linkage heights: ${total - differ}/${total} bit-identical to SciPy, worst relative error ${worst.toExponential(2)}`);
        expect(worst).toBeLessThan(1e-14);
    });

    it.each(cases)('%s: fcluster(maxclust) and cut_tree labels as SciPy', (_, s, method) => {
        const d = dendrogramFromRows(s.methods[method].Z);
        const mine = linkage(s.points, method);
        const ks = Object.keys(s.methods[method].fcluster);
        expect(ks.length).toBeGreaterThanOrEqual(5);
        for (const k of ks) {
            const want = s.methods[method].fcluster[k]!;
            const got = Array.from(fcluster(mine, Number(k)));
            expect(got, `k = ${k}`).toEqual(want); // SciPy's numbering, not only the same partition
            expect(adjustedRandIndex(got, want)).toBe(1);
            expect(Array.from(fcluster(d, Number(k)))).toEqual(want);
        }
        for (const [k, want] of Object.entries(s.methods[method].cutTree)) {
            const got = cutTree(mine, Number(k));
            expect(Array.from(got), `cut_tree k = ${k}`).toEqual(want);
            expect(new Set(got).size).toBe(Number(k));
        }
        expect(Array.from(leafOrder(mine))).toEqual(s.methods[method].leaves);
    });

    it('gives k clusters for k = 2 … n − 2 on tie-free sets (maxclust)', () => {
        for (const s of sets.filter(x => !x.tiesExpected && x.n <= 100)) {
            for (const method of LINKAGE_METHODS) {
                const d = linkage(s.points, method);
                for (let k = 1; k <= s.n - 2; k++) expect(new Set(fcluster(d, k)).size).toBe(k);
            }
        }
    });

    it('recovers well-separated blobs (k = 9) with average and Ward, as SciPy does', () => {
        const s = sets.find(x => x.name === 'blobs-300')!;
        for (const method of ['average', 'ward'] as const) {
            expect(adjustedRandIndex(s.labels, fcluster(linkage(s.points, method), 9))).toBeGreaterThan(0.9);
        }
    });
});

describe('fcluster beyond SciPy 1.10 (the scipy#21121 fix)', () => {
    const s = sets.find(x => x.name === 'moons-20')!;
    const d = linkage(s.points, 'average');

    it('k = n − 1 gives n − 1 clusters: only the lowest merge applied', () => {
        const t = fcluster(d, s.n - 1);
        expect(new Set(t).size).toBe(s.n - 1);
        const [a, b] = [d.Z[0]!, d.Z[1]!];
        expect(t[a]).toBe(t[b]);
    });

    it('k ≥ n gives singletons numbered 1..n', () => {
        expect(Array.from(fcluster(d, s.n))).toEqual(Array.from({ length: s.n }, (_, i) => i + 1));
        expect(Array.from(fcluster(d, 10 * s.n))).toEqual(Array.from({ length: s.n }, (_, i) => i + 1));
    });

    it('rejects k < 1 and non-integers (scipy#21206 reads past the array for k = 0)', () => {
        expect(() => fcluster(d, 0)).toThrow(DendrogramError);
        expect(() => fcluster(d, 2.5)).toThrow(/integer ≥ 1/);
        expect(() => cutTree(d, 0)).toThrow(/1 ≤ k ≤ n/);
        expect(() => cutTree(d, s.n + 1)).toThrow(/1 ≤ k ≤ n/);
    });

    it('merges tied heights together: fewer than k clusters (cutTree gives exactly k)', () => {
        // four points on a line, 0 — 1 — 2 — 3 at unit spacing: every single-linkage merge is at height 1
        const line = linkage([[0], [1], [2], [3]], 'single');
        expect(Array.from(line.Z.filter((_, i) => i % 4 === 2))).toEqual([1, 1, 1]);
        expect(Array.from(fcluster(line, 2))).toEqual([1, 1, 1, 1]);
        expect(new Set(cutTree(line, 2)).size).toBe(2);
    });
});

describe('linkage API', () => {
    it('computes condensed Euclidean distances in SciPy order', () => {
        const X = [[0, 0], [3, 4], [6, 8]];
        expect(Array.from(pdist(X))).toEqual([5, 10, 5]);
        expect(Array.from(pdist({ data: [0, 0, 3, 4, 6, 8], rows: 3, cols: 2 }))).toEqual([5, 10, 5]);
        expect(condensedIndex(3, 0, 2)).toBe(1);
        expect(condensedIndex(3, 2, 1)).toBe(2);
    });

    it('gives the textbook results on three points', () => {
        const X = [[0], [1], [4]];
        expect(dendrogramRows(linkage(X, 'single'))).toEqual([[0, 1, 1, 2], [2, 3, 3, 3]]);
        expect(dendrogramRows(linkage(X, 'complete'))).toEqual([[0, 1, 1, 2], [2, 3, 4, 3]]);
        expect(dendrogramRows(linkage(X, 'average'))).toEqual([[0, 1, 1, 2], [2, 3, 3.5, 3]]);
        // Ward: sqrt(2 · |ΔSSE|) with ΔSSE = (1·2/3) · (4 − 0.5)² = 49/6  →  sqrt(49/3)
        const ward = dendrogramRows(linkage(X, 'ward'));
        expect(ward[1]![2]).toBeCloseTo(Math.sqrt(49 / 3), 14);
    });

    it('accepts precomputed distances and agrees with the points path', () => {
        const s = sets.find(x => x.name === 'blobs-100')!;
        for (const method of LINKAGE_METHODS) {
            expect(linkageFromDistances(pdist(s.points), method).Z).toEqual(linkage(s.points, method).Z);
        }
    });

    it('handles one and two points, and rejects bad input clearly', () => {
        expect(linkage([[1, 2]], 'ward')).toEqual({ n: 1, Z: new Float64Array(0) });
        expect(dendrogramRows(linkage([[0, 0], [0, 2]], 'ward'))).toEqual([[0, 1, 2, 2]]);
        expect(() => linkage([], 'single')).toThrow(/no points/);
        expect(() => linkage([[0, 0], [1]], 'single')).toThrow(/point 1 has 1 coordinates/);
        expect(() => linkage([[0, NaN], [1, 1]], 'single')).toThrow(/must be finite/);
        expect(() => linkage([[0], [1]], 'centroid' as LinkageMethod)).toThrow(/unknown linkage method 'centroid'/);
        expect(() => linkageFromDistances([1, 2], 'single')).toThrow(/not the length of a condensed/);
        expect(() => linkageFromDistances([1, -2, 3], 'single')).toThrow(/finite and ≥ 0/);
    });
});

describe('dendrogram', () => {
    const s = sets.find(x => x.name === 'moons-100')!;
    const d = linkage(s.points, 'ward');

    it('validates linkage matrices as SciPy does', () => {
        expect(() => dendrogramFromRows([[0, 1, 1, 2], [0, 2, 2, 3]])).toThrow(/cluster 0 is merged twice/);
        expect(() => dendrogramFromRows([[0, 3, 1, 2], [1, 2, 2, 2]])).toThrow(/cluster 3, which does not exist yet/);
        expect(() => dendrogramFromRows([[0, 1, -1, 2], [2, 3, 2, 3]])).toThrow(/height -1/);
        expect(() => dendrogramFromRows([[0, 1, 1, 3], [2, 3, 2, 3]])).toThrow(/size 3, but its children hold 2/);
        expect(() => dendrogramFromRows([[0, 1, 1, 2]], 4)).toThrow(/1 merges for 4 leaves/);
        expect(() => validateDendrogram(d)).not.toThrow();
        // non-monotonic trees are valid; fcluster cuts on the largest height below each merge
        const inverted = dendrogramFromRows([[0, 1, 2, 2], [2, 3, 1, 3]]);
        expect(isMonotonic(inverted)).toBe(false);
        expect(Array.from(maxHeightBelow(inverted))).toEqual([2, 2]);
    });

    it('writes Newick with branch lengths from the heights', () => {
        const small = linkage([[0], [1], [4]], 'single');
        expect(toNewick(small)).toBe('(2:3,(0:1,1:1):2);');
        expect(toNewick(small, { labels: ['a', 'b b', "c'd"] })).toBe("('c''d':3,(a:1,'b b':1):2);");
        expect(toNewick(linkage([[0], [1 / 3]], 'single'), { digits: 3 })).toBe('(0:0.333,1:0.333);');
        expect(toNewick({ n: 1, Z: new Float64Array(0) })).toBe('0;');
    });

    it('round-trips through Newick: same merges and heights', () => {
        for (const method of LINKAGE_METHODS) {
            const tree = linkage(s.points, method);
            const back = fromNewick(toNewick(tree));
            const a = dendrogramRows(tree);
            const b = dendrogramRows(back);
            expect(b.map(r => [r[0], r[1], r[3]])).toEqual(a.map(r => [r[0], r[1], r[3]]));
            for (let k = 0; k < a.length; k++) expect(relErr(b[k]![2], a[k]![2])).toBeLessThan(1e-12);
            expect(Array.from(fcluster(back, 4))).toEqual(Array.from(fcluster(tree, 4)));
        }
        const labels = s.points.map((_, i) => `pt_${i} (${s.labels[i]})`);
        const text = toNewick(d, { labels });
        const back = fromNewick(text, labels);
        expect(Array.from(leafOrder(back))).toEqual(Array.from(leafOrder(d)));
        expect(() => fromNewick('(0:1,1:1,2:1);')).toThrow(/3 children; dendrograms are binary/);
        expect(() => fromNewick('(0:1,(1:1,2:1));')).toThrow(/no length/);
        expect(() => fromNewick('(0:1,(1:1,5:1):1);')).toThrow(/leaf '5' is not one of the ids 0..2/);
        expect(() => parseNewick('((a,b);')).toThrow(/unclosed/);
    });

    it('parses Newick comments, quotes and underscores', () => {
        expect(parseNewick("(A_b:1.5,'x,y':2e-1)[root comment]root;")).toEqual({
            name: 'root',
            children: [{ name: 'A b', length: 1.5 }, { name: 'x,y', length: 0.2 }],
        });
    });

    it('converts to a nested JSON tree and back', () => {
        const tree = toJsonTree(d);
        expect(tree.id).toBe(2 * s.n - 2);
        expect(tree.size).toBe(s.n);
        expect(tree.height).toBe(d.Z[4 * (s.n - 2) + 2]);
        expect(tree.children![0].id).toBe(d.Z[4 * (s.n - 2)]);
        const round = fromJsonTree(JSON.parse(JSON.stringify(tree)));
        expect(round).toEqual(d);
        const small = toJsonTree(linkage([[0], [1], [4]], 'single'), ['a', 'b', 'c']);
        expect(small).toEqual({
            id: 4, height: 3, size: 3, children: [
                { id: 2, height: 0, size: 1, label: 'c' },
                { id: 3, height: 1, size: 2, children: [{ id: 0, height: 0, size: 1, label: 'a' }, { id: 1, height: 0, size: 1, label: 'b' }] },
            ],
        });
    });

    it('cuts agree with the partition implied by the tree', () => {
        for (const k of [2, 3, 7]) {
            const maxclust = fcluster(d, k);
            expect(samePartition(maxclust, cutTree(d, k))).toBe(true); // no ties in this set
        }
        const t: Dendrogram = d;
        expect(leafOrder(t).length).toBe(s.n);
    });
});

describe('dendrogram from leaf merges (union-find decoding)', () => {
    it('labels merges named by leaves as SciPy labels its MST edges', () => {
        // merges in decoding order, named by any leaf of each cluster
        const d = dendrogramFromLeafMerges(4, [[2, 3, 0.5], [0, 1, 0.7], [1, 3, 2]]);
        expect(dendrogramRows(d)).toEqual([[2, 3, 0.5, 2], [0, 1, 0.7, 2], [4, 5, 2, 4]]);
        const sorted = dendrogramFromLeafMerges(4, [[0, 3, 2], [2, 3, 0.5], [1, 0, 0.7]], { sort: true });
        expect(dendrogramRows(sorted)).toEqual([[2, 3, 0.5, 2], [0, 1, 0.7, 2], [4, 5, 2, 4]]);
        expect(() => dendrogramFromLeafMerges(3, [[0, 1, 1], [1, 0, 2]])).toThrow(/already in one cluster/);
        expect(() => dendrogramFromLeafMerges(3, [[0, 1, 1], [1, 7, 2]])).toThrow(/names leaf 7/);
        expect(() => dendrogramFromLeafMerges(3, [[0, 1, 1]])).toThrow(/1 merges for 3 leaves/);
    });

    it('rebuilds a SciPy linkage from one leaf per cluster', () => {
        for (const s of sets.filter(x => x.n === 100)) {
            for (const method of LINKAGE_METHODS) {
                const ref = s.methods[method].Z;
                const leaves = dendrogramFromRows(ref);
                const members = clusterLeaves(leaves);
                // name each merge by the largest leaf of one side and the smallest of the other
                const merges = ref.map(([a, b, h]) => [Math.max(...members[a!]!), Math.min(...members[b!]!), h!] as const);
                expect(dendrogramRows(dendrogramFromLeafMerges(s.n, merges))).toEqual(ref);
            }
        }
    });
});
