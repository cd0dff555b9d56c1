// Bundles the extension client, the language server and the CLI with esbuild.
//
//   node scripts/build.mjs            one build
//   node scripts/build.mjs --watch    rebuild on change
//
// The package is `"type": "module"`, but VS Code loads extensions with `require`, so every bundle
// is CommonJS with a `.cjs` extension. Each bundle is self-contained except for `vscode`, which the
// extension host provides, and TensorFlow.js, which only the runner loads.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

/** source (relative to the repository root) → bundle */
const entries = [
    { in: 'client/extension.ts', out: 'out/client/extension.cjs' },
    { in: 'server/main.ts', out: 'out/server/main.cjs' },
    { in: 'server/cli/main.ts', out: 'out/cli/main.cjs' },
    { in: 'server/runner/main.ts', out: 'out/runner/main.cjs' },
];

/** @type {esbuild.BuildOptions} */
const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    // TensorFlow.js stays a runtime dependency (resolved from node_modules when a run starts): its wasm
    // backend loads its .wasm binaries from its own package folder.
    external: ['vscode', '@tensorflow/*', 'webgpu'],
    logLevel: 'warning',
    // Sources are ESM and may use `import.meta.url` (e.g. to find a sibling bundle); esbuild leaves
    // `import.meta` empty in CommonJS output, so give it the bundle's own URL.
    define: { 'import.meta.url': '__expspecImportMetaUrl' },
    banner: { js: 'const __expspecImportMetaUrl = require("url").pathToFileURL(__filename).href;' },
};

const contexts = [];
for (const entry of entries) {
    const options = { ...common, entryPoints: [join(root, entry.in)], outfile: join(root, entry.out) };
    if (watch) {
        const ctx = await esbuild.context(options);
        await ctx.watch();
        contexts.push(ctx);
    } else {
        await esbuild.build(options);
        console.log(`build: ${entry.in} -> ${entry.out}`);
    }
}

// The result panels are browser bundles with their own options (webviews/build.mjs).
const { buildWebviews } = await import('../webviews/build.mjs');
await buildWebviews({ watch });

if (watch) {
    console.log(`build: watching ${contexts.length} bundle(s); Ctrl+C to stop`);
}
