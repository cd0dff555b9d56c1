// Auto-encoders: `autoencoder(encoder, decoder)` and DUAL's `dual(encoder, clusters)`. The model's output is the
// encoder's latent; the decoder only serves the reconstruction loss. `decoder: mirror` builds the encoder's
// dense layers in reverse order, ending at the input width with no activation (the reconstruction is
// unbounded, like the standardised or one-hot input).
import type * as tf from '@tensorflow/tfjs-core';
import { Args, PlanError } from '../plan/args.js';
import { isCall, type PlanCall, type PlanValue } from '../plan/types.js';
import { buildComponent, registry } from '../registry/index.js';
import type { Forward, Layer, LayerContext } from './module.js';

/** A layer with a decoder: the trainer's reconstruction runs `decode` on (a mix of) its outputs. */
export interface AutoencoderLayer extends Layer {
    readonly kind: 'autoencoder' | 'dual';
    readonly encoder: Layer;
    readonly decoder: Layer;
    decode(latent: tf.Tensor2D, forward: Forward): tf.Tensor2D;
    /** DUAL: the number of k-means centres its selection block approximates. */
    readonly clusters?: number;
}

export function isAutoencoder(layer: Layer | undefined): layer is AutoencoderLayer {
    return layer !== undefined && (layer.kind === 'autoencoder' || layer.kind === 'dual');
}

type LayerFactory = (call: PlanCall, ctx: LayerContext) => Layer;

async function nested(value: PlanValue | undefined, ctx: LayerContext, what: string): Promise<Layer> {
    const call: PlanCall | undefined = isCall(value) ? value : typeof value === 'string' ? { call: value, args: {} } : undefined;
    if (!call) throw new PlanError(`${what} must be a layer, e.g. \`mlp(hidden: [512, 256], out: 64)\``);
    const spec = registry.find(call.call, ['layer', 'encoder']);
    if (!spec) throw new PlanError(`${what}: unknown layer '${call.call}'`);
    const factory = await buildComponent(spec) as LayerFactory;
    return factory(call, ctx);
}

/** The encoder's dense widths in reverse, back to `inDim`: `mlp(hidden: [512, 256], out: 64)` → hidden [256, 512], out inDim. */
export function mirrorOf(encoder: PlanCall, inDim: number): PlanCall {
    if (encoder.call === 'linear') return { call: 'linear', args: { out: inDim } };
    if (encoder.call !== 'mlp') {
        throw new PlanError(`\`decoder: mirror\` reverses an \`mlp\` or \`linear\` encoder, not \`${encoder.call}\`; give the decoder explicitly`);
    }
    const args = Args.of(registry.find('mlp', ['layer'])!, encoder);
    const widths = [...args.numbers('hidden'), ...(args.int('out', true) !== undefined ? [args.int('out')] : [])];
    return {
        call: 'mlp',
        args: { hidden: widths.slice(0, -1).reverse(), out: inDim, activation: args.raw('activation')!, batchNorm: args.bool('batchNorm') },
    };
}

async function encoderDecoder(call: PlanCall, ctx: LayerContext, decoderValue: PlanValue | undefined): Promise<{ encoder: Layer; decoder: Layer }> {
    const encoderCall = call.args['encoder'];
    const encoder = await nested(encoderCall, { ...ctx, random: ctx.random.fork('encoder'), prefix: `${ctx.prefix}enc_` }, `\`${call.call}\`'s encoder`);
    const mirror = decoderValue === undefined || decoderValue === 'mirror' || (isCall(decoderValue) && decoderValue.call === 'mirror');
    const decoderCall = mirror ? mirrorOf(isCall(encoderCall) ? encoderCall : { call: String(encoderCall), args: {} }, ctx.inDim) : decoderValue;
    const decoder = await nested(decoderCall, { inDim: encoder.outDim, random: ctx.random.fork('decoder'), prefix: `${ctx.prefix}dec_` }, `\`${call.call}\`'s decoder`);
    if (decoder.outDim !== ctx.inDim) {
        throw new PlanError(`the decoder of \`${call.call}\` ends in ${decoder.outDim} features but the input has ${ctx.inDim}: give the decoder \`out: ${ctx.inDim}\`, or use \`decoder: mirror\``);
    }
    return { encoder, decoder };
}

function assemble(kind: 'autoencoder' | 'dual', encoder: Layer, decoder: Layer, clusters?: number): AutoencoderLayer {
    return {
        kind, encoder, decoder, ...(clusters !== undefined ? { clusters } : {}),
        outDim: encoder.outDim,
        variables: [...encoder.variables, ...decoder.variables],
        state: [...encoder.state, ...decoder.state],
        apply: (x, forward) => encoder.apply(x, forward),
        decode: (z, forward) => decoder.apply(z, forward),
    };
}

export async function autoencoderLayer(call: PlanCall, ctx: LayerContext): Promise<AutoencoderLayer> {
    const { encoder, decoder } = await encoderDecoder(call, ctx, call.args['decoder']);
    return assemble('autoencoder', encoder, decoder);
}

/** DUAL's auto-encoder (its selection block is attached by the model, which knows the training samples). */
export async function dualLayer(call: PlanCall, ctx: LayerContext): Promise<AutoencoderLayer> {
    const args = Args.of(registry.find('dual', ['layer'])!, call);
    const { encoder, decoder } = await encoderDecoder(call, ctx, 'mirror');
    return assemble('dual', encoder, decoder, args.int('clusters'));
}
