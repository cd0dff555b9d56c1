// Active learning: an `activeLearning` evaluation's accuracy versus the number of queries (the ALLG paper's
// Figure 3: an ECharts line per method with a ±sd band) and below it the paper's Table 2 layout (methods × query
// sizes and their average, mean ± sd over the repeats, the best per column in bold, the paper's figure), for one
// classifier and feature set at a time. The DOM is a contract (webviews/README.md): div.queries-chart[data-series],
// table.queries-table, th[data-queries] / th[data-column], td[data-method][data-queries] / [data-column].
import type { ActiveLearningArtefact, ActiveLearningCurve } from '../../server/protocol.js';
import { button, el, formatNumber, select } from './dom.js';
import { axisStyle, chartToSvg, echarts, escapeHtml, legendStyle, tooltipStyle, type ChartOption } from './echarts-setup.js';
import { dataUrlPayload, fileStem, toCsv } from './export.js';
import { seriesColour } from './theme.js';
import type { View, ViewContext } from './view.js';

interface QueriesState {
    artefact?: number;
    classifier?: string;
    features?: string;
    /** Per evaluation: the column (`method`, a query size, `average` or `paper`) and direction. */
    sort?: Record<string, { column: string; descending: boolean }>;
}

const CLASSIFIER_LABELS: Record<string, string> = { svm: 'SVM', lr: 'logistic regression' };

export class ActiveLearningView implements View {
    readonly element = el('div', { class: 'queries-view' });
    private chart: echarts.ECharts | undefined;
    private option: ChartOption | undefined;

    constructor(private readonly ctx: ViewContext, private readonly runId: string, private readonly artefacts: readonly ActiveLearningArtefact[]) { }

    private get state(): QueriesState {
        return this.ctx.viewState<QueriesState>('queries');
    }

    private update(patch: QueriesState): void {
        this.ctx.saveViewState('queries', patch as Record<string, unknown>);
        this.render();
    }

    render(): void {
        const state = this.state;
        const artefact = this.artefacts[Math.min(state.artefact ?? 0, this.artefacts.length - 1)]!;
        const classifiers = unique(artefact.curves.map(c => c.classifier));
        const featureSets = unique(artefact.curves.map(c => c.features));
        const classifier = state.classifier !== undefined && classifiers.includes(state.classifier) ? state.classifier : classifiers[0] ?? '';
        const features = state.features !== undefined && featureSets.includes(state.features as ActiveLearningCurve['features']) ? state.features : featureSets[0] ?? 'latent';
        const curves = artefact.curves.filter(c => c.classifier === classifier && c.features === features);

        const toolbar = el('div', { class: 'toolbar' });
        if (this.artefacts.length > 1) {
            toolbar.appendChild(select('evaluation', this.artefacts.map((a, i) => ({ value: String(i), label: `${a.evaluation} on ${a.data}` })), String(this.artefacts.indexOf(artefact)),
                v => this.update({ artefact: Number(v) }), 'evaluation-select'));
        }
        toolbar.append(
            select('classifier', classifiers.map(c => ({ value: c, label: classifierLabel(c) })), classifier, v => this.update({ classifier: v }), 'classifier-select'),
            select('features', featureSets.map(f => ({ value: f, label: `${f} features` })), features, v => this.update({ features: v }), 'features-select'),
            button('PNG', () => this.exportPng(artefact, classifier, features)),
            button('SVG', () => this.exportSvg(artefact, classifier, features)),
        );
        const queries = artefact.queries;
        const range = queries.length > 1 ? `${queries[0]}–${queries[queries.length - 1]} queries` : `${queries[0] ?? 0} queries`;
        const container = el('div', {
            class: 'queries-chart', 'data-evaluation': artefact.evaluation, 'data-classifier': classifier, 'data-features': features,
            'data-series': curves.length, 'data-points': curves.reduce((n, c) => n + c.mean.length, 0),
        });
        const tableHolder = el('div', { class: 'table-scroll' });
        const drawTable = () => tableHolder.replaceChildren(this.table(artefact, curves, classifier, features, drawTable));
        drawTable();

        this.chart?.dispose();
        this.element.replaceChildren(
            el('h2', {}, artefact.evaluation),
            el('p', { class: 'caption' }, `${artefact.metric} of ${classifierLabel(classifier)} on the ${features} features, trained on the points each method queried `
                + `(${range} from ${artefact.candidates.toLocaleString('en')} candidates of ${artefact.data}) and tested on ${artefact.test.toLocaleString('en')} points; `
                + `mean ± sd over ${artefact.repeats} repeats`),
            toolbar,
            curves.length > 0 ? container : el('p', { class: 'note' }, `No curves for ${classifierLabel(classifier)} on the ${features} features.`),
            el('h2', {}, `${artefact.metric} per number of queries`),
            tableHolder,
            el('div', { class: 'toolbar' }, button('CSV', () => this.ctx.host.exportFile(`${fileStem(this.runId, artefact.evaluation)}.queries.csv`, queriesCsv(artefact)))),
        );
        this.chart = undefined;
        this.option = undefined;
        if (curves.length > 0) {
            this.option = this.chartOption(artefact, curves);
            this.chart = echarts.init(container, null, { renderer: 'canvas' });
            this.chart.setOption(this.option);
        }
        this.ctx.rendered('queries');
    }

    private chartOption(artefact: ActiveLearningArtefact, curves: readonly ActiveLearningCurve[]): ChartOption {
        const theme = this.ctx.theme();
        const methods = unique(artefact.curves.map(c => c.method));
        const categories = artefact.queries.map(String);
        // Per method: the mean line, and the ±sd band as two stacked, invisible lines (lower bound, then the band's
        // width filled). The band's series share the method's name, so its legend entry hides both.
        const series = curves.flatMap(c => {
            const colour = seriesColour(theme, methods.indexOf(c.method));
            const lower = c.mean.map((m, i) => m - c.sd[i]!);
            const band = { type: 'line', name: c.method, stack: `band:${c.method}`, showSymbol: false, silent: true, lineStyle: { opacity: 0 }, emphasis: { disabled: true }, tooltip: { show: false }, z: 1 };
            return [
                // The mean first: the legend draws a name's icon from its first series.
                { type: 'line', id: `mean:${c.method}`, name: c.method, data: [...c.mean], symbolSize: 6, lineStyle: { width: 2 }, itemStyle: { color: colour }, z: 3 },
                { ...band, id: `lower:${c.method}`, data: lower },
                { ...band, id: `band:${c.method}`, data: c.sd.map(s => 2 * s), areaStyle: { color: colour, opacity: 0.14 } },
            ];
        });
        const byId = new Map(curves.map(c => [`mean:${c.method}`, c]));
        return {
            animation: false,
            backgroundColor: theme.background,
            textStyle: { fontFamily: theme.fontFamily },
            grid: { left: 60, right: 170, top: 20, bottom: 44 },
            xAxis: { type: 'category', data: categories, boundaryGap: false, name: 'number of queries', nameLocation: 'middle', nameGap: 28, ...axisStyle(theme) },
            yAxis: { type: 'value', scale: true, name: artefact.metric, nameLocation: 'middle', nameGap: 44, ...axisStyle(theme), axisLabel: { color: theme.muted, formatter: (v: number) => v.toFixed(2) } },
            legend: { type: 'scroll', orient: 'vertical', right: 4, top: 10, ...legendStyle(theme), data: curves.map(c => c.method) },
            tooltip: {
                trigger: 'axis', ...tooltipStyle(theme),
                formatter: (params: unknown) => {
                    const list = (params as Array<{ seriesId: string; dataIndex: number }>).filter(p => byId.has(p.seriesId));
                    if (list.length === 0) return '';
                    const index = list[0]!.dataIndex;
                    return [`${artefact.queries[index]} queries`, ...list.map(p => {
                        const c = byId.get(p.seriesId)!;
                        return `${escapeHtml(c.method)}: ${formatNumber(c.mean[index]!)} ± ${formatNumber(c.sd[index]!)}`;
                    })].join('<br/>');
                },
            },
            series,
        } as ChartOption;
    }

    private table(artefact: ActiveLearningArtefact, curves: readonly ActiveLearningCurve[], classifier: string, features: string, redraw: () => void): HTMLTableElement {
        const paper = artefact.paper ?? {};
        const hasPaper = Object.keys(paper).length > 0;
        const sort = this.state.sort?.[artefact.evaluation];
        const rows = sortCurves(curves, artefact, sort?.column, sort?.descending ?? false);
        const columns = [...artefact.queries.map(String), 'average'];
        const value = (c: ActiveLearningCurve, column: string) => (column === 'average' ? c.average : { mean: c.mean[artefact.queries.indexOf(Number(column))]!, sd: c.sd[artefact.queries.indexOf(Number(column))]! });
        const best = new Map(columns.map(column => [column, bestOf(curves, c => value(c, column).mean)]));
        if (hasPaper) best.set('paper', bestOf(curves, c => paper[c.method] ?? Number.NaN));

        const header = (column: string, label: string, attributes: Record<string, string>) => {
            const th = el('th', { scope: 'col', tabindex: 0, ...attributes, 'aria-sort': sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : undefined }, label);
            const activate = () => {
                // First click on a number column sorts best (highest) first; a second click reverses.
                const descending = sort?.column === column ? !sort.descending : column !== 'method';
                this.ctx.saveViewState('queries', { sort: { ...(this.state.sort ?? {}), [artefact.evaluation]: { column, descending } } });
                redraw();
            };
            th.addEventListener('click', activate);
            th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); } });
            return th;
        };
        const headRow = el('tr', {},
            header('method', 'method', { 'data-column': 'method' }),
            ...artefact.queries.map(q => header(String(q), String(q), { 'data-queries': String(q) })),
            header('average', 'average', { 'data-column': 'average' }),
            hasPaper ? header('paper', 'paper', { 'data-column': 'paper', title: 'the paper\'s figure (mean over the query sizes)' }) : null);
        const body = el('tbody');
        for (const c of rows) {
            const row = el('tr', { 'data-method': c.method, 'data-kind': c.kind }, el('th', { scope: 'row' }, c.method));
            for (const column of columns) {
                const v = value(c, column);
                const attributes = column === 'average' ? { 'data-column': 'average' } : { 'data-queries': column };
                // The cell's text is `mean ± sd`; the sd goes under the mean (theme.css), so that nine query sizes fit across.
                row.appendChild(el('td', { 'data-method': c.method, ...attributes, class: best.get(column) === c ? 'best' : undefined },
                    formatNumber(v.mean), el('span', { class: 'sd' }, ` ± ${formatNumber(v.sd)}`)));
            }
            if (hasPaper) {
                const figure = paper[c.method];
                row.appendChild(el('td', { class: best.get('paper') === c ? 'paper best' : 'paper', 'data-method': c.method, 'data-column': 'paper' }, figure !== undefined ? formatNumber(figure) : ''));
            }
            body.appendChild(row);
        }
        return el('table', { class: 'queries-table', 'data-evaluation': artefact.evaluation, 'data-classifier': classifier, 'data-features': features },
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }), el('th', { scope: 'colgroup', colspan: artefact.queries.length, class: 'group' }, 'number of queries'), el('th', { colspan: hasPaper ? 2 : 1 })), headRow),
            body);
    }

    resize(): void {
        this.chart?.resize();
    }

    dispose(): void {
        this.chart?.dispose();
    }

    private stem(artefact: ActiveLearningArtefact, classifier: string, features: string): string {
        return fileStem(this.runId, artefact.evaluation, classifier, features);
    }

    private exportPng(artefact: ActiveLearningArtefact, classifier: string, features: string): void {
        if (!this.chart) return;
        this.ctx.host.exportFile(`${this.stem(artefact, classifier, features)}.png`, dataUrlPayload(this.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: this.ctx.theme().background })), true);
    }

    private exportSvg(artefact: ActiveLearningArtefact, classifier: string, features: string): void {
        if (!this.chart || !this.option) return;
        this.ctx.host.exportFile(`${this.stem(artefact, classifier, features)}.svg`, chartToSvg(this.option, this.chart.getWidth(), this.chart.getHeight()));
    }
}

function classifierLabel(classifier: string): string {
    return CLASSIFIER_LABELS[classifier] ?? classifier;
}

function unique<T>(values: readonly T[]): T[] {
    return [...new Set(values)];
}

/** The curve with the highest finite score, if any. */
function bestOf(curves: readonly ActiveLearningCurve[], score: (c: ActiveLearningCurve) => number): ActiveLearningCurve | undefined {
    let top: { curve: ActiveLearningCurve; score: number } | undefined;
    for (const curve of curves) {
        const s = score(curve);
        if (Number.isFinite(s) && (!top || s > top.score)) top = { curve, score: s };
    }
    return top?.curve;
}

function sortCurves(curves: readonly ActiveLearningCurve[], artefact: ActiveLearningArtefact, column: string | undefined, descending: boolean): ActiveLearningCurve[] {
    const rows = [...curves];
    if (!column) return rows;
    if (column === 'method') return rows.sort((a, b) => (descending ? -1 : 1) * a.method.localeCompare(b.method));
    const key = (c: ActiveLearningCurve): number => {
        if (column === 'average') return c.average.mean;
        if (column === 'paper') return artefact.paper?.[c.method] ?? Number.NaN;
        return c.mean[artefact.queries.indexOf(Number(column))] ?? Number.NaN;
    };
    return rows.sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        // Missing values last whatever the direction.
        if (Number.isNaN(ka)) return Number.isNaN(kb) ? 0 : 1;
        if (Number.isNaN(kb)) return -1;
        return (descending ? -1 : 1) * (ka - kb);
    });
}

/**
 * Every curve of the evaluation (all classifiers and feature sets), one row each: per query size the mean and
 * sd, then the average over the query sizes and the paper's figure.
 */
export function queriesCsv(artefact: ActiveLearningArtefact): string {
    const rows: Array<Array<string | number>> = [['evaluation', 'classifier', 'features', 'method', 'kind',
        ...artefact.queries.flatMap(q => [`q${q}_mean`, `q${q}_sd`]), 'average_mean', 'average_sd', 'paper']];
    for (const c of artefact.curves) {
        rows.push([artefact.evaluation, c.classifier, c.features, c.method, c.kind,
            ...artefact.queries.flatMap((_, i) => [c.mean[i] ?? '', c.sd[i] ?? '']), c.average.mean, c.average.sd, artefact.paper?.[c.method] ?? '']);
    }
    return toCsv(rows);
}
