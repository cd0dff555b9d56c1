// The metrics table printed at the end of a run: per evaluation, methods × metrics as mean ± sd over the sets,
// and the paper's figure where the spec gives one.
import type { MetricsSummary } from '../../runtime/runner/run-experiment.js';
import type { ActiveLearningArtefact } from '../protocol.js';

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

function aligned(caption: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map(r => r[c]!.length)));
    const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
    return [caption, line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The active-learning curves as the ALLG paper's Table 2: per classifier and features, methods × budgets and the average. */
export function formatQueriesTables(artefact: ActiveLearningArtefact, digits = 3): string {
    const groups = new Map<string, ActiveLearningArtefact['curves'][number][]>();
    for (const c of artefact.curves) {
        const key = `${c.classifier}, ${c.features} features`;
        groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const header = ['method', ...artefact.queries.map(String), 'average'];
    return [...groups.entries()].map(([key, curves]) => aligned(
        `${artefact.evaluation}: accuracy per number of queries, ${key} (mean over ${artefact.repeats} repeat${artefact.repeats === 1 ? '' : 's'}; ${artefact.candidates} candidates, ${artefact.test} test)`,
        header,
        curves.map(c => [c.method, ...c.mean.map(v => v.toFixed(digits)), `${c.average.mean.toFixed(digits)} ± ${c.average.sd.toFixed(digits)}`]),
    )).join('\n\n');
}
