// Dendrogram: one method's tree (the model's or a baseline's) as SVG with elbow links, a height axis, zoom
// (wheel) and pan (drag) through the viewBox, and a cut at k that colours the k clusters. Links are drawn as
// one path per cluster, so 5 000 leaves cost a handful of paths plus one mark per leaf.
import type { DendrogramArtefact, TreeNode } from '../../server/protocol.js';
import { button, el, select, svg } from './dom.js';
import { cutTree, layOut, niceTicks, type LaidOutTree } from './dendrogram-layout.js';
import { fileStem, toNewick } from './export.js';
import { seriesColour, type Theme } from './theme.js';
import type { View, ViewContext } from './view.js';

interface DendrogramState {
    artefact?: number;
    method?: string;
    k?: number;
    /** The viewBox after zoom and pan: x, y, width, height. */
    zoom?: [number, number, number, number];
}

const HEIGHT = 560;
const MARGIN = { left: 64, right: 16, top: 16, bottom: 16 };
/** Leaves at least this far apart (in px, unzoomed) get a text label. */
const LABEL_SPACING = 11;
/** Room under the leaves for their labels. */
const LABEL_ROOM = 50;

export class DendrogramView implements View {
    readonly element = el('div', { class: 'dendrogram-view' });
    private svgElement: SVGSVGElement | undefined;

    constructor(private readonly ctx: ViewContext, private readonly runId: string, private readonly artefacts: readonly DendrogramArtefact[]) { }

    private get state(): DendrogramState {
        return this.ctx.viewState<DendrogramState>('dendrogram');
    }

    render(): void {
        const state = this.state;
        const artefact = this.artefacts[Math.min(state.artefact ?? 0, this.artefacts.length - 1)]!;
        const methods = Object.keys(artefact.methods);
        const method = state.method !== undefined && methods.includes(state.method) ? state.method : methods[0]!;
        const tree = artefact.methods[method]!.tree;
        const k = Math.max(1, Math.round(state.k ?? artefact.k));

        const kInput = el('vscode-textfield', { type: 'number', min: 1, max: tree.size, value: k, class: 'cut-k', 'aria-label': 'cut at k' }) as HTMLElement & { value: string };
        kInput.addEventListener('change', () => {
            const value = Math.round(Number(kInput.value));
            if (Number.isFinite(value) && value >= 1) this.update({ k: Math.min(value, tree.size) });
        });
        const toolbar = el('div', { class: 'toolbar' });
        if (this.artefacts.length > 1) {
            toolbar.appendChild(select('evaluation', this.artefacts.map((a, i) => ({ value: String(i), label: `${a.evaluation}, ${a.data} set ${a.set}` })), String(this.artefacts.indexOf(artefact)),
                v => this.update({ artefact: Number(v), zoom: undefined }), 'artefact-select'));
        }
        toolbar.append(
            select('method', methods.map(m => ({ value: m, label: m })), method, v => this.update({ method: v, zoom: undefined }), 'method-select'),
            el('label', { class: 'control' }, el('span', { class: 'control-label' }, 'cut at k'), kInput),
            button('reset zoom', () => this.update({ zoom: undefined }), 'reset-zoom'),
            button('SVG', () => this.exportSvg(artefact, method)),
            button('PNG', () => void this.exportPng(artefact, method)),
            button('Newick', () => this.ctx.host.exportFile(`${fileStem(this.runId, artefact.evaluation, `set${artefact.set}`, method)}.nwk`, toNewick(tree) + '\n')),
        );
        const wrap = el('div', { class: 'dendrogram-wrap' });
        this.element.replaceChildren(
            el('p', { class: 'caption' }, `${artefact.evaluation} on ${artefact.data}, set ${artefact.set}: ${tree.size.toLocaleString('en')} points; ${method}'s tree cut into ${k} clusters (drag to pan, wheel to zoom, double-click to reset)`),
            toolbar, wrap);
        const width = Math.max(400, wrap.clientWidth || 900);
        this.svgElement = this.draw(artefact, tree, k, width, state.zoom);
        wrap.appendChild(this.svgElement);
        this.ctx.rendered('dendrogram');
    }

    private update(patch: DendrogramState): void {
        this.ctx.saveViewState('dendrogram', patch as Record<string, unknown>);
        this.render();
    }

    private draw(artefact: DendrogramArtefact, tree: TreeNode, k: number, width: number, zoom: DendrogramState['zoom']): SVGSVGElement {
        const theme = this.ctx.theme();
        const plotWidth = width - MARGIN.left - MARGIN.right;
        const laid = layOut(tree, plotWidth);
        const spacing = plotWidth / Math.max(1, laid.leaves.length);
        // Labels appear once the leaves are far enough apart on screen (zoomed in), drawn at a constant screen size.
        const zoomFactor = zoom ? width / zoom[2] : 1;
        const labelled = spacing * zoomFactor >= LABEL_SPACING;
        const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom - LABEL_ROOM;
        const x = (px: number) => MARGIN.left + px;
        const y = (height: number) => MARGIN.top + (1 - height / laid.maxHeight) * plotHeight;
        const cut = cutTree(laid, k);

        const root = svg('svg', {
            class: 'dendrogram', xmlns: 'http://www.w3.org/2000/svg', 'data-leaves': laid.leaves.length, 'data-clusters': cut.clusters,
            'data-method': Object.keys(artefact.methods).find(m => artefact.methods[m]!.tree === tree), viewBox: (zoom ?? [0, 0, width, HEIGHT]).join(' '),
            width, height: HEIGHT, role: 'img', 'aria-label': `dendrogram of ${laid.leaves.length} points`,
        });
        root.appendChild(svg('rect', { x: 0, y: 0, width, height: HEIGHT, fill: theme.background, class: 'backdrop' }));

        // Elbow links, one path per cluster (and one for the merges above the cut).
        const paths = new Map<number, string[]>();
        laid.root.each(node => {
            if (!node.parent) return;
            const c = cut.clusterOf.get(node.data) ?? -1;
            const parts = paths.get(c) ?? [];
            parts.push(`M${x(node.x).toFixed(2)},${y(node.data.height).toFixed(2)}V${y(node.parent.data.height).toFixed(2)}H${x(node.parent.x).toFixed(2)}`);
            paths.set(c, parts);
        });
        const colourOf = (c: number) => (c < 0 ? theme.muted : seriesColour(theme, c));
        for (const [c, parts] of [...paths.entries()].sort((a, b) => a[0] - b[0])) {
            root.appendChild(svg('path', {
                class: c < 0 ? 'link above-cut' : 'link cluster', 'data-cluster': c < 0 ? undefined : c, d: parts.join(''),
                fill: 'none', stroke: colourOf(c), 'stroke-width': 1, 'vector-effect': 'non-scaling-stroke',
            }));
        }

        // One mark per leaf (and its label when there is room).
        const leaves = svg('g', { class: 'leaves' });
        const radius = Math.max(0.6, Math.min(3, spacing / 3)) / Math.sqrt(zoomFactor);
        for (const leaf of laid.leaves) {
            const id = leaf.data.id;
            const label = artefact.labels[id];
            const c = cut.clusterOf.get(leaf.data) ?? 0;
            const mark = svg('circle', { class: 'leaf', cx: x(leaf.x).toFixed(2), cy: y(0).toFixed(2), r: radius.toFixed(2), fill: colourOf(c), 'data-point': id, 'data-cluster': c },
                svg('title', {}, `point ${id}, label ${label ?? '?'}, cluster ${c}`));
            leaves.appendChild(mark);
            if (labelled) {
                const tx = x(leaf.x).toFixed(2);
                const ty = (y(0) + 6 / zoomFactor).toFixed(2);
                leaves.appendChild(svg('text', { class: 'leaf-label', x: tx, y: ty, transform: `rotate(90 ${tx} ${ty})`, 'font-size': (9 / zoomFactor).toFixed(3), fill: theme.muted, 'dominant-baseline': 'middle' }, `${id}: ${label ?? '?'}`));
            }
        }
        root.appendChild(leaves);

        if (cut.height !== undefined) {
            const cy = y(cut.height).toFixed(2);
            root.appendChild(svg('line', { class: 'cut-line', x1: MARGIN.left, x2: width - MARGIN.right, y1: cy, y2: cy, stroke: theme.accent, 'stroke-dasharray': '6 4', 'stroke-width': 1.5, 'vector-effect': 'non-scaling-stroke' },
                svg('title', {}, `cut at height ${cut.height.toPrecision(4)}: ${cut.clusters} clusters`)));
        }
        // The axis goes on top (its backdrop hides the links under it when panned).
        const axis = svg('g', { class: 'axis' });
        root.appendChild(axis);
        const drawAxis = () => this.drawAxis(axis, theme, laid, width, root.viewBox.baseVal, y, plotHeight);
        drawAxis();
        this.enableZoomAndPan(root, width, spacing, labelled, drawAxis);
        root.dataset.labels = labelled ? 'shown' : 'hidden';
        return root;
    }

    /**
     * The height axis, pinned to the left edge of the visible area and redrawn on every zoom and pan: ticks for the
     * heights in view, at a constant size on screen (user units per pixel: `box.width / width`).
     */
    private drawAxis(g: SVGGElement, theme: Theme, laid: LaidOutTree, width: number, box: { x: number; y: number; width: number; height: number }, y: (h: number) => number, plotHeight: number): void {
        const px = box.width / width;
        const heightAt = (userY: number) => (1 - (userY - MARGIN.top) / plotHeight) * laid.maxHeight;
        const top = Math.min(laid.maxHeight, heightAt(box.y));
        const bottom = Math.max(0, heightAt(box.y + box.height));
        const x0 = box.x + (MARGIN.left - 8) * px;
        g.replaceChildren(svg('rect', { x: box.x, y: box.y, width: (MARGIN.left - 6) * px, height: box.height, fill: theme.background, opacity: 0.9 }));
        if (top > bottom) {
            g.appendChild(svg('line', { x1: x0, x2: x0, y1: y(top), y2: y(bottom), stroke: theme.muted, 'vector-effect': 'non-scaling-stroke' }));
            for (const t of niceTicks(top, 5, bottom)) {
                const ty = y(t);
                g.appendChild(svg('line', { x1: x0 - 4 * px, x2: x0, y1: ty, y2: ty, stroke: theme.muted, 'vector-effect': 'non-scaling-stroke' }));
                g.appendChild(svg('text', { x: x0 - 6 * px, y: ty, 'text-anchor': 'end', 'dominant-baseline': 'middle', 'font-size': 10 * px, fill: theme.muted }, String(Number(t.toPrecision(4)))));
            }
        }
        const labelX = box.x + 12 * px;
        const mid = box.y + box.height / 2;
        g.appendChild(svg('text', { x: labelX, y: mid, transform: `rotate(-90 ${labelX} ${mid})`, 'text-anchor': 'middle', 'font-size': 11 * px, fill: theme.foreground }, 'height'));
    }

    /** Wheel zooms around the pointer, drag pans, double-click resets; the viewBox is saved with the view state. */
    private enableZoomAndPan(root: SVGSVGElement, width: number, spacing: number, labelled: boolean, onView: () => void): void {
        const box = () => root.viewBox.baseVal;
        let redraw: number | undefined;
        const save = () => {
            this.ctx.saveViewState('dendrogram', { zoom: [box().x, box().y, box().width, box().height] });
            // Zoomed far enough for the labels to fit (or out so far they do not): redraw once the wheel rests.
            if ((spacing * width / box().width >= LABEL_SPACING) !== labelled) {
                if (redraw !== undefined) clearTimeout(redraw);
                redraw = window.setTimeout(() => this.render(), 150);
            }
        };
        const toUser = (clientX: number, clientY: number) => {
            const r = root.getBoundingClientRect();
            return { x: box().x + (clientX - r.left) / r.width * box().width, y: box().y + (clientY - r.top) / r.height * box().height };
        };
        root.addEventListener('wheel', event => {
            event.preventDefault();
            const factor = Math.exp(event.deltaY * 0.0015);
            const p = toUser(event.clientX, event.clientY);
            const b = box();
            const w = Math.min(width * 4, Math.max(width / 400, b.width * factor));
            const scale = w / b.width;
            root.setAttribute('viewBox', [p.x - (p.x - b.x) * scale, p.y - (p.y - b.y) * scale, w, b.height * scale].join(' '));
            onView();
            save();
        }, { passive: false });
        let drag: { x: number; y: number; bx: number; by: number } | undefined;
        root.addEventListener('pointerdown', event => {
            drag = { x: event.clientX, y: event.clientY, bx: box().x, by: box().y };
            root.setPointerCapture(event.pointerId);
            root.classList.add('dragging');
        });
        root.addEventListener('pointermove', event => {
            if (!drag) return;
            const r = root.getBoundingClientRect();
            const b = box();
            root.setAttribute('viewBox', [drag.bx - (event.clientX - drag.x) / r.width * b.width, drag.by - (event.clientY - drag.y) / r.height * b.height, b.width, b.height].join(' '));
            onView();
        });
        const end = () => {
            if (!drag) return;
            drag = undefined;
            root.classList.remove('dragging');
            save();
        };
        root.addEventListener('pointerup', end);
        root.addEventListener('pointercancel', end);
        root.addEventListener('dblclick', () => this.update({ zoom: undefined }));
    }

    private svgText(): string {
        return this.svgElement ? new XMLSerializer().serializeToString(this.svgElement) : '';
    }

    private exportSvg(artefact: DendrogramArtefact, method: string): void {
        this.ctx.host.exportFile(`${fileStem(this.runId, artefact.evaluation, `set${artefact.set}`, method)}.svg`, this.svgText());
    }

    /** Draws the SVG on a canvas (twice the size) and exports that. */
    private async exportPng(artefact: DendrogramArtefact, method: string): Promise<void> {
        if (!this.svgElement) return;
        const width = Number(this.svgElement.getAttribute('width'));
        const url = URL.createObjectURL(new Blob([this.svgText()], { type: 'image/svg+xml' }));
        try {
            const image = new Image();
            image.src = url;
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = width * 2;
            canvas.height = HEIGHT * 2;
            const g = canvas.getContext('2d')!;
            g.scale(2, 2);
            g.drawImage(image, 0, 0, width, HEIGHT);
            this.ctx.host.exportFile(`${fileStem(this.runId, artefact.evaluation, `set${artefact.set}`, method)}.png`, canvas.toDataURL('image/png').split(',')[1]!, true);
        } finally {
            URL.revokeObjectURL(url);
        }
    }
}
