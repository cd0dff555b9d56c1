// Metrics: per evaluation, a sortable table of methods × metrics (mean ± sd) with the paper's figure beside.
// The DOM is a contract (tests in real VS Code rely on it): table.metrics-table[data-evaluation],
// th[data-metric], td[data-method][data-metric].
import type { MetricsSummary } from '../../server/protocol.js';
import { button, el, formatNumber } from './dom.js';
import { fileStem, toCsv } from './export.js';
import type { View, ViewContext } from './view.js';

type Evaluation = MetricsSummary[string];

interface SortState {
    /** Per evaluation: the column (`method`, a metric, or `paper`) and direction. */
    sort?: Record<string, { column: string; descending: boolean }>;
}

/** Metrics where a lower score is better (the rest: higher is better). */
const LOWER_IS_BETTER = new Set(['dasgupta', 'loss', 'mse', 'mae', 'error', 'distortion']);

export class MetricsView implements View {
    readonly element = el('div', { class: 'metrics-view' });

    constructor(private readonly ctx: ViewContext, private readonly runId: string, private readonly metrics: MetricsSummary) { }

    render(): void {
        this.element.replaceChildren();
        for (const [name, evaluation] of Object.entries(this.metrics)) this.element.appendChild(this.evaluationBlock(name, evaluation));
        this.ctx.rendered('metrics');
    }

    private evaluationBlock(name: string, evaluation: Evaluation): HTMLElement {
        const block = el('section', { class: 'evaluation' },
            el('h2', {}, name),
            el('p', { class: 'caption' }, caption(evaluation)));
        const tableHolder = el('div');
        const draw = () => tableHolder.replaceChildren(this.table(name, evaluation, draw));
        draw();
        block.append(tableHolder, el('div', { class: 'toolbar' }, button('CSV', () => this.ctx.host.exportFile(`${fileStem(this.runId, name)}.metrics.csv`, metricsCsv(name, evaluation)))));
        return block;
    }

    private table(name: string, evaluation: Evaluation, redraw: () => void): HTMLTableElement {
        const hasPaper = Object.keys(evaluation.paper ?? {}).length > 0;
        const sort = this.ctx.viewState<SortState>('metrics').sort?.[name];
        const methods = sortMethods(evaluation, sort?.column, sort?.descending ?? false);
        const best = bestPerMetric(evaluation);

        const header = (column: string, label: string, attributes: Record<string, string> = {}) => {
            const th = el('th', { scope: 'col', tabindex: 0, ...attributes, 'aria-sort': sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : undefined }, label);
            const activate = () => {
                // First click on a metric sorts best first; a second click reverses.
                const descending = sort?.column === column ? !sort.descending : column !== 'method' && !LOWER_IS_BETTER.has(column);
                const all = { ...(this.ctx.viewState<SortState>('metrics').sort ?? {}), [name]: { column, descending } };
                this.ctx.saveViewState('metrics', { sort: all });
                redraw();
            };
            th.addEventListener('click', activate);
            th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); } });
            return th;
        };

        const headRow = el('tr', {}, header('method', 'method', { 'data-column': 'method' }),
            ...evaluation.metrics.map(m => header(m, evaluation.k !== undefined && ['ari', 'purity', 'nmi'].includes(m) ? `${m}@k` : m, { 'data-metric': m })),
            hasPaper ? header('paper', 'paper', { 'data-column': 'paper' }) : null);
        const body = el('tbody');
        for (const method of methods) {
            const { kind, scores } = evaluation.methods[method]!;
            const row = el('tr', { 'data-method': method, 'data-kind': kind }, el('th', { scope: 'row' }, method));
            for (const metric of evaluation.metrics) {
                const s = scores[metric];
                row.appendChild(el('td', { 'data-method': method, 'data-metric': metric, class: best.get(metric) === method ? 'best' : undefined },
                    s ? `${formatNumber(s.mean)} ± ${formatNumber(s.sd)}` : '–'));
            }
            if (hasPaper) {
                const paper = evaluation.paper?.[method];
                row.appendChild(el('td', { class: 'paper', 'data-method': method, 'data-column': 'paper' }, paper !== undefined ? formatNumber(paper) : ''));
            }
            body.appendChild(row);
        }
        return el('table', { class: 'metrics-table', 'data-evaluation': name }, el('thead', {}, headRow), body);
    }
}

function caption(evaluation: Evaluation): string {
    // An active-learning evaluation's figures: accuracy averaged over the query sizes, per repeat.
    if (evaluation.task === 'activeLearning') return `${evaluation.task} on ${evaluation.data} (${evaluation.sets} repeats; mean over the query sizes, then mean ± sd over the repeats)`;
    return `${evaluation.task} on ${evaluation.data} (${evaluation.sets} sets${evaluation.k !== undefined ? `, k = ${evaluation.k}` : ''}; mean ± sd over the sets)`;
}

function sortMethods(evaluation: Evaluation, column: string | undefined, descending: boolean): string[] {
    const methods = Object.keys(evaluation.methods);
    if (!column) return methods;
    const key = (m: string): number | string => {
        if (column === 'method') return m;
        if (column === 'paper') return evaluation.paper?.[m] ?? Number.NaN;
        return evaluation.methods[m]!.scores[column]?.mean ?? Number.NaN;
    };
    const sign = descending ? -1 : 1;
    return methods.sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        if (typeof ka === 'string' || typeof kb === 'string') return sign * String(ka).localeCompare(String(kb));
        // Missing values last whatever the direction.
        if (Number.isNaN(ka)) return Number.isNaN(kb) ? 0 : 1;
        if (Number.isNaN(kb)) return -1;
        return sign * (ka - kb);
    });
}

function bestPerMetric(evaluation: Evaluation): Map<string, string> {
    const best = new Map<string, string>();
    for (const metric of evaluation.metrics) {
        let top: { method: string; mean: number } | undefined;
        for (const [method, { scores }] of Object.entries(evaluation.methods)) {
            const mean = scores[metric]?.mean;
            if (mean === undefined || !Number.isFinite(mean)) continue;
            const better = !top || (LOWER_IS_BETTER.has(metric) ? mean < top.mean : mean > top.mean);
            if (better) top = { method, mean };
        }
        if (top) best.set(metric, top.method);
    }
    return best;
}

/** One row per method: kind, then mean and sd of each metric, then the paper's figure. */
export function metricsCsv(name: string, evaluation: Evaluation): string {
    const rows: Array<Array<string | number>> = [['evaluation', 'method', 'kind', ...evaluation.metrics.flatMap(m => [`${m}_mean`, `${m}_sd`]), 'paper']];
    for (const [method, { kind, scores }] of Object.entries(evaluation.methods)) {
        rows.push([name, method, kind, ...evaluation.metrics.flatMap(m => [scores[m]?.mean ?? '', scores[m]?.sd ?? '']), evaluation.paper?.[method] ?? '']);
    }
    return toCsv(rows);
}
