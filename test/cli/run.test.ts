// `expspec run` as a user runs it (the built bundle, Node 22): exit codes, the table, `--json`, `--out`,
// `--seed`, `--backend`, and Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../language/services.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'run');
const launcher = path.join(repoRoot, 'bin/expspec.cjs');
let workspace: string;

beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-cli-run-'));
    for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(workspace, f));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

function expspec(...args: string[]) {
    const result = spawnSync(process.execPath, [launcher, ...args], { cwd: workspace, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, text: string): string {
    fs.writeFileSync(path.join(workspace, name), text);
    return name;
}

const tiny = () => fs.readFileSync(path.join(workspace, 'tiny.expspec'), 'utf8');
const lastLine = (s: string) => s.trim().split('\n').at(-1)!;

describe('expspec run', () => {
    it('prints the metrics table and, with --json, one JSON object on the last line; exit 0', () => {
        const { code, stdout, stderr } = expspec('run', 'tiny.expspec', '--json');
        expect(code, stderr).toBe(0);
        expect(stdout).toMatch(/clusters: hierarchicalClustering on moons\.test \(4 sets, k = 4/);
        expect(stdout).toMatch(/^embed\s+-?\d\.\d{3} ± \d\.\d{3}/m);
        expect(stdout).toMatch(/^ward linkage\s+/m);
        const summary = JSON.parse(lastLine(stdout));
        expect(summary.status).toBe('completed');
        expect(summary.seed).toBe(3);
        expect(summary.backend).toBe('wasm');
        expect(fs.existsSync(path.join(summary.run, 'metrics.json'))).toBe(true);
        // a headless run has pictures too: the self-contained report with the run's data
        const report = fs.readFileSync(path.join(summary.run, 'report.html'), 'utf8');
        expect(report).toContain('"experiment":"Tiny"');
        expect(report).not.toMatch(/(src|href)="https?:/);
        expect(stdout).toMatch(/; report: .*report\.html$/m);
        expect(path.dirname(summary.run)).toBe(path.join(fs.realpathSync(workspace), '.expspec', 'runs'));
        expect(Object.keys(summary.metrics.clusters)).toEqual(['embed', 'single linkage', 'ward linkage']);
        expect(typeof summary.metrics.clusters.embed.ari).toBe('number');
        // progress went to stderr, one plain line per epoch (not a terminal)
        expect(stderr).toMatch(/^ {2}epoch 1\/3 {2}hyphc -?\d/m);
    });

    it('takes --seed, --out and --backend', () => {
        const out = path.join(workspace, 'elsewhere');
        const { code, stdout, stderr } = expspec('run', 'tiny.expspec', '--json', '--seed', '11', '--out', out, '--backend', 'cpu');
        expect(code, stderr).toBe(0);
        const summary = JSON.parse(lastLine(stdout));
        expect(summary.seed).toBe(11);
        expect(summary.backend).toBe('cpu');
        expect(path.dirname(summary.run)).toBe(fs.realpathSync(out));
        const meta = JSON.parse(fs.readFileSync(path.join(summary.run, 'run.json'), 'utf8'));
        expect(meta.seed).toBe(11);
        expect(meta.backend.name).toBe('cpu');
    });

    it('exits 1 without running when the spec has errors', () => {
        const file = write('broken.expspec', tiny().replace('adam(lr: 1e-2)', 'adamm(lr: 1e-2)'));
        const { code, stderr } = expspec('run', file);
        expect(stderr).toMatch(/broken\.expspec:\d+:\d+: error: Unknown optimizer `adamm`/);
        expect(stderr).toMatch(/nothing was run/);
        expect(code).toBe(1);
        expect(fs.existsSync(path.join(workspace, '.expspec'))).toBe(false);
    });

    it('exits 1 before running for components the runtime does not have yet, naming them', () => {
        const file = write('later.expspec', tiny().replace('triplet(margin: 1.0)', 'triplet(margin: 1.0) + 0.5 * crossEntropy()')
            .replace('metrics: [ari, purity, nmi, dasgupta]', 'metrics: [ari, rocAuc]'));
        const { code, stderr } = expspec('run', file);
        expect(stderr).toMatch(/later\.expspec uses the objective 'crossEntropy', the metric 'rocAuc', which the language knows but the runtime does not run yet; nothing was run/);
        expect(code).toBe(1);
        expect(fs.existsSync(path.join(workspace, '.expspec'))).toBe(false);
    });

    it('exits 2 when the run fails, naming the epoch and loss term; the run is marked failed', () => {
        const file = write('nan.expspec', tiny().replace('adam(lr: 1e-2)', 'sgd(lr: 1e9)').replace('triplet(margin: 1.0)', 'triplet(margin: 1.0, similarity: euclidean)'));
        const { code, stdout, stderr } = expspec('run', file, '--json');
        expect(stderr).toMatch(/the run failed: epoch \d+ of 3: the loss term `\w+` became/);
        expect(code).toBe(2);
        const summary = JSON.parse(lastLine(stdout));
        expect(summary.status).toBe('failed');
        expect(JSON.parse(fs.readFileSync(path.join(summary.run, 'run.json'), 'utf8')).status).toBe('failed');
    });

    it('`expspec runs` lists the runs newest first with status and headline metric', () => {
        expect(expspec('runs').stdout).toMatch(/^no runs in \.expspec\/runs/);
        expect(expspec('run', 'tiny.expspec').code).toBe(0);
        const failed = write('nan.expspec', tiny().replace('adam(lr: 1e-2)', 'sgd(lr: 1e9)').replace('triplet(margin: 1.0)', 'triplet(margin: 1.0, similarity: euclidean)'));
        expect(expspec('run', failed).code).toBe(2);
        const text = expspec('runs');
        expect(text.code).toBe(0);
        const lines = text.stdout.trim().split('\n');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^\d{8}-\d{6}-Tiny(-\d+)?\s+failed\s+wasm\s+epoch \d+ of 3: the loss term/);
        expect(lines[1]).toMatch(/^\d{8}-\d{6}-Tiny(-\d+)?\s+completed\s+wasm\s+clusters: embed ari -?\d\.\d{3} ± \d\.\d{3}$/);
        const listed = JSON.parse(expspec('runs', '--json').stdout);
        expect(listed.map((r: { status: string }) => r.status)).toEqual(['failed', 'completed']);
        expect(listed[1].experiment).toBe('Tiny');
    });

    it('rejects unknown options and backends with usage, exit 2', () => {
        expect(expspec('run', 'tiny.expspec', '--backend', 'quantum').code).toBe(2);
        expect(expspec('run', 'tiny.expspec', '--frobnicate').stderr).toMatch(/unknown option/);
        expect(expspec('run').code).toBe(2);
    });

    it('cancels on Ctrl-C (SIGINT): exit 130 and the run marked cancelled', async () => {
        const file = write('long.expspec', tiny().replace('epochs: 3', 'epochs: 500').replace(/earlyStopping: .*\n/, ''));
        const child = spawn(process.execPath, [launcher, 'run', file], { cwd: workspace });
        let stderr = '';
        const code = await new Promise<number | null>(resolve => {
            child.stderr.on('data', chunk => {
                stderr += String(chunk);
                if (/epoch 2\/500/.test(stderr) && !child.killed) child.kill('SIGINT');
            });
            child.on('exit', c => resolve(c));
        });
        expect(stderr).toMatch(/cancelled/);
        expect(code).toBe(130);
        const runs = fs.readdirSync(path.join(workspace, '.expspec', 'runs'));
        expect(runs).toHaveLength(1);
        expect(JSON.parse(fs.readFileSync(path.join(workspace, '.expspec', 'runs', runs[0]!, 'run.json'), 'utf8')).status).toBe('cancelled');
    }, 60_000);
});
