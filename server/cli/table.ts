// The metrics table printed at the end of a run: per evaluation, methods × metrics as mean ± sd over the sets,
// and the paper's figure where the spec gives one. A run with sweeps first prints, per evaluation, the
// configurations × methods table of the metric that picks the best configuration.
import type { MetricsSummary } from '../../runtime/runner/run-experiment.js';
import type { ActiveLearningArtefact, SweepSummary } from '../protocol.js';

export function formatMetricsTable(metrics: MetricsSummary, digits = 3): string {
    const blocks: string[] = [];
    for (const [name, e] of Object.entries(metrics)) {
        const paper = e.paper ?? {};
        const hasPaper = Object.keys(paper).length > 0;
        const active = e.task === 'activeLearning';
        const header = ['method', ...e.metrics.map(m => (active ? m : `${m}@k`.replace('dasgupta@k', 'dasgupta'))), ...(hasPaper ? ['paper'] : [])];
        const rows = Object.entries(e.methods).map(([method, m]) => [
            method,
            ...e.metrics.map(metric => { const s = m.scores[metric]; return s ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : '–'; }),
            ...(hasPaper ? [paper[method] !== undefined ? paper[method]!.toFixed(digits) : ''] : []),
        ]);
        const caption = active
            ? `${name}: ${e.task} on ${e.data} (accuracy averaged over the query budgets; mean ± sd over ${e.sets} repeat${e.sets === 1 ? '' : 's'})`
            : `${name}: ${e.task} on ${e.data} (${e.sets} set${e.sets === 1 ? '' : 's'}${e.k !== undefined ? `, k = ${e.k}` : ''}; mean ± sd over the sets)`;
        blocks.push(aligned(caption, header, rows));
    }
    return blocks.join('\n\n');
}

/** Columns before `left` are aligned left, the others right. */
function aligned(caption: string, header: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map(r => r[c]!.length)));
    const line = (cells: readonly string[]) => cells.map((cell, c) => (c < left ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
    return [caption, line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Per evaluation: one row per configuration, a column per method (model, selector, baseline) with its mean ± sd of
 * the metric that chooses the best configuration, the best of each column marked `*` (every tied one: a method the
 * sweep does not touch scores the same everywhere); then how the best was chosen, and the failed configurations.
 */
export function formatSweepTables(summary: SweepSummary, digits = 3): string {
    const blocks: string[] = [];
    const axes = summary.sweep.axes.map(a => `${a.name} ∈ {${a.values.join(', ')}}${a.line !== undefined ? ` (line ${a.line})` : ''}`).join(' × ');
    blocks.push(`sweep: ${summary.configurations.length} configuration${summary.configurations.length === 1 ? '' : 's'}: ${axes}`);
    for (const [evaluation, best] of Object.entries(summary.best)) {
        const entries = summary.configurations.map(c => c.metrics?.[evaluation]);
        const first = entries.find(e => e !== undefined);
        if (!first) continue;
        const methods = [...new Set(entries.flatMap(e => Object.keys(e?.methods ?? {})))];
        const cell = (mean: number, sd: number, mark: boolean) => `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}${mark ? ' *' : '  '}`;
        const rows = summary.configurations.map((c, i) => [
            String(c.index),
            c.label,
            ...methods.map(method => {
                if (c.error !== undefined) return 'failed  ';
                const s = entries[i]?.methods[method]?.scores[best.metric];
                if (!s) return '–  ';
                const top = best.methods[method];
                return cell(s.mean, s.sd, top !== undefined && s.mean === top.mean);
            }),
        ]);
        const active = first.task === 'activeLearning';
        const metric = active ? `${best.metric} accuracy (averaged over the query budgets)` : best.metric;
        const over = active ? `${first.sets} repeat${first.sets === 1 ? '' : 's'}` : 'the sets';
        const why = best.chosenBy === 'report' ? 'the sweep\'s `report:`' : `the headline metric of ${evaluation}`;
        blocks.push([
            aligned(`${evaluation}: ${metric} per configuration (${first.task} on ${first.data}; mean ± sd over ${over})`, ['#', 'configuration', ...methods], rows, 2),
            `* best per method by ${best.metric} (${why}; ${best.higherIsBetter ? 'higher' : 'lower'} is better), chosen on the data it scores, ${first.data}, `
                + 'as the ALLG paper chooses its trade-offs on its test split; chosen on test data, the best score is optimistic',
        ].join('\n'));
    }
    const failed = summary.configurations.filter(c => c.error !== undefined);
    for (const c of failed) blocks.push(`configuration ${c.index} (${c.label}) failed: ${c.error}`);
    return blocks.join('\n\n');
}

/** The active-learning curves as the ALLG paper's Table 2: per classifier and features, methods × budgets and the average. */
export function formatQueriesTables(artefact: ActiveLearningArtefact, digits = 3): string {
    const groups = new Map<string, ActiveLearningArtefact['curves'][number][]>();
    for (const c of artefact.curves) {
        const key = `${c.classifier}, ${c.features} features`;
        groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const header = ['method', ...artefact.queries.map(String), 'average'];
    const tables = [...groups.entries()].map(([key, curves]) => aligned(
        `${artefact.evaluation}: accuracy per number of queries, ${key} (mean over ${artefact.repeats} repeat${artefact.repeats === 1 ? '' : 's'}; ${artefact.candidates} candidates, ${artefact.test} test)`,
        header,
        curves.map(c => [c.method, ...c.mean.map(v => v.toFixed(digits)), `${c.average.mean.toFixed(digits)} ± ${c.average.sd.toFixed(digits)}`]),
    ));
    const classes = formatQueriedClasses(artefact);
    return [...tables, ...(classes ? [classes] : [])].join('\n\n');
}

/**
 * What each selector queried: per number of queries, the share of the most frequent class among them and how many
 * classes they cover (means over the repeats), beside the same share among all the candidates. A selector that
 * over-picks one class shows here before it shows in the accuracies.
 */
export function formatQueriedClasses(artefact: ActiveLearningArtefact): string | undefined {
    const bySelector = new Map<string, NonNullable<ActiveLearningArtefact['curves'][number]['queried']>>();
    for (const c of artefact.curves) if (c.queried && !bySelector.has(c.method)) bySelector.set(c.method, c.queried);
    if (bySelector.size === 0) return undefined;
    const largest = (share: readonly number[]) => Math.max(...share);
    const rows = [...bySelector.entries()].map(([method, q]) =>
        [method, ...q.classShare.map((share, i) => `${largest(share).toFixed(2)} (${formatCount(q.classesCovered[i]!)})`)]);
    const all = artefact.candidateClassShare;
    if (all && all.length > 0) rows.push(['all candidates', ...artefact.queries.map(() => `${largest(all).toFixed(2)} (${all.filter(s => s > 0).length})`)]);
    const classes = all?.length ?? bySelector.values().next().value!.classShare[0]!.length;
    return aligned(
        `${artefact.evaluation}: share of the most frequent class among the queries (classes covered, of ${classes}; mean over ${artefact.repeats} repeat${artefact.repeats === 1 ? '' : 's'})`,
        ['method', ...artefact.queries.map(String)],
        rows,
    );
}

const formatCount = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));
