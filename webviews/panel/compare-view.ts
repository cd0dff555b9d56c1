// Compare: two or more runs side by side — one table (rows: evaluation and method; per metric a column per
// run and the change from the first run to the last) and the runs' curves overlaid.
import type { MetricsSummary, RunResults } from '../../server/protocol.js';
import { button, el, formatNumber } from './dom.js';
import { CurvesView } from './curves-view.js';
import { fileStem, toCsv } from './export.js';
import type { View, ViewContext } from './view.js';

interface Row {
    readonly evaluation: string;
    readonly method: string;
    /** Per metric, per run: the mean and sd, or undefined where the run lacks it. */
    readonly cells: ReadonlyMap<string, ReadonlyArray<{ mean: number; sd: number } | undefined>>;
}

export class CompareView implements View {
    readonly element = el('div', { class: 'compare-view' });
    private readonly curves: CurvesView;

    constructor(private readonly ctx: ViewContext, private readonly runs: () => readonly RunResults[]) {
        this.curves = new CurvesView(ctx, runs, 'compare');
    }

    render(): void {
        const runs = this.runs();
        const { metrics, rows } = compareRows(runs);
        const table = el('table', { class: 'compare-table', 'data-runs': runs.length });
        const head1 = el('tr', {}, el('th', { rowspan: 2 }, 'evaluation'), el('th', { rowspan: 2 }, 'method'),
            ...metrics.map(m => el('th', { colspan: runs.length + 1, 'data-metric': m }, m)));
        const head2 = el('tr', {}, ...metrics.flatMap(m => [
            ...runs.map((r, i) => el('th', { 'data-metric': m, 'data-run': i, title: `${r.id} (${r.dir})` }, `run ${i + 1}`)),
            el('th', { 'data-metric': m, class: 'delta' }, 'Δ'),
        ]));
        const body = el('tbody');
        for (const row of rows) {
            const tr = el('tr', { 'data-evaluation': row.evaluation, 'data-method': row.method }, el('td', {}, row.evaluation), el('td', {}, row.method));
            for (const m of metrics) {
                const cells = row.cells.get(m) ?? [];
                runs.forEach((_, i) => {
                    const c = cells[i];
                    tr.appendChild(el('td', { 'data-metric': m, 'data-run': i }, c ? `${formatNumber(c.mean)} ± ${formatNumber(c.sd)}` : '–'));
                });
                const first = cells[0];
                const last = cells[runs.length - 1];
                const delta = first && last ? last.mean - first.mean : undefined;
                tr.appendChild(el('td', { 'data-metric': m, class: delta === undefined || delta === 0 ? 'delta' : delta > 0 ? 'delta delta-up' : 'delta delta-down' },
                    delta === undefined ? '–' : `${delta > 0 ? '+' : ''}${formatNumber(delta)}`));
            }
            body.appendChild(tr);
        }
        table.append(el('thead', {}, head1, head2), body);
        this.element.replaceChildren(
            el('h2', {}, `${runs.length} runs`),
            el('ol', { class: 'run-list' }, ...runs.map(r => el('li', {}, `${r.id}: ${r.experiment}, ${r.status}`))),
            el('p', { class: 'caption' }, `mean ± sd over the test sets; Δ: run ${runs.length} minus run 1`),
            el('div', { class: 'table-scroll' }, table),
            el('div', { class: 'toolbar' }, button('CSV', () => this.ctx.host.exportFile(`${fileStem('compare', ...runs.map(r => r.id).slice(0, 2))}.csv`, compareCsv(runs)))),
            this.curves.element);
        this.curves.render();
    }

    refresh(): void {
        this.curves.refresh();
    }

    resize(): void {
        this.curves.resize();
    }

    dispose(): void {
        this.curves.dispose();
    }
}

/** The union of the runs' evaluations, methods and metrics, in first-seen order. */
export function compareRows(runs: readonly RunResults[]): { metrics: string[]; rows: Row[] } {
    const metrics: string[] = [];
    const rows = new Map<string, { evaluation: string; method: string; cells: Map<string, Array<{ mean: number; sd: number } | undefined>> }>();
    runs.forEach((run, i) => {
        for (const [evaluation, summary] of Object.entries(run.metrics ?? ({} as MetricsSummary))) {
            for (const m of summary.metrics) if (!metrics.includes(m)) metrics.push(m);
            for (const [method, { scores }] of Object.entries(summary.methods)) {
                const key = `${evaluation}\u0000${method}`;
                const row = rows.get(key) ?? { evaluation, method, cells: new Map() };
                for (const [metric, score] of Object.entries(scores)) {
                    const cells = row.cells.get(metric) ?? new Array(runs.length).fill(undefined);
                    cells[i] = score;
                    row.cells.set(metric, cells);
                }
                rows.set(key, row);
            }
        }
    });
    return { metrics, rows: [...rows.values()] };
}

export function compareCsv(runs: readonly RunResults[]): string {
    const { metrics, rows } = compareRows(runs);
    const table: Array<Array<string | number>> = [['evaluation', 'method', ...metrics.flatMap(m => [...runs.map(r => `${m} ${r.id}`), `${m} delta`])]];
    for (const row of rows) {
        table.push([row.evaluation, row.method, ...metrics.flatMap(m => {
            const cells = row.cells.get(m) ?? [];
            const first = cells[0];
            const last = cells[runs.length - 1];
            return [...runs.map((_, i) => cells[i]?.mean ?? ''), first && last ? last.mean - first.mean : ''];
        })]);
    }
    return toCsv(table);
}
