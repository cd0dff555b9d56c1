// The run store: every run of an experiment, kept in the workspace under `.expspec/runs/`.
//
// Layout of one run (architecture.md, "Execution"):
//
//   .expspec/runs/<YYYYMMDD-HHMMSS>-<experiment>[-2, -3, …]/
//       run.json        metadata: status, start and end time (UTC), seed, backend {name, device, versions},
//                       pid, host, platform, and the error (failed, interrupted) or reason (cancelled)
//       spec.expspec    the spec text as run
//       config.json     the resolved configuration
//       events.jsonl    append-only, one JSON object a line, each with a monotonic `seq` and ISO `time`
//       metrics.json    written by `complete(summary)`
//       …               artefacts (embeddings, dendrograms as JSON and Newick, curves), flat file names
//
// Consistency. A run is written into a dot-prefixed temporary folder `.tmp-<id>` and renamed into place by
// its one terminal transition (complete, fail or cancel); the rename is the commit. `run.json` and artefacts
// are replaced atomically (write a dot-prefixed sibling, then rename), events are synchronous appends (a
// killed process loses at most the line in flight, which `readEvents` tolerates). So whatever kills a run —
// a bad input, a NaN loss, SIGKILL — the store holds finished runs (completed, failed, cancelled) and
// temporary folders; a temporary folder whose process is gone is listed as `interrupted`, never as complete,
// and `recover()` moves it into place with that status. A folder whose `run.json` is missing or unreadable
// is listed as `corrupt` with the reason; listing never throws for what it finds on disk.
//
// Node's standard library only: no vscode, Langium or TensorFlow.js here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Statuses a run can have in its `run.json`. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
/** Statuses `list()` reports: a run's own, or `corrupt` when its `run.json` cannot be read. */
export type ListedStatus = RunStatus | 'corrupt';

export interface BackendInfo {
    /** e.g. `tfjs-node-gpu`, `tfjs-node`, `wasm`, `cpu`. */
    name: string;
    /** e.g. `NVIDIA H100`, `cpu`. */
    device?: string;
    /** Package or library versions, e.g. `{ "@tensorflow/tfjs-core": "4.22.0", cuda: "12.2" }`. */
    versions?: Record<string, string>;
}

/** The content of `run.json`. */
export interface RunMeta {
    format: 1;
    experiment: string;
    /** The spec's file, as the caller gave it (workspace-relative preferred), or null. */
    specFile: string | null;
    status: RunStatus;
    /** ISO 8601, UTC. */
    startTime: string;
    /** ISO 8601, UTC; set by the terminal transition (or by `recover()`: the last activity seen). */
    endTime?: string;
    seed: number;
    backend: BackendInfo;
    pid: number;
    host: string;
    platform: { node: string; os: string; arch: string };
    /** failed, interrupted: what went wrong. */
    error?: string;
    /** failed: the stack, when the error had one. */
    errorStack?: string;
    /** cancelled: why (e.g. `SIGINT`, `cancelled by the user`). */
    reason?: string;
    /** Number of events written, set by the terminal transition. */
    events?: number;
}

export interface BeginOptions {
    experiment: string;
    specText: string;
    specFile?: string | null;
    /** The resolved configuration; must be JSON-serialisable. */
    config: unknown;
    seed: number;
    backend: BackendInfo;
}

/** One line of `events.jsonl`: the caller's fields plus `seq` (1, 2, …) and `time` (ISO). */
export interface RunEvent {
    seq: number;
    time: string;
    [key: string]: unknown;
}

interface ListingBase {
    /** The folder name: `<time>-<experiment>` for a finished run, `.tmp-<…>` for one not committed. */
    id: string;
    dir: string;
    /** Still in its temporary folder (running, or interrupted and not yet recovered). */
    temporary: boolean;
}

export interface RunListing extends ListingBase {
    status: RunStatus;
    meta: RunMeta;
    /** Why a temporary run is reported as it is (e.g. `process 1234 on host is gone`). */
    note?: string;
}

export interface CorruptListing extends ListingBase {
    status: 'corrupt';
    reason: string;
}

export type RunEntry = RunListing | CorruptListing;

export interface ArtefactInfo {
    name: string;
    bytes: number;
}

export type RunDetails = RunEntry & {
    /** Files of the run other than run.json, spec.expspec, config.json, events.jsonl (metrics.json included). */
    artefacts: ArtefactInfo[];
};

export interface EventsRead {
    events: RunEvent[];
    /** The last line was cut off (no final newline and not valid JSON) and was left out. */
    truncated: boolean;
    /** 1-based numbers of other lines that were not valid JSON objects (left out). */
    invalidLines: number[];
}

export interface RecoveredRun {
    from: string;
    id: string;
    dir: string;
}

export interface RunStoreOptions {
    /** The clock (tests). */
    now?: () => Date;
    /** This machine's name, compared with a run's `host` (tests). */
    hostname?: string;
    /**
     * A temporary run from another host, whose pid cannot be checked, is taken as interrupted once it has
     * shown no activity (writes to its folder) for this long. Default 24 hours.
     */
    staleAfterMs?: number;
    /** Whether a process is alive (tests). Default: `process.kill(pid, 0)`. */
    isAlive?: (pid: number) => boolean;
}

export class RunStoreError extends Error {
    override readonly name = 'RunStoreError';
}

export const TEMP_PREFIX = '.tmp-';
/** Files every run has; not artefacts, and `artefact()` may not overwrite them. */
export const RESERVED_FILES: readonly string[] = ['run.json', 'spec.expspec', 'config.json', 'events.jsonl'];
const RUN_STATUSES: readonly string[] = ['running', 'completed', 'failed', 'cancelled', 'interrupted'];

/** `YYYYMMDD-HHMMSS`, UTC. */
export function formatRunTime(d: Date): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** An experiment name as a folder-name part: letters, digits, `_`, `-`, inner `.`; at most 64 characters. */
export function sanitiseExperiment(name: string): string {
    const s = name
        .normalize('NFC')
        .replace(/[^\p{L}\p{N}_.-]+/gu, '-')
        .replace(/\.{2,}/g, '.')
        .replace(/-{2,}/g, '-')
        .replace(/^[.-]+|[.-]+$/g, '')
        .slice(0, 64)
        .replace(/[.-]+$/g, '');
    return s.length > 0 ? s : 'run';
}

/** Throws unless `name` is a plain file name: no separators, no `..`, no leading dot, no control or reserved characters. */
export function validateFileName(name: string, what = 'artefact name'): void {
    const bad = (why: string): never => {
        throw new RunStoreError(`invalid ${what} ${JSON.stringify(name)}: ${why}`);
    };
    if (typeof name !== 'string' || name.length === 0) bad('empty');
    if (name.length > 200) bad('longer than 200 characters');
    if (/[/\\]/.test(name)) bad('contains a path separator');
    if (name.includes('..')) bad("contains '..'");
    if (name.startsWith('.')) bad('starts with a dot');
    if (/[\u0000-\u001f\u007f<>:"|?*]/.test(name)) bad('contains a control or reserved character');
    if (/[ .]$/.test(name)) bad('ends with a space or a dot');
}

function validateRunId(id: string): void {
    if (typeof id !== 'string' || id.length === 0 || /[/\\\u0000]/.test(id) || id === '.' || id === '..' || id.includes('..')) {
        throw new RunStoreError(`invalid run id ${JSON.stringify(id)}`);
    }
}

function defaultIsAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        // EPERM: it exists, owned by someone else.
        return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
}

function errnoCode(e: unknown): string | undefined {
    return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Writes `data` to `file` atomically: a dot-prefixed sibling, fsync, rename. */
function writeFileAtomic(file: string, data: string | Uint8Array): void {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
    const fd = fs.openSync(tmp, 'w');
    try {
        writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    try {
        fs.renameSync(tmp, file);
    } catch (e) {
        try { fs.unlinkSync(tmp); } catch { /* already gone */ }
        throw e;
    }
}

function writeAll(fd: number, buf: Uint8Array): void {
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

function toJson(value: unknown, what: string, indent?: number): string {
    let s: string | undefined;
    try {
        s = JSON.stringify(value, null, indent);
    } catch (e) {
        throw new RunStoreError(`${what} is not JSON-serialisable: ${(e as Error).message}`);
    }
    if (s === undefined) throw new RunStoreError(`${what} is not JSON-serialisable (${typeof value})`);
    return s;
}

/** Renames `from` to `<base>`, `<base>-2`, `<base>-3`, … in `root`, whichever is free first; returns the name. */
function renameIntoPlace(root: string, from: string, base: string): string {
    for (let n = 1; n < 10_000; n++) {
        const name = n === 1 ? base : `${base}-${n}`;
        const to = path.join(root, name);
        // POSIX rename replaces an empty directory, so look first; a racing writer that takes the name
        // between the look and the rename leaves a non-empty folder, which rename refuses (ENOTEMPTY/EEXIST).
        if (fs.existsSync(to)) continue;
        try {
            fs.renameSync(from, to);
            return name;
        } catch (e) {
            const code = errnoCode(e);
            if ((code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') && fs.existsSync(to)) continue;
            throw e;
        }
    }
    throw new RunStoreError(`no free run folder name for ${base}`);
}

function readMeta(dir: string): { meta: RunMeta } | { problem: string; missing: boolean } {
    const file = path.join(dir, 'run.json');
    let text: string;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        const code = errnoCode(e);
        return code === 'ENOENT'
            ? { problem: 'run.json is missing', missing: true }
            : { problem: `run.json cannot be read (${code ?? (e as Error).message})`, missing: false };
    }
    let v: unknown;
    try {
        v = JSON.parse(text);
    } catch (e) {
        return { problem: `run.json is not valid JSON (${(e as Error).message})`, missing: false };
    }
    const problem = metaProblem(v);
    return problem ? { problem, missing: false } : { meta: v as RunMeta };
}

function metaProblem(v: unknown): string | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'run.json is not an object';
    const m = v as Record<string, unknown>;
    if (typeof m.experiment !== 'string') return 'run.json has no experiment';
    if (typeof m.status !== 'string' || !RUN_STATUSES.includes(m.status)) return `run.json has an unknown status ${JSON.stringify(m.status)}`;
    if (typeof m.startTime !== 'string' || Number.isNaN(Date.parse(m.startTime))) return 'run.json has no valid startTime';
    if (m.pid !== undefined && typeof m.pid !== 'number') return 'run.json has a non-numeric pid';
    return undefined;
}

/** Latest modification time (ms) of the folder, run.json and events.jsonl; 0 if none can be read. */
function lastActivity(dir: string): number {
    let t = 0;
    for (const f of [dir, path.join(dir, 'run.json'), path.join(dir, 'events.jsonl')]) {
        try {
            t = Math.max(t, fs.statSync(f).mtimeMs);
        } catch { /* missing */ }
    }
    return t;
}

/** Sort key: start time from run.json, else the time in the folder name, else the folder's mtime. */
function entryTime(e: RunEntry): number {
    if (e.status !== 'corrupt') {
        const t = Date.parse(e.meta.startTime);
        if (!Number.isNaN(t)) return t;
    }
    const m = /^(?:\.tmp-)?(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(e.id);
    if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    try {
        return fs.statSync(e.dir).mtimeMs;
    } catch {
        return 0;
    }
}

export class RunStore {
    readonly root: string;
    private readonly now: () => Date;
    private readonly host: string;
    private readonly staleAfterMs: number;
    private readonly isAlive: (pid: number) => boolean;

    /** `root` is the workspace's `.expspec/runs` folder; it is created when the first run begins. */
    constructor(root: string, options: RunStoreOptions = {}) {
        this.root = path.resolve(root);
        this.now = options.now ?? (() => new Date());
        this.host = options.hostname ?? os.hostname();
        this.staleAfterMs = options.staleAfterMs ?? 24 * 60 * 60 * 1000;
        this.isAlive = options.isAlive ?? defaultIsAlive;
    }

    /** The store for a workspace folder: `<workspace>/.expspec/runs`. */
    static forWorkspace(workspace: string, options?: RunStoreOptions): RunStore {
        return new RunStore(path.join(workspace, '.expspec', 'runs'), options);
    }

    /** Starts a run in a new temporary folder: run.json (status running) first, then the spec, config and an empty events.jsonl. */
    begin(options: BeginOptions): RunWriter {
        const { experiment, specText, config, seed, backend } = options;
        if (typeof experiment !== 'string' || experiment.trim() === '') throw new RunStoreError('begin: experiment must be a non-empty string');
        if (typeof specText !== 'string') throw new RunStoreError('begin: specText must be a string');
        if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new RunStoreError('begin: seed must be a finite number');
        if (typeof backend !== 'object' || backend === null || typeof backend.name !== 'string') throw new RunStoreError('begin: backend must have a name');
        const configText = toJson(config, 'begin: config', 2) + '\n';

        const start = this.now();
        const meta: RunMeta = {
            format: 1,
            experiment,
            specFile: options.specFile ?? null,
            status: 'running',
            startTime: start.toISOString(),
            seed,
            backend: { name: backend.name, ...(backend.device !== undefined ? { device: backend.device } : {}), versions: { ...(backend.versions ?? {}) } },
            pid: process.pid,
            host: this.host,
            platform: { node: process.versions.node, os: process.platform, arch: process.arch },
        };
        const metaText = toJson(meta, 'run metadata', 2) + '\n';

        fs.mkdirSync(this.root, { recursive: true });
        const tmpName = `${TEMP_PREFIX}${formatRunTime(start)}-${process.pid}-${randomBytes(4).toString('hex')}`;
        const dir = path.join(this.root, tmpName);
        fs.mkdirSync(dir); // fails if it exists: names are unique
        try {
            writeFileAtomic(path.join(dir, 'run.json'), metaText);
            writeFileAtomic(path.join(dir, 'spec.expspec'), specText);
            writeFileAtomic(path.join(dir, 'config.json'), configText);
            const fd = fs.openSync(path.join(dir, 'events.jsonl'), 'a');
            return new RunWriter(this.root, tmpName, meta, fd, this.now);
        } catch (e) {
            // Could not even start: leave nothing behind.
            try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
            throw e;
        }
    }

    /**
     * All runs, newest first: finished ones from their run.json; temporary ones as `running` (process alive)
     * or `interrupted` (process gone); folders without a readable run.json as `corrupt`. Never throws for
     * what is on disk (a missing root is an empty list).
     */
    list(): RunEntry[] {
        for (let attempt = 0; ; attempt++) {
            const { entries, vanished } = this.scan();
            // A run committed (renamed) while we looked: look once more so it is not missed.
            if (!vanished || attempt >= 2) return entries.sort((a, b) => entryTime(b) - entryTime(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        }
    }

    private scan(): { entries: RunEntry[]; vanished: boolean } {
        let dirents: fs.Dirent[];
        try {
            dirents = fs.readdirSync(this.root, { withFileTypes: true });
        } catch (e) {
            if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return { entries: [], vanished: false };
            throw e;
        }
        const entries: RunEntry[] = [];
        let vanished = false;
        for (const d of dirents) {
            if (!d.isDirectory()) continue;
            if (d.name.startsWith('.') && !d.name.startsWith(TEMP_PREFIX)) continue;
            const entry = this.inspect(d.name);
            if (entry === undefined) vanished = true;
            else entries.push(entry);
        }
        return { entries, vanished };
    }

    /** The entry for one folder, or undefined if it vanished meanwhile. */
    private inspect(name: string): RunEntry | undefined {
        const dir = path.join(this.root, name);
        const temporary = name.startsWith(TEMP_PREFIX);
        const r = readMeta(dir);
        if ('problem' in r) {
            if (r.missing && !fs.existsSync(dir)) return undefined;
            return { id: name, dir, temporary, status: 'corrupt', reason: r.problem };
        }
        const meta = r.meta;
        if (!temporary) {
            if (meta.status === 'running') return { id: name, dir, temporary, status: 'corrupt', reason: 'a finished run folder whose run.json says running' };
            return { id: name, dir, temporary, status: meta.status, meta };
        }
        const live = this.liveness(dir, meta);
        return { id: name, dir, temporary, status: live.alive ? 'running' : 'interrupted', meta, note: live.note };
    }

    private liveness(dir: string, meta: RunMeta): { alive: boolean; note: string } {
        const pid = meta.pid;
        const known = typeof pid === 'number' && Number.isInteger(pid) && pid > 0;
        if (known && meta.host === this.host) {
            if (this.isAlive(pid)) return { alive: true, note: `process ${pid} is running` };
            return { alive: false, note: `process ${pid} on ${meta.host} is gone` + (meta.status !== 'running' ? ` (it had recorded ${meta.status} but not committed it)` : '') };
        }
        // Another host, or no pid: judge by activity.
        const idle = this.now().getTime() - lastActivity(dir);
        const where = known ? `process ${pid} on ${meta.host}` : 'a process with no recorded pid';
        if (idle <= this.staleAfterMs) return { alive: true, note: `${where} cannot be checked from ${this.host}; active ${Math.round(idle / 1000)} s ago` };
        return { alive: false, note: `${where} cannot be checked from ${this.host}; no activity for ${Math.round(idle / 60_000)} min` };
    }

    /** One run's entry and its artefacts. Throws RunStoreError if there is no such run folder. */
    open(id: string): RunDetails {
        validateRunId(id);
        const dir = path.join(this.root, id);
        let stat: fs.Stats;
        try {
            stat = fs.statSync(dir);
        } catch {
            throw new RunStoreError(`no run ${JSON.stringify(id)} in ${this.root}`);
        }
        if (!stat.isDirectory()) throw new RunStoreError(`no run ${JSON.stringify(id)} in ${this.root}`);
        const entry = this.inspect(id);
        if (entry === undefined) throw new RunStoreError(`run ${JSON.stringify(id)} vanished (committed or recovered meanwhile)`);
        const artefacts: ArtefactInfo[] = [];
        let names: fs.Dirent[] = [];
        try {
            names = fs.readdirSync(dir, { withFileTypes: true });
        } catch { /* vanished: no artefacts */ }
        for (const d of names) {
            if (!d.isFile() || d.name.startsWith('.') || RESERVED_FILES.includes(d.name)) continue;
            let bytes = 0;
            try { bytes = fs.statSync(path.join(dir, d.name)).size; } catch { continue; }
            artefacts.push({ name: d.name, bytes });
        }
        artefacts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        return { ...entry, artefacts };
    }

    /** A run's file as text (an artefact, or run.json, spec.expspec, config.json, events.jsonl). */
    readFile(id: string, name: string): string {
        validateRunId(id);
        validateFileName(name, 'file name');
        return fs.readFileSync(path.join(this.root, id, name), 'utf8');
    }

    /** A run's JSON file, parsed. */
    readJson<T = unknown>(id: string, name: string): T {
        return JSON.parse(this.readFile(id, name)) as T;
    }

    /** A run's events. A last line cut off by a crash is left out (`truncated`), as are invalid lines. A missing file is no events. */
    readEvents(id: string): EventsRead {
        validateRunId(id);
        let text: string;
        try {
            text = fs.readFileSync(path.join(this.root, id, 'events.jsonl'), 'utf8');
        } catch (e) {
            if (errnoCode(e) === 'ENOENT') {
                if (!fs.existsSync(path.join(this.root, id))) throw new RunStoreError(`no run ${JSON.stringify(id)} in ${this.root}`);
                return { events: [], truncated: false, invalidLines: [] };
            }
            throw e;
        }
        const lines = text.split('\n');
        const complete = text.endsWith('\n') || text.length === 0;
        // With a final newline the split leaves one empty string at the end.
        if (complete) lines.pop();
        const events: RunEvent[] = [];
        const invalidLines: number[] = [];
        let truncated = false;
        lines.forEach((line, i) => {
            if (line.trim() === '') return;
            let v: unknown;
            try {
                v = JSON.parse(line);
            } catch {
                v = undefined;
            }
            if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
                events.push(v as RunEvent);
            } else if (!complete && i === lines.length - 1) {
                truncated = true;
            } else {
                invalidLines.push(i + 1);
            }
        });
        return { events, truncated, invalidLines };
    }

    /**
     * Moves every interrupted temporary run into place with status `interrupted` (end time: its last
     * activity). Running and corrupt temporary folders are left alone. Returns what was moved.
     */
    recover(): RecoveredRun[] {
        const moved: RecoveredRun[] = [];
        for (const e of this.list()) {
            if (!e.temporary || e.status !== 'interrupted') continue;
            const meta: RunMeta = {
                ...e.meta,
                status: 'interrupted',
                endTime: new Date(lastActivity(e.dir) || this.now().getTime()).toISOString(),
                error: e.note ?? 'the run ended before it was committed',
            };
            delete meta.reason;
            try {
                writeFileAtomic(path.join(e.dir, 'run.json'), toJson(meta, 'run metadata', 2) + '\n');
                const start = new Date(meta.startTime);
                const name = renameIntoPlace(this.root, e.dir, `${formatRunTime(start)}-${sanitiseExperiment(meta.experiment)}`);
                moved.push({ from: e.id, id: name, dir: path.join(this.root, name) });
            } catch (err) {
                // Another recover() (or process) got there first.
                if (errnoCode(err) === 'ENOENT') continue;
                throw err;
            }
        }
        return moved;
    }
}

export interface CommittedRun {
    id: string;
    dir: string;
    status: 'completed' | 'failed' | 'cancelled';
}

/** Writes one run. Obtain it from `RunStore.begin`; finish it with exactly one of complete, fail, cancel. */
export class RunWriter {
    private fd: number | null;
    private seq = 0;
    private folder: string;
    private finished: RunStatus = 'running';

    /** @internal use RunStore.begin */
    constructor(
        private readonly root: string,
        tmpName: string,
        private readonly meta: RunMeta,
        fd: number,
        private readonly now: () => Date,
    ) {
        this.folder = tmpName;
        this.fd = fd;
    }

    /** The run's folder name: temporary until the terminal transition, final after it. */
    get id(): string {
        return this.folder;
    }

    get dir(): string {
        return path.join(this.root, this.folder);
    }

    get status(): RunStatus {
        return this.finished;
    }

    get experiment(): string {
        return this.meta.experiment;
    }

    /** Appends one event (a plain object) as a JSON line with the next `seq` and the current `time`. */
    event(obj: Record<string, unknown>): RunEvent {
        this.ensureOpen('event');
        if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new RunStoreError('event: must be a plain object');
        const { seq: _s, time: _t, ...rest } = obj;
        const ev: RunEvent = { seq: this.seq + 1, time: this.now().toISOString(), ...rest };
        const line = toJson(ev, 'event') + '\n';
        writeAll(this.fd!, Buffer.from(line, 'utf8'));
        this.seq++;
        return ev;
    }

    /**
     * Writes an artefact: a string or bytes as they are, anything else as JSON. Replaces an artefact of the
     * same name atomically. Returns its path.
     */
    artefact(name: string, data: unknown): string {
        this.ensureOpen('artefact');
        validateFileName(name);
        if (RESERVED_FILES.includes(name)) throw new RunStoreError(`invalid artefact name ${JSON.stringify(name)}: reserved for the run itself`);
        const content = typeof data === 'string' || data instanceof Uint8Array ? data : toJson(data, `artefact ${name}`) + '\n';
        const file = path.join(this.dir, name);
        writeFileAtomic(file, content);
        return file;
    }

    /** Writes `metrics.json` from `summary`, sets status completed and the end time, and commits the run. */
    complete(summary: Record<string, unknown> = {}): CommittedRun {
        this.ensureOpen('complete');
        const metricsText = toJson(summary, 'complete: summary', 2) + '\n';
        return this.finish('completed', {}, () => writeFileAtomic(path.join(this.dir, 'metrics.json'), metricsText));
    }

    /** Sets status failed with the error's message, and commits the run (failed runs are listed, marked). */
    fail(error: unknown): CommittedRun {
        this.ensureOpen('fail');
        const message = error instanceof Error ? error.message : typeof error === 'string' ? error : safeString(error);
        const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
        return this.finish('failed', { error: message || 'failed', ...(stack ? { errorStack: stack } : {}) });
    }

    /** Sets status cancelled with the reason, and commits the run. */
    cancel(reason = 'cancelled'): CommittedRun {
        this.ensureOpen('cancel');
        return this.finish('cancelled', { reason: String(reason) });
    }

    private ensureOpen(op: string): void {
        if (this.finished !== 'running') throw new RunStoreError(`${op}: the run ${this.folder} is already ${this.finished}`);
    }

    private finish(status: 'completed' | 'failed' | 'cancelled', extra: Partial<RunMeta>, before?: () => void): CommittedRun {
        // From here on the run is finished, whether or not the writes below succeed: exactly one transition.
        this.finished = status;
        const fd = this.fd;
        this.fd = null;
        if (fd !== null) {
            try { fs.fsyncSync(fd); } catch { /* e.g. not supported */ }
            fs.closeSync(fd);
        }
        before?.();
        const meta: RunMeta = { ...this.meta, ...extra, status, endTime: this.now().toISOString(), events: this.seq };
        writeFileAtomic(path.join(this.dir, 'run.json'), toJson(meta, 'run metadata', 2) + '\n');
        const base = `${formatRunTime(new Date(this.meta.startTime))}-${sanitiseExperiment(this.meta.experiment)}`;
        this.folder = renameIntoPlace(this.root, this.dir, base);
        return { id: this.folder, dir: this.dir, status };
    }
}

function safeString(v: unknown): string {
    try {
        return String(v);
    } catch {
        return Object.prototype.toString.call(v);
    }
}
