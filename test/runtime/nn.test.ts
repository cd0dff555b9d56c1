// runtime/nn (mlp, dgcnn), runtime/tensor/gather, runtime/losses (triplet, hyphc) and runtime/train/optimizers
// against PyTorch: float64 values and autograd gradients computed from the same float32 inputs and weights by
// scripts/reference/nn_torch.py (test/fixtures/reference/nn/*.json), on the cpu, wasm and webgpu backends (webgpu: Mesa's lavapipe here and in CI). Riemannian
// Adam has no reference (geoopt is not available): its properties are checked instead.
//
// Tolerances: element-wise |got − want| ≤ rel · max(|want|, floor), with floor a fraction of the largest |want|
// of the quantity, so that components near 0 are held to an absolute error of float32 size.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../runtime/backend/index.js';
import { poincareDistance } from '../../runtime/hyperbolic/poincare.js';
import { hyphcTerm } from '../../runtime/losses/hyphc.js';
import { tripletTerm } from '../../runtime/losses/triplet.js';
import type { StepBatch } from '../../runtime/losses/types.js';
import { knnIndices } from '../../runtime/nn/dgcnn.js';
import { buildModel, type Model } from '../../runtime/nn/model.js';
import { inferenceForward, trainingForward, type Forward } from '../../runtime/nn/module.js';
import type { PlanCall } from '../../runtime/plan/types.js';
import { Random } from '../../runtime/random/index.js';
import { gatherRows } from '../../runtime/tensor/gather.js';
import '../../runtime/tensor/gradients.js';
import { adam, riemannianAdam, sgd, type Optimizer } from '../../runtime/train/optimizers.js';
import { maxAbs, worstRelativeError } from './tolerance.js';

// ---- fixtures -------------------------------------------------------------------------------------

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(here, '../fixtures/reference/nn', name), 'utf8')) as T;

/** A tensor in the runtime's layout (dense weights [in, out]), named by the runtime variable's suffix. */
interface Named { name: string; shape: number[]; values: number[] }

interface LayerFixture {
    layer: PlanCall; inDim: number; x: number[]; R: number[]; offsets?: number[];
    initialWeights: Named[]; trainingOutput: number[]; loss: number; grads: Named[]; running: Named[]; inferenceOutput: number[];
}
interface MlpFixture extends LayerFixture { zeroGradient: string[] }
interface DgcnnFixture extends LayerFixture { offsets: number[]; inputKnn: number[][] }
interface OptimizerRun {
    optimizer: 'adam' | 'sgd'; args: Record<string, number>; lr: number; steps: number;
    lossBeforeStep: number[]; weightsAfterStep: Named[][];
}
interface GatherFixture { rows: number; dim: number; x: number[]; indices: number[]; upstream: number[]; output: number[]; gradX: number[] }
interface TripletCase { call: PlanCall; features: number[]; loss: number; gradFeatures: number[] }
interface HyphcProjected { call: PlanCall; features: number[]; scaleLogit: number; loss: number; gradFeatures: number[]; gradScaleLogit: number }
interface HyphcInBall { call: PlanCall; points: number[]; loss: number; gradPoints: number[] }
interface LossFixture {
    offsets: number[]; labels: number[]; labelled: number[];
    triplet: { triplets: number; cases: TripletCase[] };
    hyphc: { cases: [HyphcProjected, HyphcInBall] };
}

const mlpRef = fixture<MlpFixture>('mlp.json');
const optimizerRef = fixture<MlpFixture & { runs: OptimizerRun[] }>('optimizers.json');
const gatherRef = fixture<GatherFixture>('gather.json');
const dgcnnRef = fixture<DgcnnFixture>('dgcnn.json');
const lossRef = fixture<LossFixture>('losses.json');

// ---- helpers --------------------------------------------------------------------------------------

const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

/** The worst |got − want| / max(|want|, floor) seen per check and backend, printed at the end. */
const observed = new Map<string, number>();
let currentBackend = '';

/** |got − want| ≤ rel · max(|want|, floor) element-wise; the message names the worst element. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, floor: number, what: string) {
    expect(got.length, `${what}: length`).toBe(want.length);
    const { worst, at } = worstRelativeError(got, want, floor);
    const key = `${currentBackend} ${what.replace(/ (after|before) step \d+/, '').replace(/ [∂Δ]\w+$/, '').replace(/ running \w+$/, ' running')}`;
    observed.set(key, Math.max(observed.get(key) ?? 0, worst));
    expect(worst, `${what}: element ${at} is ${got[at]}, torch gives ${want[at]} (relative error ${worst.toExponential(2)}, allowed ${rel})`)
        .toBeLessThanOrEqual(rel);
}

// asynchronous: WebGPU in Node cannot read synchronously (tfjs-backend-webgpu's readSync needs OffscreenCanvas)
const read = async (t: tf.Tensor): Promise<number[]> => Array.from(await t.data());

/** A model of one layer (the fixture's call) with the fixture's initial weights loaded into its variables. */
async function modelWithWeights(ref: LayerFixture): Promise<Model> {
    const model = await buildModel({ name: 'm', layers: [ref.layer], parts: {} }, ref.inDim, Random.seeded(1));
    load(model.variables, ref.initialWeights);
    return model;
}

/** Assigns named values to variables, checking that they come in the order of `layer.variables` (`m_0_<name>_<n>`). */
function load(variables: readonly tf.Variable[], values: readonly Named[]) {
    expect(variables.map(v => v.name.replace(/^m_0_|_\d+$/g, '')), 'variable order').toEqual(values.map(w => w.name));
    variables.forEach((v, i) => {
        expect(v.shape, `shape of ${values[i]!.name}`).toEqual(values[i]!.shape);
        tf.tidy(() => v.assign(tf.tensor(values[i]!.values, values[i]!.shape, 'float32')));
    });
}

/** sum(out · R) and its gradients in the model's variables, with the output kept. */
function lossAndGrads(model: Model, x: tf.Tensor2D, r: tf.Tensor2D, forward: Forward) {
    let output: tf.Tensor2D | undefined;
    const { value, grads } = tf.variableGrads(() => {
        output = tf.keep(model.apply(x, forward));
        return tf.sum(tf.mul(output, r)) as tf.Scalar;
    }, model.variables);
    return { output: output!, value, grads };
}

/** Inputs of a layer fixture as tensors. */
function inputs(ref: LayerFixture) {
    const rows = ref.x.length / ref.inDim, out = ref.R.length / rows;
    return { x: tf.tensor2d(ref.x, [rows, ref.inDim]), r: tf.tensor2d(ref.R, [rows, out]) };
}

/** Output, loss, gradients and running statistics of one training forward (after its `forward.after` updates). */
async function trainingPass(ref: LayerFixture) {
    const model = await modelWithWeights(ref);
    const { x, r } = inputs(ref);
    const forward = trainingForward(ref.offsets);
    const { output, value, grads } = lossAndGrads(model, x, r, forward);
    for (const after of forward.after) after();
    const result = {
        output: await read(output), loss: (await read(value))[0]!,
        grads: await Promise.all(model.variables.map(v => read(grads[v.name]!))),
        stateNames: model.layers[0]!.state.map(s => s.name.replace(/^m_0_|_\d+$/g, '')),
        state: await Promise.all(model.layers[0]!.state.map(read)),
        inference: await read(tf.tidy(() => model.apply(x, inferenceForward(ref.offsets)))),
    };
    tf.dispose([output, value, x, r, ...Object.values(grads)]);
    model.dispose();
    return result;
}

function compareGrads(got: number[][], want: readonly Named[], rel: number, what: string) {
    // floored at 1e-2 of the largest component of any gradient: components that are 0 in exact arithmetic (the bias
    // before batch norm) come out as float32 rounding noise of ~1e-7 of the largest
    const floor = 1e-2 * Math.max(...want.map(w => maxAbs(w.values)));
    want.forEach((w, i) => expectClose(got[i]!, w.values, rel, floor, `${what} gradient ∂${w.name}`));
}

/** `hostMinSize`: Adam updates variables of at least this size on the host (1: every variable). */
function optimizerFor(run: OptimizerRun, variant: { hostMinSize?: number } = {}): Optimizer {
    return run.optimizer === 'adam'
        ? adam(run.args['beta1']!, run.args['beta2']!, run.args['weightDecay']!, 1e-8, variant.hostMinSize)
        : sgd(run.args['momentum']!, run.args['weightDecay']!);
}

/** d(x, t) on the Poincaré ball, row-wise, as tf ops: arcosh(1 + u), u = 2‖x − t‖² / ((1 − ‖x‖²)(1 − ‖t‖²)). */
function poincareDistanceTf(x: tf.Tensor2D, t: tf.Tensor2D): tf.Tensor1D {
    const sq = (a: tf.Tensor) => tf.sum(tf.square(a), 1);
    const u = tf.div(tf.mul(2, sq(tf.sub(x, t))), tf.mul(tf.sub(1, sq(x)), tf.sub(1, sq(t))));
    return tf.log1p(tf.add(u, tf.sqrt(tf.maximum(tf.mul(u, tf.add(u, 2)), 1e-30)))) as tf.Tensor1D;
}

/** Minimises Σ_r d(x_r, t_r)² from `start` with the optimizer `make` builds for the variable; returns every iterate. */
async function minimiseDistance(make: (x: tf.Variable) => Optimizer, start: number[][], target: number[][], lr: number, steps: number): Promise<number[][][]> {
    const x = tf.variable(tf.tensor2d(start), true);
    const t = tf.tensor2d(target);
    const optimizer = make(x);
    const iterates: number[][][] = [];
    for (let s = 0; s < steps; s++) {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(poincareDistanceTf(x as unknown as tf.Tensor2D, t))) as tf.Scalar, [x]);
        optimizer.apply(grads, [x], lr);
        tf.dispose([value, ...Object.values(grads)]);
        iterates.push(await x.array() as number[][]);
    }
    optimizer.dispose();
    tf.dispose([x, t]);
    return iterates;
}

const onBall = (x: tf.Variable) => riemannianAdam(new Set([x.name]));

const euclideanNorm = (p: readonly number[]) => Math.hypot(...p);

// ---- tests ----------------------------------------------------------------------------------------

describe.each(BACKENDS)('nn against PyTorch on %s', backend => {
    beforeAll(async () => {
        const b = await selectBackend(backend);
        expect(b.name).toBe(backend);
        currentBackend = backend;
    });

    describe('mlp (Linear + BatchNorm1d + LeakyReLU(0.2), 2 → 8 → 8 → 2)', () => {
        it('the training-mode output matches torch', async () => {
            const got = await trainingPass(mlpRef);
            expectClose(got.output, mlpRef.trainingOutput, 1e-4, 1e-2 * maxAbs(mlpRef.trainingOutput), 'mlp training output');
            expectClose([got.loss], [mlpRef.loss], 1e-4, 1, 'mlp loss');
        });

        it('the gradients of sum(out · R) in every weight match torch autograd', async () => {
            compareGrads((await trainingPass(mlpRef)).grads, mlpRef.grads, 1e-4, 'mlp');
        });

        it('the running mean and unbiased variance after one training step match BatchNorm1d (momentum 0.1)', async () => {
            const got = await trainingPass(mlpRef);
            expect(got.stateNames).toEqual(mlpRef.running.map(r => r.name));
            mlpRef.running.forEach((r, i) => expectClose(got.state[i]!, r.values, 1e-5, 1e-2, `mlp running ${r.name}`));
        });

        it('the inference-mode output from the running statistics matches torch eval()', async () => {
            const got = await trainingPass(mlpRef);
            expectClose(got.inference, mlpRef.inferenceOutput, 1e-4, 1e-2 * maxAbs(mlpRef.inferenceOutput), 'mlp inference output');
        });
    });

    describe('optimizers on the mlp with sum(out · R)', () => {
        // Adam's large variables are updated on the host on wasm and cpu: the second set forces that path for every
        // variable of this small model, against the same torch.optim trajectories. On WebGPU every variable is updated
        // by the fused WGSL passes, so the first set checks them.
        const cases = [
            ...optimizerRef.runs.map(run => [`${run.optimizer}(${Object.values(run.args).join(', ')}), lr ${run.lr}`, run, {}] as const),
            ...(backend === 'webgpu' ? [] : optimizerRef.runs.filter(run => run.optimizer === 'adam'))
                .map(run => [`${run.optimizer}(${Object.values(run.args).join(', ')}), lr ${run.lr}, updated on the host`, run, { hostMinSize: 1 }] as const),
        ];
        it.each(cases)(
            '%s: the weights after every step match torch.optim', async (label, run, variant) => {
                const model = await modelWithWeights(optimizerRef);
                const { x, r } = inputs(optimizerRef);
                const optimizer = optimizerFor(run, variant);
                const initial = optimizerRef.initialWeights;
                for (let step = 0; step < run.steps; step++) {
                    const forward = trainingForward();
                    const { output, value, grads } = lossAndGrads(model, x, r, forward);
                    expectClose(await read(value), [run.lossBeforeStep[step]!], 1e-4, 1, `${label} loss before step ${step + 1}`);
                    optimizer.apply(grads, model.variables, run.lr);
                    for (const after of forward.after) after();
                    tf.dispose([output, value, ...Object.values(grads)]);
                    // compare the displacement from the initial weights (the update itself, not the weight it is added to)
                    for (const [i, v] of model.variables.entries()) {
                        const want = run.weightsAfterStep[step]![i]!, w0 = initial[i]!.values;
                        const moved = (await read(v)).map((value, e) => value - w0[e]!), wantMoved = want.values.map((value, e) => value - w0[e]!);
                        if (run.optimizer === 'adam' && run.args['weightDecay'] === 0 && optimizerRef.zeroGradient.includes(want.name)) {
                            // the bias before batch norm has gradient 0 up to rounding, and Adam normalises rounding noise
                            // to steps of up to ~lr: only the bound |Δ| ≤ steps · lr (+10%) is well defined
                            expect(maxAbs(moved), `${label} ${want.name} after step ${step + 1}`).toBeLessThanOrEqual(1.1 * (step + 1) * run.lr);
                            continue;
                        }
                        expectClose(moved, wantMoved, 1e-3, 1e-2 * run.lr, `${label} weights Δ${want.name} after step ${step + 1}`);
                    }
                }
                optimizer.dispose();
                tf.dispose([x, r]);
                model.dispose();
            });
    });

    it('gatherRows: the rows, and the scatter-add gradient summing duplicate indices, match torch.index_select', async () => {
        const { x, indices, upstream, rows, dim } = gatherRef;
        const [value, grad] = tf.tidy(() => {
            const xt = tf.tensor2d(x, [rows, dim]), idx = tf.tensor1d(indices, 'int32'), g = tf.tensor2d(upstream, [indices.length, dim]);
            const value = gatherRows(xt, idx);
            const [grad] = tf.grads(a => tf.sum(tf.mul(gatherRows(a as tf.Tensor2D, idx), g)))([xt]);
            return [value, grad!];
        });
        expectClose(await read(value), gatherRef.output, 0, 1, 'gather output (exact)');
        expectClose(await read(grad), gatherRef.gradX, 1e-6, 1e-6, 'gather gradient');
        tf.dispose([value, grad]);
    });

    describe('dgcnn (2 EdgeConv layers of 8, k = 4, out 2) on point sets of 12 and 15 points', () => {
        it('knnIndices finds the reference neighbours of each point within its own set, itself included', async () => {
            const rows = dgcnnRef.x.length / dgcnnRef.inDim;
            const { indices, k } = knnIndices(tf.tensor2d(dgcnnRef.x, [rows, dgcnnRef.inDim]), 4, dgcnnRef.offsets);
            expect(k).toBe(4);
            const flat = await read(indices);
            indices.dispose();
            const got = Array.from({ length: rows }, (_, i) => flat.slice(4 * i, 4 * i + 4).sort((a, b) => a - b));
            got.forEach((row, i) => expect(row, `neighbours of point ${i}`).toEqual(dgcnnRef.inputKnn[i]));
        });

        it('the training-mode output matches torch', async () => {
            const got = await trainingPass(dgcnnRef);
            expectClose(got.output, dgcnnRef.trainingOutput, 1e-4, 1e-2 * maxAbs(dgcnnRef.trainingOutput), 'dgcnn training output');
            expectClose([got.loss], [dgcnnRef.loss], 1e-4, 1, 'dgcnn loss');
        });

        it('the gradients of sum(out · R) in every weight match torch autograd', async () => {
            compareGrads((await trainingPass(dgcnnRef)).grads, dgcnnRef.grads, 1e-4, 'dgcnn');
        });

        it('the running statistics over all n·k edges and the inference-mode output match torch', async () => {
            const got = await trainingPass(dgcnnRef);
            expect(got.stateNames).toEqual(dgcnnRef.running.map(r => r.name));
            dgcnnRef.running.forEach((r, i) => expectClose(got.state[i]!, r.values, 1e-5, 1e-2 * maxAbs(r.values), `dgcnn running ${r.name}`));
            expectClose(got.inference, dgcnnRef.inferenceOutput, 1e-4, 1e-2 * maxAbs(dgcnnRef.inferenceOutput), 'dgcnn inference output');
        });
    });

    describe('loss terms over every tuple of two sets of 6 and 7 points', () => {
        const batch: StepBatch = { offsets: lossRef.offsets, labels: Int32Array.from(lossRef.labels), labelled: Uint8Array.from(lossRef.labelled) };
        const rows = lossRef.labels.length;

        it.each(lossRef.triplet.cases.map(c => [`triplet(margin: ${c.call.args['margin']}, similarity: ${c.call.args['similarity']}, reduction: ${c.call.args['reduction']})`, c] as const))(
            `%s: value and gradient in the features match torch over all ${lossRef.triplet.triplets} triplets`, async (label, c) => {
                const term = tripletTerm(c.call);
                const { value, grads } = tf.valueAndGrads((f: tf.Tensor) =>
                    term.loss({ output: f as tf.Tensor2D, features: f as tf.Tensor2D, batch, random: Random.seeded(0) }))([tf.tensor2d(c.features, [rows, 4])]);
                expectClose(await read(value), [c.loss], 1e-5, 1, `${label} loss`);
                expectClose(await read(grads[0]!), c.gradFeatures, 1e-4, 1e-3 * maxAbs(c.gradFeatures), `${label} gradient`);
                tf.dispose([value, ...grads]);
            });

        it('hyphc(τ 0.1, cosine) on a poincare(scale: learned) output: value and gradients in the features and the radius logit match torch', async () => {
            const c = lossRef.hyphc.cases[0];
            const model = await buildModel({ name: 'p', layers: [{ call: 'poincare', args: {} }], parts: {} }, 2, Random.seeded(1));
            const [s] = model.variables;
            tf.tidy(() => s!.assign(tf.scalar(c.scaleLogit)));
            const features = tf.variable(tf.tensor2d(c.features, [rows, 2]));
            const term = hyphcTerm(c.call);
            const { value, grads } = tf.variableGrads(() => {
                const { output, features: f } = model.applyWithFeatures(features, trainingForward(batch.offsets));
                expect(f).toBe(features);
                return term.loss({ output, features: f, batch, random: Random.seeded(0) });
            }, [features, s!]);
            const label = 'hyphc on poincare output';
            expectClose(await read(value), [c.loss], 1e-4, 1, `${label} loss`);
            const scale = Math.max(maxAbs(c.gradFeatures), Math.abs(c.gradScaleLogit));
            expectClose(await read(grads[features.name]!), c.gradFeatures, 1e-4, 1e-2 * scale, `${label} gradient ∂features`);
            expectClose(await read(grads[s!.name]!), [c.gradScaleLogit], 1e-4, 1e-2 * scale, `${label} gradient ∂scale`);
            tf.dispose([value, features, ...Object.values(grads)]);
            model.dispose();
        });

        it('hyphc(τ 0.1, cosine) on points of different norms inside the ball (some LCAs at an endpoint): value and gradient match torch', async () => {
            const c = lossRef.hyphc.cases[1];
            const term = hyphcTerm(c.call);
            const { value, grads } = tf.valueAndGrads((z: tf.Tensor) =>
                term.loss({ output: z as tf.Tensor2D, features: z as tf.Tensor2D, batch, random: Random.seeded(0) }))([tf.tensor2d(c.points, [rows, 2])]);
            expectClose(await read(value), [c.loss], 1e-4, 1, 'hyphc in the ball loss');
            expectClose(await read(grads[0]!), c.gradPoints, 1e-4, 1e-2 * maxAbs(c.gradPoints), 'hyphc in the ball gradient');
            tf.dispose([value, ...grads]);
        });
    });

    describe('riemannianAdam (no reference: properties)', () => {
        it('minimises the squared Poincaré distance to a target, every iterate strictly inside the unit ball', async () => {
            const start = [[0.3, 0.1], [-0.2, 0.4], [0.05, -0.5]];
            const target = [[-0.6, 0.7], [0.9, -0.3], [0.2, 0.8]];
            const iterates = await minimiseDistance(onBall, start, target, 0.05, 300);
            for (const [s, x] of iterates.entries()) {
                for (const row of x) expect(euclideanNorm(row), `norm at step ${s + 1}`).toBeLessThan(1);
            }
            const last = iterates[iterates.length - 1]!;
            target.forEach((t, r) => {
                const before = poincareDistance(start[r]!, t), after = poincareDistance(last[r]!, t);
                expect(after, `row ${r}: distance ${before} at the start, ${after} after 300 steps`).toBeLessThan(0.01 * before);
            });
        });

        it('keeps every iterate inside the ball (norm ≤ 1 − 1e-5) with steps far too large, where plain Adam leaves it', async () => {
            const start = [[0.99, 0], [0, -0.995]];
            const target = [[0.999 * Math.cos(0.1), 0.999 * Math.sin(0.1)], [-0.7, 0.7]];
            const lr = 10; // hyperbolic steps of about 10: most of them end beyond the 1 − 1e-5 clamp
            const plain = (await minimiseDistance(() => adam(0.9, 0.999, 0), start, target, lr, 3)).flat();
            expect(plain.some(row => !(euclideanNorm(row) < 1)), 'plain Adam leaves the ball here').toBe(true);
            const iterates = await minimiseDistance(onBall, start, target, lr, 60);
            let largest = 0;
            for (const [s, x] of iterates.entries()) {
                for (const row of x) {
                    const n = euclideanNorm(row);
                    largest = Math.max(largest, n);
                    // 1 − 1e-5 in float32 arithmetic: a norm of 0.9999901 is seen
                    expect(n, `norm of ${row} at step ${s + 1}`).toBeLessThanOrEqual(1 - 1e-5 + 1e-6);
                }
            }
            expect(largest, 'the clamp was reached').toBeGreaterThan(1 - 2e-5);
        });

        it('updates a variable outside the ball set exactly as plain adam(0.9, 0.999, 0)', async () => {
            const rng = Random.seeded(5);
            const ball = tf.variable(tf.tensor2d([[0.1, 0.2], [-0.3, 0.4]]));
            const plain = tf.variable(tf.tensor2d(Float32Array.from(rng.normals(6)), [3, 2]));
            const copy = tf.variable(tf.clone(plain));
            const initial = await read(plain);
            const riemannian = riemannianAdam(new Set([ball.name])), reference = adam(0.9, 0.999, 0);
            for (let step = 0; step < 3; step++) {
                const gBall = tf.tensor2d(Float32Array.from(rng.normals(4)), [2, 2]), gPlain = tf.tensor2d(Float32Array.from(rng.normals(6)), [3, 2]);
                riemannian.apply({ [ball.name]: gBall, [plain.name]: gPlain }, [ball, plain], 1e-2);
                reference.apply({ [copy.name]: gPlain }, [copy], 1e-2);
                expect(await read(plain), `step ${step + 1}`).toEqual(await read(copy));
                tf.dispose([gBall, gPlain]);
            }
            expect(await read(plain), 'the plain variable moved').not.toEqual(initial);
            riemannian.dispose(); reference.dispose();
            tf.dispose([ball, plain, copy]);
        });
    });
});

afterAll(() => {
    const lines = [...observed].map(([what, r]) => `  ${what}: ${r.toExponential(2)}`);
    console.log(`nn against PyTorch, worst relative errors (floored):\n${lines.join('\n')}`);
});
