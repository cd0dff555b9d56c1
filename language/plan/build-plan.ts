// From a validated spec to the runtime's execution plan (`runtime/plan/types.ts`): plain JSON, every
// declaration the spec's training and evaluation use (imported ones included), every call with its arguments
// as written. The runtime fills in defaults from the registry.
import { AstUtils, type AstNode } from 'langium';
import type {
    DatasetPlan, EvaluationPlan, ExperimentPlan, ModelPlan, ObjectiveTermPlan, PlanArgs, PlanCall, PlanRef, PlanValue, SplitPartPlan, TrainPlan, ViewPlan,
} from '../../runtime/plan/types.js';
import { registry } from '../../runtime/registry/index.js';
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
        const sweeps = spec.declarations.filter(ast.isSweep);
        if (sweeps.length > 0) {
            throw new PlanBuildError(sweeps[0], `\`sweep ${sweeps[0]!.name}\`: sweeps are part of the language but not of the runtime yet; run one configuration at a time`);
        }
        // Declarations in order; datasets and models are added when something uses them (or declared here).
        for (const d of spec.declarations) {
            if (ast.isDataset(d)) this.dataset(d);
            else if (ast.isModel(d)) this.model(d);
        }
        const trainings = spec.declarations.filter(ast.isTrain).flatMap(t => this.train(t));
        const evaluations = spec.declarations.filter(ast.isEvaluate).map(e => this.evaluation(e));
        const views = spec.declarations.filter(ast.isView).map(v => this.view(v));
        return {
            format: 1,
            experiment: experiment.name,
            properties: this.properties(experiment.body?.properties ?? []),
            datasets: [...this.datasets.values()],
            models: [...this.models.values()],
            trainings,
            evaluations,
            views,
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
        if (ast.isListLit(e)) return e.items.map(i => this.value(i));
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
            return { from, to, ...(typeof step === 'number' ? { step } : {}), ...(e.log ? { log: true } : {}) };
        }
        if (ast.isBinaryExpr(e) || ast.isChainExpr(e)) {
            const container = AstUtils.getContainerOfType(e, ast.isProperty);
            throw new PlanBuildError(e, `\`${e.$cstNode?.text ?? ''}\` is only meaningful as ${ast.isChainExpr(e) ? 'a model definition' : 'an objective'}${container ? ` (in \`${container.key}\`)` : ''}`);
        }
        throw new PlanBuildError(e, `unsupported value \`${(e as AstNode).$cstNode?.text ?? (e as AstNode).$type}\``);
    }
}
