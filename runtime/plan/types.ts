// The execution plan: a validated spec resolved to plain JSON (the run's `config.json`). The language side
// (`language/plan`) builds it from the AST; the runtime executes it without knowing the grammar. Every
// component call is kept with its arguments as written (defaults are filled in by the runtime from the
// registry, so the plan stays a faithful record of the spec), and every reference is by declaration name.

/** A value of an argument or property. */
export type PlanValue =
    | number
    | string
    | boolean
    | readonly PlanValue[]
    | PlanCall
    | PlanRef
    | PlanInterval
    | PlanRecord
    | PlanColumnRange
    | PlanSum;

/** `name(args)`; a bare component name (`cosine`, `ari`) is a call with no arguments. */
export interface PlanCall {
    readonly call: string;
    readonly args: Readonly<Record<string, PlanValue>>;
}

/** A reference to a declaration, or to a member of one (`moons.test` → { ref: 'moons', member: 'test' }). */
export interface PlanRef {
    readonly ref: string;
    readonly member?: string;
}

/** `0.0 .. 0.16`, `25 .. 225 step 25`, `1e-4 .. 1e-5 log`. */
export interface PlanInterval {
    readonly from: number;
    readonly to: number;
    readonly step?: number;
    readonly log?: boolean;
}

/** `{ embed: 0.960 }` */
export interface PlanRecord {
    readonly record: Readonly<Record<string, PlanValue>>;
}

/** `p1 .. p60`: the CSV columns from p1 to p60, in header order. */
export interface PlanColumnRange {
    readonly columns: readonly [string, string];
}

/** `embed(mcc_code: 48) + scale(amount: signedLog)`: parts put side by side (a sequence encoder's input fields). */
export interface PlanSum {
    readonly sum: readonly PlanValue[];
}

export type PlanArgs = Readonly<Record<string, PlanValue>>;

export interface SplitPartPlan {
    readonly name: string;
    /** A count, or a fraction in (0, 1] (from a percentage). */
    readonly size: number;
    readonly fraction: boolean;
}

export interface DatasetPlan {
    readonly name: string;
    readonly source: PlanCall;
    /** Block properties other than `split` (`label`, `features`, `transform`, ...). */
    readonly properties: PlanArgs;
    readonly split?: { readonly strategy?: PlanCall; readonly parts: readonly SplitPartPlan[]; readonly by?: string };
}

export interface ModelPlan {
    readonly name: string;
    /** The layers of the `then` chain, in order. */
    readonly layers: readonly PlanCall[];
    /** Attached parts from the model's block (`graph: ...`, `selection: ...`). */
    readonly parts: PlanArgs;
}

/** One weighted term of an objective: `0.5 * triplet(margin: 1.0)`. */
export interface ObjectiveTermPlan {
    readonly weight: number;
    readonly term: PlanCall;
}

export interface TrainPlan {
    readonly model: string;
    readonly data: PlanRef;
    /** The stage's name, for multi-stage training; undefined for a train block without stages. */
    readonly stage?: string;
    readonly objective: readonly ObjectiveTermPlan[];
    /** The objective declaration the terms come from, when the block names one. */
    readonly objectiveName?: string;
    /** The remaining properties (`optimizer`, `epochs`, `batch`, `earlyStopping`, ...). */
    readonly properties: PlanArgs;
}

export interface EvaluationPlan {
    readonly name: string;
    readonly task: PlanCall;
    readonly properties: PlanArgs;
}

export interface ViewPlan {
    readonly name?: string;
    readonly view: PlanCall;
}

export interface ExperimentPlan {
    readonly format: 1;
    readonly experiment: string;
    /** The experiment's block (`seed`, `repeats`, `backend`, `description`). */
    readonly properties: PlanArgs;
    readonly datasets: readonly DatasetPlan[];
    readonly models: readonly ModelPlan[];
    /** Training, in the order of the spec (stages flattened, in order). */
    readonly trainings: readonly TrainPlan[];
    readonly evaluations: readonly EvaluationPlan[];
    readonly views: readonly ViewPlan[];
    /**
     * The spec's sweeps, one axis each (absent when it has none). The values stay in the plan as written (a list
     * or a stepped range where one value is expected); `runtime/plan/sweep.ts` expands the plan into one plan per
     * configuration, the Cartesian product of the axes, with each axis's value put at its places.
     */
    readonly sweeps?: readonly SweepPlan[];
}

/** A place in the plan: keys and indices from its root (`['trainings', 1, 'objective', 1, 'term', 'args', 'alpha']`). */
export type PlanPath = readonly (string | number)[];

/** One axis of a sweep: the values one scalar parameter takes, and where in the plan they go. */
export interface SweepPlan {
    /** Its name in labels and tables: the parameter (`alpha`), qualified where two axes would share it (`graphPrior.alpha`), or the `sweep` declaration's name. */
    readonly name: string;
    /** `inline`: a list (or a stepped range) written where the registry expects one value; `declared`: a `sweep` declaration. */
    readonly kind: 'inline' | 'declared';
    /** What it varies: `allgLoss.graphPrior.alpha` (declaration, component, parameter), `coles.rnn.hidden`. */
    readonly target: string;
    /** The values in order (a stepped range expanded). */
    readonly values: readonly PlanValue[];
    /** Every place the value goes: one per use of what was written (an objective used by two stages has two). */
    readonly at: readonly PlanPath[];
    /** `report: downstream.rocAuc`: the evaluation (and metric) whose score picks the best configuration. */
    readonly report?: { readonly evaluation: string; readonly metric?: string };
    /** The spec's line of the values (1-based), for messages. */
    readonly line?: number;
}

export const isCall = (v: PlanValue | undefined): v is PlanCall => typeof v === 'object' && v !== null && 'call' in v;
export const isRef = (v: PlanValue | undefined): v is PlanRef => typeof v === 'object' && v !== null && 'ref' in v;
export const isInterval = (v: PlanValue | undefined): v is PlanInterval => typeof v === 'object' && v !== null && 'from' in v && 'to' in v;
export const isRecord = (v: PlanValue | undefined): v is PlanRecord => typeof v === 'object' && v !== null && 'record' in v;
export const isList = (v: PlanValue | undefined): v is readonly PlanValue[] => Array.isArray(v);
export const isColumnRange = (v: PlanValue | undefined): v is PlanColumnRange => typeof v === 'object' && v !== null && 'columns' in v;
export const isSum = (v: PlanValue | undefined): v is PlanSum => typeof v === 'object' && v !== null && 'sum' in v;
