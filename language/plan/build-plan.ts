// From a validated spec to the runtime's execution plan (`runtime/plan/types.ts`): plain JSON, every
// declaration the spec's training and evaluation use (imported ones included), every call with its arguments
// as written. The runtime fills in defaults from the registry.
// Sweeps: a list (or a stepped range) where the registry expects one value stays in the plan as written, and
// becomes an axis of `plan.sweeps` with the places it went to (`runtime/plan/sweep.ts` expands the plan into its
// configurations); so does each `sweep` declaration, whose target is a parameter of a model's component.
import { AstUtils, type AstNode } from 'langium';
import { PlanError } from '../../runtime/plan/args.js';
import { checkSweeps } from '../../runtime/plan/sweep.js';
import {
    isCall, isRef,
    type DatasetPlan, type EvaluationPlan, type ExperimentPlan, type ModelPlan, type ObjectiveTermPlan, type PlanArgs, type PlanCall, type PlanPath, type PlanRef,
    type PlanValue, type SplitPartPlan, type SweepPlan, type TrainPlan, type ViewPlan,
} from '../../runtime/plan/types.js';
import { describeParamType, registry } from '../../runtime/registry/index.js';
import { expandRange, fold } from '../analysis/fold.js';
import { isScalar, slotOf, sweepTarget, type Slot } from '../analysis/slots.js';
import * as ast from '../generated/ast.js';

/** The spec cannot become a plan (something the validator lets through but the runner cannot take). */
export class PlanBuildError extends Error {
    override readonly name = 'PlanBuildError';
    constructor(readonly node: AstNode | undefined, message: string) {
        const line = node?.$cstNode ? node.$cstNode.range.start.line + 1 : undefined;
        super(line !== undefined ? `line ${line}: ${message}` : message);
    }
}

export function buildPlan(spec: ast.Spec): ExperimentPlan {
    return new PlanBuilder().build(spec);
}

/** The number a literal (or a negated one) stands for; undefined for anything else. */
function numberOf(e: ast.Expression): number | undefined {
    if (ast.isNumberLit(e)) return e.value;
    if (ast.isPercentLit(e)) return e.value / 100;
    if (ast.isNegationExpr(e)) { const v = numberOf(e.operand); return v === undefined ? undefined : -v; }
    return undefined;
}

class PlanBuilder {
    private readonly datasets = new Map<ast.Dataset, DatasetPlan>();
    private readonly models = new Map<ast.Model, ModelPlan>();

    build(spec: ast.Spec): ExperimentPlan {
        const experiments = spec.declarations.filter(ast.isExperiment);
        if (experiments.length === 0) throw new PlanBuildError(undefined, 'the spec declares no `experiment`: add `experiment Name { seed: 0 }` to say what runs');
        if (experiments.length > 1) throw new PlanBuildError(experiments[1], `the spec declares ${experiments.length} experiments; a spec runs one`);
        const experiment = experiments[0]!;
        // Declarations in order; datasets and models are added when something uses them (or declared here).
        for (const d of spec.declarations) {
            if (ast.isDataset(d)) this.dataset(d);
            else if (ast.isModel(d)) this.model(d);
        }
        const trainings = spec.declarations.filter(ast.isTrain).flatMap(t => this.train(t));
        const evaluations = spec.declarations.filter(ast.isEvaluate).map(e => this.evaluation(e));
        const views = spec.declarations.filter(ast.isView).map(v => this.view(v));
        const plan: ExperimentPlan = {
            format: 1,
            experiment: experiment.name,
            properties: this.properties(experiment.body?.properties ?? []),
            datasets: [...this.datasets.values()],
            models: [...this.models.values()],
            trainings,
            evaluations,
            views,
        };
        const sweeps = [...this.inlineSweeps(plan), ...spec.declarations.filter(ast.isSweep).map(s => this.declaredSweep(s, plan))];
        if (sweeps.length === 0) return plan;
        const withSweeps: ExperimentPlan = { ...plan, sweeps: named(sweeps) };
        try {
            checkSweeps(withSweeps);
        } catch (error) {
            // the runtime's message carries the line
            if (error instanceof PlanError) throw new PlanBuildError(undefined, error.message);
            throw error;
        }
        return withSweeps;
    }

    // ---- Sweeps ---------------------------------------------------------------------------------------

    /** Plan values (lists, stepped ranges) that are inline sweeps, and the node each was written as. */
    private readonly sweepSites = new Map<object, ast.ListLit | ast.RangeExpr>();

    /** A list, or a stepped range of numbers, where the registry expects one value (what the validator calls a sweep). */
    private sweepSlot(e: ast.ListLit | ast.RangeExpr): Slot | undefined {
        if (ast.isSweep(e.$container)) return undefined;
        const slot = slotOf(e);
        if (!slot || slot.inSweep || !isScalar(slot.type)) return undefined;
        if (ast.isRangeExpr(e) && !(e.step && (slot.type.kind === 'int' || slot.type.kind === 'float'))) return undefined;
        return slot;
    }

    /** The inline sweeps, one axis per list written, with every place of the plan it went to. */
    private inlineSweeps(plan: ExperimentPlan): (Omit<SweepPlan, 'name'> & { names: string[] })[] {
        const places = new Map<ast.ListLit | ast.RangeExpr, PlanPath[]>();
        const walk = (value: unknown, at: (string | number)[]): void => {
            if (typeof value !== 'object' || value === null) return;
            const node = this.sweepSites.get(value);
            if (node) { places.set(node, [...(places.get(node) ?? []), [...at]]); return; }
            if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
            else for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
        };
        walk(plan, []);
        // in the order they are written
        const offset = (node: AstNode) => node.$cstNode?.offset ?? 0;
        return [...places.entries()].sort(([a], [b]) => offset(a) - offset(b)).map(([node, at]) => {
            const slot = this.sweepSlot(node)!;
            const inView = AstUtils.getContainerOfType(node, ast.isView);
            if (inView) throw new PlanBuildError(node, `a view draws a run's results and is not swept: give \`${slot.param?.name ?? 'it'}\` one value (write one view per value)`);
            if (AstUtils.getContainerOfType(node.$container, ast.isRecordLit)) {
                throw new PlanBuildError(node, `\`${slot.param?.name ?? 'a record'}\`: a record's entries take one value each; a sweep is a list given to a component's parameter`);
            }
            if (AstUtils.getContainerOfType(node, ast.isExperiment)) throw new PlanBuildError(node, 'the experiment\'s properties are not swept: give one value');
            const values = ast.isListLit(node) ? node.items.map(i => this.value(i)) : this.steppedValues(node);
            const param = slot.param?.name ?? '?';
            const component = slot.component?.name;
            return {
                kind: 'inline' as const,
                target: [ownerName(node), component, param].filter(Boolean).join('.'),
                values,
                at,
                ...lineOf(node),
                // candidate names, shortest first: `alpha`, `graphPrior.alpha`, `allgLoss.graphPrior.alpha`
                names: [param, ...(component ? [`${component}.${param}`] : []), [ownerName(node), component, param].filter(Boolean).join('.')],
            };
        });
    }

    private steppedValues(node: ast.RangeExpr): number[] {
        const v = fold(node);
        const values = typeof v === 'object' && v.kind === 'interval' && v.step !== undefined ? expandRange(v.from, v.to, v.step) : undefined;
        if (!values) throw new PlanBuildError(node, 'a stepped range needs numbers, a positive step and at most 10,000 values: `25 .. 225 step 25`');
        return values;
    }

    /** `sweep size = coles.rnn.hidden in [32, 64] { report: downstream.rocAuc }` */
    private declaredSweep(sweep: ast.Sweep, plan: ExperimentPlan): Omit<SweepPlan, 'name'> & { names: string[] } {
        const text = sweep.target?.$cstNode?.text ?? '?';
        const target = sweepTarget(sweep.target);
        if (!target?.param) {
            throw new PlanBuildError(sweep, `\`sweep ${sweep.name}\`: \`${text}\` is not a parameter of a model's component: write \`sweep ${sweep.name} = model.component.parameter in [values]\` (e.g. \`coles.rnn.hidden\`)`);
        }
        if (!isScalar(target.param.type)) {
            throw new PlanBuildError(sweep, `\`sweep ${sweep.name}\`: \`${target.component.name}\`'s \`${target.param.name}\` takes a ${describeParamType(target.param.type)}, not one value; a sweep varies one scalar parameter (to compare settings of \`${target.param.name}\`, declare one model per setting)`);
        }
        if (target.param.sweepable === false) throw new PlanBuildError(sweep, `\`sweep ${sweep.name}\`: \`${target.param.name}\` cannot be swept`);
        const values = ast.isListLit(sweep.values) ? sweep.values.items.map(i => this.value(i))
            : ast.isRangeExpr(sweep.values) && sweep.values.step ? this.steppedValues(sweep.values)
                : undefined;
        if (!values) throw new PlanBuildError(sweep.values ?? sweep, `\`sweep ${sweep.name}\` takes a list of values \`[a, b, c]\` or a stepped range \`a .. b step s\``);
        if (values.length === 0) throw new PlanBuildError(sweep.values!, `\`sweep ${sweep.name}\` is over an empty list: give at least one value`);
        // the model's first layer, then the component parameters down to the swept one
        const members: string[] = [];
        let e: ast.Expression | undefined = sweep.target;
        while (ast.isMemberExpr(e)) { members.unshift(e.member); e = e.receiver; }
        const model = ast.isNameRef(e) && ast.isModel(e.ref.ref) ? e.ref.ref : undefined;
        const index = model ? plan.models.findIndex(m => m.name === model.name) : -1;
        if (index < 0) throw new PlanBuildError(sweep, `\`sweep ${sweep.name}\`: \`${text}\` names no model of this spec`);
        const at: (string | number)[] = ['models', index, 'layers', 0];
        let call: PlanValue | undefined = plan.models[index]!.layers[0];
        for (const [i, member] of members.entries()) {
            if (!isCall(call)) throw new PlanBuildError(sweep, `\`sweep ${sweep.name}\`: \`${members.slice(0, i).join('.')}\` of \`${model!.name}\` is not written as a component call`);
            at.push('args', member);
            call = call.args[member];
        }
        if (call !== undefined && typeof call === 'object' && this.sweepSites.has(call)) {
            throw new PlanBuildError(sweep, `\`sweep ${sweep.name}\`: \`${text}\` is already swept by the list written there; sweep it once`);
        }
        const report = sweep.body?.properties.filter(ast.isProperty).find(p => p.key === 'report');
        const reported = report ? this.value(report.value) : undefined;
        if (report && !isRef(reported)) throw new PlanBuildError(report, `\`report:\` names an evaluation and its metric: \`report: downstream.rocAuc\``);
        return {
            kind: 'declared',
            target: text,
            values,
            at: [at],
            ...(isRef(reported) ? { report: { evaluation: reported.ref, ...(reported.member !== undefined ? { metric: reported.member } : {}) } } : {}),
            ...lineOf(sweep.values ?? sweep),
            names: [sweep.name],
        };
    }

    // ---- Declarations ---------------------------------------------------------------------------------

    private dataset(d: ast.Dataset): DatasetPlan {
        const known = this.datasets.get(d);
        if (known) return known;
        const source = this.value(d.source);
        if (typeof source !== 'object' || !('call' in source)) throw new PlanBuildError(d.source, `dataset \`${d.name}\` must be a source call such as \`csv("file.csv")\``);
        const properties = d.body?.properties ?? [];
        const split = properties.find(ast.isSplitProperty);
        const plan: DatasetPlan = {
            name: d.name,
            source,
            properties: this.properties(properties.filter(ast.isProperty)),
            ...(split ? { split: this.split(split) } : {}),
        };
        this.datasets.set(d, plan);
        return plan;
    }

    private split(s: ast.SplitProperty): NonNullable<DatasetPlan['split']> {
        const parts: SplitPartPlan[] = s.parts.map(p => {
            if (ast.isPercentLit(p.size)) return { name: p.name, size: p.size.value / 100, fraction: true };
            const v = this.value(p.size);
            if (typeof v !== 'number') throw new PlanBuildError(p.size, `the size of part \`${p.name}\` must be a count or a percentage`);
            return { name: p.name, size: v, fraction: false };
        });
        const strategy = s.strategy ? this.call(s.strategy) : undefined;
        return { parts, ...(strategy ? { strategy } : {}), ...(s.by ? { by: s.by } : {}) };
    }

    private model(m: ast.Model): ModelPlan {
        const known = this.models.get(m);
        if (known) return known;
        const layers: PlanCall[] = [];
        const visit = (e: ast.Expression): void => {
            if (ast.isChainExpr(e)) { visit(e.left); visit(e.right); return; }
            const v = this.value(e);
            if (typeof v === 'string') { layers.push({ call: v, args: {} }); return; }
            if (typeof v === 'object' && 'call' in v) { layers.push(v); return; }
            throw new PlanBuildError(e, `model \`${m.name}\`: expected a layer such as \`mlp(...)\``);
        };
        visit(m.definition);
        const plan: ModelPlan = { name: m.name, layers, parts: this.properties((m.body?.properties ?? []).filter(ast.isProperty)) };
        this.models.set(m, plan);
        return plan;
    }

    private train(t: ast.Train): TrainPlan[] {
        const model = t.model.ref;
        if (!model) throw new PlanBuildError(t, `train: the model \`${t.model.$refText}\` is not declared`);
        this.model(model);
        const data = this.dataRef(t.data);
        const common = t.properties;
        const stages: { name?: string; properties: ast.Property[] }[] = t.stages.length === 0
            ? [{ properties: common }]
            : t.stages.map(s => ({ name: s.name, properties: [...common.filter(p => !s.properties.some(q => q.key === p.key)), ...s.properties] }));
        return stages.map(stage => {
            const objective = stage.properties.find(p => p.key === 'objective');
            if (!objective) throw new PlanBuildError(t, `train ${model.name}${stage.name ? `, stage ${stage.name}` : ''}: no \`objective:\``);
            const named = ast.isNameRef(objective.value) && ast.isObjective(objective.value.ref.ref) ? objective.value.ref.ref : undefined;
            return {
                model: model.name,
                data,
                ...(stage.name ? { stage: stage.name } : {}),
                objective: this.objective(objective.value),
                ...(named ? { objectiveName: named.name } : {}),
                properties: this.properties(stage.properties.filter(p => p.key !== 'objective')),
            };
        });
    }

    /** A sum of weighted terms: `0.1 * hyphc(...) + triplet(...)`, an objective's name, or one term. */
    private objective(e: ast.Expression, weight = 1): ObjectiveTermPlan[] {
        if (ast.isBinaryExpr(e)) {
            if (e.operator === '+') return [...this.objective(e.left, weight), ...this.objective(e.right, weight)];
            if (e.operator === '-') return [...this.objective(e.left, weight), ...this.objective(e.right, -weight)];
            if (e.operator === '*') {
                const left = numberOf(e.left), right = numberOf(e.right);
                if (left !== undefined) return this.objective(e.right, weight * left);
                if (right !== undefined) return this.objective(e.left, weight * right);
            }
            if (e.operator === '*' && (ast.isListLit(e.left) || ast.isListLit(e.right))) {
                throw new PlanBuildError(e, 'a term\'s weight takes one number: weights are not swept (sweep a parameter of the term, or declare one objective per weight)');
            }
            throw new PlanBuildError(e, 'an objective is a sum of loss terms, each optionally multiplied by a number');
        }
        if (ast.isNameRef(e) && ast.isObjective(e.ref.ref)) return this.objective(e.ref.ref.definition, weight);
        const v = this.value(e);
        const term = typeof v === 'string' ? { call: v, args: {} } : typeof v === 'object' && 'call' in v ? v : undefined;
        if (!term) throw new PlanBuildError(e, 'expected a loss term such as `triplet(margin: 1.0)`');
        return [{ weight, term }];
    }

    private evaluation(e: ast.Evaluate): EvaluationPlan {
        const task = this.value(e.task);
        if (typeof task !== 'object' || !('call' in task)) throw new PlanBuildError(e.task, `evaluate \`${e.name}\`: expected a protocol such as \`hierarchicalClustering(...)\``);
        return { name: e.name, task, properties: this.properties((e.body?.properties ?? []).filter(ast.isProperty)) };
    }

    private view(v: ast.View): ViewPlan {
        return { ...(v.name ? { name: v.name } : {}), view: this.call(v.view) };
    }

    // ---- Values ---------------------------------------------------------------------------------------

    private properties(properties: readonly (ast.Property | ast.SplitProperty)[]): PlanArgs {
        const out: Record<string, PlanValue> = {};
        for (const p of properties) if (ast.isProperty(p)) out[p.key] = this.value(p.value);
        return out;
    }

    private dataRef(e: ast.Expression): PlanRef {
        const v = this.value(e);
        if (typeof v === 'object' && 'ref' in v) return v;
        throw new PlanBuildError(e, 'expected a dataset or a part of one, such as `moons.train`');
    }

    private call(c: ast.Call): PlanCall {
        const positional = registry.named(c.name).find(s => s.positional)?.positional ?? [];
        const args: Record<string, PlanValue> = {};
        let position = 0;
        for (const a of c.args) {
            const name = a.name ?? positional[position++];
            if (!name) throw new PlanBuildError(a, `\`${c.name}\` takes no positional argument here; name it (\`name: value\`)`);
            args[name] = this.value(a.value);
        }
        return { call: c.name, args };
    }

    private value(e: ast.Expression | undefined): PlanValue {
        if (!e) throw new PlanBuildError(undefined, 'a value is missing');
        if (ast.isNumberLit(e)) return e.value;
        if (ast.isPercentLit(e)) return e.value / 100;
        if (ast.isStringLit(e)) return e.value;
        if (ast.isBoolLit(e)) return e.value;
        if (ast.isNegationExpr(e)) {
            const v = this.value(e.operand);
            if (typeof v !== 'number') throw new PlanBuildError(e, 'only numbers can be negated');
            return -v;
        }
        if (ast.isCall(e)) return this.call(e);
        if (ast.isListLit(e)) {
            const list = e.items.map(i => this.value(i));
            if (this.sweepSlot(e)) this.sweepSites.set(list, e);
            return list;
        }
        if (ast.isRecordLit(e)) {
            const record: Record<string, PlanValue> = {};
            for (const entry of e.entries) if (entry.name) record[entry.name] = this.value(entry.value);
            return { record };
        }
        if (ast.isNameRef(e)) {
            const target = e.ref.ref;
            if (target && ast.isDataset(target)) { this.dataset(target); return { ref: target.name }; }
            if (target && ast.isModel(target)) { this.model(target); return { ref: target.name }; }
            if (target && (ast.isObjective(target) || ast.isEvaluate(target) || ast.isView(target) || ast.isSweep(target) || ast.isStage(target) || ast.isExperiment(target))) {
                return { ref: e.ref.$refText };
            }
            return e.ref.$refText;   // an enum value, a column, or a component used with its defaults
        }
        if (ast.isMemberExpr(e)) {
            if (e.call) throw new PlanBuildError(e, `\`.${e.member}(...)\`: method calls are not values`);
            const receiver = this.value(e.receiver);
            if (typeof receiver === 'object' && 'ref' in receiver && receiver.member === undefined) return { ref: receiver.ref, member: e.member };
            if (typeof receiver === 'string') return { ref: receiver, member: e.member };
            throw new PlanBuildError(e, `\`.${e.member}\` of something that is not a declaration`);
        }
        if (ast.isRangeExpr(e)) {
            if (ast.isNameRef(e.from) && ast.isNameRef(e.to)) return { columns: [e.from.ref.$refText, e.to.ref.$refText] };
            const from = this.value(e.from), to = this.value(e.to), step = e.step ? this.value(e.step) : undefined;
            if (typeof from !== 'number' || typeof to !== 'number') throw new PlanBuildError(e, 'a range needs numbers at both ends');
            const range = { from, to, ...(typeof step === 'number' ? { step } : {}), ...(e.log ? { log: true } : {}) };
            if (this.sweepSlot(e)) this.sweepSites.set(range, e);
            return range;
        }
        if (ast.isBinaryExpr(e) && e.operator === '+') {
            // Objectives read their sums in `objective()`; anywhere else `a + b` puts parts side by side (a sequence
            // encoder's fields), kept in order.
            const parts = (x: ast.Expression): PlanValue[] => ast.isBinaryExpr(x) && x.operator === '+' ? [...parts(x.left), ...parts(x.right)] : [this.value(x)];
            return { sum: parts(e) };
        }
        if (ast.isBinaryExpr(e) || ast.isChainExpr(e)) {
            const container = AstUtils.getContainerOfType(e, ast.isProperty);
            throw new PlanBuildError(e, `\`${e.$cstNode?.text ?? ''}\` is only meaningful as ${ast.isChainExpr(e) ? 'a model definition' : 'an objective'}${container ? ` (in \`${container.key}\`)` : ''}`);
        }
        throw new PlanBuildError(e, `unsupported value \`${(e as AstNode).$cstNode?.text ?? (e as AstNode).$type}\``);
    }
}

/** The declaration a sweep is written in, for its qualified name: `allgLoss`, `embed`, `train allg/joint`. */
function ownerName(node: AstNode): string | undefined {
    for (let n: AstNode | undefined = node; n; n = n.$container) {
        if (ast.isStage(n)) return `train ${(n.$container as ast.Train).model.$refText}/${n.name}`;
        if (ast.isTrain(n)) return `train ${n.model.$refText}`;
        if (ast.isObjective(n) || ast.isModel(n) || ast.isDataset(n) || ast.isEvaluate(n)) return n.name;
    }
    return undefined;
}

function lineOf(node: AstNode): { line?: number } {
    return node.$cstNode ? { line: node.$cstNode.range.start.line + 1 } : {};
}

/** Each axis's name: the shortest of its candidates that no other axis shares (`alpha`; `adam.lr` when two stages sweep `lr`). */
function named(axes: readonly (Omit<SweepPlan, 'name'> & { names: readonly string[] })[]): SweepPlan[] {
    const taken = new Set<string>();
    return axes.map((axis, i) => {
        const clashes = (name: string) => axes.some((other, j) => j !== i && other.names.includes(name));
        let name = axis.names.find(n => !clashes(n) && !taken.has(n)) ?? axis.names.at(-1)!;
        for (let k = 2; taken.has(name); k++) name = `${axis.names.at(-1)!}#${k}`;
        taken.add(name);
        const { names: _names, ...rest } = axis;
        return { name, ...rest };
    });
}
