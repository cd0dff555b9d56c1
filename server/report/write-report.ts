// `<run folder>/report.html`: the result panels as one self-contained file (bundle, stylesheet and the run's
// data inlined; a CSP with a fresh nonce; nothing remote), to open in any browser or attach to a paper.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostToPanel } from '../protocol.js';
import { inlineJson, reportHtml } from './panel-html.js';
import { loadRunResults } from './run-results.js';

export interface WriteReportOptions {
    /** The folder holding panel.js and panel.css; default: out/webviews beside the running bundle (or the repository's, from sources). */
    readonly bundleDir?: string;
}

export function writeReport(dir: string, options: WriteReportOptions = {}): string {
    const bundleDir = options.bundleDir ?? defaultBundleDir();
    const script = readBundleFile(bundleDir, 'panel.js');
    const style = readBundleFile(bundleDir, 'panel.css');
    const run = loadRunResults(dir);
    const message: HostToPanel = { type: 'results', runs: [run], kind: 'results' };
    const html = reportHtml({
        script, style, data: inlineJson(message), nonce: randomBytes(18).toString('base64'),
        title: `${run.experiment} ${run.id}: expspec report`,
    });
    const file = path.join(run.dir, 'report.html');
    // Written beside and renamed, so a reader never sees half a report.
    const partial = path.join(run.dir, `.report.html.${process.pid}.tmp`);
    fs.writeFileSync(partial, html);
    fs.renameSync(partial, file);
    return file;
}

function readBundleFile(bundleDir: string, name: string): string {
    const file = path.join(bundleDir, name);
    try {
        return fs.readFileSync(file, 'utf8');
    } catch (error) {
        throw new Error(`report.html needs the panel bundle ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); build it with \`npm run build\``);
    }
}

/**
 * out/webviews relative to this code: bundled, it runs as out/{cli,runner,server}/main.cjs (so ../webviews);
 * from sources (vitest, tsx) it is server/report/write-report.ts (so ../../out/webviews).
 */
export function defaultBundleDir(): string {
    // In an esbuild CommonJS bundle `__filename` is the bundle; from ESM sources `import.meta.url` is this file.
    const here = path.dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
    const candidates = [path.resolve(here, '..', 'webviews'), path.resolve(here, '..', '..', 'out', 'webviews')];
    return candidates.find(d => fs.existsSync(path.join(d, 'panel.js'))) ?? candidates[candidates.length - 1]!;
}
