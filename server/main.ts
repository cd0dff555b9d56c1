// The language server process: Langium's services over an LSP connection.
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { URI } from 'langium';
import { createExpspecServices } from '../language/expspec-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Expspec } = createExpspecServices({ connection, ...NodeFileSystem });

// A spec reads only files inside the workspace: tell the path checks where the workspace is.
shared.lsp.LanguageServer.onInitialize(params => {
    const folders = params.workspaceFolders?.map(folder => URI.parse(folder.uri).fsPath)
        ?? (params.rootUri ? [URI.parse(params.rootUri).fsPath] : []);
    Expspec.analysis.SpecAnalyzer.files.roots = folders;
});

// CSV headers feed validation and completion: forget a changed file's header before Langium
// validates the specs again (it does so for every watched-file change).
shared.lsp.DocumentUpdateHandler.onWatchedFilesChange(params => {
    Expspec.analysis.SpecAnalyzer.files.forget(params.changes.map(change => URI.parse(change.uri).fsPath));
});

startLanguageServer(shared);
