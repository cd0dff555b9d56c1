// Loading a dataset of the plan into named parts. A part is a list of "sets": point sets for a
// `pointSets(...)` family (one hierarchy per set), one set holding every row for a table.
import * as path from 'node:path';
import { Args, PlanError } from '../plan/args.js';
import { isCall, isColumnRange, isList, isRef, type DatasetPlan, type PlanCall, type PlanValue } from '../plan/types.js';
import { Random } from '../random/index.js';
import { registry } from '../registry/index.js';
import { DataError, fitStandardScaler, applyStandardScaler, readCsv, tabularData, type FeatureSpec, type Matrix } from '../io/csv.js';
import { drawPointSet, type GeneratorSpec, type PointSetsSpec } from './pointsets.js';
import { generateWaveform } from './waveform.js';

/** Rows of one set: row-major features, a class per row (−1 unknown), which labels training may use. */
export interface SampleSet {
    readonly x: Float32Array;
    readonly rows: number;
    readonly dim: number;
    readonly labels: Int32Array;
    readonly labelled: Uint8Array;
    /** The noise level (or std) a generated point set was drawn with. */
    readonly level?: number;
}

export interface DatasetPart {
    readonly dataset: string;
    readonly part: string;
    readonly kind: 'pointSets' | 'tabular';
    readonly sets: readonly SampleSet[];
    readonly dim: number;
    readonly classes: number;
    readonly classNames?: readonly string[];
}

export interface LoadedDataset {
    readonly name: string;
    readonly kind: 'pointSets' | 'tabular';
    readonly parts: ReadonlyMap<string, DatasetPart>;
    /** Where each part comes from, for the run record: `train: sets 0–99`. */
    readonly description: string;
}

export interface LoadContext {
    /** The experiment seed. */
    readonly seed: number;
    /** The spec's folder: relative paths resolve against it. */
    readonly specDir: string;
    /** Data may only be read inside this folder (the workspace). */
    readonly workspace: string;
}

/** Loads every part of a dataset. A dataset without `split:` has one part named `all`. */
export function loadDataset(plan: DatasetPlan, ctx: LoadContext): LoadedDataset {
    const source = registry.find(plan.source.call, ['source']);
    if (!source) throw new PlanError(`dataset \`${plan.name}\`: unknown source '${plan.source.call}'`);
    switch (plan.source.call) {
        case 'pointSets': return loadPointSets(plan, ctx);
        case 'csv': return loadCsv(plan, ctx);
        case 'waveform': return loadWaveform(plan, ctx);
        default: throw new PlanError(`dataset \`${plan.name}\`: the source '${plan.source.call}' is part of the language but not of the runtime yet`);
    }
}

// ---- Point-set families -----------------------------------------------------------------------------

function generatorSpec(call: PlanCall, dataset: string): GeneratorSpec {
    const spec = registry.find(call.call, ['generator']);
    if (!spec) throw new PlanError(`dataset \`${dataset}\`: unknown generator '${call.call}'`);
    const args = Args.of(spec, call);
    const level = (name: string) => {
        const v = args.interval(name);
        return typeof v === 'number' ? v : { from: v.from, to: v.to };
    };
    switch (call.call) {
        case 'moons': return { name: 'moons', noise: level('noise'), shift: args.number('shift') } as GeneratorSpec;
        case 'circles': return { name: 'circles', noise: level('noise'), factor: args.number('factor') } as GeneratorSpec;
        case 'blobs': return { name: 'blobs', std: level('std') } as GeneratorSpec;
        case 'anisotropic': return { name: 'anisotropic', std: level('std') } as GeneratorSpec;
        default: throw new PlanError(`dataset \`${dataset}\`: the generator '${call.call}' is part of the language but not of the runtime yet`);
    }
}

function loadPointSets(plan: DatasetPlan, ctx: LoadContext): LoadedDataset {
    const args = Args.of(registry.find('pointSets', ['source'])!, plan.source);
    const points = args.interval('points');
    const spec: PointSetsSpec = {
        source: generatorSpec(args.call('source'), plan.name),
        points: typeof points === 'number' ? points : { from: points.from, to: points.to },
        labeled: args.number('labeled'),
        standardize: args.bool('standardize'),
    };
    const family = Random.derive(ctx.seed, 'dataset', plan.name);
    const partSizes = plan.split?.parts ?? [{ name: 'all', size: 1, fraction: false }];
    const parts = new Map<string, DatasetPart>();
    const described: string[] = [];
    let start = 0;
    let classes = 0;
    for (const part of partSizes) {
        if (part.fraction) {
            throw new PlanError(`dataset \`${plan.name}\`: a family of point sets has no fixed size, so its part \`${part.name}\` needs a count of sets, not a percentage`);
        }
        const sets: SampleSet[] = [];
        for (let i = 0; i < part.size; i++) {
            const set = drawPointSet(spec, start + i, family);
            classes = set.classes;
            sets.push({ x: Float32Array.from(set.points), rows: set.labels.length, dim: 2, labels: set.labels, labelled: set.labelled, level: set.level });
        }
        parts.set(part.name, { dataset: plan.name, part: part.name, kind: 'pointSets', sets, dim: 2, classes });
        described.push(`${part.name}: sets ${start}–${start + part.size - 1}`);
        start += part.size;
    }
    return { name: plan.name, kind: 'pointSets', parts, description: described.join(', ') };
}

// ---- Tables -------------------------------------------------------------------------------------------

function featureSpec(value: PlanValue | undefined, dataset: string): FeatureSpec | undefined {
    if (value === undefined) return undefined;
    if (isList(value)) return value.map(v => columnName(v, dataset));
    if (isColumnRange(value)) return { from: value.columns[0], to: value.columns[1] };
    return [columnName(value, dataset)];
}

function columnName(value: PlanValue, dataset: string): string {
    if (typeof value === 'string') return value;
    if (isRef(value) && !value.member) return value.ref;
    if (isCall(value) && Object.keys(value.args).length === 0) return value.call;
    throw new PlanError(`dataset \`${dataset}\`: expected a column name, got ${JSON.stringify(value)}`);
}

function loadCsv(plan: DatasetPlan, ctx: LoadContext): LoadedDataset {
    const args = Args.of(registry.find('csv', ['source'])!, plan.source);
    const file = args.string('path');
    const table = readCsv(file, { allowedRoot: ctx.workspace, baseDir: ctx.specDir, delimiter: args.string('delimiter'), displayName: file });
    if (table.rows === 0) throw new DataError({ file }, 'the file has a header but no rows');
    const props = plan.properties;
    const label = props['label'] !== undefined ? columnName(props['label'], plan.name) : undefined;
    const transforms = (props['transform'] === undefined ? [] : isList(props['transform']) ? props['transform'] : [props['transform']])
        .map(t => (isCall(t) ? t : { call: columnName(t, plan.name), args: {} }));
    const oneHotCall = transforms.find(t => t.call === 'oneHot');
    for (const t of transforms) {
        if (!['oneHot', 'standardize'].includes(t.call)) {
            throw new PlanError(`dataset \`${plan.name}\`: the transform '${t.call}' is part of the language but not of the runtime yet`);
        }
    }
    const data = tabularData(table, {
        features: featureSpec(props['features'], plan.name),
        ...(label !== undefined ? { label } : {}),
        ...(oneHotCall ? { oneHot: oneHotCall.args['categories'] !== undefined ? { categories: Number(oneHotCall.args['categories']) } : true } : {}),
    });
    const labels = data.y ? Int32Array.from(data.y.codes) : new Int32Array(data.x.rows).fill(-1);
    const loaded = splitTable(plan, data.x, labels, data.y?.classes, transforms.some(t => t.call === 'standardize'), ctx.seed);
    return { ...loaded, description: `${path.basename(file)} (${data.x.rows} rows × ${data.x.cols} features); ${loaded.description}` };
}

/** `waveform(samples, noiseFeatures)`: Breiman's generator, drawn from the experiment's seed. */
function loadWaveform(plan: DatasetPlan, ctx: LoadContext): LoadedDataset {
    const args = Args.of(registry.find('waveform', ['source'])!, plan.source);
    const samples = args.int('samples'), noise = args.int('noiseFeatures');
    const drawn = generateWaveform(samples, noise, Random.derive(ctx.seed, 'dataset', plan.name));
    const columns = [...Array.from({ length: 21 }, (_, i) => `x${i + 1}`), ...Array.from({ length: noise }, (_, i) => `noise${i + 1}`)];
    const x: Matrix = { rows: samples, cols: drawn.dim, data: Float64Array.from(drawn.x), names: columns };
    const transforms = plan.properties['transform'] === undefined ? [] : isList(plan.properties['transform']) ? plan.properties['transform'] : [plan.properties['transform']];
    const names = transforms.map(t => (isCall(t) ? t.call : String(t)));
    const other = names.find(t => t !== 'standardize');
    if (other) throw new PlanError(`dataset \`${plan.name}\`: the waveform's features are numbers; the transform '${other}' does not apply (use \`standardize()\`)`);
    const standardize = names.includes('standardize');
    const table = splitTable(plan, x, drawn.labels, ['1', '2', '3'], standardize, ctx.seed);
    return { ...table, description: `waveform (${samples} samples × ${drawn.dim} features, seeded); ${table.description}` };
}

/** The parts of a table: counts or fractions of the rows, drawn by a seeded permutation (stratified when asked). */
function splitTable(plan: DatasetPlan, matrix: Matrix, labels: Int32Array, classNames: readonly string[] | undefined, standardize: boolean, seed: number): LoadedDataset {
    const rows = matrix.rows;
    const classes = classNames?.length ?? 0;
    const order = splitOrder(plan, rows, labels, seed);
    const partSizes = plan.split?.parts ?? [{ name: 'all', size: 1, fraction: true }];
    const counts = partCounts(partSizes, rows, plan.name);
    const parts = new Map<string, DatasetPart>();
    let offset = 0;
    let x: Matrix = matrix;
    if (standardize) {
        // fitted on the first part (the training rows), applied to every row
        const firstRows = Array.from(order.subarray(0, counts[0]));
        x = applyStandardScaler(matrix, fitStandardScaler(matrix, firstRows));
    }
    const described: string[] = [];
    partSizes.forEach((part, p) => {
        const idx = order.subarray(offset, offset + counts[p]!);
        offset += counts[p]!;
        const xs = new Float32Array(idx.length * x.cols);
        idx.forEach((r, i) => { for (let c = 0; c < x.cols; c++) xs[i * x.cols + c] = x.data[r * x.cols + c]!; });
        const set: SampleSet = { x: xs, rows: idx.length, dim: x.cols, labels: Int32Array.from(idx, r => labels[r]!), labelled: Uint8Array.from(idx, r => (labels[r]! >= 0 ? 1 : 0)) };
        parts.set(part.name, { dataset: plan.name, part: part.name, kind: 'tabular', sets: [set], dim: x.cols, classes, ...(classNames ? { classNames } : {}) });
        described.push(`${part.name}: ${idx.length} rows`);
    });
    return { name: plan.name, kind: 'tabular', parts, description: described.join(', ') };
}

function partCounts(parts: readonly { name: string; size: number; fraction: boolean }[], rows: number, dataset: string): number[] {
    const counts = parts.map(p => (p.fraction ? Math.round(p.size * rows) : p.size));
    let total = counts.reduce((a, b) => a + b, 0);
    // Fractions that fit can still round past the rows (50% + 50% of 1,797 is 899 + 899): give the extra rows back
    // from the parts rounded up, the last first, so that the first part (training, candidates) keeps its share.
    for (let i = parts.length - 1; i >= 0 && total > rows; i--) {
        const part = parts[i]!;
        if (part.fraction && counts[i]! > part.size * rows) { counts[i]!--; total--; }
    }
    if (total > rows) {
        throw new PlanError(`dataset \`${dataset}\`: the split asks for ${total} rows (${parts.map((p, i) => `${p.name} ${counts[i]}`).join(', ')}) but the file has ${rows}`);
    }
    return counts;
}

/** A seeded order of the rows; with `stratified()`, classes interleaved so every prefix keeps their proportions. */
function splitOrder(plan: DatasetPlan, rows: number, labels: Int32Array, seed: number): Int32Array {
    const random = Random.derive(seed, 'split', plan.name);
    const strategy = plan.split?.strategy?.call ?? 'random';
    if (strategy === 'random') return random.permutation(rows);
    if (strategy !== 'stratified') throw new PlanError(`dataset \`${plan.name}\`: the split strategy '${strategy}' is part of the language but not of the runtime yet`);
    const byClass = new Map<number, number[]>();
    for (const r of random.permutation(rows)) {
        const list = byClass.get(labels[r]!) ?? [];
        list.push(r);
        byClass.set(labels[r]!, list);
    }
    // each row gets a position key (rank + jitter) / class size: merging by key spreads every class evenly
    const keyed: [number, number][] = [];
    for (const list of byClass.values()) list.forEach((r, i) => keyed.push([(i + random.random()) / list.length, r]));
    keyed.sort((a, b) => a[0] - b[0]);
    return Int32Array.from(keyed, k => k[1]);
}
