// The Poincaré ball (curvature −1) in float64: distances, the hyperbolic lowest common ancestor (LCA) of
// Chami et al. 2020 ("From Trees to Continuous Embeddings and Back: Hyperbolic Hierarchical Clustering"),
// the HypHC loss on triples, and decoding embeddings to a dendrogram. A reference implementation on plain
// numbers (points are `ArrayLike<number>` of any dimension; sets are row-major `Float64Array`s), checked
// against an independent mpmath/SciPy reference in `test/runtime/hyperbolic.test.ts`.
//
//   d(x, y)   = arcosh(1 + 2‖x − y‖² / ((1 − ‖x‖²)(1 − ‖y‖²)))
//   d_o(x)    = d(o, x) = 2 artanh ‖x‖
//   x ∨ y     = argmin_{z on the geodesic x ⇝ y} d_o(z)            (the hyperbolic LCA)
//   L_ijk     = w_ij + w_ik + w_jk − (w_ij, w_ik, w_jk) · softmax_τ(d_o(i∨j), d_o(i∨k), d_o(j∨k))
//
// The LCA. d_o only grows with the Euclidean norm, so x ∨ y is the Euclidean point of the geodesic nearest
// the origin. The geodesic lies on the circle C through x and y orthogonal to the unit sphere, in the plane
// spanned by x, y and the origin; its centre c satisfies c·x = (1 + ‖x‖²)/2, c·y = (1 + ‖y‖²)/2 (orthogonality:
// ‖c‖² = 1 + R²), and the point of C nearest the origin is p = ĉ (‖c‖ − R) = c / (‖c‖ (‖c‖ + √(‖c‖² − 1))).
// HypHC's `hyp_lca` builds the same point by circle inversion (`hyphcLca` below ports it for comparison): it
// is the foot of the perpendicular from the origin to the whole geodesic line through x and y. `lcaParts`
// evaluates the closed form without cancellation (to ~1e-16 in the point, ~1e-12 in d_o at ‖x‖ = 0.99999).
//
// Segment or line. The paper's LCA minimises over the geodesic *segment* x ⇝ y. The foot of the perpendicular
// lies on the segment unless the triangle (o, x, y) has an obtuse (or right) angle at x or y; by the hyperbolic
// law of cosines the angle at x is ≥ 90° exactly when (x·y)(1 + ‖x‖²) ≥ ‖x‖²(1 + ‖y‖²) (evaluated as
// (x·d)(1 − ‖x‖²) ≥ ‖x‖²‖d‖² with d = y − x, free of cancellation), and then x ∨ y = x (y
// "descends" from x, as in a tree). With that rule x ∨ x = x, o ∨ y = o, and two points on one ray meet at
// the inner one. HypHC's closed form (`{ geodesic: 'line' }`) instead projects onto the whole line. For points
// of equal norm, which is how the method embeds them (one learned radius), the two always agree.

const MIN_NORM = 1e-15;

export type Point = ArrayLike<number>;

export interface LcaOptions {
    /**
     * `segment` (default): the point of the geodesic segment x ⇝ y nearest the origin (the paper's definition).
     * `line`: the foot of the perpendicular from the origin to the complete geodesic through x and y (HypHC's
     * `hyp_lca`); for x = y it returns x.
     */
    readonly geodesic?: 'segment' | 'line';
}

// ---- Basic geometry -------------------------------------------------------------------------------

export function dot(x: Point, y: Point): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
}

export function squaredNorm(x: Point): number {
    return dot(x, x);
}

export function norm(x: Point): number {
    return Math.sqrt(dot(x, x));
}

/** arcosh(1 + z) for z ≥ 0, accurate for small z: log1p(z + √(z (z + 2))). */
function acosh1p(z: number): number {
    return Math.log1p(z + Math.sqrt(z * (z + 2)));
}

/** Hyperbolic distance in the Poincaré ball: arcosh(1 + 2‖x − y‖² / ((1 − ‖x‖²)(1 − ‖y‖²))). */
export function poincareDistance(x: Point, y: Point): number {
    let d2 = 0;
    for (let i = 0; i < x.length; i++) d2 += (x[i]! - y[i]!) ** 2;
    const denom = (1 - squaredNorm(x)) * (1 - squaredNorm(y));
    if (!(denom > 0)) return Infinity;
    return acosh1p(2 * d2 / denom);
}

/** Hyperbolic distance to the origin: d_o(x) = 2 artanh ‖x‖. */
export function distanceToOrigin(x: Point): number {
    return 2 * Math.atanh(norm(x));
}

/** The point at Euclidean norm `radius` in the direction of x (HypHC's `normalize_embeddings`); 0 stays 0. */
export function toRadius(x: Point, radius: number): Float64Array {
    const n = Math.max(norm(x), MIN_NORM);
    return Float64Array.from(x, v => (v / n) * radius);
}

/** Pulls x back inside the ball of radius `maxNorm` (HypHC's `project`; its float64 default 1 − 1e-5). */
export function projectToBall(x: Point, maxNorm = 1 - 1e-5): Float64Array {
    const n = Math.max(norm(x), MIN_NORM);
    return n > maxNorm ? Float64Array.from(x, v => (v / n) * maxNorm) : Float64Array.from(x);
}

/** Möbius addition x ⊕ y. */
export function mobiusAdd(x: Point, y: Point): Float64Array {
    const x2 = squaredNorm(x), y2 = squaredNorm(y), xy = dot(x, y);
    const a = 1 + 2 * xy + y2, b = 1 - x2, den = Math.max(1 + 2 * xy + x2 * y2, MIN_NORM);
    return Float64Array.from({ length: x.length }, (_, i) => (a * x[i]! + b * y[i]!) / den);
}

/** The point at fraction t of the geodesic from x (t = 0) to y (t = 1): x ⊕ (t ⊗ ((−x) ⊕ y)); any real t. */
export function geodesicPoint(x: Point, y: Point, t: number): Float64Array {
    const v = mobiusAdd(Float64Array.from(x, c => -c), y);
    const nv = norm(v);
    if (nv < MIN_NORM) return Float64Array.from(x);
    const s = Math.tanh(t * Math.atanh(nv)) / nv;
    return mobiusAdd(x, v.map(c => c * s));
}

// ---- The hyperbolic LCA ---------------------------------------------------------------------------

/** The hyperbolic LCA x ∨ y: the point of the geodesic between x and y nearest the origin (closed form). */
export function hyperbolicLca(x: Point, y: Point, options: LcaOptions = {}): Float64Array {
    return lcaParts(x, y, options).point;
}

/** d_o(x ∨ y) = 2 artanh ‖x ∨ y‖: how deep the LCA of x and y lies (large: merged late from the root, early from the leaves). */
export function lcaDepth(x: Point, y: Point, options: LcaOptions = {}): number {
    return lcaParts(x, y, options).depth;
}

interface LcaParts {
    readonly point: Float64Array;
    /** ‖x ∨ y‖ and 1 − ‖x ∨ y‖, each to full relative precision. */
    readonly norm: number;
    readonly gap: number;
    /** d_o(x ∨ y). */
    readonly depth: number;
}

/**
 * The closed form, arranged to stay accurate in every regime: points close together near the boundary (a small
 * orthogonal circle), nearly collinear with the origin (a huge one), and nearly equal points.
 *
 * With d = y − x and the circle's centre c = x + e: orthogonality and y on the circle give e·x = (1 − ‖x‖²)/2 and
 * e·d = ‖d‖²/2, solved for e = λx + μd in the basis (x, d), whose Gram determinant ‖x‖²‖d‖² − (x·d)² is summed
 * from 2 × 2 minors (Lagrange). Then R = ‖e‖, ‖p‖ = 1/(‖c‖ + R), and since ‖c‖ − 1 = R²/(‖c‖ + 1),
 * 1 − ‖p‖ = R (1 + R/(‖c‖ + 1)) / (‖c‖ + R) without cancellation; d_o = log((1 + ‖p‖)/(1 − ‖p‖)).
 * The angle at x of the triangle (o, x, y) is ≥ 90° exactly when (x·d)(1 − ‖x‖²) ≥ ‖x‖²‖d‖².
 */
function lcaParts(x: Point, y: Point, options: LcaOptions): LcaParts {
    const n = x.length;
    if (y.length !== n) throw new RangeError(`LCA of points of different dimensions (${n}, ${y.length})`);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = y[i]! - x[i]!;
    const x2 = squaredNorm(x), y2 = squaredNorm(y), d2 = squaredNorm(d), xd = dot(x, d), yd = dot(y, d);
    const endpoint = (p: Point, p2: number): LcaParts => {
        const r = Math.sqrt(p2);
        return { point: Float64Array.from(p), norm: r, gap: 1 - r, depth: 2 * Math.atanh(r) };
    };
    if (d2 === 0) return endpoint(x, x2);
    const segment = (options.geodesic ?? 'segment') === 'segment';
    if (segment) {
        // an angle of at least 90° at x (or y) in the triangle (o, x, y): the segment's nearest point is x (or y)
        if (xd * (1 - x2) >= x2 * d2) return endpoint(x, x2);
        if (-yd * (1 - y2) >= y2 * d2) return endpoint(y, y2);
    }
    let det = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) det += (x[i]! * d[j]! - x[j]! * d[i]!) ** 2;
    if (det === 0) {
        // x, y and the origin on one line: that diameter is the geodesic, and it passes through the origin
        return { point: new Float64Array(n), norm: 0, gap: 1, depth: 0 };
    }
    const oneMinusX2 = 1 - x2;
    const lambda = d2 * (oneMinusX2 - xd) / (2 * det); // (‖d‖² A − (x·d) D) / det, with 1 − x·y = (1 − ‖x‖²) − x·d
    const mu = (x2 * d2 - xd * oneMinusX2) / (2 * det);
    const c = new Float64Array(n);
    let r2 = 0;
    for (let i = 0; i < n; i++) {
        const e = lambda * x[i]! + mu * d[i]!;
        r2 += e * e;
        c[i] = x[i]! + e;
    }
    const radius = Math.sqrt(r2), cn = norm(c);
    const pn = 1 / (cn + radius);
    const gap = radius * (1 + radius / (cn + 1)) / (cn + radius);
    if (segment && pn > Math.sqrt(Math.min(x2, y2))) {
        // guard against rounding in the angle test: the LCA is never farther out than the nearer endpoint
        return x2 <= y2 ? endpoint(x, x2) : endpoint(y, y2);
    }
    const point = c.map(v => (v / cn) * pn);
    const depth = pn < 0.5 ? 2 * Math.atanh(pn) : Math.log((1 + pn) / gap);
    return { point, norm: pn, gap, depth };
}

/**
 * HypHC's `hyp_lca` (utils/lca.py), ported line by line: invert in the circle centred at x/‖x‖² (which swaps x
 * and the origin), reflect the image of the origin across the line through the image of y, invert back, and
 * halve the geodesic from the origin to the result. The foot of the perpendicular from the origin to the whole
 * geodesic through x and y; undefined for x = 0 or x = y. For cross-checking `hyperbolicLca(…, { geodesic: 'line' })`.
 */
export function hyphcLca(x: Point, y: Point): Float64Array {
    const d = x.length;
    const sub = (a: Point, b: Point) => Float64Array.from({ length: d }, (_, i) => a[i]! - b[i]!);
    const isometricTransform = (a: Point, p: Point): Float64Array => {
        const r2 = squaredNorm(a) - 1;
        const u = sub(p, a);
        const s = r2 / squaredNorm(u);
        return Float64Array.from({ length: d }, (_, i) => s * u[i]! + a[i]!);
    };
    const eucReflection = (p: Point, a: Point): Float64Array => {
        const pa = dot(p, a), a2 = Math.max(squaredNorm(a), MIN_NORM);
        return Float64Array.from({ length: d }, (_, i) => 2 * (pa * a[i]! / a2) - p[i]!);
    };
    const x2 = squaredNorm(x);
    const r = Float64Array.from({ length: d }, (_, i) => x[i]! / x2);
    const yInv = isometricTransform(r, y);
    const oInvRef = eucReflection(x, yInv);
    const oRef = isometricTransform(r, oInvRef);
    const s = 1 + Math.sqrt(1 - squaredNorm(oRef));
    return oRef.map(c => c / s);
}

// ---- The HypHC loss -------------------------------------------------------------------------------

/** softmax(v / τ), computed stably. */
export function softmaxWithTemperature(values: readonly number[], temperature: number): number[] {
    const scaled = values.map(v => v / temperature);
    const max = Math.max(...scaled);
    const e = scaled.map(v => Math.exp(v - max));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map(v => v / s);
}

/**
 * One triple's term: w_ij + w_ik + w_jk − (w_ij, w_ik, w_jk) · softmax_τ(d_ij, d_ik, d_jk), where d are the LCA
 * depths d_o(i∨j), d_o(i∨k), d_o(j∨k). Small when the most similar pair has the deepest LCA.
 */
export function hyphcTripleTerm(w: readonly [number, number, number], depths: readonly [number, number, number], temperature: number): number {
    const s = softmaxWithTemperature(depths, temperature);
    return w[0] + w[1] + w[2] - (w[0] * s[0]! + w[1] * s[1]! + w[2] * s[2]!);
}

export interface HyphcLossOptions {
    /** τ (default 0.1, the registry's and the paper's). */
    readonly temperature?: number;
    /** The triples (i, j, k), row-major with 3 entries each; all i < j < k when left out. */
    readonly triples?: Int32Array | readonly (readonly [number, number, number])[];
    readonly lca?: LcaOptions;
}

export interface HyphcLoss {
    /** Σ over the triples of the triple term. */
    readonly tripleTerm: number;
    /** Σ_{i<j} w_ij: the constant the paper adds (`+ Σ_ij w_ij`). */
    readonly pairTerm: number;
    /** tripleTerm + pairTerm. */
    readonly total: number;
    /** tripleTerm / number of triples: HypHC's `loss` (its `torch.mean`). */
    readonly meanTripleTerm: number;
    readonly triples: number;
}

/**
 * The HypHC cost C(Z; w, τ) = Σ_ijk (w_ij + w_ik + w_jk − w_HypHC,ijk) + Σ_ij w_ij for embeddings `z` (row-major
 * n × dim inside the unit ball) and similarities `w` (row-major n × n, symmetric; only w[i·n + j] with i < j is read).
 */
export function hyphcLoss(z: ArrayLike<number>, dim: number, w: ArrayLike<number>, options: HyphcLossOptions = {}): HyphcLoss {
    const n = z.length / dim;
    if (!Number.isInteger(n)) throw new RangeError(`embeddings of length ${z.length} are not rows of ${dim}`);
    if (w.length !== n * n) throw new RangeError(`similarities must be ${n} × ${n}, got ${w.length} entries`);
    const temperature = options.temperature ?? 0.1;
    const row = (i: number) => Array.prototype.slice.call(z, i * dim, (i + 1) * dim) as number[];
    const rows = Array.from({ length: n }, (_, i) => row(i));
    const depthCache = new Map<number, number>();
    const depth = (i: number, j: number): number => {
        const a = Math.min(i, j), b = Math.max(i, j), key = a * n + b;
        let d = depthCache.get(key);
        if (d === undefined) depthCache.set(key, d = lcaDepth(rows[a]!, rows[b]!, options.lca));
        return d;
    };
    const sim = (i: number, j: number) => w[Math.min(i, j) * n + Math.max(i, j)]!;
    let tripleTerm = 0, count = 0;
    const add = (i: number, j: number, k: number) => {
        tripleTerm += hyphcTripleTerm([sim(i, j), sim(i, k), sim(j, k)], [depth(i, j), depth(i, k), depth(j, k)], temperature);
        count++;
    };
    if (options.triples === undefined) {
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) for (let k = j + 1; k < n; k++) add(i, j, k);
    } else if (options.triples instanceof Int32Array) {
        for (let t = 0; t + 2 < options.triples.length; t += 3) add(options.triples[t]!, options.triples[t + 1]!, options.triples[t + 2]!);
    } else {
        for (const [i, j, k] of options.triples) add(i, j, k);
    }
    let pairTerm = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairTerm += sim(i, j);
    return { tripleTerm, pairTerm, total: tripleTerm + pairTerm, meanTripleTerm: count ? tripleTerm / count : 0, triples: count };
}

// ---- Decoding -------------------------------------------------------------------------------------

/** A SciPy linkage row: the two clusters merged (ids < n are points, n + t is row t's cluster), height, size. */
export type LinkageRow = [number, number, number, number];

export interface Dendrogram {
    /** n − 1 rows [a, b, height, size] with a < b, heights non-decreasing (SciPy's `linkage` format). */
    readonly linkage: LinkageRow[];
    /** d_o of the LCA that caused each merge (non-increasing). */
    readonly depths: number[];
}

/**
 * Decodes embeddings (row-major n × dim) to a binary dendrogram: all pairs in decreasing LCA depth d_o(i∨j)
 * (ties: smaller i, then smaller j, first), each merging the clusters of i and j with union-find when they
 * differ (Kruskal's maximum spanning tree on LCA depth, i.e. single linkage on any decreasing function of it).
 * A merge's height is 1 − ‖i∨j‖ = 1 − tanh(d_o/2), in (0, 1]: 0 at the boundary (leaves), 1 at the origin.
 */
export function decodeDendrogram(z: ArrayLike<number>, dim: number, options: LcaOptions = {}): Dendrogram {
    const n = z.length / dim;
    if (!Number.isInteger(n)) throw new RangeError(`embeddings of length ${z.length} are not rows of ${dim}`);
    const rows = Array.from({ length: n }, (_, i) => Array.prototype.slice.call(z, i * dim, (i + 1) * dim) as number[]);
    const pairs = n * (n - 1) / 2;
    const pi = new Int32Array(pairs), pj = new Int32Array(pairs), pd = new Float64Array(pairs), pgap = new Float64Array(pairs);
    let t = 0;
    for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++, t++) {
            const { gap, depth } = lcaParts(rows[i]!, rows[j]!, options);
            pi[t] = i; pj[t] = j; pgap[t] = gap; pd[t] = depth;
        }
    }
    const order = Array.from({ length: pairs }, (_, k) => k).sort((a, b) => pd[b]! - pd[a]! || pi[a]! - pi[b]! || pj[a]! - pj[b]!);
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const cluster = Int32Array.from({ length: n }, (_, i) => i); // cluster id of each root
    const size = new Int32Array(n).fill(1);
    const find = (a: number): number => {
        while (parent[a] !== a) { parent[a] = parent[parent[a]!]!; a = parent[a]!; }
        return a;
    };
    const linkage: LinkageRow[] = [], depths: number[] = [];
    for (const k of order) {
        if (linkage.length === n - 1) break;
        const ra = find(pi[k]!), rb = find(pj[k]!);
        if (ra === rb) continue;
        const ca = cluster[ra]!, cb = cluster[rb]!;
        const merged = size[ra]! + size[rb]!;
        linkage.push([Math.min(ca, cb), Math.max(ca, cb), pgap[k]!, merged]);
        depths.push(pd[k]!);
        const root = size[ra]! >= size[rb]! ? ra : rb, child = root === ra ? rb : ra;
        parent[child] = root;
        size[root] = merged;
        cluster[root] = n + linkage.length - 1;
    }
    return { linkage, depths };
}
