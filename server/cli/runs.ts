// `expspec runs [--out DIR] [--json]`: the runs in the run store, newest first, with their status and the
// headline figure (the first metric of the first method of the first evaluation). Interrupted runs (their
// process gone) are listed as such, never as complete.
import * as path from 'node:path';
import { RunStore, runHeadline } from '../../runtime/store/index.js';

export const RUNS_USAGE = 'expspec runs [--out DIR] [--json]';

export function runsCommand(argv: readonly string[]): number {
    let out: string | undefined, json = false;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--json') json = true;
        else if (argv[i] === '--out' && argv[i + 1] !== undefined) out = argv[++i];
        else {
            console.error(`expspec runs: unexpected \`${argv[i]}\`\nusage: ${RUNS_USAGE}`);
            return 2;
        }
    }
    const store = new RunStore(path.resolve(out ?? path.join('.expspec', 'runs')));
    const entries = store.list();
    if (json) {
        console.log(JSON.stringify(entries.map(e => ({
            id: e.id, dir: e.dir, status: e.status, temporary: e.temporary,
            ...(e.status === 'corrupt' ? { reason: e.reason } : { experiment: e.meta.experiment, seed: e.meta.seed, backend: e.meta.backend.name, startTime: e.meta.startTime, endTime: e.meta.endTime }),
            headline: runHeadline(e),
        }))));
        return 0;
    }
    if (entries.length === 0) {
        console.log(`no runs in ${path.relative(process.cwd(), store.root) || store.root}`);
        return 0;
    }
    const rows = entries.map(e => [e.id, e.status, e.status === 'corrupt' ? '' : e.meta.backend.name, runHeadline(e)]);
    const widths = [0, 1, 2].map(c => Math.max(...rows.map(r => r[c]!.length)));
    for (const r of rows) console.log(r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ').trimEnd());
    return 0;
}
