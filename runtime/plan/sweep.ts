// Sweeps: a plan whose spec gives a list where one value is expected (`graphPrior(alpha: [0.1, 1, 10])`), or
// declares `sweep size = coles.rnn.hidden in [32, 64]`, stands for one plan per configuration: the Cartesian
// product of its axes (`plan.sweeps`, built by `language/plan/build-plan.ts`, which knows from the registry's
// parameter types which lists are sweeps and which are list-valued parameters such as `hidden: [512, 256]`).
// This module expands a plan into its configurations, checks what a sweep may ask, and chooses the best
// configuration from their results. Pure: no TensorFlow.js, no Langium.
import type { MetricsSummary } from '../runner/run-experiment.js';
import { registry } from '../registry/index.js';
import { Args, PlanError } from './args.js';
import { isCall, isColumnRange, isInterval, isList, isRecord, isRef, isSum, type ExperimentPlan, type PlanPath, type PlanValue, type SweepPlan } from './types.js';

/** More configurations than this is refused: each one trains and evaluates the whole spec again. */
export const MAX_CONFIGURATIONS = 1000;

/** One point of the sweep's grid: its values and the plan with them in place (no list left where one value goes). */
export interface Configuration {
    /** 1-based, in the order the configurations run: the first axis varies slowest. */
    readonly index: number;
    readonly total: number;
    /** `alpha=0.1, beta=1, lambda=10`; empty for a plan without sweeps. */
    readonly label: string;
    /** The value of each axis, by its name. */
    readonly values: Readonly<Record<string, PlanValue>>;
    readonly plan: ExperimentPlan;
}

/** How many configurations the plan stands for (1 without sweeps). */
export function configurationCount(plan: ExperimentPlan): number {
    return (plan.sweeps ?? []).reduce((n, axis) => n * axis.values.length, 1);
}

const where = (axis: SweepPlan): string => (axis.line !== undefined ? `line ${axis.line}: ` : '');
const thousands = (n: number): string => n.toLocaleString('en-US');

/** Throws a PlanError, with the spec's line, for a sweep the runtime does not take. */
export function checkSweeps(plan: ExperimentPlan): void {
    const axes = plan.sweeps ?? [];
    const places = new Map<string, SweepPlan>();
    for (const axis of axes) {
        const what = axis.kind === 'declared' ? `\`sweep ${axis.name}\`` : `the sweep of \`${axis.target}\``;
        if (axis.values.length === 0) throw new PlanError(`${where(axis)}${what} is over an empty list: give at least one value`);
        const nonScalar = axis.values.find(v => isList(v) || isRecord(v) || isColumnRange(v));
        if (nonScalar !== undefined) {
            throw new PlanError(`${where(axis)}${what}: each value of a sweep is one value of a scalar parameter, not ${isList(nonScalar) ? 'a list' : 'a record or columns'}`);
        }
        if (axis.at.length === 0) throw new PlanError(`${where(axis)}${what} varies nothing that this spec trains or evaluates`);
        for (const at of axis.at) {
            const parent = valueAt(plan, at.slice(0, -1));
            if (typeof parent !== 'object' || parent === null || Array.isArray(parent) && typeof at.at(-1) !== 'number') {
                throw new PlanError(`${where(axis)}${what}: the plan has no place ${at.join('.')}`);
            }
            const key = JSON.stringify(at);
            const other = places.get(key);
            if (other) throw new PlanError(`${where(axis)}${what} varies \`${axis.target}\`, which \`${other.name}\`${other.line !== undefined ? ` (line ${other.line})` : ''} varies already: sweep it once`);
            places.set(key, axis);
        }
        if (axis.report) checkReport(plan, axis, what);
    }
    const total = configurationCount(plan);
    if (total > MAX_CONFIGURATIONS) {
        const sizes = axes.map(a => `${a.name} ${a.values.length}${a.line !== undefined ? ` (line ${a.line})` : ''}`).join(' × ');
        throw new PlanError(`${where(axes[0]!)}the sweeps ask for ${thousands(total)} configurations (${sizes}); a run takes at most ${thousands(MAX_CONFIGURATIONS)}, `
            + `because each configuration trains and evaluates the whole spec again${repeatsOf(plan) > 1 ? ` (${repeatsOf(plan)} repeats each)` : ''}: sweep fewer values, or split the sweep over several specs`);
    }
}

function checkReport(plan: ExperimentPlan, axis: SweepPlan, what: string): void {
    const report = axis.report!;
    const evaluation = plan.evaluations.find(e => e.name === report.evaluation);
    if (!evaluation) {
        throw new PlanError(`${where(axis)}${what}: \`report: ${report.evaluation}${report.metric ? '.' + report.metric : ''}\` names no evaluation of this spec`
            + ` (its evaluations: ${plan.evaluations.map(e => e.name).join(', ') || 'none'})`);
    }
    if (report.metric === undefined) return;
    const spec = registry.find(evaluation.task.call, ['task']);
    const metrics = spec ? Args.of(spec, { call: spec.name, args: evaluation.properties }).list('metrics').map(m => (isCall(m) ? m.call : String(m))) : [];
    if (metrics.length > 0 && !metrics.includes(report.metric)) {
        throw new PlanError(`${where(axis)}${what}: \`report: ${report.evaluation}.${report.metric}\`: \`${report.evaluation}\` measures ${metrics.join(', ')}; report one of them`);
    }
}

function repeatsOf(plan: ExperimentPlan): number {
    const r = plan.properties['repeats'];
    return typeof r === 'number' && r > 1 ? r : 1;
}

/**
 * The plan's configurations, in order (the first axis varies slowest), each a plan with every axis's value at its
 * places and no `sweeps`. A plan without sweeps is its own one configuration. Every configuration keeps the plan's
 * seed and repeats, so that they are compared on the same splits and initialisations.
 */
export function expandSweeps(plan: ExperimentPlan): Configuration[] {
    checkSweeps(plan);
    const axes = plan.sweeps ?? [];
    if (axes.length === 0) return [{ index: 1, total: 1, label: '', values: {}, plan }];
    const { sweeps: _axes, ...base } = plan;
    const total = configurationCount(plan);
    const out: Configuration[] = [];
    const choice = axes.map(() => 0);
    for (let index = 1; index <= total; index++) {
        const configured = structuredClone(base) as ExperimentPlan;
        const values: Record<string, PlanValue> = {};
        axes.forEach((axis, a) => {
            const value = axis.values[choice[a]!]!;
            values[axis.name] = value;
            for (const at of axis.at) setAt(configured, at, value);
        });
        out.push({ index, total, label: configurationLabel(axes.map(a => [a.name, values[a.name]!])), values, plan: configured });
        // the odometer: the last axis turns fastest
        for (let a = axes.length - 1; a >= 0; a--) {
            if (++choice[a]! < axes[a]!.values.length) break;
            choice[a] = 0;
        }
    }
    return out;
}

/** `alpha=0.1, beta=1` */
export function configurationLabel(values: readonly (readonly [string, PlanValue])[]): string {
    return values.map(([name, value]) => `${name}=${formatPlanValue(value)}`).join(', ');
}

/** A value as the spec would write it: `0.1`, `relu`, `leakyRelu(slope: 0.2)`, `0 .. 0.16`, `moons.test`. */
export function formatPlanValue(value: PlanValue): string {
    if (typeof value === 'number') return String(value).replace('e+', 'e');
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return String(value);
    if (isList(value)) return `[${value.map(formatPlanValue).join(', ')}]`;
    if (isCall(value)) {
        const args = Object.entries(value.args);
        return args.length === 0 ? value.call : `${value.call}(${args.map(([k, v]) => `${k}: ${formatPlanValue(v)}`).join(', ')})`;
    }
    if (isRef(value)) return value.member ? `${value.ref}.${value.member}` : value.ref;
    if (isInterval(value)) return `${value.from} .. ${value.to}${value.step !== undefined ? ` step ${value.step}` : ''}${value.log ? ' log' : ''}`;
    if (isRecord(value)) return `{ ${Object.entries(value.record).map(([k, v]) => `${k}: ${formatPlanValue(v)}`).join(', ')} }`;
    if (isColumnRange(value)) return `${value.columns[0]} .. ${value.columns[1]}`;
    if (isSum(value)) return value.sum.map(formatPlanValue).join(' + ');
    return JSON.stringify(value);
}

function valueAt(root: unknown, path: PlanPath): unknown {
    let node = root;
    for (const key of path) {
        if (typeof node !== 'object' || node === null) return undefined;
        node = (node as Record<string | number, unknown>)[key];
    }
    return node;
}

function setAt(root: unknown, path: PlanPath, value: PlanValue): void {
    const parent = valueAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path.at(-1)!] = structuredClone(value);
}

// ---- Results -------------------------------------------------------------------------------------------

/** How one evaluation's best configuration is chosen. */
export interface SweepCriterion {
    /** A column of the evaluation's metrics summary (`ari`, `svm`). */
    readonly metric: string;
    readonly higherIsBetter: boolean;
    /** `report`: a sweep's `report:` names it; `headline`: the evaluation's first metric. */
    readonly chosenBy: 'report' | 'headline';
}

/** One configuration's outcome, as `metrics.json` keeps it. */
export interface ConfigurationResult {
    readonly index: number;
    readonly label: string;
    readonly values: Readonly<Record<string, PlanValue>>;
    /** The prefix of its artefacts in the run folder: `config-03` (`config-03.selection.queries.json`). */
    readonly files: string;
    readonly seconds: number;
    /** Absent when the configuration failed. */
    readonly metrics?: MetricsSummary;
    /** Why it failed (a diverging loss, …); the other configurations still ran. */
    readonly error?: string;
}

export interface SweepBest extends SweepCriterion {
    /** Per method (model, selector, baseline): its best configuration by `metric`, and its score there. */
    readonly methods: Readonly<Record<string, { readonly configuration: number; readonly label: string; readonly mean: number; readonly sd: number }>>;
}

/** `metrics.json` of a run with sweeps (a run without sweeps writes a plain `MetricsSummary`). */
export interface SweepSummary {
    readonly sweep: {
        readonly axes: readonly { readonly name: string; readonly kind: 'inline' | 'declared'; readonly target: string; readonly values: readonly string[]; readonly line?: number }[];
        readonly configurations: number;
        /** How the best configuration is chosen: on the evaluation's own test data (as the ALLG paper does). */
        readonly selection: string;
        /**
         * The configuration whose artefacts are also written without their `config-NN.` prefix (what the result panels
         * and report.html show), and whose full tables the CLI prints: the best of the first evaluation's first method.
         */
        readonly shown: { readonly configuration: number; readonly label: string; readonly evaluation: string; readonly method: string; readonly metric: string } | null;
    };
    readonly configurations: readonly ConfigurationResult[];
    /** Per evaluation. */
    readonly best: Readonly<Record<string, SweepBest>>;
}

export const SWEEP_SELECTION_NOTE = 'the best configuration is chosen by its score on the data the evaluation scores (its own test split, unless the spec '
    + 'evaluates on a validation part), as the ALLG paper does ("we search the trade-off parameters from {0.1, 1, 10}"); chosen on test data, '
    + 'it is not a held-out model selection and the best score is optimistic';

/** True for the `metrics.json` of a run with sweeps. */
export function isSweepSummary(value: unknown): value is SweepSummary {
    if (typeof value !== 'object' || value === null) return false;
    const v = value as Record<string, unknown>;
    return Array.isArray(v['configurations']) && typeof v['sweep'] === 'object' && v['sweep'] !== null && typeof v['best'] === 'object';
}

/** The column of an evaluation's summary that a metric name reports: itself, or (active learning) the headline accuracy. */
export function reportedColumn(entry: MetricsSummary[string], metric: string | undefined): string | undefined {
    if (metric === undefined) return entry.metrics[0];
    if (entry.metrics.includes(metric)) return metric;
    // active learning's columns are classifiers × features, every one of them an accuracy
    if (entry.task === 'activeLearning' && metric === 'accuracy') return entry.metrics[0];
    return undefined;
}

/**
 * Per evaluation and method, the configuration with the best score by the evaluation's criterion (the first one on
 * ties); and the shown configuration, the best of the first evaluation's first method.
 */
export function summarizeSweep(
    plan: ExperimentPlan,
    results: readonly ConfigurationResult[],
    criteria: Readonly<Record<string, SweepCriterion>>,
): SweepSummary {
    const best: Record<string, SweepBest> = {};
    for (const [evaluation, criterion] of Object.entries(criteria)) {
        const methods: Record<string, SweepBest['methods'][string]> = {};
        for (const result of results) {
            for (const [method, m] of Object.entries(result.metrics?.[evaluation]?.methods ?? {})) {
                const score = m.scores[criterion.metric];
                if (!score || !Number.isFinite(score.mean)) continue;
                const known = methods[method];
                if (!known || (criterion.higherIsBetter ? score.mean > known.mean : score.mean < known.mean)) {
                    methods[method] = { configuration: result.index, label: result.label, mean: score.mean, sd: score.sd };
                }
            }
        }
        best[evaluation] = { ...criterion, methods };
    }
    const first = Object.keys(criteria)[0];
    const firstMethod = first ? Object.keys(best[first]!.methods)[0] : undefined;
    const shownBest = first && firstMethod ? best[first]!.methods[firstMethod]! : undefined;
    return {
        sweep: {
            axes: (plan.sweeps ?? []).map(a => ({ name: a.name, kind: a.kind, target: a.target, values: a.values.map(formatPlanValue), ...(a.line !== undefined ? { line: a.line } : {}) })),
            configurations: results.length,
            selection: SWEEP_SELECTION_NOTE,
            shown: shownBest ? { configuration: shownBest.configuration, label: shownBest.label, evaluation: first!, method: firstMethod!, metric: best[first!]!.metric } : null,
        },
        configurations: results,
        best,
    };
}

/** The metrics summary of the shown configuration (the first completed one when none could be chosen). */
export function shownMetrics(summary: SweepSummary): MetricsSummary {
    const index = summary.sweep.shown?.configuration;
    const result = summary.configurations.find(c => c.index === index) ?? summary.configurations.find(c => c.metrics);
    return result?.metrics ?? {};
}
