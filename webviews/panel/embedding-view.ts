// Embedding: the model's output as an ECharts scatter (canvas, `large` mode: 100 000 points stay smooth), one
// series per colour group (large mode draws a series in one style). 2-D embeddings are drawn as they are,
// others through a projection the runner computed; Poincaré embeddings inside the unit disk, equal aspect.
import type { EmbeddingArtefact, EmbeddingSet, ProjectionName } from '../../server/protocol.js';
import { button, el, select } from './dom.js';
import { axisStyle, chartToSvg, echarts, escapeHtml, legendStyle, tooltipStyle, type ChartOption } from './echarts-setup.js';
import { dataUrlPayload, fileStem, metadataTsv, vectorsTsv } from './export.js';
import { seriesColour } from './theme.js';
import type { View, ViewContext } from './view.js';

type ColourBy = 'label' | 'predicted' | 'selected';

interface EmbeddingState {
    artefact?: number;
    /** A set index, or `all`. */
    set?: string;
    projection?: string;
    colour?: ColourBy;
}

/** The drawn points, grouped by colour: per group the xy pairs and each point's index in the drawn sets. */
interface Drawn {
    readonly groups: ReadonlyArray<{ name: string; xy: Float32Array; index: Int32Array; label: Int32Array }>;
    readonly count: number;
    readonly note?: string;
}

export class EmbeddingView implements View {
    readonly element = el('div', { class: 'embedding-view' });
    private chart: echarts.ECharts | undefined;
    private option: ChartOption | undefined;

    constructor(private readonly ctx: ViewContext, private readonly runId: string, private readonly artefacts: readonly EmbeddingArtefact[]) { }

    private get state(): EmbeddingState {
        return this.ctx.viewState<EmbeddingState>('embedding');
    }

    private update(patch: EmbeddingState): void {
        this.ctx.saveViewState('embedding', patch as Record<string, unknown>);
        this.render();
    }

    render(): void {
        const state = this.state;
        const artefact = this.artefacts[Math.min(state.artefact ?? 0, this.artefacts.length - 1)]!;
        const setKey = state.set !== undefined && (state.set === 'all' || Number(state.set) < artefact.sets.length) ? state.set : '0';
        const sets = setKey === 'all' ? artefact.sets : [artefact.sets[Number(setKey)]!];
        const projections = availableProjections(artefact);
        const projection = artefact.dim === 2 ? 'direct' : projections.includes(state.projection as ProjectionName) ? state.projection! : projections[0] ?? 'dims';
        const colourChoices = colourOptions(sets);
        const colour = colourChoices.includes(state.colour ?? 'label') ? state.colour ?? 'label' : 'label';
        const drawn = groupPoints(artefact, sets, projection, colour);

        const toolbar = el('div', { class: 'toolbar' });
        if (this.artefacts.length > 1) {
            toolbar.appendChild(select('embedding', this.artefacts.map((a, i) => ({ value: String(i), label: `${a.model} on ${a.data}` })), String(this.artefacts.indexOf(artefact)),
                v => this.update({ artefact: Number(v), set: '0' }), 'artefact-select'));
        }
        toolbar.appendChild(select('set', [
            ...artefact.sets.map((s, i) => ({ value: String(i), label: `set ${i} (${s.labels.length} points${s.level !== undefined ? `, level ${s.level}` : ''})` })),
            ...(artefact.sets.length > 1 ? [{ value: 'all', label: `all sets (${artefact.sets.reduce((n, s) => n + s.labels.length, 0)} points)` }] : []),
        ], setKey, v => this.update({ set: v }), 'set-select'));
        if (artefact.dim > 2) {
            toolbar.appendChild(select('projection', [...projections.map(p => ({ value: p, label: p.toUpperCase() })), ...(projections.length === 0 ? [{ value: 'dims', label: 'dimensions 1 and 2' }] : [])],
                projection, v => this.update({ projection: v }), 'projection-select'));
        }
        toolbar.appendChild(select('colour by', colourChoices.map(c => ({ value: c, label: c === 'predicted' ? 'prediction' : c === 'selected' ? 'selection' : 'label' })), colour,
            v => this.update({ colour: v as ColourBy }), 'colour-select'));
        toolbar.append(
            button('PNG', () => this.exportPng(artefact)),
            button('SVG', () => this.exportSvg(artefact)),
            button('TSV', () => this.exportTsv(artefact, sets, setKey)),
        );

        const poincare = artefact.space === 'poincare';
        const container = el('div', {
            class: 'embedding-chart', 'data-points': drawn.count, 'data-space': artefact.space, 'data-projection': projection,
            'data-colour': colour, 'data-groups': drawn.groups.map(g => g.name).join('|'),
        });
        this.chart?.dispose();
        this.element.replaceChildren(
            el('p', { class: 'caption' }, `${artefact.model} on ${artefact.data}: ${artefact.dim}-dimensional ${artefact.space} embedding${projection !== 'direct' ? `, ${projection === 'dims' ? 'first two dimensions' : `${projection.toUpperCase()} projection`}` : ''}, ${drawn.count.toLocaleString('en')} points`),
            toolbar,
            ...(drawn.note ? [el('p', { class: 'note' }, drawn.note)] : []),
            container);

        this.option = this.chartOption(artefact, drawn, poincare, container);
        this.chart = echarts.init(container, null, { renderer: 'canvas' });
        this.chart.on('finished', () => this.ctx.rendered('embedding'));
        this.chart.setOption(this.option);
        if (poincare) container.dataset.boundary = hasBoundary(this.chart) ? 'unit-disk' : 'missing';
    }

    private chartOption(artefact: EmbeddingArtefact, drawn: Drawn, poincare: boolean, container: HTMLElement): ChartOption {
        const theme = this.ctx.theme();
        const big = drawn.count > 20_000;
        const symbolSize = drawn.count > 50_000 ? 2 : drawn.count > 5_000 ? 3 : 6;
        const series: object[] = drawn.groups.map((g, i) => ({
            type: 'scatter', name: g.name, data: g.xy, dimensions: ['x', 'y'],
            symbolSize, large: true, largeThreshold: 2_000, progressive: big ? 20_000 : 0, progressiveThreshold: 50_000,
            itemStyle: { color: seriesColour(theme, i), opacity: big ? 0.6 : 0.85 },
            emphasis: { disabled: big },
        }));
        if (poincare) {
            const circle: number[][] = [];
            for (let a = 0; a <= 360; a += 2) circle.push([Math.cos(a * Math.PI / 180), Math.sin(a * Math.PI / 180)]);
            series.push({ type: 'line', id: 'unit-disk', name: 'unit disk', data: circle, showSymbol: false, silent: true, z: 0, lineStyle: { color: theme.muted, width: 1 }, tooltip: { show: false } });
        }
        // Equal aspect: a square grid in the middle of the container.
        const width = container.clientWidth || 800;
        const height = container.clientHeight || 560;
        const side = Math.max(100, Math.min(width - 160, height - 70));
        const grid = poincare ? { left: (width - side) / 2, top: 40, width: side, height: side } : { left: 50, right: 150, top: 40, bottom: 30 };
        const axis = (name: string) => ({ type: 'value' as const, name, scale: !poincare, ...(poincare ? { min: -1, max: 1 } : {}), ...axisStyle(theme) });
        const classes = artefact.classes;
        return {
            animation: drawn.count < 2_000,
            backgroundColor: theme.background,
            textStyle: { fontFamily: theme.fontFamily },
            grid,
            xAxis: axis(''),
            yAxis: axis(''),
            legend: { type: 'scroll', orient: 'vertical', right: 4, top: 40, ...legendStyle(theme), data: drawn.groups.map(g => g.name) },
            tooltip: {
                trigger: 'item', ...tooltipStyle(theme),
                formatter: (p: unknown) => {
                    const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number };
                    const group = drawn.groups[seriesIndex];
                    if (!group) return '';
                    const label = group.label[dataIndex]!;
                    const x = group.xy[2 * dataIndex]!;
                    const y = group.xy[2 * dataIndex + 1]!;
                    return `point ${group.index[dataIndex]}<br/>label ${escapeHtml(classes?.[label] ?? String(label))}<br/>(${x.toFixed(3)}, ${y.toFixed(3)})`;
                },
            },
            series,
        } as ChartOption;
    }

    resize(): void {
        if (!this.chart) return;
        // The equal-aspect grid depends on the size: redraw rather than stretch.
        this.render();
    }

    private exportPng(artefact: EmbeddingArtefact): void {
        if (!this.chart) return;
        const url = this.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: this.ctx.theme().background });
        this.ctx.host.exportFile(`${fileStem(this.runId, 'embedding', artefact.model)}.png`, dataUrlPayload(url), true);
    }

    private exportSvg(artefact: EmbeddingArtefact): void {
        if (!this.option || !this.chart) return;
        this.ctx.host.exportFile(`${fileStem(this.runId, 'embedding', artefact.model)}.svg`, chartToSvg(this.option, this.chart.getWidth(), this.chart.getHeight()));
    }

    /** The TensorBoard projector's pair: the full embedding vectors and a metadata table, for the drawn sets. */
    private exportTsv(artefact: EmbeddingArtefact, sets: readonly EmbeddingSet[], setKey: string): void {
        const vectors = sets.flatMap(s => s.embedding);
        const labels = sets.flatMap(s => s.labels);
        const predicted = sets.every(s => s.predicted) ? sets.flatMap(s => s.predicted!) : undefined;
        const stem = fileStem(this.runId, 'embedding', artefact.model, setKey === 'all' ? 'all' : `set${setKey}`);
        this.ctx.host.exportFile(`${stem}.vectors.tsv`, vectorsTsv(vectors, artefact.dim));
        this.ctx.host.exportFile(`${stem}.metadata.tsv`, metadataTsv(labels, artefact.classes, predicted ? { name: 'predicted', values: predicted } : undefined));
    }
}

function availableProjections(artefact: EmbeddingArtefact): ProjectionName[] {
    const names: ProjectionName[] = ['pca', 'umap', 'tsne'];
    return names.filter(n => artefact.sets.every(s => s.projections?.[n] && s.projections[n]!.length === 2 * s.labels.length));
}

function colourOptions(sets: readonly EmbeddingSet[]): ColourBy[] {
    const options: ColourBy[] = ['label'];
    if (sets.every(s => s.predicted && s.predicted.length === s.labels.length)) options.push('predicted');
    if (sets.some(s => s.selected && s.selected.length > 0)) options.push('selected');
    return options;
}

/** Sorts the drawn points into colour groups (one pass to count, one to fill the typed arrays). */
function groupPoints(artefact: EmbeddingArtefact, sets: readonly EmbeddingSet[], projection: string, colour: ColourBy): Drawn {
    const dim = artefact.dim;
    const coordinates = (s: EmbeddingSet): { xy: readonly number[]; stride: number } => {
        if (projection === 'direct' || projection === 'dims') return { xy: s.embedding, stride: dim };
        return { xy: s.projections![projection as ProjectionName]!, stride: 2 };
    };
    const keyOf: Array<(s: EmbeddingSet, i: number) => number> = [];
    const names = new Map<number, string>();
    const classes = artefact.classes;
    for (const s of sets) {
        if (colour === 'selected') {
            const chosen = new Set(s.selected ?? []);
            keyOf.push((_, i) => (chosen.has(i) ? 1 : 0));
        } else if (colour === 'predicted') {
            keyOf.push((set, i) => set.predicted![i]!);
        } else {
            keyOf.push((set, i) => set.labels[i]!);
        }
    }
    const counts = new Map<number, number>();
    sets.forEach((s, k) => {
        for (let i = 0; i < s.labels.length; i++) {
            const key = keyOf[k]!(s, i);
            counts.set(key, (counts.get(key) ?? 0) + 1);
        }
    });
    const keys = [...counts.keys()].sort((a, b) => a - b);
    for (const key of keys) {
        names.set(key, colour === 'selected' ? (key === 1 ? 'selected' : 'not selected')
            : colour === 'predicted' ? `cluster ${key}` : classes?.[key] ?? `label ${key}`);
    }
    const groups = keys.map(key => ({ key, name: names.get(key)!, xy: new Float32Array(2 * counts.get(key)!), index: new Int32Array(counts.get(key)!), label: new Int32Array(counts.get(key)!), filled: 0 }));
    const byKey = new Map(groups.map(g => [g.key, g]));
    let offset = 0;
    let count = 0;
    sets.forEach((s, k) => {
        const { xy, stride } = coordinates(s);
        for (let i = 0; i < s.labels.length; i++) {
            const g = byKey.get(keyOf[k]!(s, i))!;
            g.xy[2 * g.filled] = xy[stride * i]!;
            g.xy[2 * g.filled + 1] = xy[stride * i + 1]!;
            g.index[g.filled] = offset + i;
            g.label[g.filled] = s.labels[i]!;
            g.filled++;
            count++;
        }
        offset += s.labels.length;
    });
    const note = projection === 'dims' ? `This ${dim}-dimensional embedding has no projection in the run folder: showing its first two dimensions.` : undefined;
    return { groups, count, ...(note ? { note } : {}) };
}

function hasBoundary(chart: echarts.ECharts): boolean {
    const series = (chart.getOption() as { series?: Array<{ id?: string }> }).series ?? [];
    return series.some(s => s.id === 'unit-disk');
}
