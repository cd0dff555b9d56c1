// Large inputs built in code (too big for checked-in fixtures): a 100 000-point Poincaré embedding and a
// 5 000-leaf dendrogram, as RunResults the panel draws. Shared by the browser tests and the render benchmark.
import { Random } from '../../runtime/random/index.js';
import type { DendrogramArtefact, EmbeddingArtefact, RunResults, TreeNode } from '../../server/protocol.js';

/** `points` points in `classes` Gaussian blobs inside the unit disk. */
export function largeEmbedding(points: number, classes = 10, seed = 1): EmbeddingArtefact {
    const random = Random.seeded(seed);
    const embedding: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < points; i++) {
        const c = i % classes;
        const angle = (2 * Math.PI * c) / classes;
        let x = 0.6 * Math.cos(angle) + random.normal(0, 0.08);
        let y = 0.6 * Math.sin(angle) + random.normal(0, 0.08);
        const r = Math.hypot(x, y);
        if (r >= 0.999) { x *= 0.999 / r; y *= 0.999 / r; }
        embedding.push(Number(x.toFixed(5)), Number(y.toFixed(5)));
        labels.push(c);
    }
    return {
        file: 'embedding.large.blobs-test.json', model: 'large', data: 'blobs.test', space: 'poincare', dim: 2, inputDim: 2,
        classes: Array.from({ length: classes }, (_, c) => `class ${c}`),
        sets: [{ points: embedding, labels, embedding }],
    };
}

/** A random binary tree over `leaves` leaves with increasing merge heights (ids as the runtime numbers them). */
export function largeTree(leaves: number, seed = 2): TreeNode {
    const random = Random.seeded(seed);
    const nodes: TreeNode[] = Array.from({ length: leaves }, (_, id) => ({ id, height: 0, size: 1 }));
    let id = leaves;
    let height = 0;
    while (nodes.length > 1) {
        // Merge a random neighbouring pair: leaf order stays the tree's left-to-right order.
        const i = random.integer(0, nodes.length - 1);
        const a = nodes[i]!;
        const b = nodes[i + 1]!;
        height += random.random() / leaves;
        nodes.splice(i, 2, { id: id++, height, size: a.size + b.size, children: [a, b] });
    }
    return nodes[0]!;
}

export function largeDendrogram(leaves: number, k = 8): DendrogramArtefact {
    const tree = largeTree(leaves);
    const labels = Array.from({ length: leaves }, (_, i) => i % k);
    return {
        file: 'clusters.set0.json', evaluation: 'clusters', data: 'blobs.test', set: 0, k,
        points: labels.flatMap(l => [l, l]), dim: 2, labels,
        methods: { large: { tree, predicted: labels } },
    };
}

export function largeRun(options: { points?: number; leaves?: number }): RunResults {
    return {
        id: '20261122-000000-Large', dir: '/runs/20261122-000000-Large', experiment: 'Large', status: 'completed', specFile: null,
        startTime: '2026-11-22T00:00:00.000Z', endTime: '2026-11-22T00:01:00.000Z', backend: { name: 'cpu', device: 'cpu' }, seed: 0,
        metrics: null, epochs: [],
        embeddings: options.points ? [largeEmbedding(options.points)] : [],
        dendrograms: options.leaves ? [largeDendrogram(options.leaves)] : [],
        activeLearning: [],
    };
}
