// A model: the chain of layers of a `model x = a(...) then b(...)` declaration, built through the registry's
// `build` hooks with one seeded initializer stream per layer.
import * as tf from '@tensorflow/tfjs-core';
import { PlanError } from '../plan/args.js';
import { isCall, type ModelPlan, type PlanCall, type PlanValue } from '../plan/types.js';
import type { Random } from '../random/index.js';
import { buildComponent, registry } from '../registry/index.js';
import { isAutoencoder, type AutoencoderLayer } from './autoencoder.js';
import { LearnableGraph, type GraphOutput } from './learnable-graph.js';
import type { Forward, Layer, LayerContext } from './module.js';
import { DualSelection, SelfSelection, type SelectionHead, type SelectionOutput } from './selection.js';

export type LayerFactory = (call: PlanCall, ctx: LayerContext) => Layer | Promise<Layer>;

/** A model's parts that are tied to its training samples (ALLG's graph and selection, DUAL's block). */
export interface SampleParts {
    readonly graph?: LearnableGraph;
    readonly selection?: SelectionHead;
    /** How many training samples the parts were built for. */
    readonly samples: number;
}

/** Everything a forward pass computed that a loss term may use. */
export interface ForwardResult {
    /** The model's output ([rows, d]; in the Poincaré ball when the model ends in `poincare`). */
    readonly output: tf.Tensor2D;
    /** The output of the last Euclidean layer. */
    readonly features: tf.Tensor2D;
    readonly input: tf.Tensor2D;
    /** An auto-encoder's reconstruction of the input. */
    readonly reconstruction?: tf.Tensor2D;
    readonly graph?: GraphOutput;
    readonly selection?: SelectionOutput;
}

export class Model {
    constructor(readonly name: string, readonly layers: readonly Layer[], readonly inDim: number, readonly parts?: SampleParts) { }

    get outDim(): number { return this.layers[this.layers.length - 1]?.outDim ?? this.inDim; }
    /** The output lies in the Poincaré ball. */
    get hyperbolic(): boolean { return this.layers[this.layers.length - 1]?.hyperbolic === true; }
    get autoencoder(): AutoencoderLayer | undefined {
        const last = this.layers[this.layers.length - 1];
        return isAutoencoder(last) ? last : undefined;
    }
    /** Trained on all its samples at once, in their order (the parts index the samples). */
    get transductive(): boolean { return this.parts !== undefined; }
    get variables(): tf.Variable[] {
        return [...this.layers.flatMap(l => [...l.variables]), ...this.partVariables];
    }
    /** The learned matrices over the samples (graph, selection). */
    private get partVariables(): tf.Variable[] {
        return [...(this.parts?.graph?.variables ?? []), ...(this.parts?.selection?.variables ?? [])];
    }
    /** The variables a stage trains: the sample parts only when the stage uses them. */
    variablesFor(useParts: boolean): tf.Variable[] {
        return useParts ? this.variables : this.layers.flatMap(l => [...l.variables]);
    }
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

    /**
     * A training forward pass: the output, and for an auto-encoder its reconstruction, through the sample parts
     * when `useParts` (ALLG: X̄ = dec(Q^T S_out), S_out from the graph over Z; DUAL: X̄ = dec(Z), Z ≈ Q^T Z).
     */
    forward(x: tf.Tensor2D, forward: Forward, useParts: boolean): ForwardResult {
        const { output, features } = this.applyWithFeatures(x, forward);
        const ae = this.autoencoder;
        if (!ae) return { output, features, input: x };
        if (!useParts || !this.parts) return { output, features, input: x, reconstruction: ae.decode(output, forward) };
        if (x.shape[0] !== this.parts.samples) {
            throw new Error(`model \`${this.name}\`: its graph and selection are over ${this.parts.samples} samples, the batch has ${x.shape[0]}`);
        }
        const graph = this.parts.graph?.apply(output);
        const mixed = graph?.out ?? output;
        const selection = this.parts.selection?.apply(mixed);
        const decoded = ae.kind === 'dual' ? output : selection?.output ?? mixed;
        return {
            output, features, input: x, reconstruction: ae.decode(decoded, forward),
            ...(graph ? { graph } : {}), ...(selection ? { selection } : {}),
        };
    }

    /** Row-wise output for a whole input at inference (no gradient), returned as a kept tensor. */
    predict(x: tf.Tensor2D, offsets?: readonly number[]): tf.Tensor2D {
        return tf.tidy(() => this.apply(x, { training: false, offsets, after: [] }));
    }

    snapshot(): tf.Tensor[] { return this.variablesAndState().map(v => tf.clone(v)); }
    restore(values: readonly tf.Tensor[]): void {
        const vars = this.variablesAndState();
        if (vars.length !== values.length) throw new Error(`snapshot of ${values.length} tensors for ${vars.length} variables`);
        vars.forEach((v, i) => v.assign(values[i]!));
    }

    private variablesAndState(): tf.Variable[] {
        return [...this.layers.flatMap(l => [...l.variables, ...l.state]), ...this.partVariables];
    }

    dispose(): void {
        for (const l of this.layers) for (const v of [...l.variables, ...l.state]) v.dispose();
        this.parts?.graph?.dispose();
        this.parts?.selection?.dispose();
    }
}

/** The training samples a model with sample parts is built over. */
export interface TrainingSamples {
    readonly x: Float32Array;
    readonly rows: number;
    readonly dim: number;
}

/**
 * Builds a model for rows of width `inDim`; layer l draws its initial weights from `random.fork(l)`. A model
 * whose block attaches parts over the samples (`graph:`, `selection:`; DUAL's block) needs its training samples.
 */
export async function buildModel(plan: ModelPlan, inDim: number, random: Random, samples?: TrainingSamples): Promise<Model> {
    const layers: Layer[] = [];
    let width = inDim;
    for (const [l, call] of plan.layers.entries()) {
        const spec = registry.find(call.call, ['layer', 'encoder']);
        if (!spec) throw new PlanError(`model \`${plan.name}\`: unknown layer '${call.call}'`);
        const factory = await buildComponent(spec) as LayerFactory;
        const layer = await factory(call, { inDim: width, random: random.fork(l), prefix: `${plan.name}_${l}_` });
        layers.push(layer);
        width = layer.outDim;
    }
    const last = layers[layers.length - 1];
    const attached = Object.keys(plan.parts);
    const dual = last?.kind === 'dual';
    if (attached.length === 0 && !dual) return new Model(plan.name, layers, inDim);
    if (!isAutoencoder(last)) {
        throw new PlanError(`model \`${plan.name}\` attaches ${attached.map(p => `\`${p}\``).join(' and ')}; these work on an auto-encoder's latents: define it as \`autoencoder(encoder: ..., decoder: mirror)\``);
    }
    if (!samples) {
        throw new PlanError(`model \`${plan.name}\` learns ${dual ? 'a selection block' : 'parts'} over its training samples, so it must be trained by this spec (\`train ${plan.name} on ...\`)`);
    }
    const prefix = `${plan.name}_parts_`;
    let graph: LearnableGraph | undefined, selection: SelectionHead | undefined;
    try {
        const graphCall = plan.parts['graph'];
        if (graphCall !== undefined) graph = LearnableGraph.over(asCall(graphCall), samples, prefix);
        const selectionCall = plan.parts['selection'];
        if (dual) selection = new DualSelection(last.clusters ?? 5, samples.rows, random.fork('selection'), prefix);
        else if (selectionCall !== undefined) selection = new SelfSelection(asCall(selectionCall), samples.rows, random.fork('selection'), prefix);
    } catch (error) {
        graph?.dispose();
        throw error;
    }
    return new Model(plan.name, layers, inDim, { samples: samples.rows, ...(graph ? { graph } : {}), ...(selection ? { selection } : {}) });
}

function asCall(value: PlanValue): PlanCall {
    if (isCall(value)) return value;
    if (typeof value === 'string') return { call: value, args: {} };
    throw new PlanError(`expected a component, got ${JSON.stringify(value)}`);
}
