// Every message between the extension (client), the language server and the result panels (webviews), typed
// once (the pattern of rust-analyzer's `lsp_ext.ts`). The client and the server import the request and
// notification objects; the webviews import only types (`import type`), so nothing of the LSP libraries reaches
// the browser bundles.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { BackendPreference } from '../runtime/backend/select.js';
import type { ConfigurationResult, SweepBest, SweepSummary } from '../runtime/plan/sweep.js';
import type { MetricsSummary, RunEventBody } from '../runtime/runner/run-experiment.js';
import type { ListedStatus } from '../runtime/store/run-store.js';

export type { BackendPreference, ConfigurationResult, MetricsSummary, RunEventBody, ListedStatus, SweepBest, SweepSummary };

// ---------------------------------------------------------------------------------------------------------
// Language server ↔ client
// ---------------------------------------------------------------------------------------------------------

/** An experiment is named by its spec's URI and its `experiment` name; one run per experiment at a time. */
export interface ExperimentRef {
    readonly uri: string;
    readonly experiment: string;
}

export interface RunParams extends ExperimentRef {
    /** Overrides the spec's `backend` (the `expspec.backend` setting when not `auto`). */
    readonly backend?: BackendPreference;
    readonly seed?: number;
}

/** Where a run request ended. `rejected`: nothing ran (the spec has errors, the workspace is not trusted, …). */
export type RunEndStatus = 'completed' | 'failed' | 'cancelled' | 'rejected';

export interface RunResult {
    readonly status: RunEndStatus;
    /** The run folder (absent when rejected). */
    readonly dir?: string;
    readonly id?: string;
    readonly metrics?: MetricsSummary;
    /** e.g. `clusters: embed ari 0.983 ± 0.052` (completed runs). */
    readonly headline?: string;
    readonly backend?: { readonly name: string; readonly device: string };
    readonly seconds?: number;
    /** failed / rejected: what went wrong, in one or a few lines. */
    readonly error?: string;
}

/** Runs an experiment in a runner child process; resolves when the run has ended (queued runs wait their turn). */
export const runExperimentRequest = new RequestType<RunParams, RunResult, void>('expspec/runExperiment');

/** Cancels the queued or running runs of this experiment (of any spec when `uri` is empty); `true` when there was one. */
export const cancelRunRequest = new RequestType<ExperimentRef, boolean, void>('expspec/cancelRun');

/** The state of every run the server knows of: queued, running, and the ones in the run stores. */
export interface RunSummary {
    /** The run folder's name (`<time>-<experiment>`, or `.tmp-…` while running). */
    readonly id: string;
    readonly dir: string;
    readonly experiment: string;
    /** The spec's path relative to the workspace folder, as recorded in `run.json`. */
    readonly specFile: string | null;
    readonly status: ListedStatus | 'queued';
    readonly startTime?: string;
    readonly endTime?: string;
    readonly backend?: string;
    readonly device?: string;
    readonly seed?: number;
    /** e.g. `clusters: embed ari 0.983 ± 0.052` */
    readonly headline?: string;
    readonly error?: string;
}

export interface ListRunsParams {
    /** Only runs of this experiment (any spec) when given. */
    readonly experiment?: string;
}
export const listRunsRequest = new RequestType<ListRunsParams, RunSummary[], void>('expspec/listRuns');

/** Everything the result panels draw for one run, read from its folder. */
export const openRunRequest = new RequestType<{ readonly dir: string }, RunResults, void>('expspec/openRun');

/** Whether running is allowed (VS Code Workspace Trust); the client tells the server at start and on change. */
export const setTrustNotification = new NotificationType<{ readonly trusted: boolean }>('expspec/setTrust');

/** A run's state changed (queued, started, ended); the Runs view and the status bar follow these. */
export interface RunStateParams extends ExperimentRef {
    readonly state: 'queued' | 'running' | RunEndStatus;
    readonly dir?: string;
    readonly id?: string;
    readonly backend?: string;
    readonly device?: string;
    readonly error?: string;
}
export const runStateNotification = new NotificationType<RunStateParams>('expspec/runState');

/** One event of a running run (live curves, the status bar's progress, the output channel). */
export interface RunEventParams extends ExperimentRef {
    readonly dir: string;
    readonly event: RunEventBody;
}
export const runEventNotification = new NotificationType<RunEventParams>('expspec/runEvent');

/** Writes (or rewrites) the run folder's self-contained `report.html`; resolves its path. */
export const writeReportRequest = new RequestType<{ readonly dir: string }, string, void>('expspec/writeReport');

// ---------------------------------------------------------------------------------------------------------
// What a run folder holds, as the panels and `report.html` read it
// ---------------------------------------------------------------------------------------------------------

export interface RunResults {
    readonly id: string;
    readonly dir: string;
    readonly experiment: string;
    readonly status: ListedStatus;
    readonly specFile: string | null;
    readonly startTime?: string;
    readonly endTime?: string;
    readonly backend?: { readonly name: string; readonly device?: string };
    readonly seed?: number;
    readonly error?: string;
    /**
     * `metrics.json`: the metrics summary (null until the run completes). For a spec with sweeps, the shown
     * configuration's (the best of the first evaluation's first method); every configuration's is in `sweep`.
     */
    readonly metrics: MetricsSummary | null;
    /** A spec with sweeps: `metrics.json` as written (every configuration, the best per evaluation and method). */
    readonly sweep?: SweepSummary;
    /** Every `epoch` event in `events.jsonl`, in order. */
    readonly epochs: readonly EpochPoint[];
    /** `embedding.<model>.<data>-<part>.json` files. */
    readonly embeddings: readonly EmbeddingArtefact[];
    /** `<evaluation>.set<i>.json` files. */
    readonly dendrograms: readonly DendrogramArtefact[];
    /** `<evaluation>.queries.json` files (active-learning evaluations). */
    readonly activeLearning: readonly ActiveLearningArtefact[];
}

/**
 * Which configuration of a sweep an artefact belongs to. A run with sweeps writes each configuration's artefacts
 * as `config-NN.<name>` (`config-03.selection.queries.json`), and the shown configuration's again as `<name>`;
 * each carries this field.
 */
export interface ConfigurationRef {
    /** 1-based, as in `metrics.json`'s `configurations`. */
    readonly index: number;
    readonly total: number;
    /** `alpha=0.1, beta=1` */
    readonly label: string;
}

/** An epoch as the runner reports it (the `epoch` event without its tag): loss terms and `total`, lr, validation. */
export type EpochPoint = Omit<Extract<RunEventBody, { type: 'epoch' }>, 'type' | 'best'>;

/** Projections of embeddings with more than 2 dimensions, computed by the runner: 2 numbers per point. */
export type ProjectionName = 'pca' | 'umap' | 'tsne';

export interface EmbeddingSet {
    /** The input points, row-major, `inputDim` per point. */
    readonly points: readonly number[];
    readonly labels: readonly number[];
    /** The model's output, row-major, `dim` per point. */
    readonly embedding: readonly number[];
    readonly level?: number;
    /** Present when `dim > 2`: each a row-major n×2 array. */
    readonly projections?: Partial<Record<ProjectionName, readonly number[]>>;
    /** Predicted cluster or class per point, where the evaluation produced one. */
    readonly predicted?: readonly number[];
    /** Indices of selected points (active learning), where there are. */
    readonly selected?: readonly number[];
}

export interface EmbeddingArtefact {
    /** The file's name in the run folder. */
    readonly file: string;
    readonly model: string;
    /** `<dataset>.<part>` */
    readonly data: string;
    /** `euclidean` | `poincare` | … (the view's `space`). */
    readonly space: string;
    readonly dim: number;
    readonly inputDim: number;
    readonly classes?: readonly string[];
    readonly sets: readonly EmbeddingSet[];
    readonly configuration?: ConfigurationRef;
}

/** A dendrogram node as the runtime writes it: leaves have `id` < n and height 0. */
export interface TreeNode {
    readonly id: number;
    readonly height: number;
    readonly size: number;
    readonly children?: readonly TreeNode[];
}

export interface DendrogramArtefact {
    readonly file: string;
    readonly evaluation: string;
    readonly data: string;
    readonly set: number;
    readonly k: number;
    readonly points: readonly number[];
    readonly dim: number;
    readonly labels: readonly number[];
    readonly level?: number;
    /** Per method (the model and each baseline): the tree, the flat clusters at k, and the embedding for a model. */
    readonly methods: Readonly<Record<string, { readonly tree: TreeNode; readonly predicted: readonly number[]; readonly embedding?: readonly number[] }>>;
    readonly configuration?: ConfigurationRef;
}

/**
 * An `activeLearning` evaluation's accuracy per number of queries (the ALLG paper's Figure 3 and Table 2): each
 * selector picks `queries[i]` points of the candidate pool, a classifier trained on them is scored on the test
 * part, `repeats` times.
 */
export interface ActiveLearningArtefact {
    readonly file: string;
    /** The evaluation's name (`selection`). */
    readonly evaluation: string;
    /** The dataset (`splice`) whose candidates and test parts were used. */
    readonly data: string;
    /** The pool size. */
    readonly candidates: number;
    /** The test-set size. */
    readonly test: number;
    /** The numbers of queries, ascending (`[25, 50, …, 225]`). */
    readonly queries: readonly number[];
    readonly repeats: number;
    /** What the curves measure (`accuracy`). */
    readonly metric: string;
    /** One per method × classifier × features. */
    readonly curves: readonly ActiveLearningCurve[];
    /** Figures the paper reports (mean over the query sizes, SVM), by method name: `{ allg: 0.7703 }`. */
    readonly paper?: Readonly<Record<string, number>>;
    /** The share of each class among all the candidates (mean over the repeats), beside which the queries' shares read. */
    readonly candidateClassShare?: readonly number[];
    readonly configuration?: ConfigurationRef;
}

/** One selector's scores with one classifier on one feature set, per number of queries. */
export interface ActiveLearningCurve {
    /** The selector as the spec names it: `allg`, `dualNet` (a model's selection), `kmeansSelection`, `randomSelection`. */
    readonly method: string;
    readonly kind: 'model' | 'selector';
    /** `svm` | `lr` */
    readonly classifier: string;
    /** What the classifier reads: the model's latent features (for a selector, the first model's) or the input. */
    readonly features: 'latent' | 'original';
    /** Per query size: the mean over the repeats. */
    readonly mean: readonly number[];
    /** Per query size: the population sd over the repeats. */
    readonly sd: readonly number[];
    /** `[repeat][query]` */
    readonly perRepeat: readonly (readonly number[])[];
    /** The mean over the query sizes, per repeat, then its mean ± sd over the repeats. */
    readonly average: { readonly mean: number; readonly sd: number };
    /**
     * What the selector queried, per query size (means over the repeats): the share of each class (`[query][class]`)
     * and how many classes the queries cover. Absent in runs written before it was recorded.
     */
    readonly queried?: { readonly classShare: readonly (readonly number[])[]; readonly classesCovered: readonly number[] };
}

// ---------------------------------------------------------------------------------------------------------
// Extension host ↔ result panel (webview `postMessage`)
// ---------------------------------------------------------------------------------------------------------

/** Which panel a webview shows. The results panel has tabs for the views below. */
export type PanelKind = 'results' | 'compare';
export type ViewTab = 'metrics' | 'embedding' | 'dendrogram' | 'curves' | 'queries';

/** What the panel keeps across hide/show and restarts (`vscode.setState`, the webview serializer). */
export interface PanelState {
    readonly kind: PanelKind;
    /** The run folders shown (one for `results`, two or more for `compare`). */
    readonly dirs: readonly string[];
    readonly tab?: ViewTab;
    /** View options (sort column, projection, colour by, selected set, cut k, zoom, …), owned by each view. */
    readonly view?: Readonly<Record<string, unknown>>;
}

export type HostToPanel =
    /** The data to draw; `live` when the run is still going (curves then grow with `epoch` messages). */
    | { readonly type: 'results'; readonly runs: readonly RunResults[]; readonly kind: PanelKind; readonly live?: boolean; readonly tab?: ViewTab }
    | { readonly type: 'epoch'; readonly dir: string; readonly point: EpochPoint }
    | { readonly type: 'runEnded'; readonly dir: string; readonly status: RunEndStatus }
    | { readonly type: 'error'; readonly message: string };

export type PanelToHost =
    | { readonly type: 'ready' }
    /** The panel cannot write files: the host asks where and saves. `data` is text, or base64 when `base64`. */
    | { readonly type: 'export'; readonly fileName: string; readonly data: string; readonly base64?: boolean }
    | { readonly type: 'state'; readonly state: PanelState }
    | { readonly type: 'openFile'; readonly dir: string; readonly file: string };
