// CSV data sources: a typed table read with papaparse, column selection, label codes, one-hot encoding
// and standardisation.
//
// A table is a header plus one column per header name. Each column's type is inferred from its values:
// `number` when every cell parses as a finite decimal number (stored as a Float64Array), `category`
// otherwise (the trimmed strings, their sorted distinct values, and each row's code into them).
// Reading copes with quoted headers and cells (R quotes every header: `"lettr"`), CRLF, a BOM, blank
// lines, a trailing newline, and gzip (`.csv.gz`, or any file starting with the gzip magic bytes).
//
// Every problem with the data is a `DataError` whose message names the file and, where it applies, the
// line (1-based; the header is line 1; a row's line is the physical line where the row starts) and the
// column, and says what to do. With `allowedRoot`, only files inside that folder are read (after
// resolving `..` and symbolic links): a spec reads only workspace files.
//
// Synchronous on purpose: the runner reads a dataset once before training; the language server only
// needs `readCsvHeader`, which reads the first 64 KiB of a plain file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import Papa from 'papaparse';

// ---- Errors ---------------------------------------------------------------------------------------

export interface DataErrorLocation {
    /** The file as the spec names it (or `displayName`). */
    readonly file: string;
    /** 1-based physical line; the header is line 1. */
    readonly line?: number;
    /** The column's name (from the header), where one applies. */
    readonly column?: string;
}

/** A problem with a data file: missing, outside the workspace, malformed, or not what the spec asks for. */
export class DataError extends Error {
    override readonly name = 'DataError';
    readonly file: string;
    readonly line?: number;
    readonly column?: string;
    /** The message without the location prefix. */
    readonly detail: string;

    constructor(where: DataErrorLocation, detail: string) {
        super(`${formatLocation(where)}: ${detail}`);
        this.file = where.file;
        if (where.line !== undefined) this.line = where.line;
        if (where.column !== undefined) this.column = where.column;
        this.detail = detail;
    }
}

function formatLocation({ file, line, column }: DataErrorLocation): string {
    let s = file;
    if (line !== undefined) s += `, line ${line}`;
    if (column !== undefined) s += `, column "${column}"`;
    return s;
}

// ---- Types ----------------------------------------------------------------------------------------

export interface NumericColumn {
    readonly name: string;
    /** 0-based position in the header. */
    readonly index: number;
    readonly type: 'number';
    readonly values: Float64Array;
}

export interface CategoryColumn {
    readonly name: string;
    readonly index: number;
    readonly type: 'category';
    /** The cells, trimmed (quotes removed). */
    readonly values: readonly string[];
    /** The distinct values, sorted (JavaScript string order, i.e. by UTF-16 code unit). */
    readonly categories: readonly string[];
    /** Per row, the index of its value in `categories`. */
    readonly codes: Int32Array;
}

export type CsvColumn = NumericColumn | CategoryColumn;
export type ColumnType = CsvColumn['type'];

export interface CsvTable {
    /** The file as named in messages. */
    readonly file: string;
    /** Absolute path of the file read (undefined for `parseCsv` on a string). */
    readonly path: string | undefined;
    readonly header: readonly string[];
    readonly columns: readonly CsvColumn[];
    /** Number of data rows (the header and blank lines excluded). */
    readonly rows: number;
    /** Per data row, the 1-based physical line where it starts (the header is line 1). */
    readonly lines: Int32Array;
    /** The column with this exact name, or undefined. */
    column(name: string): CsvColumn | undefined;
}

/** A dense row-major matrix with its column names. */
export interface Matrix {
    readonly rows: number;
    readonly cols: number;
    /** Row-major: element (i, j) is `data[i * cols + j]`. */
    readonly data: Float64Array;
    readonly names: readonly string[];
}

export interface ReadCsvOptions {
    /** Only files inside this folder may be read (absolute paths outside it and `..` escapes are refused). */
    readonly allowedRoot?: string;
    /** Folder that relative paths are resolved against (the spec's folder); default `allowedRoot`, else the cwd. */
    readonly baseDir?: string;
    /** Field delimiter; default `,`. */
    readonly delimiter?: string;
    /** How the file is named in messages; default the path as given. */
    readonly displayName?: string;
}

export interface ParseCsvOptions {
    /** How the text is named in messages. */
    readonly file: string;
    readonly delimiter?: string;
    /** Absolute path, when the text came from a file. */
    readonly path?: string;
}

// ---- Reading --------------------------------------------------------------------------------------

/** Reads a CSV (or gzip-compressed CSV) file with a header row into a typed table. */
export function readCsv(file: string, options: ReadCsvOptions = {}): CsvTable {
    const { abs, display } = resolveDataPath(file, options);
    const text = decode(readBytes(abs, display), display);
    return parseCsv(text, { file: display, path: abs, ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}) });
}

/**
 * Reads only the header of a CSV file (for completion and shape inference); plain files are read only up
 * to the first 64 KiB. Throws the same errors as `readCsv` for a missing, outside, empty or badly headed file.
 */
export function readCsvHeader(file: string, options: ReadCsvOptions = {}): string[] {
    const { abs, display } = resolveDataPath(file, options);
    const opts: ParseCsvOptions = { file: display, ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}) };
    const header = (text: string) => {
        const rows = parseRows(text, opts, 1);
        if (rows.length === 0) throw emptyFile(display);
        return checkHeader(rows[0]!.fields, display);
    };
    checkIsFile(abs, display);
    const limit = 64 * 1024;
    const fd = fs.openSync(abs, 'r');
    let prefix: Buffer;
    try {
        const buf = Buffer.alloc(limit);
        prefix = buf.subarray(0, fs.readSync(fd, buf, 0, limit, 0));
    } finally {
        fs.closeSync(fd);
    }
    if (prefix.length === limit && !isGzip(prefix) && !/\.gz$/i.test(abs)) {
        // A prefix: it may end inside a UTF-8 sequence, so decode leniently, and parse it up to its last
        // line break; a header that does not end in it is read from the whole file.
        const text = new TextDecoder('utf-8').decode(prefix);
        const cut = text.lastIndexOf('\n');
        if (cut > 0) {
            let rows: RawRow[] | undefined;
            try { rows = parseRows(text.slice(0, cut + 1), opts, 1); } catch { /* e.g. a cell cut in two: read it all */ }
            if (rows?.length === 1) return checkHeader(rows[0]!.fields, display);
        }
    }
    return header(decode(readBytes(abs, display), display));
}

/** Parses CSV text (header row first) into a typed table; `file` names it in messages. */
export function parseCsv(text: string, options: ParseCsvOptions): CsvTable {
    const { file } = options;
    const rows = parseRows(text, options);
    if (rows.length === 0) throw emptyFile(file);
    const header = checkHeader(rows[0]!.fields, file);
    const data = rows.slice(1);
    if (data.length === 0) {
        throw new DataError({ file }, `the file has a header (${header.length} column${header.length === 1 ? '' : 's'}: `
            + `${listNames(header)}) but no data rows; add rows below the header, or name another file`);
    }
    const m = header.length;
    const lines = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) {
        const r = data[i]!;
        lines[i] = r.line;
        if (r.fields.length !== m) {
            throw new DataError({ file, line: r.line }, `this row has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, `
                + `the header has ${m}; every row needs one value per header column (look for a missing or extra `
                + `delimiter "${options.delimiter ?? ','}", or quote a value that contains it)`);
        }
    }
    const columns: CsvColumn[] = header.map((name, j) => inferColumn(name, j, data.map(r => r.fields[j]!.trim())));
    const byName = new Map(columns.map(c => [c.name, c]));
    return {
        file, path: options.path, header, columns, rows: data.length, lines,
        column: (name: string) => byName.get(name),
    };
}

interface RawRow {
    readonly fields: string[];
    /** 1-based line where the row starts. */
    readonly line: number;
}

/**
 * Splits text into rows with papaparse, recording the physical line each row starts on; skips blank
 * lines; stops after `limit` rows when given.
 */
function parseRows(text: string, options: ParseCsvOptions, limit = Infinity): RawRow[] {
    const { file } = options;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const rows: RawRow[] = [];
    // Each row papaparse yields (a blank line too) ends at one line break; line breaks inside quoted
    // cells are kept in the cell. (meta.cursor is not used: it points before or after the line break
    // depending on papaparse's parsing mode.)
    let line = 1;
    let failure: DataError | undefined;
    Papa.parse<string[]>(text, {
        delimiter: options.delimiter ?? ',',
        header: false,
        dynamicTyping: false,
        skipEmptyLines: false,
        step(result, parser) {
            const fields = result.data;
            const lb = result.meta.linebreak || '\n';
            if (result.errors.length > 0 && failure === undefined) {
                const e = result.errors[0]!;
                const field = fields.length > 0 ? fields.length : undefined;
                const what = e.code === 'MissingQuotes'
                    ? `a quoted field${field !== undefined ? ` (field ${field})` : ''} is never closed; add the closing `
                        + `double quote, or write a literal quote inside a quoted field as ""`
                    : e.code === 'InvalidQuotes'
                        ? `a field has a stray double quote${field !== undefined ? ` (near field ${field})` : ''}; quote the whole `
                            + `field and write the quote inside it as ""`
                        : `${e.message}; fix the CSV syntax on this line`;
                failure = new DataError({ file, line }, what);
                parser.abort();
                return;
            }
            const blank = fields.length === 0 || (fields.length === 1 && fields[0]!.trim() === '');
            if (!blank) rows.push({ fields, line });
            if (rows.length >= limit) { parser.abort(); return; }
            const nl = lb[lb.length - 1]!;
            for (const f of fields) for (let k = f.indexOf(nl); k >= 0; k = f.indexOf(nl, k + 1)) line++;
            line++;
        },
    });
    if (failure) throw failure;
    return rows;
}

function checkHeader(fields: readonly string[], file: string): string[] {
    const header = fields.map(s => s.trim());
    const seen = new Map<string, number>();
    for (let j = 0; j < header.length; j++) {
        const name = header[j]!;
        if (name === '') {
            throw new DataError({ file, line: 1 }, `header field ${j + 1} is empty; give every column a name `
                + `(a file written by R's write.csv with row names has an unnamed first column: write it with row.names = FALSE)`);
        }
        const first = seen.get(name);
        if (first !== undefined) {
            throw new DataError({ file, line: 1, column: name }, `the header names "${name}" twice (fields ${first + 1} and ${j + 1}); `
                + 'rename one of them so that every column name is unique');
        }
        seen.set(name, j);
    }
    return header;
}

function emptyFile(file: string): DataError {
    return new DataError({ file }, 'the file is empty: it needs a header line naming the columns, then one line per row');
}

// ---- Files ----------------------------------------------------------------------------------------

function resolveDataPath(file: string, options: ReadCsvOptions): { abs: string; display: string } {
    const display = options.displayName ?? file;
    const root = options.allowedRoot !== undefined ? path.resolve(options.allowedRoot) : undefined;
    const base = path.resolve(options.baseDir ?? root ?? process.cwd());
    const abs = path.resolve(base, file);
    if (root !== undefined) {
        const outside = (p: string, r: string) => {
            const rel = path.relative(r, p);
            return rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel);
        };
        const refuse = () => new DataError({ file: display }, `the path is outside the workspace folder ${root} (it resolves to ${abs}); `
            + 'a spec reads only files inside its workspace: copy the file into the workspace and name it by a relative path');
        if (outside(abs, root)) throw refuse();
        // A symbolic link inside the workspace may still point outside it.
        if (fs.existsSync(abs)) {
            let realRoot = root;
            try { realRoot = fs.realpathSync(root); } catch { /* a missing root: the lexical check stands */ }
            if (outside(fs.realpathSync(abs), realRoot)) throw refuse();
        }
    }
    return { abs, display };
}

function checkIsFile(abs: string, display: string): void {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(abs);
    } catch {
        throw new DataError({ file: display }, `the file does not exist (looked for ${abs}); check the path, `
            + 'which is relative to the spec\'s folder');
    }
    if (!stat.isFile()) throw new DataError({ file: display }, `${abs} is a ${stat.isDirectory() ? 'folder' : 'special file'}, not a data file; name a CSV file`);
}

function readBytes(abs: string, display: string): Buffer {
    checkIsFile(abs, display);
    let bytes = fs.readFileSync(abs);
    if (isGzip(bytes) || /\.gz$/i.test(abs)) {
        try {
            bytes = zlib.gunzipSync(bytes);
        } catch (e) {
            throw new DataError({ file: display }, `the file is not valid gzip data (${(e as Error).message}); `
                + 'decompress and check it, or drop the .gz suffix if it is plain text');
        }
    }
    return bytes;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function decode(bytes: Uint8Array, display: string): string {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
        throw new DataError({ file: display }, 'the file is not UTF-8 text; save it as UTF-8 CSV');
    }
}

// ---- Cells and columns ----------------------------------------------------------------------------

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** The cell's number if it is a finite decimal number, else undefined. */
export function parseNumber(cell: string): number | undefined {
    const s = cell.trim();
    if (!DECIMAL.test(s)) return undefined;
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined;
}

function inferColumn(name: string, index: number, cells: string[]): CsvColumn {
    const values = new Float64Array(cells.length);
    let numeric = true;
    for (let i = 0; i < cells.length; i++) {
        const v = parseNumber(cells[i]!);
        if (v === undefined) { numeric = false; break; }
        values[i] = v;
    }
    if (numeric) return { name, index, type: 'number', values };
    const categories = [...new Set(cells)].sort(compareStrings);
    const code = new Map(categories.map((c, k) => [c, k]));
    const codes = Int32Array.from(cells, c => code.get(c)!);
    return { name, index, type: 'category', values: cells, categories, codes };
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Why a cell is not usable as a number (for messages), or undefined when it is one. */
function whyNotNumber(cell: string): string | undefined {
    const s = cell.trim();
    if (parseNumber(s) !== undefined) return undefined;
    if (s === '') return 'the cell is empty (a missing value); fill it in or remove the row';
    if (/^(?:na|n\/a|null|none|\?)$/i.test(s)) return `"${s}" marks a missing value; fill it in or remove the row`;
    if (NON_FINITE.test(s) || DECIMAL.test(s)) {
        return `"${s}" is not a finite number (NaN and infinities are not allowed in features); replace it with a finite value or remove the row`;
    }
    return `"${s}" is not a number; a numeric feature needs a number in every row (one-hot encode the column with \`oneHot\` if it holds categories, or leave it out of \`features\`)`;
}

// ---- Selecting columns ----------------------------------------------------------------------------

/** Feature columns: names in any order, or an inclusive range `from .. to` in header order. */
export type FeatureSpec = readonly string[] | { readonly from: string; readonly to: string };

/** The table's column of this name, or a DataError with a did-you-mean from the header. */
export function requireColumn(table: CsvTable, name: string, role = 'column'): CsvColumn {
    const c = table.column(name);
    if (c) return c;
    const guess = suggest(name, table.header);
    throw new DataError({ file: table.file, line: 1, column: name },
        `the ${role} "${name}" does not exist in the header${guess !== undefined ? `; did you mean "${guess}"?` : '.'} `
        + `The header has ${table.header.length} column${table.header.length === 1 ? '' : 's'}: ${listNames(table.header)}`);
}

/**
 * The feature columns, in order. Without `features`, every column but the label and the `exclude`d ones.
 * A feature list or range that includes the label column is refused (the label would leak into the input).
 */
export function selectFeatures(table: CsvTable, features?: FeatureSpec, opts: { label?: string; exclude?: readonly string[] } = {}): CsvColumn[] {
    const { file } = table;
    let cols: CsvColumn[];
    if (features === undefined) {
        const skip = new Set([...(opts.label !== undefined ? [opts.label] : []), ...(opts.exclude ?? [])]);
        cols = table.columns.filter(c => !skip.has(c.name));
    } else if (isRange(features)) {
        const from = requireColumn(table, features.from, 'first feature column');
        const to = requireColumn(table, features.to, 'last feature column');
        if (from.index > to.index) {
            throw new DataError({ file, line: 1 }, `the feature range ${from.name} .. ${to.name} runs backwards ("${from.name}" is `
                + `column ${from.index + 1}, "${to.name}" is column ${to.index + 1}); write ${to.name} .. ${from.name}`);
        }
        cols = table.columns.slice(from.index, to.index + 1);
    } else {
        const seen = new Set<string>();
        cols = features.map(name => {
            const c = requireColumn(table, name, 'feature column');
            if (seen.has(name)) throw new DataError({ file, line: 1, column: name }, `the feature "${name}" is listed twice; list each column once`);
            seen.add(name);
            return c;
        });
    }
    if (cols.length === 0) throw new DataError({ file }, 'no feature columns are left; name them with `features`');
    if (opts.label !== undefined && features !== undefined && cols.some(c => c.name === opts.label)) {
        throw new DataError({ file, line: 1, column: opts.label }, `the label column "${opts.label}" is also among the features; `
            + 'take it out of `features` (a model must not see the label as an input)');
    }
    return cols;
}

function isRange(f: FeatureSpec): f is { readonly from: string; readonly to: string } {
    return !Array.isArray(f);
}

export interface Labels {
    /** Per row, the index of its class in `classes`. */
    readonly codes: Int32Array;
    /** Class names, sorted: numerically for a numeric column (`"0"`, `"1"`, `"10"`), else as strings. */
    readonly classes: readonly string[];
    readonly column: string;
}

/** The label column as integer class codes 0..k−1 plus the class names. */
export function labelCodes(table: CsvTable, label: string): Labels {
    const col = requireColumn(table, label, 'label column');
    if (col.type === 'category') {
        const empty = col.values.indexOf('');
        if (empty >= 0) {
            throw new DataError({ file: table.file, line: table.lines[empty]!, column: col.name },
                'the label is empty; every row needs a label (fill it in or remove the row)');
        }
        return { codes: Int32Array.from(col.codes), classes: [...col.categories], column: col.name };
    }
    const distinct = [...new Set(col.values)].sort((a, b) => a - b);
    const code = new Map(distinct.map((v, k) => [v, k]));
    return { codes: Int32Array.from(col.values, v => code.get(v)!), classes: distinct.map(v => String(v)), column: col.name };
}

// ---- Encoding features ----------------------------------------------------------------------------

/** The columns as a numeric matrix; every cell must be a finite number. */
export function numericMatrix(table: CsvTable, columns: readonly CsvColumn[]): Matrix {
    const n = table.rows, d = columns.length;
    const data = new Float64Array(n * d);
    columns.forEach((c, j) => {
        if (c.type === 'category') {
            for (let i = 0; i < n; i++) {
                const why = whyNotNumber(c.values[i]!);
                if (why !== undefined) throw new DataError({ file: table.file, line: table.lines[i]!, column: c.name }, why);
            }
            throw new Error(`unreachable: column ${c.name} is typed category but all its cells are numbers`);
        }
        for (let i = 0; i < n; i++) data[i * d + j] = c.values[i]!;
    });
    return { rows: n, cols: d, data, names: columns.map(c => c.name) };
}

export interface OneHotOptions {
    /** Categories per column: when given, every column must have exactly this many distinct values. */
    readonly categories?: number;
    /** A numeric column may have at most this many distinct (integer) values to be one-hot encoded; default 64. */
    readonly maxCategories?: number;
}

/** The categories of one column as one-hot encoding sees them: sorted distinct values, and each row's code. */
export interface ColumnCategories {
    readonly column: string;
    readonly categories: readonly string[];
    readonly codes: Int32Array;
}

/**
 * One-hot codes each column (as scikit-learn's `OneHotEncoder(categories='auto')`): per column one
 * indicator per distinct value, values in sorted order (numeric order for a numeric column), columns in
 * the given order. Category columns qualify as they are; a numeric column must hold a small integer
 * alphabet (integers, at most `maxCategories` distinct values), like the nucleotides 1..4 of splice data.
 * Output columns are named `column=value`.
 */
export function oneHot(table: CsvTable, columns: readonly CsvColumn[], options: OneHotOptions = {}): Matrix {
    const per = columns.map(c => columnCategories(table, c, options));
    const n = table.rows;
    const width = per.reduce((s, p) => s + p.categories.length, 0);
    const data = new Float64Array(n * width);
    const names: string[] = [];
    let offset = 0;
    for (const p of per) {
        for (let i = 0; i < n; i++) data[i * width + offset + p.codes[i]!] = 1;
        for (const v of p.categories) names.push(`${p.column}=${v}`);
        offset += p.categories.length;
    }
    return { rows: n, cols: width, data, names };
}

/** The categories of a column for one-hot encoding (see `oneHot`). */
export function columnCategories(table: CsvTable, c: CsvColumn, options: OneHotOptions = {}): ColumnCategories {
    const { file } = table;
    let result: ColumnCategories;
    if (c.type === 'category') {
        result = { column: c.name, categories: c.categories, codes: c.codes };
    } else {
        const max = options.maxCategories ?? 64;
        for (let i = 0; i < table.rows; i++) {
            const v = c.values[i]!;
            if (!Number.isInteger(v)) {
                throw new DataError({ file, line: table.lines[i]!, column: c.name }, `${v} is not an integer: one-hot encoding needs `
                    + 'categories (strings or small integers); leave this column out of the one-hot features');
            }
        }
        const distinct = [...new Set(c.values)].sort((a, b) => a - b);
        if (distinct.length > max) {
            throw new DataError({ file, column: c.name }, `the column has ${distinct.length} distinct values, more than the ${max} `
                + 'that one-hot encoding accepts for a numeric column; it looks continuous: use it as a numeric feature instead');
        }
        const code = new Map(distinct.map((v, k) => [v, k]));
        result = { column: c.name, categories: distinct.map(v => String(v)), codes: Int32Array.from(c.values, v => code.get(v)!) };
    }
    if (options.categories !== undefined && result.categories.length !== options.categories) {
        throw new DataError({ file, column: c.name }, `the column has ${result.categories.length} distinct value${result.categories.length === 1 ? '' : 's'} `
            + `(${listNames(result.categories)}), but oneHot(categories: ${options.categories}) expects ${options.categories}; `
            + `set categories: ${result.categories.length}, or leave it out to count them from the data`);
    }
    return result;
}

export interface TabularSelection {
    readonly features?: FeatureSpec;
    readonly label?: string;
    /** Columns never used as features when `features` is left out (a join key, a second label). */
    readonly exclude?: readonly string[];
    /** One-hot code every feature column (true, or options); otherwise the features must be numeric. */
    readonly oneHot?: boolean | OneHotOptions;
}

export interface TabularData {
    /** Rows × features. */
    readonly x: Matrix;
    /** The label, when one was named. */
    readonly y?: Labels;
    /** The source columns of the features (before one-hot encoding). */
    readonly featureColumns: readonly string[];
}

/** Features (numeric or one-hot) and label of a table, as a `csv` source's block names them. */
export function tabularData(table: CsvTable, selection: TabularSelection = {}): TabularData {
    const y = selection.label !== undefined ? labelCodes(table, selection.label) : undefined;
    const cols = selectFeatures(table, selection.features, {
        ...(selection.label !== undefined ? { label: selection.label } : {}),
        ...(selection.exclude !== undefined ? { exclude: selection.exclude } : {}),
    });
    const x = selection.oneHot
        ? oneHot(table, cols, selection.oneHot === true ? {} : selection.oneHot)
        : numericMatrix(table, cols);
    return { x, ...(y ? { y } : {}), featureColumns: cols.map(c => c.name) };
}

// ---- Standardisation ------------------------------------------------------------------------------

/** Per-column statistics of a fitted standard scaler. */
export interface StandardScaler {
    readonly mean: Float64Array;
    /** The population standard deviation (ddof = 0), with 1 in place of 0 for a constant column. */
    readonly scale: Float64Array;
    /** The population variance (ddof = 0). */
    readonly variance: Float64Array;
}

/**
 * Fits a standard scaler as scikit-learn's `StandardScaler` does: mean and **population** standard
 * deviation (ddof = 0) per column, over `rows` when given (the training part only), else over all rows.
 * A constant column gets scale 1 (so it becomes 0), as in scikit-learn.
 */
export function fitStandardScaler(x: Matrix, rows?: ArrayLike<number>): StandardScaler {
    const d = x.cols;
    const count = rows ? rows.length : x.rows;
    if (count === 0) throw new Error('fitStandardScaler: no rows to fit on');
    const at = (k: number) => (rows ? rows[k]! : k);
    const mean = new Float64Array(d), variance = new Float64Array(d), scale = new Float64Array(d);
    for (let k = 0; k < count; k++) {
        const o = at(k) * d;
        for (let j = 0; j < d; j++) mean[j]! += x.data[o + j]!;
    }
    for (let j = 0; j < d; j++) mean[j]! /= count;
    for (let k = 0; k < count; k++) {
        const o = at(k) * d;
        for (let j = 0; j < d; j++) { const e = x.data[o + j]! - mean[j]!; variance[j]! += e * e; }
    }
    for (let j = 0; j < d; j++) {
        variance[j]! /= count;
        // scikit-learn 1.2's _is_constant_feature: a variance within the rounding bound of the two-pass
        // algorithm (Chan, Golub & LeVeque) counts as zero, and such a column gets scale 1.
        const v = variance[j]!, eps = Number.EPSILON;
        const bound = count * eps * v + (count * mean[j]! * eps) ** 2;
        scale[j] = v <= bound ? 1 : Math.sqrt(v);
    }
    return { mean, scale, variance };
}

/** (x − mean) / scale, column by column; a new matrix. */
export function applyStandardScaler(x: Matrix, scaler: StandardScaler): Matrix {
    const d = x.cols;
    if (scaler.mean.length !== d) throw new Error(`applyStandardScaler: scaler has ${scaler.mean.length} columns, matrix ${d}`);
    const data = new Float64Array(x.data.length);
    for (let i = 0; i < x.rows; i++) {
        const o = i * d;
        for (let j = 0; j < d; j++) data[o + j] = (x.data[o + j]! - scaler.mean[j]!) / scaler.scale[j]!;
    }
    return { rows: x.rows, cols: d, data, names: x.names };
}

/** Fits on `rows` (default all) and standardises every row. */
export function standardize(x: Matrix, rows?: ArrayLike<number>): { x: Matrix; scaler: StandardScaler } {
    const scaler = fitStandardScaler(x, rows);
    return { x: applyStandardScaler(x, scaler), scaler };
}

// ---- Messages -------------------------------------------------------------------------------------

/** `a, b, c` — at most 12 names, then "… (N more)". */
function listNames(names: readonly string[], max = 12): string {
    if (names.length <= max) return names.join(', ');
    return `${names.slice(0, max - 2).join(', ')}, …, ${names[names.length - 1]} (${names.length} in all)`;
}

/** The header name closest to `name` (case-insensitive match first, then edit distance), if close enough. */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
    const lower = name.toLowerCase();
    const exact = candidates.find(c => c.toLowerCase() === lower);
    if (exact !== undefined) return exact;
    let best: string | undefined, bestD = Infinity;
    for (const c of candidates) {
        const dist = editDistance(lower, c.toLowerCase());
        if (dist < bestD) { bestD = dist; best = c; }
    }
    const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
    return bestD <= limit ? best : undefined;
}

/** Edit distance counting an adjacent transposition as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
            d[i]![j] = v;
        }
    }
    return d[a.length]![b.length]!;
}
