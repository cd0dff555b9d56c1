// Type inference over one spec: each dataset's schema, each model's shapes through its layers.
// Computed lazily and cached per document version by `SpecAnalyzer`.
import { AstUtils, type AstNode, type URI } from 'langium';
import {
    describeDataType, registry, type ArgValue, type ArgValues, type DataType, type DatasetSchema, type ModelInfo,
} from '../../runtime/registry/index.js';
import * as ast from '../generated/ast.js';
import type { WorkspaceFiles } from './columns.js';
import { fold, namedArguments } from './fold.js';
import { rootCall } from './slots.js';

export interface LayerStep {
    readonly node: ast.Expression;
    readonly name: string;
    readonly output: DataType;
}

export interface ModelAnalysis {
    readonly info: ModelInfo;
    readonly steps: readonly LayerStep[];
    readonly errors: ReadonlyArray<{ node: AstNode; message: string }>;
}

/** What a data expression (`moons`, `moons.test`, `digits.source`) designates. */
export interface DataRef {
    readonly dataset: ast.Dataset;
    readonly part?: string;
    readonly schema?: DatasetSchema;
}

const UNKNOWN: DataType = { kind: 'unknown' };

export class SpecAnalysis {
    private readonly schemas = new Map<ast.Dataset, DatasetSchema | undefined>();
    private readonly models = new Map<ast.Model, ModelAnalysis>();
    private readonly modelsInProgress = new Set<ast.Model>();
    private readonly columns = new Map<ast.Dataset, readonly string[] | undefined>();
    private trains?: Map<ast.Model, ast.Train[]>;

    constructor(
        readonly spec: ast.Spec,
        readonly uri: URI,
        private readonly files: WorkspaceFiles,
        /** The analysis of the spec that holds a declaration (imports point into other specs). */
        private readonly analysisOf: (node: AstNode) => SpecAnalysis,
    ) { }

    // ---- Datasets -------------------------------------------------------------------------------

    /** Columns of the CSV files a dataset reads (all of them, for two-domain data). */
    columnsOf(dataset: ast.Dataset): readonly string[] | undefined {
        if (dataset.$document && dataset.$document.uri.toString() !== this.uri.toString()) {
            return this.analysisOf(dataset).columnsOf(dataset);
        }
        if (!this.columns.has(dataset)) this.columns.set(dataset, this.readColumns(dataset));
        return this.columns.get(dataset);
    }

    private readColumns(dataset: ast.Dataset): readonly string[] | undefined {
        const columns = new Set<string>();
        let found = false;
        if (!dataset.source) return undefined;
        for (const call of AstUtils.streamAst(dataset.source).filter(ast.isCall)) {
            const component = registry.find(call.name, ['source']);
            const pathParam = component?.params.find(p => p.type.kind === 'path');
            if (!pathParam || !component) continue;
            const written = namedArguments(call.args, component.positional)[pathParam.name];
            const header = typeof written === 'string' ? this.csvHeader(written) : undefined;
            if (header) { found = true; header.forEach(c => columns.add(c)); }
        }
        return found ? [...columns] : undefined;
    }

    /** Columns of a dataset: its files' headers, or the columns its generator writes. */
    knownColumns(dataset: ast.Dataset): readonly string[] | undefined {
        return this.columnsOf(dataset) ?? this.schemaOf(dataset)?.columns;
    }

    csvHeader(written: string): readonly string[] | undefined {
        if (!/\.csv(\.gz)?$/i.test(written)) return undefined;
        const resolved = this.files.resolve(this.uri, written);
        return resolved.ok ? this.files.columns(resolved.file) : undefined;
    }

    schemaOf(dataset: ast.Dataset): DatasetSchema | undefined {
        if (dataset.$document && dataset.$document.uri.toString() !== this.uri.toString()) {
            return this.analysisOf(dataset).schemaOf(dataset);
        }
        if (this.schemas.has(dataset)) return this.schemas.get(dataset);
        this.schemas.set(dataset, undefined);   // guards against cycles through nested sources
        const columns = this.columnsOf(dataset);
        const block = this.blockValues(dataset.body, columns);
        const schemaOfValue = (value: ArgValue): DatasetSchema | undefined => {
            if (typeof value !== 'object' || value.kind !== 'call') return undefined;
            const component = registry.find(value.name, ['source']);
            if (!component?.schema) return undefined;
            const args = positionalToNamed(value.args, component.positional);
            return safely(() => component.schema!({ args, block, columnsOf: path => this.csvHeader(path), schemaOf: schemaOfValue }));
        };
        const schema = schemaOfValue(fold(dataset.source));
        this.schemas.set(dataset, schema);
        return schema;
    }

    /** The parts a dataset can be addressed by: its split's names and the parts its source provides. */
    partsOf(dataset: ast.Dataset): string[] {
        const parts = new Set<string>();
        for (const property of dataset.body?.properties ?? []) {
            if (ast.isSplitProperty(property)) property.parts.forEach(p => parts.add(p.name));
        }
        const root = rootCall(dataset.source);
        const component = root && registry.find(root.name, ['source']);
        component?.parts?.forEach(p => parts.add(p));
        return [...parts];
    }

    /** Resolves `moons`, `moons.test`, `digits.source` to a dataset, part and the schema of what is read. */
    dataRef(expression: ast.Expression | undefined): DataRef | undefined {
        if (ast.isNameRef(expression) && ast.isDataset(expression.ref.ref)) {
            const dataset = expression.ref.ref;
            return { dataset, schema: this.schemaOf(dataset) };
        }
        if (ast.isMemberExpr(expression) && !expression.call && ast.isNameRef(expression.receiver) && ast.isDataset(expression.receiver.ref.ref)) {
            const dataset = expression.receiver.ref.ref;
            const schema = this.schemaOf(dataset);
            const part = expression.member;
            const domain = schema?.domains && (part === 'source' || part === 'target') ? schema.domains[part] : undefined;
            return { dataset, part, schema: domain ?? schema };
        }
        return undefined;
    }

    // ---- Models ---------------------------------------------------------------------------------

    /** The trains of a model, in this spec. */
    trainsOf(model: ast.Model): ast.Train[] {
        if (!this.trains) {
            this.trains = new Map();
            for (const train of this.spec.declarations.filter(ast.isTrain)) {
                const target = train.model?.ref;
                if (target) this.trains.set(target, [...(this.trains.get(target) ?? []), train]);
            }
        }
        return this.trains.get(model) ?? [];
    }

    /** What a model is fed: the sample type of the data it is trained on. */
    inputOf(model: ast.Model): { input: DataType; data?: DataRef } {
        for (const train of this.trainsOf(model)) {
            const data = this.dataRef(train.data);
            const schema = data?.schema;
            if (schema) return { input: schema.domains ? schema.domains.source.sample : schema.sample, data };
        }
        return { input: UNKNOWN };
    }

    modelOf(model: ast.Model): ModelAnalysis {
        if (model.$document && model.$document.uri.toString() !== this.uri.toString()) {
            return this.analysisOf(model).modelOf(model);
        }
        const cached = this.models.get(model);
        if (cached) return cached;
        if (this.modelsInProgress.has(model)) {
            return { info: { name: model.name, layers: [], input: UNKNOWN, output: UNKNOWN, parts: [] }, steps: [], errors: [] };
        }
        this.modelsInProgress.add(model);
        try {
            const analysis = this.inferModel(model);
            this.models.set(model, analysis);
            return analysis;
        } finally {
            this.modelsInProgress.delete(model);
        }
    }

    private inferModel(model: ast.Model): ModelAnalysis {
        const { input } = this.inputOf(model);
        const steps: LayerStep[] = [];
        const errors: Array<{ node: AstNode; message: string }> = [];
        const layers: string[] = [];
        let current = input;
        for (const node of chainOf(model.definition)) {
            const next = this.stepOutput(node, current);
            if ('error' in next) {
                errors.push({ node, message: next.error });
                current = UNKNOWN;
            } else {
                current = next.output;
            }
            layers.push(next.name);
            steps.push({ node, name: next.name, output: current });
        }
        const parts = new Set<string>();
        const root = rootCall(model.definition);
        const component = root && registry.find(root.name, ['layer', 'encoder']);
        component?.parts?.forEach(p => parts.add(p));
        for (const property of model.body?.properties ?? []) {
            if (ast.isProperty(property)) parts.add(property.key);
        }
        return { info: { name: model.name, layers, input, output: current, parts: [...parts] }, steps, errors };
    }

    private stepOutput(node: ast.Expression, input: DataType): { name: string; output: DataType } | { name: string; error: string } {
        if (ast.isNameRef(node) && ast.isModel(node.ref.ref)) {
            return { name: node.ref.$refText, output: this.modelOf(node.ref.ref).info.output };
        }
        const name = ast.isCall(node) ? node.name : ast.isNameRef(node) ? node.ref.$refText : '?';
        const component = registry.find(name, ['layer', 'encoder']);
        if (!component?.shape) return { name, output: UNKNOWN };
        const args = ast.isCall(node) ? namedArguments(node.args, component.positional) : {};
        const referenced = referencedDeclarations(node);
        const result = safely(() => component.shape!(input, args, {
            modelOf: modelName => {
                const target = referenced.find((d): d is ast.Model => ast.isModel(d) && d.name === modelName);
                return target && this.modelOf(target).info;
            },
            schemaOf: datasetName => {
                const target = referenced.find((d): d is ast.Dataset => ast.isDataset(d) && d.name === datasetName);
                return target && this.schemaOf(target);
            },
        }));
        if (!result) return { name, output: UNKNOWN };
        return 'error' in result ? { name, error: result.error } : { name, output: result };
    }

    /** A one-line description of a model's shapes: `vector[240] → mlp → vector[64]`. */
    describeModel(model: ast.Model): string {
        const { info, steps } = this.modelOf(model);
        return [describeDataType(info.input), ...steps.map(s => `${s.name} → ${describeDataType(s.output)}`)].join(' → ');
    }

    // ---- Blocks ---------------------------------------------------------------------------------

    /** A declaration block's properties, folded (column ranges resolved against the header). */
    blockValues(block: ast.Block | undefined, columns?: readonly string[]): ArgValues {
        const values: Record<string, ArgValue> = {};
        for (const property of block?.properties ?? []) {
            if (ast.isProperty(property)) values[property.key] = fold(property.value, columns);
        }
        return values;
    }
}

/** The expressions of a `then` chain, left to right. */
export function chainOf(expression: ast.Expression | undefined): ast.Expression[] {
    if (!expression) return [];
    if (ast.isChainExpr(expression)) return [...chainOf(expression.left), ...chainOf(expression.right)];
    return [expression];
}

/** Loss terms of an objective expression, following references to objective declarations. */
export function objectiveTerms(expression: ast.Expression | undefined, seen = new Set<ast.Objective>()): ast.Call[] {
    if (!expression) return [];
    if (ast.isCall(expression)) return [expression];
    if (ast.isBinaryExpr(expression)) return [...objectiveTerms(expression.left, seen), ...objectiveTerms(expression.right, seen)];
    if (ast.isNegationExpr(expression)) return objectiveTerms(expression.operand, seen);
    if (ast.isNameRef(expression) && ast.isObjective(expression.ref.ref) && !seen.has(expression.ref.ref)) {
        seen.add(expression.ref.ref);
        return objectiveTerms(expression.ref.ref.definition, seen);
    }
    return [];
}

function referencedDeclarations(node: AstNode): AstNode[] {
    return AstUtils.streamAst(node).filter(ast.isNameRef).map(ref => ref.ref.ref).filter((d): d is NonNullable<typeof d> => !!d).toArray();
}

/** Positional arguments (`#0`, `#1`) renamed after the component's positional parameters. */
function positionalToNamed(args: ArgValues, positional: readonly string[] = []): ArgValues {
    const named: Record<string, ArgValue> = {};
    let position = 0;
    for (const [key, value] of Object.entries(args)) {
        if (key.startsWith('#')) {
            const name = positional[position++];
            if (name) named[name] = value;
        } else {
            named[key] = value;
        }
    }
    return named;
}

/** Inference hooks live in the registry; a bug in one must not take the language server down. */
function safely<T>(compute: () => T): T | undefined {
    try { return compute(); } catch { return undefined; }
}
