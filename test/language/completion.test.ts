import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, expectCompletion } from 'langium/test';
import { exampleUri, services } from './services.js';

const complete = expectCompletion(services);
afterEach(() => clearDocuments(services));

/** Labels offered at the single `<|>` of `text`. */
async function labelsAt(text: string): Promise<string[]> {
    let labels: string[] = [];
    await complete({
        text, index: 0, parseOptions: { documentUri: exampleUri() },
        assert: completions => { labels = completions.items.map(i => i.label); },
    });
    return labels;
}

const MOONS = `experiment E { seed: 0 }
dataset moons = pointSets(source: moons(noise: 0.0 .. 0.16)) { split: train 80%, test 20% }
`;

describe('completion', () => {
    it('offers declaration keywords at the top level', async () => {
        const labels = await labelsAt('<|>');
        expect(labels).toEqual(expect.arrayContaining(['experiment', 'dataset', 'model', 'objective', 'train', 'evaluate', 'view', 'sweep', 'import']));
    });

    it('offers only layer components where a model is defined', async () => {
        const labels = await labelsAt(MOONS + 'model m = <|>');
        expect(labels).toEqual(expect.arrayContaining(['mlp', 'poincare', 'dgcnn']));
        expect(labels).not.toContain('hyphc');
        expect(labels).not.toContain('adam');
    });

    it('offers objective components and objective declarations for `objective:`', async () => {
        const labels = await labelsAt(MOONS + `model m = mlp(out: 2) then poincare()
objective h = hyphc()
train m on moons.train { objective: <|> }`);
        expect(labels).toEqual(expect.arrayContaining(['hyphc', 'triplet', 'h']));
        expect(labels).not.toContain('mlp');
    });

    it('offers the parameters of a component, leaving out those already given', async () => {
        const labels = await labelsAt(MOONS + 'model m = mlp(out: 2, <|>)');
        expect(labels).toEqual(expect.arrayContaining(['hidden', 'activation', 'batchNorm']));
        expect(labels).not.toContain('out');
    });

    it('offers enum values of a parameter', async () => {
        const labels = await labelsAt(MOONS + `model m = mlp(out: 2) then poincare()
view embedding(m, on: moons.test, space: <|>)`);
        expect(labels).toEqual(expect.arrayContaining(['euclidean', 'poincare']));
    });

    it('offers models after `train`', async () => {
        const labels = await labelsAt(MOONS + `model embed = mlp(out: 2) then poincare()
objective h = hyphc()
train <|>`);
        expect(labels).toContain('embed');
        expect(labels).not.toContain('h');
    });

    it('offers references to datasets and their parts', async () => {
        const labels = await labelsAt(MOONS + `model m = mlp(out: 2) then poincare()
train m on <|>`);
        expect(labels).toEqual(expect.arrayContaining(['moons']));
    });

    it('offers dataset parts after a dot', async () => {
        const labels = await labelsAt(MOONS + `model m = mlp(out: 2) then poincare()
train m on moons.<|>`);
        expect(labels).toEqual(expect.arrayContaining(['train', 'test']));
    });

    it('offers CSV column names read from the header of the dataset\'s file', async () => {
        const labels = await labelsAt(`experiment E { seed: 0 }
dataset splice = csv("data/splice-junction-60.csv") { label: <|> }`);
        expect(labels).toEqual(expect.arrayContaining(['p1', 'p60', 'label', 'cls']));
    });

    it('offers components for a list item after the first, with the cursor inside a word', async () => {
        const labels = await labelsAt(MOONS + `model m = mlp(out: 2) then poincare()
evaluate c = hierarchicalClustering(model: m, data: moons.test, k: 4) {
  baselines: [linkage(single), li<|>nkage(ward)]
}`);
        expect(labels).toEqual(expect.arrayContaining(['linkage']));
        expect(labels).not.toContain('mlp');
    });

    it('offers the columns a generator writes (events without a CSV file)', async () => {
        const labels = await labelsAt(`experiment E { seed: 0 }
dataset tx = events(syntheticEvents(entities: 50, codes: 30, length: 20 .. 200, classes: 2)) {
  entity: <|>
}`);
        expect(labels).toEqual(expect.arrayContaining(['user_id', 'event_time', 'mcc_code', 'amount']));
        // With part of a name typed, the names that match it.
        expect(await labelsAt(`experiment E { seed: 0 }
dataset tx = events(syntheticEvents(entities: 50, codes: 30, length: 20 .. 200, classes: 2)) {
  entity: us<|>er_id
}`)).toContain('user_id');
    });

    it('works in the middle of a long spec, far from its start', async () => {
        const filler = Array.from({ length: 200 }, (_, i) => `objective o${i} = hyphc(temperature: 0.1)`).join('\n');
        const labels = await labelsAt(MOONS + filler + `
model m = mlp(out: 2) then poincare()
train m on moons.train { objective: o1, optimizer: <|> }
` + filler.replace(/o(\d+) =/g, 'p$1 ='));
        expect(labels).toEqual(expect.arrayContaining(['adam', 'sgd']));
        expect(labels).not.toContain('hyphc');
    });

    it('offers the properties of a train block', async () => {
        const labels = await labelsAt(MOONS + `model m = mlp(out: 2) then poincare()
train m on moons.train { <|> }`);
        expect(labels).toEqual(expect.arrayContaining(['objective', 'optimizer', 'epochs', 'batch', 'stage']));
    });
});
