// The language server process: Langium's services over an LSP connection, plus the execution service that runs
// experiments in runner child processes.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { CodeLensRefreshRequest, createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { URI } from 'langium';
import { createExpspecServices } from '../language/expspec-module.js';
import { ExperimentCodeLensProvider } from './execution/code-lens.js';
import { ExecutionHandlers } from './execution/handlers.js';

const connection = createConnection(ProposedFeatures.all);

let roots: string[] = [];
let canRefreshCodeLens = false;
let nativeBackends: string | undefined;
// Created below, once the connection exists; the CodeLens provider only reads it when asked for lenses.
let execution: ExecutionHandlers | undefined;

const { shared, Expspec } = createExpspecServices({ connection, ...NodeFileSystem }, {
    lsp: {
        CodeLensProvider: () => new ExperimentCodeLensProvider({
            isTrusted: () => execution?.isTrusted ?? false,
            isRunning: ref => execution?.service.isRunning(ref) ?? false,
        }),
    },
});

// A spec reads only files inside the workspace: tell the path checks where the workspace is.
shared.lsp.LanguageServer.onInitialize(params => {
    roots = params.workspaceFolders?.map(folder => URI.parse(folder.uri).fsPath)
        ?? (params.rootUri ? [URI.parse(params.rootUri).fsPath] : []);
    Expspec.analysis.SpecAnalyzer.files.roots = roots;
    canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    const options = params.initializationOptions as { nativeBackends?: unknown } | undefined;
    if (typeof options?.nativeBackends === 'string') nativeBackends = options.nativeBackends;
});

// CSV headers feed validation and completion: forget a changed file's header before Langium
// validates the specs again (it does so for every watched-file change).
shared.lsp.DocumentUpdateHandler.onWatchedFilesChange(params => {
    Expspec.analysis.SpecAnalyzer.files.forget(params.changes.map(change => URI.parse(change.uri).fsPath));
});

// The runner bundle sits beside this one: out/server/main.cjs → out/runner/main.cjs.
const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
execution = new ExecutionHandlers({
    connection,
    shared,
    runnerScript: path.join(path.dirname(here), '..', 'runner', 'main.cjs'),
    roots: () => roots,
    nativeBackends: () => nativeBackends,
});
execution.onRunningChanged = () => {
    if (canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type);
};

startLanguageServer(shared);
