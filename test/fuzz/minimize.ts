// Shrinks a failing fuzz case to a small input that fails the same way (same operation, same
// message, same first frame in our code), by deleting lines, then tokens, then characters.
//
//   npx tsx test/fuzz/minimize.ts --seed 1234 --case 17 [--match "checkTrain"]
//   npx tsx test/fuzz/minimize.ts --file broken.expspec [--match "..."]
//   npx tsx test/fuzz/minimize.ts --failures test-results/fuzz-failures-1234.json   every distinct failure
//
// For a failure at a cursor position (completion, hover, navigation) the position is carried
// through the deletions, so each attempt asks at one place only.
import { readFileSync } from 'node:fs';
import { TextDocument } from 'langium';
import { FuzzRunner, Random, allOffsets, caseRandom, loadExamples, makeCase, mulberry32, signature, tokenize, type OperationFailure } from './harness.js';

interface Target { readonly signature: string; readonly kind: string; offset?: number }

const runner = new FuzzRunner();
const fixedRandom = (): Random => new Random(mulberry32(1));

function arg(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    const value = i >= 0 ? process.argv[i + 1] : undefined;
    return value?.startsWith('--') ? undefined : value;
}

function kindOf(failure: OperationFailure): string {
    return failure.operation.replace(/ [@(].*$/, '');
}

/** The offset of `@line:col` in an operation's name, for operations asked at a position. */
function offsetOf(text: string, operation: string): number | undefined {
    const m = /^(completion|hover|definition|references|highlight|rename) @(\d+):(\d+)/.exec(operation);
    if (!m) return undefined;
    return TextDocument.create('file:///x', 'expspec', 0, text).offsetAt({ line: Number(m[2]) - 1, character: Number(m[3]) - 1 });
}

async function fails(text: string, target: Target, offset: number | undefined): Promise<boolean> {
    const failures = await runner.check(text, fixedRandom(), { offsets: offset === undefined ? [] : [offset], only: [target.kind] });
    return failures.some(f => signature(f) === target.signature);
}

/** Where an offset goes when [from, to) is deleted. */
function shift(offset: number | undefined, from: number, to: number): number | undefined {
    if (offset === undefined) return undefined;
    return offset < from ? offset : offset >= to ? offset - (to - from) : from;
}

/** Delta debugging over spans of the text (lines, tokens or characters). */
async function shrink(text: string, target: Target, spans: (text: string) => Array<[number, number]>): Promise<string> {
    let granularity = 2;
    for (;;) {
        const units = spans(text);
        if (units.length === 0) return text;
        granularity = Math.min(granularity, units.length);
        const size = Math.ceil(units.length / granularity);
        let removed = false;
        for (let i = 0; i < units.length; i += size) {
            const from = units[i]![0], to = units[Math.min(i + size, units.length) - 1]![1];
            const candidate = text.slice(0, from) + text.slice(to);
            const offset = shift(target.offset, from, to);
            if (await fails(candidate, target, offset)) {
                text = candidate;
                target.offset = offset;
                removed = true;
                break;
            }
        }
        if (removed) {
            granularity = Math.max(granularity - 1, 2);
        } else if (granularity >= units.length) {
            return text;
        } else {
            granularity = Math.min(granularity * 2, units.length);
        }
    }
}

const lines = (text: string): Array<[number, number]> => [...text.matchAll(/[^\n]*\n|[^\n]+$/g)].map(m => [m.index!, m.index! + m[0].length]);
const tokens = (text: string): Array<[number, number]> => tokenize(text).map(t => [t.start, t.end]);
const chars = (text: string): Array<[number, number]> => Array.from({ length: text.length }, (_, i) => [i, i + 1]);
const spaces = (text: string): Array<[number, number]> => [...text.matchAll(/\s+/g)].map(m => [m.index!, m.index! + m[0].length]);

async function minimize(text: string, failure: OperationFailure): Promise<void> {
    const target: Target = { signature: signature(failure), kind: kindOf(failure), offset: offsetOf(text, failure.operation) };
    console.log(`\n=== ${target.signature}`);
    if (!await fails(text, target, target.offset)) {
        console.log('    does not reproduce on its own (it may depend on the state left by earlier operations); the original text:');
        console.log(`    ${JSON.stringify(text)}`);
        return;
    }
    let current = text;
    for (const spans of [lines, tokens, spaces, chars]) {
        if (spans === chars && current.length > 400) continue;
        current = await shrink(current, target, spans);
    }
    const result = await runner.check(current, fixedRandom(), { offsets: target.offset === undefined ? [] : [target.offset], only: [target.kind] });
    const reproduced = result.find(f => signature(f) === target.signature)!;
    const marked = target.offset === undefined ? current : `${current.slice(0, target.offset)}‸${current.slice(target.offset)}`;
    console.log(`    minimal input (${current.length} chars${target.offset === undefined ? '' : `; ‸ marks the cursor, offset ${target.offset}`}):`);
    console.log(`    ${JSON.stringify(marked)}`);
    console.log(`    ${reproduced.operation}: ${reproduced.error.split('\n').slice(0, 10).join('\n    ')}`);
}

async function main(): Promise<void> {
    const match = arg('match');
    const pickFailures = (all: readonly OperationFailure[]) => {
        const distinct = new Map<string, OperationFailure>();
        for (const f of all) if (!distinct.has(signature(f)) && (!match || signature(f).includes(match) || f.error.includes(match))) distinct.set(signature(f), f);
        return [...distinct.values()];
    };
    if (process.argv.includes('--failures')) {
        const file = arg('failures');
        if (!file) {
            console.error('usage: minimize.ts --failures test-results/fuzz-failures-<seed>.json');
            process.exit(2);
        }
        const recorded = JSON.parse(readFileSync(file, 'utf8')) as Array<OperationFailure & { text: string; signature?: string }>;
        const bySignature = new Map<string, (typeof recorded)[number]>();
        for (const f of recorded) {
            const key = signature(f);
            if (match && !key.includes(match) && !f.error.includes(match)) continue;
            const known = bySignature.get(key);
            if (!known || f.text.length < known.text.length) bySignature.set(key, f);
        }
        console.log(`${recorded.length} recorded failure(s), ${bySignature.size} distinct`);
        for (const f of bySignature.values()) await minimize(f.text, f);
        return;
    }
    let text: string;
    let failures: OperationFailure[];
    const file = arg('file');
    if (file) {
        text = readFileSync(file, 'utf8');
        // every token edge, not a few random places: a file is usually small and worth the time
        failures = await runner.check(text, caseRandom(0, 0), { offsets: allOffsets(text) });
    } else {
        const seed = Number(arg('seed')), index = Number(arg('case'));
        if (!Number.isInteger(seed) || !Number.isInteger(index)) {
            console.error('usage: minimize.ts --seed S --case N | --file F | --failures F   [--match TEXT]');
            process.exit(2);
        }
        const made = makeCase(seed >>> 0, index, loadExamples());
        text = made.fuzzCase.text;
        failures = await runner.check(text, made.random);
    }
    const chosen = pickFailures(failures);
    if (!chosen.length) {
        console.log('no failure to minimize: the input passes every check');
        return;
    }
    for (const failure of chosen) await minimize(text, failure);
}

await main();
