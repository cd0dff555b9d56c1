// The runtime's own WGSL kernels (runtime/backend/webgpu/) on the webgpu backend (Mesa's lavapipe here and in CI)
// against the tfjs-op computations they replace, on the same backend, and against the float64 reference:
// the fused LCA depth with its gradient, the fused HypHC triple term, and the fused Adam update.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../runtime/backend/index.js';
import { useWebGpuKernels, webGpuKernelsActive } from '../../runtime/backend/webgpu/program.js';
import { lcaDepth as referenceDepth } from '../../runtime/hyperbolic/poincare.js';
import { hyphcTerm } from '../../runtime/losses/hyphc.js';
import { Random } from '../../runtime/random/index.js';
import '../../runtime/tensor/gradients.js';
import { lcaDepth, lcaDepthOps } from '../../runtime/tensor/hyphc.js';
import { adam } from '../../runtime/train/optimizers.js';

/** max over i of |a − b| / max(|b|, floor). */
function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
    return worst;
}

/**
 * Pairs of points of the disk that reach every branch of the LCA: random pairs of any norms up to 0.99, pairs on
 * one circle (as HypHC embeds), x = y, pairs collinear with the origin, the origin itself, and pairs where one end
 * is the LCA (an obtuse angle at it).
 */
function pairs(m: number): { x: Float32Array; y: Float32Array } {
    const rng = Random.seeded(11);
    const x: number[] = [], y: number[] = [];
    const polar = (r: number, a: number) => [r * Math.cos(a), r * Math.sin(a)];
    for (let t = 0; t < m; t++) {
        x.push(...polar(rng.uniform(0, 0.99), rng.uniform(0, 2 * Math.PI)));
        y.push(...polar(rng.uniform(0, 0.99), rng.uniform(0, 2 * Math.PI)));
    }
    for (let t = 0; t < m; t++) {
        x.push(...polar(0.9, rng.uniform(0, 2 * Math.PI)));
        y.push(...polar(0.9, rng.uniform(0, 2 * Math.PI)));
    }
    x.push(0.3, 0.4, 0.2, 0.1, 0, 0, 0.6, 0, 0.1, 0.05, -0.5, 0.5);
    y.push(0.3, 0.4, 0.4, 0.2, 0.5, 0.2, 0.3, 0.5, 0.9, 0.1, 0.5, -0.5);
    return { x: Float32Array.from(x), y: Float32Array.from(y) };
}

describe('runtime WGSL kernels on webgpu', () => {
    beforeAll(async () => {
        expect((await selectBackend('webgpu')).name).toBe('webgpu');
        expect(webGpuKernelsActive(), 'the backend selection enables the kernels').toBe(true);
    });

    describe.each(['segment', 'line'] as const)('fused LCA depth (%s geodesic)', geodesic => {
        const { x, y } = pairs(200);
        const m = x.length / 2;
        // a fixed random weighting, so that every pair's gradient matters
        const weights = Float32Array.from(Random.seeded(12).normals(m));

        async function depthAndGradients(depth: typeof lcaDepth) {
            const [xt, yt, wt] = [tf.tensor2d(x, [m, 2]), tf.tensor2d(y, [m, 2]), tf.tensor1d(weights)];
            const value = depth(xt, yt, { geodesic });
            const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(depth(a as tf.Tensor2D, b as tf.Tensor2D, { geodesic }), wt)))([xt, yt]);
            const out = { value: await value.data(), gx: await gx!.data(), gy: await gy!.data() };
            tf.dispose([xt, yt, wt, value, gx!, gy!]);
            return out;
        }

        it('gives the depths and gradients of the tfjs ops to float32 rounding', async () => {
            const fused = await depthAndGradients(lcaDepth), ops = await depthAndGradients(lcaDepthOps);
            expect(worstRelative(fused.value, ops.value, 1), 'depths').toBeLessThan(1e-5);
            // forward mode here, reverse mode there: the same float32 chain rule in another order
            const scale = Math.max(...Array.from(ops.gx, Math.abs), ...Array.from(ops.gy, Math.abs));
            expect(worstRelative(fused.gx, ops.gx, 1e-2 * scale), '∂x').toBeLessThan(1e-4);
            expect(worstRelative(fused.gy, ops.gy, 1e-2 * scale), '∂y').toBeLessThan(1e-4);
        });

        it('gives the float64 reference depths', async () => {
            const { value } = await depthAndGradients(lcaDepth);
            const want = Array.from({ length: m }, (_, t) => referenceDepth([x[2 * t]!, x[2 * t + 1]!], [y[2 * t]!, y[2 * t + 1]!], { geodesic }));
            expect(worstRelative(value, want, 1)).toBeLessThan(1e-4);
        });

        /** The weighted central differences of the float64 reference at pairs 0 … 199, in the order of [∂x, ∂y]. */
        function referenceGradients(): { gx: number[]; gy: number[] } {
            const h = 1e-6;
            const at = (px: number[], py: number[]) => referenceDepth(px, py, { geodesic });
            const gx: number[] = [], gy: number[] = [];
            for (let t = 0; t < 200; t++) {
                const px = [x[2 * t]!, x[2 * t + 1]!], py = [y[2 * t]!, y[2 * t + 1]!];
                for (let c = 0; c < 2; c++) {
                    const up = [...px], down = [...px];
                    up[c]! += h; down[c]! -= h;
                    gx.push(weights[t]! * (at(up, py) - at(down, py)) / (2 * h));
                    const upY = [...py], downY = [...py];
                    upY[c]! += h; downY[c]! -= h;
                    gy.push(weights[t]! * (at(px, upY) - at(px, downY)) / (2 * h));
                }
            }
            return { gx, gy };
        }

        it('gives the float64 reference gradient (central differences) within 1e-4, as the tfjs ops do', async () => {
            const want = referenceGradients();
            const scale = Math.max(...want.gx.map(Math.abs), ...want.gy.map(Math.abs));
            const error = async (depth: typeof lcaDepth) => {
                const { gx, gy } = await depthAndGradients(depth);
                return Math.max(worstRelative(gx.slice(0, 400), want.gx, 1e-2 * scale), worstRelative(gy.slice(0, 400), want.gy, 1e-2 * scale));
            };
            const fused = await error(lcaDepth), ops = await error(lcaDepthOps);
            console.log(`LCA ${geodesic} gradient vs float64: fused ${fused.toExponential(2)}, tfjs ops ${ops.toExponential(2)}`);
            // seen: fused 6.5e-5, tfjs ops 3.1e-5 to 3.5e-5
            expect(fused).toBeLessThan(1e-4);
            expect(ops).toBeLessThan(1e-4);
        });
    });

    it.each(['cosine', 'euclidean'] as const)('the fused HypHC triple term (%s similarities) gives the loss and gradients of the tfjs ops', async similarity => {
        // two point sets of 14 and 17 points: 2-D embeddings inside the disk, 5-D features behind the similarities
        const rng = Random.seeded(14);
        const offsets = [0, 14, 31], rows = 31;
        const z = tf.tensor2d(pairs(16).x.slice(0, 2 * rows), [rows, 2]);
        const features = tf.tensor2d(Float32Array.from(rng.normals(5 * rows)), [rows, 5]);
        const batch = { offsets, labels: new Int32Array(rows), labelled: new Uint8Array(rows) };
        const term = hyphcTerm({ call: 'hyphc', args: { triples: 200, similarity } });
        async function lossAndGrads(fused: boolean) {
            useWebGpuKernels(fused);
            try {
                const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) =>
                    term.loss({ output: a as tf.Tensor2D, features: b as tf.Tensor2D, batch, random: Random.seeded(15) }))([z, features]);
                const out = { loss: (await value.data())[0]!, dz: await grads[0]!.data(), df: await grads[1]!.data() };
                tf.dispose([value, ...grads]);
                return out;
            } finally {
                useWebGpuKernels(true);
            }
        }
        const fused = await lossAndGrads(true), ops = await lossAndGrads(false);
        expect(Math.abs(fused.loss - ops.loss) / Math.abs(ops.loss), 'loss').toBeLessThan(1e-5);
        const scale = (g: ArrayLike<number>) => 1e-2 * Math.max(...Array.from(g, Math.abs));
        expect(worstRelative(fused.dz, ops.dz, scale(ops.dz)), '∂z').toBeLessThan(1e-4);
        expect(worstRelative(fused.df, ops.df, scale(ops.df)), '∂features').toBeLessThan(1e-4);
        expect(Array.from(ops.dz).some(v => v !== 0), 'the term depends on z').toBe(true);
        tf.dispose([z, features]);
    });

    it('points of other dimensions keep the tfjs ops (the kernel is 2-D)', async () => {
        const a = tf.tensor2d([[0.1, 0.2, 0.3]]), b = tf.tensor2d([[-0.2, 0.1, 0.4]]);
        const got = await lcaDepth(a, b).data(), want = await lcaDepthOps(a, b).data();
        expect(Array.from(got)).toEqual(Array.from(want));
        tf.dispose([a, b]);
    });

    it('fused Adam on a variable of more than 65,535 workgroups (the per-dimension dispatch limit) updates every element', async () => {
        // 9·2^20 elements: 73,728 workgroups of 128, which the backend spreads over a second dispatch dimension
        const size = 9 * 2 ** 20;
        const gradient = tf.fill([size], 1);
        const variable = tf.variable(tf.zeros([size]), true, 'adam-large');
        const optimizer = adam(0.9, 0.999, 0);
        optimizer.apply({ [variable.name]: gradient }, [variable], 1e-2);
        // a first Adam step with g = 1 moves every weight by −lr·1/(1 + ε) exactly
        const values = await variable.data();
        let wrong = 0;
        for (let i = 0; i < size; i++) if (Math.abs(values[i]! + 1e-2) > 1e-8) wrong++;
        expect(wrong, 'elements not moved by −lr').toBe(0);
        optimizer.dispose();
        tf.dispose([gradient, variable]);
    });

    it('fused Adam follows torch.optim.Adam\'s update (in float64) over 5 steps with weight decay, as the tfjs ops do', async () => {
        const rng = Random.seeded(13);
        const shape: [number, number] = [300, 257];
        const size = shape[0] * shape[1];
        const start = Float32Array.from(rng.normals(size));
        const gradients = Array.from({ length: 5 }, () => Float32Array.from(rng.normals(size)));
        const [beta1, beta2, decay, lr, eps] = [0.9, 0.999, 0.01, 1e-2, 1e-8];
        // torch.optim.Adam (coupled weight decay), in float64
        const want = Float64Array.from(start), m = new Float64Array(size), v = new Float64Array(size);
        gradients.forEach((g, s) => {
            const c1 = 1 - beta1 ** (s + 1), c2 = 1 - beta2 ** (s + 1);
            for (let i = 0; i < size; i++) {
                const gi = g[i]! + decay * want[i]!;
                m[i] = beta1 * m[i]! + (1 - beta1) * gi;
                v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
                want[i] -= (lr / c1) * m[i]! / (Math.sqrt(v[i]!) / Math.sqrt(c2) + eps);
            }
        });
        async function trajectory(fused: boolean): Promise<Float32Array> {
            const variable = tf.variable(tf.tensor2d(start, shape), true, `adam-${fused}`);
            const optimizer = adam(beta1, beta2, decay, eps);
            useWebGpuKernels(fused);
            try {
                for (const g of gradients) {
                    const gt = tf.tensor2d(g, shape);
                    optimizer.apply({ [variable.name]: gt }, [variable], lr);
                    gt.dispose();
                }
            } finally {
                useWebGpuKernels(true);
            }
            const out = await variable.data() as Float32Array;
            optimizer.dispose();
            variable.dispose();
            return out;
        }
        // the weights are N(0, 1): float32 keeps them to about 6e-8, which bounds the error of the displacement
        const error = (w: Float32Array) => worstRelative(w, want, 1);
        const fused = error(await trajectory(true)), ops = error(await trajectory(false));
        console.log(`Adam, 5 steps, error of the weights vs float64: fused ${fused.toExponential(2)}, tfjs ops ${ops.toExponential(2)}`);
        expect(fused).toBeLessThan(3e-7);
        expect(ops).toBeLessThan(3e-7);
    });
});
