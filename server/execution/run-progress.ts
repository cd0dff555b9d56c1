// A run's progress in the editor's progress UI (`window/workDoneProgress`, cancellable): which model trains,
// epoch of epochs with the loss, then the evaluation's sets. The percentage counts epochs, then evaluated sets.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import type { RunEventBody } from '../../runtime/runner/run-experiment.js';
import { RunProgressTracker } from '../describe-event.js';

export class RunProgress {
    private readonly tracker = new RunProgressTracker();

    private constructor(private readonly reporter: WorkDoneProgressServerReporter) {}

    static async begin(connection: Connection, experiment: string, onCancel: () => void): Promise<RunProgress> {
        const reporter = await connection.window.createWorkDoneProgress();
        reporter.begin(`Running ${experiment}`, 0, 'queued', true);
        reporter.token.onCancellationRequested(onCancel);
        return new RunProgress(reporter);
    }

    event(event: RunEventBody): void {
        const update = this.tracker.update(event);
        if (update) this.reporter.report(update.percent, update.message);
    }

    done(): void {
        this.reporter.done();
    }
}
