// The panel: a header per run, tabs for the views that have data (or the compare view), state kept through the
// host, live epochs appended to the curves.
import type { EpochPoint, HostToPanel, PanelKind, PanelState, RunResults, ViewTab } from '../../server/protocol.js';
import { ActiveLearningView } from './active-learning-view.js';
import { CompareView } from './compare-view.js';
import { CurvesView } from './curves-view.js';
import { DendrogramView } from './dendrogram-view.js';
import { el } from './dom.js';
import { EmbeddingView } from './embedding-view.js';
import { runHeader } from './header-view.js';
import type { Host } from './host.js';
import { MetricsView } from './metrics-view.js';
import { readTheme, watchTheme, type Theme } from './theme.js';
import { announceRendered, type View, type ViewContext } from './view.js';

const TAB_LABELS: Record<ViewTab, string> = { metrics: 'Metrics', queries: 'Active learning', embedding: 'Embedding', dendrogram: 'Dendrogram', curves: 'Curves' };

/** A run whose epochs can grow (live runs). */
type LiveRun = RunResults & { epochs: EpochPoint[] };

export class Panel {
    private runs: LiveRun[] = [];
    private kind: PanelKind = 'results';
    private live = false;
    private tab: ViewTab | undefined;
    private viewOptions: Record<string, Record<string, unknown>> = {};
    private views = new Map<string, View>();
    /** Views drawn since the last data or theme change (the others draw when their tab is shown). */
    private drawn = new Set<string>();
    private theme: Theme | undefined;
    private readonly root = el('main', { class: 'panel' });
    private readonly restored: PanelState | undefined;

    constructor(private readonly host: Host) {
        this.restored = host.restoredState();
        document.body.appendChild(this.root);
        watchTheme(() => {
            this.theme = undefined;
            this.drawn.clear();
            this.showTab(this.visibleView());
        });
        let pending: number | undefined;
        window.addEventListener('resize', () => {
            if (pending !== undefined) cancelAnimationFrame(pending);
            pending = requestAnimationFrame(() => this.views.get(this.visibleView() ?? '')?.resize?.());
        });
    }

    handle(message: HostToPanel): void {
        switch (message.type) {
            case 'results': return this.showResults(message.runs, message.kind, message.live ?? false, message.tab);
            case 'epoch': return this.appendEpoch(message.dir, message.point);
            case 'runEnded': {
                const run = this.runs.find(r => r.dir === message.dir);
                if (!run) return;
                const index = this.runs.indexOf(run);
                this.runs[index] = { ...run, status: message.status === 'rejected' ? 'failed' : message.status };
                this.live = false;
                this.root.querySelector(`.run-header[data-dir="${CSS.escape(run.dir)}"]`)?.replaceWith(runHeader(this.runs[index]!, false));
                return;
            }
            case 'error':
                this.root.prepend(el('div', { class: 'error-box panel-error', role: 'alert' }, message.message));
                return;
        }
    }

    private context(): ViewContext {
        return {
            host: this.host,
            theme: () => (this.theme ??= readTheme()),
            viewState: <T extends object>(key: string) => (this.viewOptions[key] ?? {}) as Partial<T>,
            saveViewState: (key, patch) => {
                this.viewOptions[key] = { ...(this.viewOptions[key] ?? {}), ...patch };
                this.saveState();
            },
            rendered: view => announceRendered(view),
        };
    }

    private saveState(): void {
        this.host.saveState({ kind: this.kind, dirs: this.runs.map(r => r.dir), ...(this.tab ? { tab: this.tab } : {}), view: this.viewOptions });
    }

    private showResults(runs: readonly RunResults[], kind: PanelKind, live: boolean, tab: ViewTab | undefined): void {
        for (const view of this.views.values()) view.dispose?.();
        this.views.clear();
        this.drawn.clear();
        this.runs = runs.map(r => ({ ...r, epochs: [...r.epochs] }));
        this.kind = kind;
        this.live = live;
        // The saved state applies when it is about the same runs (a reload, or VS Code restoring the panel).
        const restored = this.restored && this.restored.kind === kind && sameDirs(this.restored.dirs, this.runs.map(r => r.dir)) ? this.restored : undefined;
        this.viewOptions = { ...((restored?.view ?? {}) as Record<string, Record<string, unknown>>), ...this.viewOptions };
        const ctx = this.context();
        this.root.replaceChildren(...this.runs.map(r => runHeader(r, this.live)));

        if (kind === 'compare') {
            const compare = new CompareView(ctx, () => this.runs);
            this.views.set('compare', compare);
            this.root.appendChild(compare.element);
            this.tab = undefined;
            this.showTab('compare');
            return;
        }
        const run = this.runs[0];
        if (!run) {
            this.root.appendChild(el('p', { class: 'note' }, 'No run to show.'));
            return;
        }
        if (run.metrics && Object.keys(run.metrics).length > 0) this.views.set('metrics', new MetricsView(ctx, run.id, run.metrics));
        if (run.activeLearning.length > 0) this.views.set('queries', new ActiveLearningView(ctx, run.id, run.activeLearning));
        if (run.embeddings.length > 0) this.views.set('embedding', new EmbeddingView(ctx, run.id, run.embeddings));
        if (run.dendrograms.length > 0) this.views.set('dendrogram', new DendrogramView(ctx, run.id, run.dendrograms));
        if (run.epochs.length > 0 || live) this.views.set('curves', new CurvesView(ctx, () => this.runs));
        const tabs = [...this.views.keys()] as ViewTab[];
        if (tabs.length === 0) {
            this.root.appendChild(el('p', { class: 'note' }, run.status === 'completed' ? 'This run has no results to draw.' : `This run is ${run.status}; it has no results to draw.`));
            return;
        }
        const wanted = tab ?? restored?.tab ?? this.tab;
        this.tab = wanted && tabs.includes(wanted) ? wanted : tabs[0]!;
        const tabsElement = el('vscode-tabs', { 'selected-index': tabs.indexOf(this.tab), class: 'view-tabs' });
        for (const name of tabs) {
            tabsElement.appendChild(el('vscode-tab-header', { slot: 'header', 'data-tab': name }, TAB_LABELS[name]));
            tabsElement.appendChild(el('vscode-tab-panel', { 'data-tab': name }, this.views.get(name)!.element));
        }
        tabsElement.addEventListener('vsc-tabs-select', event => {
            const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
            this.tab = tabs[index];
            this.saveState();
            void afterUpdate(tabsElement).then(() => this.showTab(this.tab));
        });
        this.root.appendChild(tabsElement);
        void afterUpdate(tabsElement).then(() => this.showTab(this.tab));
    }

    private visibleView(): string | undefined {
        return this.kind === 'compare' ? 'compare' : this.tab;
    }

    /** Draws a view the first time it is shown (charts need a visible, sized container), else fits it to its size. */
    private showTab(name: string | undefined): void {
        const view = name ? this.views.get(name) : undefined;
        if (!view || !name) return;
        if (this.drawn.has(name)) {
            view.resize?.();
            return;
        }
        this.drawn.add(name);
        view.render();
    }

    private appendEpoch(dir: string, point: EpochPoint): void {
        const run = this.runs.find(r => r.dir === dir);
        if (!run) return;
        run.epochs.push(point);
        const curves = this.views.get(this.kind === 'compare' ? 'compare' : 'curves') as CurvesView | CompareView | undefined;
        if (!curves) {
            // The first epoch of a run whose panel opened before training: the Curves tab appears.
            this.showResults(this.runs, this.kind, true, this.tab);
            return;
        }
        if (this.drawn.has(this.kind === 'compare' ? 'compare' : 'curves')) curves.refresh();
    }
}

function sameDirs(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Waits for the custom elements to be defined and the tabs to have applied their selection (hidden panels). */
async function afterUpdate(tabs: HTMLElement): Promise<void> {
    await customElements.whenDefined('vscode-tabs');
    await (tabs as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
    await new Promise(resolve => requestAnimationFrame(resolve));
}
