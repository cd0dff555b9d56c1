// `expspec format [--check] <files…>`: formats specs as the editor does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { TextEdit } from 'vscode-languageserver-types';
import { createExpspecServices } from '../../language/expspec-module.js';

export interface FormatResult {
    readonly file: string;
    readonly changed: boolean;
    readonly formatted: string;
}

export async function formatFiles(files: readonly string[], tabSize = 2): Promise<FormatResult[]> {
    const { shared, Expspec } = createExpspecServices(NodeFileSystem);
    const results: FormatResult[] = [];
    for (const file of files) {
        const document = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(path.resolve(file)));
        const edits = await Expspec.lsp.Formatter!.formatDocument(document, {
            textDocument: { uri: document.uri.toString() }, options: { tabSize, insertSpaces: true },
        });
        const text = document.textDocument.getText();
        const formatted = applyEdits(text, edits, offset => document.textDocument.offsetAt(offset));
        results.push({ file, changed: formatted !== text, formatted });
    }
    return results;
}

export function applyEdits(text: string, edits: readonly TextEdit[], offsetAt: (position: TextEdit['range']['start']) => number): string {
    return edits
        .map(edit => ({ start: offsetAt(edit.range.start), end: offsetAt(edit.range.end), text: edit.newText }))
        .sort((a, b) => b.start - a.start)
        .reduce((acc, edit) => acc.slice(0, edit.start) + edit.text + acc.slice(edit.end), text);
}

export async function formatCommand(args: string[]): Promise<number> {
    const check = args.includes('--check');
    const files = args.filter(a => a !== '--check');
    if (files.length === 0) {
        console.error('expspec format: give at least one .expspec file');
        return 2;
    }
    const results = await formatFiles(files);
    for (const result of results.filter(r => r.changed)) {
        if (check) console.log(`${result.file}: not formatted`);
        else fs.writeFileSync(result.file, result.formatted);
    }
    const changed = results.filter(r => r.changed).length;
    console.log(check ? `${changed} of ${results.length} spec(s) need formatting` : `formatted ${changed} of ${results.length} spec(s)`);
    return check && changed > 0 ? 1 : 0;
}
