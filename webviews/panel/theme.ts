// Colours for the charts, read from the CSS variables theme.css derives from VS Code's (`--vscode-*`, with
// fallbacks for report.html). Canvas charts cannot use CSS variables, so the views re-render when the theme
// changes: VS Code swaps the body class (vscode-light / vscode-dark / vscode-high-contrast).

export interface Theme {
    readonly background: string;
    readonly foreground: string;
    readonly muted: string;
    readonly border: string;
    readonly grid: string;
    readonly accent: string;
    readonly fontFamily: string;
    /** Series colours, VS Code's chart palette first. */
    readonly palette: readonly string[];
}

const PALETTE_VARIABLES = ['--ex-chart-1', '--ex-chart-2', '--ex-chart-3', '--ex-chart-4', '--ex-chart-5', '--ex-chart-6', '--ex-chart-7', '--ex-chart-8'];

export function readTheme(): Theme {
    const style = getComputedStyle(document.body);
    const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
        background: value('--ex-bg', '#ffffff'),
        foreground: value('--ex-fg', '#333333'),
        muted: value('--ex-muted', '#777777'),
        border: value('--ex-border', '#cccccc'),
        grid: value('--ex-grid', '#e5e5e5'),
        accent: value('--ex-accent', '#0078d4'),
        fontFamily: value('--ex-font', 'sans-serif'),
        palette: PALETTE_VARIABLES.map((name, i) => value(name, ['#1a85ff', '#d41159', '#388a34', '#bf8803', '#d18616', '#652d90', '#0f9d9d', '#7f7f7f'][i]!)),
    };
}

/** The i-th series colour: the palette, then evenly spread hues (so k clusters get k distinct colours). */
export function seriesColour(theme: Theme, i: number): string {
    if (i < theme.palette.length) return theme.palette[i]!;
    const hue = (i * 137.508) % 360; // golden angle: neighbours far apart on the wheel
    return `hsl(${hue.toFixed(1)}, 65%, ${document.body.classList.contains('vscode-dark') ? 65 : 42}%)`;
}

/** Calls `onChange` when the theme changes: VS Code (or report.html following the system) swaps the body's class. */
export function watchTheme(onChange: () => void): void {
    let last = document.body.className;
    new MutationObserver(() => {
        if (document.body.className === last) return;
        last = document.body.className;
        onChange();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
