// One runner child process for one run: starts it, relays its events, cancels it (politely, then by force), and
// turns every way it can end (outcome, rejection, crash, out of memory, kill) into one `RunnerEnd`.
import { fork, type ChildProcess } from 'node:child_process';
import type { RunEventBody, RunOutcome } from '../../runtime/runner/run-experiment.js';
import type { FromRunner, RunnerJob, ToRunner } from '../runner/messages.js';

export type RunnerEnd =
    | { readonly kind: 'outcome'; readonly outcome: RunOutcome; readonly report?: string; readonly reportError?: string }
    | { readonly kind: 'rejected'; readonly message: string }
    /** The process ended without an outcome: crashed, ran out of memory, or was killed. */
    | { readonly kind: 'crashed'; readonly message: string; readonly runDir?: string };

export interface RunnerOptions {
    /** The runner bundle (`out/runner/main.cjs`). */
    readonly script: string;
    /** The Node binary; default this process's own (VS Code's Node in the editor). */
    readonly nodePath?: string;
    /** Extra arguments for Node (e.g. `--max-old-space-size=…`). */
    readonly execArgv?: readonly string[];
    /** After a cancel, how long the runner has to close its run before it is killed. */
    readonly killAfterMs?: number;
    readonly onEvent?: (event: RunEventBody) => void;
    /** The runner's stderr, line by line (backend warnings, crash reports). */
    readonly onLog?: (line: string) => void;
}

/** How much of the runner's stderr is kept to explain a crash. */
const STDERR_TAIL = 8_000;

export class RunnerProcess {
    private readonly child: ChildProcess;
    private stderrTail = '';
    private killTimer: NodeJS.Timeout | undefined;
    private runDir: string | undefined;
    private result: RunnerEnd | undefined;
    private cancelReason: string | undefined;
    /** Resolves once the process has exited, with how the run ended. */
    readonly ended: Promise<RunnerEnd>;

    constructor(job: RunnerJob, private readonly options: RunnerOptions) {
        this.child = fork(options.script, [], {
            execPath: options.nodePath || process.execPath,
            execArgv: [...(options.execArgv ?? [])],
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
            // VS Code runs extensions' Node processes from Electron with ELECTRON_RUN_AS_NODE; keep the environment.
            env: process.env,
        });
        let partial = '';
        const onOutput = (chunk: Buffer) => {
            const text = chunk.toString('utf8');
            this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
            partial += text;
            const lines = partial.split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) if (line.trim()) options.onLog?.(line);
        };
        this.child.stderr?.on('data', onOutput);
        this.child.stdout?.on('data', onOutput);
        this.child.on('message', (message: FromRunner) => this.onMessage(message));
        this.ended = new Promise(resolve => {
            let spawnError: Error | undefined;
            this.child.on('error', error => { spawnError = error; });
            this.child.on('exit', (code, signal) => {
                clearTimeout(this.killTimer);
                resolve(this.result ?? this.crash(code, signal, spawnError));
            });
        });
        this.send({ type: 'start', job });
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Asks the runner to stop; it closes the run as cancelled. Killed if it has not exited in time. */
    cancel(reason: string): void {
        if (this.cancelReason !== undefined || this.child.exitCode !== null) return;
        this.cancelReason = reason;
        this.send({ type: 'cancel', reason });
        this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), this.options.killAfterMs ?? 15_000);
    }

    /** Kills the runner at once (the server is shutting down). */
    kill(): void {
        if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }

    private send(message: ToRunner): void {
        if (this.child.connected) this.child.send(message);
    }

    private onMessage(message: FromRunner): void {
        if (message.type === 'event') {
            if (message.event.type === 'run') this.runDir = message.event.dir;
            this.options.onEvent?.(message.event);
        } else if (message.type === 'outcome') {
            this.result = { kind: 'outcome', outcome: message.outcome, ...(message.report ? { report: message.report } : {}), ...(message.reportError ? { reportError: message.reportError } : {}) };
        } else if (message.type === 'rejected') {
            this.result = { kind: 'rejected', message: message.message };
        }
    }

    /** Says, as precisely as the exit allows, why the runner ended without an outcome. */
    private crash(code: number | null, signal: NodeJS.Signals | null, spawnError: Error | undefined): RunnerEnd {
        const runDir = this.runDir ? { runDir: this.runDir } : {};
        if (spawnError) return { kind: 'crashed', message: `the runner could not start: ${spawnError.message}`, ...runDir };
        if (this.cancelReason !== undefined && signal === 'SIGKILL') {
            return { kind: 'crashed', message: `the runner did not stop within ${((this.options.killAfterMs ?? 15_000) / 1000).toFixed(1)} s of the cancel and was killed`, ...runDir };
        }
        const tail = this.stderrTail.trim();
        if (/heap out of memory|Allocation failed|out of memory/i.test(tail)) {
            return { kind: 'crashed', message: 'the runner ran out of memory (JavaScript heap out of memory); try a smaller batch or dataset, or a backend with more memory', ...runDir };
        }
        const how = signal ? `was killed by ${signal}${signal === 'SIGKILL' ? ' (often the system running out of memory)' : ''}` : `exited with code ${code}`;
        const last = tail.split('\n').filter(l => l.trim()).slice(-3).join('\n');
        return { kind: 'crashed', message: `the runner ${how} before the run ended${last ? `:\n${last}` : ''}`, ...runDir };
    }
}
