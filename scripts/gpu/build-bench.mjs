// Bundles the benchmarks (bench/run.ts, which `npm run bench` runs through tsx) into one ES module,
// out/bench.mjs, for the GPU bundle (scripts/gpu/pack.sh): the GPU machine has Node from the bundle but
// no tsx and no node_modules beyond the TensorFlow.js packages.
//
//   node scripts/gpu/build-bench.mjs [--outfile out/bench.mjs]
//
// ES module, not CommonJS: bench/run.ts awaits at its top level.
//
// The bundle behaves as tsx running the sources does:
// - every `import.meta.url` becomes the URL the source file would have under the bundle's root (the folder
//   above out/, or $EXPSPEC_BENCH_ROOT), so the peers resolve to <root>/bench/peers/*.py and the results go
//   to <root>/bench/results, as in the repository;
// - TensorFlow.js and `webgpu` stay external, loaded from <root>/node_modules;
// - the benchmarks that need the editor's tool chain (Langium, VS Code, Chromium, the language server) are
//   replaced by stubs that say so; the compute benchmarks (the workloads, hyphc-epoch, linkage) are real;
// - the peers' interpreter, `/usr/bin/python3` in the sources, is `$EXPSPEC_PYTHON` when that is set.
//
// It leaves `npm run build`'s outputs alone.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 ? process.argv[at + 1] : join(root, 'out', 'bench.mjs');

/** Benchmarks that cannot run from the GPU bundle: file (relative to bench/) → what they need. */
const STUBBED = {
    'language-latency': 'Langium and the language sources',
    'run-latency': 'the language server bundle (out/server/main.cjs)',
    'panel-render': 'Chromium (playwright-core) and the browser test harness',
    'activation': 'VS Code (Electron)',
};

/** A stand-in for one stubbed benchmark module, with the same export, name and description. */
function stubSource(file, needs) {
    const text = readFileSync(file, 'utf8');
    const exported = /export const (\w+)\s*:\s*Benchmark\s*=/.exec(text)?.[1];
    const name = /\bname:\s*'([^']+)'/.exec(text)?.[1];
    if (!exported || !name) throw new Error(`build-bench: cannot find the exported Benchmark in ${file}; update STUBBED`);
    const note = `not in the GPU bundle: ${name} needs ${needs}; run it with \`npm run bench -- ${name}\` in the repository`;
    return `export const ${exported} = { name: ${JSON.stringify(name)}, description: ${JSON.stringify(`(skipped: ${note})`)},
    async run(log) { log(${JSON.stringify(note)}); return { metrics: [], targets: [], notes: [${JSON.stringify(note)}] }; } };\n`;
}

/** @type {esbuild.Plugin} */
const sourceLayout = {
    name: 'expspec-source-layout',
    setup(build) {
        const stubFilter = new RegExp(`^\\./(${Object.keys(STUBBED).join('|')})\\.js$`);
        build.onResolve({ filter: stubFilter }, args => {
            if (relative(root, args.importer) !== join('bench', 'run.ts')) return undefined;
            const base = stubFilter.exec(args.path)[1];
            return { path: join(root, 'bench', `${base}.ts`), namespace: 'bench-stub', pluginData: STUBBED[base] };
        });
        build.onLoad({ filter: /.*/, namespace: 'bench-stub' }, args => ({
            contents: stubSource(args.path, args.pluginData), loader: 'js', resolveDir: dirname(args.path),
        }));
        // The repository's own sources (not node_modules): per-file import.meta.url, and the peers' interpreter.
        build.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, args => {
            const rel = relative(root, args.path);
            if (rel.startsWith('..') || rel.split(sep).includes('node_modules')) return undefined;
            let contents = readFileSync(args.path, 'utf8');
            if (!contents.includes('import.meta') && !contents.includes('/usr/bin/python3')) return undefined;
            const url = `__expspecSourceUrl(${JSON.stringify(rel.split(sep).join('/'))})`;
            contents = contents.replace(/\bimport\.meta\.url\b/g, url)
                .replace(/(['"])\/usr\/bin\/python3\1/g, '(process.env.EXPSPEC_PYTHON || "/usr/bin/python3")');
            const loader = /\.m?ts$/.test(args.path) ? 'ts' : 'js';
            return { contents, loader, resolveDir: dirname(args.path) };
        });
    },
};

const banner = [
    'import { createRequire as __expspecCreateRequire } from "node:module";',
    'import { fileURLToPath as __expspecFileURLToPath, pathToFileURL as __expspecPathToFileURL } from "node:url";',
    'import { dirname as __expspecDirname, join as __expspecJoin } from "node:path";',
    // CommonJS code bundled into an ES module calls require() for Node's built-ins.
    'const require = __expspecCreateRequire(import.meta.url);',
    'const __expspecRoot = process.env.EXPSPEC_BENCH_ROOT || __expspecJoin(__expspecDirname(__expspecFileURLToPath(import.meta.url)), "..");',
    'const __expspecSourceUrl = (rel) => __expspecPathToFileURL(__expspecJoin(__expspecRoot, rel)).href;',
].join('\n');

await esbuild.build({
    entryPoints: [join(root, 'bench', 'run.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    external: ['vscode', '@tensorflow/*', 'webgpu'],
    logLevel: 'warning',
    banner: { js: banner },
    plugins: [sourceLayout],
});
console.log(`build-bench: bench/run.ts -> ${relative(process.cwd(), outfile)}`);
