import { afterEach, describe, it } from 'vitest';
import { clearDocuments, expectHover } from 'langium/test';
import { exampleUri, services } from './services.js';

const hover = expectHover(services);
afterEach(() => clearDocuments(services));


const SPEC = `experiment E { seed: 0  repeats: 5 }
dataset moons = pointSets(source: moons(noise: 0.0 .. 0.16), labeled: 30%) { split: train 80%, test 20% }
dataset splice = csv("data/splice-junction-60.csv") { features: p1 .. p60  label: label  transform: oneHot() }
model m = mlp(hidden: [64], out: 2) then poincare(scale: learned)
objective o = hyphc(temperature: [0.1, 0.2]) + triplet(margin: 1.0)
train m on moons.train { objective: o  epochs: 3 }
`;

/** SPEC with the cursor on the first character of the `nth` occurrence of `marker`. */
function at(marker: string, nth = 0): string {
    let index = -1;
    for (let i = 0; i <= nth; i++) index = SPEC.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`no ${marker}`);
    return SPEC.slice(0, index) + '<|>' + SPEC.slice(index);
}

describe('hover', () => {
    it('shows a loss component\'s formula and paper', async () => {
        await hover({ text: at('hyphc('), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /\*\*hyphc\*\* · objective[\s\S]*\*\*Formula\*\*[\s\S]*softmax_τ[\s\S]*\*\*Paper\*\*: From Trees to Continuous Embeddings and Back/ });
    });

    it('says which components the runtime does not run yet', async () => {
        await hover({ text: at('oneHot()'), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /\*\*oneHot\*\* · transform(?![\s\S]*not run by the runtime yet)/ });
        await hover({ text: at('triplet('), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /\*\*triplet\*\* · objective(?![\s\S]*not run by the runtime yet)/ });
        const text = SPEC.replace('objective o = hyphc', 'objective o = <|>mkmmd(kernels: 5) + hyphc');
        await hover({ text, index: 0, parseOptions: { documentUri: exampleUri() }, hover: /\*\*mkmmd\*\* · objective[\s\S]*not run by the runtime yet: a run that uses it stops before it starts/ });
    });

    it('shows a parameter\'s doc with its range and default', async () => {
        await hover({ text: at('temperature'), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /\*\*temperature\*\* · parameter of `hyphc`[\s\S]*default: `0.1`[\s\S]*range: \(0, ∞\)/ });
    });

    it('shows the inferred shapes of a model', async () => {
        await hover({ text: at('m = mlp'), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /\*\*model\*\* `m`[\s\S]*Shapes: point in R² → mlp → point in R² → poincare → Poincaré ball B²/ });
    });

    it('shows the inferred schema of a CSV dataset', async () => {
        await hover({ text: at('splice ='), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /tabular, 240 features after oneHot, label `label`[\s\S]*Columns \(62\)/ });
    });

    it('shows the parts of a point-set family', async () => {
        await hover({ text: at('moons ='), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /family of 2-D point sets from `moons`[\s\S]*`moons.train`, `moons.test`/ });
    });

    it('shows the grid of runs on the experiment', async () => {
        await hover({ text: at('E {'), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /hyphc.temperature \(2\) = 2 configurations × 5 repeat\(s\) = 10 runs/ });
    });

    it('describes a referenced declaration at the reference', async () => {
        await hover({ text: at('o  epochs'), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /\*\*objective\*\* `o`[\s\S]*`hyphc`[\s\S]*`triplet`/ });
    });

    it('shows an enum value with its parameter', async () => {
        await hover({ text: at('learned'), index: 0, parseOptions: { documentUri: exampleUri() }, hover: /`learned` · value of \*\*scale\*\*/ });
    });

    it('summarises an evaluation and a sweep', async () => {
        const spec = `experiment E { seed: 0 }
dataset moons = pointSets(source: moons()) { split: train 80%, test 20% }
model m = mlp(hidden: [64], out: 2) then poincare()
evaluate clusters = hierarchicalClustering(model: m, data: moons.test, k: 4) { metrics: [ari, nmi] }
sweep width = m.out in [2, 3]
`;
        await hover({ text: spec.replace('clusters =', '<|>clusters ='), index: 0, parseOptions: { documentUri: exampleUri() },
            hover: /\*\*evaluation\*\* `clusters`[\s\S]*Protocol: `hierarchicalClustering`[\s\S]*- k: `4`[\s\S]*- metrics: `\[ari, nmi\]`/ });
        await hover({ text: spec.replace('width =', '<|>width ='), index: 0, parseOptions: { documentUri: exampleUri() },
            hover: /\*\*sweep\*\* `width`[\s\S]*Varies `out` of `mlp`[\s\S]*2 value\(s\): one run each/ });
    });

    it('says nothing on punctuation', async () => {
        await hover({ text: at('{ seed'), index: 0, parseOptions: { documentUri: exampleUri() }, hover: undefined });
    });
});
