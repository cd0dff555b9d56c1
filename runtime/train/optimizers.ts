// Optimizers, written out so that their state stays on the device, the learning rate can follow a schedule,
// and parameters on the Poincaré ball can be updated on the manifold.
import * as tf from '@tensorflow/tfjs-core';
import { Args, PlanError } from '../plan/args.js';
import { isCall, type PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { adamUpdateWebGpu } from '../backend/webgpu/adam.js';
import { webGpuKernelsActive } from '../backend/webgpu/program.js';
import { mobiusAddTf } from './poincare-ops.js';

export interface Optimizer {
    readonly name: string;
    /** One update of every variable that has a gradient, with learning rate `lr`. */
    apply(grads: tf.NamedTensorMap, variables: readonly tf.Variable[], lr: number): void;
    dispose(): void;
}

/** lr at epoch e (0-based) of `epochs`. */
export type Schedule = (epoch: number, epochs: number) => number;

class Moments {
    readonly m = new Map<string, tf.Variable>();
    readonly v = new Map<string, tf.Variable>();
    step = 0;

    slot(map: Map<string, tf.Variable>, variable: tf.Variable, shape: number[] = variable.shape): tf.Variable {
        let s = map.get(variable.name);
        if (!s) {
            s = tf.tidy(() => tf.variable(tf.zeros(shape), false));
            map.set(variable.name, s);
        }
        return s;
    }

    dispose(): void {
        for (const s of [...this.m.values(), ...this.v.values()]) s.dispose();
    }
}

/**
 * Variables at least this large are updated by Adam in one pass over plain arrays when the backend computes on the
 * host (wasm, cpu): tfjs's fourteen element-wise kernels per update each read and write the whole matrix, which
 * for ALLG's n×n parameters was a quarter of a training step on wasm. The moments then live in host memory, out
 * of wasm's 4 GiB. On WebGPU every variable is updated on the device by three fused passes (`backend/webgpu/adam.ts`).
 */
export const HOST_UPDATE_MIN_SIZE = 1 << 16;

const updatesOnHost = (size: number, minSize: number): boolean =>
    size >= minSize && (tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu');

/**
 * Adam as PyTorch's `torch.optim.Adam` (ε = 1e-8, bias-corrected, coupled weight decay). `hostMinSize`: the
 * smallest variable updated on the host (tests compare both paths).
 */
export function adam(beta1: number, beta2: number, weightDecay: number, epsilon = 1e-8, hostMinSize = HOST_UPDATE_MIN_SIZE): Optimizer {
    const moments = new Moments();
    const host = new Map<string, { m: Float32Array; v: Float32Array }>();
    function updateOnHost(variable: tf.Variable, gradient: tf.Tensor, lr: number, c1: number, c2: number): void {
        let state = host.get(variable.name);
        if (!state) host.set(variable.name, state = { m: new Float32Array(variable.size), v: new Float32Array(variable.size) });
        const { m, v } = state;
        const g = gradient.dataSync() as Float32Array, x = variable.dataSync() as Float32Array;
        const next = new Float32Array(x.length);
        const step = lr / c1, root = Math.sqrt(c2);
        for (let i = 0; i < x.length; i++) {
            const gi = weightDecay > 0 ? g[i]! + weightDecay * x[i]! : g[i]!;
            const mi = m[i] = beta1 * m[i]! + (1 - beta1) * gi;
            const vi = v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
            next[i] = x[i]! - step * mi / (Math.sqrt(vi) / root + epsilon);
        }
        variable.assign(tf.tensor(next, variable.shape, 'float32'));
    }
    return {
        name: 'adam',
        apply(grads, variables, lr) {
            moments.step++;
            const c1 = 1 - beta1 ** moments.step, c2 = 1 - beta2 ** moments.step;
            const fused = webGpuKernelsActive();
            tf.tidy(() => {
                for (const variable of variables) {
                    let g = grads[variable.name];
                    if (!g) continue;
                    if (updatesOnHost(variable.size, hostMinSize)) { updateOnHost(variable, g, lr, c1, c2); continue; }
                    const m = moments.slot(moments.m, variable), v = moments.slot(moments.v, variable);
                    if (fused && variable.dtype === 'float32') {
                        const next = adamUpdateWebGpu(variable, g, m, v, { beta1, beta2, weightDecay, epsilon, step: lr / c1, root: Math.sqrt(c2) });
                        m.assign(next.m);
                        v.assign(next.v);
                        variable.assign(next.x);
                        continue;
                    }
                    if (weightDecay > 0) g = tf.add(g, tf.mul(variable, weightDecay));
                    m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
                    v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
                    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(c2)), epsilon);
                    variable.assign(tf.sub(variable, tf.mul(tf.div(m, denom), lr / c1)));
                }
            });
        },
        dispose: () => { moments.dispose(); host.clear(); },
    };
}

/** SGD with heavy-ball momentum and coupled weight decay, as `torch.optim.SGD`. */
export function sgd(momentum: number, weightDecay: number): Optimizer {
    const moments = new Moments();
    return {
        name: 'sgd',
        apply(grads, variables, lr) {
            moments.step++;
            tf.tidy(() => {
                for (const variable of variables) {
                    let g = grads[variable.name];
                    if (!g) continue;
                    if (weightDecay > 0) g = tf.add(g, tf.mul(variable, weightDecay));
                    if (momentum > 0) {
                        const buf = moments.slot(moments.m, variable);
                        buf.assign(moments.step === 1 ? g : tf.add(tf.mul(buf, momentum), g));
                        g = buf;
                    }
                    variable.assign(tf.sub(variable, tf.mul(g, lr)));
                }
            });
        },
        dispose: () => moments.dispose(),
    };
}

/**
 * Riemannian Adam (Bécigneul & Ganea 2019) on the Poincaré ball for the variables named in `ball` (rows are
 * points of the ball); plain Adam for the others. The Riemannian gradient is g_R = ((1 − ‖x‖²)² / 4)·g; the
 * second moment accumulates ⟨g_R, g_R⟩_x = λ_x²‖g_R‖² per row; the step is the exponential map
 * exp_x(−lr·m̂ / (√v̂ + ε)), clamped inside the ball; the first moment is carried to the new point by the
 * conformal factor ratio λ_x / λ_y, which is the parallel transport without its gyration (exact along geodesics
 * through the origin). This is closer to geoopt's `PoincareBallExact` than to its default `PoincareBall`, which
 * retracts with project(x + u) and transports with the gyration.
 */
export function riemannianAdam(ball: ReadonlySet<string>, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, maxNorm = 1 - 1e-5): Optimizer {
    const euclidean = adam(beta1, beta2, 0, epsilon);
    const moments = new Moments();
    return {
        name: 'riemannianAdam',
        apply(grads, variables, lr) {
            euclidean.apply(grads, variables.filter(v => !ball.has(v.name)), lr);
            const manifold = variables.filter(v => ball.has(v.name) && grads[v.name]);
            if (manifold.length === 0) return;
            moments.step++;
            const c1 = 1 - beta1 ** moments.step, c2 = 1 - beta2 ** moments.step;
            tf.tidy(() => {
                for (const variable of manifold) {
                    const x = variable as unknown as tf.Tensor2D;
                    const x2 = tf.sum(tf.square(x), 1, true);
                    const lambda = tf.div(2, tf.maximum(tf.sub(1, x2), 1e-15));
                    const rgrad = tf.div(grads[variable.name]!, tf.square(lambda));
                    const m = moments.slot(moments.m, variable), v = moments.slot(moments.v, variable, [x.shape[0], 1]);
                    m.assign(tf.add(tf.mul(m, beta1), tf.mul(rgrad, 1 - beta1)));
                    v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.mul(tf.square(lambda), tf.sum(tf.square(rgrad), 1, true)), 1 - beta2)));
                    const direction = tf.neg(tf.mul(tf.div(m, tf.add(tf.sqrt(tf.div(v, c2)), epsilon)), lr / c1));
                    // exp_x(u) = x ⊕ tanh(λ_x‖u‖ / 2)·u/‖u‖
                    const un = tf.sqrt(tf.maximum(tf.sum(tf.square(direction), 1, true), 1e-30));
                    const second = tf.mul(tf.tanh(tf.div(tf.mul(lambda, un), 2)), tf.div(direction, un));
                    let y = mobiusAddTf(x, second as tf.Tensor2D);
                    const yn = tf.sqrt(tf.maximum(tf.sum(tf.square(y), 1, true), 1e-30));
                    y = tf.mul(y, tf.div(tf.minimum(yn, maxNorm), yn)) as tf.Tensor2D;
                    const lambdaY = tf.div(2, tf.maximum(tf.sub(1, tf.sum(tf.square(y), 1, true)), 1e-15));
                    m.assign(tf.mul(m, tf.div(lambda, lambdaY)));
                    variable.assign(y);
                }
            });
        },
        dispose() { euclidean.dispose(); moments.dispose(); },
    };
}

/** The optimizer a spec names (`adam(lr: 1e-3)`), and its learning-rate schedule. */
export function buildOptimizer(call: PlanCall, ball: ReadonlySet<string> = new Set()): { optimizer: Optimizer; schedule: Schedule } {
    const spec = registry.find(call.call, ['optimizer']);
    if (!spec) throw new PlanError(`unknown optimizer '${call.call}'`);
    const args = Args.of(spec, call);
    const lr = args.raw('lr');
    const schedule = isCall(lr) ? buildSchedule(lr) : constant(args.number('lr'));
    switch (call.call) {
        case 'adam': return { optimizer: adam(args.number('beta1'), args.number('beta2'), args.number('weightDecay')), schedule };
        case 'sgd': return { optimizer: sgd(args.number('momentum'), args.number('weightDecay')), schedule };
        case 'riemannianAdam': return { optimizer: riemannianAdam(ball), schedule };
        default: throw new PlanError(`the optimizer '${call.call}' is part of the language but not of the runtime yet`);
    }
}

const constant = (lr: number): Schedule => () => lr;

export function buildSchedule(call: PlanCall): Schedule {
    const spec = registry.find(call.call, ['schedule']);
    if (!spec) throw new PlanError(`unknown learning-rate schedule '${call.call}'`);
    const args = Args.of(spec, call);
    const from = args.number('from'), to = args.number('to');
    switch (call.call) {
        case 'exponentialDecay': return (e, epochs) => from * (to / from) ** (epochs > 1 ? e / (epochs - 1) : 0);
        case 'cosineDecay': return (e, epochs) => to + 0.5 * (from - to) * (1 + Math.cos(Math.PI * (epochs > 1 ? e / (epochs - 1) : 0)));
        default: throw new PlanError(`the schedule '${call.call}' is part of the language but not of the runtime yet`);
    }
}
