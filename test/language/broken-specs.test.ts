// Each spec in test/fixtures/broken starts with `// expect: <severity> <line>:<col> <message start>`
// and must report that diagnostic, at that position.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, validationHelper } from 'langium/test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { repoRoot, services } from './services.js';

const folder = path.join(repoRoot, 'test/fixtures/broken');
const files = fs.readdirSync(folder).filter(f => f.endsWith('.expspec')).sort();
const validate = validationHelper(services);
const SEVERITIES: Record<string, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning };

afterEach(() => clearDocuments(services));

function messageText(message: string | { value: string }): string {
    return typeof message === 'string' ? message : message.value;
}

describe('broken specs', () => {
    it('there are at least 30 of them', () => {
        expect(files.length).toBeGreaterThanOrEqual(30);
    });

    for (const file of files) {
        it(`${file} reports its expected diagnostic`, async () => {
            const text = fs.readFileSync(path.join(folder, file), 'utf8');
            const header = /^\/\/ expect: (error|warning) (\d+):(\d+) (.+)$/m.exec(text);
            expect(header, `${file} needs an '// expect:' header`).not.toBeNull();
            const [, severity, line, column, message] = header!;
            const result = await validate(text, { documentUri: `file://${path.join(folder, file)}` });
            const found = result.diagnostics.map(d => `${d.severity === DiagnosticSeverity.Error ? 'error' : d.severity === DiagnosticSeverity.Warning ? 'warning' : 'info'} ${d.range.start.line + 1}:${d.range.start.character + 1} ${messageText(d.message)}`);
            const match = result.diagnostics.find(d => d.severity === SEVERITIES[severity]
                && d.range.start.line + 1 === Number(line) && d.range.start.character + 1 === Number(column)
                && messageText(d.message).startsWith(message.trim()));
            expect(match, `expected "${severity} ${line}:${column} ${message}" among:\n${found.join('\n')}`).toBeDefined();
            // a validator that throws is caught by Langium and shows as a diagnostic of its own: none may
            expect(found.filter(f => f.includes('An error occurred during validation')), file).toEqual([]);
        });
    }
});
