// The one-line summary of a run that listings show: its first evaluation's first method and metric when it
// completed, otherwise why it did not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSweepSummary, shownMetrics } from '../plan/sweep.js';
import type { MetricsSummary } from '../runner/run-experiment.js';
import type { RunEntry } from './run-store.js';

export function runHeadline(entry: RunEntry): string {
    if (entry.status !== 'completed') return entry.status === 'corrupt' ? entry.reason : entry.meta.error ?? entry.meta.reason ?? entry.note ?? '';
    try {
        const metrics = JSON.parse(fs.readFileSync(path.join(entry.dir, 'metrics.json'), 'utf8')) as unknown;
        if (isSweepSummary(metrics)) {
            // a sweep: the best configuration's headline, and which one it is
            const headline = metricsHeadline(shownMetrics(metrics));
            const shown = metrics.sweep.shown;
            return headline && shown ? `${headline} (best of ${metrics.configurations.length} configurations: ${shown.label})` : headline;
        }
        return metricsHeadline(metrics as MetricsSummary);
    } catch {
        return '';
    }
}

/** e.g. `clusters: embed ari 0.983 ± 0.052` */
export function metricsHeadline(metrics: MetricsSummary | undefined): string {
    const [name, evaluation] = Object.entries(metrics ?? {})[0] ?? [];
    if (!evaluation) return '';
    const [method, scores] = Object.entries(evaluation.methods)[0] ?? [];
    const metric = evaluation.metrics[0];
    const score = metric && scores ? scores.scores[metric] : undefined;
    return score ? `${name}: ${method} ${metric} ${score.mean.toFixed(3)} ± ${score.sd.toFixed(3)}` : '';
}
