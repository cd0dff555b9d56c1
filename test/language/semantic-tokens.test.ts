import { afterEach, describe, it } from 'vitest';
import { clearDocuments, expectSemanticToken, highlightHelper } from 'langium/test';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { exampleUri, services } from './services.js';

afterEach(() => clearDocuments(services));

describe('semantic tokens', () => {
    it('tells declarations, components, parameters, enum values and columns apart', async () => {
        const tokens = await highlightHelper(services)(`experiment E { seed: 0 }
dataset <|splice|> = <|csv|>("data/splice-junction-60.csv") { label: <|label|> }
model <|m|> = mlp(<|out|>: 2) then poincare(scale: <|learned|>)
train <|m|> on splice { objective: crossEntropy()  epochs: <|3|> }`, { documentUri: exampleUri() });
        expectSemanticToken(tokens, { rangeIndex: 0, tokenType: SemanticTokenTypes.variable });
        expectSemanticToken(tokens, { rangeIndex: 1, tokenType: SemanticTokenTypes.function });
        expectSemanticToken(tokens, { rangeIndex: 2, tokenType: SemanticTokenTypes.property });
        expectSemanticToken(tokens, { rangeIndex: 3, tokenType: SemanticTokenTypes.class });
        expectSemanticToken(tokens, { rangeIndex: 4, tokenType: SemanticTokenTypes.parameter });
        expectSemanticToken(tokens, { rangeIndex: 5, tokenType: SemanticTokenTypes.enumMember });
        expectSemanticToken(tokens, { rangeIndex: 6, tokenType: SemanticTokenTypes.class });
        expectSemanticToken(tokens, { rangeIndex: 7, tokenType: SemanticTokenTypes.number });
    });
});
