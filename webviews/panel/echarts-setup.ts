// ECharts, tree-shaken: only the charts, components and renderers the panels draw with. The canvas renderer
// draws on screen (100 000 points stay smooth); the SVG renderer makes the SVG exports.
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { Theme } from './theme.js';

echarts.use([ScatterChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, TitleComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
export type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

/** Axis, legend and tooltip colours for the theme. */
export function axisStyle(theme: Theme) {
    return {
        axisLine: { lineStyle: { color: theme.muted } },
        axisLabel: { color: theme.muted },
        splitLine: { lineStyle: { color: theme.grid } },
        nameTextStyle: { color: theme.muted },
    };
}

export function legendStyle(theme: Theme) {
    return { textStyle: { color: theme.foreground }, inactiveColor: theme.grid, pageTextStyle: { color: theme.foreground } };
}

/**
 * Tooltip without ECharts' default HTML (its colour markers are `<span style="…">`, which a strict CSP
 * without 'unsafe-inline' rejects): the formatters return plain text, lines split by `<br/>`.
 */
export function tooltipStyle(theme: Theme) {
    return { backgroundColor: theme.background, borderColor: theme.border, textStyle: { color: theme.foreground, fontFamily: theme.fontFamily } };
}

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The same option drawn by the SVG renderer, off screen: an SVG document as text. */
export function chartToSvg(option: ChartOption, width: number, height: number): string {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    try {
        chart.setOption({ ...(option as object), animation: false });
        return chart.renderToSVGString();
    } finally {
        chart.dispose();
    }
}
