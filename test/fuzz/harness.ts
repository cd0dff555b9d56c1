// The fuzzing machinery shared by the fuzz test (fuzz.test.ts) and the minimizer (minimize.ts):
// a seeded PRNG, mutations of the example specs, and one case run through every language service.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmptyFileSystem, URI, type LangiumDocument, type TextDocument } from 'langium';
import { clearDocuments, setTextDocument } from 'langium/test';
import type { Diagnostic, Position, TextEdit } from 'vscode-languageserver-types';
import { createExpspecServices } from '../../language/expspec-module.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const examplesDir = path.join(root, 'examples');

export interface Example { readonly name: string; readonly text: string }

export function loadExamples(): Example[] {
    return readdirSync(examplesDir).filter(f => f.endsWith('.expspec')).sort()
        .map(name => ({ name, text: readFileSync(path.join(examplesDir, name), 'utf8') }));
}

// ---- Seeded randomness --------------------------------------------------------------------------

/** mulberry32: a tiny, fast, good-enough 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export class Random {
    constructor(readonly next: () => number) { }
    /** An integer in [0, n). */
    int(n: number): number { return Math.floor(this.next() * n); }
    pick<T>(items: readonly T[]): T { return items[this.int(items.length)]!; }
    chance(p: number): boolean { return this.next() < p; }
}

/** The generator of one case, independent of every other case, so that a case reproduces alone. */
export function caseRandom(seed: number, index: number): Random {
    let h = (seed ^ Math.imul(index + 1, 0x9E3779B1)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85EBCA6B) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xC2B2AE35) >>> 0;
    return new Random(mulberry32((h ^ (h >>> 16)) >>> 0));
}

// ---- Mutations ----------------------------------------------------------------------------------

export interface Token { readonly start: number; readonly end: number; readonly text: string }

/** A rough lexer, close enough to the grammar's for picking tokens to mutate. */
const TOKEN = /\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"?|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?%?|[A-Za-z_]\w*|\.\.|\S/gu;

export function tokenize(text: string): Token[] {
    return [...text.matchAll(TOKEN)].map(m => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

const EXTREME_NUMBERS = [
    '1e308', '1e309', '-1e308', '1.7976931348623157e308', '4.9e-324', '1e-400', '-0', '0', '-0.0', '0.0',
    'NaN', '-NaN', 'Infinity', '-Infinity', '99999999999999999999999999999999', '9007199254740993', '-9007199254740993',
    '0.000000000000000000001', '00000', '007', '1.', '.5', '1e', '1e+', '1e-', '0x1F', '1_000', '2147483648', '-2147483649',
    '4294967296', '100%', '0%', '1000000000%', '0.0001%', '-5%', '1e3%', '3 .. 1', '1 .. 1e308 step 0', '0 .. 10 step -1', '1 .. 0 log',
];

/** Fragments to insert: control characters, non-ASCII, lone surrogates, BOM, line separators, syntax. */
const INSERTIONS = [
    '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\r\n', '\u000B', '\f', '\u001B', '\u007F', '\u0085', '\u00A0',
    '\u2028', '\u2029', '\uFEFF', '\u200B', '\u200D', '\uD800', '\uDFFF', '\uFFFD', '\uFFFF', 'é', 'ß', 'Ω', 'д', '中文',
    '😀', '👩‍🔬', 'e\u0301', '\u202E', 'ｍｌｐ', '１２', '٣', '"', '\\', '/*', '*/', '//', '{', '}', '(', ')', '[', ']', ':', ',',
    '.', '..', '=', '+', '-', '*', '%', '"unterminated', 'import "x.expspec"', 'import "../outside.csv"', '"data/missing.csv"',
    '"/etc/passwd"', '"http://example.com/a.csv"', 'then', 'step', 'log', 'by', 'on', 'in', 'split:', 'stage', 'train', 'model',
    'dataset', 'experiment X {}', 'view', 'sweep', 'evaluate', 'objective', 'true', 'false', '_', '__proto__', 'constructor',
    'toString', 'hasOwnProperty', 'prototype', 'x'.repeat(300),
];

function randomInsertion(random: Random): string {
    const parts: string[] = [];
    const count = 1 + random.int(4);
    for (let i = 0; i < count; i++) {
        if (random.chance(0.6)) {
            parts.push(random.pick(INSERTIONS));
        } else {
            // an arbitrary code unit: control, ASCII, Latin-1, BMP, a lone surrogate, or above
            const range = random.pick([[0, 0x20], [0x20, 0x7F], [0x80, 0x100], [0x100, 0xD800], [0xD800, 0xE000], [0xE000, 0x10000]] as const);
            parts.push(String.fromCharCode(range[0] + random.int(range[1] - range[0])));
        }
    }
    return parts.join('');
}

type Mutation = (text: string, random: Random) => { text: string; note: string } | undefined;

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
    dropToken(text, random) {
        const tokens = tokenize(text);
        if (!tokens.length) return undefined;
        const t = random.pick(tokens);
        return { text: text.slice(0, t.start) + text.slice(t.end), note: `drop ${JSON.stringify(t.text)} @${t.start}` };
    },
    duplicateToken(text, random) {
        const tokens = tokenize(text);
        if (!tokens.length) return undefined;
        const t = random.pick(tokens);
        const separator = random.chance(0.5) ? ' ' : '';
        return { text: text.slice(0, t.end) + separator + t.text + text.slice(t.end), note: `duplicate ${JSON.stringify(t.text)} @${t.start}` };
    },
    swapTokens(text, random) {
        const tokens = tokenize(text);
        if (tokens.length < 2) return undefined;
        let a = random.pick(tokens), b = random.pick(tokens);
        if (a.start === b.start) return undefined;
        if (a.start > b.start) [a, b] = [b, a];
        return {
            text: text.slice(0, a.start) + b.text + text.slice(a.end, b.start) + a.text + text.slice(b.end),
            note: `swap ${JSON.stringify(a.text)} @${a.start} with ${JSON.stringify(b.text)} @${b.start}`,
        };
    },
    truncate(text, random) {
        const at = random.int(text.length + 1);
        return { text: text.slice(0, at), note: `truncate @${at}` };
    },
    insertBytes(text, random) {
        const at = random.int(text.length + 1);
        const inserted = randomInsertion(random);
        return { text: text.slice(0, at) + inserted + text.slice(at), note: `insert ${JSON.stringify(inserted)} @${at}` };
    },
    extremeNumber(text, random) {
        const numbers = tokenize(text).filter(t => /^[\d.]/.test(t.text) && t.text !== '..');
        if (!numbers.length) return undefined;
        const t = random.pick(numbers);
        const replacement = random.pick(EXTREME_NUMBERS);
        return { text: text.slice(0, t.start) + replacement + text.slice(t.end), note: `number ${JSON.stringify(t.text)} @${t.start} -> ${replacement}` };
    },
    deleteClosingBracket(text, random) {
        const closers = tokenize(text).filter(t => t.text === ')' || t.text === ']' || t.text === '}');
        if (!closers.length) return undefined;
        const t = random.pick(closers);
        return { text: text.slice(0, t.start) + text.slice(t.end), note: `delete ${t.text} @${t.start}` };
    },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

export interface FuzzCase {
    readonly seed: number;
    readonly index: number;
    readonly example: string;
    readonly mutations: readonly string[];
    readonly text: string;
}

/** Case `index` of run `seed`: a mutated example, and the generator that then picks cursor positions. */
export function makeCase(seed: number, index: number, examples: readonly Example[]): { fuzzCase: FuzzCase; random: Random } {
    const random = caseRandom(seed, index);
    const example = examples[index % examples.length]!;
    let text = example.text;
    const notes: string[] = [];
    // Mostly one mutation, sometimes a pile of them (the shapes a half-edited file really has).
    const count = random.chance(0.65) ? 1 : 2 + random.int(4);
    for (let attempt = 0; notes.length < count && attempt < count * 4; attempt++) {
        const name = random.pick(MUTATION_NAMES);
        const result = MUTATIONS[name]!(text, random);
        if (!result) continue;
        text = result.text;
        notes.push(`${name}: ${result.note}`);
    }
    return { fuzzCase: { seed, index, example: example.name, mutations: notes, text }, random };
}

// ---- Running a case through the services --------------------------------------------------------

export interface OperationFailure {
    /** `build`, `completion @3:14`, `formatting`, ... */
    readonly operation: string;
    /** The message and stack of what was thrown or logged. */
    readonly error: string;
}

export interface RunOptions {
    /** Where to ask for completion, hover and navigation: picked with `random` unless given. */
    readonly offsets?: readonly number[];
    /** Only operations whose name starts with one of these (the build always runs). */
    readonly only?: readonly string[];
}

const FORMAT_OPTIONS = { tabSize: 2, insertSpaces: true };
/** Random cursor positions per case: hover at all of them, completion (the costly one) at the first few. */
const POSITIONS_PER_CASE = 3;
const COMPLETIONS_PER_CASE = 2;

function describeError(error: unknown): string {
    if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
    return `non-Error thrown: ${safeJson(error)}`;
}

function safeJson(value: unknown): string {
    try { return JSON.stringify(value); } catch { return String(value); }
}

function formatLogged(args: unknown[]): string {
    return args.map(a => a instanceof Error ? describeError(a) : typeof a === 'string' ? a : safeJson(a)).join(' ');
}

/** Offsets worth asking about: uniform, token edges (where a user's cursor usually is), the ends. */
function pickOffsets(text: string, random: Random, count: number): number[] {
    const tokens = tokenize(text);
    const offsets: number[] = [];
    for (let i = 0; i < count; i++) {
        const roll = random.next();
        if (roll < 0.1) offsets.push(random.chance(0.5) ? 0 : text.length);
        else if (roll < 0.6 && tokens.length) {
            const t = random.pick(tokens);
            offsets.push(random.pick([t.start, t.end, t.start + random.int(t.end - t.start + 1)]));
        } else offsets.push(random.int(text.length + 1));
    }
    return offsets;
}

/** Every token edge and token middle: where the minimizer looks for a position-dependent failure. */
export function allOffsets(text: string): number[] {
    const offsets = new Set<number>([0, text.length]);
    for (const t of tokenize(text)) {
        offsets.add(t.start); offsets.add(t.end); offsets.add((t.start + t.end) >> 1);
    }
    return [...offsets].sort((a, b) => a - b);
}

/** Applies edits the way an editor does; throws on overlapping or reversed edits. */
function applyEdits(document: TextDocument, edits: readonly TextEdit[]): string {
    const text = document.getText();
    const sorted = [...edits].sort((a, b) => document.offsetAt(a.range.start) - document.offsetAt(b.range.start)
        || document.offsetAt(a.range.end) - document.offsetAt(b.range.end));
    let result = '';
    let last = 0;
    for (const edit of sorted) {
        const start = document.offsetAt(edit.range.start), end = document.offsetAt(edit.range.end);
        if (start < last) throw new Error(`overlapping formatting edits at offset ${start} (the previous edit ends at ${last})`);
        if (end < start) throw new Error(`formatting edit with a reversed range at offset ${start}`);
        result += text.slice(last, start) + edit.newText;
        last = end;
    }
    return result + text.slice(last);
}

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

const nonSpace = (text: string): string => text.replace(/\s+/g, '');

/**
 * One set of language services, and the check of a text through all of them. Documents get URIs
 * inside examples/ (so relative data paths resolve as in the real examples) and are removed after
 * each case, so memory stays flat over thousands of cases.
 */
export class FuzzRunner {
    readonly services = createExpspecServices(EmptyFileSystem);
    operations = 0;
    private documentCounter = 0;

    /** Everything that went wrong with `text`: thrown, logged (swallowed) or a broken invariant. */
    async check(text: string, random: Random, options: RunOptions = {}): Promise<OperationFailure[]> {
        const { shared, Expspec } = this.services;
        const lsp = Expspec.lsp;
        const uri = URI.file(path.join(examplesDir, `fuzz-${this.documentCounter++}.expspec`));
        const textDocument = { uri: uri.toString() };
        const failures: OperationFailure[] = [];
        const logged: string[] = [];
        const originalError = console.error;
        console.error = (...args: unknown[]) => { logged.push(formatLogged(args)); };
        const wanted = (operation: string) => !options.only || options.only.some(o => operation.startsWith(o));
        /** Runs one service call; anything thrown, or logged by Langium after catching it, is a failure. */
        const attempt = async (operation: string, call: () => unknown): Promise<unknown> => {
            this.operations++;
            logged.length = 0;
            try {
                const result = await call();
                if (logged.length) failures.push({ operation, error: `swallowed and logged: ${logged.join('\n')}` });
                return result;
            } catch (error) {
                failures.push({ operation, error: describeError(error) + (logged.length ? `\nalso logged:\n${logged.join('\n')}` : '') });
                return undefined;
            }
        };
        let document: LangiumDocument | undefined;
        let opened: { dispose(): void } | undefined;
        try {
            document = await attempt('build', async () => {
                const created = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
                shared.workspace.LangiumDocuments.addDocument(created);
                await shared.workspace.DocumentBuilder.build([created], { validation: true });
                return created;
            }) as LangiumDocument | undefined;
            if (!document) return failures;
            const built = document;
            // Open in the editor, as a real request would find it (and closed below, which is what
            // lets providers that keep per-document state, like semantic tokens, drop it).
            opened = setTextDocument(Expspec, built.textDocument);
            const diagnostics: Diagnostic[] = built.diagnostics ?? [];
            // Langium turns an exception in a check or in linking into a diagnostic (and logs it,
            // which `attempt` has caught already); this catches one that was not logged.
            if (!failures.length) {
                for (const diagnostic of diagnostics.filter(d => /^An error occurred/.test(messageOf(d)))) {
                    failures.push({ operation: 'build', error: `exception reported as a diagnostic: ${messageOf(diagnostic)}` });
                }
            }
            const offsets = options.offsets ?? pickOffsets(text, random, POSITIONS_PER_CASE);
            const positions: Position[] = offsets.map(o => built.textDocument.positionAt(o));
            const where = (p: Position) => `@${p.line + 1}:${p.character + 1}`;
            for (const [i, position] of positions.entries()) {
                if (wanted('completion') && (options.offsets || i < COMPLETIONS_PER_CASE)) await attempt(`completion ${where(position)}`, () => lsp.CompletionProvider!.getCompletion(built, { textDocument, position }));
                if (wanted('hover')) await attempt(`hover ${where(position)}`, () => lsp.HoverProvider!.getHoverContent(built, { textDocument, position }));
            }
            // Navigation at one of the positions (at all of them when they were given).
            for (const position of options.offsets ? positions : positions.length ? [random.pick(positions)] : []) {
                if (wanted('definition')) await attempt(`definition ${where(position)}`, () => lsp.DefinitionProvider?.getDefinition(built, { textDocument, position }));
                if (wanted('references')) await attempt(`references ${where(position)}`, () => lsp.ReferencesProvider?.findReferences(built, { textDocument, position, context: { includeDeclaration: true } }));
                if (wanted('highlight')) await attempt(`highlight ${where(position)}`, () => lsp.DocumentHighlightProvider?.getDocumentHighlight(built, { textDocument, position }));
                if (wanted('rename')) await attempt(`rename ${where(position)}`, () => lsp.RenameProvider?.rename(built, { textDocument, position, newName: 'renamed' }));
            }
            if (wanted('formatting')) {
                const edits = await attempt('formatting', () => lsp.Formatter!.formatDocument(built, { textDocument, options: FORMAT_OPTIONS })) as TextEdit[] | undefined;
                if (edits) {
                    try {
                        const formatted = applyEdits(built.textDocument, edits);
                        if (nonSpace(formatted) !== nonSpace(text)) {
                            failures.push({ operation: 'formatting', error: `formatting changed more than whitespace; the formatted text:\n${formatted}` });
                        }
                    } catch (error) {
                        failures.push({ operation: 'formatting', error: describeError(error) });
                    }
                }
            }
            if (wanted('semantic tokens')) await attempt('semantic tokens', () => lsp.SemanticTokenProvider!.semanticHighlight(built, { textDocument }));
            if (wanted('document symbols')) await attempt('document symbols', () => lsp.DocumentSymbolProvider?.getSymbols(built, { textDocument }));
            if (wanted('folding ranges')) await attempt('folding ranges', () => lsp.FoldingRangeProvider?.getFoldingRanges(built, { textDocument }));
            if (wanted('code actions')) {
                const whole = { start: { line: 0, character: 0 }, end: built.textDocument.positionAt(text.length) };
                await attempt('code actions (all diagnostics)', () => lsp.CodeActionProvider!.getCodeActions(built, { textDocument, range: whole, context: { diagnostics } }));
                for (const diagnostic of diagnostics.slice(0, 8)) {
                    await attempt(`code actions (${diagnostic.code ?? 'no code'} ${where(diagnostic.range.start)})`,
                        () => lsp.CodeActionProvider!.getCodeActions(built, { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } }));
                }
            }
        } finally {
            console.error = originalError;
            opened?.dispose();
            if (document) {
                await clearDocuments(shared, [document]);
            } else if (shared.workspace.LangiumDocuments.hasDocument(uri)) {
                shared.workspace.LangiumDocuments.deleteDocument(uri);
            }
        }
        return failures;
    }
}

/**
 * What tells two failures apart: the operation, the message and the first frame in the project's
 * own code (frames inside node_modules are left out: they read differently under vitest and tsx).
 */
export function signature(failure: OperationFailure): string {
    const lines = failure.error
        .replace(/^swallowed and logged: /, '')
        .replace(/^exception reported as a diagnostic: /, '')
        .replace(/^An error occurred during validation: /, '')
        .split('\n');
    const frame = lines.find(l => /^\s+at /.test(l) && !/node:|node_modules|test\/fuzz\//.test(l))?.replace('file://', '').split(root).join('');
    const where = frame?.match(/[\w@.-]+(?:\/[\w@.-]+)*\.[jt]s:\d+/)?.[0];
    const message = lines[0]!.slice(0, 160);
    return `${failure.operation.replace(/ [@(].*$/, '')}: ${message}${where ? `  [${where}]` : ''}`;
}
