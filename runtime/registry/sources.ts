// Dataset sources: what a `dataset x = ...` declaration reads or generates, and the labelers that read
// a class from a record.
import { atLeastOne, callsIn, describeDataType, interval, nameOf, nonNegative, numberArg, param, t, unit01 } from './params.js';
import { papers } from './papers.js';
import type { ArgValue, ArgValues, ComponentSpec, DatasetSchema, FieldType, LabelAvailability } from './types.js';

const splitDoc = 'Parts are declared with `split: name size, ...` (sizes are counts or percentages).';

// ---- Point sets -----------------------------------------------------------------------------------

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

// ---- Tables -----------------------------------------------------------------------------------------

/** Block properties shared by every tabular source (`csv`, and both sides of `domains`). */
const featuresParam = param('features', t.columns(), 'Feature columns: a list or a range `p1 .. p60`; all but the label when left out.');
const labelParam = param('label', t.column(), 'The column with the class of each row.');
const transformParam = param('transform', t.union(t.component('transform'), t.list(t.component('transform'))), 'Transforms applied to the features, in order.');

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
    block: [featuresParam, labelParam, transformParam],
    schema({ args, block, columnsOf }) {
        const path = typeof args['path'] === 'string' ? args['path'] : undefined;
        return tabular(path ? columnsOf(path) : undefined, block);
    },
};

/** The schema of a table read with these block properties (`features`, `label`, `transform`). */
function tabular(columns: readonly string[] | undefined, block: ArgValues): DatasetSchema {
    const label = nameOf(block['label']);
    const features = countFeatures(block['features'], columns, label);
    const transforms = callsIn(block['transform']);
    const oneHot = transforms.find(c => c.name === 'oneHot');
    // one-hot widens each column by its number of categories (4 for nucleotides when not given)
    const expand = oneHot ? numberArg(oneHot.args, 'categories') ?? 4 : 1;
    const dim = features === undefined ? undefined : features * expand;
    return {
        kind: 'tabular', sample: { kind: 'vector', dim }, labels: label ? 'all' : 'none', columns,
        summary: `tabular, ${dim ?? '?'} features${transforms.length ? ` after ${transforms.map(c => c.name).join(', ')}` : ''}`
            + (label ? `, label \`${label}\`` : ', no label'),
    };
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

export const waveform: ComponentSpec = {
    name: 'waveform',
    kind: 'source',
    summary: 'Breiman\'s waveform generator: 21 noisy features (+ pure-noise features), 3 classes.',
    doc: 'Each sample is a random convex combination `u·h_a + (1 − u)·h_b` (u ~ U(0, 1)) of two of three triangular '
        + 'waves of height 6 over 21 positions, centred at 7, 11 and 15, plus N(0, 1) noise on every feature. With the UCI '
        + 'labelling, class 1 mixes the waves centred at 7 and 15, class 2 at 7 and 11, class 3 at 11 and 15 (classes '
        + 'equally likely). `noiseFeatures` more columns of pure N(0, 1) noise follow (19 gives the 40-feature variant). '
        + 'Columns are `x1 … x21`, the noise columns after them, and `class`. `transform: standardize()` scales every '
        + 'feature by the first part\'s mean and sd. ' + splitDoc,
    formula: 'x_j = u·h_a(j) + (1 − u)·h_b(j) + ε_j,  h_c(j) = max(0, 6 − |j − c|),  u ~ U(0,1),  ε_j ~ N(0,1)',
    paper: papers.waveform,
    params: [
        param('samples', t.int(), 'Number of samples generated.', { default: 5000, range: atLeastOne, unit: 'samples' }),
        param('noiseFeatures', t.int(), 'Columns of pure N(0, 1) noise appended to the 21 wave features.', { default: 19, range: nonNegative, unit: 'features' }),
    ],
    block: [param('transform', t.union(t.component('transform'), t.list(t.component('transform'))), 'Transforms applied to the features, in order (`standardize()`).')],
    schema({ args }) {
        const noise = numberArg(args, 'noiseFeatures') ?? 19;
        const dim = 21 + noise;
        return { kind: 'tabular', sample: { kind: 'vector', dim }, labels: 'all', classes: 3, summary: `waveform, ${dim} features, 3 classes` };
    },
};

// ---- Event sequences --------------------------------------------------------------------------------

const FIELD_TYPES: readonly FieldType[] = ['category', 'amount', 'time', 'number'];

/** The columns `syntheticEvents` writes: one row per event. */
const SYNTHETIC = {
    entity: 'user_id', time: 'event_time', label: 'label',
    fields: { mcc_code: 'category', currency: 'category', amount: 'amount' } as Record<string, FieldType>,
};

export const syntheticEvents: ComponentSpec = {
    name: 'syntheticEvents',
    kind: 'source',
    summary: 'Generated per-entity event histories with a weak, diffuse per-entity class (CoLES stand-in data).',
    doc: 'Generates one row per event with columns `user_id`, `event_time`, `mcc_code` (category), `currency` (category) '
        + 'and `amount`, and one `label` per entity. The class acts only weakly and diffusely: it tilts a Zipf '
        + 'distribution over the `codes` (by `tilt`), shifts the mean of the log-normal amounts (by `amountShift`), and '
        + 'changes the daily/weekly periodicity of event times, so that order and periodicity carry signal that no single '
        + 'event reveals. Sequence lengths are heavy-tailed within `length`. Wrap it in `events(...)` to name the entity, '
        + 'time and fields.',
    paper: papers.coles,
    params: [
        param('entities', t.int(), 'Number of entities (users), each with one sequence and one label.', { default: 5000, range: { min: 2 }, unit: 'entities' }),
        param('codes', t.int(), 'Number of distinct categorical codes (`mcc_code`), Zipf-distributed.', { default: 300, range: { min: 2 }, unit: 'codes' }),
        param('length', t.interval('int'), 'Events per entity: heavy-tailed (log-uniform) within the interval.', { default: interval(20, 2000), range: atLeastOne, unit: 'events' }),
        param('classes', t.int(), 'Number of entity classes.', { default: 2, range: { min: 2 } }),
        param('currencies', t.int(), 'Number of distinct `currency` values.', { default: 4, range: atLeastOne }),
        param('tilt', t.float(), 'How strongly the class tilts the code distribution: a share tilt^2.5 of events draws codes in the class\'s own order, so 0 carries no signal, the default is weak (aggregate features near ROC-AUC 0.80 on 5,000 entities) and 1 makes codes class-specific.', { default: 0.3, range: unit01 }),
        param('amountShift', t.float(), 'Shift of the mean of log(amount) between consecutive classes.', { default: 0.25, range: nonNegative, unit: 'log units' }),
        param('days', t.int(), 'Time span of every history.', { default: 365, range: atLeastOne, unit: 'days' }),
    ],
    schema({ args }) {
        const classes = numberArg(args, 'classes') ?? 2;
        const sample = { kind: 'events', fields: SYNTHETIC.fields } as const;
        return {
            kind: 'events', sample, labels: 'all', classes,
            columns: [SYNTHETIC.entity, SYNTHETIC.time, ...Object.keys(SYNTHETIC.fields), SYNTHETIC.label],
            summary: `generated ${describeDataType(sample)}, ${classes} classes`,
        };
    },
};

export const events: ComponentSpec = {
    name: 'events',
    kind: 'source',
    summary: 'Per-entity event sequences from a table with one row per event (CoLES).',
    doc: 'Groups the rows of `source` by the `entity` column and orders each group by the `time` column; every entity '
        + 'becomes one sample, a sequence of events whose `fields` are typed: `category` (codes, embedded), `amount` '
        + '(signed, heavy-tailed numbers), `time` and `number`. A per-entity label comes from `target`, a table joined on '
        + 'its `key` column (`csv("target.csv", key: user_id, label: gender)`), or from the generator. Split by entity: '
        + '`split: train 80%, test 20% by entity`.',
    paper: papers.coles,
    params: [
        param('source', t.component('source'), 'The events, one per row: `csv(...)` or `syntheticEvents(...)`.', { required: true }),
    ],
    positional: ['source'],
    block: [
        param('entity', t.column(), 'The column that identifies the entity (user, client) of each event; `user_id` for `syntheticEvents`.'),
        param('time', t.column(), 'The column that orders the events of an entity; `event_time` for `syntheticEvents`.'),
        param('fields', t.record(t.enum(...FIELD_TYPES), 'field'), 'The event fields a model sees, each with its type: `{ mcc_code: category, amount: amount }`.'),
        param('target', t.component('source'), 'The per-entity labels: a table joined on its `key` column, `csv("target.csv", key: user_id, label: y)`.'),
    ],
    schema({ args, block, schemaOf }) {
        const nested = schemaOf(args['source']);
        const fields = fieldsOf(block['fields']) ?? (nested?.sample.kind === 'events' ? nested.sample.fields : {});
        const target = block['target'] === undefined ? undefined : schemaOf(block['target']);
        const labelled = block['target'] !== undefined || nested?.labels === 'all';
        const sample = { kind: 'events', fields } as const;
        return {
            kind: 'events', sample, labels: labelled ? 'all' : 'none', classes: target?.classes ?? nested?.classes,
            columns: nested?.columns,
            summary: `${describeDataType(sample)}${labelled ? ', one label per entity' : ', no label'}`,
        };
    },
};

function fieldsOf(value: ArgValue | undefined): Record<string, FieldType> | undefined {
    if (!value || typeof value !== 'object' || value.kind !== 'record') return undefined;
    const fields: Record<string, FieldType> = {};
    for (const [field, type] of Object.entries(value.entries)) {
        const name = nameOf(type);
        if (FIELD_TYPES.includes(name as FieldType)) fields[field] = name as FieldType;
    }
    return fields;
}

// ---- Protein sequences ------------------------------------------------------------------------------

const proteinSample = { kind: 'tokens', alphabet: 'protein' } as const;

function proteins(labels: LabelAvailability, from: string): DatasetSchema {
    return { kind: 'proteins', sample: proteinSample, labels, summary: `protein sequences from ${from}${labels === 'none' ? ', no label' : ', labelled'}` };
}

export const fasta: ComponentSpec = {
    name: 'fasta',
    kind: 'source',
    summary: 'Protein sequences from a FASTA file; the class is read from each header.',
    doc: 'Reads unaligned sequences (`>header` lines followed by residues; gaps `-`/`.` are dropped). The block\'s '
        + '`label` says how the class is read from a header, e.g. `headerWord(3)` for `>ID ACCESSION FAMILY`. '
        + 'Without a label the sequences serve self-supervised pre-training only. ' + splitDoc
        + ' Use `split: clustered(identity: 0.5) train 80%, test 20%` to keep similar sequences on one side.',
    paper: papers.proteinTransfer,
    params: [
        param('path', t.path('.fa', '.fasta', '.faa', '.fas'), 'The file, relative to the spec.', { required: true }),
    ],
    positional: ['path'],
    block: [
        param('label', t.component('labeler'), 'How the class of a sequence is read from its header: `headerWord(3)`.'),
    ],
    schema({ args, block }) {
        return proteins(block['label'] === undefined ? 'none' : 'all', `\`${String(args['path'] ?? '?')}\``);
    },
};

export const stockholm: ComponentSpec = {
    name: 'stockholm',
    kind: 'source',
    summary: 'Protein sequences from Stockholm alignments (a file, or a folder with one family per file).',
    doc: 'Reads Stockholm 1.0 alignments (`# STOCKHOLM 1.0`, `#=GF ID`, sequence lines, `//`). A file may hold '
        + 'several alignments; a folder is read file by file. Each sequence is labelled with the `#=GF ID` of its '
        + 'alignment unless the block names another `label`. Gaps are removed unless `ungap: false`. ' + splitDoc,
    paper: papers.proteinTransfer,
    params: [
        param('path', t.path(), 'A `.sto` file or a folder of them, relative to the spec.', { required: true }),
        param('ungap', t.bool(), 'Remove alignment gaps (`-`, `.`) so the sequences are raw residues.', { default: true }),
    ],
    positional: ['path'],
    block: [
        param('label', t.component('labeler'), 'How the class of a sequence is read from its name; the alignment\'s `#=GF ID` when left out.'),
    ],
    schema({ args }) {
        return proteins('all', `\`${String(args['path'] ?? '?')}\``);
    },
};

// ---- Two domains ------------------------------------------------------------------------------------

const DOMAIN_LABELS = { source: 'source', both: 'all', none: 'none' } as const satisfies Record<string, LabelAvailability>;

export const domains: ComponentSpec = {
    name: 'domains',
    kind: 'source',
    summary: 'Two domains of the same classes: a labelled source and an (unlabelled) target, for domain adaptation.',
    doc: 'Pairs two sources with the same features and classes, e.g. MNIST downsampled to 8×8 and UCI optdigits. '
        + 'The block\'s `features`, `label` and `transform` apply to both. `labels: source` (the default) hides the '
        + 'target\'s labels from training (they are kept for evaluation); `both` trains with them (an upper bound); '
        + '`none` hides all. The parts `name.source` and `name.target` need no `split:`.',
    paper: papers.dah,
    params: [
        param('source', t.component('source'), 'The labelled source domain, e.g. `csv("mnist-8x8.csv")`.', { required: true }),
        param('target', t.component('source'), 'The target domain, e.g. `csv("optdigits-8x8.csv")`.', { required: true }),
    ],
    positional: ['source', 'target'],
    block: [
        featuresParam, labelParam, transformParam,
        param('labels', t.enum(...Object.keys(DOMAIN_LABELS)), 'Which domain\'s labels training may use.', { default: 'source' }),
    ],
    parts: ['source', 'target'],
    schema({ args, block, schemaOf }) {
        const labels = DOMAIN_LABELS[(nameOf(block['labels']) ?? 'source') as keyof typeof DOMAIN_LABELS] ?? 'source';
        // nested sources read the same block (`features`, `label`, `transform`), so they are tabular already
        const side = (value: ArgValue, labelled: boolean): DatasetSchema => ({
            ...(schemaOf(value) ?? { kind: 'tabular', sample: { kind: 'unknown' }, summary: 'unknown data' }),
            labels: labelled ? 'all' : 'none',
        });
        const source = side(args['source'], labels !== 'none');
        const target = side(args['target'], labels === 'all');
        return {
            kind: 'domains', sample: source.sample, labels, classes: source.classes ?? target.classes,
            domains: { source, target },
            summary: `two domains (source: ${source.summary}; target: ${target.summary})`,
        };
    },
};

// ---- Labelers ---------------------------------------------------------------------------------------

export const headerWord: ComponentSpec = {
    name: 'headerWord',
    kind: 'labeler',
    summary: 'The n-th word of a FASTA header (1-based; the ID is word 1).',
    doc: 'Splits the header line after `>` at whitespace (or at `separator`) and takes word `index`, counting from 1: '
        + 'for `>TENA_CHICK/957-1033 PF00041 fn3`, `headerWord(2)` is `PF00041` and `headerWord(3)` is `fn3`. '
        + 'A header with fewer words is an error that names the sequence.',
    params: [
        param('index', t.int(), 'Which word, counting from 1.', { required: true, range: atLeastOne }),
        param('separator', t.string(), 'Split at this string instead of at whitespace, e.g. `"|"` for `>t1|fn3`.'),
    ],
    positional: ['index'],
};

export const sources: readonly ComponentSpec[] = [pointSets, csv, waveform, syntheticEvents, events, fasta, stockholm, domains];
export const labelers: readonly ComponentSpec[] = [headerWord];
