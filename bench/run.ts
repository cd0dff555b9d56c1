// `npm run bench [-- NAME...] [--strict]`: runs the named benchmarks (all of them when none is
// named), prints each one's figures and targets as a table, and writes the results, with the
// machine and the date, to bench/results/<date>-<host>.json and .md.
//
//   npm run bench                        every benchmark
//   npm run bench -- language-latency    one of them
//   npm run bench -- --list              their names
//   npm run bench -- --strict            exit 1 when a target is missed
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../runtime/backend/index.js';
import { activationBench } from './activation.js';
import { hyphcEpochBench } from './hyphc-epoch.js';
import { languageLatency } from './language-latency.js';
import { linkageBench } from './linkage.js';
import { panelRenderBench } from './panel-render.js';
import { runLatencyBench } from './run-latency.js';
import type { Benchmark, BenchResult } from './stats.js';
import { allgStepBench } from './workloads/allg-step.js';
import { gruBench } from './workloads/gru.js';
import { mlpAutoencoderBench } from './workloads/mlp-autoencoder.js';
import { pairwiseSoftmaxBench } from './workloads/pairwise-softmax.js';
import { COMPARED_BACKENDS, compareOnly } from './workloads/compare.js';

/** Every benchmark, in the order they run. */
const BENCHMARKS: readonly Benchmark[] = [
    languageLatency,
    linkageBench,
    hyphcEpochBench,
    mlpAutoencoderBench,
    gruBench,
    pairwiseSoftmaxBench,
    allgStepBench,
    runLatencyBench,
    panelRenderBench,
    activationBench,
];

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

interface Machine {
    readonly hostname: string;
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
    readonly platform: string;
    /** 1-minute load average when the run started: other work on the machine skews the figures. */
    readonly loadAverage: number;
}

function machine(): Machine {
    const cpus = os.cpus();
    return {
        hostname: os.hostname(),
        cpu: cpus[0]?.model.trim() ?? 'unknown',
        cores: cpus.length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    };
}

// ---- Tables -------------------------------------------------------------------------------------

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');

function rows(result: BenchResult): string[][] {
    return result.metrics.map(m => {
        const goal = result.targets.find(t => t.metric === m.name);
        return [`${m.detail ? '  ' : ''}${m.name}`, String(m.samples), ms(m.median), ms(m.p95), ms(m.mean), ms(m.max),
            goal ? `${goal.statistic} < ${goal.limit} ms` : '', goal ? (goal.pass ? 'PASS' : 'MISS') : ''];
    });
}

const HEADER = ['metric', 'n', 'median ms', 'p95 ms', 'mean ms', 'max ms', 'target', ''];

function textTable(table: string[][]): string {
    const all = [HEADER, ...table];
    const widths = HEADER.map((_, i) => Math.max(...all.map(r => r[i]!.length)));
    const numeric = (i: number) => i >= 1 && i <= 5;
    const line = (r: string[]) => r.map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
    return [line(HEADER), widths.map(w => '-'.repeat(w)).join('  '), ...table.map(line)].join('\n');
}

function markdownTable(table: string[][]): string {
    const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/^\s+/, '&nbsp;&nbsp;');
    return [`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i >= 1 && i <= 5 ? ' ---: ' : ' --- ')).join('|')}|`,
        ...table.map(r => `| ${r.map(escape).join(' | ')} |`)].join('\n');
}

// ---- Main ---------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<number> {
    if (argv.includes('--list')) {
        for (const b of BENCHMARKS) console.log(`${b.name.padEnd(20)} ${b.description}`);
        return 0;
    }
    const strict = argv.includes('--strict');
    const backendsArg = argv.find(a => a.startsWith('--backends='));
    if (backendsArg) {
        const list = backendsArg.slice('--backends='.length);
        const asked = list.split(',').filter(Boolean);
        const wrong = asked.filter(b => !COMPARED_BACKENDS.includes(b as BackendName));
        if (wrong.length || !asked.length) {
            console.error(`bench: --backends= takes a comma-separated list of ${COMPARED_BACKENDS.join(', ')}; got '${list}'`);
            return 2;
        }
        compareOnly(asked as BackendName[]);
    }
    const names = argv.filter(a => !a.startsWith('--'));
    const unknown = names.filter(n => !BENCHMARKS.some(b => b.name === n));
    if (unknown.length) {
        console.error(`bench: unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHMARKS.map(b => b.name).join(', ')}`);
        return 2;
    }
    const selected = names.length ? BENCHMARKS.filter(b => names.includes(b.name)) : BENCHMARKS;
    const host = machine();
    const date = new Date();
    console.log(`bench: ${host.hostname}, ${host.cpu} (${host.cores} cores), Node ${host.node}, load ${host.loadAverage}, ${date.toISOString()}`);

    const results: Array<{ name: string; description: string; seconds: number } & BenchResult> = [];
    for (const benchmark of selected) {
        console.log(`\n== ${benchmark.name}: ${benchmark.description}`);
        const started = performance.now();
        const result = await benchmark.run(line => console.log(`   ${line}`));
        const seconds = (performance.now() - started) / 1000;
        results.push({ name: benchmark.name, description: benchmark.description, seconds, ...result });
        console.log(`\n${textTable(rows(result))}`);
        for (const t of result.targets) {
            console.log(`target ${t.metric} ${t.statistic} < ${t.limit} ms: ${ms(t.value)} ms ${t.pass ? 'PASS' : 'MISS'}`);
        }
        console.log(`(${seconds.toFixed(1)} s)`);
    }

    mkdirSync(resultsDir, { recursive: true });
    const stamp = date.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    const base = path.join(resultsDir, `${stamp}-${host.hostname.replace(/[^\w.-]+/g, '_')}`);
    writeFileSync(`${base}.json`, `${JSON.stringify({ date: date.toISOString(), machine: host, results }, null, 2)}\n`);
    const markdown = [
        `# Benchmarks, ${date.toISOString()}`, '',
        `Machine: \`${host.hostname}\`, ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, Node ${host.node}, ${host.platform}; load average ${host.loadAverage} at the start`, '',
        ...results.flatMap(r => [
            `## ${r.name}`, '', `${r.description} (${r.seconds.toFixed(1)} s)`, '',
            markdownTable(rows(r)), '',
            ...r.targets.map(t => `- target: ${t.metric} ${t.statistic} < ${t.limit} ms: **${ms(t.value)} ms, ${t.pass ? 'PASS' : 'MISS'}**`),
            ...r.notes.map(n => `- ${n.replace(/^\s+/, '&nbsp;&nbsp;')}`), '',
        ]),
    ].join('\n');
    writeFileSync(`${base}.md`, markdown);
    console.log(`\nbench: results in ${path.relative(process.cwd(), base)}.{json,md}`);
    const missed = results.flatMap(r => r.targets).filter(t => !t.pass);
    return strict && missed.length ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
