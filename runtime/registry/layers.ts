// Model building blocks, chained with `then`: `mlp(out: 2) then poincare(scale: learned)`.
import { atLeastOne, dimOf, describeDataType, listOfNumbers, numberArg, param, t } from './params.js';
import { papers } from './papers.js';
import type { ComponentSpec, DataType } from './types.js';

/** The feature dimension a dense layer can take, or an error naming the fix. */
function denseInput(input: DataType, layer: string): number | undefined | { error: string } {
    switch (input.kind) {
        case 'vector': case 'point': case 'poincare': return input.dim;
        case 'hash': return input.bits;
        case 'unknown': return undefined;
        default:
            return { error: `\`${layer}\` takes vectors but receives ${describeDataType(input)}: `
                + `put a sequence encoder (\`sequenceEncoder(...)\` or \`proteinEncoder(...)\`) before it` };
    }
}

export const mlp: ComponentSpec = {
    name: 'mlp',
    kind: 'layer',
    summary: 'Multi-layer perceptron: dense layers with an activation (and optional batch norm).',
    doc: 'A stack of dense layers. Each hidden layer computes `h ← act(BN(W h + b))`; the last layer is linear '
        + 'with `out` units (or ends at the last hidden size when `out` is left out). Applied per sample '
        + '(per point for point sets).',
    formula: 'h_{l+1} = act(BN(W_l h_l + b_l)),  y = W_L h_L + b_L',
    paper: papers.hyphc,
    params: [
        param('hidden', t.list(t.int()), 'Units of each hidden layer.', { default: [64, 64] }),
        param('out', t.int(), 'Units of the output layer; when left out the MLP ends at its last hidden layer.', { range: atLeastOne }),
        param('activation', t.component('activation'), 'Activation after each hidden layer.', { default: 'relu' }),
        param('batchNorm', t.bool(), 'Batch normalisation after each hidden layer.', { default: false }),
        param('dropout', t.fraction(), 'Dropout rate after each hidden layer.', { default: 0, range: { min: 0, max: 1, maxExclusive: true } }),
    ],
    shape(input, args) {
        const inDim = denseInput(input, 'mlp');
        if (inDim && typeof inDim === 'object') return inDim;
        const hidden = listOfNumbers(args, 'hidden') ?? [64, 64];
        const out = numberArg(args, 'out') ?? hidden[hidden.length - 1];
        return input.kind === 'point' ? { kind: 'point', dim: out ?? input.dim } : { kind: 'vector', dim: out };
    },
};

export const poincare: ComponentSpec = {
    name: 'poincare',
    kind: 'layer',
    summary: 'Projects embeddings into the Poincaré ball, all at one (learned) radius.',
    doc: 'Rescales every embedding to the same norm `r` inside the unit ball (the Poincaré model of hyperbolic space). '
        + 'With `scale: learned`, `r = σ(s)·(1 − ε)` is trained with the rest of the model; the hyperbolic distance '
        + 'of a point from the origin is `d_o(x) = 2 artanh ‖x‖`.',
    formula: 'x ↦ r · x / ‖x‖,   d_o(x) = 2 artanh‖x‖',
    paper: papers.hyphc,
    params: [
        param('scale', t.union(t.enum('learned'), t.float()), 'Radius of the embeddings: `learned`, or a fixed radius in (0, 1).', { default: 'learned', range: { min: 0, max: 1, minExclusive: true, maxExclusive: true } }),
        param('maxNorm', t.float(), 'Largest norm allowed, to keep artanh finite.', { default: 0.999, range: { min: 0, max: 1, minExclusive: true, maxExclusive: true } }),
    ],
    shape(input) {
        const dim = dimOf(input);
        if (input.kind !== 'vector' && input.kind !== 'point' && input.kind !== 'unknown') {
            return { error: `\`poincare\` projects vectors but receives ${describeDataType(input)}` };
        }
        return { kind: 'poincare', dim };
    },
};

export const layers: readonly ComponentSpec[] = [mlp, poincare];
export { denseInput };
