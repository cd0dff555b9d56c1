// 2-D projections (runtime/eval/projections.ts) against scikit-learn 1.2.1 (fixtures from
// scripts/reference/projections.py: iris, a 500-point digits subsample, a 10-D Gaussian mixture):
// PCA to 1e-6 relative; trustworthiness equal to scikit-learn's on fixed layouts; t-SNE and UMAP judged by the
// quality of their layouts (trustworthiness, KL), not by coordinates; determinism; and the runner writing them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../language/plan/build-plan.js';
import {
    EXACT_TSNE_MAX_POINTS, pca, projectEmbedding, symmetricEigen, trustworthiness, tsne, umap,
} from '../../runtime/eval/projections.js';
import { Random } from '../../runtime/random/index.js';
import { runExperiment, type RunEventBody } from '../../runtime/runner/run-experiment.js';
import { checkFiles } from '../../server/cli/check.js';
import type { EmbeddingArtefact } from '../../server/protocol.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = <T>(rel: string): T => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as T;

interface Fixture {
    readonly name: string;
    readonly sklearn: string;
    readonly n: number;
    readonly dim: number;
    readonly x: number[];
    readonly pca: number[];
    readonly tsne: { y: number[]; kl: number; trustworthiness: number; learningRate: number };
    readonly pcaTrustworthiness: number;
    readonly randomY: number[];
    readonly randomTrustworthiness: number;
    readonly spectralTrustworthiness: number;
}

const dir = 'test/fixtures/reference/projections';
const fixtures = readJson<{ sets: string[] }>(`${dir}/index.json`).sets.map(name => readJson<Fixture>(`${dir}/${name}.json`));
const data = (f: Fixture) => Float64Array.from(f.x);
const trust = (f: Fixture, y: ArrayLike<number>) => trustworthiness(data(f), f.n, f.dim, Float64Array.from(y));
/** Sets whose distances have exact ties (iris has duplicate flowers, digits are integers): scikit-learn orders tied neighbours arbitrarily. */
const hasTies = (f: Fixture) => f.name !== 'mixture';

function maxRelativeError(ours: ArrayLike<number>, reference: ArrayLike<number>): number {
    let error = 0, scale = 0;
    for (let i = 0; i < reference.length; i++) {
        error = Math.max(error, Math.abs(ours[i]! - reference[i]!));
        scale = Math.max(scale, Math.abs(reference[i]!));
    }
    return error / scale;
}

function correlation(p: Float64Array, q: Float64Array): number {
    const n = p.length;
    let mp = 0, mq = 0;
    for (let i = 0; i < n; i++) { mp += p[i]! / n; mq += q[i]! / n; }
    let pq = 0, pp = 0, qq = 0;
    for (let i = 0; i < n; i++) {
        pq += (p[i]! - mp) * (q[i]! - mq);
        pp += (p[i]! - mp) ** 2;
        qq += (q[i]! - mq) ** 2;
    }
    return pq / Math.sqrt(pp * qq);
}

describe('reference fixtures', () => {
    it('come from scikit-learn 1.2 on three fixed inputs', () => {
        expect(fixtures.map(f => f.name)).toEqual(['iris', 'digits', 'mixture']);
        for (const f of fixtures) {
            expect(f.sklearn).toMatch(/^1\.2\./);
            expect(f.x).toHaveLength(f.n * f.dim);
            expect(f.pca).toHaveLength(f.n * 2);
        }
    });
});

describe('pca', () => {
    it.each(fixtures.map(f => [f.name, f] as const))('equals scikit-learn\'s PCA(2).fit_transform, signs included, on %s', (_, f) => {
        expect(maxRelativeError(pca(data(f), f.n, f.dim), f.pca)).toBeLessThan(1e-6);
        expect(maxRelativeError(pca(Float32Array.from(f.x), f.n, f.dim), f.pca)).toBeLessThan(1e-5); // from float32 input
    });

    it('recovers planted axes in 100,000 × 64 in well under ten seconds', () => {
        const n = 100_000, dim = 64;
        const random = Random.seeded(11);
        // two orthonormal directions (coordinates 3 and 40, rotated) with standard deviations 10 and 3, noise 0.01
        const u = new Float64Array(dim), v = new Float64Array(dim);
        u[3] = Math.SQRT1_2; u[40] = Math.SQRT1_2;
        v[3] = Math.SQRT1_2; v[40] = -Math.SQRT1_2;
        const a = random.normals(n, 0, 10), b = random.normals(n, 0, 3);
        const x = new Float32Array(n * dim);
        for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) x[i * dim + d] = 5 + a[i]! * u[d]! + b[i]! * v[d]! + random.normal(0, 0.01);
        const started = performance.now();
        const y = pca(x, n, dim);
        const seconds = (performance.now() - started) / 1000;
        expect(seconds).toBeLessThan(10);
        // the scores are the planted coordinates, up to sign, centring, noise and the sample's small a–b correlation
        expect(Math.abs(correlation(y.filter((_, i) => i % 2 === 0), a))).toBeGreaterThan(0.9999);
        expect(Math.abs(correlation(y.filter((_, i) => i % 2 === 1), b))).toBeGreaterThan(0.9999);
    }, 60_000);

    it('leaves a missing second axis at 0 and handles one point', () => {
        const line = Float64Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]); // rank 1
        const y = pca(line, 4, 3);
        expect(Array.from(y.filter((_, i) => i % 2 === 1))).toEqual([0, 0, 0, 0]);
        expect(Math.abs(y[6]! - y[0]!)).toBeCloseTo(3 * Math.sqrt(3), 10);
        expect(Array.from(pca(Float64Array.from([1, 2, 3]), 1, 3))).toEqual([0, 0]);
    });

    it('diagonalises a symmetric matrix (Jacobi)', () => {
        const dim = 12;
        const random = Random.seeded(4);
        const m = new Float64Array(dim * dim);
        for (let i = 0; i < dim; i++) for (let j = i; j < dim; j++) m[i * dim + j] = m[j * dim + i] = random.normal();
        const { values, vectors } = symmetricEigen(m, dim);
        for (let c = 0; c < dim; c++) {
            for (let i = 0; i < dim; i++) {
                let mv = 0;
                for (let j = 0; j < dim; j++) mv += m[i * dim + j]! * vectors[j * dim + c]!;
                expect(mv).toBeCloseTo(values[c]! * vectors[i * dim + c]!, 10);
            }
        }
    });
});

describe('trustworthiness', () => {
    it.each(fixtures.map(f => [f.name, f] as const))('equals scikit-learn\'s on fixed layouts of %s', (_, f) => {
        const tolerance = hasTies(f) ? 2e-4 : 1e-12;
        expect(Math.abs(trust(f, f.pca) - f.pcaTrustworthiness)).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(trust(f, f.randomY) - f.randomTrustworthiness)).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(trust(f, f.tsne.y) - f.tsne.trustworthiness)).toBeLessThanOrEqual(tolerance + 1e-5); // Y rounded to 1e-5
    });

    it('is 1 for a layout that is the data, and refuses k ≥ n / 2', () => {
        const x = Random.seeded(1).normals(40);
        expect(trustworthiness(x, 20, 2, x)).toBe(1);
        expect(() => trustworthiness(x, 20, 2, x, 2, 10)).toThrow(/below n \/ 2/);
    });
});

describe('t-SNE (exact)', () => {
    const results = new Map(fixtures.map(f => [f.name, tsne(data(f), f.n, f.dim, { seed: 0 })]));

    it.each(fixtures.map(f => [f.name, f] as const))('is as trustworthy as scikit-learn\'s TSNE on %s, with a similar KL', (_, f) => {
        const ours = results.get(f.name)!;
        expect(ours.learningRate).toBe(f.tsne.learningRate);
        expect(ours.iterations).toBe(1000);
        expect(trust(f, ours.y)).toBeGreaterThanOrEqual(f.tsne.trustworthiness - 0.02);
        expect(Number.isFinite(ours.klDivergence) && ours.klDivergence > 0).toBe(true);
        expect(Math.abs(ours.klDivergence - f.tsne.kl)).toBeLessThan(0.1 * f.tsne.kl);
    });

    it('would be caught by that bar if it were no better than PCA (the check can fail)', () => {
        const digits = fixtures.find(f => f.name === 'digits')!;
        expect(digits.pcaTrustworthiness).toBeLessThan(digits.tsne.trustworthiness - 0.02);
    });

    it('is deterministic: PCA initialisation, or the same seed for random initialisation', () => {
        const f = fixtures.find(g => g.name === 'iris')!;
        expect(tsne(data(f), f.n, f.dim, { seed: 0 }).y).toEqual(results.get('iris')!.y);
        const options = { init: 'random', iterations: 300 } as const;
        const first = tsne(data(f), f.n, f.dim, { ...options, seed: 7 }).y;
        expect(tsne(data(f), f.n, f.dim, { ...options, seed: 7 }).y).toEqual(first);
        expect(tsne(data(f), f.n, f.dim, { ...options, seed: 8 }).y).not.toEqual(first);
    });

    it('caps the perplexity for small sets and returns PCA below three points', () => {
        const x = Random.seeded(2).normals(12 * 5);
        const small = tsne(x, 12, 5, { iterations: 300 });
        expect(small.perplexity).toBeCloseTo(11 / 3, 12);
        expect(Array.from(small.y).every(Number.isFinite)).toBe(true);
        expect(tsne(x.subarray(0, 10), 2, 5).y).toEqual(pca(x.subarray(0, 10), 2, 5));
    });
});

describe('UMAP (umap-js)', () => {
    // Bar: umap-learn is not installed here, so the bar is scikit-learn's own layouts: at least as trustworthy as
    // SpectralEmbedding (Laplacian eigenmaps of a 15-NN graph, UMAP's own initialisation) and within 0.03 of
    // scikit-learn's exact t-SNE (0.9636 on digits).
    it.each(fixtures.map(f => [f.name, f] as const))('is as trustworthy as scikit-learn\'s spectral embedding and nearly t-SNE on %s', (_, f) => {
        const t = trust(f, umap(data(f), f.n, f.dim, { seed: 0 }));
        expect(t).toBeGreaterThanOrEqual(f.spectralTrustworthiness);
        expect(t).toBeGreaterThanOrEqual(f.tsne.trustworthiness - 0.03);
        if (f.name === 'digits') expect(t).toBeGreaterThanOrEqual(0.9);
    }, 60_000);

    it('is deterministic given the seed', () => {
        const f = fixtures.find(g => g.name === 'iris')!;
        const first = umap(data(f), f.n, f.dim, { seed: 3 });
        expect(umap(data(f), f.n, f.dim, { seed: 3 })).toEqual(first);
        expect(umap(data(f), f.n, f.dim, { seed: 4 })).not.toEqual(first);
    }, 60_000);

    it('copes with sets smaller than the neighbourhood', () => {
        const x = Random.seeded(5).normals(8 * 3);
        const y = umap(x, 8, 3, { seed: 1 });
        expect(y).toHaveLength(16);
        expect(Array.from(y).every(Number.isFinite)).toBe(true);
        expect(umap(x.subarray(0, 9), 3, 3)).toEqual(pca(x.subarray(0, 9), 3, 3));
    });
});

describe('projectEmbedding', () => {
    it('computes what is asked, once each, and leaves t-SNE out above its limit with a note', () => {
        const small = Random.seeded(6).normals(30 * 4);
        const some = projectEmbedding(small, 30, 4, ['pca', 'tsne', 'pca'], 1);
        expect(Object.keys(some.projections).sort()).toEqual(['pca', 'tsne']);
        expect(some.notes).toEqual([]);
        const n = EXACT_TSNE_MAX_POINTS + 1;
        const big = projectEmbedding(Random.seeded(6).normals(n * 3), n, 3, ['pca', 'tsne'], 1);
        expect(Object.keys(big.projections)).toEqual(['pca']);
        expect(big.notes.join()).toMatch(/t-SNE not computed: 2001 points/);
    });
});

describe('the runner', () => {
    const spec = `experiment Wide { seed: 5 }

dataset moons = pointSets(source: moons(noise: 0.05), points: 40 .. 60) {
  split: train 2, test 3
}

model wide = mlp(hidden: [8], out: 6)
model wider = mlp(hidden: [8], out: 5)
model flat = mlp(hidden: [8], out: 2)
model plain = mlp(hidden: [8], out: 4)

view embedding(wide, on: moons.test, projection: tsne)
view embedding(wider, on: moons.test, projection: umap)
view embedding(flat, on: moons.test, projection: tsne)
view embedding(plain, on: moons.test, projection: none)
`;
    let workspace: string;
    beforeEach(() => {
        workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-projections-'));
        fs.writeFileSync(path.join(workspace, 'wide.expspec'), spec);
    });
    afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

    async function run(): Promise<{ dir: string; notes: string[] }> {
        const specPath = path.join(workspace, 'wide.expspec');
        const [report] = await checkFiles([specPath], workspace);
        expect(report!.diagnostics.map(d => d.message)).toEqual([]);
        const events: RunEventBody[] = [];
        const outcome = await runExperiment({
            plan: buildPlan(report!.spec!), specText: spec, specFile: 'wide.expspec', specDir: workspace, workspace,
            backend: 'wasm', onEvent: e => events.push(e),
        });
        expect(outcome.status, outcome.error).toBe('completed');
        return { dir: outcome.dir, notes: events.flatMap(e => e.type === 'note' ? [e.message] : []) };
    }
    const artefact = (dir: string, model: string) => JSON.parse(fs.readFileSync(path.join(dir, `embedding.${model}.moons-test.json`), 'utf8')) as EmbeddingArtefact;

    it('writes PCA and the asked-for projection per set when the embedding has more than 2 dimensions, the same every run', async () => {
        const first = await run();
        expect(first.notes.join('\n')).not.toMatch(/not computed by this version/);
        expect(first.notes.join('\n')).toMatch(/pca and tsne projections of 3 sets/);
        const expected = { wide: ['pca', 'tsne'], wider: ['pca', 'umap'], flat: undefined, plain: undefined } as const;
        for (const [model, names] of Object.entries(expected)) {
            const a = artefact(first.dir, model);
            expect(a.sets).toHaveLength(3);
            for (const set of a.sets) {
                if (!names) {
                    expect(set.projections).toBeUndefined();
                    continue;
                }
                expect(Object.keys(set.projections ?? {}).sort()).toEqual(names);
                for (const name of names) expect(set.projections![name]).toHaveLength(2 * set.labels.length);
                // PCA is the embedding's, to the 7 significant digits written
                const ours = pca(Float64Array.from(set.embedding), set.labels.length, a.dim);
                expect(maxRelativeError(set.projections!.pca!, ours)).toBeLessThan(1e-6);
            }
        }
        const second = await run();
        for (const model of ['wide', 'wider']) expect(artefact(second.dir, model).sets).toEqual(artefact(first.dir, model).sets);
    }, 120_000);
});
