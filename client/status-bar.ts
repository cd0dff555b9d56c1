// The status bar item: the backend (and the device of the last run), or the progress of a running experiment.
import * as vscode from 'vscode';
import { describeRunEvent } from '../server/describe-event.js';
import type { RunEventParams, RunStateParams } from '../server/protocol.js';
import { backendSetting } from './settings.js';

export class StatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('expspec.status', vscode.StatusBarAlignment.Right, 100);
    private lastBackend: { name: string; device?: string } | undefined;
    /** experiment → its latest progress line */
    private readonly running = new Map<string, string>();

    constructor() {
        this.item.name = 'expspec';
        this.item.command = 'expspec.selectBackend';
        this.render();
        this.item.show();
    }

    onState(state: RunStateParams): void {
        if (state.backend) this.lastBackend = { name: state.backend, ...(state.device ? { device: state.device } : {}) };
        if (state.state === 'running' || state.state === 'queued') {
            if (!this.running.has(state.experiment)) this.running.set(state.experiment, state.state);
        } else {
            this.running.delete(state.experiment);
        }
        this.render();
    }

    onEvent(params: RunEventParams): void {
        const text = describeRunEvent(params.event);
        if (text && params.event.type !== 'backend') this.running.set(params.experiment, text);
        this.render();
    }

    render(): void {
        const setting = backendSetting();
        const backend = this.lastBackend?.name ?? setting;
        if (this.running.size > 0) {
            const [experiment, progress] = [...this.running][0]!;
            const more = this.running.size > 1 ? ` (+${this.running.size - 1})` : '';
            this.item.text = `$(sync~spin) expspec: ${experiment} · ${progress}${more}`;
            this.item.command = 'expspec.cancel';
            this.item.tooltip = `Running ${[...this.running.keys()].join(', ')} on ${backend}. Click to cancel.`;
            return;
        }
        this.item.text = `$(beaker) expspec: ${backend}`;
        this.item.command = 'expspec.selectBackend';
        this.item.tooltip = new vscode.MarkdownString([
            `**Backend setting:** ${setting}`,
            this.lastBackend ? `**Last run:** ${this.lastBackend.name}${this.lastBackend.device ? ` on ${this.lastBackend.device}` : ''}` : 'No run yet in this window.',
            'Click to select the backend.',
        ].join('\n\n'));
    }

    dispose(): void {
        this.item.dispose();
    }
}
