// Curves: ECharts line charts per epoch — one chart of every loss term (`total` included) and one of every
// validation metric, a series per model/stage (and per run when comparing). `epoch` messages append live.
import type { EpochPoint, RunResults } from '../../server/protocol.js';
import { button, el } from './dom.js';
import { axisStyle, chartToSvg, echarts, escapeHtml, legendStyle, tooltipStyle, type ChartOption } from './echarts-setup.js';
import { dataUrlPayload, fileStem } from './export.js';
import { seriesColour } from './theme.js';
import type { View, ViewContext } from './view.js';

type Quantity = 'loss' | 'validation';

interface Chart {
    readonly quantity: Quantity;
    readonly container: HTMLElement;
    readonly chart: echarts.ECharts;
    option?: ChartOption;
}

interface Line {
    readonly name: string;
    readonly points: Array<[number, number]>;
}

export class CurvesView implements View {
    readonly element = el('div', { class: 'curves-view' });
    private charts: Chart[] = [];

    /** `runs` is read on every draw: the panel appends live epochs to their `epochs`. */
    constructor(private readonly ctx: ViewContext, private readonly runs: () => readonly RunResults[], private readonly viewName = 'curves') { }

    render(): void {
        for (const c of this.charts) c.chart.dispose();
        this.charts = [];
        const blocks: HTMLElement[] = [];
        for (const quantity of ['loss', 'validation'] as const) {
            if (lines(this.runs(), quantity).length === 0) continue;
            const container = el('div', { class: 'curves-chart', 'data-quantity': quantity });
            const title = quantity === 'loss' ? 'loss terms per epoch' : 'validation metrics per epoch';
            blocks.push(el('section', {}, el('h2', {}, title), el('div', { class: 'toolbar' },
                button('PNG', () => this.exportPng(quantity)), button('SVG', () => this.exportSvg(quantity))), container));
            this.charts.push({ quantity, container, chart: undefined as unknown as echarts.ECharts });
        }
        this.element.replaceChildren(...(blocks.length > 0 ? blocks : [el('p', { class: 'note' }, 'No epochs yet.')]));
        this.charts = this.charts.map(c => ({ ...c, chart: echarts.init(c.container, null, { renderer: 'canvas' }) }));
        this.draw();
    }

    /** New epochs arrived (live run): redraw the series, or build the charts if a quantity appears. */
    refresh(): void {
        const present = (['loss', 'validation'] as const).filter(q => lines(this.runs(), q).length > 0);
        if (present.length !== this.charts.length) this.render();
        else this.draw();
    }

    private draw(): void {
        const theme = this.ctx.theme();
        for (const c of this.charts) {
            const series = lines(this.runs(), c.quantity);
            c.container.dataset.series = String(series.length);
            c.container.dataset.points = String(series.reduce((n, s) => n + s.points.length, 0));
            c.option = {
                animation: false,
                backgroundColor: theme.background,
                textStyle: { fontFamily: theme.fontFamily },
                grid: { left: 60, right: 200, top: 20, bottom: 40 },
                xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1, ...axisStyle(theme) },
                yAxis: { type: 'value', scale: true, ...axisStyle(theme) },
                legend: { type: 'scroll', orient: 'vertical', right: 4, top: 10, ...legendStyle(theme), textStyle: { color: theme.foreground, width: 170, overflow: 'truncate' }, tooltip: { show: true } },
                tooltip: {
                    trigger: 'axis', ...tooltipStyle(theme),
                    formatter: (params: unknown) => {
                        const list = params as Array<{ seriesName: string; value: [number, number] }>;
                        if (list.length === 0) return '';
                        return [`epoch ${list[0]!.value[0]}`, ...list.map(p => `${escapeHtml(p.seriesName)}: ${p.value[1].toPrecision(4)}`)].join('<br/>');
                    },
                },
                series: series.map((s, i) => ({ type: 'line', name: s.name, data: s.points, showSymbol: s.points.length < 60, symbolSize: 4, lineStyle: { width: 1.5 }, itemStyle: { color: seriesColour(theme, i) } })),
            } as ChartOption;
            c.chart.setOption(c.option, { notMerge: true });
        }
        this.ctx.rendered(this.viewName);
    }

    resize(): void {
        for (const c of this.charts) c.chart.resize();
    }

    dispose(): void {
        for (const c of this.charts) c.chart.dispose();
    }

    private stem(quantity: Quantity): string {
        return fileStem(...this.runs().map(r => r.id).slice(0, 2), quantity);
    }

    private exportPng(quantity: Quantity): void {
        const c = this.charts.find(x => x.quantity === quantity);
        if (!c) return;
        this.ctx.host.exportFile(`${this.stem(quantity)}.png`, dataUrlPayload(c.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: this.ctx.theme().background })), true);
    }

    private exportSvg(quantity: Quantity): void {
        const c = this.charts.find(x => x.quantity === quantity);
        if (!c?.option) return;
        this.ctx.host.exportFile(`${this.stem(quantity)}.svg`, chartToSvg(c.option, c.chart.getWidth(), c.chart.getHeight()));
    }
}

/** Every series of a quantity: per run (named when there are several), model/stage and term or metric. */
export function lines(runs: readonly RunResults[], quantity: Quantity): Line[] {
    const byName = new Map<string, Line>();
    for (const run of runs) {
        const prefix = runs.length > 1 ? `${run.id}: ` : '';
        const counters = new Map<string, number>();
        for (const point of run.epochs) {
            // with repeats, each repeat trains again from scratch: a series per repeat (`allg/joint #2`); so does each configuration of a sweep (`allg/joint c3 #2`)
            const trainer = `${point.stage ? `${point.model}/${point.stage}` : point.model}${point.configuration ? ` c${point.configuration}` : ''}${point.repeat ? ` #${point.repeat}` : ''}`;
            const values = quantity === 'loss' ? point.loss : point.validation ?? {};
            // Epochs count from 1 in each training; a restarted count (a second stage) keeps its own series.
            counters.set(trainer, (counters.get(trainer) ?? 0) + 1);
            for (const [term, value] of Object.entries(values)) {
                if (!Number.isFinite(value)) continue;
                const name = `${prefix}${trainer} ${term}`;
                const line = byName.get(name) ?? { name, points: [] };
                line.points.push([epochNumber(point), value]);
                byName.set(name, line);
            }
        }
    }
    return [...byName.values()];
}

function epochNumber(point: EpochPoint): number {
    return point.epoch;
}
