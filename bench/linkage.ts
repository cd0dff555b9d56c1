// Agglomerative linkage on a family of point sets (the baselines of the hierarchical-clustering
// method: 200 sets × 300 points), beside SciPy's `linkage` on the same points.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkage, LINKAGE_METHODS } from '../runtime/cluster/index.js';
import { Random } from '../runtime/random/index.js';
import { summarize, type Benchmark, type Metric } from './stats.js';

const SETS = 200, POINTS = 300, REPEATS = 5;

/** SciPy's side: times all sets per method, REPEATS times, and prints one JSON line of ms. */
const PEER = `
import json, sys, time
import numpy as np
from scipy.cluster.hierarchy import linkage
sets = [np.array(s) for s in json.load(open(sys.argv[1]))]
out = {}
for method in ${JSON.stringify(LINKAGE_METHODS)}:
    linkage(sets[0], method)
    times = []
    for _ in range(${REPEATS}):
        t = time.perf_counter()
        for s in sets: linkage(s, method)
        times.append((time.perf_counter() - t) * 1000)
    out[method] = times
print(json.dumps(out))
`;

export const linkageBench: Benchmark = {
    name: 'linkage',
    description: `single/complete/average/Ward linkage on ${SETS} sets × ${POINTS} 2-D points, beside SciPy`,
    async run(log) {
        const random = Random.seeded(7);
        const sets = Array.from({ length: SETS }, () => Array.from({ length: POINTS }, () => [random.normal(), random.normal()]));
        const metrics: Metric[] = [];
        const notes: string[] = [];
        const peer = scipyTimes(sets, notes);
        for (const method of LINKAGE_METHODS) {
            linkage(sets[0]!, method);
            const times: number[] = [];
            for (let r = 0; r < REPEATS; r++) {
                const start = performance.now();
                for (const points of sets) linkage(points, method);
                times.push(performance.now() - start);
            }
            const ours = summarize(`${method} (expspec)`, times);
            metrics.push(ours);
            const theirs = peer?.[method];
            if (theirs) {
                const scipy = summarize(`${method} (SciPy)`, theirs, true);
                metrics.push(scipy);
                notes.push(`${method}: expspec / SciPy = ${(ours.median / scipy.median).toFixed(2)}×`);
            }
            log(`   ${method}: ${ours.median.toFixed(0)} ms${theirs ? ` (SciPy ${summarize('', theirs).median.toFixed(0)} ms)` : ''}`);
        }
        return { metrics, targets: [], notes };
    },
};

function scipyTimes(sets: number[][][], notes: string[]): Record<string, number[]> | undefined {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'expspec-bench-'));
    try {
        const input = path.join(folder, 'sets.json');
        writeFileSync(input, JSON.stringify(sets));
        const script = path.join(folder, 'peer.py');
        writeFileSync(script, PEER);
        const output = execFileSync('/usr/bin/python3', [script, input], { encoding: 'utf8' });
        const versions = execFileSync('/usr/bin/python3', ['-c', 'import scipy, numpy; print(scipy.__version__, numpy.__version__)'], { encoding: 'utf8' }).trim().split(' ');
        notes.push(`peer: SciPy ${versions[0]} (numpy ${versions[1]}), Debian's /usr/bin/python3, same points`);
        return JSON.parse(output.trim().split('\n').pop()!);
    } catch (error) {
        notes.push(`peer: SciPy unavailable (${(error as Error).message.split('\n')[0]}); install Debian's python3-scipy to compare`);
        return undefined;
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}
