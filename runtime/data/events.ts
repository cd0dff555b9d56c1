// Per-entity event sequences (CoLES, methods.md §2): a table with one row per event grouped by its entity
// column and ordered by its time column; the aggregate-feature baseline computed from them; and the
// sub-sequence sampler `sampleSlices`. The `events` source and the CoLES training loop will read these.
import { DataError, requireColumn, type CsvColumn, type CsvTable } from '../io/csv.js';
import type { Random } from '../random/index.js';

/** How an event field is read: `category` codes are embedded; `amount`, `time` and `number` are numbers. */
export type FieldKind = 'category' | 'amount' | 'time' | 'number';

export interface CategoricalField {
    readonly kind: 'category';
    /** The distinct values (a table's sorted); an event's code indexes them. */
    readonly categories: readonly string[];
    /** Per event (in sequence order). */
    readonly codes: Int32Array;
}

export interface NumericField {
    readonly kind: 'amount' | 'time' | 'number';
    /** Per event (in sequence order). */
    readonly values: Float64Array;
}

export type EventField = CategoricalField | NumericField;

/** Entities' histories, stored flat: the events of entity e are offsets[e] … offsets[e + 1] − 1, in time order. */
export interface EventSequences {
    /** Entity ids, sorted. */
    readonly entities: readonly string[];
    readonly offsets: Int32Array;
    /** Per event: its time. */
    readonly time: Float64Array;
    /** Per field name, in the order the spec names them. */
    readonly fields: ReadonlyMap<string, EventField>;
    /** Per entity: its class, where the data have one. */
    readonly labels?: Int32Array;
}

export interface GroupEventsOptions {
    readonly entity: string;
    readonly time: string;
    readonly fields: Readonly<Record<string, FieldKind>>;
}

/** Events per entity: lengths[e] = offsets[e + 1] − offsets[e]. */
export function sequenceLengths(sequences: EventSequences): Int32Array {
    const n = sequences.entities.length;
    const lengths = new Int32Array(n);
    for (let e = 0; e < n; e++) lengths[e] = sequences.offsets[e + 1]! - sequences.offsets[e]!;
    return lengths;
}

/**
 * Groups the rows of `table` by the entity column and orders each group by time (rows with equal times keep
 * the file's order). Times must be numbers; category fields take a column's distinct cells (numbers read as
 * their text), numeric fields need numbers.
 */
export function groupEvents(table: CsvTable, options: GroupEventsOptions): EventSequences {
    const entityColumn = requireColumn(table, options.entity, 'entity column');
    const times = numbers(table, requireColumn(table, options.time, 'time column'), cell => `times must be numbers (days, seconds, …); "${cell}" is not`);
    const entityOf = cellTexts(entityColumn);
    const entities = [...new Set(entityOf)].sort();
    const entityIndex = new Map(entities.map((id, i) => [id, i]));
    const entityOfRow = Int32Array.from(entityOf, id => entityIndex.get(id)!);
    // every row's position in the output: by entity, then time, then row (a stable order)
    const order = Array.from({ length: table.rows }, (_, r) => r).sort((a, b) =>
        entityOfRow[a]! - entityOfRow[b]! || times[a]! - times[b]! || a - b);
    const offsets = new Int32Array(entities.length + 1);
    for (const e of entityOfRow) offsets[e + 1]!++;
    for (let e = 0; e < entities.length; e++) offsets[e + 1]! += offsets[e]!;
    const time = Float64Array.from(order, r => times[r]!);
    const fields = new Map<string, EventField>();
    for (const [name, kind] of Object.entries(options.fields)) {
        const column = requireColumn(table, name, `${kind} field`);
        if (kind === 'category') {
            const cells = cellTexts(column);
            const categories = [...new Set(cells)].sort();
            const code = new Map(categories.map((c, i) => [c, i]));
            fields.set(name, { kind, categories, codes: Int32Array.from(order, r => code.get(cells[r]!)!) });
        } else {
            const values = numbers(table, column, cell => `the ${kind} field needs numbers; "${cell}" is not one (declare it \`category\` if it is a code)`);
            fields.set(name, { kind, values: Float64Array.from(order, r => values[r]!) });
        }
    }
    return { entities, offsets, time, fields };
}

/** A column's cells as text (numbers as they print). */
function cellTexts(column: CsvColumn): readonly string[] {
    return column.type === 'category' ? column.values : Array.from(column.values, String);
}

/** A numeric column's values, or a DataError at the first cell that is not a number (`message` says why). */
function numbers(table: CsvTable, column: CsvColumn, message: (cell: string) => string): Float64Array {
    if (column.type === 'number') return column.values;
    const bad = Math.max(column.values.findIndex(v => !Number.isFinite(Number(v))), 0);
    throw new DataError({ file: table.file, line: table.lines[bad], column: column.name }, message(column.values[bad]!));
}

/**
 * The aggregate-feature baseline, one row per entity: the number of events; for each category field, the count
 * of every category; for each numeric field (times excluded), the sum, mean and population standard deviation.
 */
export function aggregateFeatures(sequences: EventSequences): { names: string[]; rows: number; dim: number; values: Float64Array } {
    const names = ['events'];
    for (const [name, field] of sequences.fields) {
        if (field.kind === 'category') names.push(...field.categories.map(c => `${name}=${c}`));
        else if (field.kind !== 'time') names.push(`${name}.sum`, `${name}.mean`, `${name}.std`);
    }
    const rows = sequences.entities.length, dim = names.length;
    const values = new Float64Array(rows * dim);
    for (let e = 0; e < rows; e++) {
        const start = sequences.offsets[e]!, end = sequences.offsets[e + 1]!, n = end - start;
        const row = e * dim;
        values[row] = n;
        let column = 1;
        for (const field of sequences.fields.values()) {
            if (field.kind === 'category') {
                for (let i = start; i < end; i++) values[row + column + field.codes[i]!]!++;
                column += field.categories.length;
            } else if (field.kind !== 'time') {
                let sum = 0;
                for (let i = start; i < end; i++) sum += field.values[i]!;
                const mean = n > 0 ? sum / n : 0;
                let squares = 0;
                for (let i = start; i < end; i++) squares += (field.values[i]! - mean) ** 2;
                values[row + column] = sum;
                values[row + column + 1] = mean;
                values[row + column + 2] = n > 0 ? Math.sqrt(squares / n) : 0;
                column += 3;
            }
        }
    }
    return { names, rows, dim, values };
}

/** A contiguous run of events of one sequence: positions start … start + length − 1. */
export interface Slice {
    readonly start: number;
    readonly length: number;
}

/**
 * CoLES's `sampleSlices`: `count` slices of a sequence of `length` events, each of a size uniform in
 * [min, max] (capped by the sequence) starting uniformly where it fits. Slices may overlap.
 */
export function sampleSlices(length: number, count: number, size: { readonly min: number; readonly max: number }, random: Random): Slice[] {
    if (!(Number.isInteger(length) && length >= 1)) throw new RangeError(`sampleSlices: a sequence of ${length} events`);
    if (!(Number.isInteger(size.min) && size.min >= 1 && size.max >= size.min)) throw new RangeError(`sampleSlices: sizes ${size.min} .. ${size.max}`);
    return Array.from({ length: count }, () => {
        const wanted = random.integer(size.min, size.max + 1);
        const n = Math.min(wanted, length);
        return { start: random.integer(0, length - n + 1), length: n };
    });
}
