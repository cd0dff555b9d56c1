// The dependency direction of architecture.md: client → (protocol) → server → language → runtime; webviews → (protocol,
// types only); runtime imports neither vscode nor Langium; nothing but the client imports vscode.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../language/services.js';

function sources(folder: string): string[] {
    const out: string[] = [];
    for (const name of readdirSync(join(repoRoot, folder))) {
        const path = join(repoRoot, folder, name);
        if (statSync(path).isDirectory()) out.push(...sources(relative(repoRoot, path)));
        else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(repoRoot, path));
    }
    return out;
}

/** Every `import … from 'x'` / `import 'x'` / `import('x')` of a file: [specifier, type-only]. */
function imports(file: string): Array<[string, boolean]> {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const found: Array<[string, boolean]> = [];
    for (const m of text.matchAll(/^import\s+(type\s+)?(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)) found.push([m[2]!, m[1] !== undefined]);
    for (const m of text.matchAll(/import\(['"]([^'"]+)['"]\)/g)) found.push([m[1]!, false]);
    return found;
}

describe('layering', () => {
    it('runtime imports neither vscode nor Langium nor the other layers', () => {
        for (const file of sources('runtime')) {
            for (const [spec] of imports(file)) {
                expect(spec, file).not.toMatch(/^(vscode|langium|vscode-languageserver|vscode-languageclient)(\/|$)/);
                expect(spec, file).not.toMatch(/^\.\.\/(\.\.\/)*(language|server|client|webviews)\//);
            }
        }
    });

    it('only the client imports vscode; the client reaches the server only through the protocol and pure helpers', () => {
        for (const folder of ['language', 'server', 'webviews', 'runtime']) {
            for (const file of sources(folder)) for (const [spec] of imports(file)) expect(spec, file).not.toBe('vscode');
        }
        for (const file of sources('client')) {
            for (const [spec, typeOnly] of imports(file)) {
                if (!spec.startsWith('.') || spec.startsWith('./')) continue;
                if (typeOnly) continue;
                expect(spec, file).toMatch(/^\.\.\/server\/(protocol|describe-event|report\/panel-html)\.js$/);
            }
        }
    });

    it('the webviews import only types from outside their folder', () => {
        for (const file of sources('webviews')) {
            for (const [spec, typeOnly] of imports(file)) {
                if (spec.startsWith('../../') || spec.startsWith('../server')) expect(typeOnly, `${file} imports ${spec}`).toBe(true);
            }
        }
    });
});
