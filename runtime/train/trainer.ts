// The training loop: epochs of steps over a dataset part, each step the weighted sum of the objective's terms
// minimised by the optimizer. Data is uploaded once; per epoch the only reads from the device are the summed
// loss terms (for the epoch event) and whatever early stopping measures.
import * as tf from '@tensorflow/tfjs-core';
import { largestBinding, throwIfDeviceFailed } from '../backend/device-errors.js';
import type { DatasetPart, SampleSet } from '../data/dataset.js';
import type { LossTerm, StepBatch } from '../losses/types.js';
import type { Model } from '../nn/model.js';
import '../tensor/gradients.js';
import { trainingForward } from '../nn/module.js';
import type { Random } from '../random/index.js';
import type { Optimizer, Schedule } from './optimizers.js';

export interface WeightedTerm {
    readonly weight: number;
    readonly term: LossTerm;
}

export interface EarlyStopping {
    /** The metric's name, for events. */
    readonly metric: string;
    readonly patience: number;
    readonly higherIsBetter: boolean;
    /** Measures the metric on the held-out part with the model as it is now. */
    readonly measure: () => Promise<number>;
}

export interface EpochEvent {
    readonly epoch: number;
    readonly epochs: number;
    /** Mean over the epoch's steps of each term (unweighted), and `total` (weighted sum). */
    readonly loss: Readonly<Record<string, number>>;
    readonly lr: number;
    readonly seconds: number;
    /** The early-stopping metric after this epoch. */
    readonly validation?: Readonly<Record<string, number>>;
    readonly best?: boolean;
}

export interface TrainOptions {
    readonly model: Model;
    readonly terms: readonly WeightedTerm[];
    readonly optimizer: Optimizer;
    readonly schedule: Schedule;
    readonly epochs: number;
    /** Point sets per step (for a table: rows per step). */
    readonly batch: number;
    readonly data: DatasetPart;
    readonly random: Random;
    readonly earlyStopping?: EarlyStopping;
    readonly onEpoch?: (event: EpochEvent) => void;
    /** Checked between steps; when aborted, training stops and `train` throws the signal's reason. */
    readonly signal?: AbortSignal;
}

export interface TrainResult {
    readonly epochs: number;
    readonly stoppedEarly: boolean;
    readonly bestEpoch?: number;
    readonly best?: number;
    readonly secondsPerEpoch: number;
}

/** Training stopped for a reason that is the spec's or the data's (a NaN loss), not a bug. */
export class TrainingError extends Error {
    override readonly name = 'TrainingError';
}

interface DeviceSet {
    readonly x: tf.Tensor2D;
    readonly set: SampleSet;
}

/** The steps of one epoch: groups of `batch` point sets, or for one big table, groups of `batch` rows. */
interface Step {
    readonly x: tf.Tensor2D;
    /** x was made for this step (a concatenation or a gather) and is disposed after it; otherwise it is a set's own. */
    readonly owned: boolean;
    readonly batch: StepBatch;
}

function epochSteps(sets: readonly DeviceSet[], kind: DatasetPart['kind'], batch: number, random: Random, whole: boolean): Step[] {
    const steps: Step[] = [];
    if (whole) {
        // a stage that trains parts over the samples sees all of them, in their order, every step
        const { x, set } = sets[0]!;
        return [{ x, owned: false, batch: { offsets: [0, set.rows], labels: set.labels, labelled: set.labelled } }];
    }
    if (kind === 'pointSets') {
        const order = random.permutation(sets.length);
        for (let s = 0; s < order.length; s += batch) {
            const chosen = Array.from(order.subarray(s, s + batch), i => sets[i]!);
            const offsets = [0];
            for (const c of chosen) offsets.push(offsets[offsets.length - 1]! + c.set.rows);
            const labels = new Int32Array(offsets[offsets.length - 1]!), labelled = new Uint8Array(labels.length);
            chosen.forEach((c, i) => { labels.set(c.set.labels, offsets[i]!); labelled.set(c.set.labelled, offsets[i]!); });
            const owned = chosen.length > 1;
            steps.push({ x: owned ? tf.concat(chosen.map(c => c.x), 0) : chosen[0]!.x, owned, batch: { offsets, labels, labelled } });
        }
        return steps;
    }
    const { x, set } = sets[0]!;
    const order = random.permutation(set.rows);
    for (let s = 0; s < order.length; s += batch) {
        const rows = order.subarray(s, s + batch);
        steps.push({
            x: tf.tidy(() => tf.gather(x, tf.tensor1d(rows, 'int32')) as tf.Tensor2D),
            owned: true,
            batch: { offsets: [0, rows.length], labels: Int32Array.from(rows, r => set.labels[r]!), labelled: Uint8Array.from(rows, r => set.labelled[r]!) },
        });
    }
    return steps;
}

let lastYield = 0;

/** Lets the event loop run (signals, cancel requests, I/O) at most every 50 ms of computation. */
export async function yieldNowAndThen(): Promise<void> {
    const now = performance.now();
    if (now - lastYield < 50) return;
    await new Promise(resolve => setImmediate(resolve));
    lastYield = performance.now();
}

/**
 * The parts over the samples (graph, selection) join in the stages whose objective is more than reconstruction:
 * a stage of `reconstruction()` alone pre-trains the auto-encoder by itself (ALLG's first stage).
 */
export function stageUsesParts(model: Model, terms: readonly WeightedTerm[]): boolean {
    return model.transductive && terms.some(t => t.term.name !== 'reconstruction');
}

/** Lets the sample parts see the latents a stage starts from (DUAL computes its cluster centres). */
async function prepareParts(model: Model, x: tf.Tensor2D): Promise<void> {
    const selection = model.parts?.selection;
    if (!selection?.prepare) return;
    const latents = model.predict(x);
    const data = await latents.data() as Float32Array;
    latents.dispose();
    selection.prepare(data, model.outDim);
}

/**
 * A GPU binds each tensor a kernel reads as one buffer, at most `maxStorageBufferBindingSize` bytes (128 MiB on
 * Mesa's lavapipe): an n×n matrix over it cannot be computed there at all, so say so before training.
 */
function checkBindingLimit(model: Model): void {
    const limit = largestBinding(), n = model.parts?.samples;
    if (limit === undefined || n === undefined || n * n * 4 <= limit) return;
    const fits = Math.floor(Math.sqrt(limit / 4));
    throw new TrainingError(`model \`${model.name}\` trains ${n}×${n} matrices over its samples (${(n * n * 4 / 2 ** 20).toFixed(0)} MiB each), `
        + `but this GPU binds at most ${(limit / 2 ** 20).toFixed(0)} MiB per tensor (about ${fits} samples): use fewer candidates or another backend (\`--backend wasm\` or \`cpu\`)`);
}

export async function train(options: TrainOptions): Promise<TrainResult> {
    const { model, terms, optimizer, schedule, epochs, data, random, earlyStopping } = options;
    const device: DeviceSet[] = data.sets.map(set => ({ x: tf.tensor2d(set.x, [set.rows, set.dim]), set }));
    const useParts = stageUsesParts(model, terms);
    if (useParts) checkBindingLimit(model);
    const variables = model.variablesFor(useParts);
    if (useParts) await prepareParts(model, device[0]!.x);
    let best: number | undefined, bestEpoch: number | undefined, bestWeights: tf.Tensor[] | undefined;
    let sinceBest = 0, ran = 0, totalSeconds = 0, stoppedEarly = false;
    try {
        for (let epoch = 0; epoch < epochs; epoch++) {
            const started = performance.now();
            const lr = schedule(epoch, epochs);
            const epochRandom = random.fork('epoch', epoch);
            const steps = epochSteps(device, data.kind, options.batch, epochRandom.fork('order'), useParts);
            const sums = terms.map(() => tf.scalar(0));
            /** Parts the terms report (`supNorm`), summed over the steps like the terms. */
            const partSums = new Map<string, tf.Scalar>();
            let total = tf.scalar(0);
            try {
                for (const [s, step] of steps.entries()) {
                    if (options.signal?.aborted) throw options.signal.reason;
                    const forward = trainingForward(step.batch.offsets);
                    const stepRandom = epochRandom.fork('step', s);
                    const values: tf.Scalar[] = [];
                    const parts: [string, tf.Scalar][] = [];
                    const report = (name: string, v: tf.Scalar) => { parts.push([name, tf.keep(v)]); };
                    const { value, grads } = tf.variableGrads(() => {
                        const result = model.forward(step.x, forward, useParts);
                        let loss = tf.scalar(0);
                        terms.forEach(({ weight, term }, t) => {
                            const v = term.loss({ ...result, batch: step.batch, random: stepRandom.fork(t), report });
                            values.push(tf.keep(v));
                            loss = tf.add(loss, weight === 1 ? v : tf.mul(v, weight));
                        });
                        return loss as tf.Scalar;
                    }, variables);
                    optimizer.apply(grads, variables, lr);
                    for (const after of forward.after) after();
                    tf.dispose(grads);
                    if (step.owned) step.x.dispose();
                    values.forEach((v, t) => { const next = tf.add(sums[t]!, v); sums[t]!.dispose(); v.dispose(); sums[t] = next as tf.Scalar; });
                    for (const [name, v] of parts) {
                        const before = partSums.get(name);
                        partSums.set(name, before ? tf.add(before, v) as tf.Scalar : tf.clone(v));
                        before?.dispose(); v.dispose();
                    }
                    const nextTotal = tf.add(total, value);
                    total.dispose(); value.dispose();
                    total = nextTotal as tf.Scalar;
                    await yieldNowAndThen();
                }
            } catch (error) {
                // cancelled (or failed) mid-epoch: what this epoch still holds goes too (disposing twice is harmless)
                tf.dispose([...steps.filter(st => st.owned).map(st => st.x), ...sums, ...partSums.values(), total]);
                throw error;
            }
            const stacked = tf.stack([...sums, total, ...partSums.values()]);
            const read = await stacked.data();
            tf.dispose([stacked, ...sums, ...partSums.values(), total]);
            throwIfDeviceFailed();
            const loss: Record<string, number> = {};
            terms.forEach(({ term }, t) => { loss[term.name] = read[t]! / steps.length; });
            loss['total'] = read[terms.length]! / steps.length;
            [...partSums.keys()].forEach((name, p) => { loss[name] ??= read[terms.length + 1 + p]! / steps.length; });
            for (const [name, v] of Object.entries(loss)) {
                if (!Number.isFinite(v)) {
                    throw new TrainingError(`epoch ${epoch + 1} of ${epochs}: the loss term \`${name}\` became ${Number.isNaN(v) ? 'NaN' : v}`
                        + ` (learning rate ${lr}); lower the learning rate or check the data`);
                }
            }
            let validation: Record<string, number> | undefined, isBest = false;
            if (earlyStopping) {
                const m = await earlyStopping.measure();
                validation = { [earlyStopping.metric]: m };
                if (best === undefined || (earlyStopping.higherIsBetter ? m > best : m < best)) {
                    best = m; bestEpoch = epoch + 1; sinceBest = 0; isBest = true;
                    tf.dispose(bestWeights ?? []);
                    bestWeights = model.snapshot();
                } else {
                    sinceBest++;
                }
            }
            const seconds = (performance.now() - started) / 1000;
            totalSeconds += seconds;
            ran = epoch + 1;
            options.onEpoch?.({ epoch: epoch + 1, epochs, loss, lr, seconds, ...(validation ? { validation, best: isBest } : {}) });
            if (earlyStopping && sinceBest >= earlyStopping.patience) {
                stoppedEarly = true;
                break;
            }
        }
        if (bestWeights) model.restore(bestWeights);
    } finally {
        tf.dispose(bestWeights ?? []);
        tf.dispose(device.map(d => d.x));
    }
    return { epochs: ran, stoppedEarly, bestEpoch, best, secondsPerEpoch: ran ? totalSeconds / ran : 0 };
}
