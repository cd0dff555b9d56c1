// The registry's vocabulary: every component a spec can name is one `ComponentSpec` record.
// The language (validator, completion, hover) reads these records; the runtime calls `build`.
// Nothing here may import TensorFlow.js: the language server loads this module at start-up.

/** What a component is; the validator uses the kind to decide where a name may appear. */
export type ComponentKind =
    | 'source'          // dataset sources: csv(...), pointSets(...), fasta(...), domains(...)
    | 'generator'       // synthetic point sets: moons(...), circles(...)
    | 'transform'       // per-column transforms: oneHot(), standardize()
    | 'splitStrategy'   // how a split is drawn: random(), stratified(), clustered(...)
    | 'layer'           // model building blocks, chained with `then`
    | 'rnn'             // recurrent cells inside sequence encoders
    | 'fieldEncoding'   // how event fields enter a sequence encoder
    | 'activation'
    | 'graph'           // graph modules attached to a model (learnableGraph)
    | 'graphPrior'      // fixed graphs (k-NN)
    | 'shortcut'
    | 'head'            // parts attached to a model that produce something other than the output (selfSelection)
    | 'objective'       // loss terms, summed with `+` and weighted with `*`
    | 'miner'           // negative mining for contrastive losses
    | 'sampler'         // sub-sequence samplers
    | 'optimizer'
    | 'schedule'        // learning-rate schedules
    | 'stopping'        // early stopping rules
    | 'task'            // evaluation protocols
    | 'classifier'
    | 'selector'        // active-learning query selectors
    | 'encoder'         // fixed feature encoders used as baselines (aggregateFeatures, kmer)
    | 'baseline'        // non-learned comparison methods (linkage, itq)
    | 'metric'
    | 'projection'      // 2-D projections for embedding views
    | 'labeler'         // how a label is read from a record (FASTA headers)
    | 'view';

/** The declarations a parameter may reference by name. */
export type RefKind = 'dataset' | 'datasetPart' | 'model' | 'modelPart' | 'objective' | 'evaluation' | 'sweep';

export type ParamType =
    | { readonly kind: 'int' }
    | { readonly kind: 'float' }
    | { readonly kind: 'bool' }
    | { readonly kind: 'string' }
    | { readonly kind: 'path'; readonly extensions?: readonly string[] }
    | { readonly kind: 'enum'; readonly values: readonly string[] }
    /** A fraction in [0, 1], written `30%` or `0.3`. */
    | { readonly kind: 'fraction' }
    /** A call (or bare name) of a registry component of one of these kinds. */
    | { readonly kind: 'component'; readonly of: readonly ComponentKind[] }
    /** A reference to a declaration (or a member of one, `moons.test`). */
    | { readonly kind: 'ref'; readonly to: readonly RefKind[] }
    /** A column of the dataset's CSV file. */
    | { readonly kind: 'column' }
    /** Columns: a list of columns or a column range `p1 .. p60`. */
    | { readonly kind: 'columns' }
    | { readonly kind: 'list'; readonly of: ParamType; readonly minLength?: number }
    /** An interval values are drawn from (`noise: 0.0 .. 0.16`); a single number is the degenerate interval. */
    | { readonly kind: 'interval'; readonly of: 'int' | 'float' }
    /** Free keys, each with a value of this type: `embed(mcc_code: 48)`, `paper: { allg: 0.77 }`. */
    | { readonly kind: 'record'; readonly values: ParamType; readonly keys?: 'field' | 'method' | 'any' }
    | { readonly kind: 'union'; readonly of: readonly ParamType[] };

export interface NumericRange {
    readonly min?: number;
    readonly max?: number;
    /** Bounds excluded: (0, 1) rather than [0, 1]. */
    readonly minExclusive?: boolean;
    readonly maxExclusive?: boolean;
}

export interface ParamSpec {
    /**
     * The parameter's name. A parameter named `*` (see `REST_PARAM`) of `record` type takes every
     * other named argument, each checked against the record's value type: `embed(mcc_code: 48)`.
     */
    readonly name: string;
    readonly type: ParamType;
    readonly doc: string;
    /** Shown in hover and completion; used by the runtime when the spec leaves the parameter out. */
    readonly default?: unknown;
    /** A required parameter has no default; leaving it out is an error with a quick fix. */
    readonly required?: boolean;
    readonly range?: NumericRange;
    readonly unit?: string;
    /** False where a list cannot mean a sweep (the parameter is not a scalar a grid can vary). */
    readonly sweepable?: boolean;
}

/** A reference to the paper a component comes from. */
export interface PaperRef {
    readonly title: string;
    readonly authors: string;
    readonly year: number;
    readonly venue?: string;
    /** The file under `../shared/papers` or an arXiv / DOI identifier. */
    readonly id?: string;
}

// ---- Abstract data types used for inference -----------------------------------------------------

export type FieldType = 'category' | 'amount' | 'time' | 'number';

/** What one sample looks like to a model, and what a model produces. */
export type DataType =
    | { readonly kind: 'vector'; readonly dim?: number }
    /** Points of a point set: each point is a vector; models map points one by one (or with neighbours). */
    | { readonly kind: 'point'; readonly dim: number }
    | { readonly kind: 'events'; readonly fields: Readonly<Record<string, FieldType>> }
    | { readonly kind: 'tokens'; readonly alphabet: 'protein' | 'dna' | 'text' }
    | { readonly kind: 'poincare'; readonly dim?: number }
    | { readonly kind: 'hash'; readonly bits?: number }
    | { readonly kind: 'unknown' };

export type LabelAvailability = 'all' | 'partial' | 'source' | 'none';

export interface DatasetSchema {
    readonly kind: 'tabular' | 'pointSets' | 'events' | 'proteins' | 'domains';
    /** One sample as a model sees it. */
    readonly sample: DataType;
    readonly labels: LabelAvailability;
    readonly classes?: number;
    /** CSV columns, when the source is a file with a header. */
    readonly columns?: readonly string[];
    /** For two-domain data: the schemas of the source and target domains. */
    readonly domains?: { readonly source: DatasetSchema; readonly target: DatasetSchema };
    /** Human-readable summary for hover: "tabular 3186 × 240 (one-hot), 2 classes". */
    readonly summary: string;
}

/** A value as the validator sees it after folding the spec's expression. */
export type ArgValue =
    | number
    | string
    | boolean
    | { readonly kind: 'list'; readonly items: readonly ArgValue[] }
    | { readonly kind: 'interval'; readonly from: number; readonly to: number; readonly step?: number; readonly log?: boolean }
    | { readonly kind: 'call'; readonly name: string; readonly args: ArgValues }
    | { readonly kind: 'name'; readonly name: string }
    | { readonly kind: 'sweep'; readonly items: readonly ArgValue[] }
    | { readonly kind: 'record'; readonly entries: ArgValues }
    /** `p1 .. p60` where the header could not be read (otherwise folded to the list of names). */
    | { readonly kind: 'columnRange'; readonly from: string; readonly to: string }
    | { readonly kind: 'unknown' };

export type ArgValues = Readonly<Record<string, ArgValue>>;

/** What the validator knows about a model when it checks a component against it. */
export interface ModelInfo {
    readonly name: string;
    /** Component names of the chain, in order: ['mlp', 'poincare']. */
    readonly layers: readonly string[];
    readonly input: DataType;
    readonly output: DataType;
    /** Attached parts from the model's block: graph, selection, ... */
    readonly parts: readonly string[];
}

export interface CheckContext {
    readonly args: ArgValues;
    readonly model?: ModelInfo;
    readonly data?: DatasetSchema;
    /** Properties given in the enclosing train block or stage (`sampler`, `batch`, ...). */
    readonly trainProperties?: readonly string[];
}

/** A problem a component finds in its context; the message must say how to fix it. */
export interface CheckProblem {
    readonly message: string;
    /** The parameter the problem is about, to place the diagnostic. */
    readonly param?: string;
}

export interface ShapeContext {
    /** Another model of the spec, for layers that wrap one: `untrained(coles)`, `frozen(pretrained)`. */
    readonly modelOf: (name: string) => ModelInfo | undefined;
    /** A dataset of the spec, for encoders computed from one: `aggregateFeatures(of: tx)`. */
    readonly schemaOf: (name: string) => DatasetSchema | undefined;
}

export interface SchemaContext {
    readonly args: ArgValues;
    /** The dataset's block properties (`label`, `features`, `transform`, `fields`, ...). */
    readonly block: ArgValues;
    /** Reads a CSV header relative to the spec; undefined when the file cannot be read. */
    readonly columnsOf: (path: string) => readonly string[] | undefined;
    /** Schemas of nested sources (`events(csv(...))`, `domains(source: ..., target: ...)`). */
    readonly schemaOf: (value: ArgValue) => DatasetSchema | undefined;
}

export interface ComponentSpec {
    readonly name: string;
    readonly kind: ComponentKind;
    /** One line, shown in completion. */
    readonly summary: string;
    /** Markdown shown on hover: what it computes, with the formula. */
    readonly doc: string;
    /** The formula in plain Unicode math, shown on hover and in reports. */
    readonly formula?: string;
    readonly paper?: PaperRef;
    readonly params: readonly ParamSpec[];
    /** Parameters that may be given positionally, in order: `leakyRelu(0.2)`, `csv("a.csv")`. */
    readonly positional?: readonly string[];
    /** Properties allowed in the `{ ... }` block of the declaration this component heads. */
    readonly block?: readonly ParamSpec[];
    /** Split part names the component provides without a `split:` (domains: source, target). */
    readonly parts?: readonly string[];
    /** Sources: the schema of the data they produce. */
    readonly schema?: (ctx: SchemaContext) => DatasetSchema;
    /** Layers: what they produce from what they receive, or a message naming the fix. */
    readonly shape?: (input: DataType, args: ArgValues, ctx: ShapeContext) => DataType | { readonly error: string };
    /** Objectives: parts of the term logged every epoch beside it (not added to the loss), which `curve(y: …)` can plot. */
    readonly logs?: readonly { readonly name: string; readonly doc: string }[];
    /** Objectives and tasks: checks against the model and data they are used with. */
    readonly check?: (ctx: CheckContext) => readonly CheckProblem[];
    /**
     * Loads the runtime implementation; absent until the runtime implements the component.
     * Lazy so that the metadata stays free of TensorFlow.js.
     */
    readonly build?: () => Promise<unknown>;
}
