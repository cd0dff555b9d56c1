// The VS Code side of expspec: starts the language server (a Node process running the
// bundled `out/server/main.cjs`) and connects it to `*.expspec` documents.
import * as vscode from 'vscode';
import {
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    // One log channel for the client and the server (the server's console goes here too).
    const output = vscode.window.createOutputChannel('expspec', { log: true });
    context.subscriptions.push(output);

    const module = context.asAbsolutePath('out/server/main.cjs');
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
        synchronize: { fileEvents: watchers },
    };

    client = new LanguageClient('expspec', 'expspec language server', serverOptions, clientOptions);
    try {
        await client.start();
    } catch (error) {
        // Keep the extension (grammar, snippets) alive when the server cannot start; say why.
        output.error(`the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage('expspec: the language server failed to start (see the "expspec" output).');
    }
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}
