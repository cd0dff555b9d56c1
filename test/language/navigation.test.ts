// Go to definition, find references, rename, document symbols and folding.
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, expectFindReferences, expectGoToDefinition, expectSymbols, parseHelper } from 'langium/test';
import { SymbolKind } from 'vscode-languageserver';
import type { Spec } from '../../language/generated/ast.js';
import { applyEdits } from '../../server/cli/format.js';
import { exampleUri, services } from './services.js';

afterEach(() => clearDocuments(services));

const HEAD = `experiment E { seed: 0 }
dataset moons = pointSets(source: moons(noise: 0.0 .. 0.16)) { split: train 80%, test 20% }
`;

describe('navigation', () => {
    it('goes from a reference to its declaration', async () => {
        await expectGoToDefinition(services)({
            text: HEAD + `model <|embed|> = mlp(out: 2) then poincare()
train em<|>bed on moons.train { objective: hyphc()  epochs: 1 }`,
            index: 0, rangeIndex: 0, parseOptions: { documentUri: exampleUri() },
        });
    });

    it('goes from a dataset part to the dataset', async () => {
        await expectGoToDefinition(services)({
            text: `experiment E { seed: 0 }
dataset <|moons|> = pointSets(source: moons()) { split: train 80%, test 20% }
model embed = mlp(out: 2) then poincare()
train embed on mo<|>ons.train { objective: hyphc()  epochs: 1 }`,
            index: 0, rangeIndex: 0, parseOptions: { documentUri: exampleUri() },
        });
    });

    it('finds every reference to a model', async () => {
        await expectFindReferences(services)({
            text: HEAD + `model <|embed|> = mlp(out: 2) then poincare()
train <|embed|> on moons.train { objective: hyphc()  epochs: 1 }
evaluate c = hierarchicalClustering(model: <|embed|>, data: moons.test, k: 4) { metrics: [ari] }
view embedding(<|embed|>, on: moons.test)`,
            includeDeclaration: true, parseOptions: { documentUri: exampleUri() },
        });
    });

    it('renames a declaration and all its references', async () => {
        const text = HEAD + `model embed = mlp(out: 2) then poincare()
train embed on moons.train { objective: hyphc()  epochs: 1 }
view embedding(embed, on: moons.test)`;
        const document = await parseHelper<Spec>(services)(text, { documentUri: exampleUri() });
        const offset = text.indexOf('embed =');
        const edit = await services.lsp.RenameProvider!.rename(document, {
            textDocument: { uri: document.textDocument.uri }, position: document.textDocument.positionAt(offset), newName: 'encoder',
        });
        const edits = edit?.changes?.[document.textDocument.uri] ?? [];
        expect(edits).toHaveLength(3);
        const renamed = applyEdits(text, edits, position => document.textDocument.offsetAt(position));
        expect(renamed).toContain('model encoder = mlp');
        expect(renamed).toContain('train encoder on');
        expect(renamed).toContain('view embedding(encoder, on');
    });

    it('lists declarations as document symbols', async () => {
        await expectSymbols(services)({
            text: HEAD + `model embed = mlp(out: 2) then poincare()
objective h = hyphc()`,
            parseOptions: { documentUri: exampleUri() },
            assert: symbols => {
                expect(symbols.map(s => s.name)).toEqual(['E', 'moons', 'embed', 'h']);
                expect(symbols.find(s => s.name === 'embed')?.kind).toBe(SymbolKind.Class);
                expect(symbols.find(s => s.name === 'moons')?.kind).toBe(SymbolKind.Variable);
            },
        });
    });

    // A folded range ends on the line before its closing brace (or comment end), which stays visible.
    it('folds multi-line blocks and comments', async () => {
        const text = `experiment E {
  seed: 0
}
/* A comment
over three
lines */
train m on d {
  stage a {
    epochs: 1
  }
}`;
        const document = await parseHelper<Spec>(services)(text, { documentUri: exampleUri() });
        const ranges = await services.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.textDocument.uri } });
        const lines = ranges.map(r => [r.startLine, r.endLine]).sort((a, b) => a[0] - b[0]);
        expect(lines).toEqual([[0, 1], [3, 4], [6, 9], [7, 8]]);
    });
});
