// The language server's execution service: a queue of runs, each in its own runner child process. One run per
// experiment at a time (a second request for it waits its turn), at most `maxParallel` runs at once. Whatever
// happens to a runner, the request gets a `RunResult` and the run store is left consistent.
import * as path from 'node:path';
import type { ExperimentRef, RunResult, RunStateParams } from '../protocol.js';
import { metricsHeadline, RunStore } from '../../runtime/store/index.js';
import type { RunEventBody } from '../../runtime/runner/run-experiment.js';
import type { RunnerJob } from '../runner/messages.js';
import { RunnerProcess, type RunnerOptions } from './runner-process.js';

export interface ExecutionOptions {
    readonly runner: Omit<RunnerOptions, 'onEvent' | 'onLog'>;
    readonly maxParallel?: number;
    readonly onState?: (state: RunStateParams) => void;
    readonly onEvent?: (ref: ExperimentRef, dir: string, event: RunEventBody) => void;
    readonly onLog?: (ref: ExperimentRef, line: string) => void;
}

/** A queued or running run. */
export interface Job {
    readonly ref: ExperimentRef;
    readonly job: RunnerJob;
    state: 'queued' | 'running';
    dir?: string;
    process?: RunnerProcess;
    cancelled?: string;
    readonly done: (result: RunResult) => void;
}

export function experimentKey(ref: ExperimentRef): string {
    return `${ref.uri}#${ref.experiment}`;
}

export class ExecutionService {
    private readonly jobs: Job[] = [];
    private maxParallel: number;
    private nodePath: string | undefined;

    constructor(private readonly options: ExecutionOptions) {
        this.maxParallel = Math.max(1, options.maxParallel ?? 1);
    }

    /** Settings read at each request: runs already going keep the ones they started with. */
    configure(settings: { maxParallel?: number; nodePath?: string }): void {
        this.maxParallel = Math.max(1, Math.floor(settings.maxParallel ?? 1) || 1);
        this.nodePath = settings.nodePath;
        this.pump();
    }

    /** Queues a run; resolves when it has ended. */
    run(ref: ExperimentRef, job: RunnerJob): Promise<RunResult> {
        return new Promise(resolve => {
            const entry: Job = { ref: { uri: ref.uri, experiment: ref.experiment }, job, state: 'queued', done: resolve };
            this.jobs.push(entry);
            this.options.onState?.({ ...entry.ref, state: 'queued' });
            this.pump();
        });
    }

    /** Cancels the experiment's runs (queued ones are dropped, the running one is stopped); an empty URI: any spec's. */
    cancel(ref: ExperimentRef, reason = 'cancelled by the user'): boolean {
        const key = experimentKey(ref);
        const matching = this.jobs.filter(j => (ref.uri ? experimentKey(j.ref) === key : j.ref.experiment === ref.experiment));
        for (const job of matching) this.cancelJob(job, reason);
        return matching.length > 0;
    }

    cancelJob(job: Job, reason: string): void {
        if (job.state === 'queued') {
            this.remove(job);
            this.options.onState?.({ ...job.ref, state: 'cancelled' });
            job.done({ status: 'cancelled', error: 'cancelled before it started' });
            return;
        }
        job.cancelled = reason;
        job.process?.cancel(reason);
    }

    /** Queued and running runs, oldest first. */
    active(): readonly Job[] {
        return this.jobs;
    }

    isRunning(ref: ExperimentRef): boolean {
        const key = experimentKey(ref);
        return this.jobs.some(j => experimentKey(j.ref) === key);
    }

    /** Kills every runner (the server is shutting down); their runs are recovered as interrupted later. */
    dispose(): void {
        for (const job of this.jobs) job.process?.kill();
    }

    private remove(job: Job): void {
        const i = this.jobs.indexOf(job);
        if (i >= 0) this.jobs.splice(i, 1);
    }

    /** Starts queued runs while there is room, skipping experiments that already have one running. */
    private pump(): void {
        const running = () => this.jobs.filter(j => j.state === 'running');
        for (const job of this.jobs) {
            if (running().length >= this.maxParallel) return;
            if (job.state !== 'queued') continue;
            const key = experimentKey(job.ref);
            if (running().some(j => experimentKey(j.ref) === key)) continue;
            this.start(job);
        }
    }

    private start(job: Job): void {
        job.state = 'running';
        this.options.onState?.({ ...job.ref, state: 'running' });
        const early: RunEventBody[] = [];
        const runner = new RunnerProcess(job.job, {
            ...this.options.runner,
            ...(this.nodePath ? { nodePath: this.nodePath } : {}),
            onEvent: event => {
                if (event.type === 'backend') this.options.onState?.({ ...job.ref, state: 'running', backend: event.name, device: event.device });
                // The backend is chosen before the run folder exists: hold events until the folder is known.
                early.push(event);
                if (event.type === 'run') job.dir = event.dir;
                if (job.dir) for (const e of early.splice(0)) this.options.onEvent?.(job.ref, job.dir, e);
            },
            onLog: line => this.options.onLog?.(job.ref, line),
        });
        job.process = runner;
        void runner.ended.then(end => {
            const result = this.finish(job, end);
            this.remove(job);
            this.options.onState?.({
                ...job.ref, state: result.status, ...(result.dir ? { dir: result.dir } : {}), ...(result.id ? { id: result.id } : {}),
                ...(result.backend ? { backend: result.backend.name, device: result.backend.device } : {}), ...(result.error ? { error: result.error } : {}),
            });
            job.done(result);
            this.pump();
        });
    }

    private finish(job: Job, end: Awaited<RunnerProcess['ended']>): RunResult {
        if (end.kind === 'rejected') return { status: 'rejected', error: end.message };
        if (end.kind === 'outcome') {
            const o = end.outcome;
            if (end.reportError) this.options.onLog?.(job.ref, `report.html was not written: ${end.reportError}`);
            return {
                status: o.status, dir: o.dir, id: o.id, metrics: o.metrics, backend: o.backend, seconds: o.seconds,
                ...(o.status === 'completed' ? { headline: metricsHeadline(o.metrics) } : {}),
                ...(o.error ? { error: o.error } : {}),
            };
        }
        // A crash leaves the run in its temporary folder as `running`; the store's recovery marks it interrupted
        // (its process is gone) and moves it into place, so it is never shown as complete.
        let dir = end.runDir;
        try {
            const recovered = new RunStore(job.job.runsRoot).recover();
            const from = end.runDir ? path.basename(end.runDir) : undefined;
            dir = recovered.find(r => r.from === from)?.dir ?? dir;
        } catch {
            // The store could not be read: the listing will show the folder as it is.
        }
        if (job.cancelled !== undefined) return { status: 'cancelled', ...(dir ? { dir } : {}), error: end.message };
        return { status: 'failed', ...(dir ? { dir } : {}), error: end.message };
    }
}
