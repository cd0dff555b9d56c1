// The `hierarchicalClustering` protocol (methods.md §3): for every set of a part, a dendrogram from the model
// (hyperbolic LCA decoding, or a linkage of its embeddings) and from each baseline (a linkage of the raw points),
// a flat cut at k, and the metrics per set; reported as mean ± sd over the sets.
import * as tf from '@tensorflow/tfjs-core';
import { dendrogramFromRows, fcluster, linkage, type Dendrogram, type LinkageMethod } from '../cluster/index.js';
import type { DatasetPart, SampleSet } from '../data/dataset.js';
import { decodeDendrogram } from '../hyperbolic/index.js';
import { adjustedRandIndex, normalizedDasguptaCost, normalizedMutualInformation, purity, sameClassSimilarity, type NmiAverage } from '../metrics/index.js';
import type { Model } from '../nn/model.js';
import { yieldNowAndThen } from '../train/trainer.js';
import { Args, PlanError } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';

export type Decode = 'lca' | LinkageMethod;

/** One scored method: its metrics per set. */
export interface MethodScores {
    readonly method: string;
    readonly kind: 'model' | 'baseline';
    readonly perSet: Readonly<Record<string, readonly number[]>>;
}

export interface SetResult {
    readonly labels: Int32Array;
    readonly predicted: Int32Array;
    readonly dendrogram: Dendrogram;
    /** The model's output for the set (row-major), when the method is a model. */
    readonly embedding?: Float32Array;
}

export interface ClusteringMetric {
    readonly name: string;
    readonly higherIsBetter: boolean;
    score(truth: Int32Array, predicted: Int32Array, dendrogram: Dendrogram): number;
}

/** The metrics of this protocol by registry name. */
export function clusteringMetric(call: PlanCall): ClusteringMetric {
    const spec = registry.find(call.call, ['metric']);
    if (!spec) throw new PlanError(`unknown metric '${call.call}'`);
    const args = Args.of(spec, call);
    const metric = (higherIsBetter: boolean, score: ClusteringMetric['score']): ClusteringMetric => ({ name: call.call, higherIsBetter, score });
    switch (call.call) {
        case 'ari': return metric(true, (t, p) => adjustedRandIndex(t, p));
        case 'nmi': { const mean = args.string('mean') as NmiAverage; return metric(true, (t, p) => normalizedMutualInformation(t, p, mean)); }
        case 'purity': return metric(true, (t, p) => purity(t, p));
        case 'dasgupta': return metric(false, (t, _p, d) => normalizedDasguptaCost(d, sameClassSimilarity(t)));
        default: throw new PlanError(`the metric \`${call.call}\` does not apply to hierarchical clustering (use ari, nmi, purity or dasgupta)`);
    }
}

/** The model's output for every set of the part, computed in groups of sets (one read per group). */
export async function embedSets(model: Model, sets: readonly SampleSet[], group = 32): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let g = 0; g < sets.length; g += group) {
        const chosen = sets.slice(g, g + group);
        const offsets = [0];
        for (const s of chosen) offsets.push(offsets[offsets.length - 1]! + s.rows);
        const flat = tf.tidy(() => {
            const x = tf.concat(chosen.map(s => tf.tensor2d(s.x, [s.rows, s.dim])), 0) as tf.Tensor2D;
            return model.predict(x, offsets);
        });
        // asynchronous reads only: WebGPU has no synchronous read in Node
        const data = await flat.data() as Float32Array;
        flat.dispose();
        const d = model.outDim;
        chosen.forEach((_, i) => out.push(data.slice(offsets[i]! * d, offsets[i + 1]! * d)));
    }
    return out;
}

function toRows(data: ArrayLike<number>, rows: number, dim: number): { data: ArrayLike<number>; rows: number; cols: number } {
    return { data, rows, cols: dim };
}

/** The dendrogram of one set's embedding. */
export function decodeSet(embedding: Float32Array, dim: number, decode: Decode): Dendrogram {
    const rows = embedding.length / dim;
    if (decode === 'lca') {
        const d = decodeDendrogram(embedding, dim);
        return dendrogramFromRows(d.linkage, rows);
    }
    return linkage(toRows(Float64Array.from(embedding), rows, dim), decode);
}

export interface HierarchicalOptions {
    readonly part: DatasetPart;
    readonly k?: number;
    readonly metrics: readonly ClusteringMetric[];
    /** The model and how its trees are decoded; absent to score only baselines. */
    readonly model?: { readonly name: string; readonly model: Model; readonly decode: Decode };
    readonly baselines: readonly PlanCall[];
    /** Called after each set, for progress. */
    readonly onSet?: (done: number, total: number) => void;
    readonly signal?: AbortSignal;
}

export interface HierarchicalResult {
    readonly k: number;
    readonly methods: readonly MethodScores[];
    /** Per method, the result of each set (for dendrogram and embedding artefacts). */
    readonly sets: ReadonlyMap<string, readonly SetResult[]>;
}

export function baselineName(call: PlanCall): string {
    const spec = registry.find(call.call, ['baseline']);
    if (!spec) throw new PlanError(`unknown baseline '${call.call}'`);
    if (call.call !== 'linkage') throw new PlanError(`the baseline '${call.call}' does not apply to hierarchical clustering`);
    return `${Args.of(spec, call).string('method')} linkage`;
}

export async function evaluateHierarchical(options: HierarchicalOptions): Promise<HierarchicalResult> {
    const { part, metrics } = options;
    const k = options.k ?? part.classes;
    if (!(k >= 1)) throw new PlanError(`hierarchicalClustering on \`${part.dataset}.${part.part}\`: the number of clusters k is unknown; give \`k:\``);
    const methods: MethodScores[] = [];
    const sets = new Map<string, SetResult[]>();
    const score = async (method: string, kind: 'model' | 'baseline', tree: (s: SampleSet, i: number) => { dendrogram: Dendrogram; embedding?: Float32Array }) => {
        const perSet: Record<string, number[]> = Object.fromEntries(metrics.map(m => [m.name, []]));
        const results: SetResult[] = [];
        for (const [i, set] of part.sets.entries()) {
            await yieldNowAndThen();
            if (options.signal?.aborted) throw options.signal.reason;
            const { dendrogram, embedding } = tree(set, i);
            const predicted = fcluster(dendrogram, k);
            for (const m of metrics) perSet[m.name]!.push(m.score(set.labels, predicted, dendrogram));
            results.push({ labels: set.labels, predicted, dendrogram, ...(embedding ? { embedding } : {}) });
        }
        methods.push({ method, kind, perSet });
        sets.set(method, results);
    };
    const total = part.sets.length * ((options.model ? 1 : 0) + options.baselines.length);
    let done = 0;
    const tick = () => options.onSet?.(++done, total);
    if (options.model) {
        const { model, decode, name } = options.model;
        if (decode === 'lca' && !model.hyperbolic) {
            throw new PlanError(`\`${name}\` does not end in \`poincare(...)\`, so its trees cannot be decoded from hyperbolic LCAs: add \`then poincare(scale: learned)\` or set \`decode: average\``);
        }
        const embeddings = await embedSets(model, part.sets);
        await score(name, 'model', (_s, i) => { const e = embeddings[i]!; const r = { dendrogram: decodeSet(e, model.outDim, decode), embedding: e }; tick(); return r; });
    }
    for (const call of options.baselines) {
        const name = baselineName(call);
        const method = Args.of(registry.find('linkage', ['baseline'])!, call).string('method') as LinkageMethod;
        await score(name, 'baseline', s => { const r = { dendrogram: linkage(toRows(Float64Array.from(s.x), s.rows, s.dim), method) }; tick(); return r; });
    }
    return { k, methods, sets };
}

/** Mean and standard deviation (population, ddof = 0, as NumPy's `std`). */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
    const n = values.length;
    if (n === 0) return { mean: NaN, sd: NaN };
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    return { mean, sd };
}
