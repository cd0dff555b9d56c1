// `expspec run <file> [--backend B] [--seed N] [--out DIR] [--json]`: validates the spec, builds its plan and
// runs it in this process, with a progress bar on a terminal (plain lines otherwise) and the metrics table at the
// end. Exit codes: 0 completed, 1 the spec has errors, 2 the run failed, 130 cancelled (Ctrl-C).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { buildPlan, PlanBuildError } from '../../language/plan/build-plan.js';
import { BACKEND_ORDER, type BackendPreference } from '../../runtime/backend/index.js';
import { prependBackendSearchRoots } from '../../runtime/backend/packages.js';
import { unimplementedComponents } from '../../runtime/plan/implemented.js';
import type { MetricsSummary, RunEventBody, RunOutcome } from '../../runtime/runner/run-experiment.js';
import { writeReport } from '../report/write-report.js';
import { checkFiles, formatDiagnostic } from './check.js';
import type { ActiveLearningArtefact } from '../protocol.js';
import { formatMetricsTable, formatQueriesTables, formatSweepTables } from './table.js';

export const RUN_USAGE = 'expspec run <file.expspec> [--backend auto|wasm|cpu|webgpu|tensorflow|tensorflow-gpu] [--seed N] [--out DIR] [--json]';

interface RunArgs {
    file: string;
    backend?: BackendPreference;
    seed?: number;
    out?: string;
    json: boolean;
}

function parseArgs(argv: readonly string[]): RunArgs | string {
    let file: string | undefined, backend: BackendPreference | undefined, seed: number | undefined, out: string | undefined, json = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]!;
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${a} needs a value`);
            return v;
        };
        try {
            if (a === '--json') json = true;
            else if (a === '--backend') {
                const b = value();
                if (b !== 'auto' && !(BACKEND_ORDER as readonly string[]).includes(b)) return `unknown backend \`${b}\` (expected auto, ${BACKEND_ORDER.join(', ')})`;
                backend = b as BackendPreference;
            } else if (a === '--seed') {
                const s = Number(value());
                if (!Number.isSafeInteger(s) || s < 0) return `--seed needs a non-negative integer, got \`${argv[i]}\``;
                seed = s;
            } else if (a === '--out') out = value();
            else if (a.startsWith('-')) return `unknown option \`${a}\``;
            else if (file === undefined) file = a;
            else return `one spec at a time (got \`${file}\` and \`${a}\`)`;
        } catch (e) {
            return (e as Error).message;
        }
    }
    if (!file) return 'give the spec to run';
    return { file, backend, seed, out, json };
}

export async function runCommand(argv: readonly string[]): Promise<number> {
    const args = parseArgs(argv);
    if (typeof args === 'string') {
        console.error(`expspec run: ${args}\nusage: ${RUN_USAGE}`);
        return 2;
    }
    const specPath = path.resolve(args.file);
    const cwd = process.cwd();
    const workspace = specPath.startsWith(cwd + path.sep) ? cwd : path.dirname(specPath);
    const [report] = await checkFiles([args.file], workspace);
    const errors = report!.diagnostics.filter(d => d.severity === DiagnosticSeverity.Error);
    for (const d of report!.diagnostics) console.error(formatDiagnostic(report!.file, d));
    if (errors.length > 0 || !report!.spec) {
        console.error(`expspec run: ${report!.file} has ${errors.length} error(s); nothing was run`);
        return 1;
    }
    let plan;
    try {
        plan = buildPlan(report!.spec);
    } catch (e) {
        if (e instanceof PlanBuildError) {
            console.error(`${report!.file}: ${e.message}`);
            return 1;
        }
        throw e;
    }
    const missing = unimplementedComponents(plan);
    if (missing.length > 0) {
        console.error(`expspec run: ${report!.file} uses ${missing.join(', ')}, which the language knows but the runtime does not run yet; nothing was run`);
        return 1;
    }
    // Native backends (tfjs-node, tfjs-node-gpu) are looked for in the workspace too, as the editor's runner does.
    prependBackendSearchRoots([workspace]);
    // TensorFlow.js is loaded only now: checking a spec never pays for it.
    const { runExperiment } = await import('../../runtime/runner/run-experiment.js');
    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        progress.message('cancelling (Ctrl-C again to quit at once)…');
        controller.abort(new Error('cancelled with Ctrl-C'));
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    const progress = new Progress(process.stderr);
    let outcome: RunOutcome;
    try {
        outcome = await runExperiment({
            plan,
            specText: fs.readFileSync(specPath, 'utf8'),
            specFile: path.relative(workspace, specPath),
            specDir: path.dirname(specPath),
            workspace,
            ...(args.out ? { runsRoot: path.resolve(args.out) } : {}),
            ...(args.backend ? { backend: args.backend } : {}),
            ...(args.seed !== undefined ? { seed: args.seed } : {}),
            signal: controller.signal,
            onEvent: e => progress.event(e),
        });
    } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        progress.done();
    }
    const dir = path.relative(cwd, outcome.dir) || outcome.dir;
    // Pictures for a headless run too: the result panels, self-contained, in the run folder.
    let reportNote = '';
    try {
        reportNote = `; report: ${path.join(dir, path.basename(writeReport(outcome.dir)))}`;
    } catch (error) {
        console.error(`expspec run: report.html was not written: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (outcome.status === 'completed') {
        const shown = outcome.sweep?.sweep.shown;
        if (outcome.sweep) {
            // the sweep first, then the full tables of the best configuration (the top-level artefacts are its)
            console.log(formatSweepTables(outcome.sweep) + '\n');
            console.log(shown
                ? `best configuration: ${shown.label} (configuration ${shown.configuration} of ${outcome.sweep.configurations.length}, best ${shown.method} by ${shown.evaluation}'s ${shown.metric}); its full results:\n`
                : 'no configuration could be ranked; the results of the first that completed:\n');
        }
        console.log(formatMetricsTable(outcome.metrics));
        for (const [name, e] of Object.entries(outcome.metrics)) {
            if (e.task !== 'activeLearning') continue;
            const file = path.join(outcome.dir, `${name}.queries.json`);
            if (fs.existsSync(file)) console.log('\n' + formatQueriesTables(JSON.parse(fs.readFileSync(file, 'utf8')) as ActiveLearningArtefact));
        }
        const perConfiguration = outcome.sweep ? ` (each configuration's artefacts as config-NN.*; the plain names are the best configuration's)` : '';
        console.log(`\nrun ${outcome.id} completed in ${formatSeconds(outcome.seconds)} on ${outcome.backend.name} (${outcome.backend.device}), seed ${outcome.seed}; results in ${dir}${perConfiguration}${reportNote}`);
    } else if (outcome.status === 'cancelled') {
        console.error(`run ${outcome.id} cancelled; what it wrote is in ${dir}`);
    } else {
        console.error(`expspec run: the run failed: ${outcome.error}\n(run folder: ${dir})`);
    }
    if (args.json) console.log(JSON.stringify(jsonSummary(outcome)));
    return outcome.status === 'completed' ? 0 : outcome.status === 'cancelled' ? 130 : 2;
}

function jsonSummary(o: RunOutcome): Record<string, unknown> {
    const means = (summary: MetricsSummary) => {
        const metrics: Record<string, Record<string, Record<string, number>>> = {};
        for (const [evaluation, e] of Object.entries(summary)) {
            metrics[evaluation] = Object.fromEntries(Object.entries(e.methods).map(([method, m]) => [method, Object.fromEntries(Object.entries(m.scores).map(([k, v]) => [k, v.mean]))]));
        }
        return metrics;
    };
    // with sweeps, `metrics` and `details` are the best configuration's, and `sweep` has every configuration
    const sweep = o.sweep && {
        shown: o.sweep.sweep.shown,
        best: o.sweep.best,
        configurations: o.sweep.configurations.map(c => ({
            index: c.index, label: c.label, values: c.values, ...(c.metrics ? { metrics: means(c.metrics) } : {}), ...(c.error !== undefined ? { error: c.error } : {}),
        })),
    };
    return {
        status: o.status, run: o.dir, id: o.id, backend: o.backend.name, device: o.backend.device, seed: o.seed,
        seconds: Math.round(o.seconds * 10) / 10, metrics: means(o.metrics), details: o.metrics, ...(sweep ? { sweep } : {}), ...(o.error ? { error: o.error } : {}),
    };
}

export function formatSeconds(s: number): string {
    if (!Number.isFinite(s)) return '?';
    if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
    const m = Math.floor(s / 60), r = Math.round(s % 60);
    return m < 60 ? `${m}m${String(r).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Progress on stderr: one redrawn line with a bar and ETA on a terminal, plain lines otherwise. */
class Progress {
    private readonly tty: boolean;
    private line = '';
    private phaseStart = performance.now();
    /** `[2/4] ` on progress lines while a sweep's configuration 2 of 4 runs. */
    private configuration = '';

    constructor(private readonly out: NodeJS.WriteStream) {
        this.tty = out.isTTY === true;
    }

    event(e: RunEventBody): void {
        switch (e.type) {
            case 'backend':
                this.print(`backend: ${e.name} (${e.device})`);
                for (const l of e.log.slice(0, -1)) this.print(`  ${l}`);
                break;
            case 'run': this.print(`run folder: ${path.relative(process.cwd(), e.dir) || e.dir}`); break;
            case 'data': this.print(`data ${e.dataset}: ${e.description}`); break;
            case 'note': this.print(`note: ${e.message}`); break;
            case 'configuration':
                this.configuration = `[${e.index}/${e.total}] `;
                this.print(`configuration ${e.index} of ${e.total}: ${e.label}`);
                break;
            case 'configurationEnd':
                this.print(e.error !== undefined
                    ? `configuration ${e.index} of ${e.total} (${e.label}) failed after ${formatSeconds(e.seconds)}: ${e.error}; the other configurations still run`
                    : `configuration ${e.index} of ${e.total} done in ${formatSeconds(e.seconds)}${e.headline ? `: ${e.headline}` : ''}`);
                break;
            case 'repeat': this.print(`${this.configuration}repeat ${e.repeat} of ${e.repeats} (seed ${e.seed})`); break;
            case 'trainStart':
                this.phaseStart = performance.now();
                this.print(`${this.configuration}train ${e.model}${e.stage ? `/${e.stage}` : ''}: ${e.epochs} epochs × ${e.steps} steps, ${e.parameters} parameters`);
                break;
            case 'epoch': {
                const elapsed = (performance.now() - this.phaseStart) / 1000;
                const eta = elapsed / e.epoch * (e.epochs - e.epoch);
                const loss = Object.entries(e.loss).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ');
                const val = e.validation ? '  ' + Object.entries(e.validation).map(([k, v]) => `val ${k} ${v.toFixed(3)}${e.best ? '*' : ''}`).join(' ') : '';
                const text = `${loss}${val}  ${e.seconds.toFixed(1)}s/epoch`;
                if (this.tty) this.redraw(`${this.configuration}${bar(e.epoch / e.epochs)} epoch ${e.epoch}/${e.epochs} ETA ${formatSeconds(eta)}  ${text}`);
                else this.print(`  epoch ${e.epoch}/${e.epochs}  ${text}`);
                break;
            }
            case 'trainEnd':
                this.print(`trained ${e.model}: ${e.epochs} epochs${e.stoppedEarly ? ` (stopped early; best epoch ${e.bestEpoch})` : ''}, ${e.secondsPerEpoch.toFixed(2)}s/epoch`
                    + `${e.best !== undefined ? `, best validation ${e.best.toFixed(3)}` : ''}${e.radius !== undefined ? `, radius ${e.radius.toFixed(3)}` : ''}`);
                break;
            case 'evalStart':
                this.phaseStart = performance.now();
                this.print(`evaluate ${e.evaluation}: ${e.sets} set${e.sets === 1 ? '' : 's'} × ${e.methods} method${e.methods === 1 ? '' : 's'}`);
                break;
            case 'evalProgress': {
                if (!this.tty) break;
                const elapsed = (performance.now() - this.phaseStart) / 1000;
                this.redraw(`${this.configuration}${bar(e.done / e.total)} ${e.done}/${e.total} trees  ETA ${formatSeconds(elapsed / e.done * (e.total - e.done))}`);
                break;
            }
            case 'evalEnd': this.print(`evaluated ${e.evaluation} in ${formatSeconds(e.seconds)}`); break;
        }
    }

    message(text: string): void { this.print(text); }

    private redraw(text: string): void {
        const width = Math.max(20, (this.out.columns || 100) - 1);
        this.line = text.length > width ? text.slice(0, width) : text;
        this.out.write(`\r\x1b[2K${this.line}`);
    }

    private print(text: string): void {
        if (this.tty && this.line) { this.out.write('\r\x1b[2K'); this.line = ''; }
        this.out.write(text + '\n');
    }

    done(): void {
        if (this.tty && this.line) this.out.write('\r\x1b[2K');
        this.line = '';
    }
}

function bar(fraction: number, width = 20): string {
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
