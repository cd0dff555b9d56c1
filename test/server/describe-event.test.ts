// The progress the editor shows for a run (notification, status bar, output): with sweeps, which configuration runs
// and each configuration's share of the percentage.
import { describe, expect, it } from 'vitest';
import { describeRunEvent, RunProgressTracker } from '../../server/describe-event.js';

const epoch = (epoch: number, configuration?: number) => ({
    type: 'epoch' as const, model: 'allg', stage: 'joint', repeat: 1, ...(configuration ? { configuration } : {}),
    epoch, epochs: 10, loss: { total: 1.5 }, lr: 1e-3, seconds: 0.1,
});

describe('run progress with sweeps', () => {
    it('says which configuration runs, and tags its training', () => {
        expect(describeRunEvent({ type: 'configuration', index: 2, total: 9, label: 'alpha=0.1, beta=1', values: { alpha: 0.1, beta: 1 } }))
            .toBe('configuration 2 of 9: alpha=0.1, beta=1');
        expect(describeRunEvent(epoch(3, 2))).toBe('allg [configuration 2, repeat 1]: epoch 3/10 · loss 1.5000');
        expect(describeRunEvent(epoch(3))).toBe('allg [repeat 1]: epoch 3/10 · loss 1.5000');
        expect(describeRunEvent({ type: 'configurationEnd', index: 2, total: 9, label: 'alpha=0.1, beta=1', seconds: 3, error: 'epoch 4 of 10: the loss term `graphPrior` became NaN' }))
            .toBe('configuration 2 of 9 failed: epoch 4 of 10: the loss term `graphPrior` became NaN');
    });

    it('gives each configuration its share of the percentage', () => {
        const tracker = new RunProgressTracker();
        expect(tracker.update(epoch(5))!.percent).toBe(45);
        expect(tracker.update({ type: 'configuration', index: 3, total: 4, label: 'alpha=10, beta=1', values: {} })!.percent).toBe(50);
        expect(tracker.update(epoch(10, 3))!.percent).toBe(Math.round((200 + 90) / 4));
        expect(tracker.update({ type: 'evalProgress', evaluation: 'selection', done: 1, total: 1 })!.percent).toBe(75);
    });
});
