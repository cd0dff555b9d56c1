// Dataset sources: what a `dataset x = ...` declaration reads or generates.
import { nameOf, param, t, unit01 } from './params.js';
import { papers } from './papers.js';
import type { ArgValue, ComponentSpec, DatasetSchema } from './types.js';

const splitDoc = 'Parts are declared with `split: name size, ...` (sizes are counts or percentages).';

export const pointSets: ComponentSpec = {
    name: 'pointSets',
    kind: 'source',
    summary: 'A family of labelled 2-D point sets drawn from a generator (one hierarchy per set).',
    doc: 'Draws independent point sets from `source`: each set gets a point count in `points` and a noise level from '
        + 'the generator\'s interval, and a class-balanced fraction `labeled` of its points keeps its labels '
        + '(the rest are unlabelled for training). ' + splitDoc,
    paper: papers.hyphc,
    params: [
        param('source', t.component('generator'), 'The generator of each set.', { required: true }),
        param('points', t.interval('int'), 'Points per set: a count drawn in [max/2, max) when an interval is given.', { default: 300, range: { min: 4 } }),
        param('labeled', t.fraction(), 'Fraction of points per set whose labels are kept for training.', { default: 0.3, range: unit01 }),
        param('standardize', t.bool(), 'Standardise each set to zero mean and unit variance.', { default: true }),
    ],
    positional: ['source'],
    block: [],
    schema({ args }) {
        const source = args['source'];
        const classes = generatorClasses(source);
        return {
            kind: 'pointSets', sample: { kind: 'point', dim: 2 }, labels: 'partial', classes,
            summary: `family of 2-D point sets from \`${nameOf(source) ?? '?'}\`${classes ? `, ${classes} classes` : ''}`,
        };
    },
};

function generatorClasses(source: ArgValue | undefined): number | undefined {
    switch (nameOf(source)) {
        case 'circles': return 2;
        case 'moons': return 4;
        case 'blobs': case 'anisotropic': return 9;
        default: return undefined;
    }
}

export const csv: ComponentSpec = {
    name: 'csv',
    kind: 'source',
    summary: 'Rows of a CSV file with a header; columns are typed from their values.',
    doc: 'Reads a comma-separated file with a header row (path relative to the spec, inside the workspace). '
        + 'The block names the `features` (a list or a range of columns `p1 .. p60`), the `label` column and '
        + 'the `transform`s. ' + splitDoc,
    params: [
        param('path', t.path('.csv'), 'The file, relative to the spec.', { required: true }),
        param('delimiter', t.string(), 'Field delimiter.', { default: ',' }),
        param('key', t.column(), 'A key column, when this file is joined to another (targets of event data).'),
        param('label', t.column(), 'The label column, when this file is joined as a target.'),
    ],
    positional: ['path'],
    block: [
        param('features', t.columns(), 'Feature columns: a list or a range `p1 .. p60`; all but the label when left out.'),
        param('label', t.column(), 'The column with the class of each row.'),
        param('transform', t.union(t.component('transform'), t.list(t.component('transform'))), 'Transforms applied to the features, in order.'),
    ],
    schema({ args, block, columnsOf }) {
        const path = typeof args['path'] === 'string' ? args['path'] : undefined;
        const columns = path ? columnsOf(path) : undefined;
        const label = nameOf(block['label']);
        const features = countFeatures(block['features'], columns, label);
        const transforms = transformNames(block['transform']);
        const expand = transforms.includes('oneHot') ? 4 : 1;   // nucleotides and other small alphabets
        const dim = features === undefined ? undefined : features * expand;
        return {
            kind: 'tabular', sample: { kind: 'vector', dim }, labels: label ? 'all' : 'none', columns,
            summary: `tabular, ${dim ?? '?'} features${transforms.length ? ` after ${transforms.join(', ')}` : ''}`
                + (label ? `, label \`${label}\`` : ', no label'),
        };
    },
};

function transformNames(value: ArgValue | undefined): string[] {
    if (value && typeof value === 'object' && value.kind === 'list') return value.items.map(nameOf).filter((n): n is string => !!n);
    const name = nameOf(value);
    return name ? [name] : [];
}

function countFeatures(value: ArgValue | undefined, columns: readonly string[] | undefined, label: string | undefined): number | undefined {
    if (value === undefined) return columns ? columns.length - (label ? 1 : 0) : undefined;
    if (typeof value === 'object' && value.kind === 'list') return value.items.length;
    if (typeof value === 'object' && value.kind === 'record') return Object.keys(value.entries).length;
    if (typeof value === 'object' && value.kind === 'columnRange' && columns) {
        const from = columns.indexOf(value.from), to = columns.indexOf(value.to);
        return from >= 0 && to >= from ? to - from + 1 : undefined;
    }
    return undefined;
}

export const sources: readonly ComponentSpec[] = [pointSets, csv];
export type { DatasetSchema };
