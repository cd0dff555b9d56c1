// Runs an execution plan: picks the backend, opens a run in the run store, loads the data, trains every model
// the plan trains, evaluates, writes the artefacts, and closes the run as completed, failed or cancelled.
// Everything that happens is an event, appended to `events.jsonl` and passed to `onEvent` (the CLI's progress
// display, the language server's notifications).
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendPreference } from '../backend/index.js';
import { toJsonTree, toNewick } from '../cluster/index.js';
import { loadDataset, type DatasetPart, type LoadedDataset } from '../data/dataset.js';
import { clusteringMetric, embedSets, evaluateHierarchical, meanSd, type Decode, type HierarchicalResult } from '../eval/hierarchical.js';
import { EXACT_TSNE_MAX_POINTS, projectEmbedding, type ProjectionName } from '../eval/projections.js';
import type { LossFactory } from '../losses/types.js';
import { buildModel, type Model } from '../nn/model.js';
import { poincareRadius } from '../nn/poincare.js';
import { Args, PlanError } from '../plan/args.js';
import { unimplementedComponents } from '../plan/implemented.js';
import { isRecord, type EvaluationPlan, type ExperimentPlan, type PlanCall, type PlanRef, type TrainPlan } from '../plan/types.js';
import { Random } from '../random/index.js';
import { trainBlock } from '../registry/declarations.js';
import { buildComponent, registry } from '../registry/index.js';
import { RunStore, type RunWriter } from '../store/index.js';
import { buildOptimizer } from '../train/optimizers.js';
import { train, yieldNowAndThen, type EarlyStopping } from '../train/trainer.js';

export interface RunOptions {
    readonly plan: ExperimentPlan;
    readonly specText: string;
    /** The spec's path, relative to the workspace where possible (for the record). */
    readonly specFile: string;
    /** The spec's folder (relative data paths resolve against it). */
    readonly specDir: string;
    /** Data may only be read inside this folder. */
    readonly workspace: string;
    /** The run store's root; default `<workspace>/.expspec/runs`. */
    readonly runsRoot?: string;
    /** Overrides the spec's `backend`. */
    readonly backend?: BackendPreference;
    /** Overrides the spec's `seed`. */
    readonly seed?: number;
    readonly signal?: AbortSignal;
    readonly onEvent?: (event: RunEventBody) => void;
}

/** What the runner reports; `type` says which. */
export type RunEventBody =
    | { type: 'backend'; name: string; device: string; versions: Record<string, string>; log: string[] }
    | { type: 'run'; id: string; dir: string }
    | { type: 'data'; dataset: string; description: string; seconds: number }
    | { type: 'trainStart'; model: string; stage?: string; epochs: number; parameters: number; steps: number }
    | { type: 'epoch'; model: string; stage?: string; epoch: number; epochs: number; loss: Record<string, number>; lr: number; seconds: number; validation?: Record<string, number>; best?: boolean }
    | { type: 'trainEnd'; model: string; stage?: string; epochs: number; stoppedEarly: boolean; bestEpoch?: number; best?: number; secondsPerEpoch: number; radius?: number }
    | { type: 'evalStart'; evaluation: string; sets: number; methods: number }
    | { type: 'evalProgress'; evaluation: string; done: number; total: number }
    | { type: 'evalEnd'; evaluation: string; seconds: number }
    | { type: 'note'; message: string };

/** Per evaluation: its methods × metrics, mean and sd over the sets. */
export interface MetricsSummary {
    readonly [evaluation: string]: {
        readonly task: string;
        readonly data: string;
        readonly k?: number;
        readonly sets: number;
        readonly metrics: readonly string[];
        readonly methods: Readonly<Record<string, { readonly kind: 'model' | 'baseline'; readonly scores: Readonly<Record<string, { mean: number; sd: number }>> }>>;
        readonly paper?: Readonly<Record<string, number>>;
    };
}

export interface RunOutcome {
    readonly id: string;
    readonly dir: string;
    readonly status: 'completed' | 'failed' | 'cancelled';
    readonly metrics: MetricsSummary;
    readonly backend: { name: string; device: string };
    readonly seed: number;
    readonly seconds: number;
    readonly error?: string;
}

/**
 * Runs the plan to completion. Never throws for a failure of the run itself: the outcome says so. Throws a
 * `PlanError`, before anything is written, when the plan uses components the runtime does not implement yet.
 */
export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
    const { plan } = options;
    const missing = unimplementedComponents(plan);
    if (missing.length > 0) {
        throw new PlanError(`this spec uses ${missing.join(', ')}, which the language knows but the runtime does not run yet`);
    }
    const started = performance.now();
    const specSeed = plan.properties['seed'];
    const seed = options.seed ?? (typeof specSeed === 'number' ? specSeed : 0);
    const specBackend = plan.properties['backend'];
    const backend = await selectBackend(options.backend ?? (typeof specBackend === 'string' ? specBackend as BackendPreference : 'auto'));
    const store = new RunStore(options.runsRoot ?? path.join(options.workspace, '.expspec', 'runs'));
    const writer = store.begin({
        experiment: plan.experiment, specText: options.specText, specFile: options.specFile, config: plan, seed,
        backend: { name: backend.name, device: backend.device, versions: { ...backend.versions, node: process.versions.node, os: `${os.type()} ${os.release()}` } },
    });
    const emit = (event: RunEventBody) => {
        writer.event(event as unknown as Record<string, unknown>);
        options.onEvent?.(event);
    };
    emit({ type: 'backend', name: backend.name, device: backend.device, versions: { ...backend.versions }, log: backend.log });
    emit({ type: 'run', id: writer.id, dir: writer.dir });
    const metrics: Record<string, MetricsSummary[string]> = {};
    const outcome = (status: RunOutcome['status'], id: string, dir: string, error?: string): RunOutcome => ({
        id, dir, status, metrics, backend: { name: backend.name, device: backend.device }, seed,
        seconds: (performance.now() - started) / 1000, ...(error ? { error } : {}),
    });
    const session = new Session(options, writer, seed, emit, metrics);
    try {
        await session.run();
        const committed = writer.complete(metrics);
        return outcome('completed', committed.id, committed.dir);
    } catch (error) {
        if (options.signal?.aborted) {
            const committed = writer.cancel(String(options.signal.reason instanceof Error ? options.signal.reason.message : options.signal.reason ?? 'cancelled'));
            return outcome('cancelled', committed.id, committed.dir);
        }
        const committed = writer.fail(error);
        return outcome('failed', committed.id, committed.dir, error instanceof Error ? error.message : String(error));
    } finally {
        session.dispose();
    }
}

/** The state of one run: loaded data, built models. */
class Session {
    private readonly datasets = new Map<string, LoadedDataset>();
    private readonly models = new Map<string, Model>();
    private readonly trained = new Set<string>();

    constructor(
        private readonly options: RunOptions,
        private readonly writer: RunWriter,
        private readonly seed: number,
        private readonly emit: (event: RunEventBody) => void,
        private readonly metrics: Record<string, MetricsSummary[string]>,
    ) { }

    async run(): Promise<void> {
        const { plan } = this.options;
        const repeats = plan.properties['repeats'];
        if (typeof repeats === 'number' && repeats > 1) {
            throw new PlanError(`\`repeats: ${repeats}\` is part of the language but not of the runtime yet; run with \`repeats: 1\` (or leave it out)`);
        }
        for (const dataset of plan.datasets) {
            const t0 = performance.now();
            const loaded = loadDataset(dataset, { seed: this.seed, specDir: this.options.specDir, workspace: this.options.workspace });
            this.datasets.set(dataset.name, loaded);
            this.emit({ type: 'data', dataset: dataset.name, description: loaded.description, seconds: (performance.now() - t0) / 1000 });
        }
        for (const training of plan.trainings) await this.train(training);
        for (const evaluation of plan.evaluations) await this.evaluate(evaluation);
        for (const view of plan.views) {
            if (view.view.call === 'embedding') await this.writeEmbeddings(view.view);
            else if (!['dendrogram', 'table'].includes(view.view.call)) {
                this.emit({ type: 'note', message: `view \`${view.view.call}\`: its artefacts are not produced by this version of the runtime` });
            }
        }
    }

    private part(ref: PlanRef, what: string): DatasetPart {
        const dataset = this.datasets.get(ref.ref);
        if (!dataset) throw new PlanError(`${what}: \`${ref.ref}\` is not a dataset of this spec`);
        const name = ref.member ?? (dataset.parts.size === 1 ? [...dataset.parts.keys()][0]! : undefined);
        const part = name !== undefined ? dataset.parts.get(name) : undefined;
        if (!part) throw new PlanError(`${what}: \`${ref.ref}${ref.member ? '.' + ref.member : ''}\` names no part of the dataset (its parts: ${[...dataset.parts.keys()].join(', ')})`);
        return part;
    }

    private async model(name: string, inDim: number): Promise<Model> {
        const known = this.models.get(name);
        if (known) return known;
        const plan = this.options.plan.models.find(m => m.name === name);
        if (!plan) throw new PlanError(`\`${name}\` is not a model of this spec`);
        const model = await buildModel(plan, inDim, Random.derive(this.seed, 'model', name));
        this.models.set(name, model);
        return model;
    }

    private async train(training: TrainPlan): Promise<void> {
        const where = `train ${training.model}${training.stage ? `, stage ${training.stage}` : ''}`;
        const data = this.part(training.data, where);
        const model = await this.model(training.model, data.dim);
        const props = Args.of(trainBlock, { call: 'train', args: training.properties });
        const terms = await Promise.all(training.objective.map(async ({ weight, term }) => {
            const spec = registry.find(term.call, ['objective']);
            if (!spec) throw new PlanError(`${where}: unknown loss term '${term.call}'`);
            const factory = await buildComponent(spec) as LossFactory;
            return { weight, term: factory(term) };
        }));
        const { optimizer, schedule } = buildOptimizer(props.call('optimizer'));
        const epochs = props.int('epochs');
        const batch = props.int('batch');
        const stopping = props.call('earlyStopping', true);
        const earlyStopping = stopping ? this.earlyStopping(stopping, training, model, where) : undefined;
        const steps = data.kind === 'pointSets' ? Math.ceil(data.sets.length / batch) : Math.ceil(data.sets[0]!.rows / batch);
        this.emit({ type: 'trainStart', model: training.model, ...(training.stage ? { stage: training.stage } : {}), epochs, parameters: model.parameterCount, steps });
        try {
            const result = await train({
                model, terms, optimizer, schedule, epochs, batch, data, earlyStopping,
                random: Random.derive(this.seed, 'train', training.model, training.stage ?? ''),
                signal: this.options.signal,
                onEpoch: e => this.emit({ type: 'epoch', model: training.model, ...(training.stage ? { stage: training.stage } : {}), ...e, loss: { ...e.loss }, ...(e.validation ? { validation: { ...e.validation } } : {}) }),
            });
            const radius = (await Promise.all(model.layers.map(poincareRadius))).find(r => r !== undefined);
            this.emit({ type: 'trainEnd', model: training.model, ...(training.stage ? { stage: training.stage } : {}), ...result, ...(radius !== undefined ? { radius } : {}) });
            this.trained.add(training.model);
        } finally {
            optimizer.dispose();
        }
    }

    /** `earlyStopping(on: moons.validation, metric: ari)`: measured with the protocol that evaluates this model. */
    private earlyStopping(call: PlanCall, training: TrainPlan, model: Model, where: string): EarlyStopping {
        const args = Args.of(registry.find('earlyStopping', ['stopping'])!, call);
        const on = this.part(args.ref('on'), `${where}, early stopping`);
        const metricCall = args.call('metric');
        const evaluation = this.options.plan.evaluations.find(e => e.task.call === 'hierarchicalClustering' && (e.task.args['model'] as PlanRef | undefined)?.ref === training.model);
        if (!evaluation) {
            throw new PlanError(`${where}: early stopping on \`${metricCall.call}\` needs an evaluation protocol that scores \`${training.model}\`; `
                + `this runtime measures it with \`hierarchicalClustering(model: ${training.model}, ...)\`, and the spec has none`);
        }
        const task = Args.of(registry.find('hierarchicalClustering', ['task'])!, evaluation.task);
        const metric = clusteringMetric(metricCall);
        const mode = args.string('mode');
        const decode = task.string('decode') as Decode;
        const k = task.int('k', true);
        return {
            metric: metricCall.call,
            patience: args.int('patience'),
            higherIsBetter: mode === 'auto' ? metric.higherIsBetter : mode === 'max',
            measure: async () => {
                const r = await evaluateHierarchical({ part: on, ...(k !== undefined ? { k } : {}), metrics: [metric], model: { name: training.model, model, decode }, baselines: [], signal: this.options.signal });
                return meanSd(r.methods[0]!.perSet[metric.name]!).mean;
            },
        };
    }

    private async evaluate(evaluation: EvaluationPlan): Promise<void> {
        const spec = registry.find(evaluation.task.call, ['task']);
        if (!spec) throw new PlanError(`evaluate \`${evaluation.name}\`: unknown protocol '${evaluation.task.call}'`);
        if (evaluation.task.call !== 'hierarchicalClustering') {
            throw new PlanError(`evaluate \`${evaluation.name}\`: the protocol '${evaluation.task.call}' is part of the language but not of the runtime yet`);
        }
        const t0 = performance.now();
        const task = Args.of(spec, evaluation.task);
        const block = Args.of(spec, { call: spec.name, args: evaluation.properties });
        const dataRef = task.ref('data');
        const part = this.part(dataRef, `evaluate \`${evaluation.name}\``);
        const modelName = task.ref('model').ref;
        const model = await this.model(modelName, part.dim);
        if (!this.trained.has(modelName)) this.emit({ type: 'note', message: `evaluate \`${evaluation.name}\`: \`${modelName}\` is not trained by this spec; it is scored with its initial weights` });
        const baselines = block.calls('baselines');
        const metricFns = block.calls('metrics').map(clusteringMetric);
        this.emit({ type: 'evalStart', evaluation: evaluation.name, sets: part.sets.length, methods: 1 + baselines.length });
        let lastReport = 0;
        const k = task.int('k', true);
        const result = await evaluateHierarchical({
            part, ...(k !== undefined ? { k } : {}), metrics: metricFns, baselines, signal: this.options.signal,
            model: { name: modelName, model, decode: task.string('decode') as Decode },
            onSet: (done, total) => {
                const now = performance.now();
                if (now - lastReport > 250 || done === total) { lastReport = now; this.emit({ type: 'evalProgress', evaluation: evaluation.name, done, total }); }
            },
        });
        const paper = block.raw('paper');
        this.metrics[evaluation.name] = {
            task: evaluation.task.call,
            data: `${dataRef.ref}${dataRef.member ? '.' + dataRef.member : ''}`,
            k: result.k,
            sets: part.sets.length,
            metrics: metricFns.map(m => m.name),
            methods: Object.fromEntries(result.methods.map(m => [m.method, {
                kind: m.kind,
                scores: Object.fromEntries(Object.entries(m.perSet).map(([metric, values]) => [metric, meanSd(values)])),
            }])),
            ...(isRecord(paper) ? { paper: Object.fromEntries(Object.entries(paper.record).filter(([, v]) => typeof v === 'number')) as Record<string, number> } : {}),
        };
        this.writeHierarchyArtefacts(evaluation, result, part);
        this.emit({ type: 'evalEnd', evaluation: evaluation.name, seconds: (performance.now() - t0) / 1000 });
    }

    /** Per-set scores (CSV), and for the sets the views ask for, dendrograms (JSON, Newick) and embeddings. */
    private writeHierarchyArtefacts(evaluation: EvaluationPlan, result: HierarchicalResult, part: DatasetPart): void {
        const header = ['method', 'set', 'points', ...Object.keys(result.methods[0]?.perSet ?? {})];
        const lines = [header.join(',')];
        for (const m of result.methods) {
            part.sets.forEach((s, i) => lines.push([JSON.stringify(m.method), i, s.rows, ...Object.values(m.perSet).map(v => v[i]!)].join(',')));
        }
        this.writer.artefact(`${evaluation.name}.sets.csv`, lines.join('\n') + '\n');
        const samples = new Set<number>([0]);
        for (const view of this.options.plan.views) {
            if (view.view.call !== 'dendrogram') continue;
            const args = Args.of(registry.find('dendrogram', ['view'])!, view.view);
            if (args.ref('source').ref === evaluation.name) samples.add(args.int('sample'));
        }
        for (const sample of samples) {
            if (sample >= part.sets.length) {
                this.emit({ type: 'note', message: `dendrogram view: set ${sample} does not exist (${part.dataset}.${part.part} has ${part.sets.length})` });
                continue;
            }
            const set = part.sets[sample]!;
            const trees: Record<string, unknown> = {};
            for (const [method, sets] of result.sets) {
                const r = sets[sample]!;
                const file = `${evaluation.name}.set${sample}.${method.replace(/\W+/g, '-')}`;
                this.writer.artefact(`${file}.nwk`, toNewick(r.dendrogram) + '\n');
                trees[method] = { tree: toJsonTree(r.dendrogram), predicted: Array.from(r.predicted), ...(r.embedding ? { embedding: Array.from(r.embedding) } : {}) };
            }
            this.writer.artefact(`${evaluation.name}.set${sample}.json`, {
                evaluation: evaluation.name, data: `${part.dataset}.${part.part}`, set: sample, k: result.k,
                points: Array.from(set.x), dim: set.dim, labels: Array.from(set.labels), ...(set.level !== undefined ? { level: set.level } : {}), methods: trees,
            });
        }
    }

    /**
     * `view embedding(model, on: part)`: the model's output for every set of the part, with the labels and the
     * input points, as `embedding.<model>.<dataset>-<part>.json` (what the embedding panel draws). Embeddings of
     * more than two dimensions get 2-D projections per set: the view's `projection`, and PCA always beside it so
     * that the panel has one to fall back on (`projection: none` leaves them out: the panel draws dimensions 1
     * and 2). Each set's projections are seeded from the experiment seed, the model, the data and the set.
     */
    private async writeEmbeddings(call: PlanCall): Promise<void> {
        const args = Args.of(registry.find('embedding', ['view'])!, call);
        const modelName = args.ref('model').ref;
        const training = this.options.plan.trainings.find(t => t.model === modelName);
        const on = args.has('on') ? args.ref('on') : training?.data;
        if (!on) throw new PlanError(`view embedding(${modelName}): give \`on:\` (the model is not trained by this spec)`);
        const part = this.part(on, `view embedding(${modelName})`);
        const model = await this.model(modelName, part.dim);
        const embeddings = await embedSets(model, part.sets);
        const data = `${part.dataset}.${part.part}`;
        const asked = args.string('projection') as ProjectionName | 'none';
        const which: ProjectionName[] = model.outDim <= 2 || asked === 'none' ? [] : asked === 'pca' ? ['pca'] : ['pca', asked];
        const projected: Partial<Record<ProjectionName, number[]>>[] = [];
        const slow = which.some(p => p !== 'pca');
        let withoutTsne = 0;
        const t0 = performance.now();
        for (const [i, set] of which.length > 0 ? part.sets.entries() : []) {
            if (slow) {
                // UMAP and t-SNE take a while per set: stay responsive to cancellation
                await yieldNowAndThen();
                if (this.options.signal?.aborted) throw this.options.signal.reason;
            }
            const seed = Random.derive(this.seed, 'projection', modelName, data, i).nextUint32();
            const { projections } = projectEmbedding(embeddings[i]!, set.rows, model.outDim, which, seed);
            if (which.includes('tsne') && !projections.tsne) withoutTsne++;
            // plot coordinates: 7 significant digits (float32's) keep the file small
            projected.push(Object.fromEntries(Object.entries(projections).map(([name, xy]) => [name, Array.from(xy, v => Number(v.toPrecision(7)))])));
        }
        if (which.length > 0) {
            this.emit({ type: 'note', message: `view embedding(${modelName}): ${which.join(' and ')} projections of ${part.sets.length} sets of ${model.outDim}-dimensional embeddings in ${((performance.now() - t0) / 1000).toFixed(1)} s` });
        }
        if (withoutTsne > 0) {
            this.emit({ type: 'note', message: `view embedding(${modelName}) on ${data}: t-SNE not computed for ${withoutTsne} of ${part.sets.length} sets (exact t-SNE is limited to ${EXACT_TSNE_MAX_POINTS} points a set); the panel shows PCA; use \`projection: umap\` for large sets` });
        }
        this.writer.artefact(`embedding.${modelName}.${part.dataset}-${part.part}.json`, {
            model: modelName, data, space: args.string('space'), dim: model.outDim, inputDim: part.dim,
            ...(part.classNames ? { classes: part.classNames } : {}),
            sets: part.sets.map((set, i) => ({
                points: Array.from(set.x), labels: Array.from(set.labels), embedding: Array.from(embeddings[i]!),
                ...(set.level !== undefined ? { level: set.level } : {}),
                ...(projected[i] ? { projections: projected[i] } : {}),
            })),
        });
    }

    dispose(): void {
        for (const m of this.models.values()) m.dispose();
        tf.disposeVariables();
    }
}
