// The execution service's handling of runner processes, with a stand-in runner (test/fixtures/runners) that
// crashes, runs out of memory, ignores a cancel or completes on cue; and the real runner killed midway.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../language/plan/build-plan.js';
import { ExecutionService } from '../../server/execution/execution-service.js';
import type { RunStateParams } from '../../server/protocol.js';
import type { RunnerJob } from '../../server/runner/messages.js';
import { checkFiles } from '../../server/cli/check.js';
import { repoRoot } from '../language/services.js';

const fake = path.join(repoRoot, 'test/fixtures/runners/fake-runner.cjs');
const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-runner-'));
const job = (specFile: string): RunnerJob => ({
    plan: { experiment: 'E', properties: {}, datasets: [], models: [], trainings: [], evaluations: [], views: [] } as unknown as RunnerJob['plan'],
    specText: '', specFile, specDir: runsRoot, workspace: runsRoot, runsRoot, report: false,
});

afterEach(() => {
    delete process.env['FAKE_RUNNER'];
    delete process.env['FAKE_DELAY_MS'];
});

function service(states: RunStateParams[] = [], maxParallel = 1, killAfterMs = 15_000): ExecutionService {
    return new ExecutionService({ runner: { script: fake, killAfterMs }, maxParallel, onState: s => void states.push(s) });
}

describe('runner processes', () => {
    it('a crash becomes a failed run with the exit code and the last lines of stderr', async () => {
        process.env['FAKE_RUNNER'] = 'crash';
        const result = await service().run({ uri: 'file:///a.expspec', experiment: 'A' }, job('a.expspec'));
        expect(result.status).toBe('failed');
        expect(result.error).toMatch(/^the runner exited with code 3 before the run ended:\nsomething broke\n {4}at train/);
    });

    it('running out of memory is named as such', async () => {
        process.env['FAKE_RUNNER'] = 'oom';
        const result = await service().run({ uri: 'file:///a.expspec', experiment: 'A' }, job('a.expspec'));
        expect(result).toMatchObject({ status: 'failed' });
        expect(result.error).toMatch(/ran out of memory \(JavaScript heap out of memory\)/);
    });

    it('a runner that rejects the job reports it as rejected', async () => {
        process.env['FAKE_RUNNER'] = 'reject';
        const result = await service().run({ uri: 'file:///a.expspec', experiment: 'A' }, job('a.expspec'));
        expect(result).toEqual({ status: 'rejected', error: 'uses the objective \'crossEntropy\'' });
    });

    it('a runner that ignores a cancel is killed after the grace period', async () => {
        process.env['FAKE_RUNNER'] = 'ignore-cancel';
        const s = service([], 1, 300);
        const ref = { uri: 'file:///a.expspec', experiment: 'A' };
        const pending = s.run(ref, job('a.expspec'));
        await new Promise(resolve => setTimeout(resolve, 300));
        expect(s.cancel(ref)).toBe(true);
        const result = await pending;
        expect(result.status).toBe('cancelled');
        expect(result.error).toMatch(/did not stop within 0\.3 s of the cancel and was killed/);
        expect(s.isRunning(ref)).toBe(false);
    });

    it('runs at most maxParallel experiments at once, and one experiment once at a time', async () => {
        process.env['FAKE_RUNNER'] = 'complete';
        process.env['FAKE_DELAY_MS'] = '300';
        const states: RunStateParams[] = [];
        const s = service(states, 2);
        const a = { uri: 'file:///a.expspec', experiment: 'A' }, b = { uri: 'file:///b.expspec', experiment: 'B' };
        const results = await Promise.all([s.run(a, job('a')), s.run(a, job('a')), s.run(b, job('b'))]);
        expect(results.map(r => r.status)).toEqual(['completed', 'completed', 'completed']);
        const order = states.filter(x => x.state !== 'queued').map(x => `${x.experiment}:${x.state}`);
        // A and B start together; A's second run waits for A's first.
        expect(order.slice(0, 2)).toEqual(['A:running', 'B:running']);
        expect(order.indexOf('A:completed')).toBeLessThan(order.lastIndexOf('A:running'));
    });
});

describe('the real runner', () => {
    it('killed midway: the request fails with the signal and the run store marks the run interrupted', async () => {
        const spec = path.join(repoRoot, 'test/fixtures/run/tiny.expspec');
        const [report] = await checkFiles([spec], path.dirname(spec));
        const plan = buildPlan(report!.spec!);
        const slow = { ...plan, trainings: plan.trainings.map(t => ({ ...t, properties: { ...t.properties, epochs: 500 } })) };
        let killed = false;
        const ref = { uri: `file://${spec}`, experiment: 'Tiny' };
        const result = await new Promise<Awaited<ReturnType<ExecutionService['run']>>>(resolve => {
            const service = new ExecutionService({
                runner: { script: path.join(repoRoot, 'out/runner/main.cjs') },
                onEvent: (_ref, _dir, event) => {
                    if (event.type === 'epoch' && !killed) {
                        killed = true;
                        process.kill(service.active()[0]!.process!.pid!, 'SIGKILL');
                    }
                },
            });
            void service.run(ref, { plan: slow, specText: '', specFile: 'tiny.expspec', specDir: path.dirname(spec), workspace: path.dirname(spec), runsRoot, backend: 'wasm', report: true }).then(resolve);
        });
        expect(result.status).toBe('failed');
        expect(result.error).toMatch(/was killed by SIGKILL/);
        expect(path.basename(result.dir!)).toMatch(/^\d{8}-\d{6}-Tiny/);
        expect(JSON.parse(fs.readFileSync(path.join(result.dir!, 'run.json'), 'utf8')).status).toBe('interrupted');
    }, 60_000);
});
