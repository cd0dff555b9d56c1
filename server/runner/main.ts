// The runner: a child process of the language server that runs one experiment and exits. Training never runs
// on the server's own thread, and a crash, an out-of-memory abort or a hung backend here cannot take the editor's
// language features down with it. It talks to its parent over Node's IPC channel (`messages.ts`).
import { prependBackendSearchRoots } from '../../runtime/backend/packages.js';
import { runExperiment } from '../../runtime/runner/run-experiment.js';
import { PlanError } from '../../runtime/plan/args.js';
import { writeReport } from '../report/write-report.js';
import type { FromRunner, RunnerJob, ToRunner } from './messages.js';

function send(message: FromRunner): Promise<void> {
    return new Promise(resolve => {
        if (!process.send || !process.connected) return resolve();
        process.send(message, undefined, {}, () => resolve());
    });
}

const controller = new AbortController();
let started = false;

process.on('message', (message: ToRunner) => {
    if (message.type === 'cancel') controller.abort(new Error(message.reason));
    else if (message.type === 'start' && !started) {
        started = true;
        void run(message.job).then(
            () => process.exit(0),
            error => {
                // An unexpected failure outside the run itself: say it on stderr (the parent shows it) and fail.
                console.error(error instanceof Error ? error.stack ?? error.message : String(error));
                process.exit(1);
            },
        );
    }
});
// The server went away (closed, crashed): stop rather than train for nobody. The run is marked cancelled.
process.on('disconnect', () => controller.abort(new Error('the language server disconnected')));

async function run(job: RunnerJob): Promise<void> {
    // Where backend selection looks for tfjs-node / tfjs-node-gpu before the runtime's own node_modules.
    prependBackendSearchRoots(job.backendPaths ?? []);
    let outcome;
    try {
        outcome = await runExperiment({ ...job, signal: controller.signal, onEvent: event => void send({ type: 'event', event }) });
    } catch (error) {
        if (error instanceof PlanError) return send({ type: 'rejected', message: error.message });
        throw error;
    }
    let report: string | undefined, reportError: string | undefined;
    if (job.report) {
        try {
            report = writeReport(outcome.dir);
        } catch (error) {
            reportError = error instanceof Error ? error.message : String(error);
        }
    }
    await send({ type: 'outcome', outcome, ...(report ? { report } : {}), ...(reportError ? { reportError } : {}) });
}
