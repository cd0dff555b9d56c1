// runtime/io/csv: typed CSV tables, feature/label selection, one-hot encoding, standardisation, and one
// test per bad-input case (each asserting the file, line and column that the DataError names).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
    applyStandardScaler, DataError, fitStandardScaler, labelCodes, numericMatrix, oneHot, parseCsv, readCsv,
    readCsvHeader, selectFeatures, standardize, tabularData, type CsvTable, type Matrix,
} from '../../runtime/io/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const fixtures = path.join(root, 'test/fixtures/csv');
const examples = path.join(root, 'examples/data');
const fixture = (name: string) => readCsv(name, { allowedRoot: fixtures });

/** Runs f, expects a DataError with exactly this file / line / column, and returns it. */
function dataError(f: () => unknown, where: { file: string; line?: number; column?: string }): DataError {
    let caught: unknown;
    try { f(); } catch (e) { caught = e; }
    expect(caught, 'expected a DataError').toBeInstanceOf(DataError);
    const e = caught as DataError;
    expect({ file: e.file, line: e.line, column: e.column }).toEqual({ file: where.file, line: where.line, column: where.column });
    // the message starts with the location, in this form
    let prefix = where.file;
    if (where.line !== undefined) prefix += `, line ${where.line}`;
    if (where.column !== undefined) prefix += `, column "${where.column}"`;
    expect(e.message.startsWith(prefix + ': '), e.message).toBe(true);
    return e;
}

const expectClose = (actual: ArrayLike<number>, expected: readonly number[], tol = 1e-12) => {
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
        expect(Math.abs(actual[i]! - expected[i]!), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
    }
};
const row = (m: Matrix, i: number) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));

describe('reading', () => {
    it('types columns from their values', () => {
        const t = fixture('small.csv');
        expect(t.file).toBe('small.csv');
        expect(t.path).toBe(path.join(fixtures, 'small.csv'));
        expect(t.header).toEqual(['length', 'width', 'colour', 'species']);
        expect(t.rows).toBe(6);
        expect(t.columns.map(c => c.type)).toEqual(['number', 'number', 'category', 'category']);
        const length = t.column('length')!;
        expect(length.type === 'number' && length.values).toEqual(Float64Array.from([5.1, 4.9, 7.0, 6.4, 6.3, 5.8]));
        const colour = t.column('colour')!;
        if (colour.type !== 'category') throw new Error('colour should be a category');
        expect(colour.categories).toEqual(['blue', 'green', 'red']);
        expect(Array.from(colour.codes)).toEqual([2, 0, 2, 1, 0, 1]);
        expect(colour.values[0]).toBe('red');
        expect(Array.from(t.lines)).toEqual([2, 3, 4, 5, 6, 7]);
    });

    it('handles a BOM, CRLF, quoted header and cells, escaped quotes, a line break in a cell and a trailing newline', () => {
        const t = fixture('quoted-crlf.csv');
        expect(t.header).toEqual(['id', 'name', 'score']);
        expect(t.rows).toBe(3);
        expect(t.columns.map(c => c.type)).toEqual(['number', 'category', 'number']);
        const name = t.column('name')!;
        expect(name.type === 'category' && name.values).toEqual(['Smith, J.', 'say "hi"', 'two\r\nlines']);
        // the third row starts on line 4; the line break inside its cell does not shift earlier rows
        expect(Array.from(t.lines)).toEqual([2, 3, 4]);
    });

    it('counts physical lines across blank lines and multi-line cells', () => {
        // line 1 header, 2 blank, 3-5 one row spanning three lines, 6 blank, 7 a row, 8 a ragged row
        const e = dataError(() => fixture('blank-lines.csv'), { file: 'blank-lines.csv', line: 8 });
        expect(e.message).toContain('this row has 4 fields, the header has 3');
        const t = parseCsv('x,note\n\n1,"a\nb"\n\n2,c\n', { file: 'mem.csv' });
        expect(Array.from(t.lines)).toEqual([3, 6]);
    });

    it('reads gzip-compressed files (.csv.gz) like plain ones', () => {
        const gz = fixture('small-gz.csv.gz'), plain = fixture('small.csv');
        expect(gz.header).toEqual(plain.header);
        expect(gz.columns).toEqual(plain.columns);
        expect(readCsvHeader('small-gz.csv.gz', { allowedRoot: fixtures })).toEqual(plain.header);
    });

    it('reads only the header with readCsvHeader', () => {
        expect(readCsvHeader('letter-recognition.csv', { allowedRoot: examples }).slice(0, 3)).toEqual(['lettr', 'x.box', 'y.box']);
        expect(readCsvHeader('splice-junction-60.csv', { allowedRoot: examples })).toHaveLength(62);
        // a header longer than the 64 KiB that readCsvHeader reads first
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-csv-'));
        try {
            const names = Array.from({ length: 9000 }, (_, i) => `column_${i}`);
            fs.writeFileSync(path.join(dir, 'wide.csv'), `${names.join(',')}\n${names.map(() => '1').join(',')}\n`);
            expect(readCsvHeader('wide.csv', { allowedRoot: dir })).toEqual(names);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('resolves relative paths against baseDir inside the allowed root', () => {
        const t = readCsv('csv/small.csv', { allowedRoot: root, baseDir: path.join(root, 'test/fixtures') });
        expect(t.rows).toBe(6);
        expect(readCsv('../fixtures/csv/small.csv', { allowedRoot: root, baseDir: here }).rows).toBe(6);
    });
});

describe('selection and encoding', () => {
    const t = fixture('splice-mini.csv');

    it('selects features by list or inclusive range, in header order for a range', () => {
        expect(selectFeatures(t, ['p3', 'p1']).map(c => c.name)).toEqual(['p3', 'p1']);
        expect(selectFeatures(t, { from: 'p2', to: 'p4' }).map(c => c.name)).toEqual(['p2', 'p3', 'p4']);
        expect(selectFeatures(t, undefined, { label: 'label', exclude: ['cls'] }).map(c => c.name)).toEqual(['p1', 'p2', 'p3', 'p4']);
    });

    it('turns a label column into class codes with sorted class names', () => {
        expect(labelCodes(t, 'cls')).toEqual({ codes: Int32Array.from([0, 2, 1, 2]), classes: ['ei', 'ie', 'n'], column: 'cls' });
        expect(labelCodes(t, 'label')).toEqual({ codes: Int32Array.from([1, 0, 1, 0]), classes: ['0', '1'], column: 'label' });
        // numeric labels sort numerically, not as strings
        const n = parseCsv('x,y\n1,10\n2,9\n3,2\n', { file: 'm.csv' });
        expect(labelCodes(n, 'y').classes).toEqual(['2', '9', '10']);
    });

    it('one-hot codes small-integer and category columns per column, values sorted', () => {
        const x = oneHot(t, selectFeatures(t, ['p1', 'cls']));
        expect(x.cols).toBe(4 + 3);
        expect(x.names).toEqual(['p1=1', 'p1=2', 'p1=3', 'p1=4', 'cls=ei', 'cls=ie', 'cls=n']);
        expect(row(x, 0)).toEqual([1, 0, 0, 0, 1, 0, 0]);
        expect(row(x, 3)).toEqual([0, 0, 0, 1, 0, 0, 1]);
        expect(oneHot(t, selectFeatures(t, { from: 'p1', to: 'p4' }), { categories: 4 }).cols).toBe(16);
    });

    it('builds numeric features and labels in one call', () => {
        const d = tabularData(t, { features: { from: 'p1', to: 'p2' }, label: 'cls' });
        expect(d.x.names).toEqual(['p1', 'p2']);
        expect(row(d.x, 2)).toEqual([3, 1]);
        expect(d.y?.classes).toEqual(['ei', 'ie', 'n']);
        expect(d.featureColumns).toEqual(['p1', 'p2']);
    });
});

describe('standardisation (population std, as scikit-learn StandardScaler)', () => {
    // Expected numbers from Debian's scikit-learn 1.2.1 (/usr/bin/python3):
    //   X = np.loadtxt('test/fixtures/csv/standardize.csv', delimiter=',', skiprows=1)
    //   s = StandardScaler().fit(X); s.mean_, s.scale_, s.var_, s.transform(X)
    //   s2 = StandardScaler().fit(X[[0, 2, 4]]); s2.mean_, s2.scale_, s2.transform(X)
    // Column c is constant: scale 1, so it becomes 0.
    const x = numericMatrix(fixture('standardize.csv'), fixture('standardize.csv').columns);

    it('fits on all rows', () => {
        const { x: z, scaler } = standardize(x);
        expectClose(scaler.mean, [1.7083333333333333, 23.333333333333332, 7.0, 1.6666666666666667]);
        expectClose(scaler.scale, [1.6609276189995625, 9.860132971832694, 1.0, 3.245723682358408]);
        expectClose(scaler.variance, [2.758680555555556, 97.22222222222223, 0.0, 10.534722222222223]);
        expectClose(z.data, [
            -0.1254319158464112, -1.3522468075656262, 0.0, -1.129691565118813,
            0.1756046821849758, -0.3380617018914065, 0.0, -0.4364717410686323,
            0.9281961772634433, -0.8451542547285164, 0.0, 1.9512854306597678,
            -1.6306149060033461, 1.6903085094570331, 0.0, 0.4107969327704774,
            -0.7275051119091852, 0.16903085094570341, 0.0, -0.051349616596309704,
            1.379751074310524, 0.6761234037828133, 0.0, -0.7445694406464904,
        ]);
    });

    it('fits on the training rows only and applies to all', () => {
        const scaler = fitStandardScaler(x, [0, 2, 4]);
        expectClose(scaler.mean, [1.75, 16.666666666666668, 7.0, 2.5]);
        expectClose(scaler.scale, [1.136515141415488, 6.236095644623235, 1.0, 4.143267631552018]);
        expectClose(applyStandardScaler(x, scaler).data, [
            -0.21997067253202995, -1.0690449676496978, 0.0, -1.086099282057325,
            0.21997067253202995, 0.5345224838248486, 0.0, -0.5430496410286625,
            1.3198240351921797, -0.26726124191242456, 0.0, 1.327454678070064,
            -2.4196773978523294, 3.7416573867739413, 0.0, 0.12067769800636945,
            -1.0998533626601497, 1.3363062095621219, 0.0, -0.2413553960127389,
            1.9797360527882695, 2.138089935299395, 0.0, -0.7844050370414014,
        ]);
    });
});

describe('the shipped data files', () => {
    const opts = { allowedRoot: examples };

    it('splice-junction-60: 3186 × 60 nucleotides → 240 one-hot features, label with 2 classes', () => {
        const t = readCsv('splice-junction-60.csv', opts);
        expect(t.rows).toBe(3186);
        const d = tabularData(t, { features: { from: 'p1', to: 'p60' }, label: 'label', oneHot: { categories: 4 } });
        expect([d.x.rows, d.x.cols]).toEqual([3186, 240]);
        expect(d.y!.classes).toEqual(['0', '1']);
        expect(Array.from(d.y!.codes).filter(c => c === 1)).toHaveLength(1532);
        // each row has exactly one 1 per nucleotide position
        for (let i = 0; i < 5; i++) expect(row(d.x, i).reduce((s, v) => s + v, 0)).toBe(60);
        expect(labelCodes(t, 'cls').classes).toEqual(['ei', 'ie', 'n']);
    });

    it('letter-recognition (quoted R header): 20000 rows, 16 numeric features, 26 classes', () => {
        const t = readCsv('letter-recognition.csv', opts);
        expect(t.header[0]).toBe('lettr');
        expect(t.rows).toBe(20000);
        const d = tabularData(t, { label: 'lettr' });
        expect([d.x.rows, d.x.cols]).toEqual([20000, 16]);
        expect(d.y!.classes).toHaveLength(26);
        expect(d.y!.classes[0]).toBe('A');
        expect(d.y!.classes[d.y!.codes[0]!]).toBe('T');
        expect(row(d.x, 0)).toEqual([2, 8, 3, 5, 1, 8, 13, 0, 6, 6, 10, 8, 0, 8, 0, 8]);
    });

    it('optdigits-8x8: 1797 × 64, digits 0..9', () => {
        const t = readCsv('optdigits-8x8.csv', opts);
        const d = tabularData(t, { features: { from: 'px0', to: 'px63' }, label: 'digit' });
        expect([d.x.rows, d.x.cols]).toEqual([1797, 64]);
        expect(d.y!.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
        expect(t.columns.every(c => c.type === 'number')).toBe(true);
    });
});

describe('bad input: each error names the file, line and column', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-csv-'));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('a missing file', () => {
        const e = dataError(() => fixture('nope.csv'), { file: 'nope.csv' });
        expect(e.message).toContain('does not exist');
        expect(e.message).toContain(path.join(fixtures, 'nope.csv'));
    });

    it('a folder instead of a file', () => {
        fs.mkdirSync(path.join(tmp, 'dir.csv'));
        expect(dataError(() => readCsv('dir.csv', { allowedRoot: tmp }), { file: 'dir.csv' }).message).toContain('is a folder');
    });

    it('an absolute path outside the allowed root', () => {
        const outside = path.join(root, 'package.json');
        const e = dataError(() => readCsv(outside, { allowedRoot: fixtures }), { file: outside });
        expect(e.message).toContain(`outside the workspace folder ${fixtures}`);
    });

    it('a .. escape out of the allowed root', () => {
        const e = dataError(() => readCsv('../reference/x.csv', { allowedRoot: fixtures }), { file: '../reference/x.csv' });
        expect(e.message).toContain('outside the workspace folder');
        // the escape is refused before the file is looked for
        expect(e.message).not.toContain('does not exist');
    });

    it('a symbolic link that points outside the allowed root', () => {
        const inside = path.join(tmp, 'ws');
        fs.mkdirSync(inside);
        fs.symlinkSync(path.join(fixtures, 'small.csv'), path.join(inside, 'link.csv'));
        dataError(() => readCsv('link.csv', { allowedRoot: inside }), { file: 'link.csv' });
    });

    it('an empty file', () => {
        expect(dataError(() => fixture('empty.csv'), { file: 'empty.csv' }).message).toContain('the file is empty');
    });

    it('a header and no rows', () => {
        expect(dataError(() => fixture('header-only.csv'), { file: 'header-only.csv' }).message)
            .toContain('has a header (3 columns: x, y, label) but no data rows');
    });

    it('a ragged row', () => {
        expect(dataError(() => fixture('ragged.csv'), { file: 'ragged.csv', line: 4 }).message)
            .toContain('this row has 2 fields, the header has 3');
    });

    it('a non-numeric cell in a numeric feature', () => {
        const t = fixture('non-numeric.csv');
        expect(t.column('y')!.type).toBe('category');
        const e = dataError(() => tabularData(t, { features: ['x', 'y'], label: 'label' }), { file: 'non-numeric.csv', line: 4, column: 'y' });
        expect(e.message).toContain('"six" is not a number');
    });

    it('a NaN cell', () => {
        const e = dataError(() => tabularData(fixture('nan.csv'), { label: 'label' }), { file: 'nan.csv', line: 3, column: 'y' });
        expect(e.message).toContain('"NaN" is not a finite number');
    });

    it('an infinite cell', () => {
        const e = dataError(() => tabularData(fixture('inf.csv'), { label: 'label' }), { file: 'inf.csv', line: 4, column: 'x' });
        expect(e.message).toContain('"-inf" is not a finite number');
        // a number too large for a double is infinite as well
        const big = parseCsv('x\n1\n1e999\n', { file: 'big.csv' });
        expect(dataError(() => numericMatrix(big, big.columns), { file: 'big.csv', line: 3, column: 'x' }).message).toContain('"1e999" is not a finite number');
    });

    it('an empty cell in a numeric feature', () => {
        expect(dataError(() => tabularData(fixture('empty-cell.csv'), { label: 'label' }), { file: 'empty-cell.csv', line: 2, column: 'y' }).message)
            .toContain('the cell is empty');
    });

    it('duplicate header names', () => {
        expect(dataError(() => fixture('duplicate-header.csv'), { file: 'duplicate-header.csv', line: 1, column: 'x' }).message)
            .toContain('the header names "x" twice (fields 1 and 3)');
    });

    it('an unclosed quote', () => {
        expect(dataError(() => fixture('unclosed-quote.csv'), { file: 'unclosed-quote.csv', line: 3 }).message)
            .toContain('is never closed');
    });

    it('a label column that does not exist, with a suggestion', () => {
        const t = fixture('splice-mini.csv');
        const e = dataError(() => tabularData(t, { label: 'lable' }), { file: 'splice-mini.csv', line: 1, column: 'lable' });
        expect(e.message).toContain('the label column "lable" does not exist in the header; did you mean "label"?');
        expect(e.message).toContain('p1, p2, p3, p4, label, cls');
    });

    it('a feature column that does not exist, with a suggestion', () => {
        const t: CsvTable = fixture('splice-mini.csv');
        expect(dataError(() => selectFeatures(t, { from: 'p1', to: 'P9' }), { file: 'splice-mini.csv', line: 1, column: 'P9' }).message)
            .toContain('the last feature column "P9" does not exist in the header; did you mean "p1"?');
        const e = dataError(() => selectFeatures(t, ['p1', 'Cls']), { file: 'splice-mini.csv', line: 1, column: 'Cls' });
        expect(e.message).toContain('did you mean "cls"?');
        // nothing close: no suggestion
        expect(dataError(() => selectFeatures(t, ['weight']), { file: 'splice-mini.csv', line: 1, column: 'weight' }).message)
            .toContain('the feature column "weight" does not exist in the header. The header has 6 columns');
    });

    it('a backwards range, and a label among the features', () => {
        const t = fixture('splice-mini.csv');
        expect(dataError(() => selectFeatures(t, { from: 'p4', to: 'p1' }), { file: 'splice-mini.csv', line: 1 }).message)
            .toContain('write p1 .. p4');
        expect(dataError(() => tabularData(t, { features: { from: 'p1', to: 'label' }, label: 'label' }), { file: 'splice-mini.csv', line: 1, column: 'label' }).message)
            .toContain('is also among the features');
    });

    it('one-hot of a continuous column, and a category count that does not match', () => {
        const t = fixture('small.csv');
        expect(dataError(() => oneHot(t, selectFeatures(t, ['length'])), { file: 'small.csv', line: 2, column: 'length' }).message)
            .toContain('5.1 is not an integer');
        const s = fixture('splice-mini.csv');
        expect(dataError(() => oneHot(s, selectFeatures(s, ['cls']), { categories: 4 }), { file: 'splice-mini.csv', column: 'cls' }).message)
            .toContain('has 3 distinct values (ei, ie, n), but oneHot(categories: 4) expects 4');
    });

    it('a corrupt gzip file', () => {
        fs.writeFileSync(path.join(tmp, 'bad.csv.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
        expect(dataError(() => readCsv('bad.csv.gz', { allowedRoot: tmp }), { file: 'bad.csv.gz' }).message).toContain('not valid gzip');
    });
});
