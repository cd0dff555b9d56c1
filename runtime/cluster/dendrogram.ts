// Binary dendrograms in SciPy's linkage-matrix form, flat cuts, and exports (Newick, nested JSON).
//
// A dendrogram over n leaves is n − 1 merges. Merge k (row k) joins clusters a and b at `height` and
// creates cluster n + k of `size` leaves; ids 0..n−1 are the leaves. This is exactly the matrix that
// `scipy.cluster.hierarchy.linkage` returns, so fixtures, exports and the webview share one format.
// Everything here is iterative (no recursion): a chain-shaped tree is as deep as it has leaves.

export interface Dendrogram {
    /** Number of leaves (observations). */
    readonly n: number;
    /** Row-major (n − 1) × 4 linkage matrix: [a, b, height, size] per merge. */
    readonly Z: Float64Array;
}

export class DendrogramError extends Error {
    override readonly name = 'DendrogramError';
}

/** Child ids, height and size of merge k. */
export function merge(d: Dendrogram, k: number): { a: number; b: number; height: number; size: number } {
    const o = 4 * k;
    return { a: d.Z[o]!, b: d.Z[o + 1]!, height: d.Z[o + 2]!, size: d.Z[o + 3]! };
}

/** Builds (and validates) a dendrogram from linkage rows [a, b, height, size]. */
export function dendrogramFromRows(rows: ArrayLike<ArrayLike<number>>, n: number = rows.length + 1): Dendrogram {
    if (rows.length !== n - 1) throw new DendrogramError(`${rows.length} merges for ${n} leaves: a dendrogram has n − 1 merges`);
    const Z = new Float64Array(4 * rows.length);
    for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        if (r.length !== 4) throw new DendrogramError(`merge ${k} has ${r.length} columns; linkage rows are [a, b, height, size]`);
        for (let c = 0; c < 4; c++) Z[4 * k + c] = r[c]!;
    }
    const d = { n, Z };
    validateDendrogram(d);
    return d;
}

/**
 * Turns merges named by leaves into a linkage matrix, in place: SciPy's `label`. Row k of Z holds
 * [x, y, height, ·] where x and y are any leaves of the two clusters being merged (as a union-find
 * decoder or an MST produces them); afterwards it holds the two cluster ids (smaller first), the
 * height and the size, and merge k is cluster n + k. With `sort`, the rows are first stably sorted
 * by height (numpy's mergesort), as SciPy does for its MST and nearest-neighbour-chain output.
 */
export function labelLeafMerges(Z: Float64Array, n: number, sort: boolean): void {
    const m = n - 1;
    if (Z.length !== 4 * m) throw new DendrogramError(`${Z.length / 4} merges for ${n} leaves; expected ${m}`);
    let src = Z;
    if (sort) {
        const order = Array.from({ length: m }, (_, i) => i);
        order.sort((a, b) => (Z[4 * a + 2]! - Z[4 * b + 2]!) || (a - b));
        src = new Float64Array(4 * m);
        for (let r = 0; r < m; r++) src.set(Z.subarray(4 * order[r]!, 4 * order[r]! + 4), 4 * r);
    }
    const parent = new Int32Array(2 * n - 1);
    const size = new Int32Array(2 * n - 1).fill(1);
    for (let i = 0; i < parent.length; i++) parent[i] = i;
    const find = (x: number): number => {
        let root = x;
        while (parent[root] !== root) root = parent[root]!;
        while (parent[x] !== root) { const next = parent[x]!; parent[x] = root; x = next; }
        return root;
    };
    for (let r = 0; r < m; r++) {
        const x = src[4 * r]!;
        const y = src[4 * r + 1]!;
        const h = src[4 * r + 2]!;
        for (const leaf of [x, y]) {
            if (!Number.isInteger(leaf) || leaf < 0 || leaf >= n) throw new DendrogramError(`merge ${r} names leaf ${leaf}; leaves are 0..${n - 1}`);
        }
        const xr = find(x);
        const yr = find(y);
        if (xr === yr) throw new DendrogramError(`merge ${r}: leaves ${x} and ${y} are already in one cluster`);
        const id = n + r;
        Z[4 * r] = xr < yr ? xr : yr;
        Z[4 * r + 1] = xr < yr ? yr : xr;
        Z[4 * r + 2] = h;
        parent[xr] = id;
        parent[yr] = id;
        size[id] = size[xr]! + size[yr]!;
        Z[4 * r + 3] = size[id]!;
    }
}

/**
 * A dendrogram from merges named by leaves, [x, y, height] each (see `labelLeafMerges`): what a
 * union-find decoder (e.g. merging the pair whose hyperbolic LCA is farthest from the origin first)
 * produces. Heights must be ≥ 0; give monotone ones (e.g. growing with the merge rank) for `fcluster`.
 */
export function dendrogramFromLeafMerges(n: number, merges: ArrayLike<readonly [number, number, number]>, options: { sort?: boolean } = {}): Dendrogram {
    if (!Number.isInteger(n) || n < 1) throw new DendrogramError(`a dendrogram needs at least one leaf (n = ${n})`);
    if (merges.length !== n - 1) throw new DendrogramError(`${merges.length} merges for ${n} leaves: a dendrogram has n − 1 merges`);
    const Z = new Float64Array(4 * (n - 1));
    for (let k = 0; k < n - 1; k++) {
        const [x, y, h] = merges[k]!;
        Z[4 * k] = x;
        Z[4 * k + 1] = y;
        Z[4 * k + 2] = h;
    }
    labelLeafMerges(Z, n, options.sort ?? false);
    const d = { n, Z };
    validateDendrogram(d);
    return d;
}

/** The linkage matrix as plain rows (for JSON). */
export function dendrogramRows(d: Dendrogram): [number, number, number, number][] {
    const rows: [number, number, number, number][] = [];
    for (let k = 0; k < d.n - 1; k++) rows.push([d.Z[4 * k]!, d.Z[4 * k + 1]!, d.Z[4 * k + 2]!, d.Z[4 * k + 3]!]);
    return rows;
}

/**
 * Checks what SciPy's `is_valid_linkage` checks: n ≥ 1; every child id is an integer that exists when
 * the merge happens (leaf, or a cluster formed by an earlier row); no cluster is merged twice; heights
 * are finite and non-negative; sizes are the sums of the children's sizes.
 */
export function validateDendrogram(d: Dendrogram): void {
    const { n, Z } = d;
    if (!Number.isInteger(n) || n < 1) throw new DendrogramError(`a dendrogram needs at least one leaf (n = ${n})`);
    if (Z.length !== 4 * (n - 1)) throw new DendrogramError(`linkage matrix has ${Z.length / 4} rows for ${n} leaves; expected ${n - 1}`);
    const used = new Uint8Array(2 * n - 1);
    const size = new Float64Array(2 * n - 1).fill(1);
    for (let k = 0; k < n - 1; k++) {
        const { a, b, height, size: s } = merge(d, k);
        for (const c of [a, b]) {
            if (!Number.isInteger(c) || c < 0 || c >= n + k) {
                throw new DendrogramError(`merge ${k} joins cluster ${c}, which does not exist yet (ids 0..${n + k - 1})`);
            }
            if (used[c]) throw new DendrogramError(`cluster ${c} is merged twice (again in merge ${k})`);
            used[c] = 1;
        }
        if (a === b) throw new DendrogramError(`merge ${k} joins cluster ${a} with itself`);
        if (!Number.isFinite(height) || height < 0) throw new DendrogramError(`merge ${k} has height ${height}; heights must be finite and ≥ 0`);
        size[n + k] = size[a]! + size[b]!;
        if (s !== size[n + k]) throw new DendrogramError(`merge ${k} has size ${s}, but its children hold ${size[n + k]} leaves`);
    }
}

/** True when no merge is lower than a merge below it (single, complete, average and Ward always are). */
export function isMonotonic(d: Dendrogram): boolean {
    const { n, Z } = d;
    for (let k = 0; k < n - 1; k++) {
        const h = Z[4 * k + 2]!;
        for (const c of [Z[4 * k]!, Z[4 * k + 1]!]) if (c >= n && Z[4 * (c - n) + 2]! > h) return false;
    }
    return true;
}

/**
 * For each merge, the largest height in its subtree (SciPy's `get_max_dist_for_each_cluster`): the
 * monotone criterion that `fcluster` cuts on. Equals the heights for a monotonic dendrogram.
 */
export function maxHeightBelow(d: Dendrogram): Float64Array {
    const { n, Z } = d;
    const mc = new Float64Array(Math.max(0, n - 1));
    // Children always precede their parent in the rows, so one pass in row order suffices.
    for (let k = 0; k < n - 1; k++) {
        let m = Z[4 * k + 2]!;
        const a = Z[4 * k]!;
        const b = Z[4 * k + 1]!;
        if (a >= n && mc[a - n]! > m) m = mc[a - n]!;
        if (b >= n && mc[b - n]! > m) m = mc[b - n]!;
        mc[k] = m;
    }
    return mc;
}

/**
 * Flat clustering into at most k clusters: SciPy's `fcluster(Z, k, criterion='maxclust')`.
 *
 * The cut is the smallest merge height t (searched as SciPy does, over the rows in order) such that
 * cutting every merge above t leaves at most k clusters; clusters are numbered 1..k in SciPy's
 * depth-first order, so the labels equal SciPy's exactly, not only up to renaming. For k ≤ n − 2 this
 * reproduces SciPy 1.10. For k ≥ n − 1 it follows the fix of SciPy 1.15 (scipy/scipy#21121): k = n − 1
 * gives n − 1 clusters and k ≥ n gives singletons (SciPy 1.10 returns n − 2 clusters in both cases).
 * With tied heights at the cut fewer than k clusters can come out (the tied merges go together, as in
 * SciPy); `cutTree` always gives exactly k.
 */
export function fcluster(d: Dendrogram, k: number): Int32Array {
    const { n, Z } = d;
    if (!Number.isInteger(k) || k < 1) throw new DendrogramError(`cannot cut into ${k} clusters: k must be an integer ≥ 1`);
    const T = new Int32Array(n);
    if (k >= n) {
        for (let i = 0; i < n; i++) T[i] = i + 1;
        return T;
    }
    const mc = maxHeightBelow(d);
    // Number of clusters when every merge with criterion ≤ thresh is applied. The criterion grows towards
    // the root, so those merges form a forest hanging from the leaves and each one removes one cluster;
    // this is the count that SciPy's tree walk computes.
    const clustersAt = (thresh: number): number => {
        let applied = 0;
        for (let i = 0; i < n - 1; i++) if (mc[i]! <= thresh) applied++;
        return n - applied;
    };
    let lower = -1; // formally "below every threshold": never satisfies the criterion
    let upper = n - 1;
    while (upper - lower > 1) {
        const i = (lower + upper) >> 1;
        if (clustersAt(mc[i]!) > k) lower = i;
        else upper = i;
    }
    const cutoff = mc[upper]!;
    // SciPy's `cluster_monocrit`: depth-first from the root; the first node on a path whose criterion is
    // ≤ cutoff leads a cluster (numbered when it is entered); a leaf outside every cluster is numbered
    // when its parent is left, after the parent's internal children.
    const visited = new Uint8Array(2 * n - 1);
    const stack = new Int32Array(n);
    let top = 0;
    stack[0] = 2 * n - 2;
    let nCluster = 0;
    let leader = -1;
    while (top >= 0) {
        const root = stack[top]! - n;
        const lc = Z[4 * root]!;
        const rc = Z[4 * root + 1]!;
        if (leader === -1 && mc[root]! <= cutoff) {
            leader = root;
            nCluster++;
        }
        if (lc >= n && !visited[lc]) { visited[lc] = 1; stack[++top] = lc; continue; }
        if (rc >= n && !visited[rc]) { visited[rc] = 1; stack[++top] = rc; continue; }
        if (lc < n) { if (leader === -1) nCluster++; T[lc] = nCluster; }
        if (rc < n) { if (leader === -1) nCluster++; T[rc] = nCluster; }
        if (leader === root) leader = -1;
        top--;
    }
    return T;
}

/**
 * Exactly k clusters (1 ≤ k ≤ n): undo the last k − 1 merges. SciPy's `cut_tree(Z, n_clusters=k)`:
 * merges are applied in order of height, ties in SciPy's order (breadth-first from the root, right
 * child first, later-visited first among equal heights); clusters are numbered 0..k−1 by their
 * smallest leaf, as SciPy's are.
 */
export function cutTree(d: Dendrogram, k: number): Int32Array {
    const { n, Z } = d;
    if (!Number.isInteger(k) || k < 1 || k > n) throw new DendrogramError(`cannot cut ${n} leaves into exactly ${k} clusters: 1 ≤ k ≤ n`);
    // SciPy's `_order_cluster_tree`: breadth-first from the root (right child queued first), each node
    // insorted with bisect_left by height, so equal heights end up in reverse visiting order.
    const bfs: number[] = [];
    if (n > 1) {
        const queue: number[] = [2 * n - 2];
        for (let head = 0; head < queue.length; head++) {
            const id = queue[head]!;
            bfs.push(id - n);
            const r = 4 * (id - n);
            if (Z[r + 1]! >= n) queue.push(Z[r + 1]!);
            if (Z[r]! >= n) queue.push(Z[r]!);
        }
    }
    const rank = bfs.map((row, i) => ({ row, i, h: Z[4 * row + 2]! }));
    rank.sort((x, y) => (x.h - y.h) || (y.i - x.i));
    // Apply the first n − k merges with a union-find over leaves and cluster ids.
    const parent = new Int32Array(2 * n - 1);
    for (let i = 0; i < parent.length; i++) parent[i] = i;
    const find = (x: number): number => {
        while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; }
        return x;
    };
    for (let m = 0; m < n - k; m++) {
        const row = rank[m]!.row;
        parent[find(Z[4 * row]!)] = n + row;
        parent[find(Z[4 * row + 1]!)] = n + row;
    }
    // Number clusters by their smallest leaf, i.e. in order of first appearance.
    const code = new Map<number, number>();
    const T = new Int32Array(n);
    for (let i = 0; i < n; i++) {
        const r = find(i);
        let c = code.get(r);
        if (c === undefined) { c = code.size; code.set(r, c); }
        T[i] = c;
    }
    return T;
}

/** Leaves in left-to-right order (SciPy's `leaves_list`). */
export function leafOrder(d: Dendrogram): Int32Array {
    const { n, Z } = d;
    const out = new Int32Array(n);
    if (n === 1) return out;
    let m = 0;
    const stack: number[] = [2 * n - 2];
    while (stack.length > 0) {
        const id = stack.pop()!;
        if (id < n) { out[m++] = id; continue; }
        const r = 4 * (id - n);
        stack.push(Z[r + 1]!, Z[r]!); // left on top
    }
    return out;
}

/** Leaves under every cluster id, as lists (0..n−1 leaves, n.. merges). O(n²) in the worst case. */
export function clusterLeaves(d: Dendrogram): number[][] {
    const { n, Z } = d;
    const leaves: number[][] = [];
    for (let i = 0; i < n; i++) leaves.push([i]);
    for (let k = 0; k < n - 1; k++) leaves.push([...leaves[Z[4 * k]!]!, ...leaves[Z[4 * k + 1]!]!]);
    return leaves;
}

// ---- Nested JSON --------------------------------------------------------------------------------------

export interface DendrogramNode {
    /** SciPy id: 0..n−1 for leaves, n + k for merge k. */
    id: number;
    /** Merge height; 0 for leaves. */
    height: number;
    /** Number of leaves below (1 for a leaf). */
    size: number;
    /** Leaf label, when labels were given. */
    label?: string;
    /** The two merged clusters, left (column a) then right (column b); absent on leaves. */
    children?: [DendrogramNode, DendrogramNode];
}

/** The dendrogram as a nested tree (d3-hierarchy reads it as is: `hierarchy(root)`). */
export function toJsonTree(d: Dendrogram, labels?: ArrayLike<string>): DendrogramNode {
    const { n, Z } = d;
    checkLabels(n, labels);
    const nodes: DendrogramNode[] = [];
    for (let i = 0; i < n; i++) nodes.push(labels ? { id: i, height: 0, size: 1, label: labels[i]! } : { id: i, height: 0, size: 1 });
    for (let k = 0; k < n - 1; k++) {
        const r = 4 * k;
        nodes.push({ id: n + k, height: Z[r + 2]!, size: Z[r + 3]!, children: [nodes[Z[r]!]!, nodes[Z[r + 1]!]!] });
    }
    return nodes[2 * n - 2]!;
}

/** Back from `toJsonTree` (ids are taken from the nodes, so rows come back in their original order). */
export function fromJsonTree(root: DendrogramNode): Dendrogram {
    const n = root.size;
    if (!Number.isInteger(n) || n < 1) throw new DendrogramError(`root size ${root.size} is not a leaf count`);
    const Z = new Float64Array(4 * (n - 1));
    const stack: DendrogramNode[] = [root];
    let seen = 0;
    while (stack.length > 0) {
        const node = stack.pop()!;
        if (!node.children) continue;
        const k = node.id - n;
        if (!Number.isInteger(k) || k < 0 || k >= n - 1) throw new DendrogramError(`node id ${node.id} is not a merge id for ${n} leaves`);
        const [a, b] = node.children;
        Z.set([a.id, b.id, node.height, node.size], 4 * k);
        stack.push(a, b);
        seen++;
    }
    if (seen !== n - 1) throw new DendrogramError(`${seen} internal nodes for ${n} leaves; a binary tree has n − 1`);
    const d = { n, Z };
    validateDendrogram(d);
    return d;
}

// ---- Newick ---------------------------------------------------------------------------------------------

export interface NewickOptions {
    /** Leaf names (index = leaf id); default: the leaf ids. Names are quoted when Newick needs it. */
    labels?: ArrayLike<string>;
    /** Significant digits of branch lengths; default: shortest exact representation. */
    digits?: number;
}

function checkLabels(n: number, labels: ArrayLike<string> | undefined): void {
    if (labels && labels.length !== n) throw new DendrogramError(`${labels.length} labels for ${n} leaves`);
}

function newickName(name: string): string {
    // Unquoted names may not hold blanks or punctuation, and an unquoted '_' reads back as a blank.
    if (name !== '' && !/[\s()[\]':;,_]/.test(name)) return name;
    return `'${name.replace(/'/g, "''")}'`;
}

/**
 * Newick text: `((0:0.5,1:0.5):0.25,2:0.75);`. The branch above a node is the parent's height minus the
 * node's height (leaves at height 0), so the tree is ultrametric with its root at the top merge height.
 * A non-monotonic dendrogram gives negative lengths (none of the linkages here produce one).
 */
export function toNewick(d: Dendrogram, options: NewickOptions = {}): string {
    const { n, Z } = d;
    const { labels, digits } = options;
    checkLabels(n, labels);
    const fmt = (x: number): string => (digits === undefined ? String(x) : String(Number(x.toPrecision(digits))));
    const name = (i: number): string => newickName(labels ? labels[i]! : String(i));
    const heightOf = (id: number): number => (id < n ? 0 : Z[4 * (id - n) + 2]!);
    if (n === 1) return `${name(0)};`;
    // Iterative post-order: parts[id] is the finished text of a cluster.
    const parts = new Map<number, string>();
    const stack: number[] = [2 * n - 2];
    while (stack.length > 0) {
        const id = stack[stack.length - 1]!;
        if (id < n) { parts.set(id, name(id)); stack.pop(); continue; }
        const r = 4 * (id - n);
        const a = Z[r]!;
        const b = Z[r + 1]!;
        if (!parts.has(a)) { stack.push(a); continue; }
        if (!parts.has(b)) { stack.push(b); continue; }
        const h = Z[r + 2]!;
        parts.set(id, `(${parts.get(a)}:${fmt(h - heightOf(a))},${parts.get(b)}:${fmt(h - heightOf(b))})`);
        parts.delete(a);
        parts.delete(b);
        stack.pop();
    }
    return `${parts.get(2 * n - 2)};`;
}

export interface NewickNode {
    name?: string;
    length?: number;
    children?: NewickNode[];
}

/** Parses one Newick tree (quoted or bare names, optional lengths, [comments] skipped). */
export function parseNewick(text: string): NewickNode {
    let pos = 0;
    const fail = (msg: string): never => { throw new DendrogramError(`Newick, at character ${pos}: ${msg}`); };
    const skip = (): void => {
        for (;;) {
            while (pos < text.length && /\s/.test(text[pos]!)) pos++;
            if (text[pos] !== '[') return;
            const end = text.indexOf(']', pos);
            if (end < 0) fail('unclosed [comment]');
            pos = end + 1;
        }
    };
    const readName = (): string | undefined => {
        skip();
        if (text[pos] === "'") {
            let out = '';
            pos++;
            for (;;) {
                if (pos >= text.length) fail('unclosed quoted name');
                if (text[pos] === "'") {
                    if (text[pos + 1] === "'") { out += "'"; pos += 2; continue; }
                    pos++;
                    return out;
                }
                out += text[pos++];
            }
        }
        const start = pos;
        while (pos < text.length && !/[\s()[\]':;,]/.test(text[pos]!)) pos++;
        return pos > start ? text.slice(start, pos).replace(/_/g, ' ') : undefined;
    };
    const readLength = (node: NewickNode): void => {
        skip();
        if (text[pos] !== ':') return;
        pos++;
        skip();
        const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(pos));
        if (!m) fail('expected a branch length after ":"');
        node.length = Number(m![0]);
        pos += m![0].length;
    };
    // Iterative descent: a stack of open internal nodes.
    const root: NewickNode = {};
    const open: NewickNode[] = [];
    let current: NewickNode = root;
    for (;;) {
        skip();
        if (text[pos] === '(') {
            if (current.children) fail('"(" after a closed group');
            pos++;
            current.children = [];
            open.push(current);
            const child: NewickNode = {};
            current.children.push(child);
            current = child;
            continue;
        }
        // a leaf, or the end of a node whose children are done: name and length
        const name = readName();
        if (name !== undefined) current.name = name;
        readLength(current);
        skip();
        const c = text[pos];
        if (c === ',') {
            pos++;
            const parent = open[open.length - 1] ?? fail('"," outside parentheses');
            const sibling: NewickNode = {};
            parent!.children!.push(sibling);
            current = sibling;
            continue;
        }
        if (c === ')') {
            pos++;
            current = open.pop() ?? fail('unbalanced ")"');
            continue;
        }
        if (c === ';' || c === undefined) {
            if (open.length > 0) fail('unclosed "("');
            if (c === ';') pos++;
            skip();
            if (pos < text.length) fail('text after the end of the tree');
            return root;
        }
        fail(`unexpected "${c}"`);
    }
}

/**
 * A dendrogram from a binary, rooted Newick tree with branch lengths. Leaves are identified by `labels`
 * (name → leaf id) when given, else by names that are the ids 0..n−1. A node's height is its largest
 * distance to a leaf below; merges are ordered by height (children first among equal heights).
 */
export function fromNewick(text: string, labels?: ArrayLike<string>): Dendrogram {
    const root = parseNewick(text);
    // post-order list of nodes
    const post: NewickNode[] = [];
    const stack: [NewickNode, boolean][] = [[root, false]];
    while (stack.length > 0) {
        const [node, expanded] = stack.pop()!;
        if (expanded || !node.children) { post.push(node); continue; }
        if (node.children.length !== 2) throw new DendrogramError(`a node has ${node.children.length} children; dendrograms are binary`);
        stack.push([node, true], [node.children[1]!, false], [node.children[0]!, false]);
    }
    const leavesInTree = post.filter(x => !x.children);
    const n = leavesInTree.length;
    let index: Map<string, number>;
    if (labels) {
        checkLabels(n, labels);
        index = new Map(Array.from({ length: n }, (_, i) => [labels[i]!, i] as const));
    } else {
        index = new Map(Array.from({ length: n }, (_, i) => [String(i), i] as const));
    }
    const id = new Map<NewickNode, number>();
    const height = new Map<NewickNode, number>();
    const seen = new Uint8Array(n);
    for (const leaf of leavesInTree) {
        const i = index.get(leaf.name ?? '');
        if (i === undefined) throw new DendrogramError(`leaf '${leaf.name ?? ''}' is not one of the ${labels ? 'labels' : `ids 0..${n - 1}`}`);
        if (seen[i]) throw new DendrogramError(`leaf '${leaf.name}' appears twice`);
        seen[i] = 1;
        id.set(leaf, i);
        height.set(leaf, 0);
    }
    const internal: { node: NewickNode; h: number; order: number }[] = [];
    post.forEach((node, order) => {
        if (!node.children) return;
        let h = 0;
        for (const c of node.children) {
            if (c.length === undefined) throw new DendrogramError('a branch has no length; heights need every length');
            h = Math.max(h, height.get(c)! + c.length);
        }
        height.set(node, h);
        internal.push({ node, h, order });
    });
    internal.sort((x, y) => (x.h - y.h) || (x.order - y.order));
    const Z = new Float64Array(4 * (n - 1));
    const size = new Map<NewickNode, number>();
    internal.forEach(({ node, h }, k) => {
        const [a, b] = node.children!;
        if (!id.has(a!) || !id.has(b!)) throw new DendrogramError('a node is lower than a node below it (negative branch length)');
        const sa = size.get(a!) ?? 1;
        const sb = size.get(b!) ?? 1;
        Z.set([id.get(a!)!, id.get(b!)!, h, sa + sb], 4 * k);
        id.set(node, n + k);
        size.set(node, sa + sb);
    });
    const d = { n, Z };
    validateDendrogram(d);
    return d;
}
