// A model: the chain of layers of a `model x = a(...) then b(...)` declaration, built through the registry's
// `build` hooks with one seeded initializer stream per layer.
import * as tf from '@tensorflow/tfjs-core';
import { PlanError } from '../plan/args.js';
import type { ModelPlan, PlanCall } from '../plan/types.js';
import type { Random } from '../random/index.js';
import { buildComponent, registry } from '../registry/index.js';
import { snapshot, restore, type Forward, type Layer, type LayerContext } from './module.js';

export type LayerFactory = (call: PlanCall, ctx: LayerContext) => Layer;

export class Model {
    constructor(readonly name: string, readonly layers: readonly Layer[], readonly inDim: number) { }

    get outDim(): number { return this.layers[this.layers.length - 1]?.outDim ?? this.inDim; }
    /** The output lies in the Poincaré ball. */
    get hyperbolic(): boolean { return this.layers[this.layers.length - 1]?.hyperbolic === true; }
    get variables(): tf.Variable[] { return this.layers.flatMap(l => [...l.variables]); }
    get parameterCount(): number { return this.variables.reduce((n, v) => n + v.size, 0); }

    apply(x: tf.Tensor2D, forward: Forward): tf.Tensor2D {
        return this.layers.reduce((h, layer) => layer.apply(h, forward), x);
    }

    /** The output, and the output of the last Euclidean layer (the input of a final `poincare`). */
    applyWithFeatures(x: tf.Tensor2D, forward: Forward): { output: tf.Tensor2D; features: tf.Tensor2D } {
        let features = x, output = x;
        for (const layer of this.layers) {
            output = layer.apply(output, forward);
            if (!layer.hyperbolic) features = output;
        }
        return { output, features };
    }

    /** Row-wise output for a whole input at inference (no gradient), returned as a kept tensor. */
    predict(x: tf.Tensor2D, offsets?: readonly number[]): tf.Tensor2D {
        return tf.tidy(() => this.apply(x, { training: false, offsets, after: [] }));
    }

    snapshot(): tf.Tensor[] { return snapshot(this.layers); }
    restore(values: readonly tf.Tensor[]): void { restore(this.layers, values); }

    dispose(): void {
        for (const l of this.layers) for (const v of [...l.variables, ...l.state]) v.dispose();
    }
}

/** Builds a model for rows of width `inDim`; layer l draws its initial weights from `random.fork(l)`. */
export async function buildModel(plan: ModelPlan, inDim: number, random: Random): Promise<Model> {
    if (Object.keys(plan.parts).length > 0) {
        throw new PlanError(`model \`${plan.name}\` attaches ${Object.keys(plan.parts).map(p => `\`${p}\``).join(', ')}; attached parts are not part of the runtime yet`);
    }
    const layers: Layer[] = [];
    let width = inDim;
    for (const [l, call] of plan.layers.entries()) {
        const spec = registry.find(call.call, ['layer', 'encoder']);
        if (!spec) throw new PlanError(`model \`${plan.name}\`: unknown layer '${call.call}'`);
        const factory = await buildComponent(spec) as LayerFactory;
        const layer = factory(call, { inDim: width, random: random.fork(l), prefix: `${plan.name}_${l}_` });
        layers.push(layer);
        width = layer.outDim;
    }
    return new Model(plan.name, layers, inDim);
}
