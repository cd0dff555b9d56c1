// The run's header: experiment, run id, status, backend and device, seed, times; an error box for a failed run.
import type { RunResults } from '../../server/protocol.js';
import { el } from './dom.js';

export function runHeader(run: RunResults, live: boolean): HTMLElement {
    const fact = (name: string, value: string | undefined, className?: string) =>
        value === undefined ? null : el('li', { 'data-fact': name }, `${name} `, el('b', { class: className }, value));
    const seconds = run.startTime && run.endTime ? (Date.parse(run.endTime) - Date.parse(run.startTime)) / 1000 : undefined;
    return el('header', { class: 'run-header', 'data-dir': run.dir, 'data-status': run.status },
        el('h1', {}, run.experiment),
        el('ul', { class: 'run-facts' },
            fact('run', run.id),
            fact('status', live && run.status === 'running' ? 'running (live)' : run.status, `run-status status-${run.status}`),
            fact('backend', run.backend ? `${run.backend.name}${run.backend.device ? ` (${run.backend.device})` : ''}` : undefined),
            fact('seed', run.seed === undefined ? undefined : String(run.seed)),
            fact('started', run.startTime ? formatTime(run.startTime) : undefined),
            fact('ended', run.endTime ? formatTime(run.endTime) : undefined),
            fact('took', seconds !== undefined && Number.isFinite(seconds) ? formatDuration(seconds) : undefined),
            fact('spec', run.specFile ?? undefined)),
        run.error ? el('div', { class: 'error-box', role: 'alert' }, run.error) : null);
}

function formatTime(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function formatDuration(seconds: number): string {
    if (seconds < 60) return `${seconds.toFixed(1)} s`;
    const m = Math.floor(seconds / 60);
    return `${m} min ${Math.round(seconds - 60 * m)} s`;
}
