// `expspec check <files…>`: validates specs as the editor does and prints `file:line:col: severity: message`.
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createExpspecServices } from '../../language/expspec-module.js';
import type { Spec } from '../../language/generated/ast.js';

export interface FileReport {
    readonly file: string;
    readonly diagnostics: readonly Diagnostic[];
    /** The parsed and validated spec (absent when the file could not be read). */
    readonly spec?: Spec;
}

const SEVERITY: Record<number, string> = {
    [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning',
    [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint',
};

/** Loads and validates the given specs together (so that imports between them resolve). */
export async function checkFiles(files: readonly string[], workspaceRoot = process.cwd()): Promise<FileReport[]> {
    const { shared, Expspec } = createExpspecServices(NodeFileSystem);
    Expspec.analysis.SpecAnalyzer.files.roots = [path.resolve(workspaceRoot)];
    const documents: LangiumDocument[] = [];
    const reports: FileReport[] = [];
    for (const file of files) {
        const uri = URI.file(path.resolve(file));
        try {
            documents.push(await shared.workspace.LangiumDocuments.getOrCreateDocument(uri));
        } catch (error) {
            reports.push({ file, diagnostics: [{ severity: DiagnosticSeverity.Error, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `Cannot read the file: ${(error as Error).message}` }] });
        }
    }
    await loadImports(shared, documents);
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    for (const document of documents) {
        reports.push({ file: path.relative(process.cwd(), document.uri.fsPath) || document.uri.fsPath, diagnostics: document.diagnostics ?? [], spec: document.parseResult.value as Spec });
    }
    return reports;
}

/** Imported specs must be in the workspace index for their declarations to resolve. */
async function loadImports(shared: ReturnType<typeof createExpspecServices>['shared'], documents: LangiumDocument[]): Promise<void> {
    const seen = new Set(documents.map(d => d.uri.toString()));
    const queue = [...documents];
    while (queue.length) {
        const document = queue.pop()!;
        for (const { path: written } of (document.parseResult.value as Spec).imports) {
            if (!written) continue;
            const uri = URI.file(path.resolve(path.dirname(document.uri.fsPath), written));
            if (seen.has(uri.toString())) continue;
            seen.add(uri.toString());
            try {
                const imported = await shared.workspace.LangiumDocuments.getOrCreateDocument(uri);
                await shared.workspace.DocumentBuilder.build([imported], { validation: false });
                queue.push(imported);
            } catch {
                // a missing import is reported by the validator on the import itself
            }
        }
    }
}

export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
    const { line, character } = diagnostic.range.start;
    return `${file}:${line + 1}:${character + 1}: ${SEVERITY[diagnostic.severity ?? DiagnosticSeverity.Error]}: ${diagnostic.message}`;
}
