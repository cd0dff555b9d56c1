// One line of text per run event, for progress messages and logs (the server's progress, the client's output).
import type { RunEventBody } from '../runtime/runner/run-experiment.js';

/** The progress line for an event; undefined for events that do not change it. */
export function describeRunEvent(event: RunEventBody): string | undefined {
    switch (event.type) {
        case 'backend': return `on ${event.name} (${event.device})`;
        case 'data': return `data ${event.dataset} loaded`;
        case 'configuration': return `configuration ${event.index} of ${event.total}: ${event.label}`;
        case 'configurationEnd': return `configuration ${event.index} of ${event.total} ${event.error ? `failed: ${event.error}` : `done${event.headline ? `: ${event.headline}` : ''}`}`;
        case 'repeat': return `repeat ${event.repeat} of ${event.repeats}`;
        case 'trainStart': return `${event.model}${event.stage ? ` (${event.stage})` : ''}${tags(event)}: training, ${event.epochs} epochs`;
        case 'epoch': return `${event.model}${tags(event)}: epoch ${event.epoch}/${event.epochs} · loss ${formatLoss(event.loss['total'] ?? Object.values(event.loss)[0])}`;
        case 'evalStart': return `${event.evaluation}: evaluating${event.sets > 1 ? ` ${event.sets} sets` : ''}`;
        case 'evalProgress': return `${event.evaluation}: ${event.done}/${event.total}`;
        default: return undefined;
    }
}

/** ` [configuration 2, repeat 1]` */
function tags(event: { readonly repeat?: number; readonly configuration?: number }): string {
    const parts = [event.configuration ? `configuration ${event.configuration}` : '', event.repeat ? `repeat ${event.repeat}` : ''].filter(Boolean);
    return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

function formatLoss(value: number | undefined): string {
    return value === undefined ? '?' : Math.abs(value) >= 100 || Math.abs(value) < 0.001 ? value.toExponential(2) : value.toFixed(4);
}

/**
 * Follows a run's events as one progress: a message and a percentage that counts epochs (to 90 %) and then
 * evaluated sets; with sweeps, each configuration its share of the whole. `update` returns undefined for events that change nothing, or that come too soon after the
 * last update to be worth a redraw (at most four a second while sets are evaluated).
 */
export class RunProgressTracker {
    private lastUpdate = 0;
    private configuration = { index: 1, total: 1 };
    percent = 0;

    update(event: RunEventBody): { readonly percent: number; readonly message: string } | undefined {
        const message = describeRunEvent(event);
        if (message === undefined) return undefined;
        if (event.type === 'configuration') this.configuration = { index: event.index, total: event.total };
        const { index, total } = this.configuration;
        const overall = (within: number) => Math.round(((index - 1) * 100 + within) / total);
        if (event.type === 'configuration') this.percent = overall(0);
        if (event.type === 'epoch') this.percent = overall((event.epoch / event.epochs) * 90);
        if (event.type === 'evalProgress') this.percent = overall(90 + (event.done / event.total) * 10);
        const now = Date.now();
        if (event.type === 'evalProgress' && event.done !== event.total && now - this.lastUpdate < 250) return undefined;
        this.lastUpdate = now;
        return { percent: this.percent, message };
    }
}
