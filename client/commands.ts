// The extension's commands: Run, Cancel, Show Results, Compare Runs, Select Backend, Open Run Folder, New Example.
// Each accepts what its callers pass: a CodeLens's experiment, a Runs view node, or nothing (the active editor).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
    cancelRunRequest, listRunsRequest, runExperimentRequest, type ExperimentRef, type RunEventParams, type RunResult, type RunSummary,
} from '../server/protocol.js';
import { RunProgressTracker } from '../server/describe-event.js';
import { installNativeBackend } from './native-backends.js';
import type { ResultsPanels } from './panels.js';
import type { RunsNode, RunsView } from './runs-view.js';
import { backendSetting, BACKENDS, showResultsOnRun } from './settings.js';

export interface CommandContext {
    readonly extensionUri: vscode.Uri;
    readonly client: () => LanguageClient | undefined;
    readonly panels: ResultsPanels;
    readonly runs: RunsView;
    readonly log: vscode.LogOutputChannel;
    /** The server's run events, as they arrive. */
    readonly runEvents: vscode.Event<RunEventParams>;
    /** Where native backends are installed (the extension's global storage). */
    readonly nativeBackends: string;
}

export const TRUST_MESSAGE = 'expspec: running an experiment needs a trusted workspace. The language features work in Restricted Mode; trust this folder to run specs (they read workspace files and train models).';

/** The experiment of the active `.expspec` editor (its `experiment` declaration). */
function activeExperiment(): ExperimentRef | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'expspec') return undefined;
    const match = /^\s*experiment\s+([A-Za-z_][\w]*)/m.exec(editor.document.getText());
    return match ? { uri: editor.document.uri.toString(), experiment: match[1]! } : undefined;
}

function isRef(value: unknown): value is ExperimentRef {
    return typeof value === 'object' && value !== null && typeof (value as ExperimentRef).uri === 'string' && typeof (value as ExperimentRef).experiment === 'string';
}

function isNode(value: unknown): value is RunsNode {
    return typeof value === 'object' && value !== null && ((value as RunsNode).kind === 'run' || (value as RunsNode).kind === 'experiment');
}

function requireClient(ctx: CommandContext): LanguageClient | undefined {
    const client = ctx.client();
    if (client?.isRunning()) return client;
    void vscode.window.showErrorMessage('expspec: the language server is not running (see the "expspec" output).');
    return undefined;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand('expspec.run', (arg?: unknown) => run(ctx, isRef(arg) ? arg : activeExperiment())),
        vscode.commands.registerCommand('expspec.cancel', (arg?: unknown) => cancel(ctx, arg)),
        vscode.commands.registerCommand('expspec.showResults', (arg?: unknown) => showResults(ctx, arg)),
        vscode.commands.registerCommand('expspec.compareRuns', (arg?: unknown, selected?: unknown[]) => compareRuns(ctx, arg, selected)),
        vscode.commands.registerCommand('expspec.selectBackend', () => selectBackend()),
        vscode.commands.registerCommand('expspec.openRunFolder', (arg?: unknown) => openRunFolder(ctx, arg)),
        vscode.commands.registerCommand('expspec.refreshRuns', () => ctx.runs.refresh()),
        vscode.commands.registerCommand('expspec.newExample', () => newExample(ctx)),
        vscode.commands.registerCommand('expspec.installNativeBackend', () => installNativeBackend(ctx.nativeBackends, ctx.log)),
    ];
}

async function run(ctx: CommandContext, ref: ExperimentRef | undefined): Promise<RunResult | undefined> {
    if (!vscode.workspace.isTrusted) {
        const choice = await vscode.window.showErrorMessage(TRUST_MESSAGE, 'Manage Workspace Trust');
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        return undefined;
    }
    if (!ref) {
        void vscode.window.showErrorMessage('expspec: open a spec with an `experiment` declaration to run it.');
        return undefined;
    }
    const client = requireClient(ctx);
    if (!client) return undefined;
    const backend = backendSetting();
    ctx.log.info(`run ${ref.experiment} (${vscode.Uri.parse(ref.uri).fsPath}) on backend ${backend}`);
    // A notification with a Cancel button (the server's own progress shows in the status bar, without one).
    const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `expspec: ${ref.experiment}`, cancellable: true },
        async (progress, token) => {
            const tracker = new RunProgressTracker();
            const events = ctx.runEvents(params => {
                if (params.uri !== ref.uri || params.experiment !== ref.experiment) return;
                const before = tracker.percent;
                const update = tracker.update(params.event);
                if (update) progress.report({ message: update.message, increment: update.percent - before });
            });
            const cancelling = token.onCancellationRequested(() => void client.sendRequest(cancelRunRequest, ref));
            progress.report({ message: 'starting…' });
            try {
                return await client.sendRequest(runExperimentRequest, { ...ref, ...(backend !== 'auto' ? { backend } : {}) });
            } finally {
                events.dispose();
                cancelling.dispose();
            }
        });
    ctx.runs.refresh();
    const seconds = result.seconds !== undefined ? ` in ${result.seconds < 60 ? `${result.seconds.toFixed(1)} s` : `${(result.seconds / 60).toFixed(1)} min`}` : '';
    switch (result.status) {
        case 'completed': {
            const headline = result.headline ?? '';
            ctx.log.info(`${ref.experiment} completed${seconds}: ${headline} (${result.dir})`);
            if (showResultsOnRun() && result.dir) ctx.panels.show([result.dir], { title: `Results: ${ref.experiment}`, experiment: ref.experiment, preserveFocus: true });
            void vscode.window.showInformationMessage(`expspec: ${ref.experiment} completed${seconds}${headline ? ` — ${headline}` : ''}`, 'Show Results')
                .then(choice => choice && result.dir && ctx.panels.show([result.dir], { title: `Results: ${ref.experiment}`, experiment: ref.experiment }));
            break;
        }
        case 'cancelled':
            ctx.log.info(`${ref.experiment} cancelled${result.dir ? ` (${result.dir})` : ''}`);
            void vscode.window.showInformationMessage(`expspec: ${ref.experiment} was cancelled.`);
            break;
        case 'rejected':
            ctx.log.error(`${ref.experiment} was not run: ${result.error}`);
            void vscode.window.showErrorMessage(`expspec: ${ref.experiment} was not run: ${result.error}`);
            break;
        case 'failed':
            ctx.log.error(`${ref.experiment} failed: ${result.error}${result.dir ? ` (${result.dir})` : ''}`);
            void vscode.window.showErrorMessage(`expspec: ${ref.experiment} failed: ${result.error}`, 'Show Output')
                .then(choice => choice && ctx.log.show());
            break;
    }
    return result;
}

async function cancel(ctx: CommandContext, arg: unknown): Promise<void> {
    const client = requireClient(ctx);
    if (!client) return;
    let ref: ExperimentRef | undefined = isRef(arg) ? arg : isNode(arg) ? { uri: '', experiment: arg.kind === 'run' ? arg.run.experiment : arg.experiment } : undefined;
    if (!ref) {
        // From the palette or the status bar: the active editor's experiment if it runs, the only running one, or ask.
        const names = [...new Set((await client.sendRequest(listRunsRequest, {})).filter(r => r.status === 'running' || r.status === 'queued').map(r => r.experiment))];
        const active = activeExperiment();
        const name = active && names.includes(active.experiment) ? active.experiment
            : names.length <= 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: 'Cancel which experiment?' });
        if (!name) {
            if (names.length === 0) void vscode.window.showInformationMessage('expspec: no experiment is running.');
            return;
        }
        ref = { uri: active?.experiment === name ? active.uri : '', experiment: name };
    }
    if (await client.sendRequest(cancelRunRequest, ref)) ctx.log.info(`cancel requested for ${ref.experiment}`);
    else void vscode.window.showInformationMessage(`expspec: ${ref.experiment} is not running.`);
}

async function runsOf(ctx: CommandContext, experiment: string | undefined): Promise<RunSummary[]> {
    const client = requireClient(ctx);
    if (!client) return [];
    return client.sendRequest(listRunsRequest, experiment ? { experiment } : {});
}

async function showResults(ctx: CommandContext, arg: unknown): Promise<void> {
    if (isNode(arg) && arg.kind === 'run') {
        const run = arg.run;
        if (!run.dir) return;
        ctx.panels.show([run.dir], { title: `Results: ${run.experiment}`, experiment: run.experiment, live: run.status === 'running' });
        return;
    }
    const ref = isRef(arg) ? arg : isNode(arg) && arg.kind === 'experiment' ? { uri: '', experiment: arg.experiment } : activeExperiment();
    const runs = (await runsOf(ctx, ref?.experiment)).filter(r => r.dir);
    if (runs.length === 0) {
        void vscode.window.showInformationMessage(ref ? `expspec: ${ref.experiment} has no runs yet: run it first.` : 'expspec: there are no runs in this workspace yet.');
        return;
    }
    // The running run (curves grow live), else the newest.
    const run = runs.find(r => r.status === 'running') ?? runs[0]!;
    ctx.panels.show([run.dir], { title: `Results: ${run.experiment}`, experiment: run.experiment, live: run.status === 'running' });
}

async function compareRuns(ctx: CommandContext, arg: unknown, selected: unknown[] | undefined): Promise<void> {
    const fromView = (selected ?? []).filter(isNode).flatMap(n => (n.kind === 'run' && n.run.dir ? [n.run] : []));
    let chosen = fromView.length >= 2 ? fromView : [];
    if (chosen.length < 2) {
        const experiment = isNode(arg) && arg.kind === 'experiment' ? arg.experiment : undefined;
        const runs = (await runsOf(ctx, experiment)).filter(r => r.status === 'completed');
        if (runs.length < 2) {
            void vscode.window.showInformationMessage('expspec: comparing needs at least two completed runs.');
            return;
        }
        const picks = await vscode.window.showQuickPick(runs.map(r => ({
            label: `${r.experiment} · ${r.id}`, description: r.headline ?? '', detail: `${r.backend ?? ''} · seed ${r.seed ?? '?'}`, run: r,
            picked: isNode(arg) && arg.kind === 'run' && arg.run.dir === r.dir,
        })), { canPickMany: true, placeHolder: 'Pick two or more runs to compare' });
        chosen = (picks ?? []).map(p => p.run);
        if (chosen.length < 2) return;
    }
    ctx.panels.show(chosen.map(r => r.dir), { kind: 'compare', title: `Compare: ${[...new Set(chosen.map(r => r.experiment))].join(' · ')}` });
}

async function selectBackend(): Promise<void> {
    const current = backendSetting();
    const pick = await vscode.window.showQuickPick(BACKENDS.map(b => ({ label: b.id, detail: b.detail, description: b.id === current ? 'current' : '' })), {
        placeHolder: 'Backend for the next runs (a spec\'s own `backend:` property overrides it)',
    });
    if (!pick) return;
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('expspec').update('backend', pick.label, target);
}

async function openRunFolder(ctx: CommandContext, arg: unknown): Promise<void> {
    let dir: string | undefined;
    if (isNode(arg) && arg.kind === 'run') dir = arg.run.dir;
    else {
        const ref = isRef(arg) ? arg : activeExperiment();
        dir = (await runsOf(ctx, ref?.experiment)).find(r => r.dir)?.dir;
    }
    if (!dir) {
        void vscode.window.showInformationMessage('expspec: no run folder to open yet.');
        return;
    }
    const uri = vscode.Uri.file(dir);
    // The Explorer works in every host (desktop, remote, code-server); the OS file manager only on the desktop.
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(path.join(dir, 'run.json')));
    if (vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop) {
        void vscode.window.showInformationMessage(`expspec: ${path.basename(dir)}`, 'Reveal in File Manager')
            .then(choice => choice && vscode.commands.executeCommand('revealFileInOS', uri));
    }
}

/** Copies the bundled example spec into the workspace and opens it (the walkthrough's first step). */
async function newExample(ctx: CommandContext): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
        void vscode.window.showErrorMessage('expspec: open a folder first: runs are stored in the workspace.');
        return;
    }
    const source = vscode.Uri.joinPath(ctx.extensionUri, 'examples', 'hyphc-moons.expspec');
    let target = vscode.Uri.joinPath(folder.uri, 'hyphc-moons.expspec');
    for (let i = 2; await exists(target); i++) target = vscode.Uri.joinPath(folder.uri, `hyphc-moons-${i}.expspec`);
    await vscode.workspace.fs.copy(source, target);
    await vscode.window.showTextDocument(target);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
    try {
        await vscode.workspace.fs.stat(uri);
        return true;
    } catch {
        return false;
    }
}
