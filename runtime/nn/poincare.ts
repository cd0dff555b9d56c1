// `poincare(scale: learned)`: every row rescaled to one radius r inside the unit ball, r = σ(s)·(1 − ε) with s
// trained (HypHC's `normalize_embeddings` with a learned radius), or a fixed r.
import * as tf from '@tensorflow/tfjs-core';
import { Args } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { projectToBall, projectToRadius } from '../tensor/hyphc.js';
import { variable, type Layer, type LayerContext } from './module.js';

export function poincareLayer(call: PlanCall, ctx: LayerContext): Layer {
    const args = Args.of(registry.find('poincare', ['layer'])!, call);
    const scale = args.raw('scale');
    const maxNorm = args.number('maxNorm');
    const epsilon = 1 - maxNorm;
    if (typeof scale === 'number') {
        const r = Math.min(scale, maxNorm);
        return {
            kind: 'poincare', outDim: ctx.inDim, variables: [], state: [], hyperbolic: true,
            apply: x => tf.tidy(() => projectToBall(tf.mul(tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-30))), r) as tf.Tensor2D, maxNorm)),
        };
    }
    // s = 0 starts the radius at about one half: deep enough for the LCA depths to differ, far from the boundary.
    const s = variable([0], [], `${ctx.prefix}poincare_scale`);
    return {
        kind: 'poincare', outDim: ctx.inDim, variables: [s], state: [], hyperbolic: true,
        apply: x => projectToRadius(x, s, epsilon),
    };
}

/** The radius a `poincare` layer puts its rows at (learned or fixed), for the run record. */
export async function poincareRadius(layer: Layer): Promise<number | undefined> {
    if (layer.kind !== 'poincare') return undefined;
    const norm = tf.tidy(() => {
        const unit = tf.oneHot(tf.tensor1d([0], 'int32'), layer.outDim).toFloat() as tf.Tensor2D;
        return tf.norm(layer.apply(unit, { training: false, after: [] }));
    });
    // asynchronous reads only: WebGPU has no synchronous read in Node
    const [r] = await norm.data();
    norm.dispose();
    return r;
}
