// The registry's metadata: complete docs, consistent defaults, every name the examples use, and the
// inference hooks (shapes, schemas, checks) naming their fixes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    buildComponent, components, ComponentNotImplementedError, registry,
    type ArgValue, type CheckContext, type ComponentKind, type ComponentSpec, type DatasetSchema, type ModelInfo,
    type NumericRange, type ParamSpec, type ParamType, type SchemaContext, type ShapeContext,
} from '../../runtime/registry/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const registryDir = path.join(root, 'runtime/registry');
const examplesDir = path.join(root, 'examples');

const allParams = (c: ComponentSpec): ParamSpec[] => [...c.params, ...(c.block ?? [])];
const find = (name: string, kind: ComponentKind): ComponentSpec => {
    const component = registry.find(name, [kind]);
    if (!component) throw new Error(`no ${kind} '${name}'`);
    return component;
};

// ---- Metadata ---------------------------------------------------------------------------------------

describe('metadata', () => {
    it('keys components by (name, kind): every record is registered once', () => {
        expect(registry.all()).toHaveLength(components.length);
        expect(registry.named('knn').map(c => c.kind).sort()).toEqual(['classifier', 'graphPrior']);
        expect(registry.named('mlp').map(c => c.kind).sort()).toEqual(['classifier', 'layer']);
        expect(registry.named('selfSelection').map(c => c.kind).sort()).toEqual(['head', 'objective']);
    });

    it.each(components.map(c => [`${c.kind} ${c.name}`, c] as const))('%s has a summary, a doc and documented parameters', (_, c) => {
        expect(c.summary.trim().length).toBeGreaterThan(10);
        expect(c.doc.trim().length).toBeGreaterThan(10);
        for (const p of allParams(c)) expect(p.doc.trim(), `${c.name}.${p.name}`).not.toBe('');
        expect(new Set(c.params.map(p => p.name)).size, 'parameter names are unique').toBe(c.params.length);
        expect(new Set((c.block ?? []).map(p => p.name)).size, 'block property names are unique').toBe((c.block ?? []).length);
    });

    it('gives every objective and metric a formula', () => {
        const missing = components.filter(c => (c.kind === 'objective' || c.kind === 'metric') && !c.formula?.trim());
        expect(missing.map(c => c.name)).toEqual([]);
    });

    it('cites the paper of every method objective (only the generic cross-entropy has none)', () => {
        const missing = components.filter(c => c.kind === 'objective' && !c.paper).map(c => c.name);
        expect(missing).toEqual(['crossEntropy']);
        for (const c of components.filter(c => c.paper)) {
            expect(c.paper!.title, c.name).not.toMatch(/see the paper/);
            expect(c.paper!.authors, c.name).not.toMatch(/see the paper/);
            expect(c.paper!.year, c.name).toBeGreaterThan(1900);
        }
    });

    it.each(components.map(c => [`${c.kind} ${c.name}`, c] as const))('%s: defaults match their types and lie in their ranges', (_, c) => {
        for (const p of allParams(c)) {
            if (p.default === undefined) continue;
            expect(fits(p.default, p.type), `${c.name}.${p.name} = ${JSON.stringify(p.default)}`).toBe(true);
            for (const n of numbersIn(p.default)) expect(inRange(n, p.range), `${c.name}.${p.name}: ${n} in ${JSON.stringify(p.range)}`).toBe(true);
            expect(p.required, `${c.name}.${p.name} is required but has a default`).not.toBe(true);
        }
    });

    it('names only existing parameters as positional', () => {
        for (const c of components) {
            for (const name of c.positional ?? []) expect(c.params.map(p => p.name), `${c.name}: positional ${name}`).toContain(name);
        }
    });

    it('keeps TensorFlow.js out of the metadata', () => {
        const offenders = filesUnder(registryDir).filter(file => /(from\s+|import\s*\(\s*|require\s*\(\s*)['"]@tensorflow/.test(fs.readFileSync(file, 'utf8')));
        expect(offenders).toEqual([]);
    });

    it('refuses to build a component the runtime does not implement yet, naming it', async () => {
        const pending = components.find(c => !c.build)!;
        await expect(buildComponent(pending)).rejects.toThrow(ComponentNotImplementedError);
        await expect(buildComponent(pending)).rejects.toThrow(`'${pending.name}'`);
    });
});

// ---- The examples are the contract --------------------------------------------------------------------

describe('the example specs', () => {
    const specs = fs.readdirSync(examplesDir).filter(f => f.endsWith('.expspec'))
        .map(f => [f, stripCommentsAndStrings(fs.readFileSync(path.join(examplesDir, f), 'utf8'))] as const);

    it('are all there', () => expect(specs.length).toBeGreaterThanOrEqual(5));

    it.each(specs)('%s calls only registered components', (_, text) => {
        const names = [...text.matchAll(/\b([a-zA-Z_]\w*)\s*\(/g)].map(m => m[1]!);
        expect(names.length).toBeGreaterThan(5);
        expect(names.filter(name => registry.named(name).length === 0)).toEqual([]);
    });

    it.each(specs)('%s passes only parameters the components declare', (_, text) => {
        for (const call of callsOf(text)) {
            const accepting = registry.named(call.name).filter(c => accepts(c, call));
            expect(accepting.length, `${call.name}(${call.args.join(', ')})`).toBeGreaterThan(0);
        }
    });

    it.each(specs)('%s lists only metrics under `metrics:`', (_, text) => {
        for (const [, list] of text.matchAll(/metrics:\s*\[([^\]]*)\]/g)) {
            for (const name of list!.split(',').map(s => s.trim())) expect(registry.find(name, ['metric']), name).toBeDefined();
        }
    });
});

// ---- Inference hooks ------------------------------------------------------------------------------------

const shapeCtx = (models: Record<string, ModelInfo> = {}, schemas: Record<string, DatasetSchema> = {}): ShapeContext =>
    ({ modelOf: name => models[name], schemaOf: name => schemas[name] });
const call = (name: string, args: Record<string, ArgValue> = {}): ArgValue => ({ kind: 'call', name, args });
const record = (entries: Record<string, ArgValue>): ArgValue => ({ kind: 'record', entries });
const model = (over: Partial<ModelInfo>): ModelInfo =>
    ({ name: 'm', layers: ['mlp'], input: { kind: 'vector', dim: 60 }, output: { kind: 'vector', dim: 64 }, parts: [], ...over });
const data = (over: Partial<DatasetSchema>): DatasetSchema =>
    ({ kind: 'tabular', sample: { kind: 'vector', dim: 60 }, labels: 'all', summary: 'tabular, 60 features', ...over });
const messages = (component: ComponentSpec, ctx: Partial<CheckContext>) => component.check!({ args: {}, ...ctx }).map(p => p.message);
const schema = (component: ComponentSpec, ctx: Partial<SchemaContext>) =>
    component.schema!({ args: {}, block: {}, columnsOf: () => undefined, schemaOf: () => undefined, ...ctx });

const events: DatasetSchema = data({ kind: 'events', sample: { kind: 'events', fields: { mcc_code: 'category', currency: 'category', amount: 'amount' } }, summary: 'event sequences' });

describe('shapes', () => {
    it('sequenceEncoder reads events and gives the GRU\'s hidden size', () => {
        const args = { fields: call('embed', { mcc_code: 48 }), rnn: call('gru', { hidden: 256 }) };
        expect(find('sequenceEncoder', 'layer').shape!(events.sample, args, shapeCtx())).toEqual({ kind: 'vector', dim: 256 });
        expect(find('sequenceEncoder', 'layer').shape!(events.sample, { fields: call('embed', { amount: 8 }) }, shapeCtx()))
            .toEqual({ error: expect.stringContaining('use `scale(amount: signedLog)`') });
        expect(find('sequenceEncoder', 'layer').shape!(events.sample, { fields: call('scale', { '*': record({ price: { kind: 'name', name: 'log' } }) }) }, shapeCtx()))
            .toEqual({ error: expect.stringContaining('declare it in the dataset\'s `fields:`') });
        expect(find('sequenceEncoder', 'layer').shape!({ kind: 'vector', dim: 3 }, {}, shapeCtx()))
            .toEqual({ error: expect.stringContaining('use it on an `events(...)` dataset') });
    });

    it('dgcnn needs point sets and says what to use instead', () => {
        expect(find('dgcnn', 'layer').shape!({ kind: 'point', dim: 2 }, { out: 2 }, shapeCtx())).toEqual({ kind: 'point', dim: 2 });
        expect(find('dgcnn', 'layer').shape!({ kind: 'vector', dim: 60 }, {}, shapeCtx()))
            .toEqual({ error: expect.stringMatching(/use it on a `pointSets\(\.\.\.\)` dataset, or use `mlp\(\.\.\.\)`/) });
    });

    it('hashLayer gives hash codes, the first of a bits sweep', () => {
        expect(find('hashLayer', 'layer').shape!({ kind: 'vector', dim: 128 }, { bits: { kind: 'sweep', items: [16, 64] } }, shapeCtx()))
            .toEqual({ kind: 'hash', bits: 16 });
    });

    it('autoencoder outputs its encoder\'s latent space and checks a given decoder', () => {
        const encoder = call('mlp', { hidden: { kind: 'list', items: [512, 256] }, out: 64 });
        const auto = find('autoencoder', 'layer');
        expect(auto.shape!({ kind: 'vector', dim: 240 }, { encoder, decoder: { kind: 'name', name: 'mirror' } }, shapeCtx())).toEqual({ kind: 'vector', dim: 64 });
        expect(auto.shape!({ kind: 'vector', dim: 240 }, { encoder, decoder: call('mlp', { out: 60 }) }, shapeCtx()))
            .toEqual({ error: expect.stringContaining('give the decoder `out: 240`') });
    });

    it('untrained and frozen stand for another model', () => {
        const coles = model({ name: 'coles', input: events.sample, output: { kind: 'vector', dim: 256 } });
        const ctx = shapeCtx({ coles });
        expect(find('untrained', 'layer').shape!(events.sample, { model: { kind: 'name', name: 'coles' } }, ctx)).toEqual({ kind: 'vector', dim: 256 });
        expect(find('frozen', 'layer').shape!({ kind: 'vector', dim: 3 }, { model: { kind: 'name', name: 'coles' } }, ctx))
            .toEqual({ error: expect.stringContaining('`frozen(coles)` takes event sequence') });
    });

    it('fixed encoders compute their widths', () => {
        const protein = { kind: 'tokens', alphabet: 'protein' } as const;
        expect(find('kmer', 'encoder').shape!(protein, { k: 3 }, shapeCtx())).toEqual({ kind: 'vector', dim: 8000 });
        expect(find('oneHotSequence', 'encoder').shape!(protein, { length: 1000 }, shapeCtx())).toEqual({ kind: 'vector', dim: 21000 });
        const numeric = data({ kind: 'events', sample: { kind: 'events', fields: { amount: 'amount' } } });
        expect(find('aggregateFeatures', 'encoder').shape!({ kind: 'unknown' }, { of: { kind: 'name', name: 'tx' } }, shapeCtx({}, { tx: numeric })))
            .toEqual({ kind: 'vector', dim: 4 });
    });
});

describe('schemas', () => {
    it('events take their fields from the block and the label from the generator', () => {
        const synthetic = call('syntheticEvents', { entities: 10, classes: 2 });
        const generated = schema(find('syntheticEvents', 'source'), { args: { entities: 10, classes: 2 } });
        const result = schema(find('events', 'source'), {
            args: { source: synthetic },
            block: { fields: record({ mcc_code: { kind: 'name', name: 'category' }, amount: { kind: 'name', name: 'amount' } }) },
            schemaOf: () => generated,
        });
        expect(result).toMatchObject({ kind: 'events', sample: { kind: 'events', fields: { mcc_code: 'category', amount: 'amount' } }, labels: 'all', classes: 2 });
        expect(generated.columns).toEqual(expect.arrayContaining(['user_id', 'event_time', 'mcc_code', 'currency', 'amount']));
    });

    it('domains label the source only by default and share the block\'s features', () => {
        const columns = ['digit', ...Array.from({ length: 64 }, (_, i) => `px${i}`)];
        const block = { features: { kind: 'list', items: columns.slice(1) }, label: { kind: 'name', name: 'digit' } } as const;
        // the nested `csv(...)` reads the dataset's block, as the validator computes it
        const csvSchema = (): DatasetSchema => schema(find('csv', 'source'), { args: { path: 'a.csv' }, block, columnsOf: () => columns });
        const result = schema(find('domains', 'source'), {
            args: { source: call('csv', { path: 'a.csv' }), target: call('csv', { path: 'b.csv' }) },
            block, schemaOf: csvSchema,
        });
        expect(result).toMatchObject({ kind: 'domains', labels: 'source', sample: { kind: 'vector', dim: 64 } });
        expect(result.domains!.source.labels).toBe('all');
        expect(result.domains!.target.labels).toBe('none');
        expect(find('domains', 'source').parts).toEqual(['source', 'target']);
    });

    it('fasta and waveform describe their samples', () => {
        expect(schema(find('fasta', 'source'), { args: { path: 'a.fa' }, block: { label: call('headerWord', { '#0': 3 }) } }))
            .toMatchObject({ kind: 'proteins', sample: { kind: 'tokens', alphabet: 'protein' }, labels: 'all' });
        expect(schema(find('waveform', 'source'), { args: { noiseFeatures: 19 } })).toMatchObject({ sample: { kind: 'vector', dim: 40 }, classes: 3 });
    });
});

describe('checks name the fix', () => {
    it('contrastiveMargin needs a sampler and sequence data', () => {
        const contrastive = find('contrastiveMargin', 'objective');
        expect(messages(contrastive, { data: events, trainProperties: ['objective', 'optimizer'] }))
            .toEqual([expect.stringContaining('add `sampler: sampleSlices(count: 5, length: 15 .. 75)` to the train block')]);
        expect(messages(contrastive, { data: events, trainProperties: ['objective', 'sampler'] })).toEqual([]);
        expect(messages(contrastive, { data: data({}), trainProperties: ['sampler'] }))
            .toEqual([expect.stringContaining('`events(...)` dataset')]);
    });

    it('MK-MMD and the target entropy need two domains (one shared check)', () => {
        for (const name of ['mkmmd', 'targetEntropy']) {
            expect(messages(find(name, 'objective'), { data: data({}) })).toEqual([expect.stringContaining('`domains(source: ..., target: ...)`')]);
            expect(messages(find(name, 'objective'), { data: data({ kind: 'domains', labels: 'source' }) })).toEqual([]);
        }
        expect(messages(find('targetEntropy', 'objective'), { data: data({ kind: 'domains', labels: 'none' }) }))
            .toEqual([expect.stringContaining('set `labels: source`')]);
    });

    it('ALLG terms need the model\'s graph and selection parts', () => {
        const plain = model({ name: 'allg', layers: ['autoencoder'] });
        expect(messages(find('graphPrior', 'objective'), { model: plain }))
            .toEqual([expect.stringContaining('add `graph: learnableGraph(prior: knn(k: 10), layers: 2)` to the block of `model allg`')]);
        expect(messages(find('selfSelection', 'objective'), { model: plain }))
            .toEqual([expect.stringContaining('add `selection: selfSelection()`')]);
        expect(messages(find('propagation', 'objective'), { model: { ...plain, parts: ['graph'] } })).toEqual([]);
        expect(messages(find('reconstruction', 'objective'), { model: model({}) }))
            .toEqual([expect.stringContaining('`autoencoder(encoder: ..., decoder: mirror)`')]);
    });

    it('labelled objectives say where labels come from; hash losses need a hash layer', () => {
        const unlabelled = data({ labels: 'none' });
        for (const name of ['triplet', 'crossEntropy']) {
            expect(messages(find(name, 'objective'), { data: unlabelled })).toEqual([expect.stringContaining('`label: ...`')]);
        }
        expect(messages(find('pairwiseHash', 'objective'), { model: model({}), data: data({}) }))
            .toEqual([expect.stringContaining('`then hashLayer(bits: 64)`')]);
        expect(messages(find('maskedResidue', 'objective'), { data: data({}) })).toEqual([expect.stringContaining('`fasta(...)`')]);
    });

    it('hierarchical clustering with LCA decoding needs a Poincaré embedding', () => {
        const task = find('hierarchicalClustering', 'task');
        expect(messages(task, { model: model({}) })).toEqual([expect.stringContaining('add `then poincare(scale: learned)`')]);
        expect(task.check!({ args: { decode: { kind: 'name', name: 'ward' } }, model: model({}) })).toEqual([]);
    });
});

// ---- Helpers --------------------------------------------------------------------------------------------

function fits(value: unknown, type: ParamType): boolean {
    switch (type.kind) {
        case 'int': return Number.isInteger(value);
        case 'float': return typeof value === 'number' && Number.isFinite(value);
        case 'fraction': return typeof value === 'number' && value >= 0 && value <= 1;
        case 'bool': return typeof value === 'boolean';
        case 'string': case 'path': case 'column': case 'ref': return typeof value === 'string';
        case 'enum': return typeof value === 'string' && type.values.includes(value);
        case 'component': return typeof value === 'string' && registry.find(value, type.of) !== undefined
            && registry.find(value, type.of)!.params.every(p => !p.required);
        case 'columns': return Array.isArray(value) && value.every(v => typeof v === 'string');
        case 'list': return Array.isArray(value) && value.length >= (type.minLength ?? 0) && value.every(v => fits(v, type.of));
        case 'interval': return fits(value, { kind: type.of }) || (isInterval(value) && value.from <= value.to
            && fits(value.from, { kind: type.of }) && fits(value.to, { kind: type.of }));
        case 'record': return typeof value === 'object' && value !== null && !Array.isArray(value);
        case 'union': return type.of.some(member => fits(value, member));
    }
}

function isInterval(value: unknown): value is { kind: 'interval'; from: number; to: number } {
    return typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'interval';
}

function numbersIn(value: unknown): number[] {
    if (typeof value === 'number') return [value];
    if (Array.isArray(value)) return value.flatMap(numbersIn);
    if (isInterval(value)) return [value.from, value.to];
    return [];
}

function inRange(n: number, range: NumericRange | undefined): boolean {
    if (!range) return true;
    if (range.min !== undefined && (range.minExclusive ? n <= range.min : n < range.min)) return false;
    if (range.max !== undefined && (range.maxExclusive ? n >= range.max : n > range.max)) return false;
    return true;
}

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
        entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []);
}

/** The spec without comments, and with every string literal emptied (paths hold no calls). */
function stripCommentsAndStrings(text: string): string {
    return text.replace(/"(\\.|[^"\\])*"/g, '""').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n\r]*/g, '');
}

interface ExampleCall { readonly name: string; readonly args: readonly string[] }

/** Every call `name(...)` with its top-level arguments, nested calls included. */
function callsOf(text: string): ExampleCall[] {
    const calls: ExampleCall[] = [];
    for (const match of text.matchAll(/\b([a-zA-Z_]\w*)\s*\(/g)) {
        const args: string[] = [];
        let depth = 0, current = '';
        for (let i = match.index! + match[0].length; i < text.length; i++) {
            const ch = text[i]!;
            if (depth === 0 && (ch === ')' || ch === ',')) {
                if (current.trim()) args.push(current.trim());
                current = '';
                if (ch === ')') break;
                continue;
            }
            if ('([{'.includes(ch)) depth++;
            if (')]}'.includes(ch)) depth--;
            current += ch;
        }
        calls.push({ name: match[1]!, args });
    }
    return calls;
}

/** Whether a component takes these arguments: known names (or free field names), few enough positional ones. */
function accepts(component: ComponentSpec, call: ExampleCall): boolean {
    const names = component.params.map(p => p.name);
    const named = call.args.map(a => /^([A-Za-z_]\w*)\s*:/.exec(a)?.[1]);
    const positional = named.filter(n => n === undefined).length;
    return positional <= (component.positional?.length ?? 0)
        && named.every(n => n === undefined || names.includes(n) || names.includes('*'));
}

describe('what the runtime implements', () => {
    it('names only declared components, each of which then has a build hook', async () => {
        const { implementations } = await import('../../runtime/registry/implementations.js');
        for (const [kind, names] of Object.entries(implementations)) {
            for (const name of Object.keys(names!)) {
                const component = components.find(c => c.kind === kind && c.name === name);
                expect(component, `${kind} '${name}'`).toBeDefined();
                expect(typeof component!.build, `${kind} '${name}'`).toBe('function');
            }
        }
        const layer = await buildComponent(components.find(c => c.name === 'mlp' && c.kind === 'layer')!);
        expect(typeof layer).toBe('function');
    });
});
