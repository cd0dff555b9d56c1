import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, expectFormatting, parseHelper } from 'langium/test';
import { applyEdits } from '../../server/cli/format.js';
import { examplesDir, exampleUri, services } from './services.js';

afterEach(() => clearDocuments(services));

describe('formatting', () => {
    it('normalises spacing around punctuation and operators and indents blocks', async () => {
        await expectFormatting(services)({
            before: `experiment E{seed:0}
model   m=mlp( hidden :[ 64 ,64 ],out:2 )then poincare( )
objective o=hyphc( temperature:0.1 )+  triplet( margin:1.0 )
dataset d = pointSets(source: moons(noise: 0.0..0.16)) {
split:train 80% ,test 20%
}`,
            after: `experiment E { seed: 0 }
model m = mlp(hidden: [64, 64], out: 2) then poincare()
objective o = hyphc(temperature: 0.1) + triplet(margin: 1.0)
dataset d = pointSets(source: moons(noise: 0.0 .. 0.16)) {
  split: train 80%, test 20%
}`,
            parseOptions: { documentUri: exampleUri() }, options: { tabSize: 2, insertSpaces: true },
        });
    });

    it('keeps a chain or a sum broken over lines, indented', async () => {
        await expectFormatting(services)({
            before: `model m = mlp(out: 2)
then poincare()`,
            after: `model m = mlp(out: 2)
  then poincare()`,
            parseOptions: { documentUri: exampleUri() }, options: { tabSize: 2, insertSpaces: true },
        });
    });

    for (const file of fs.readdirSync(examplesDir).filter(f => f.endsWith('.expspec'))) {
        it(`leaves ${file} unchanged (the examples are formatted)`, async () => {
            const text = fs.readFileSync(path.join(examplesDir, file), 'utf8');
            const document = await parseHelper(services)(text, { documentUri: exampleUri() });
            const edits = await services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.textDocument.uri }, options: { tabSize: 2, insertSpaces: true } });
            const formatted = applyEdits(text, edits, position => document.textDocument.offsetAt(position));
            expect(formatted).toBe(text);
        });
    }
});
