// ALLG's graph, self-selection layer and loss terms, and DUAL's objective, against PyTorch float64
// (fixture from scripts/reference/allg_torch.py): the forward pass, every term's value and its gradients, on the
// cpu, wasm and webgpu backends (webgpu: Mesa's lavapipe here and in CI). The worst errors per check and backend
// are printed at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../runtime/backend/index.js';
import { dualTerm, graphPriorTerm, infinityOneNorm, propagationTerm, reconstructionTerm, selfSelectionTerm, twoOneNorm } from '../../runtime/losses/selection.js';
import type { LossTerm, TermInput } from '../../runtime/losses/types.js';
import { gcnNormalize, LearnableGraph } from '../../runtime/nn/learnable-graph.js';
import { SelfSelection, topIndices } from '../../runtime/nn/selection.js';
import type { PlanCall, PlanValue } from '../../runtime/plan/types.js';
import { Random } from '../../runtime/random/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
interface Term { value: number; A1?: number[]; A2?: number[]; Q?: number[]; P?: number[]; Z?: number[] }
const fx = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/reference/allg/terms.json'), 'utf8')) as {
    n: number; latent: number; dim: number; clusters: number;
    weights: Record<'alpha' | 'beta' | 'lambda' | 'r' | 'dualAlpha' | 'dualBeta' | 'dualLambda', number>;
    adjacency: number[]; prior: number[]; A1: number[]; A2: number[]; Q: number[]; P: number[]; Z: number[]; X: number[]; Xbar: number[]; centres: number[];
    forward: Record<'S1' | 'S2' | 'Sout' | 'rebuilt', number[]>;
    terms: Record<string, Term>;
};
const { n, latent, dim, clusters, weights: w } = fx;

/** The worst error seen per check and backend, printed at the end. */
const observed = new Map<string, number>();
let currentBackend = '';
/** Records `error` under the check `what` for the current backend, and returns it. */
function note(what: string, error: number): number {
    const key = `${currentBackend} ${what}`;
    observed.set(key, Math.max(observed.get(key) ?? 0, error));
    return error;
}

/** Largest |a − b| relative to the largest |b| (float32 arithmetic against float64), recorded under `what`. */
function relativeError(actual: ArrayLike<number>, expected: readonly number[], what: string): number {
    expect(actual.length).toBe(expected.length);
    const scale = Math.max(...expected.map(Math.abs), 1e-12);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    return note(what, worst / scale);
}

// asynchronous: WebGPU in Node cannot read synchronously (tfjs-backend-webgpu's readSync needs OffscreenCanvas)
const read = async (t: tf.Tensor): Promise<number[]> => Array.from(await t.data());

const call = (name: string, args: Record<string, PlanValue> = {}): PlanCall => ({ call: name, args });

const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

describe.each(BACKENDS)('ALLG against PyTorch float64 on %s', backend => {
    let graph: LearnableGraph;
    let selection: SelfSelection;
    beforeAll(async () => {
        expect((await selectBackend(backend)).name).toBe(backend);
        currentBackend = backend;
        graph?.dispose();
        selection?.dispose();
        graph = new LearnableGraph(call('learnableGraph', { layers: 2, shortcut: call('shortcut', { from: 1, r: w.r }) }), Float32Array.from(fx.prior), n, 'test_');
        graph.adjacency[0]!.assign(tf.tensor2d(fx.A1, [n, n]));
        graph.adjacency[1]!.assign(tf.tensor2d(fx.A2, [n, n]));
        selection = new SelfSelection(call('selfSelection'), n, Random.seeded(1), 'test_');
        selection.q.assign(tf.tensor2d(fx.Q, [n, n]));
    });

    it('normalises the prior as a graph convolution (self-loops, D^-1/2 (A + I) D^-1/2)', () => {
        expect(relativeError(gcnNormalize(Float32Array.from(fx.adjacency), n), fx.prior, 'gcnNormalize')).toBeLessThan(1e-6);
    });

    it('mixes the latents through A₁, A₂ and the shortcut, and rebuilds them through Q', async () => {
        const z = tf.tensor2d(fx.Z, [n, latent]);
        const out = graph.apply(z);
        expect(relativeError(await read(out.layers[0]!), fx.forward.S1, 'forward S1')).toBeLessThan(1e-5);
        expect(relativeError(await read(out.layers[1]!), fx.forward.S2, 'forward S2')).toBeLessThan(1e-5);
        expect(relativeError(await read(out.out), fx.forward.Sout, 'forward Sout')).toBeLessThan(1e-5);
        expect(relativeError(await read(selection.apply(out.out).output), fx.forward.rebuilt, 'forward rebuilt')).toBeLessThan(1e-5);
    });

    /** The term's value and gradients in A₁, A₂, Q, (P,) Z, through the forward pass as the trainer runs it. */
    async function check(term: LossTerm, expected: Term, dual = false) {
        const z = tf.variable(tf.tensor2d(fx.Z, [n, latent]), true, `z_${term.name}_${dual}`);
        const p = tf.variable(tf.tensor2d(fx.P, [n, clusters]), true, `p_${term.name}`);
        const variables: Record<string, tf.Variable> = { A1: graph.adjacency[0]!, A2: graph.adjacency[1]!, Q: selection.q, Z: z, ...(dual ? { P: p } : {}) };
        const { value, grads } = tf.variableGrads(() => {
            const g = graph.apply(z);
            const s = dual
                ? { q: selection.q as tf.Tensor2D, input: z as tf.Tensor2D, output: tf.matMul(selection.q, z, true, false) as tf.Tensor2D, p: p as tf.Tensor2D, centres: tf.tensor2d(fx.centres, [clusters, latent]) }
                : selection.apply(g.out);
            const input: TermInput = {
                output: z, features: z, batch: { offsets: [0, n], labels: new Int32Array(n), labelled: new Uint8Array(n) }, random: Random.seeded(0),
                input: tf.tensor2d(fx.X, [n, dim]), reconstruction: tf.tensor2d(fx.Xbar, [n, dim]), graph: g, selection: s,
            };
            // a zero multiple of every variable keeps each one in the tape, so unused ones get zero gradients
            const touch = tf.addN(Object.values(variables).map(v => tf.mul(0, tf.sum(v))));
            return tf.add(term.loss(input), touch) as tf.Scalar;
        }, Object.values(variables));
        expect(note(`${term.name} value`, Math.abs((await read(value))[0]! - expected.value) / Math.max(1, Math.abs(expected.value)))).toBeLessThan(1e-5);
        for (const [name, variable] of Object.entries(variables)) {
            const want = expected[name as keyof Term] as number[] | undefined;
            const got = await read(grads[variable.name]!);
            if (want) expect(relativeError(got, want, `${term.name} ∂${name}`), `${term.name}: gradient in ${name}`).toBeLessThan(1e-4);
            else expect(Math.max(...Array.from(got, Math.abs)), `${term.name}: no gradient in ${name}`).toBe(0);
        }
        tf.dispose([z, p, value, ...Object.values(grads)]);
    }

    it('graphPrior: α‖A₁‖² + β‖A₁ − A₀‖², value and gradients', () => check(graphPriorTerm(call('graphPrior', { alpha: w.alpha, beta: w.beta })), fx.terms['graphPrior']!));
    it('propagation: α′‖A₂‖² + β′‖A₂ − A₁‖², value and gradients', () => check(propagationTerm(call('propagation', { alpha: w.alpha, beta: w.beta })), fx.terms['propagation']!));
    it('selfSelection: ‖S_out − S_out Q‖² + λ‖Q‖∞,1 through the graph, value and gradients (A₁, A₂, Q, Z)', () =>
        check(selfSelectionTerm(call('selfSelection', { lambda: w.lambda })), fx.terms['selfSelection']!));
    it('reconstruction: ‖X − X̄‖²', () => check(reconstructionTerm(), fx.terms['reconstruction']!));
    it('dualLoss: reconstruction + α(self-expression + λ‖Q‖₂,₁) + β(centres + λ‖P‖₂,₁), value and gradients', () =>
        check(dualTerm(call('dualLoss', { lambda: w.dualLambda, alpha: w.dualAlpha, beta: w.dualBeta })), fx.terms['dualLoss']!, true));

    it('the ∞,1-norm and the 2,1-norm with their gradients', async () => {
        const q = tf.tensor2d(fx.Q, [n, n]);
        const inf1 = tf.valueAndGrad((m: tf.Tensor) => infinityOneNorm(m as tf.Tensor2D))(q);
        expect(note('∞,1-norm value (absolute)', Math.abs((await read(inf1.value))[0]! - fx.terms['infinityOne']!.value))).toBeLessThan(1e-5);
        const inf1Grad = await read(inf1.grad);
        expect(relativeError(inf1Grad, fx.terms['infinityOne']!.Q!, '∞,1-norm ∂Q')).toBeLessThan(1e-6);
        // the sup-norm's gradient is ±1 at each row's largest |q| and 0 elsewhere: n non-zeros
        expect(inf1Grad.filter(v => v !== 0)).toHaveLength(n);
        const two1 = tf.valueAndGrad((m: tf.Tensor) => twoOneNorm(m as tf.Tensor2D))(q);
        expect(note('2,1-norm value', Math.abs((await read(two1.value))[0]! - fx.terms['twoOne']!.value) / fx.terms['twoOne']!.value)).toBeLessThan(1e-6);
        expect(relativeError(await read(two1.grad), fx.terms['twoOne']!.Q!, '2,1-norm ∂Q')).toBeLessThan(1e-5);
    });

    it('ranks samples by the norm of their row of Q, highest first', async () => {
        const scores = await selection.scores();
        const expected = Array.from({ length: n }, (_, i) => Math.hypot(...fx.Q.slice(i * n, (i + 1) * n)));
        expect(relativeError(scores, expected, 'row scores')).toBeLessThan(1e-6);
        const top = topIndices(scores, 4);
        const sorted = expected.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 4).map(([, i]) => i);
        expect(Array.from(top)).toEqual(sorted);
    });
});

afterAll(() => {
    const lines = [...observed].map(([what, r]) => `  ${what}: ${r.toExponential(2)}`);
    console.log(`ALLG against PyTorch float64, worst errors (relative unless marked):\n${lines.join('\n')}`);
});
