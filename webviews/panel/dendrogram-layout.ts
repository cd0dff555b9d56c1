// The dendrogram's geometry: d3-hierarchy's `cluster` places the leaves evenly (and each parent over its
// children); the vertical position is the merge height. Cutting at k removes the k − 1 highest merges.
import { cluster, hierarchy, type HierarchyPointNode } from 'd3-hierarchy';
import type { TreeNode } from '../../server/protocol.js';

export interface LaidOutTree {
    readonly root: HierarchyPointNode<TreeNode>;
    readonly leaves: ReadonlyArray<HierarchyPointNode<TreeNode>>;
    readonly maxHeight: number;
}

/** Leaves spread over `[0, width]`, in the tree's left-to-right order. */
export function layOut(tree: TreeNode, width: number): LaidOutTree {
    const root = cluster<TreeNode>().size([width, 1]).separation(() => 1)(hierarchy<TreeNode>(tree, n => n.children as TreeNode[] | undefined));
    return { root, leaves: root.leaves(), maxHeight: tree.height > 0 ? tree.height : 1 };
}

export interface Cut {
    /** Cluster index (0…k−1, numbered left to right) of every node below the cut; -1 above it. */
    readonly clusterOf: Map<TreeNode, number>;
    readonly clusters: number;
    /** Where the cut line goes: between the (k−1)-th and k-th highest merges; undefined for k = 1. */
    readonly height: number | undefined;
}

/** Cuts the tree into `k` subtrees by height (the flat clustering `fcluster(maxclust=k)` gives). */
export function cutTree(tree: LaidOutTree, k: number): Cut {
    const internal = tree.root.descendants().filter(n => n.children).map(n => n.data);
    internal.sort((a, b) => b.height - a.height);
    const clusters = Math.max(1, Math.min(k, tree.leaves.length));
    const above = new Set(internal.slice(0, clusters - 1));
    const clusterOf = new Map<TreeNode, number>();
    let next = 0;
    // eachBefore visits parents before children, left to right: cluster roots are met in leaf order.
    tree.root.eachBefore(node => {
        if (above.has(node.data)) {
            clusterOf.set(node.data, -1);
            return;
        }
        const parent = node.parent ? clusterOf.get(node.parent.data) : -1;
        clusterOf.set(node.data, parent === undefined || parent === -1 ? next++ : parent);
    });
    const lowestAbove = internal[clusters - 2];
    const highestBelow = internal[clusters - 1];
    const height = lowestAbove === undefined ? undefined : (lowestAbove.height + (highestBelow?.height ?? 0)) / 2;
    return { clusterOf, clusters: next, height };
}

/** About `count` round tick values in [min, max]. */
export function niceTicks(max: number, count = 5, min = 0): number[] {
    const span = max - min;
    if (!(span > 0)) return [min];
    const raw = span / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map(m => m * power).find(s => s >= raw) ?? raw;
    const ticks: number[] = [];
    for (let i = Math.ceil(min / step - 1e-9); i * step <= max * (1 + 1e-9) + 1e-12; i++) ticks.push(Number((i * step).toPrecision(12)));
    return ticks;
}
