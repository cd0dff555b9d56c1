import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, expectNoIssues, validationHelper, type ValidationResult } from 'langium/test';
import type { Spec } from '../../language/generated/ast.js';
import { examplesDir, exampleUri, services } from './services.js';

const validate = validationHelper<Spec>(services);
const check = (text: string) => validate(text, { documentUri: exampleUri() });

afterEach(() => clearDocuments(services));

function expectMessage(result: ValidationResult, pattern: RegExp): void {
    expect(result.diagnostics.map(d => d.message)).toContainEqual(expect.stringMatching(pattern));
}

describe('examples', () => {
    const files = fs.readdirSync(examplesDir).filter(f => f.endsWith('.expspec'));
    it('ships the five method examples', () => {
        expect(files).toEqual(expect.arrayContaining(['hyphc-moons.expspec', 'allg-splice.expspec', 'coles-events.expspec', 'dah-digits.expspec', 'protein-families.expspec']));
    });
    for (const file of files) {
        it(`${file} validates with no diagnostics`, async () => {
            const text = fs.readFileSync(path.join(examplesDir, file), 'utf8');
            const result = await validate(text, { documentUri: `file://${path.join(examplesDir, file)}` });
            expect(result.diagnostics.map(d => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
        });
    }
});

const HEAD = `experiment E { seed: 0 }
dataset moons = pointSets(source: moons(noise: 0.0 .. 0.16), points: 200 .. 300, labeled: 30%) {
  split: train 100, test 20
}
`;

describe('type inference', () => {
    it('names the fix when a hierarchy objective gets a 64-d embedding', async () => {
        const result = await check(HEAD + `model embed = mlp(hidden: [64], out: 64) then poincare()
train embed on moons.train { objective: hyphc()  epochs: 1 }`);
        expectMessage(result, /`hyphc` needs a 2-dimensional embedding; `embed` ends in Poincaré ball B⁶⁴: add `out: 2`/);
    });

    it('infers the input width of tabular data through one-hot encoding', async () => {
        const result = await check(`experiment E { seed: 0 }
dataset splice = csv("data/splice-junction-60.csv") { features: p1 .. p60  label: label  transform: oneHot() }
model m = mlp(hidden: [8], out: 2)
train m on splice { objective: crossEntropy()  epochs: 1 }`);
        const analysis = services.analysis.SpecAnalyzer.analysisOf(result.document.parseResult.value);
        const model = result.document.parseResult.value.declarations[2] as never;
        expect(analysis.describeModel(model)).toBe('vector[240] → mlp → vector[2]');
    });

    it('infers shapes of a swept parameter from its first value', async () => {
        const result = await check(`experiment E { seed: 0 }
dataset digits = csv("data/optdigits-8x8.csv") { features: px0 .. px63, label: digit }
model hashNet = mlp(hidden: [256, 128], activation: relu) then hashLayer(bits: [16, 64, 128])
train hashNet on digits { objective: pairwiseHash(quantization: 1), epochs: 1 }`);
        expectNoIssues(result);
        const analysis = services.analysis.SpecAnalyzer.analysisOf(result.document.parseResult.value);
        expect(analysis.describeModel(result.document.parseResult.value.declarations[2] as never)).toBe('vector[64] → mlp → vector[128] → hashLayer → hash code (16 bits)');
    });

    it('treats a list where a scalar is expected as a sweep and checks each value', async () => {
        const result = await check(HEAD + `model embed = mlp(out: 2) then poincare()
objective o = hyphc(temperature: [0.1, 0.5, -1])`);
        expectMessage(result, /`temperature` of `hyphc` must be in \(0, ∞\), not -1/);
    });

    it('refuses a list for a parameter that cannot be swept', async () => {
        const result = await check(`experiment E { seed: [0, 1] }`);
        expectMessage(result, /`seed` takes one integer, not a list: it cannot be swept/);
    });

    it('reads CSV headers: an unknown label column is an error with a suggestion', async () => {
        const result = await check(`experiment E { seed: 0 }
dataset splice = csv("data/splice-junction-60.csv") { label: lable }`);
        expectMessage(result, /Column `lable` is not in the file's header; did you mean `label`\?/);
    });

    it('reads quoted headers (files written by R) through the runtime\'s CSV reader', async () => {
        const result = await check(`experiment E { seed: 0 }
dataset letters = csv("data/letter-recognition.csv") { label: lettr, transform: standardize() }`);
        expectNoIssues(result);
        const typo = await check(`experiment E { seed: 0 }
dataset letters = csv("data/letter-recognition.csv") { label: letter }`);
        expectMessage(typo, /Column `letter` is not in the file's header; did you mean `lettr`\?/);
    });

    it('checks dataset parts in member access', async () => {
        const result = await check(HEAD + `model embed = mlp(out: 2) then poincare()
train embed on moons.tarin { objective: hyphc()  epochs: 1 }`);
        expectMessage(result, /`moons` has no part `tarin`: its parts are `train`, `test`; did you mean `train`\?/);
    });

    it('accepts a clean minimal spec', async () => {
        const result = await check(HEAD + `model embed = mlp(out: 2) then poincare()
train embed on moons.train { objective: hyphc()  epochs: 1 }`);
        expectNoIssues(result);
    });
});
