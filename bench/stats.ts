// What every benchmark returns, and the statistics over its samples.

export interface Metric {
    /** Short and stable: results are compared across runs by this name. */
    readonly name: string;
    readonly unit: 'ms';
    readonly samples: number;
    readonly median: number;
    readonly p95: number;
    readonly mean: number;
    readonly min: number;
    readonly max: number;
    /** A breakdown of the metric above it (shown indented). */
    readonly detail?: boolean;
}

export interface Target {
    readonly metric: string;
    readonly statistic: 'median' | 'p95';
    /** The figure must stay below this. */
    readonly limit: number;
    readonly value: number;
    readonly pass: boolean;
}

export interface BenchResult {
    readonly metrics: readonly Metric[];
    readonly targets: readonly Target[];
    /** Facts worth keeping beside the figures (input size, diagnostics, hit rates). */
    readonly notes: readonly string[];
}

export interface Benchmark {
    readonly name: string;
    readonly description: string;
    run(log: (line: string) => void): Promise<BenchResult>;
}

/** The q-quantile by the nearest-rank method (p95 of 20 samples is the 19th smallest). */
export function quantile(sorted: readonly number[], q: number): number {
    if (sorted.length === 0) return Number.NaN;
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(name: string, samples: readonly number[], detail = false): Metric {
    const sorted = [...samples].sort((a, b) => a - b);
    const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
    return {
        name, unit: 'ms', samples: sorted.length,
        median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), mean,
        min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN,
        ...(detail ? { detail } : {}),
    };
}

export function target(metric: Metric, statistic: 'median' | 'p95', limit: number): Target {
    const value = metric[statistic];
    return { metric: metric.name, statistic, limit, value, pass: value < limit };
}
