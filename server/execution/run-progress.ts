// A run's progress in the editor's progress UI (`window/workDoneProgress`, cancellable): which model trains,
// epoch of epochs with the loss, then the evaluation's sets. The percentage counts epochs, then evaluated sets.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import type { RunEventBody } from '../../runtime/runner/run-experiment.js';
import { describeRunEvent as describe } from '../describe-event.js';

export class RunProgress {
    private lastReport = 0;
    private percent = 0;

    private constructor(private readonly reporter: WorkDoneProgressServerReporter) {}

    static async begin(connection: Connection, experiment: string, onCancel: () => void): Promise<RunProgress> {
        const reporter = await connection.window.createWorkDoneProgress();
        reporter.begin(`Running ${experiment}`, 0, 'queued', true);
        reporter.token.onCancellationRequested(onCancel);
        return new RunProgress(reporter);
    }

    event(event: RunEventBody): void {
        const message = describe(event);
        if (message === undefined) return;
        if (event.type === 'epoch') this.percent = Math.round((event.epoch / event.epochs) * 90);
        if (event.type === 'evalProgress') this.percent = 90 + Math.round((event.done / event.total) * 10);
        // At most a few updates a second: the editor need not redraw for every set.
        const now = Date.now();
        if (event.type === 'evalProgress' && event.done !== event.total && now - this.lastReport < 250) return;
        this.lastReport = now;
        this.reporter.report(this.percent, message);
    }

    done(): void {
        this.reporter.done();
    }
}
