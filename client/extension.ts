// The VS Code side of expspec: starts the language server (which also runs experiments, in child processes),
// and wires its results into the editor: commands, CodeLens (from the server), the Runs view, the status bar,
// the result panels, and Workspace Trust.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node';
import { describeRunEvent } from '../server/describe-event.js';
import { runEventNotification, runStateNotification, setTrustNotification, type RunEventParams } from '../server/protocol.js';
import { registerCommands } from './commands.js';
import { ResultsPanels } from './panels.js';
import { RunsView } from './runs-view.js';
import { StatusBar } from './status-bar.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const started = performance.now();
    // One log channel for the client, the server and the runs (the server's console goes here too).
    const output = vscode.window.createOutputChannel('expspec', { log: true });
    context.subscriptions.push(output);

    const module = context.asAbsolutePath('out/server/main.cjs');
    const nativeBackends = path.join(context.globalStorageUri.fsPath, 'native');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        // `F5` from a development host: attach a debugger to the server on port 6009.
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };

    // Specs import each other, and a dataset's CSV header feeds column completion and validation,
    // so the server must hear when either kind of file changes on disk.
    const watchers = ['**/*.expspec', '**/*.csv'].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
    context.subscriptions.push(...watchers);

    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'expspec' }],
        outputChannel: output,
        synchronize: { fileEvents: watchers, configurationSection: 'expspec' },
        // The runner looks here first for tfjs-node / tfjs-node-gpu ("Install Native Backend" puts them here).
        initializationOptions: { nativeBackends },
    };

    const panels = new ResultsPanels(context.extensionUri, () => client, output);
    const runs = new RunsView(() => client);
    const statusBar = new StatusBar();
    context.subscriptions.push(panels, runs, statusBar);
    const runsTree = vscode.window.createTreeView('expspec.runs', { treeDataProvider: runs, canSelectMany: true, showCollapseAll: true });
    const runEvents = new vscode.EventEmitter<RunEventParams>();
    context.subscriptions.push(runsTree, runEvents, ...registerCommands({ extensionUri: context.extensionUri, client: () => client, panels, runs, log: output, runEvents: runEvents.event, nativeBackends }));

    // Runs written by other processes (the CLI) show up too.
    const runFiles = vscode.workspace.createFileSystemWatcher('**/.expspec/runs/*/run.json');
    context.subscriptions.push(runFiles, runFiles.onDidCreate(() => runs.refresh()), runFiles.onDidChange(() => runs.refresh()), runFiles.onDidDelete(() => runs.refresh()));
    context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('expspec')) {
            statusBar.render();
            runs.refresh();
        }
    }));

    client = new LanguageClient('expspec', 'expspec language server', serverOptions, clientOptions);
    /** The temporary folder of each running experiment, to follow it when the run is committed under its final name. */
    const liveDirs = new Map<string, string>();
    context.subscriptions.push(
        client.onNotification(runStateNotification, state => {
            statusBar.onState(state);
            runs.refresh();
            const key = `${state.uri}#${state.experiment}`;
            if (state.state === 'completed' || state.state === 'failed' || state.state === 'cancelled' || state.state === 'rejected') {
                panels.onRunEnded(liveDirs.get(key), state.dir, state.state);
                liveDirs.delete(key);
            }
        }),
        client.onNotification(runEventNotification, params => {
            runEvents.fire(params);
            statusBar.onEvent(params);
            panels.onRunEvent(params);
            const line = describeRunEvent(params.event);
            if (line) output.info(`[${params.experiment}] ${line}`);
            if (params.event.type === 'note') output.warn(`[${params.experiment}] ${params.event.message}`);
            if (params.event.type === 'run') {
                liveDirs.set(`${params.uri}#${params.experiment}`, params.event.dir);
                if (vscode.workspace.getConfiguration('expspec').get<boolean>('showResultsOnRun', true)) {
                    panels.show([params.event.dir], { title: `Results: ${params.experiment}`, experiment: params.experiment, live: true, tab: 'curves', preserveFocus: true });
                }
            }
        }),
    );
    output.info(`activated in ${Math.round(performance.now() - started)} ms`);
    try {
        await client.start();
        output.info(`language server ready in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
        // Keep the extension (grammar, snippets) alive when the server cannot start; say why.
        output.error(`the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage('expspec: the language server failed to start (see the "expspec" output).');
        return;
    }

    // Workspace Trust: the server refuses runs until the client says the workspace is trusted.
    const sendTrust = () => void client?.sendNotification(setTrustNotification, { trusted: vscode.workspace.isTrusted });
    sendTrust();
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(sendTrust));
    void vscode.commands.executeCommand('setContext', 'expspec.serverReady', true);
    runs.refresh();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}
