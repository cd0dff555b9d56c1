// One line of text per run event, for progress messages and logs (the server's progress, the client's output).
import type { RunEventBody } from '../runtime/runner/run-experiment.js';

/** The progress line for an event; undefined for events that do not change it. */
export function describeRunEvent(event: RunEventBody): string | undefined {
    switch (event.type) {
        case 'backend': return `on ${event.name} (${event.device})`;
        case 'data': return `data ${event.dataset} loaded`;
        case 'trainStart': return `${event.model}${event.stage ? ` (${event.stage})` : ''}: training, ${event.epochs} epochs`;
        case 'epoch': return `${event.model}: epoch ${event.epoch}/${event.epochs} · loss ${formatLoss(event.loss['total'] ?? Object.values(event.loss)[0])}`;
        case 'evalStart': return `${event.evaluation}: evaluating ${event.sets} sets`;
        case 'evalProgress': return `${event.evaluation}: ${event.done}/${event.total} sets`;
        default: return undefined;
    }
}

function formatLoss(value: number | undefined): string {
    return value === undefined ? '?' : Math.abs(value) >= 100 || Math.abs(value) < 0.001 ? value.toExponential(2) : value.toFixed(4);
}
