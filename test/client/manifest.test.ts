// The extension manifest and the static language files it points at: they are loaded by VS Code
// without any of our code running, so a typo shows up only as a silently missing feature.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDefaultCoreModule, createDefaultSharedCoreModule, EmptyFileSystem, inject } from 'langium';
import { ExpspecGeneratedModule, ExpspecGeneratedSharedModule } from '../../language/generated/module.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const readJson = (path: string): any => JSON.parse(read(path));

const manifest = readJson('package.json');
const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'expspec');
const grammarContribution = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'expspec');
const snippetContribution = manifest.contributes.snippets.find((s: { language: string }) => s.language === 'expspec');

/** Every word keyword of the Langium grammar (`'model'`, `'true'`, ...; not `'..'` or `'{'`). */
const grammarKeywords = [...new Set([...read('language/expspec.langium').matchAll(/'([A-Za-z_]\w*)'/g)].map((m) => m[1]!))];
const declarationKeywords = ['experiment', 'dataset', 'model', 'objective', 'train', 'evaluate', 'view', 'sweep', 'import'];

describe('extension manifest', () => {
    it('contributes the expspec language with its files', () => {
        expect(language?.extensions).toContain('.expspec');
        expect(grammarContribution?.scopeName).toBe('source.expspec');
        for (const path of [language.configuration, grammarContribution.path, snippetContribution.path, manifest.main]) {
            expect(path, 'manifest paths are relative to the extension').toMatch(/^\.\//);
        }
        for (const path of [language.configuration, grammarContribution.path, snippetContribution.path]) {
            expect(existsSync(join(root, path)), path).toBe(true);
        }
        expect(manifest.main).toBe('./out/client/extension.cjs');
        expect(manifest.activationEvents).toContain('onLanguage:expspec');
    });

    it('has a parsable language configuration', () => {
        const config = readJson(language.configuration);
        expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
        expect(config.brackets).toEqual([['{', '}'], ['[', ']'], ['(', ')']]);
        // VS Code compiles these strings to JavaScript regular expressions.
        new RegExp(config.wordPattern);
        new RegExp(config.folding.markers.start);
        new RegExp(config.folding.markers.end);
        expect('learningRate'.match(new RegExp(config.wordPattern))?.[0]).toBe('learningRate');
    });
});

describe('TextMate grammar', () => {
    const grammar = readJson(grammarContribution.path);

    /** Every rule with a `match`, and the scopes it (or a capture of it) assigns. */
    function rules(node: any, out: { match: string; scopes: string[] }[] = []): { match: string; scopes: string[] }[] {
        if (Array.isArray(node)) node.forEach((n) => rules(n, out));
        else if (node && typeof node === 'object') {
            if (typeof node.match === 'string') {
                const captures = Object.values(node.captures ?? {}).map((c: any) => c.name as string);
                out.push({ match: node.match, scopes: [node.name, ...captures].filter(Boolean) });
            }
            Object.values(node).forEach((n) => rules(n, out));
        }
        return out;
    }
    const all = rules(grammar);

    it('has the scope name of the manifest and only regexes that compile', () => {
        expect(grammar.scopeName).toBe(grammarContribution.scopeName);
        // TextMate uses Oniguruma; the grammar keeps to the subset that JavaScript also accepts.
        for (const { match } of all) expect(() => new RegExp(match), match).not.toThrow();
    });

    it('highlights every keyword of the Langium grammar', () => {
        expect(grammarKeywords).toEqual(expect.arrayContaining([...declarationKeywords, 'stage', 'on', 'then', 'true', 'false']));
        const keywordRules = all.filter((r) => r.scopes.some((s) => s.startsWith('keyword.') || s.startsWith('constant.language.')));
        for (const keyword of grammarKeywords) {
            const covered = keywordRules.some((r) => new RegExp(r.match).exec(keyword)?.[0] === keyword);
            expect(covered, `no keyword rule matches '${keyword}'`).toBe(true);
        }
    });
});

describe('snippets', () => {
    const snippets: Record<string, { prefix: string | string[]; body: string | string[]; description: string }> =
        readJson(snippetContribution.path);

    // The generated parser alone: the snippets must be syntactically valid specs, whatever the
    // validator later thinks of the names in them.
    const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), ExpspecGeneratedSharedModule);
    const services = inject(createDefaultCoreModule({ shared }), ExpspecGeneratedModule);
    shared.ServiceRegistry.register(services);

    /** The text a snippet inserts when every placeholder keeps its default (the first choice). */
    function expand(body: string | string[]): string {
        let text = Array.isArray(body) ? body.join('\n') : body;
        let previous;
        do {
            previous = text;
            text = text
                .replace(/\$\{TM_FILENAME_BASE[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, 'Spec')
                .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
                .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
                .replace(/\$\d+/g, '');
        } while (text !== previous);
        return text;
    }

    it('has one for each declaration keyword', () => {
        const prefixes = Object.values(snippets).flatMap((s) => s.prefix);
        for (const keyword of [...declarationKeywords, 'stage']) expect(prefixes, keyword).toContain(keyword);
        for (const [label, snippet] of Object.entries(snippets)) expect(snippet.description, label).toBeTruthy();
    });

    it('expand to specs that parse', () => {
        for (const [label, snippet] of Object.entries(snippets)) {
            const text = expand(snippet.body);
            expect(text, label).not.toMatch(/\$/);
            const result = services.parser.LangiumParser.parse(text);
            expect([...result.lexerErrors, ...result.parserErrors].map((e) => e.message), `${label}:\n${text}`).toEqual([]);
        }
    });
});

describe('editor contributions', () => {
    const contributes = manifest.contributes;
    const sources = ['client/commands.ts', 'client/extension.ts', 'client/status-bar.ts', 'client/runs-view.ts', 'server/execution/code-lens.ts'].map(read).join('\n');
    const registered = [...read('client/commands.ts').matchAll(/registerCommand\('([\w.]+)'/g)].map(m => m[1]);

    it('registers every contributed command, and contributes every registered one', () => {
        const contributed = contributes.commands.map((c: { command: string }) => c.command);
        expect([...registered].sort()).toEqual([...contributed].sort());
        for (const c of contributes.commands) expect(c.category, c.command).toBe('expspec');
    });

    it('uses only commands it contributes (CodeLens, status bar, tree items, menus)', () => {
        const used = new Set([...sources.matchAll(/command: '(expspec\.[\w.]+)'/g), ...sources.matchAll(/item\.command = '(expspec\.[\w.]+)'/g)].map(m => m[1]));
        for (const menu of Object.values(contributes.menus) as Array<Array<{ command: string }>>) menu.forEach(m => used.add(m.command));
        expect(used.size).toBeGreaterThan(4);
        for (const command of used) expect(registered, command).toContain(command);
    });

    it('declares every setting the client and the server read', () => {
        const properties = Object.keys(contributes.configuration.properties);
        const serverReads = ['expspec.backend', 'expspec.runFolder', 'expspec.maxParallelRuns', 'expspec.runner.nodePath', 'expspec.showResultsOnRun'];
        for (const key of serverReads) expect(properties, key).toContain(key);
        expect(contributes.configuration.properties['expspec.backend'].enum).toEqual(['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
        for (const key of properties) expect(read('client/settings.ts') + read('client/extension.ts') + read('server/execution/handlers.ts'), key).toContain(key.split('.').at(-1)!);
    });

    it('has the Runs view, its icon, the walkthrough and its media, all shipped in the .vsix', () => {
        expect(contributes.views.expspec.map((v: { id: string }) => v.id)).toEqual(['expspec.runs']);
        const ignore = read('.vscodeignore');
        const files = [contributes.viewsContainers.activitybar[0].icon,
            ...contributes.walkthroughs[0].steps.map((s: { media: { markdown: string } }) => s.media.markdown)];
        for (const file of files) {
            expect(existsSync(join(root, file)), file).toBe(true);
            expect(ignore, `${file} is shipped`).toContain(`!${file.split('/').slice(0, 2).join('/')}/`);
        }
        expect(ignore).toContain('!examples/hyphc-moons.expspec');
        expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    });
});

describe('README in the .vsix', () => {
    it('has no relative links (vsce refuses to package them without a repository URL)', () => {
        const relative = [...read('README.md').matchAll(/\]\(([^)#]+)\)/g)].map(m => m[1]!).filter(target => !/^(https?:|mailto:)/.test(target));
        expect(relative).toEqual([]);
    });
});

describe('platform-specific packages', () => {
    it('add that platform\'s dawn.node and the WebGPU backend to the universal package', async () => {
        const { DAWN_FOLDERS, ignoreFileFor } = await import('../../scripts/package-targets.mjs');
        const linux = ignoreFileFor('linux-x64');
        expect(linux.startsWith(read('.vscodeignore').trimEnd())).toBe(true);
        expect(linux).toContain('!node_modules/webgpu/dist/linux-x64/**');
        expect(linux).toContain('!node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js');
        expect(ignoreFileFor('darwin-arm64')).toContain('!node_modules/webgpu/dist/darwin-universal/**');
        expect(() => ignoreFileFor('solaris-sparc')).toThrow(/unknown target/);
        // every folder named exists in the installed webgpu package (an optional dependency: npm ci installs it)
        for (const folder of new Set(Object.values(DAWN_FOLDERS))) expect(existsSync(join(root, 'node_modules/webgpu/dist', folder)), folder).toBe(true);
    });
});
