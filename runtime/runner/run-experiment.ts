// Runs an execution plan: picks the backend, opens a run in the run store, loads the data, trains every model
// the plan trains, evaluates, writes the artefacts, and closes the run as completed, failed or cancelled.
// Everything that happens is an event, appended to `events.jsonl` and passed to `onEvent` (the CLI's progress
// display, the language server's notifications).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendPreference } from '../backend/index.js';
import { toJsonTree, toNewick } from '../cluster/index.js';
import { loadDataset, type DatasetPart, type LoadedDataset, type SampleSet } from '../data/dataset.js';
import { buildClassifier } from '../classify/index.js';
import { scoreActiveLearningRepeat, summarizeActiveLearning, summaryMetricName, type FeatureSet, type FeatureTable, type RepeatCurve, type Selector } from '../eval/active-learning.js';
import { clusteringMetric, embedSets, evaluateHierarchical, meanSd, type Decode, type HierarchicalResult } from '../eval/hierarchical.js';
import { EXACT_TSNE_MAX_POINTS, projectEmbedding, type ProjectionName } from '../eval/projections.js';
import type { LossFactory } from '../losses/types.js';
import { buildModel, type Model } from '../nn/model.js';
import { poincareRadius } from '../nn/poincare.js';
import { Args, PlanError } from '../plan/args.js';
import { unimplementedComponents } from '../plan/implemented.js';
import { resolveTermReferences } from '../plan/terms.js';
import { expandSweeps, reportedColumn, shownMetrics, summarizeSweep, type Configuration, type ConfigurationResult, type SweepCriterion, type SweepSummary } from '../plan/sweep.js';
import { isCall, isInterval, isList, isRecord, isRef, type EvaluationPlan, type ExperimentPlan, type PlanCall, type PlanRef, type PlanValue, type TrainPlan } from '../plan/types.js';
import { Random } from '../random/index.js';
import { trainBlock } from '../registry/declarations.js';
import { buildComponent, registry } from '../registry/index.js';
import type { ComponentSpec } from '../registry/types.js';
import { kmeansSelection, randomSelection } from '../select/selectors.js';
import { topIndices } from '../nn/selection.js';
import { metricsHeadline, RunStore, type RunWriter } from '../store/index.js';
import { buildOptimizer } from '../train/optimizers.js';
import { stageUsesParts, train, TrainingError, yieldNowAndThen, type EarlyStopping } from '../train/trainer.js';

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
    /** A spec with sweeps: configuration `index` of `total` starts (`label`: `alpha=0.1, beta=1`). */
    | { type: 'configuration'; index: number; total: number; label: string; values: Record<string, PlanValue> }
    /** ... and ended: its headline metric, or why it failed (a diverging loss; the others still run). */
    | { type: 'configurationEnd'; index: number; total: number; label: string; seconds: number; headline?: string; error?: string }
    | { type: 'repeat'; repeat: number; repeats: number; seed: number }
    // `configuration`: the 1-based configuration of a spec with sweeps
    | { type: 'trainStart'; model: string; stage?: string; repeat?: number; configuration?: number; epochs: number; parameters: number; steps: number }
    | { type: 'epoch'; model: string; stage?: string; repeat?: number; configuration?: number; epoch: number; epochs: number; loss: Record<string, number>; lr: number; seconds: number; validation?: Record<string, number>; best?: boolean }
    | { type: 'trainEnd'; model: string; stage?: string; repeat?: number; configuration?: number; epochs: number; stoppedEarly: boolean; bestEpoch?: number; best?: number; secondsPerEpoch: number; radius?: number }
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
    /** With sweeps: the metrics of the shown configuration (the best of the first evaluation's first method). */
    readonly metrics: MetricsSummary;
    /** A spec with sweeps: every configuration's metrics and the best per method (what metrics.json holds). */
    readonly sweep?: SweepSummary;
    readonly backend: { name: string; device: string };
    readonly seed: number;
    readonly seconds: number;
    readonly error?: string;
}

/**
 * Runs the plan to completion: with sweeps, every configuration in turn, each with the same seed and repeats.
 * Never throws for a failure of the run itself: the outcome says so. Throws a `PlanError`, before anything is
 * written, when the plan uses components the runtime does not implement yet, or asks for a sweep it does not take.
 */
export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
    const { plan } = options;
    const missing = unimplementedComponents(plan);
    if (missing.length > 0) {
        throw new PlanError(`this spec uses ${missing.join(', ')}, which the language knows but the runtime does not run yet`);
    }
    const configurations = expandSweeps(plan);
    const sweeping = (plan.sweeps?.length ?? 0) > 0;
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
    let sweep: SweepSummary | undefined;
    const outcome = (status: RunOutcome['status'], id: string, dir: string, error?: string): RunOutcome => ({
        id, dir, status, metrics, ...(sweep ? { sweep } : {}), backend: { name: backend.name, device: backend.device }, seed,
        seconds: (performance.now() - started) / 1000, ...(error ? { error } : {}),
    });
    try {
        if (!sweeping) {
            const session = new Session(options, writer, seed, emit, metrics);
            try {
                await session.run();
            } finally {
                session.dispose();
            }
            const committed = writer.complete(metrics);
            return outcome('completed', committed.id, committed.dir);
        }
        sweep = await runSweep(options, configurations, writer, seed, emit);
        Object.assign(metrics, shownMetrics(sweep));
        const committed = writer.complete(sweep as unknown as Record<string, unknown>);
        return outcome('completed', committed.id, committed.dir);
    } catch (error) {
        if (options.signal?.aborted) {
            const committed = writer.cancel(String(options.signal.reason instanceof Error ? options.signal.reason.message : options.signal.reason ?? 'cancelled'));
            return outcome('cancelled', committed.id, committed.dir);
        }
        const committed = writer.fail(error);
        return outcome('failed', committed.id, committed.dir, error instanceof Error ? error.message : String(error));
    }
}

/** Where a session writes its artefacts: the run folder, or a configuration's `config-NN.` names in it. */
interface ArtefactSink {
    artefact(name: string, data: unknown): string;
}

/**
 * Every configuration in order, each a session of its own on the same seed and repeats (its models disposed before
 * the next starts), its artefacts under its `config-NN.` prefix; then the best configuration per evaluation and
 * method, and the shown configuration's artefacts copied to the plain names that the result panels read. A
 * configuration whose training diverges (a NaN loss) is recorded as failed and the others still run; any other
 * failure (a refusal of the spec, a bug) ends the run.
 */
async function runSweep(options: RunOptions, configurations: readonly Configuration[], writer: RunWriter, seed: number, emit: (event: RunEventBody) => void): Promise<SweepSummary> {
    const results: ConfigurationResult[] = [];
    const width = String(configurations.length).length;
    for (const configuration of configurations) {
        const { index, total, label } = configuration;
        const files = `config-${String(index).padStart(width, '0')}`;
        emit({ type: 'configuration', index, total, label, values: { ...configuration.values } });
        const tagged = (event: RunEventBody) => emit(event.type === 'trainStart' || event.type === 'epoch' || event.type === 'trainEnd' ? { ...event, configuration: index } : event);
        const sink: ArtefactSink = {
            artefact: (name, data) => writer.artefact(`${files}.${name}`,
                typeof data === 'object' && data !== null && !Array.isArray(data) && !(data instanceof Uint8Array) ? { ...data, configuration: { index, total, label } } : data),
        };
        const t0 = performance.now();
        const metrics: Record<string, MetricsSummary[string]> = {};
        const session = new Session({ ...options, plan: configuration.plan }, sink, seed, tagged, metrics);
        try {
            await session.run();
            const seconds = (performance.now() - t0) / 1000;
            results.push({ index, label, values: configuration.values, files, seconds, metrics });
            emit({ type: 'configurationEnd', index, total, label, seconds, headline: metricsHeadline(metrics) });
        } catch (error) {
            if (options.signal?.aborted || !(error instanceof TrainingError)) {
                if (error instanceof Error && !options.signal?.aborted) error.message = `configuration ${index} of ${total} (${label}): ${error.message}`;
                throw error;
            }
            const seconds = (performance.now() - t0) / 1000;
            results.push({ index, label, values: configuration.values, files, seconds, error: error.message });
            emit({ type: 'configurationEnd', index, total, label, seconds, error: error.message });
        } finally {
            session.dispose();
        }
    }
    const failed = results.filter(r => r.error !== undefined);
    if (failed.length === results.length) throw new TrainingError(`every configuration failed; the first, ${failed[0]!.label}: ${failed[0]!.error}`);
    const summary = summarizeSweep(options.plan, results, sweepCriteria(options.plan, results, emit));
    const shown = summary.sweep.shown;
    const shownFiles = results.find(r => r.index === shown?.configuration)?.files;
    if (shownFiles) {
        for (const name of fs.readdirSync(writer.dir).filter(n => n.startsWith(`${shownFiles}.`)).sort()) {
            writer.artefact(name.slice(shownFiles.length + 1), fs.readFileSync(path.join(writer.dir, name)));
        }
    }
    return summary;
}

/**
 * How each evaluation's best configuration is chosen: by the metric a sweep's `report:` names, else by the
 * evaluation's headline metric (its first column); evaluations that a `report:` names come first.
 */
function sweepCriteria(plan: ExperimentPlan, results: readonly ConfigurationResult[], emit: (event: RunEventBody) => void): Record<string, SweepCriterion> {
    const reports = new Map<string, string | undefined>();
    for (const axis of plan.sweeps ?? []) if (axis.report && !reports.has(axis.report.evaluation)) reports.set(axis.report.evaluation, axis.report.metric);
    const names = [...new Set([...reports.keys(), ...plan.evaluations.map(e => e.name)])];
    const criteria: Record<string, SweepCriterion> = {};
    for (const name of names) {
        const entry = results.find(r => r.metrics?.[name])?.metrics?.[name];
        if (!entry) continue;
        const requested = reports.get(name);
        let metric = reportedColumn(entry, requested);
        if (metric === undefined) {
            emit({ type: 'note', message: `sweep: \`report: ${name}.${requested}\` is not among ${name}'s results (${entry.metrics.join(', ')}); its best configuration is chosen by ${entry.metrics[0]}` });
            metric = entry.metrics[0]!;
        }
        criteria[name] = { metric, higherIsBetter: higherIsBetter(entry.task, metric), chosenBy: reports.has(name) && reportedColumn(entry, requested) !== undefined ? 'report' : 'headline' };
    }
    return criteria;
}

function higherIsBetter(task: string, metric: string): boolean {
    if (task !== 'hierarchicalClustering') return true;
    try {
        return clusteringMetric({ call: metric, args: {} }).higherIsBetter;
    } catch {
        return true;
    }
}

/** The state of one run: loaded data, built models (per repeat), and what the evaluations gathered over the repeats. */
class Session {
    private readonly datasets = new Map<string, LoadedDataset>();
    private readonly models = new Map<string, Model>();
    private readonly trained = new Set<string>();
    private readonly hierarchical = new Map<string, HierarchicalResult[]>();
    private readonly activeLearning = new Map<string, RepeatCurve[][]>();
    /** Per active-learning evaluation, each repeat's share of each class among the candidates. */
    private readonly candidateClassShares = new Map<string, number[][]>();
    /** The current repeat (0-based) and its seed. */
    private repeat = 0;
    private repeatSeed: number;
    private readonly repeats: number;

    constructor(
        private readonly options: RunOptions,
        private readonly writer: ArtefactSink,
        private readonly seed: number,
        private readonly emit: (event: RunEventBody) => void,
        private readonly metrics: Record<string, MetricsSummary[string]>,
    ) {
        const repeats = options.plan.properties['repeats'];
        this.repeats = typeof repeats === 'number' && repeats > 1 ? repeats : 1;
        this.repeatSeed = seed;
    }

    /** `repeat` in events only when there are several. */
    private get repeatTag(): { repeat?: number } {
        return this.repeats > 1 ? { repeat: this.repeat + 1 } : {};
    }

    async run(): Promise<void> {
        const { plan } = this.options;
        for (let r = 0; r < this.repeats; r++) {
            // repeat r runs the whole spec again with seed + r: new splits, new initial weights, new samples
            this.repeat = r;
            this.repeatSeed = this.seed + r;
            this.resetRepeat();
            if (this.repeats > 1) this.emit({ type: 'repeat', repeat: r + 1, repeats: this.repeats, seed: this.repeatSeed });
            for (const dataset of plan.datasets) {
                const t0 = performance.now();
                const loaded = loadDataset(dataset, { seed: this.repeatSeed, specDir: this.options.specDir, workspace: this.options.workspace });
                this.datasets.set(dataset.name, loaded);
                this.emit({ type: 'data', dataset: dataset.name, description: loaded.description, seconds: (performance.now() - t0) / 1000 });
            }
            for (const training of plan.trainings) await this.train(training);
            for (const evaluation of plan.evaluations) await this.evaluate(evaluation);
            if (r === 0) {
                for (const view of plan.views) {
                    if (view.view.call === 'embedding') await this.writeEmbeddings(view.view);
                    else if (!['dendrogram', 'table', 'curve'].includes(view.view.call)) {
                        this.emit({ type: 'note', message: `view \`${view.view.call}\`: its artefacts are not produced by this version of the runtime` });
                    }
                }
            }
        }
        for (const evaluation of plan.evaluations) this.summarize(evaluation);
    }

    private resetRepeat(): void {
        for (const m of this.models.values()) m.dispose();
        this.models.clear();
        this.trained.clear();
        this.datasets.clear();
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
        // parts over the samples (ALLG's graph and selection, DUAL's block) are built for the first training's data
        const training = this.options.plan.trainings.find(t => t.model === name);
        const samples = training ? this.part(training.data, `train ${name}`).sets[0] : undefined;
        const model = await buildModel(plan, inDim, Random.derive(this.repeatSeed, 'model', name), samples);
        this.models.set(name, model);
        if (model.transductive) {
            this.emit({ type: 'note', message: `model \`${name}\`: its ${describeParts(model)} are over the ${model.parts!.samples} samples of ${training!.data.ref}${training!.data.member ? '.' + training!.data.member : ''}; a stage that trains them uses all the samples in every step (\`batch\` applies to the stages that pre-train the auto-encoder alone)` });
        }
        return model;
    }

    private async train(training: TrainPlan): Promise<void> {
        const where = `train ${training.model}${training.stage ? `, stage ${training.stage}` : ''}`;
        const data = this.part(training.data, where);
        const model = await this.model(training.model, data.dim);
        const props = Args.of(trainBlock, { call: 'train', args: training.properties });
        const terms = await Promise.all(resolveTermReferences(training.objective, where).map(async ({ weight, term }) => {
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
        const useParts = stageUsesParts(model, terms);
        if (useParts) this.checkSamplePartsFit(model, where);
        const steps = useParts ? 1 : data.kind === 'pointSets' ? Math.ceil(data.sets.length / batch) : Math.ceil(data.sets[0]!.rows / batch);
        const tags = { ...(training.stage ? { stage: training.stage } : {}), ...this.repeatTag };
        const parameters = model.variablesFor(useParts).reduce((n, v) => n + v.size, 0);
        this.emit({ type: 'trainStart', model: training.model, ...tags, epochs, parameters, steps });
        try {
            const result = await train({
                model, terms, optimizer, schedule, epochs, batch, data, earlyStopping,
                random: Random.derive(this.repeatSeed, 'train', training.model, training.stage ?? ''),
                signal: this.options.signal,
                onEpoch: e => this.emit({ type: 'epoch', model: training.model, ...tags, ...e, loss: { ...e.loss }, ...(e.validation ? { validation: { ...e.validation } } : {}) }),
            });
            const radius = (await Promise.all(model.layers.map(poincareRadius))).find(r => r !== undefined);
            this.emit({ type: 'trainEnd', model: training.model, ...tags, ...result, ...(radius !== undefined ? { radius } : {}) });
            this.trained.add(training.model);
        } finally {
            optimizer.dispose();
        }
    }

    /**
     * The n×n matrices over the samples dominate memory. A step holds each learned one with its gradient and the
     * backward pass's temporaries until the step ends: about 10 matrices per learned one, plus the prior (tfjs's
     * peak on wasm, ALLG on splice: 30.8 n² floats for 3 learned matrices). Adam's two moments are kept on the host
     * (outside wasm's memory) by the cpu-side backends: they count where the host is the limit. A stage that cannot
     * fit is refused before it starts, with what would fit, rather than aborting the runner.
     */
    private checkSamplePartsFit(model: Model, where: string): void {
        const n = model.parts!.samples;
        const learned = (model.parts!.graph?.adjacency.length ?? 0) + (model.parts!.selection ? 1 : 0);
        const perLearned = tf.getBackend() === 'wasm' ? 10 : 12;
        const bytes = 4 * n * n * (perLearned * learned + (model.parts!.graph ? 1 : 0));
        const backend = tf.getBackend();
        const limit = backend === 'wasm' ? 0.9 * 2 ** 32 : backend === 'cpu' ? 0.75 * os.totalmem() : Infinity;
        if (bytes > limit) {
            const fits = Math.floor(Math.sqrt(limit / (bytes / (n * n))));
            throw new PlanError(`${where}: ${learned} learned ${n}×${n} matrices over the samples need about ${(bytes / 2 ** 30).toFixed(1)} GiB, `
                + `more than the ${backend} backend can hold (${backend === 'wasm' ? 'a 32-bit WebAssembly memory addresses 4 GiB' : `75% of this machine's ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`}); `
                + `about ${fits} candidates fit: use fewer candidates, or a GPU backend (\`backend: webgpu\`, \`tensorflow-gpu\`)${backend === 'wasm' ? ' or `--backend cpu`' : ''}`);
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
        if (evaluation.task.call === 'hierarchicalClustering') return this.evaluateHierarchy(evaluation, spec);
        if (evaluation.task.call === 'activeLearning') return this.evaluateActiveLearning(evaluation, spec);
        throw new PlanError(`evaluate \`${evaluation.name}\`: the protocol '${evaluation.task.call}' is part of the language but not of the runtime yet`);
    }

    private progress(evaluation: string): (done: number, total: number) => void {
        let lastReport = 0;
        return (done, total) => {
            const now = performance.now();
            if (now - lastReport > 250 || done === total) { lastReport = now; this.emit({ type: 'evalProgress', evaluation, done, total }); }
        };
    }

    private async evaluateHierarchy(evaluation: EvaluationPlan, spec: ComponentSpec): Promise<void> {
        const t0 = performance.now();
        const task = Args.of(spec, evaluation.task);
        const block = Args.of(spec, { call: spec.name, args: evaluation.properties });
        const part = this.part(task.ref('data'), `evaluate \`${evaluation.name}\``);
        const modelName = task.ref('model').ref;
        const model = await this.model(modelName, part.dim);
        if (!this.trained.has(modelName)) this.emit({ type: 'note', message: `evaluate \`${evaluation.name}\`: \`${modelName}\` is not trained by this spec; it is scored with its initial weights` });
        const baselines = block.calls('baselines');
        const metricFns = block.calls('metrics').map(clusteringMetric);
        this.emit({ type: 'evalStart', evaluation: evaluation.name, sets: part.sets.length, methods: 1 + baselines.length });
        const k = task.int('k', true);
        const result = await evaluateHierarchical({
            part, ...(k !== undefined ? { k } : {}), metrics: metricFns, baselines, signal: this.options.signal,
            model: { name: modelName, model, decode: task.string('decode') as Decode },
            onSet: this.progress(evaluation.name),
        });
        this.hierarchical.set(evaluation.name, [...(this.hierarchical.get(evaluation.name) ?? []), result]);
        if (this.repeat === 0) this.writeHierarchyArtefacts(evaluation, result, part);
        this.emit({ type: 'evalEnd', evaluation: evaluation.name, seconds: (performance.now() - t0) / 1000 });
    }

    private async evaluateActiveLearning(evaluation: EvaluationPlan, spec: ComponentSpec): Promise<void> {
        const t0 = performance.now();
        const where = `evaluate \`${evaluation.name}\``;
        const task = Args.of(spec, evaluation.task);
        const block = Args.of(spec, { call: spec.name, args: evaluation.properties });
        const dataRef = task.ref('data');
        const dataset = this.datasets.get(dataRef.ref);
        if (!dataset) throw new PlanError(`${where}: \`${dataRef.ref}\` is not a dataset of this spec`);
        const parts = [...dataset.parts.values()];
        if (parts.length < 2) {
            throw new PlanError(`${where}: activeLearning needs \`${dataRef.ref}\` split into candidates and test (e.g. \`split: candidates 50%, test 50%\`); it has one part`);
        }
        const [candidatePart, testPart] = parts as [DatasetPart, DatasetPart];
        const candidates = candidatePart.sets[0]!, test = testPart.sets[0]!;
        const queries = queryBudgets(task.raw('queries'));
        const tooMany = queries.filter(m => m > candidates.rows);
        if (tooMany.length > 0) this.emit({ type: 'note', message: `${where}: ${candidates.rows} candidates; budgets ${tooMany.join(', ')} label all of them` });
        const features = block.list('features').map(f => String(typeof f === 'object' && f !== null && 'call' in f ? f.call : f)) as FeatureSet[];
        const classifiers = block.calls('classifiers').map(buildClassifier);
        const metrics = block.calls('metrics').map(m => m.call);
        if (metrics.some(m => m !== 'accuracy')) throw new PlanError(`${where}: this runtime scores active learning by \`accuracy\` only`);
        const selectorRandom = Random.derive(this.repeatSeed, 'selection', evaluation.name);
        const selectors: Selector[] = [];
        let firstLatent: FeatureTable | undefined;
        for (const value of block.list('selectors')) {
            if (isRef(value)) {
                const selector = await this.modelSelector(value, candidatePart, test, where);
                firstLatent ??= selector.latent;
                selectors.push(selector);
            } else {
                const call = isCall(value) ? value : { call: String(value), args: {} };
                selectors.push(plainSelector(call, candidates, selectorRandom.fork(call.call)));
            }
        }
        const withLatent = selectors.map(s => (s.kind === 'selector' && firstLatent ? { ...s, latent: firstLatent } : s));
        if (features.includes('latent') && !firstLatent) {
            this.emit({ type: 'note', message: `${where}: no model among the selectors, so no latent features; the classifiers see the original features only` });
        }
        this.emit({ type: 'evalStart', evaluation: evaluation.name, sets: 1, methods: selectors.length });
        const curves = await scoreActiveLearningRepeat({
            candidates, test, queries, selectors: withLatent, classifiers, features,
            onProgress: this.progress(evaluation.name), signal: this.options.signal,
        });
        this.activeLearning.set(evaluation.name, [...(this.activeLearning.get(evaluation.name) ?? []), curves]);
        const classes = curves[0]?.classCounts[0]?.length ?? 0;
        const share = new Array<number>(classes).fill(0);
        for (const label of candidates.labels) if (label >= 0 && label < classes) share[label]! += 1 / candidates.rows;
        this.candidateClassShares.set(evaluation.name, [...(this.candidateClassShares.get(evaluation.name) ?? []), share]);
        this.emit({ type: 'evalEnd', evaluation: evaluation.name, seconds: (performance.now() - t0) / 1000 });
    }

    /** `allg.selection`: the model's ranking of the candidates it was trained on, and its latents of both parts. */
    private async modelSelector(ref: PlanRef, candidates: DatasetPart, test: SampleSet, where: string): Promise<Selector> {
        const training = this.options.plan.trainings.find(t => t.model === ref.ref);
        if (!training) throw new PlanError(`${where}: \`${ref.ref}.${ref.member ?? 'selection'}\` ranks the samples \`${ref.ref}\` is trained on, but this spec does not train it`);
        const trainedOn = this.part(training.data, `train ${ref.ref}`);
        if (trainedOn !== candidates) {
            throw new PlanError(`${where}: \`${ref.ref}\` is trained on \`${trainedOn.dataset}.${trainedOn.part}\`, but the candidates are \`${candidates.dataset}.${candidates.part}\`: train it on the candidates`);
        }
        const model = await this.model(ref.ref, candidates.dim);
        const head = model.parts?.selection;
        if (!head) throw new PlanError(`${where}: \`${ref.ref}\` has no selection head; attach \`selection: selfSelection()\` to it, or use \`dual(...)\``);
        const ranking = topIndices(await head.scores(), candidates.sets[0]!.rows);
        const [latentCandidates, latentTest] = await embedSets(model, [candidates.sets[0]!, test]);
        return { name: ref.ref, kind: 'model', select: m => ranking.subarray(0, m), latent: { candidates: latentCandidates!, test: latentTest!, dim: model.outDim } };
    }

    /** After the last repeat: the metrics summary and the artefacts that gather every repeat. */
    private summarize(evaluation: EvaluationPlan): void {
        const block = Args.of(registry.find(evaluation.task.call, ['task'])!, { call: evaluation.task.call, args: evaluation.properties });
        const paperValue = block.raw('paper');
        const paper = isRecord(paperValue) ? Object.fromEntries(Object.entries(paperValue.record).filter(([, v]) => typeof v === 'number')) as Record<string, number> : undefined;
        const dataRef = Args.of(registry.find(evaluation.task.call, ['task'])!, evaluation.task).ref('data');
        const data = `${dataRef.ref}${dataRef.member ? '.' + dataRef.member : ''}`;
        const hierarchy = this.hierarchical.get(evaluation.name);
        if (hierarchy) {
            // sets of every repeat pooled: mean ± sd over sets × repeats
            const first = hierarchy[0]!;
            this.metrics[evaluation.name] = {
                task: evaluation.task.call, data, k: first.k,
                sets: hierarchy.reduce((n, r) => n + (Object.values(r.methods[0]?.perSet ?? {})[0]?.length ?? 0), 0),
                metrics: Object.keys(first.methods[0]?.perSet ?? {}),
                methods: Object.fromEntries(first.methods.map((m, i) => [m.method, {
                    kind: m.kind,
                    scores: Object.fromEntries(Object.keys(m.perSet).map(metric => [metric, meanSd(hierarchy.flatMap(r => [...r.methods[i]!.perSet[metric]!]))])),
                }])),
                ...(paper ? { paper } : {}),
            };
        }
        const repeats = this.activeLearning.get(evaluation.name);
        if (repeats) {
            const curves = summarizeActiveLearning(repeats);
            const task = Args.of(registry.find('activeLearning', ['task'])!, evaluation.task);
            const dataset = this.datasets.get(dataRef.ref)!;
            const [candidates, test] = [...dataset.parts.values()] as [DatasetPart, DatasetPart];
            const metricNames = [...new Set(curves.map(c => summaryMetricName(c.classifier, c.features)))];
            const methods: Record<string, { kind: 'model' | 'baseline'; scores: Record<string, { mean: number; sd: number }> }> = {};
            for (const c of curves) {
                const entry = methods[c.method] ??= { kind: c.kind === 'model' ? 'model' : 'baseline', scores: {} };
                entry.scores[summaryMetricName(c.classifier, c.features)] = c.average;
            }
            this.metrics[evaluation.name] = { task: 'activeLearning', data, sets: repeats.length, metrics: metricNames, methods, ...(paper ? { paper } : {}) };
            this.writer.artefact(`${evaluation.name}.queries.json`, {
                evaluation: evaluation.name, data: dataRef.ref, candidates: candidates.sets[0]!.rows, test: test.sets[0]!.rows,
                queries: queryBudgets(task.raw('queries')), repeats: repeats.length, metric: 'accuracy', curves, ...(paper ? { paper } : {}),
                candidateClassShare: meanRows(this.candidateClassShares.get(evaluation.name) ?? []),
            });
        }
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
            const seed = Random.derive(this.repeatSeed, 'projection', modelName, data, i).nextUint32();
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
        const selected = args.has('highlight') ? await this.highlighted(args.ref('highlight'), part) : undefined;
        this.writer.artefact(`embedding.${modelName}.${part.dataset}-${part.part}.json`, {
            model: modelName, data, space: args.string('space'), dim: model.outDim, inputDim: part.dim,
            ...(part.classNames ? { classes: part.classNames } : {}),
            sets: part.sets.map((set, i) => ({
                points: Array.from(set.x), labels: Array.from(set.labels), embedding: Array.from(embeddings[i]!),
                ...(set.level !== undefined ? { level: set.level } : {}),
                ...(projected[i] ? { projections: projected[i] } : {}),
                ...(selected && i === 0 ? { selected: Array.from(selected) } : {}),
            })),
        });
    }

    /**
     * `highlight: allg.selection`: the samples the model's selection head ranks highest, as many as the largest
     * budget of the active-learning evaluations (100 without one); only over the samples it was trained on.
     */
    private async highlighted(ref: PlanRef, part: DatasetPart): Promise<Int32Array | undefined> {
        const training = this.options.plan.trainings.find(t => t.model === ref.ref);
        const model = training ? await this.model(ref.ref, part.dim) : undefined;
        const head = model?.parts?.selection;
        if (!training || !head || this.part(training.data, `train ${ref.ref}`) !== part) {
            this.emit({ type: 'note', message: `view embedding: \`highlight: ${ref.ref}.${ref.member ?? 'selection'}\` ranks the samples \`${ref.ref}\` is trained on; ${part.dataset}.${part.part} is drawn without highlights` });
            return undefined;
        }
        const budgets = this.options.plan.evaluations.filter(e => e.task.call === 'activeLearning')
            .flatMap(e => queryBudgets(Args.of(registry.find('activeLearning', ['task'])!, e.task).raw('queries')));
        return topIndices(await head.scores(), Math.min(part.sets[0]!.rows, budgets.length > 0 ? Math.max(...budgets) : 100));
    }

    dispose(): void {
        for (const m of this.models.values()) m.dispose();
        tf.disposeVariables();
    }
}

/** The element-wise mean of equally long rows. */
function meanRows(rows: readonly (readonly number[])[]): number[] {
    return rows.length === 0 ? [] : rows[0]!.map((_, k) => rows.reduce((sum, r) => sum + r[k]!, 0) / rows.length);
}

function describeParts(model: Model): string {
    const parts = [model.parts?.graph ? 'learned graph' : undefined, model.parts?.selection ? 'selection coefficients' : undefined].filter(Boolean);
    return parts.join(' and ') || 'parts';
}

/** `25 .. 225 step 25` or `[25, 50]` → the budgets. */
export function queryBudgets(value: PlanValue | undefined): number[] {
    if (isInterval(value)) {
        const step = value.step ?? 1;
        const out: number[] = [];
        for (let m = value.from; m <= value.to + 1e-9; m += step) out.push(Math.round(m));
        return out;
    }
    if (isList(value)) return value.map(Number);
    if (typeof value === 'number') return [value];
    throw new PlanError(`activeLearning's \`queries\` must be budgets like \`25 .. 225 step 25\`, got ${JSON.stringify(value)}`);
}

/** `kmeansSelection(k)` or `randomSelection()` over the candidates' original features; fresh for every budget. */
function plainSelector(call: PlanCall, candidates: SampleSet, random: Random): Selector {
    const x = Float64Array.from(candidates.x);
    switch (call.call) {
        case 'kmeansSelection': {
            const k = Args.of(registry.find('kmeansSelection', ['selector'])!, call).int('k', true);
            return { name: call.call, kind: 'selector', select: m => kmeansSelection(x, candidates.rows, candidates.dim, m, random.fork(m), k) };
        }
        case 'randomSelection': {
            // one order per repeat: a larger budget labels the smaller one's samples and more
            const order = randomSelection(candidates.rows, candidates.rows, random);
            return { name: call.call, kind: 'selector', select: m => order.subarray(0, m) };
        }
        default: throw new PlanError(`the selector '${call.call}' is part of the language but not of the runtime yet`);
    }
}
