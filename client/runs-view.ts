// The Runs view: experiment → its runs, newest first, with status, time, backend and headline metric.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { listRunsRequest, type RunSummary } from '../server/protocol.js';

export type RunsNode =
    | { readonly kind: 'experiment'; readonly experiment: string; readonly runs: readonly RunSummary[] }
    | { readonly kind: 'run'; readonly run: RunSummary };

const STATUS_ICONS: Readonly<Record<string, vscode.ThemeIcon>> = {
    completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
    failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
    cancelled: new vscode.ThemeIcon('circle-slash'),
    interrupted: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('testing.iconErrored')),
    corrupt: new vscode.ThemeIcon('warning'),
    running: new vscode.ThemeIcon('sync~spin'),
    queued: new vscode.ThemeIcon('clock'),
};

/** `2026-11-22 21:36:42` in local time, from an ISO time. */
export function formatRunTime(iso: string | undefined): string {
    if (!iso) return '';
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function duration(run: RunSummary): string {
    if (!run.startTime || !run.endTime) return '';
    const s = (Date.parse(run.endTime) - Date.parse(run.startTime)) / 1000;
    return s < 60 ? `${s.toFixed(0)} s` : `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
}

export class RunsView implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
    readonly onDidChangeTreeData = this.changed.event;
    private refreshTimer: NodeJS.Timeout | undefined;
    private runs: RunSummary[] = [];

    constructor(private readonly client: () => LanguageClient | undefined) {}

    /** Coalesces bursts of changes (a run's files, state notifications) into one listing. */
    refresh(): void {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.changed.fire(undefined), 150);
    }

    /** The runs of the last listing (newest first). */
    get lastListing(): readonly RunSummary[] {
        return this.runs;
    }

    async getChildren(node?: RunsNode): Promise<RunsNode[]> {
        if (node?.kind === 'run') return [];
        if (node?.kind === 'experiment') return node.runs.map(run => ({ kind: 'run', run }));
        const client = this.client();
        if (!client?.isRunning()) return [];
        this.runs = await client.sendRequest(listRunsRequest, {});
        const byExperiment = new Map<string, RunSummary[]>();
        for (const run of this.runs) byExperiment.set(run.experiment, [...(byExperiment.get(run.experiment) ?? []), run]);
        return [...byExperiment].sort(([a], [b]) => a.localeCompare(b)).map(([experiment, runs]) => ({ kind: 'experiment', experiment, runs }));
    }

    getTreeItem(node: RunsNode): vscode.TreeItem {
        if (node.kind === 'experiment') {
            const item = new vscode.TreeItem(node.experiment, vscode.TreeItemCollapsibleState.Expanded);
            // A stable id keeps the node's expanded or collapsed state across refreshes (a run starting or ending).
            item.id = `experiment:${node.experiment}`;
            item.iconPath = new vscode.ThemeIcon('beaker');
            item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
            item.contextValue = 'experiment';
            return item;
        }
        const run = node.run;
        const item = new vscode.TreeItem(run.status === 'queued' ? 'queued' : formatRunTime(run.startTime) || run.id, vscode.TreeItemCollapsibleState.None);
        item.id = run.dir || run.id;
        item.description = [run.status, duration(run), run.backend, run.headline ?? run.error?.split('\n')[0]].filter(Boolean).join(' · ');
        item.iconPath = STATUS_ICONS[run.status];
        item.contextValue = `run.${run.status}`;
        item.tooltip = new vscode.MarkdownString([
            `**${run.experiment}** — ${run.status}`,
            `Run \`${run.id}\`${run.specFile ? ` of \`${run.specFile}\`` : ''}`,
            run.startTime ? `Started ${formatRunTime(run.startTime)}${run.endTime ? `, ended ${formatRunTime(run.endTime)}` : ''}` : '',
            run.backend ? `Backend ${run.backend}${run.device ? ` (${run.device})` : ''}, seed ${run.seed}` : '',
            run.headline ?? '',
            run.error ? `Error: ${run.error}` : '',
        ].filter(Boolean).join('\n\n'));
        if (run.dir) item.command = { title: 'Show Results', command: 'expspec.showResults', arguments: [node] };
        return item;
    }

    dispose(): void {
        clearTimeout(this.refreshTimer);
        this.changed.dispose();
    }
}
