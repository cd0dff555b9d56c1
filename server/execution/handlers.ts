// The execution side of the language server: the protocol's run / cancel / list / open requests, progress
// through `window/workDoneProgress` (with cancel), and the notifications the client's views follow.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DiagnosticSeverity, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type * as ast from '../../language/generated/ast.js';
import { buildPlan, PlanBuildError } from '../../language/plan/build-plan.js';
import { BACKEND_ORDER, type BackendPreference } from '../../runtime/backend/select.js';
import { unimplementedComponents } from '../../runtime/plan/implemented.js';
import type { RunEventBody } from '../../runtime/runner/run-experiment.js';
import { RunStore, runHeadline } from '../../runtime/store/index.js';
import {
    cancelRunRequest, listRunsRequest, openRunRequest, runEventNotification, runExperimentRequest, runStateNotification,
    setTrustNotification, writeReportRequest, type ExperimentRef, type RunParams, type RunResult, type RunSummary,
} from '../protocol.js';
import { loadRunResults } from '../report/run-results.js';
import { writeReport } from '../report/write-report.js';
import { ExecutionService } from './execution-service.js';
import { RunProgress } from './run-progress.js';

/** The client's `expspec.*` settings the server reads (package.json `contributes.configuration`). */
interface Settings {
    backend?: string;
    runFolder?: string;
    maxParallelRuns?: number;
    runnerNodePath?: string;
}

export interface ExecutionContext {
    readonly connection: Connection;
    readonly shared: LangiumSharedServices;
    /** The runner bundle. */
    readonly runnerScript: string;
    /** The workspace folders (file system paths); set at initialize. */
    readonly roots: () => readonly string[];
    /** Where the editor installs native backends (its global storage), if it said at initialize. */
    readonly nativeBackends: () => string | undefined;
}

export class ExecutionHandlers {
    readonly service: ExecutionService;
    private trusted = false;
    /** The progress reporters of the requests whose runs are going. */
    private readonly eventListeners = new Set<(r: ExperimentRef, dir: string, event: RunEventBody) => void>();
    /** Called when an experiment starts or stops running (the CodeLens titles change). */
    onRunningChanged: () => void = () => {};

    constructor(private readonly ctx: ExecutionContext) {
        const { connection } = ctx;
        this.service = new ExecutionService({
            runner: { script: ctx.runnerScript },
            onState: state => {
                void connection.sendNotification(runStateNotification, state);
                this.onRunningChanged();
            },
            onEvent: (ref, dir, event) => {
                void connection.sendNotification(runEventNotification, { ...ref, dir, event });
                this.dispatch(ref, dir, event);
            },
            onLog: (ref, line) => connection.console.log(`[${ref.experiment}] ${line}`),
        });
        connection.onNotification(setTrustNotification, ({ trusted }) => {
            this.trusted = trusted;
            this.onRunningChanged();
        });
        connection.onRequest(runExperimentRequest, (params, token) => this.run(params, token));
        connection.onRequest(cancelRunRequest, ref => this.service.cancel(ref));
        connection.onRequest(listRunsRequest, params => this.listRuns(params.experiment));
        connection.onRequest(openRunRequest, ({ dir }) => loadRunResults(this.checkRunDir(dir)));
        connection.onRequest(writeReportRequest, ({ dir }) => writeReport(this.checkRunDir(dir)));
        connection.onShutdown(() => this.service.dispose());
    }

    get isTrusted(): boolean {
        return this.trusted;
    }

    private async settings(): Promise<Settings> {
        try {
            const s = await this.ctx.connection.workspace.getConfiguration({ section: 'expspec' }) as Record<string, unknown> | null;
            const runner = (s?.['runner'] ?? {}) as Record<string, unknown>;
            return {
                ...(typeof s?.['backend'] === 'string' ? { backend: s['backend'] } : {}),
                ...(typeof s?.['runFolder'] === 'string' && s['runFolder'] ? { runFolder: s['runFolder'] } : {}),
                ...(typeof s?.['maxParallelRuns'] === 'number' ? { maxParallelRuns: s['maxParallelRuns'] } : {}),
                ...(typeof runner['nodePath'] === 'string' && runner['nodePath'] ? { runnerNodePath: runner['nodePath'] } : {}),
            };
        } catch {
            return {}; // a client without workspace/configuration: defaults
        }
    }

    /** The workspace folder that holds `file`, or the file's own folder when it is outside every workspace folder. */
    private workspaceOf(file: string): string {
        const root = this.ctx.roots().filter(r => file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep))
            .sort((a, b) => b.length - a.length)[0];
        return root ?? path.dirname(file);
    }

    private runsRoot(workspace: string, settings: Settings): string {
        return path.resolve(workspace, settings.runFolder ?? path.join('.expspec', 'runs'));
    }

    /** Runs are opened only from the run stores of the workspace (a panel cannot make the server read elsewhere). */
    private checkRunDir(dir: string): string {
        const resolved = path.resolve(dir);
        const inside = this.ctx.roots().some(root => resolved.startsWith(path.resolve(root) + path.sep));
        if (!inside) throw new Error(`${dir} is not a run folder of this workspace`);
        return resolved;
    }

    private async run(params: RunParams, token: CancellationToken): Promise<RunResult> {
        const ref: ExperimentRef = { uri: params.uri, experiment: params.experiment };
        if (!this.trusted) {
            return { status: 'rejected', error: 'running an experiment needs a trusted workspace (Workspace Trust); the language features work without it' };
        }
        const prepared = await this.prepare(params);
        if ('error' in prepared) return { status: 'rejected', error: prepared.error };
        const settings = await this.settings();
        this.service.configure({ maxParallel: settings.maxParallelRuns ?? 1, ...(settings.runnerNodePath ? { nodePath: settings.runnerNodePath } : {}) });
        const file = URI.parse(params.uri).fsPath;
        const workspace = this.workspaceOf(file);
        const backend = params.backend ?? (settings.backend && settings.backend !== 'auto' ? settings.backend as BackendPreference : undefined);
        if (backend && backend !== 'auto' && !(BACKEND_ORDER as readonly string[]).includes(backend)) {
            return { status: 'rejected', error: `unknown backend \`${backend}\` (expected auto, ${BACKEND_ORDER.join(', ')})` };
        }
        const progress = await RunProgress.begin(this.ctx.connection, params.experiment, () => this.service.cancel(ref));
        token.onCancellationRequested(() => this.service.cancel(ref, 'the request was cancelled'));
        const listener = (r: ExperimentRef, _dir: string, event: RunEventBody) => {
            if (r.uri === ref.uri && r.experiment === ref.experiment) progress.event(event);
        };
        this.eventListeners.add(listener);
        try {
            return await this.service.run(ref, {
                plan: prepared.plan, specText: prepared.text, specFile: path.relative(workspace, file) || path.basename(file),
                specDir: path.dirname(file), workspace, runsRoot: this.runsRoot(workspace, settings),
                ...(backend && backend !== 'auto' ? { backend } : {}), ...(params.seed !== undefined ? { seed: params.seed } : {}),
                report: true,
                backendPaths: [this.ctx.nativeBackends(), workspace].filter((p): p is string => p !== undefined),
            });
        } finally {
            this.eventListeners.delete(listener);
            progress.done();
        }
    }

    /** Relays runner events to the progress of the request that started the run. */
    dispatch(ref: ExperimentRef, dir: string, event: RunEventBody): void {
        for (const l of this.eventListeners) l(ref, dir, event);
    }

    /** The spec as the editor has it: validated, free of errors, turned into a plan the runtime can run. */
    private async prepare(params: RunParams): Promise<{ plan: ReturnType<typeof buildPlan>; text: string } | { error: string }> {
        const uri = URI.parse(params.uri);
        const { LangiumDocuments, DocumentBuilder } = this.ctx.shared.workspace;
        let document: LangiumDocument;
        try {
            // Let an update in flight (the editor just opened or changed the spec) finish first, then take the
            // document as the editor has it, or read it from disk when no editor has it open.
            await DocumentBuilder.waitUntil(DocumentState.Validated);
            document = LangiumDocuments.getDocument(uri) ?? await LangiumDocuments.getOrCreateDocument(uri);
            if (document.state < DocumentState.Validated) await DocumentBuilder.build([document], { validation: true });
        } catch (error) {
            return { error: `cannot read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}` };
        }
        const errors = (document.diagnostics ?? []).filter(d => d.severity === DiagnosticSeverity.Error);
        if (errors.length > 0) {
            const first = errors.slice(0, 3).map(d => `line ${d.range.start.line + 1}: ${d.message}`).join('\n');
            return { error: `the spec has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was run\n${first}` };
        }
        let plan;
        try {
            plan = buildPlan(document.parseResult.value as ast.Spec);
        } catch (error) {
            if (error instanceof PlanBuildError) return { error: error.message };
            throw error;
        }
        if (plan.experiment !== params.experiment) return { error: `the spec's experiment is \`${plan.experiment}\`, not \`${params.experiment}\`` };
        const missing = unimplementedComponents(plan);
        if (missing.length > 0) return { error: `this spec uses ${missing.join(', ')}, which the language knows but the runtime does not run yet; nothing was run` };
        return { plan, text: document.textDocument.getText() };
    }

    private async listRuns(experiment?: string): Promise<RunSummary[]> {
        const settings = await this.settings();
        const summaries: RunSummary[] = [];
        for (const job of this.service.active()) {
            if (job.state !== 'queued' || (experiment && job.ref.experiment !== experiment)) continue;
            summaries.push({ id: `queued-${job.ref.experiment}`, dir: '', experiment: job.ref.experiment, specFile: job.job.specFile, status: 'queued' });
        }
        const roots = new Set(this.ctx.roots().map(root => this.runsRoot(root, settings)));
        for (const root of roots) {
            if (!fs.existsSync(root)) continue;
            for (const entry of new RunStore(root).list()) {
                if (entry.status === 'corrupt') {
                    summaries.push({ id: entry.id, dir: entry.dir, experiment: '(unreadable)', specFile: null, status: 'corrupt', error: entry.reason });
                    continue;
                }
                const meta = entry.meta;
                if (experiment && meta.experiment !== experiment) continue;
                const headline = runHeadline(entry);
                summaries.push({
                    id: entry.id, dir: entry.dir, experiment: meta.experiment, specFile: meta.specFile, status: entry.status,
                    startTime: meta.startTime, ...(meta.endTime ? { endTime: meta.endTime } : {}), backend: meta.backend.name,
                    ...(meta.backend.device ? { device: meta.backend.device } : {}), seed: meta.seed,
                    ...(entry.status === 'completed' ? (headline ? { headline } : {}) : (headline ? { error: headline } : {})),
                });
            }
        }
        return summaries;
    }
}
