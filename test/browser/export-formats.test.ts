// The panels' export formats and the dendrogram cut, in Node: Newick as the runtime writes it, CSV, the
// TensorBoard projector's TSV pair.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromJsonTree, toNewick as runtimeNewick } from '../../runtime/cluster/dendrogram.js';
import type { DendrogramArtefact } from '../../server/protocol.js';
import { cutTree, layOut, niceTicks } from '../../webviews/panel/dendrogram-layout.js';
import { metadataTsv, toCsv, toNewick, vectorsTsv } from '../../webviews/panel/export.js';
import { FIXTURES } from './harness.js';
import { largeTree } from './large-results.js';

const artefact = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'moons-run', 'clusters.set0.json'), 'utf8')) as DendrogramArtefact;

describe('Newick', () => {
    it('matches the runtime\'s .nwk file for the same tree, character for character', () => {
        const written = fs.readFileSync(path.join(FIXTURES, 'moons-run', 'clusters.set0.embed.nwk'), 'utf8');
        expect(toNewick(artefact.methods.embed!.tree) + '\n').toBe(written);
    });

    it('matches the runtime for every linkage and for a deep 5 000-leaf tree', () => {
        for (const { tree } of Object.values(artefact.methods)) {
            expect(toNewick(tree)).toBe(runtimeNewick(fromJsonTree(tree as Parameters<typeof fromJsonTree>[0])));
        }
        const big = largeTree(5000);
        expect(toNewick(big)).toBe(runtimeNewick(fromJsonTree(big as Parameters<typeof fromJsonTree>[0])));
    });
});

describe('cut at k', () => {
    it('gives the flat clusters the runtime predicted at k (up to numbering)', () => {
        for (const [method, { tree, predicted }] of Object.entries(artefact.methods)) {
            const laid = layOut(tree, 1000);
            const cut = cutTree(laid, artefact.k);
            expect(cut.clusters, method).toBe(artefact.k);
            // Same partition: a bijection between cut clusters and predicted labels.
            const pairs = new Set(laid.leaves.map(l => `${cut.clusterOf.get(l.data)}:${predicted[l.data.id]}`));
            expect(pairs.size, method).toBe(artefact.k);
        }
    });

    it('puts the cut line between the (k−1)-th and k-th highest merges, and clamps k to [1, n]', () => {
        const laid = layOut(artefact.methods.embed!.tree, 1000);
        const heights = laid.root.descendants().filter(n => n.children).map(n => n.data.height).sort((a, b) => b - a);
        expect(cutTree(laid, 3).height).toBeCloseTo((heights[1]! + heights[2]!) / 2, 12);
        expect(cutTree(laid, 1)).toMatchObject({ clusters: 1, height: undefined });
        expect(cutTree(laid, 10_000).clusters).toBe(laid.leaves.length);
    });

    it('ticks round values', () => {
        expect(niceTicks(0.67)).toEqual([0, 0.2, 0.4, 0.6]);
        expect(niceTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
        // A zoomed-in window of heights.
        expect(niceTicks(0.4855, 5, 0.4841)).toEqual([0.4845, 0.485, 0.4855]);
    });
});

describe('CSV and TSV', () => {
    it('quotes CSV fields that need it', () => {
        expect(toCsv([['method', 'ari'], ['single, linkage', 0.5], ['say "x"', 1]])).toBe('method,ari\r\n"single, linkage",0.5\r\n"say ""x""",1\r\n');
    });

    it('writes the projector\'s vectors.tsv (no header) and metadata.tsv (header, class names)', () => {
        expect(vectorsTsv([1, 2, 3, 4, 5, 6], 3)).toBe('1\t2\t3\n4\t5\t6\n');
        expect(metadataTsv([1, 0], ['cat', 'dog\tx'])).toBe('index\tlabel\n0\tdog x\n1\tcat\n');
        expect(metadataTsv([1, 0], undefined, { name: 'predicted', values: [0, 0] })).toBe('index\tlabel\tpredicted\n0\t1\t0\n1\t0\t0\n');
    });
});
