// A run folder as the result panels and report.html read it (protocol.ts `RunResults`): run.json through the
// run store (status, liveness of a temporary run, `corrupt` when run.json cannot be read), metrics.json (the
// metrics summary), the `epoch` events (a cut-off last line tolerated), the embedding, dendrogram and
// active-learning (`<evaluation>.queries.json`) artefacts.
// A missing or malformed artefact does not hide the rest: it is left out and named in `error`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ActiveLearningArtefact, DendrogramArtefact, EmbeddingArtefact, EpochPoint, MetricsSummary, RunResults } from '../protocol.js';
import { RunStore, type RunEvent } from '../../runtime/store/run-store.js';
import { isSweepSummary, shownMetrics, type SweepSummary } from '../../runtime/plan/sweep.js';

const EMBEDDING_FILE = /^embedding\..+\.json$/;
const DENDROGRAM_FILE = /^(.+)\.set(\d+)\.json$/;
const QUERIES_FILE = /^.+\.queries\.json$/;
/** A sweep's per-configuration artefacts (`config-03.selection.queries.json`); the panels read the shown configuration's plain names. */
const CONFIGURATION_FILE = /^config-\d+\./;

export function loadRunResults(dir: string): RunResults {
    const absolute = path.resolve(dir);
    const id = path.basename(absolute);
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
        throw new Error(`${absolute} is not a run folder (no such directory)`);
    }
    const store = new RunStore(path.dirname(absolute));
    const entry = store.open(id);
    if (entry.status === 'corrupt') {
        return {
            id, dir: absolute, experiment: experimentFromId(id), status: 'corrupt', specFile: null,
            error: `${id}: ${entry.reason}`, metrics: null, epochs: [], embeddings: [], dendrograms: [], activeLearning: [],
        };
    }
    const meta = entry.meta;
    const problems: string[] = [];
    const read = <T>(file: string, check: (value: unknown) => string | undefined): T | undefined => {
        try {
            const value = JSON.parse(fs.readFileSync(path.join(absolute, file), 'utf8')) as unknown;
            const problem = check(value);
            if (problem) {
                problems.push(`${file}: ${problem}`);
                return undefined;
            }
            return value as T;
        } catch (error) {
            problems.push(`${file} cannot be read: ${(error as Error).message}`);
            return undefined;
        }
    };

    const names = entry.artefacts.map(a => a.name).filter(n => !CONFIGURATION_FILE.test(n));
    const metrics = names.includes('metrics.json') ? read<unknown>('metrics.json', metricsProblem) ?? null : null;
    const sweep = isSweepSummary(metrics) ? metrics : undefined;

    const events = store.readEvents(id);
    if (events.invalidLines.length > 0) problems.push(`events.jsonl: line(s) ${events.invalidLines.join(', ')} are not JSON objects and were left out`);
    const epochs = events.events.filter(e => e.type === 'epoch').map(toEpochPoint).filter((p): p is EpochPoint => p !== undefined);

    // (An evaluation named `embedding` writes `embedding.queries.json`: that is the active-learning artefact.)
    const embeddings = names.filter(n => EMBEDDING_FILE.test(n) && !QUERIES_FILE.test(n)).sort()
        .map(file => ({ file, value: read<Omit<EmbeddingArtefact, 'file'>>(file, embeddingProblem) }))
        .filter((e): e is { file: string; value: Omit<EmbeddingArtefact, 'file'> } => e.value !== undefined)
        .map(({ file, value }) => ({ file, ...value }));

    const dendrogramFiles = names.filter(n => DENDROGRAM_FILE.test(n)).sort(bySetNumber);
    const dendrograms = dendrogramFiles
        .map(file => ({ file, value: read<Omit<DendrogramArtefact, 'file'>>(file, dendrogramProblem) }))
        .filter((d): d is { file: string; value: Omit<DendrogramArtefact, 'file'> } => d.value !== undefined)
        .map(({ file, value }) => ({ file, ...value }));

    const activeLearning = names.filter(n => QUERIES_FILE.test(n)).sort()
        .map(file => ({ file, value: read<Omit<ActiveLearningArtefact, 'file'>>(file, activeLearningProblem) }))
        .filter((a): a is { file: string; value: Omit<ActiveLearningArtefact, 'file'> } => a.value !== undefined)
        .map(({ file, value }) => ({ file, ...value }));

    const error = [
        meta.error ?? (meta.status === 'cancelled' && meta.reason ? `cancelled: ${meta.reason}` : undefined),
        entry.status === 'interrupted' && entry.note ? `interrupted: ${entry.note}` : undefined,
        ...problems,
    ].filter((s): s is string => Boolean(s));
    return {
        id, dir: absolute, experiment: meta.experiment, status: entry.status, specFile: meta.specFile ?? null,
        startTime: meta.startTime, ...(meta.endTime ? { endTime: meta.endTime } : {}),
        ...(meta.backend ? { backend: { name: meta.backend.name, ...(meta.backend.device ? { device: meta.backend.device } : {}) } } : {}),
        ...(typeof meta.seed === 'number' ? { seed: meta.seed } : {}),
        ...(error.length > 0 ? { error: error.join('\n') } : {}),
        metrics: metrics === null ? null : sweep ? shownMetrics(sweep) : metricsSummary(metrics), ...(sweep ? { sweep } : {}), epochs, embeddings, dendrograms, activeLearning,
    };
}

function toEpochPoint(event: RunEvent): EpochPoint | undefined {
    if (typeof event.model !== 'string' || typeof event.epoch !== 'number' || !isObject(event.loss)) return undefined;
    return {
        model: event.model,
        ...(typeof event.stage === 'string' ? { stage: event.stage } : {}),
        ...(typeof event.repeat === 'number' ? { repeat: event.repeat } : {}),
        ...(typeof event.configuration === 'number' ? { configuration: event.configuration } : {}),
        epoch: event.epoch,
        epochs: typeof event.epochs === 'number' ? event.epochs : event.epoch,
        loss: event.loss as Record<string, number>,
        lr: typeof event.lr === 'number' ? event.lr : Number.NaN,
        seconds: typeof event.seconds === 'number' ? event.seconds : Number.NaN,
        ...(isObject(event.validation) ? { validation: event.validation as Record<string, number> } : {}),
    };
}

/** metrics.json holds the MetricsSummary; runs written before Nov 2026 wrapped it as `{ "metrics": … }`. */
function metricsSummary(v: unknown): MetricsSummary {
    const o = v as Record<string, unknown>;
    return (isObject(o.metrics) && !isObject(o.metrics.methods) ? o.metrics : o) as MetricsSummary;
}

function metricsProblem(v: unknown): string | undefined {
    if (!isObject(v)) return 'is not an object';
    if (isSweepSummary(v)) return sweepProblem(v);
    for (const [name, evaluation] of Object.entries(metricsSummary(v))) {
        if (!isObject(evaluation) || !Array.isArray(evaluation.metrics) || !isObject(evaluation.methods)) return `is not a metrics summary: evaluation ${name} has no metrics list or methods`;
    }
    return undefined;
}

function sweepProblem(v: SweepSummary): string | undefined {
    for (const c of v.configurations) {
        if (!isObject(c) || typeof c.index !== 'number' || typeof c.label !== 'string') return 'a configuration has no index or label';
        if (c.metrics !== undefined) {
            const problem = metricsProblem(c.metrics);
            if (problem) return `configuration ${c.index}: ${problem}`;
        }
    }
    return undefined;
}

function embeddingProblem(v: unknown): string | undefined {
    if (!isObject(v)) return 'is not an object';
    if (typeof v.model !== 'string' || typeof v.dim !== 'number' || !Array.isArray(v.sets)) return 'is not an embedding artefact (model, dim, sets)';
    for (const [i, s] of (v.sets as unknown[]).entries()) {
        if (!isObject(s) || !Array.isArray(s.labels) || !Array.isArray(s.embedding)) return `set ${i} has no labels or embedding`;
        if (s.embedding.length !== s.labels.length * v.dim) return `set ${i}: ${s.embedding.length} embedding values for ${s.labels.length} points of dimension ${v.dim}`;
    }
    return undefined;
}

function dendrogramProblem(v: unknown): string | undefined {
    if (!isObject(v)) return 'is not an object';
    if (!isObject(v.methods) || !Array.isArray(v.labels) || typeof v.k !== 'number') return 'is not a dendrogram artefact (methods, labels, k)';
    for (const [method, m] of Object.entries(v.methods)) {
        if (!isObject(m) || !isObject(m.tree) || typeof m.tree.size !== 'number') return `method ${method} has no tree`;
    }
    return undefined;
}

function activeLearningProblem(v: unknown): string | undefined {
    if (!isObject(v)) return 'is not an object';
    if (typeof v.evaluation !== 'string' || typeof v.data !== 'string' || typeof v.metric !== 'string' || !isNumberArray(v.queries) || !Array.isArray(v.curves)) {
        return 'is not an active-learning artefact (evaluation, data, metric, queries, curves)';
    }
    for (const key of ['candidates', 'test', 'repeats'] as const) if (typeof v[key] !== 'number') return `${key} is not a number`;
    const n = v.queries.length;
    for (const [i, c] of (v.curves as unknown[]).entries()) {
        if (!isObject(c) || typeof c.method !== 'string' || typeof c.classifier !== 'string') return `curve ${i} has no method or classifier`;
        const name = `curve ${i} (${c.method}, ${c.classifier})`;
        if (c.kind !== 'model' && c.kind !== 'selector') return `${name}: kind is neither model nor selector`;
        if (c.features !== 'latent' && c.features !== 'original') return `${name}: features is neither latent nor original`;
        if (!isNumberArray(c.mean) || c.mean.length !== n || !isNumberArray(c.sd) || c.sd.length !== n) return `${name}: mean and sd need ${n} numbers (one per query size)`;
        if (!Array.isArray(c.perRepeat) || !c.perRepeat.every(r => isNumberArray(r) && r.length === n)) return `${name}: perRepeat needs ${n} numbers per repeat`;
        if (!isObject(c.average) || typeof c.average.mean !== 'number' || typeof c.average.sd !== 'number') return `${name}: average has no mean and sd`;
    }
    if (v.paper !== undefined && (!isObject(v.paper) || !Object.values(v.paper).every(x => typeof x === 'number'))) return 'paper is not a record of numbers';
    return undefined;
}

function isNumberArray(v: unknown): v is number[] {
    return Array.isArray(v) && v.every(x => typeof x === 'number');
}

function bySetNumber(a: string, b: string): number {
    const [, ea, sa] = DENDROGRAM_FILE.exec(a)!;
    const [, eb, sb] = DENDROGRAM_FILE.exec(b)!;
    return ea! < eb! ? -1 : ea! > eb! ? 1 : Number(sa) - Number(sb);
}

/** `<YYYYMMDD-HHMMSS>-<experiment>[-n]` → the experiment, for a run whose run.json cannot say. */
function experimentFromId(id: string): string {
    return /^(?:\.tmp-)?\d{8}-\d{6}-(.+?)(?:-\d+)?$/.exec(id)?.[1] ?? id;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
