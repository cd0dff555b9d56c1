// `expspec run` on a spec with sweeps, as a user runs it (the built bundle): progress per configuration, the sweep
// table (a row per configuration, a column per method, the best marked), the best configuration's full tables,
// `--json`; and the sweeps it refuses before running anything.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../language/services.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'run');
const launcher = path.join(repoRoot, 'bin/expspec.cjs');
const tiny = fs.readFileSync(path.join(fixtures, 'allg-tiny.expspec'), 'utf8').replace('repeats: 2', 'repeats: 1');
let workspace: string;

beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-cli-sweep-'));
    fs.copyFileSync(path.join(fixtures, 'splice-160.csv'), path.join(workspace, 'splice-160.csv'));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

function expspec(spec: string, ...args: string[]) {
    fs.writeFileSync(path.join(workspace, 'allg-sweep.expspec'), spec);
    const result = spawnSync(process.execPath, [launcher, 'run', 'allg-sweep.expspec', '--backend', 'wasm', ...args], { cwd: workspace, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('expspec run with sweeps', () => {
    it('prints progress per configuration, the sweep table with the best per method marked, then the best configuration\'s tables', () => {
        const { code, stdout, stderr } = expspec(tiny.replace('graphPrior(alpha: 1, beta: 1)', 'graphPrior(alpha: [0.1, 10], beta: [1, 10])'), '--json');
        expect(code, stderr).toBe(0);
        expect(stderr).toMatch(/^configuration 1 of 4: alpha=0\.1, beta=1$/m);
        expect(stderr).toMatch(/^\[3\/4\] train allg\/joint: 3 epochs/m);
        expect(stderr).toMatch(/^configuration 4 of 4 done in [\d.]+s: selection: allg svm \d\.\d{3} ± \d\.\d{3}$/m);

        const lines = stdout.split('\n');
        expect(lines[0]).toBe('sweep: 4 configurations: alpha ∈ {0.1, 10} (line 17) × beta ∈ {1, 10} (line 17)');
        const header = lines.findIndex(l => /^#\s+configuration\s+allg\s+dualNet\s+kmeansSelection\s+randomSelection$/.test(l));
        expect(header, stdout).toBeGreaterThan(0);
        expect(lines[header - 1]).toBe('selection: svm accuracy (averaged over the query budgets) per configuration (activeLearning on splice; mean ± sd over 1 repeat)');
        const rows = lines.slice(header + 2, header + 6);
        expect(rows.map(r => r.split(/\s{2,}/).slice(0, 2))).toEqual([['1', 'alpha=0.1, beta=1'], ['2', 'alpha=0.1, beta=10'], ['3', 'alpha=10, beta=1'], ['4', 'alpha=10, beta=10']]);
        for (const row of rows) expect(row).toMatch(/^\d\s+alpha=\S+ beta=\S+(\s+\d\.\d{3} ± \d\.\d{3}( \*)?){4}$/);
        // every column has its best marked
        const cells = rows.map(r => r.match(/\d\.\d{3} ± \d\.\d{3}( \*)?/g)!);
        for (let column = 0; column < 4; column++) expect(cells.some(c => c[column]!.endsWith('*')), `column ${column}`).toBe(true);
        expect(lines[header + 6]).toMatch(/^\* best per method by svm \(the headline metric of selection; higher is better\), chosen on the data it scores, splice, as the ALLG paper chooses its trade-offs on its test split/);

        const json = JSON.parse(lines.filter(Boolean).at(-1)!);
        const shown = json.sweep.shown;
        expect(stdout).toContain(`best configuration: ${shown.label} (configuration ${shown.configuration} of 4, best allg by selection's svm); its full results:`);
        // the best configuration's full tables follow: the summary and the Table-2 layout
        const full = stdout.slice(stdout.indexOf('its full results:'));
        expect(full).toMatch(/selection: activeLearning on splice \(accuracy averaged over the query budgets; mean ± sd over 1 repeat\)/);
        expect(full).toMatch(/selection: accuracy per number of queries, svm, latent features/);
        const allgCell = cells[shown.configuration - 1]![0]!;
        expect(allgCell.endsWith('*')).toBe(true);
        expect(json.metrics.selection.allg.svm.toFixed(3)).toBe(allgCell.slice(0, 5));
        expect(json.sweep.configurations.map((c: { label: string }) => c.label)).toEqual(['alpha=0.1, beta=1', 'alpha=0.1, beta=10', 'alpha=10, beta=1', 'alpha=10, beta=10']);
        expect(Object.keys(json.sweep.configurations[0].metrics.selection)).toEqual(['allg', 'dualNet', 'kmeansSelection', 'randomSelection']);
        expect(stdout).toMatch(/each configuration's artefacts as config-NN\.\*; the plain names are the best configuration's/);
        expect(fs.readdirSync(json.run).filter(f => f.startsWith('config-')).sort()).toEqual([1, 2, 3, 4].flatMap(i => [`config-${i}.embedding.allg.splice-candidates.json`, `config-${i}.selection.queries.json`]));
    }, 120_000);

    it('refuses, before running anything, a sweep of more than 1,000 configurations and an empty one, with the line; exit 1', () => {
        const big = expspec(tiny.replace('graphPrior(alpha: 1, beta: 1)', 'graphPrior(alpha: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], beta: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])')
            .replace('selfSelection(lambda: 1)', 'selfSelection(lambda: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])'));
        expect(big.code).toBe(1);
        expect(big.stderr).toMatch(/^allg-sweep\.expspec: line 17: the sweeps ask for 1,100 configurations \(alpha 11 \(line 17\) × beta 10 \(line 17\) × lambda 10 \(line 19\)\); a run takes at most 1,000/m);
        const empty = expspec(`${tiny}\nsweep width = allg.encoder.out in []\n`);
        expect(empty.code).toBe(1);
        expect(empty.stderr).toMatch(/^allg-sweep\.expspec: line 39: `sweep width` is over an empty list: give at least one value$/m);
        expect(fs.existsSync(path.join(workspace, '.expspec'))).toBe(false);
    }, 60_000);
});
