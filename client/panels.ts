// The result panels: one webview panel per run (or per comparison), fed from the server's `openRun`, updated live
// while the run goes, saved and restored by VS Code (webview serializer), exporting through save dialogs.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
    openRunRequest, type EpochPoint, type HostToPanel, type PanelKind, type PanelState, type PanelToHost, type RunEndStatus,
    type RunEventParams, type RunResults, type ViewTab,
} from '../server/protocol.js';
import { panelHtml } from '../server/report/panel-html.js';

export const PANEL_VIEW_TYPE = 'expspec.results';

interface OpenPanel {
    readonly panel: vscode.WebviewPanel;
    state: PanelState;
    /** Run folders still being written: epochs arrive live. */
    live: Set<string>;
    ready: boolean;
    /** The experiment a results panel shows (known once loaded): its next runs reuse the panel. */
    experiment?: string;
}

export class ResultsPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
    private readonly panels = new Set<OpenPanel>();
    private readonly disposables: vscode.Disposable[] = [];

    constructor(
        private readonly extensionUri: vscode.Uri,
        private readonly client: () => LanguageClient | undefined,
        private readonly log: vscode.LogOutputChannel,
    ) {
        this.disposables.push(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this));
    }

    /** Shows the runs (one: its results; several: a comparison), reusing a panel that already shows them. */
    show(dirs: readonly string[], options: { kind?: PanelKind; title: string; experiment?: string; live?: boolean; tab?: ViewTab; preserveFocus?: boolean }): void {
        const kind = options.kind ?? (dirs.length > 1 ? 'compare' : 'results');
        // The panel of these runs, or for one run the results panel of its experiment (it moves on to the new run).
        const existing = [...this.panels].find(p => p.state.kind === kind && sameDirs(p.state.dirs, dirs))
            ?? (kind === 'results' && options.experiment ? [...this.panels].find(p => p.state.kind === 'results' && p.experiment === options.experiment) : undefined);
        if (existing) {
            if (!sameDirs(existing.state.dirs, dirs)) {
                existing.state = { ...existing.state, dirs: [...dirs] };
                existing.live.clear();
            }
            if (options.live) dirs.forEach(d => existing.live.add(d));
            existing.panel.reveal(undefined, options.preserveFocus);
            void this.load(existing, options.tab);
            return;
        }
        const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, options.title,
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false }, this.webviewOptions());
        const entry = this.attach(panel, { kind, dirs: [...dirs], ...(options.tab ? { tab: options.tab } : {}) }, options.live ? new Set(dirs) : new Set());
        if (kind === 'results' && options.experiment) entry.experiment = options.experiment;
    }

    /** VS Code restarts a panel it had open (the state is what the panel last saved). */
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
        if (!state?.dirs?.length) {
            panel.dispose();
            return;
        }
        panel.webview.options = this.webviewOptions();
        this.attach(panel, state, new Set());
    }

    /** A run event: epochs go to the panels that show the run live. */
    onRunEvent(params: RunEventParams): void {
        if (params.event.type !== 'epoch') return;
        const { type: _type, ...point } = params.event;
        for (const p of this.panels) {
            if (p.ready && p.live.has(params.dir)) this.post(p, { type: 'epoch', dir: params.dir, point: point as EpochPoint });
        }
    }

    /** A run ended: its temporary folder was renamed; panels showing it follow the new folder and reload. */
    onRunEnded(temporaryDir: string | undefined, finalDir: string | undefined, status: RunEndStatus): void {
        for (const p of this.panels) {
            if (!temporaryDir || !p.state.dirs.includes(temporaryDir)) continue;
            p.live.delete(temporaryDir);
            if (finalDir) p.state = { ...p.state, dirs: p.state.dirs.map(d => (d === temporaryDir ? finalDir : d)) };
            this.post(p, { type: 'runEnded', dir: finalDir ?? temporaryDir, status });
            void this.load(p);
        }
    }

    private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return {
            enableScripts: true,
            retainContextWhenHidden: false,
            // The panel loads only the extension's own bundles; run data arrives by message.
            localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'out', 'webviews')],
        };
    }

    private attach(panel: vscode.WebviewPanel, state: PanelState, live: Set<string>): OpenPanel {
        const entry: OpenPanel = { panel, state, live, ready: false };
        this.panels.add(entry);
        panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'client', 'media', 'expspec.svg');
        const webview = panel.webview;
        const bundle = vscode.Uri.joinPath(this.extensionUri, 'out', 'webviews');
        const style = vscode.Uri.joinPath(bundle, 'panel.css');
        webview.html = panelHtml({
            scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'panel.js')).toString(),
            ...(fs.existsSync(style.fsPath) ? { styleUri: webview.asWebviewUri(style).toString() } : {}),
            cspSource: webview.cspSource,
            nonce: randomBytes(16).toString('base64'),
        });
        const subscriptions = [
            webview.onDidReceiveMessage((message: PanelToHost) => void this.onMessage(entry, message)),
            panel.onDidDispose(() => {
                this.panels.delete(entry);
                subscriptions.forEach(s => s.dispose());
            }),
        ];
        return entry;
    }

    private async onMessage(entry: OpenPanel, message: PanelToHost): Promise<void> {
        switch (message.type) {
            case 'ready':
                entry.ready = true;
                await this.load(entry);
                return;
            case 'state':
                // Keep the host's folders (they change when a live run is committed); the view options are the panel's.
                entry.state = { ...message.state, dirs: entry.state.dirs, kind: entry.state.kind };
                return;
            case 'export':
                await this.export(entry, message.fileName, message.data, message.base64 === true);
                return;
            case 'openFile': {
                if (!entry.state.dirs.includes(message.dir)) return;
                const file = path.join(message.dir, path.basename(message.file));
                await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true, viewColumn: vscode.ViewColumn.One });
                return;
            }
        }
    }

    private async load(entry: OpenPanel, tab?: ViewTab): Promise<void> {
        if (!entry.ready) return;
        const client = this.client();
        if (!client) return this.post(entry, { type: 'error', message: 'the expspec language server is not running' });
        try {
            const runs: RunResults[] = [];
            for (const dir of entry.state.dirs) runs.push(await client.sendRequest(openRunRequest, { dir }));
            if (entry.state.kind === 'results') entry.experiment = runs[0]?.experiment;
            entry.panel.title = entry.state.kind === 'compare' ? `Compare: ${runs.map(r => r.experiment).join(' · ')}` : `Results: ${runs[0]?.experiment ?? ''}`;
            this.post(entry, {
                type: 'results', runs, kind: entry.state.kind,
                ...(entry.state.dirs.some(d => entry.live.has(d)) ? { live: true } : {}),
                ...(tab ?? entry.state.tab ? { tab: tab ?? entry.state.tab } : {}),
            });
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.log.error(`results panel: ${message}`);
            this.post(entry, { type: 'error', message });
        }
    }

    private post(entry: OpenPanel, message: HostToPanel): void {
        void entry.panel.webview.postMessage(message);
    }

    private async export(entry: OpenPanel, fileName: string, data: string, base64: boolean): Promise<void> {
        const safeName = path.basename(fileName);
        const defaultUri = vscode.Uri.file(path.join(entry.state.dirs[0] ?? '', safeName));
        const target = await vscode.window.showSaveDialog({ defaultUri, saveLabel: 'Export' });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, base64 ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8'));
        void vscode.window.showInformationMessage(`expspec: exported ${path.basename(target.fsPath)}`);
    }

    dispose(): void {
        for (const p of this.panels) p.panel.dispose();
        this.disposables.forEach(d => d.dispose());
    }
}

function sameDirs(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((d, i) => d === b[i]);
}
