// The CoLES parts of the runtime against PyTorch, on the cpu, wasm and webgpu backends (webgpu: Mesa's lavapipe
// here and in CI): the GRU (runtime/nn/gru.ts) against torch.nn.GRU over packed sequences, and the contrastive
// margin loss with and without hard-negative mining (runtime/losses/contrastive.ts) against its formula written
// out in torch. Fixtures: scripts/reference/coles_torch.py → test/fixtures/reference/coles/*.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../runtime/backend/index.js';
import { contrastiveMarginLoss, contrastiveMarginTerm } from '../../runtime/losses/contrastive.js';
import { Gru } from '../../runtime/nn/gru.js';
import { inferenceForward, trainingForward } from '../../runtime/nn/module.js';
import type { PlanCall } from '../../runtime/plan/types.js';
import { Random } from '../../runtime/random/index.js';
import { maxAbs, worstRelativeError } from './tolerance.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/coles', name), 'utf8')) as T;

interface Named { name: string; shape: number[]; values: number[] }
interface GruCase {
    inDim: number; hidden: number; layers: number; lengths: number[]; steps: number;
    x: number[]; R: number[]; weights: Named[]; last: number[]; loss: number; grads: Named[]; gradX: number[];
}
interface ContrastiveCase {
    seed: number; margin: number; hardest: number | null; dim: number; labels: number[]; embeddings: number[];
    positives: number; negatives: number; activeNegatives: number; loss: number; grad: number[];
}
const gruRef = fixture<{ cases: GruCase[] }>('gru.json');
const contrastiveRef = fixture<{ cases: ContrastiveCase[] }>('contrastive.json');

/** |got − want| ≤ rel · max(|want|, floor) element-wise; the message names the worst element. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, floor: number, what: string) {
    expect(got.length, `${what}: length`).toBe(want.length);
    const { worst, at } = worstRelativeError(got, want, floor);
    expect(worst, `${what}: element ${at} is ${got[at]}, torch gives ${want[at]} (relative error ${worst.toExponential(2)})`).toBeLessThanOrEqual(rel);
}

/** A GRU with the fixture's weights: its last states and the gradients of sum(last · R). */
async function gruPass(c: GruCase) {
    const gru = new Gru(c.inDim, { hidden: c.hidden, layers: c.layers }, Random.seeded(1), 'test_');
    expect(gru.variables.map(v => v.shape)).toEqual(c.weights.map(w => w.shape));
    gru.variables.forEach((v, i) => v.assign(tf.tensor(c.weights[i]!.values, c.weights[i]!.shape)));
    const x = tf.variable(tf.tensor3d(c.x, [c.lengths.length, c.steps, c.inDim]));
    const r = tf.tensor2d(c.R, [c.lengths.length, c.hidden]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(gru.last(x, c.lengths, trainingForward()), r)) as tf.Scalar, [...gru.variables, x]);
    const state = await tf.tidy(() => gru.last(x, c.lengths, inferenceForward())).data();
    const out = {
        last: Array.from(state), loss: (await value.data())[0]!,
        grads: await Promise.all(gru.variables.map(v => grads[v.name]!.data())),
        gradX: await grads[x.name]!.data(),
    };
    tf.dispose([value, ...Object.values(grads), x, r, ...gru.variables]);
    return out;
}

describe.each(['cpu', 'wasm', 'webgpu'] as const)('CoLES parts against PyTorch on %s', backend => {
    beforeAll(async () => {
        expect((await selectBackend(backend)).name).toBe(backend);
    });

    describe.each(gruRef.cases.map(c => [`${c.layers} layer(s), ${c.inDim} → ${c.hidden}, lengths ${c.lengths.join(', ')}`, c] as const))('gru: %s', (_, c) => {
        it('the last state of every sequence matches torch.nn.GRU over packed sequences (the padding is never read)', async () => {
            const got = await gruPass(c);
            expectClose(got.last, c.last, 1e-4, 1e-2 * maxAbs(c.last), 'last state');
            expectClose([got.loss], [c.loss], 1e-4, 1, 'sum(last · R)');
        });

        it('every step\'s state: a row\'s last state at its last step, and held after it', async () => {
            const gru = new Gru(c.inDim, { hidden: c.hidden, layers: c.layers }, Random.seeded(1), 'states_');
            gru.variables.forEach((v, i) => v.assign(tf.tensor(c.weights[i]!.values, c.weights[i]!.shape)));
            const x = tf.tensor3d(c.x, [c.lengths.length, c.steps, c.inDim]);
            const states = gru.states(x, c.lengths, inferenceForward());
            expect(states.shape).toEqual([c.lengths.length, c.steps, c.hidden]);
            const all = await states.data();
            c.lengths.forEach((n, b) => {
                for (let t = n - 1; t < c.steps; t++) {
                    const at = Array.from(all.slice((b * c.steps + t) * c.hidden, (b * c.steps + t + 1) * c.hidden));
                    expectClose(at, c.last.slice(b * c.hidden, (b + 1) * c.hidden), 1e-4, 1e-2 * maxAbs(c.last), `row ${b}, step ${t}`);
                }
            });
            tf.dispose([x, states, ...gru.variables]);
        });

        it('the gradients in every weight and in the inputs match torch autograd; the padding gets none', async () => {
            const got = await gruPass(c);
            c.grads.forEach((g, i) => expectClose(got.grads[i]!, g.values, 1e-3, 1e-2 * maxAbs(g.values), `∂${g.name}`));
            expectClose(got.gradX, c.gradX, 1e-3, 1e-2 * maxAbs(c.gradX), '∂x');
            c.lengths.forEach((n, b) => {
                const padding = Array.from(got.gradX.slice((b * c.steps + n) * c.inDim, (b + 1) * c.steps * c.inDim));
                expect(padding.every(v => v === 0), `row ${b}: gradient in the padding after step ${n}`).toBe(true);
            });
        });
    });

    describe.each(contrastiveRef.cases.map(c => [`ρ = ${c.margin}, ${c.hardest === null ? 'all negatives' : `hardest(${c.hardest})`}, ${c.activeNegatives} of ${c.negatives} negatives in the hinge`, c] as const))('contrastive margin loss: %s', (_, c) => {
        it('the value and the gradient in the raw embeddings match the formula in torch', async () => {
            const raw = tf.tensor2d(c.embeddings, [c.labels.length, c.dim]);
            const options = { margin: c.margin, normalize: true, ...(c.hardest === null ? {} : { hardest: c.hardest }) };
            const { value, grad } = tf.valueAndGrad((e: tf.Tensor) => contrastiveMarginLoss(e as tf.Tensor2D, c.labels, options))(raw);
            expectClose([(await value.data())[0]!], [c.loss], 1e-5, 1, 'loss');
            expectClose(await grad.data(), c.grad, 1e-4, 1e-2 * maxAbs(c.grad), '∂embeddings');
            tf.dispose([raw, value, grad]);
        });

        it('the objective from the plan gives the same value, a row\'s label standing for its entity', async () => {
            const negatives: PlanCall = c.hardest === null ? { call: 'allNegatives', args: {} } : { call: 'hardest', args: { count: c.hardest } };
            const term = contrastiveMarginTerm({ call: 'contrastiveMargin', args: { margin: c.margin, negatives } });
            const output = tf.tensor2d(c.embeddings, [c.labels.length, c.dim]);
            const batch = { offsets: [0, c.labels.length], labels: Int32Array.from(c.labels), labelled: new Uint8Array(c.labels.length).fill(1) };
            const loss = term.loss({ output, features: output, batch, random: Random.seeded(0) });
            expectClose([(await loss.data())[0]!], [c.loss], 1e-5, 1, 'loss');
            tf.dispose([output, loss]);
        });
    });

    it('mining more negatives than an anchor has keeps all it has: each pair then counts from both ends', async () => {
        const c = contrastiveRef.cases[0]!;
        const raw = tf.tensor2d(c.embeddings, [c.labels.length, c.dim]);
        const value = async (options: Parameters<typeof contrastiveMarginLoss>[2]) => {
            const loss = contrastiveMarginLoss(raw, c.labels, options);
            const v = (await loss.data())[0]!;
            loss.dispose();
            return v;
        };
        const positivesOnly = await value({ margin: 1e-9, normalize: true });
        const all = await value({ margin: c.margin, normalize: true });
        const minedEverything = await value({ margin: c.margin, normalize: true, hardest: 1000 });
        expect(positivesOnly).toBeGreaterThan(0);
        expect(minedEverything - positivesOnly).toBeCloseTo(2 * (all - positivesOnly), 4);
        raw.dispose();
    });
});

describe('gru', () => {
    it('draws its initial weights from the run\'s stream, within torch\'s ±1/√hidden', async () => {
        const values = async (seed: number) => {
            const gru = new Gru(3, { hidden: 16, layers: 2 }, Random.seeded(seed), 'init_');
            const out = await Promise.all(gru.variables.map(async v => Array.from(await v.data())));
            tf.dispose(gru.variables);
            return out;
        };
        const a = await values(5);
        expect(await values(5)).toEqual(a);
        expect(await values(6)).not.toEqual(a);
        const flat = a.flat();
        expect(Math.max(...flat.map(Math.abs))).toBeLessThanOrEqual(1 / 4);
        expect(Math.max(...flat.map(Math.abs))).toBeGreaterThan(0.24);
    });

    it('refuses lengths outside 1 … steps and a length per row missing, naming the row', () => {
        const gru = new Gru(2, { hidden: 3 }, Random.seeded(0), 'bad_');
        const x = tf.zeros([2, 4, 2]) as tf.Tensor3D;
        expect(() => gru.last(x, [4, 0], inferenceForward())).toThrow(/row 1 has length 0/);
        expect(() => gru.last(x, [5, 1], inferenceForward())).toThrow(/row 0 has length 5/);
        expect(() => gru.last(x, [4], inferenceForward())).toThrow(/1 lengths for 2 rows/);
        tf.dispose([x, ...gru.variables]);
    });
});
