// What the panel gives each view, and what a view offers the panel.
import type { Host } from './host.js';
import type { Theme } from './theme.js';

export interface ViewContext {
    readonly host: Host;
    theme(): Theme;
    /** This view's saved options (sort column, projection, cut k, zoom, …). */
    viewState<T extends object>(key: string): Partial<T>;
    /** Merges options into this view's saved state (persisted through the host). */
    saveViewState(key: string, patch: Record<string, unknown>): void;
    /** Says a view has drawn (after the next frame): `data-rendered` and an `expspec-rendered` event, for tests and the benchmark. */
    rendered(view: string): void;
}

export interface View {
    readonly element: HTMLElement;
    /** Draws (or redraws, after a theme change) the view; called when its tab is first shown. */
    render(): void;
    /** The view's tab became visible again or the window changed size. */
    resize?(): void;
    dispose?(): void;
}

export function announceRendered(view: string): void {
    requestAnimationFrame(() => {
        document.body.dataset.rendered = view;
        window.dispatchEvent(new CustomEvent('expspec-rendered', { detail: { view } }));
    });
}
