// Bundles the result panels for the browser (the webviews and report.html): one script and one stylesheet.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {{ watch?: boolean }} options */
export async function buildWebviews({ watch = false } = {}) {
    /** @type {esbuild.BuildOptions} */
    const options = {
        entryPoints: [join(root, 'webviews/panel/main.ts')],
        outfile: join(root, 'out/webviews/panel.js'),
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: !watch,
        sourcemap: false,
        logLevel: 'warning',
    };
    if (watch) {
        const ctx = await esbuild.context(options);
        await ctx.watch();
        return;
    }
    await esbuild.build(options);
    console.log('build: webviews/panel/main.ts -> out/webviews/panel.js, panel.css');
}
