// The metrics table printed at the end of a run: per evaluation, methods × metrics as mean ± sd over the sets,
// and the paper's figure where the spec gives one.
import type { MetricsSummary } from '../../runtime/runner/run-experiment.js';

export function formatMetricsTable(metrics: MetricsSummary, digits = 3): string {
    const blocks: string[] = [];
    for (const [name, e] of Object.entries(metrics)) {
        const paper = e.paper ?? {};
        const hasPaper = Object.keys(paper).length > 0;
        const header = ['method', ...e.metrics.map(m => `${m}@k`.replace('dasgupta@k', 'dasgupta')), ...(hasPaper ? ['paper'] : [])];
        const rows = Object.entries(e.methods).map(([method, m]) => [
            method,
            ...e.metrics.map(metric => { const s = m.scores[metric]; return s ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : '–'; }),
            ...(hasPaper ? [paper[method] !== undefined ? paper[method]!.toFixed(digits) : ''] : []),
        ]);
        const widths = header.map((h, c) => Math.max(h.length, ...rows.map(r => r[c]!.length)));
        const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
        blocks.push([
            `${name}: ${e.task} on ${e.data} (${e.sets} set${e.sets === 1 ? '' : 's'}${e.k !== undefined ? `, k = ${e.k}` : ''}; mean ± sd over the sets)`,
            line(header),
            widths.map(w => '-'.repeat(w)).join('  '),
            ...rows.map(line),
        ].join('\n'));
    }
    return blocks.join('\n\n');
}
