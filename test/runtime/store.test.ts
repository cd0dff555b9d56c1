// runtime/store: the run store keeps `.expspec/runs` consistent whatever happens to a run — completed,
// failed, cancelled, killed (a dead pid, and a real child process killed with SIGKILL mid-run), a truncated
// events.jsonl, a corrupt run.json — and never shows an unfinished run as complete.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
    formatRunTime, RunStore, RunStoreError, sanitiseExperiment, TEMP_PREFIX, validateFileName,
    type BeginOptions, type RunListing, type RunMeta,
} from '../../runtime/store/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

let workspace: string;
let root: string;

beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-store-'));
    root = path.join(workspace, '.expspec', 'runs');
});
afterEach(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
});

/** A clock that starts at `iso` and moves on by `stepMs` at every reading. */
function clock(iso: string, stepMs = 0): () => Date {
    let t = Date.parse(iso);
    return () => {
        const d = new Date(t);
        t += stepMs;
        return d;
    };
}

const spec = 'experiment blobs {\n  seed 7\n}\n';
function beginOpts(over: Partial<BeginOptions> = {}): BeginOptions {
    return {
        experiment: 'blobs',
        specText: spec,
        specFile: 'examples/blobs.expspec',
        config: { epochs: 3, lr: 0.01, layers: [16, 2] },
        seed: 7,
        backend: { name: 'cpu', device: 'cpu', versions: { 'expspec-runtime': '0.1.0' } },
        ...over,
    };
}

const dirNames = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).sort() : []);
const readMeta = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunMeta;

/** Every file of a folder with its content and mtime. */
function snapshot(dir: string): Record<string, { content: string; mtimeMs: number }> {
    const out: Record<string, { content: string; mtimeMs: number }> = {};
    for (const f of fs.readdirSync(dir)) {
        const p = path.join(dir, f);
        out[f] = { content: fs.readFileSync(p, 'utf8'), mtimeMs: fs.statSync(p).mtimeMs };
    }
    return out;
}

/** The pid of a child process that has already exited (and been reaped). */
function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', '']);
    expect(r.status).toBe(0);
    expect(r.pid).toBeGreaterThan(0);
    return r.pid!;
}

describe('naming', () => {
    it('formats the time as YYYYMMDD-HHMMSS in UTC', () => {
        expect(formatRunTime(new Date('2025-03-04T05:06:07.890Z'))).toBe('20250304-050607');
    });
    it('sanitises experiment names into one folder-name part', () => {
        expect(sanitiseExperiment('blobs')).toBe('blobs');
        expect(sanitiseExperiment('my experiment/v2: hyp')).toBe('my-experiment-v2-hyp');
        expect(sanitiseExperiment('../../etc')).toBe('etc');
        expect(sanitiseExperiment('...')).toBe('run');
        expect(sanitiseExperiment('a'.repeat(100))).toHaveLength(64);
        expect(sanitiseExperiment('Größe_1.5')).toBe('Größe_1.5');
    });
    it('accepts plain file names and refuses paths', () => {
        for (const ok of ['metrics.json', 'embedding.json', 'dendrogram.nwk', 'curve-loss.json']) expect(() => validateFileName(ok)).not.toThrow();
        for (const bad of ['../x.json', '..', 'a/b.json', 'a\\b.json', '/etc/passwd', '.hidden', '', 'x..json', 'a\u0000b', 'con:']) {
            expect(() => validateFileName(bad), bad).toThrow(RunStoreError);
        }
    });
});

describe('a run', () => {
    it('begin → events → artefacts → complete leaves the final folder with every file and no temporary folder', () => {
        const store = new RunStore(root, { now: clock('2025-01-02T03:04:05Z', 1000) });
        expect(fs.existsSync(root)).toBe(false); // created on demand
        const w = store.begin(beginOpts());

        // While running: a dot-prefixed temporary folder with the spec, config, run.json (running), events.jsonl.
        expect(w.id.startsWith(TEMP_PREFIX)).toBe(true);
        expect(dirNames(root)).toEqual([w.id]);
        expect(dirNames(w.dir)).toEqual(['config.json', 'events.jsonl', 'run.json', 'spec.expspec']);
        const running = readMeta(w.dir);
        expect(running).toMatchObject({ status: 'running', experiment: 'blobs', seed: 7, pid: process.pid, host: os.hostname(), specFile: 'examples/blobs.expspec' });
        expect(running.backend).toEqual({ name: 'cpu', device: 'cpu', versions: { 'expspec-runtime': '0.1.0' } });
        expect(running.startTime).toBe('2025-01-02T03:04:05.000Z');
        expect(store.list().map((e) => [e.id, e.status])).toEqual([[w.id, 'running']]);

        const e1 = w.event({ type: 'epoch', epoch: 1, loss: 0.5 });
        const e2 = w.event({ type: 'epoch', epoch: 2, loss: 0.25, seq: 99, time: 'not mine' });
        expect([e1.seq, e2.seq]).toEqual([1, 2]);
        expect(e2.time).not.toBe('not mine');
        w.artefact('embedding.json', { points: [[0.1, 0.2], [0.3, 0.4]] });
        w.artefact('dendrogram.nwk', '((a:1,b:1):1,c:2);\n');
        w.artefact('curve-loss.json', [0.5, 0.25]);
        w.artefact('curve-loss.json', [0.5, 0.25, 0.125]); // replaced
        w.artefact('bytes.bin', new Uint8Array([1, 2, 3]));

        const done = w.complete({ ari: 0.9, nmi: 0.8, dasgupta: 123.5 });
        expect(done).toEqual({ id: '20250102-030405-blobs', dir: path.join(root, '20250102-030405-blobs'), status: 'completed' });
        expect(w.id).toBe('20250102-030405-blobs');
        expect(dirNames(root)).toEqual(['20250102-030405-blobs']);
        expect(dirNames(done.dir)).toEqual([
            'bytes.bin', 'config.json', 'curve-loss.json', 'dendrogram.nwk', 'embedding.json', 'events.jsonl', 'metrics.json', 'run.json', 'spec.expspec',
        ]);
        const meta = readMeta(done.dir);
        expect(meta.status).toBe('completed');
        expect(meta.events).toBe(2);
        expect(Date.parse(meta.endTime!)).toBeGreaterThan(Date.parse(meta.startTime));
        expect(fs.readFileSync(path.join(done.dir, 'spec.expspec'), 'utf8')).toBe(spec);
        expect(JSON.parse(fs.readFileSync(path.join(done.dir, 'config.json'), 'utf8'))).toEqual({ epochs: 3, lr: 0.01, layers: [16, 2] });
        expect(JSON.parse(fs.readFileSync(path.join(done.dir, 'metrics.json'), 'utf8'))).toEqual({ ari: 0.9, nmi: 0.8, dasgupta: 123.5 });
        expect(fs.readFileSync(path.join(done.dir, 'dendrogram.nwk'), 'utf8')).toBe('((a:1,b:1):1,c:2);\n');

        const lines = fs.readFileSync(path.join(done.dir, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
        expect(lines.map((l) => [l.seq, l.type, l.epoch])).toEqual([[1, 'epoch', 1], [2, 'epoch', 2]]);

        const listed = store.list();
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({ id: done.id, status: 'completed', temporary: false });

        const opened = store.open(done.id);
        expect(opened.status).toBe('completed');
        expect(opened.artefacts.map((a) => a.name)).toEqual(['bytes.bin', 'curve-loss.json', 'dendrogram.nwk', 'embedding.json', 'metrics.json']);
        expect(opened.artefacts.find((a) => a.name === 'bytes.bin')!.bytes).toBe(3);
        expect(store.readJson(done.id, 'curve-loss.json')).toEqual([0.5, 0.25, 0.125]);
        expect(store.readFile(done.id, 'spec.expspec')).toBe(spec);
        expect(store.readEvents(done.id)).toMatchObject({ truncated: false, invalidLines: [] });
        expect(store.readEvents(done.id).events.map((e) => e.seq)).toEqual([1, 2]);
    });

    it('fail and cancel are committed, marked and listed newest first', () => {
        const store = new RunStore(root, { now: clock('2025-01-02T03:00:00Z', 60_000) });
        const a = store.begin(beginOpts({ experiment: 'first' }));
        a.event({ type: 'epoch', epoch: 1, loss: null });
        const failed = a.fail(new Error('loss is NaN at epoch 1'));
        const b = store.begin(beginOpts({ experiment: 'second' }));
        const cancelled = b.cancel('SIGINT');
        const c = store.begin(beginOpts({ experiment: 'third' }));
        const completed = c.complete({ ari: 1 });

        expect(failed.status).toBe('failed');
        expect(cancelled.status).toBe('cancelled');
        expect(dirNames(root)).toEqual([failed.id, cancelled.id, completed.id].sort());
        expect(dirNames(root).some((n) => n.startsWith('.'))).toBe(false);

        const list = store.list();
        expect(list.map((e) => [e.id, e.status])).toEqual([
            [completed.id, 'completed'], [cancelled.id, 'cancelled'], [failed.id, 'failed'],
        ]);
        const f = list[2] as RunListing;
        expect(f.meta.error).toBe('loss is NaN at epoch 1');
        expect(f.meta.errorStack).toContain('loss is NaN');
        expect((list[1] as RunListing).meta.reason).toBe('SIGINT');
        expect(fs.existsSync(path.join(failed.dir, 'metrics.json'))).toBe(false);
        expect(store.readEvents(failed.id).events).toHaveLength(1);
    });

    it('a second run, even a failing one, does not touch the first', () => {
        const store = new RunStore(root);
        const first = store.begin(beginOpts());
        first.event({ type: 'epoch', epoch: 1 });
        first.artefact('embedding.json', [[1, 2]]);
        const done = first.complete({ ari: 0.5 });
        const before = snapshot(done.dir);

        const second = store.begin(beginOpts());
        second.event({ type: 'epoch', epoch: 1 });
        expect(() => second.artefact('../' + done.id + '/metrics.json', { ari: 0 })).toThrow(RunStoreError);
        const failed = second.fail(new Error('bad CSV: row 3 has 2 columns, expected 3'));

        expect(failed.id).not.toBe(done.id);
        expect(snapshot(done.dir)).toEqual(before);
        expect(store.list().map((e) => e.status).sort()).toEqual(['completed', 'failed']);
    });

    it('name clashes get -2, -3', () => {
        const store = new RunStore(root, { now: clock('2025-06-01T12:00:00Z') }); // a clock that stands still
        const ids = [1, 2, 3].map(() => store.begin(beginOpts({ experiment: 'same name' })).complete().id);
        expect(ids).toEqual(['20250601-120000-same-name', '20250601-120000-same-name-2', '20250601-120000-same-name-3']);
        // A run finishing later into a name taken meanwhile also moves on.
        const w = store.begin(beginOpts({ experiment: 'late' }));
        fs.mkdirSync(path.join(root, '20250601-120000-late'));
        fs.writeFileSync(path.join(root, '20250601-120000-late', 'keep.txt'), 'x');
        expect(w.cancel().id).toBe('20250601-120000-late-2');
        expect(fs.readFileSync(path.join(root, '20250601-120000-late', 'keep.txt'), 'utf8')).toBe('x');
    });

    it('refuses artefact names with path separators, .. or reserved names', () => {
        const store = new RunStore(root);
        const w = store.begin(beginOpts());
        for (const bad of ['../escape.json', '..', '../../x', 'sub/dir.json', 'a\\b', '.hidden', 'run.json', 'events.jsonl', 'config.json', 'spec.expspec']) {
            expect(() => w.artefact(bad, 'x'), bad).toThrow(RunStoreError);
        }
        expect(fs.existsSync(path.join(root, 'escape.json'))).toBe(false);
        expect(fs.existsSync(path.join(workspace, '.expspec', 'escape.json'))).toBe(false);
        expect(() => store.open('../..')).toThrow(RunStoreError);
        expect(() => store.readFile(w.id, '../../../etc/passwd')).toThrow(RunStoreError);
        w.complete();
    });

    it('allows exactly one terminal transition', () => {
        const store = new RunStore(root);
        const w = store.begin(beginOpts());
        w.complete({ ari: 1 });
        expect(() => w.complete({ ari: 2 })).toThrow(/already completed/);
        expect(() => w.fail(new Error('x'))).toThrow(RunStoreError);
        expect(() => w.cancel()).toThrow(RunStoreError);
        expect(() => w.event({ type: 'late' })).toThrow(RunStoreError);
        expect(() => w.artefact('late.json', {})).toThrow(RunStoreError);
        expect(store.readJson(w.id, 'metrics.json')).toEqual({ ari: 1 });

        const v = store.begin(beginOpts());
        v.cancel('user');
        expect(() => v.complete()).toThrow(/already cancelled/);
    });

    it('an unserialisable summary throws without using up the terminal transition', () => {
        const store = new RunStore(root);
        const w = store.begin(beginOpts());
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        expect(() => w.complete(circular)).toThrow(RunStoreError);
        expect(w.status).toBe('running');
        expect(w.fail(new Error('summary could not be written')).status).toBe('failed');
    });

    it('begin with an unserialisable config leaves nothing behind', () => {
        const store = new RunStore(root);
        expect(() => store.begin(beginOpts({ config: { n: 1n } }))).toThrow(RunStoreError);
        expect(dirNames(root)).toEqual([]);
    });
});

describe('interrupted and damaged runs', () => {
    it('a temporary folder with a dead pid is listed as interrupted, never complete, and recover() marks it', () => {
        const store = new RunStore(root, { now: clock('2025-02-03T04:05:06Z') });
        const earlier = store.begin(beginOpts({ experiment: 'earlier' })).complete({ ari: 1 });
        const before = snapshot(earlier.dir);

        const w = store.begin(beginOpts({ experiment: 'killed' }));
        w.event({ type: 'epoch', epoch: 1 });
        const tmpId = w.id;
        // As a killed process would leave it: its pid is gone, and it had even recorded "completed" but not renamed.
        const meta = readMeta(w.dir);
        fs.writeFileSync(path.join(w.dir, 'run.json'), JSON.stringify({ ...meta, pid: deadPid(), status: 'completed' }));

        const listed = store.list().find((e) => e.id === tmpId) as RunListing;
        expect(listed.status).toBe('interrupted');
        expect(listed.temporary).toBe(true);
        expect(listed.note).toMatch(/is gone/);
        expect(store.list().filter((e) => e.status === 'completed').map((e) => e.id)).toEqual([earlier.id]);

        const moved = store.recover();
        expect(moved).toEqual([{ from: tmpId, id: '20250203-040506-killed', dir: path.join(root, '20250203-040506-killed') }]);
        expect(dirNames(root)).toEqual([earlier.id, '20250203-040506-killed'].sort());
        const recovered = readMeta(moved[0]!.dir);
        expect(recovered.status).toBe('interrupted');
        expect(recovered.error).toMatch(/is gone/);
        expect(recovered.endTime).toBeDefined();
        expect(store.list().map((e) => e.status).sort()).toEqual(['completed', 'interrupted']);
        expect(store.readEvents(moved[0]!.id).events).toHaveLength(1);
        expect(snapshot(earlier.dir)).toEqual(before);
        expect(store.recover()).toEqual([]); // idempotent
    });

    it('a live temporary run is running, and recover() leaves it alone', () => {
        const store = new RunStore(root);
        const w = store.begin(beginOpts());
        expect(store.list()[0]).toMatchObject({ id: w.id, status: 'running', temporary: true });
        expect(store.recover()).toEqual([]);
        expect(w.complete().status).toBe('completed');
    });

    it('a temporary run from another host is judged by its activity', () => {
        let now = Date.now();
        const store = new RunStore(root, { now: () => new Date(now), hostname: 'this-host', staleAfterMs: 60_000 });
        const w = store.begin(beginOpts());
        const meta = readMeta(w.dir);
        fs.writeFileSync(path.join(w.dir, 'run.json'), JSON.stringify({ ...meta, host: 'other-host' }));
        expect(store.list()[0]!.status).toBe('running');
        now += 10 * 60_000;
        expect(store.list()[0]!.status).toBe('interrupted');
    });

    it('a truncated events.jsonl still reads', () => {
        const store = new RunStore(root);
        const w = store.begin(beginOpts());
        w.event({ type: 'epoch', epoch: 1 });
        w.event({ type: 'epoch', epoch: 2 });
        fs.appendFileSync(path.join(w.dir, 'events.jsonl'), '{"seq":3,"time":"2025-01-01T00:00:00.000Z","type":"ep');
        const r = store.readEvents(w.id);
        expect(r.truncated).toBe(true);
        expect(r.invalidLines).toEqual([]);
        expect(r.events.map((e) => e.epoch)).toEqual([1, 2]);

        // A damaged line in the middle is left out and reported.
        const f = path.join(w.dir, 'events.jsonl');
        fs.writeFileSync(f, '{"seq":1}\nnot json\n{"seq":3}\n');
        expect(store.readEvents(w.id)).toEqual({ events: [{ seq: 1 }, { seq: 3 }], truncated: false, invalidLines: [2] });
        fs.writeFileSync(f, '');
        expect(store.readEvents(w.id)).toEqual({ events: [], truncated: false, invalidLines: [] });
    });

    it('a missing or corrupt run.json is reported as corrupt, not thrown', () => {
        const store = new RunStore(root, { now: clock('2025-01-01T00:00:00Z', 1000) });
        const good = store.begin(beginOpts()).complete();
        fs.mkdirSync(path.join(root, '20250101-000010-garbled'));
        fs.writeFileSync(path.join(root, '20250101-000010-garbled', 'run.json'), '{"status": "compl');
        fs.mkdirSync(path.join(root, '20250101-000020-empty'));
        fs.mkdirSync(path.join(root, '20250101-000030-odd'));
        fs.writeFileSync(path.join(root, '20250101-000030-odd', 'run.json'), JSON.stringify({ experiment: 'x', status: 'done', startTime: '2025-01-01T00:00:30Z' }));
        fs.mkdirSync(path.join(root, '20250101-000040-claims-running'));
        fs.writeFileSync(path.join(root, '20250101-000040-claims-running', 'run.json'), JSON.stringify({ experiment: 'x', status: 'running', startTime: '2025-01-01T00:00:40Z' }));
        fs.writeFileSync(path.join(root, 'stray-file.txt'), 'not a run');
        fs.mkdirSync(path.join(root, '.DS_Store_dir'));

        const list = store.list();
        expect(list.map((e) => [e.id, e.status])).toEqual([
            ['20250101-000040-claims-running', 'corrupt'],
            ['20250101-000030-odd', 'corrupt'],
            ['20250101-000020-empty', 'corrupt'],
            ['20250101-000010-garbled', 'corrupt'],
            [good.id, 'completed'],
        ]);
        const reasons = Object.fromEntries(list.filter((e) => e.status === 'corrupt').map((e) => [e.id, (e as { reason: string }).reason]));
        expect(reasons['20250101-000010-garbled']).toMatch(/not valid JSON/);
        expect(reasons['20250101-000020-empty']).toMatch(/missing/);
        expect(reasons['20250101-000030-odd']).toMatch(/unknown status/);
        expect(reasons['20250101-000040-claims-running']).toMatch(/says running/);
        expect(store.open('20250101-000010-garbled')).toMatchObject({ status: 'corrupt', artefacts: [] });
        expect(() => store.open('no-such-run')).toThrow(RunStoreError);
        expect(store.recover()).toEqual([]);
    });

    it('an empty or missing store lists nothing', () => {
        expect(new RunStore(root).list()).toEqual([]);
        expect(new RunStore(root).recover()).toEqual([]);
    });

    it('a real child process killed with SIGKILL mid-run leaves a run listed as interrupted', async () => {
        const script = path.join(workspace, 'runner.mts');
        const storeUrl = pathToFileURL(path.join(repoRoot, 'runtime/store/index.ts')).href;
        fs.writeFileSync(script, `
import { RunStore } from ${JSON.stringify(storeUrl)};
const store = new RunStore(process.argv[2]);
const w = store.begin({ experiment: 'killed mid-run', specText: 'experiment k {}\\n', config: { epochs: 1000 }, seed: 1, backend: { name: 'cpu' } });
w.artefact('curve-loss.json', [1]);
let epoch = 0;
w.event({ type: 'epoch', epoch: ++epoch });
process.stdout.write('ready ' + w.id + '\\n');
setInterval(() => { for (let i = 0; i < 50; i++) w.event({ type: 'epoch', epoch: ++epoch, loss: 1 / epoch }); }, 1);
`);
        const child = spawn(process.execPath, ['--import', 'tsx', script, root], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
        const tmpId = await new Promise<string>((resolve, reject) => {
            let out = '';
            child.stdout.on('data', (d) => {
                out += d;
                const m = /ready (\S+)\n/.exec(out);
                if (m) resolve(m[1]!);
            });
            child.on('exit', () => reject(new Error(`runner exited before it was ready: ${stderr}`)));
        });
        await new Promise((r) => setTimeout(r, 100)); // let it write events
        expect(child.kill('SIGKILL')).toBe(true);
        expect(await exited).toBe('SIGKILL');

        const store = new RunStore(root);
        const list = store.list();
        expect(list).toHaveLength(1);
        expect(list[0]).toMatchObject({ id: tmpId, status: 'interrupted', temporary: true });
        expect((list[0] as RunListing).meta.pid).toBe(child.pid);
        const ev = store.readEvents(tmpId);
        expect(ev.invalidLines).toEqual([]);
        expect(ev.events.length).toBeGreaterThan(1);
        expect(ev.events.map((e) => e.seq)).toEqual(ev.events.map((_, i) => i + 1));
        expect(store.open(tmpId).artefacts.map((a) => a.name)).toEqual(['curve-loss.json']);

        const [moved] = store.recover();
        expect(moved!.id).toMatch(/^\d{8}-\d{6}-killed-mid-run$/);
        expect(store.list().map((e) => [e.id, e.status])).toEqual([[moved!.id, 'interrupted']]);
    });
});
