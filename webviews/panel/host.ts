// Where the panel's data comes from and where its exports and state go: a VS Code webview (acquireVsCodeApi
// exists: messages from the extension host, files saved by the host) or report.html (the data inlined in a
// JSON script, files downloaded through a blob link).
import type { HostToPanel, PanelState, PanelToHost } from '../../server/protocol.js';

interface VsCodeApi {
    postMessage(message: PanelToHost): void;
    getState(): PanelState | undefined;
    setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
    /** `vscode` inside VS Code, `report` in report.html. */
    readonly mode: 'vscode' | 'report';
    /** The state saved before a reload (VS Code only). */
    restoredState(): PanelState | undefined;
    saveState(state: PanelState): void;
    /** Saves a file: `data` is text, or base64 when `base64`. */
    exportFile(fileName: string, data: string, base64?: boolean): void;
    /** Starts delivering messages (a `results` message first). */
    start(onMessage: (message: HostToPanel) => void): void;
}

export function connectHost(): Host {
    return typeof acquireVsCodeApi === 'function' ? vscodeHost(acquireVsCodeApi()) : reportHost();
}

function vscodeHost(api: VsCodeApi): Host {
    return {
        mode: 'vscode',
        restoredState: () => api.getState(),
        saveState(state) {
            api.setState(state);
            api.postMessage({ type: 'state', state });
        },
        exportFile(fileName, data, base64) {
            api.postMessage({ type: 'export', fileName, data, ...(base64 ? { base64: true } : {}) });
        },
        start(onMessage) {
            window.addEventListener('message', event => {
                const message = event.data as HostToPanel | undefined;
                if (message && typeof message === 'object' && typeof message.type === 'string') onMessage(message);
            });
            api.postMessage({ type: 'ready' });
        },
    };
}

function reportHost(): Host {
    return {
        mode: 'report',
        restoredState: () => undefined,
        saveState: () => undefined,
        exportFile(fileName, data, base64) {
            const bytes = base64 ? Uint8Array.from(atob(data), c => c.charCodeAt(0)) : new TextEncoder().encode(data);
            const url = URL.createObjectURL(new Blob([bytes], { type: mimeType(fileName) }));
            const link = document.createElement('a');
            link.href = url;
            link.download = fileName;
            document.body.appendChild(link);
            link.click();
            link.remove();
            // The download has started from the click; the URL can go once the event loop has moved on.
            setTimeout(() => URL.revokeObjectURL(url), 1000);
        },
        start(onMessage) {
            const script = document.getElementById('expspec-data');
            if (!script?.textContent) {
                onMessage({ type: 'error', message: 'This page holds no run data (no <script id="expspec-data">).' });
                return;
            }
            try {
                onMessage(JSON.parse(script.textContent) as HostToPanel);
            } catch (error) {
                onMessage({ type: 'error', message: `The run data in this page cannot be read: ${(error as Error).message}` });
            }
        },
    };
}

function mimeType(fileName: string): string {
    if (fileName.endsWith('.png')) return 'image/png';
    if (fileName.endsWith('.svg')) return 'image/svg+xml';
    if (fileName.endsWith('.csv')) return 'text/csv';
    if (fileName.endsWith('.tsv')) return 'text/tab-separated-values';
    return 'text/plain';
}
