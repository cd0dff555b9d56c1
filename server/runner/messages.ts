// The messages between the language server's execution service and a runner child process (Node IPC). Internal
// to the server: the client and the panels see runs only through `server/protocol.ts`.
import type { BackendPreference } from '../../runtime/backend/select.js';
import type { ExperimentPlan } from '../../runtime/plan/types.js';
import type { RunEventBody, RunOutcome } from '../../runtime/runner/run-experiment.js';

/** Everything a runner needs: the plan was built (and the spec checked) by the server. */
export interface RunnerJob {
    readonly plan: ExperimentPlan;
    readonly specText: string;
    readonly specFile: string;
    readonly specDir: string;
    readonly workspace: string;
    readonly runsRoot: string;
    readonly backend?: BackendPreference;
    readonly seed?: number;
    /** Write `report.html` into the run folder at the end. */
    readonly report: boolean;
    /** Folders whose `node_modules` may hold native backends (the extension's storage, the workspace). */
    readonly backendPaths?: readonly string[];
}

export type ToRunner =
    | { readonly type: 'start'; readonly job: RunnerJob }
    | { readonly type: 'cancel'; readonly reason: string };

export type FromRunner =
    | { readonly type: 'event'; readonly event: RunEventBody }
    | { readonly type: 'outcome'; readonly outcome: RunOutcome; readonly report?: string; readonly reportError?: string }
    /** The job could not start (e.g. a component the runtime does not run): nothing was written. */
    | { readonly type: 'rejected'; readonly message: string };
