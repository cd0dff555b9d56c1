// Fuzzes the language services with mutated copies of the example specs: each case is parsed,
// linked and validated, then completion, hover, navigation, formatting, semantic tokens, symbols,
// folding and quick fixes are asked for at random places. Nothing may throw, nothing may be
// swallowed and logged (Langium catches exceptions in validation checks, linking and reference
// completion and only logs them), and formatting may change whitespace only.
//
//   npx vitest run test/fuzz                                          a fresh random seed
//   EXPSPEC_FUZZ_SEED=1234 npx vitest run test/fuzz                    the same cases again
//   EXPSPEC_FUZZ_CASES=20000 npx vitest run test/fuzz                  more cases (default 5000)
//   EXPSPEC_FUZZ_SEED=1234 EXPSPEC_FUZZ_ONLY=17 npx vitest run test/fuzz   one case, text printed
//   npx tsx test/fuzz/minimize.ts --seed 1234 --case 17                shrink a failing case
//   npx tsx test/fuzz/minimize.ts --failures test-results/fuzz-failures-1234.json   shrink them all
//
// A case is fully determined by (seed, case index) and the example files. Every failure is written,
// with its text and stack, to test-results/fuzz-failures-<seed>.json; while a case runs its text is
// in test-results/fuzz-in-progress-<seed>.json, so that a case which hangs the worker can be recovered.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CRASHERS } from './crashers.js';
import { FuzzRunner, allOffsets, caseRandom, loadExamples, makeCase, root, signature, type FuzzCase, type OperationFailure } from './harness.js';

const SEED = parseSeed(process.env.EXPSPEC_FUZZ_SEED);
const CASES = Math.max(1, Number.parseInt(process.env.EXPSPEC_FUZZ_CASES ?? '', 10) || 5000);
const ONLY = process.env.EXPSPEC_FUZZ_ONLY?.trim() ? Number.parseInt(process.env.EXPSPEC_FUZZ_ONLY, 10) : undefined;
/** Blocks of cases, one `it` each, so that progress shows and a failure points at a smaller range. */
const BLOCKS = 10;
/** How many distinct failures the test message spells out in full. */
const FAILURES_SHOWN = 5;

const resultsDir = path.join(root, 'test-results');
// Named by seed, so that runs side by side (other seeds) do not overwrite each other's files.
const progressFile = path.join(resultsDir, `fuzz-in-progress-${SEED}.json`);
const failuresFile = path.join(resultsDir, `fuzz-failures-${SEED}.json`);

function parseSeed(text: string | undefined): number {
    if (text?.trim()) {
        const value = Number(text.trim());
        if (!Number.isInteger(value)) throw new Error(`EXPSPEC_FUZZ_SEED must be an integer, got \`${text}\``);
        return value >>> 0;
    }
    return (Math.random() * 2 ** 32) >>> 0;
}

type Failure = OperationFailure & Omit<FuzzCase, 'seed'> & { readonly signature: string };

const examples = loadExamples();
const runner = new FuzzRunner();
const failures: Failure[] = [];
const stats = { cases: 0, slowestMs: 0, slowestCase: -1, heapAfterFirstBlockMiB: 0 };
const heapMiB = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);

async function runCases(indices: readonly number[]): Promise<Failure[]> {
    const before = failures.length;
    mkdirSync(resultsDir, { recursive: true });
    for (const index of indices) {
        const { fuzzCase, random } = makeCase(SEED, index, examples);
        writeFileSync(progressFile, JSON.stringify(fuzzCase, null, 2));
        const started = performance.now();
        for (const failure of await runner.check(fuzzCase.text, random)) {
            const { seed: _seed, ...rest } = fuzzCase;
            failures.push({ ...rest, ...failure, signature: signature(failure) });
        }
        const elapsed = performance.now() - started;
        stats.cases++;
        if (elapsed > stats.slowestMs) { stats.slowestMs = elapsed; stats.slowestCase = index; }
    }
    rmSync(progressFile, { force: true });
    if (failures.length) writeFileSync(failuresFile, JSON.stringify(failures.map(f => ({ seed: SEED, ...f })), null, 2));
    return failures.slice(before);
}

function report(failed: readonly Failure[]): string {
    const bySignature = new Map<string, Failure[]>();
    for (const failure of failed) bySignature.set(failure.signature, [...bySignature.get(failure.signature) ?? [], failure]);
    // The shortest case of each distinct failure, so that one frequent bug does not hide the others.
    const shortest = [...bySignature.values()].map(group => group.reduce((a, b) => (b.text.length < a.text.length ? b : a)));
    const shown = shortest.slice(0, FAILURES_SHOWN).map(f => [
        `--- seed ${SEED} case ${f.index} (${f.example}): ${f.operation}`,
        `    reproduce: EXPSPEC_FUZZ_SEED=${SEED} EXPSPEC_FUZZ_ONLY=${f.index} npx vitest run test/fuzz`,
        `    shrink:    npx tsx test/fuzz/minimize.ts --seed ${SEED} --case ${f.index}`,
        `    mutations: ${f.mutations.join('; ')}`,
        `    text: ${JSON.stringify(f.text)}`,
        `    ${f.error.split('\n').slice(0, 12).join('\n    ')}`,
    ].join('\n'));
    return `${failed.length} failure(s) in ${new Set(failed.map(f => f.index)).size} case(s), ${bySignature.size} distinct (seed ${SEED}); `
        + `all of them in ${path.relative(root, failuresFile)}:\n`
        + `${[...bySignature].map(([key, group]) => `  * ${group.length}x ${key}`).join('\n')}\n${shown.join('\n')}\n`;
}

describe('fuzzing the language services with mutated examples', () => {
    console.log(`fuzz: seed ${SEED} (EXPSPEC_FUZZ_SEED=${SEED} repeats this run), ${ONLY !== undefined ? `case ${ONLY} only` : `${CASES} cases`}`);
    rmSync(failuresFile, { force: true });

    it('has examples to mutate', () => {
        expect(examples.length).toBeGreaterThan(0);
    });

    it('survives every input that crashed before (test/fuzz/crashers.ts)', async () => {
        const found: string[] = [];
        let count = 0;
        for (const [i, crasher] of CRASHERS.entries()) {
            const failed = await runner.check(crasher.text, caseRandom(0, i), { offsets: allOffsets(crasher.text) });
            count += failed.length;
            // one of each distinct failure per input
            const distinct = new Map(failed.map(f => [signature(f), f]));
            for (const failure of distinct.values()) {
                found.push(`--- ${JSON.stringify(crasher.text)} (it once crashed in ${crasher.crashed})\n    ${failure.operation}: ${failure.error.split('\n').slice(0, 8).join('\n    ')}`);
            }
        }
        expect(count, `${count} failure(s), ${found.length} distinct, on inputs that crashed before:\n${found.join('\n')}`).toBe(0);
    }, 60_000);

    if (ONLY !== undefined) {
        it(`case ${ONLY}`, async () => {
            const { fuzzCase } = makeCase(SEED, ONLY, examples);
            console.log(`fuzz: case ${ONLY} of seed ${SEED} (${fuzzCase.example})\n  mutations: ${fuzzCase.mutations.join('; ')}\n  text: ${JSON.stringify(fuzzCase.text)}`);
            const failed = await runCases([ONLY]);
            expect(failed.length, failed.length ? report(failed) : '').toBe(0);
        }, 60_000);
    } else {
        for (let block = 0; block < BLOCKS; block++) {
            const from = Math.floor(CASES * block / BLOCKS), to = Math.floor(CASES * (block + 1) / BLOCKS);
            if (from === to) continue;
            const indices = Array.from({ length: to - from }, (_, i) => from + i);
            // About 10 ms a case on a 2-core machine; the timeout allows ten times that.
            it(`cases ${from}..${to - 1}`, async () => {
                const failed = await runCases(indices);
                if (block === 0) stats.heapAfterFirstBlockMiB = heapMiB();
                expect(failed.length, failed.length ? report(failed) : '').toBe(0);
            }, Math.max(30_000, (to - from) * 100));
        }
    }

    it('leaves no documents behind', () => {
        expect(runner.services.shared.workspace.LangiumDocuments.all.map(d => d.uri.toString()).toArray()).toEqual([]);
    });

    afterAll(() => {
        console.log(`fuzz: ${stats.cases} cases, ${runner.operations} operations, ${failures.length} failures (seed ${SEED})`
            + (stats.slowestCase >= 0 ? `; slowest case ${stats.slowestCase} took ${stats.slowestMs.toFixed(0)} ms` : '')
            + (stats.heapAfterFirstBlockMiB ? `; heap ${stats.heapAfterFirstBlockMiB} MiB after the first block, ${heapMiB()} MiB at the end` : ''));
    });
});
