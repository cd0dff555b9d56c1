// Model building blocks, chained with `then`: `mlp(out: 2) then poincare(scale: learned)`, and the fixed
// feature encoders (kind 'encoder') that stand beside trained models as baselines.
import { atLeastOne, callsIn, dimOf, describeDataType, listOfNumbers, nameOf, numberArg, param, t } from './params.js';
import { papers } from './papers.js';
import { DEFAULT_HIDDEN, FIELD_ARGUMENTS } from './rnn.js';
import type { ArgValue, ArgValues, ComponentSpec, DataType, ShapeContext } from './types.js';

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

/** A dense layer's output: per point for point sets, a vector otherwise. */
function denseOutput(input: DataType, out: number | undefined): DataType {
    return input.kind === 'point' ? { kind: 'point', dim: out ?? input.dim } : { kind: 'vector', dim: out };
}

/** The shape a nested layer argument (`encoder: mlp(...)`) produces from `input`. */
function nestedShape(value: ArgValue | undefined, input: DataType, ctx: ShapeContext): DataType | { readonly error: string } {
    const [call] = callsIn(value);
    const layer = call && layers.find(l => l.name === call.name);
    return layer?.shape ? layer.shape(input, call.args, ctx) : { kind: 'unknown' };
}

const isError = (shape: DataType | { readonly error: string }): shape is { readonly error: string } => 'error' in shape;

// ---- Dense layers -----------------------------------------------------------------------------------

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
        return denseOutput(input, numberArg(args, 'out') ?? hidden[hidden.length - 1]);
    },
};

export const linear: ComponentSpec = {
    name: 'linear',
    kind: 'layer',
    summary: 'One dense layer without activation.',
    doc: 'An affine map to `out` units, applied per sample (per point for point sets). Use it as a head on a frozen '
        + 'encoder (`frozen(pretrained) then linear(out: 21)`) or as a projection.',
    formula: 'y = W x + b',
    params: [
        param('out', t.int(), 'Output units.', { required: true, range: atLeastOne, unit: 'units' }),
        param('bias', t.bool(), 'Add a learned bias b.', { default: true }),
    ],
    positional: ['out'],
    shape(input, args) {
        const inDim = denseInput(input, 'linear');
        if (inDim && typeof inDim === 'object') return inDim;
        return denseOutput(input, numberArg(args, 'out'));
    },
};

export const normalize: ComponentSpec = {
    name: 'normalize',
    kind: 'layer',
    summary: 'Scales every embedding to unit Euclidean length.',
    doc: 'Divides each embedding by its ℓ2 norm, so distances between embeddings depend on angles only '
        + '(CoLES compares L2-normalised embeddings).',
    formula: 'x ↦ x / max(‖x‖₂, ε)',
    params: [],
    shape(input) {
        const inDim = denseInput(input, 'normalize');
        if (inDim && typeof inDim === 'object') return inDim;
        return input.kind === 'point' ? input : { kind: 'vector', dim: dimOf(input) };
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

export const dgcnn: ComponentSpec = {
    name: 'dgcnn',
    kind: 'layer',
    summary: 'Dynamic graph CNN: EdgeConv layers on a k-NN graph of each point set, recomputed per layer.',
    doc: 'Each EdgeConv layer links every point to its `k` nearest neighbours in the current feature space (so the '
        + 'graph changes from layer to layer) and aggregates edge features with a max. Needs point-set data: the '
        + 'neighbours are the other points of the same set. The hyperbolic clustering paper uses 3 layers of 64 '
        + 'units (k = 30 in the authors\' code); it does worse than an MLP there.',
    formula: 'x′_i = max_{j ∈ kNN(i)} act(BN(Θ · [x_i, x_j − x_i]))',
    paper: papers.dgcnn,
    params: [
        param('k', t.int(), 'Neighbours per point in each layer\'s graph.', { default: 30, range: atLeastOne, unit: 'neighbours' }),
        param('layers', t.int(), 'EdgeConv layers.', { default: 3, range: atLeastOne }),
        param('hidden', t.int(), 'Units of each EdgeConv layer.', { default: 64, range: atLeastOne, unit: 'units' }),
        param('out', t.int(), 'Units of a final per-point linear layer; ends at `hidden` when left out.', { range: atLeastOne }),
        param('activation', t.component('activation'), 'Activation inside each EdgeConv.', { default: 'leakyRelu' }),
        param('batchNorm', t.bool(), 'Batch normalisation inside each EdgeConv.', { default: true }),
    ],
    shape(input, args) {
        if (input.kind !== 'point' && input.kind !== 'unknown') {
            return { error: `\`dgcnn\` builds a k-NN graph between the points of each point set, but receives ${describeDataType(input)}: `
                + 'use it on a `pointSets(...)` dataset, or use `mlp(...)` for independent samples' };
        }
        return { kind: 'point', dim: numberArg(args, 'out') ?? numberArg(args, 'hidden') ?? 64 };
    },
};

export const hashLayer: ComponentSpec = {
    name: 'hashLayer',
    kind: 'layer',
    summary: 'Dense tanh layer whose output u ∈ (−1, 1)^bits is a relaxed binary hash code; sgn(u) is the code.',
    doc: 'The last layer of a deep hashing network (DAH): `u = tanh(W h + b)` during training, and the binary code '
        + '`b = sgn(u)` for retrieval by Hamming distance. Pair it with `pairwiseHash(...)`, whose quantisation term '
        + 'pulls u towards ±1.',
    formula: 'u = tanh(W h + b) ∈ (−1, 1)^d,   b = sgn(u) ∈ {−1, 1}^d',
    paper: papers.dah,
    params: [
        param('bits', t.int(), 'Code length d (DAH: 16, 64, 128); a list sweeps it.', { default: 64, range: atLeastOne, unit: 'bits', sweepable: true }),
    ],
    positional: ['bits'],
    shape(input, args) {
        const inDim = denseInput(input, 'hashLayer');
        if (inDim && typeof inDim === 'object') return inDim;
        return { kind: 'hash', bits: numberArg(args, 'bits') ?? 64 };
    },
};

// ---- Composite models -------------------------------------------------------------------------------

const encoderParam = param('encoder', t.component('layer'), 'The encoder, e.g. `mlp(hidden: [512, 256], out: 64)`; its output is the latent space.', { required: true });

export const autoencoder: ComponentSpec = {
    name: 'autoencoder',
    kind: 'layer',
    summary: 'Encoder + decoder trained to reconstruct the input; the latent space is the model\'s output.',
    doc: 'The output of the model is the encoder\'s latent Z; the decoder maps back to the input space and is trained '
        + 'by `reconstruction()`. `decoder: mirror` builds the encoder\'s layers in reverse order. The block may attach '
        + 'ALLG\'s parts: a `graph:` (`learnableGraph(...)`) that mixes latents along learned adjacencies, and a '
        + '`selection:` head (`selfSelection()`) whose coefficients rank samples for active learning; the decoder then '
        + 'reconstructs from their output.',
    formula: 'Z = enc(X),  X̄ = dec(Z)   (with ALLG parts: X̄ = dec(S_out Q))',
    paper: papers.allg,
    params: [
        encoderParam,
        param('decoder', t.union(t.enum('mirror'), t.component('layer')), '`mirror` (the encoder reversed) or a layer mapping the latent space back to the input.', { default: 'mirror' }),
    ],
    block: [
        param('graph', t.component('graph'), 'A learned graph over the samples\' latents: `learnableGraph(prior: knn(k: 10), layers: 2)`.'),
        param('selection', t.component('head'), 'A selection head that ranks samples: `selfSelection()`.'),
    ],
    parts: ['encoder', 'decoder'],
    shape(input, args, ctx) {
        const latent = nestedShape(args['encoder'], input, ctx);
        if (isError(latent)) return latent;
        const decoder = args['decoder'];
        if (decoder !== undefined && nameOf(decoder) !== 'mirror') {
            const back = nestedShape(decoder, latent, ctx);
            if (isError(back)) return back;
            const want = dimOf(input), got = dimOf(back);
            if (want !== undefined && got !== undefined && want !== got) {
                return { error: `the decoder of \`autoencoder\` ends in ${describeDataType(back)} but the input is ${describeDataType(input)}: `
                    + `give the decoder \`out: ${want}\`, or use \`decoder: mirror\`` };
            }
        }
        return latent;
    },
};

export const dual: ComponentSpec = {
    name: 'dual',
    kind: 'layer',
    summary: 'DUAL (Li et al. 2020): auto-encoder with a self-expression selection block; the ALLG paper\'s main baseline.',
    doc: 'An auto-encoder (decoder mirrors `encoder`) whose selection block has two fully connected branches without '
        + 'bias: Q (n×n) reconstructs every latent from the others, P (n×K) approximates the K = `clusters` k-means '
        + 'centres of the latents; ℓ2,1 norms make both row-sparse. A sample\'s score is the norm of its coefficients; '
        + 'train with `dualLoss(...)` and select with `model.selection`.',
    formula: 'Z = enc(X),  Z ≈ Z Q,  C ≈ Z P,  score_i = ‖(q_i, p_i)‖₂',
    paper: papers.dual,
    params: [
        encoderParam,
        param('clusters', t.int(), 'K: the number of k-means centres of the latents the selection must also reconstruct.', { default: 5, range: atLeastOne }),
    ],
    parts: ['selection', 'encoder'],
    shape(input, args, ctx) {
        return nestedShape(args['encoder'], input, ctx);
    },
};

// ---- Sequence encoders ------------------------------------------------------------------------------

/** The (field, value) entries of a field encoding: its collecting record, or its arguments themselves. */
function encodedFields(args: ArgValues): [string, ArgValue][] {
    const record = args[FIELD_ARGUMENTS];
    return Object.entries(record && typeof record === 'object' && record.kind === 'record' ? record.entries : args);
}

/** Units a field takes when `fields` is left out: 16 per category, 1 per number. */
const DEFAULT_CATEGORY_DIMS = 16;

/** Checks `embed(...) + scale(...)` against the event fields; returns the width of one encoded event. */
function fieldWidth(value: ArgValue | undefined, fields: Readonly<Record<string, string>>): number | undefined | { error: string } {
    if (value === undefined) {
        return Object.values(fields).reduce((sum, type) => sum + (type === 'category' ? DEFAULT_CATEGORY_DIMS : 1), 0) || undefined;
    }
    const known = Object.entries(fields).map(([f, type]) => `${f}: ${type}`).join(', ');
    let width: number | undefined = 0;
    for (const { name, args } of callsIn(value)) {
        if (name !== 'embed' && name !== 'scale') continue;
        for (const [field, entry] of encodedFields(args)) {
            const type = fields[field];
            if (type === undefined) {
                return { error: `\`${name}\` names \`${field}\`, which is not a field of the events {${known}}: declare it in the dataset's \`fields:\`` };
            }
            if (name === 'embed' && type !== 'category') {
                return { error: `\`embed\` learns a vector per code, but \`${field}\` is ${type === 'amount' ? 'an' : 'a'} ${type} field: use \`scale(${field}: signedLog)\`` };
            }
            if (name === 'scale' && type === 'category') {
                return { error: `\`scale\` takes numbers, but \`${field}\` is a category field: use \`embed(${field}: ${DEFAULT_CATEGORY_DIMS})\`` };
            }
            const size = name === 'scale' ? 1 : entry;
            width = width !== undefined && typeof size === 'number' ? width + size : undefined;
        }
    }
    return width || undefined;
}

/** The embedding width a sequence body gives: its hidden size, or the input width for a transformer. */
function bodyWidth(body: ArgValue | undefined, fallback: string, inputWidth: number | undefined): number | undefined {
    const [call] = callsIn(body);
    if ((call?.name ?? fallback) === 'transformer') return inputWidth;
    return (call && numberArg(call.args, 'hidden')) ?? DEFAULT_HIDDEN;
}

export const sequenceEncoder: ComponentSpec = {
    name: 'sequenceEncoder',
    kind: 'layer',
    summary: 'Event-sequence encoder (CoLES): per-field encodings, concatenated, then a recurrent body.',
    doc: 'Each event becomes one vector: categorical fields through learned embeddings (`embed`), numeric fields as '
        + 'scaled values (`scale`), concatenated. The sequence of event vectors, in time order, goes through the `rnn`; '
        + 'its last hidden state (or a pooling over states) is the embedding of the entity. When `fields` is left out, '
        + `every category field is embedded with ${DEFAULT_CATEGORY_DIMS} dimensions and every numeric field enters as \`signedLog\`.`,
    formula: 'e_t = [E_f(x_{t,f})]_f ⊕ [s_f(x_{t,f})]_f,   h_t = RNN(e_t, h_{t−1}),   z = h_T',
    paper: papers.colesOriginal,
    params: [
        param('fields', t.component('fieldEncoding'), 'How event fields enter: `embed(mcc_code: 48) + scale(amount: signedLog)`.'),
        param('rnn', t.component('rnn'), 'The sequence body: `gru(hidden: 256)`, `lstm(...)` or `transformer(...)`.', { default: 'gru' }),
        param('pooling', t.enum('last', 'mean', 'max'), 'How the states become one embedding: the last state (CoLES), or a mean or max over time.', { default: 'last' }),
        param('time', t.enum('none', 'delta', 'calendar'), 'Time features added to every event: none (order only, as CoLES), the gap since the previous event, or hour-of-day and day-of-week.', { default: 'none' }),
    ],
    parts: ['rnn'],
    shape(input, args) {
        if (input.kind === 'unknown') return { kind: 'vector', dim: bodyWidth(args['rnn'], 'gru', undefined) };
        if (input.kind !== 'events') {
            return { error: `\`sequenceEncoder\` reads event sequences, but receives ${describeDataType(input)}: use it on an \`events(...)\` dataset` };
        }
        const width = fieldWidth(args['fields'], input.fields);
        if (width && typeof width === 'object') return width;
        return { kind: 'vector', dim: bodyWidth(args['rnn'], 'gru', width) };
    },
};

export const proteinEncoder: ComponentSpec = {
    name: 'proteinEncoder',
    kind: 'layer',
    summary: 'Protein language-model encoder: residue embeddings, a stack of sequence blocks, pooled to one vector.',
    doc: 'Embeds each residue (20 amino acids, `X` for others, plus a mask token) in `embed` dimensions with learned '
        + 'positions, applies `layers` blocks of `kind` (a transformer by default; a GRU or LSTM also fits) and pools '
        + 'the residue states into the per-protein embedding. Pre-train it self-supervised (`maskedResidue(...)`) and '
        + 'use it `frozen(...)` under classifiers, as the transfer-learning paper does with ProtT5.',
    formula: 'h⁰_i = E[x_i] + P_i,   hˡ = block(hˡ⁻¹),   z = pool_i h^L_i',
    paper: papers.proteinTransfer,
    params: [
        param('embed', t.int(), 'Width of residue embeddings (and of a transformer\'s states).', { default: 64, range: atLeastOne, unit: 'units' }),
        param('layers', t.int(), 'Stacked blocks.', { default: 4, range: atLeastOne }),
        param('kind', t.component('rnn'), 'The block: `transformer(heads: 4)`, `gru(...)` or `lstm(...)`.', { default: 'transformer' }),
        param('pooling', t.enum('mean', 'max', 'first'), 'How residue states become one vector.', { default: 'mean' }),
        param('maxLength', t.int(), 'Longer sequences are cropped (a random window in training, the start in evaluation).', { default: 1000, range: atLeastOne, unit: 'residues' }),
    ],
    shape(input, args) {
        if (input.kind !== 'tokens' && input.kind !== 'unknown') {
            return { error: `\`proteinEncoder\` reads protein sequences, but receives ${describeDataType(input)}: use it on a \`fasta(...)\` or \`stockholm(...)\` dataset` };
        }
        return { kind: 'vector', dim: bodyWidth(args['kind'], 'transformer', numberArg(args, 'embed') ?? 64) };
    },
};

// ---- Other models as layers -------------------------------------------------------------------------

/** Shape of a layer that stands for another model of the spec: its output, if the input fits. */
function asModel(component: string): NonNullable<ComponentSpec['shape']> {
    return (input, args, ctx) => {
        const name = nameOf(args['model']);
        const model = name === undefined ? undefined : ctx.modelOf(name);
        if (!model) return { kind: 'unknown' };   // unknown references are the validator's to report
        if (input.kind !== 'unknown' && model.input.kind !== 'unknown' && input.kind !== model.input.kind) {
            return { error: `\`${component}(${name})\` takes ${describeDataType(model.input)} (the input of \`${name}\`) `
                + `but receives ${describeDataType(input)}: apply it to data of the kind \`${name}\` was built for` };
        }
        return model.output;
    };
}

const modelParam = param('model', t.ref('model'), 'The model whose architecture (or weights) this stands for.', { required: true });

export const untrained: ComponentSpec = {
    name: 'untrained',
    kind: 'layer',
    summary: 'A fresh copy of a model\'s architecture, newly initialised (the random-encoder baseline).',
    doc: 'Same layers and sizes as `model`, with weights drawn anew from this declaration\'s seed. Used as it is, it is '
        + 'CoLES\' random-encoder baseline (`model randomEncoder = untrained(coles)`); trained by its own `train`, it is '
        + 'an ablation such as DAH\'s NoDA (`untrained(hashNet)` trained on the source domain only).',
    params: [modelParam],
    positional: ['model'],
    shape: asModel('untrained'),
};

export const frozen: ComponentSpec = {
    name: 'frozen',
    kind: 'layer',
    summary: 'A trained model\'s weights, kept fixed: a pre-trained encoder for transfer learning.',
    doc: 'Runs `model` with the weights its `train` produced; no later training updates them. Under classifiers '
        + '(`encoders: [frozen(pretrained)]`) it gives embeddings; in a chain (`frozen(pretrained) then linear(out: 21)`) '
        + 'only the layers after it are trained.',
    paper: papers.proteinTransfer,
    params: [modelParam],
    positional: ['model'],
    shape: asModel('frozen'),
};

export const layers: readonly ComponentSpec[] = [
    mlp, linear, normalize, poincare, dgcnn, hashLayer, autoencoder, dual, sequenceEncoder, proteinEncoder, untrained, frozen,
];

// ---- Fixed feature encoders (baselines) --------------------------------------------------------------

/** Alphabet sizes: residues one-hot codes (with one for "other"), and the letters k-mers count. */
const ONE_HOT_WIDTH = { protein: 21, dna: 5 } as const;
const KMER_LETTERS = { protein: 20, dna: 4 } as const;

function tokensInput(input: DataType, encoder: string): { alphabet?: 'protein' | 'dna' | 'text' } | { error: string } {
    if (input.kind === 'tokens') return { alphabet: input.alphabet };
    if (input.kind === 'unknown') return {};
    return { error: `\`${encoder}\` encodes sequences of residues, but receives ${describeDataType(input)}: use it on a \`fasta(...)\` or \`stockholm(...)\` dataset` };
}

const NUMERIC_STATS = ['sum', 'mean', 'std', 'min', 'max', 'median'];

export const aggregateFeatures: ComponentSpec = {
    name: 'aggregateFeatures',
    kind: 'encoder',
    summary: 'Per-entity aggregates of event fields (counts of each code, sum/mean/std of amounts): CoLES\' strong baseline.',
    doc: 'Ignores order: for every entity, the number of events, one-hot counts of each code of every category field '
        + '(`categories: count`, or `fraction` of the events), and the `numeric` statistics of every numeric field. '
        + 'Usable as a model (`model aggregate = aggregateFeatures(of: tx)`) or directly in `encoders:`. In the CoLES '
        + 'replication it beats the contrastive encoder on transactions (ROC-AUC 0.800 vs 0.758).',
    formula: 'z = [ n,  (Σ_t 1[x_{t,f} = c])_{f,c},  (stat_t x_{t,g})_{g, stat} ]',
    paper: papers.coles,
    params: [
        param('of', t.ref('dataset'), 'The event dataset whose fields are aggregated; the data it is applied to when left out.'),
        param('categories', t.enum('count', 'fraction', 'none'), 'Per-code features of category fields.', { default: 'count' }),
        param('numeric', t.list(t.enum(...NUMERIC_STATS)), 'Statistics of each numeric field.', { default: ['sum', 'mean', 'std'] }),
    ],
    shape(input, args, ctx) {
        const of = nameOf(args['of']);
        const sample = input.kind === 'unknown' && of ? ctx.schemaOf(of)?.sample ?? input : input;
        if (sample.kind === 'unknown') return { kind: 'vector' };
        if (sample.kind !== 'events') {
            return { error: `\`aggregateFeatures\` aggregates event fields, but receives ${describeDataType(sample)}: use it on an \`events(...)\` dataset` };
        }
        const types = Object.values(sample.fields);
        const stats = args['numeric'] !== undefined && typeof args['numeric'] === 'object' && args['numeric'].kind === 'list'
            ? args['numeric'].items.length : 3;
        const perCode = types.includes('category') && nameOf(args['categories']) !== 'none';
        return { kind: 'vector', dim: perCode ? undefined : 1 + stats * types.filter(type => type !== 'category').length };
    },
};

export const oneHotSequence: ComponentSpec = {
    name: 'oneHotSequence',
    kind: 'encoder',
    summary: 'Residues one-hot coded and padded/cropped to a fixed length: the no-transfer baseline input.',
    doc: 'Each of the first `length` residues becomes an indicator vector over the alphabet (20 amino acids + other; '
        + 'ACGT + other for DNA); shorter sequences are padded with zeros. The flattened matrix is the feature vector.',
    formula: 'z = vec([1[x_i = a]]_{i ≤ L, a ∈ Σ})',
    paper: papers.proteinTransfer,
    params: [
        param('length', t.int(), 'Residues kept: longer sequences are cropped, shorter ones zero-padded.', { default: 1000, range: atLeastOne, unit: 'residues' }),
    ],
    positional: ['length'],
    shape(input, args) {
        const tokens = tokensInput(input, 'oneHotSequence');
        if ('error' in tokens) return tokens;
        const width = tokens.alphabet === 'protein' || tokens.alphabet === 'dna' ? ONE_HOT_WIDTH[tokens.alphabet] : undefined;
        return { kind: 'vector', dim: width && width * (numberArg(args, 'length') ?? 1000) };
    },
};

export const kmer: ComponentSpec = {
    name: 'kmer',
    kind: 'encoder',
    summary: 'k-mer composition: how often each word of k residues occurs (20^k features for proteins).',
    doc: 'Counts every overlapping window of `k` residues (windows with non-standard residues are skipped); with '
        + '`normalize` the counts are divided by the number of windows. A classic alignment-free baseline.',
    formula: 'z_w = #{i : x_{i..i+k−1} = w} / (L − k + 1),   w ∈ Σ^k',
    paper: papers.proteinTransfer,
    params: [
        param('k', t.int(), 'Word length.', { default: 3, range: { min: 1, max: 6 }, unit: 'residues' }),
        param('normalize', t.bool(), 'Divide counts by the number of windows (frequencies rather than counts).', { default: true }),
    ],
    positional: ['k'],
    shape(input, args) {
        const tokens = tokensInput(input, 'kmer');
        if ('error' in tokens) return tokens;
        const letters = tokens.alphabet === 'protein' || tokens.alphabet === 'dna' ? KMER_LETTERS[tokens.alphabet] : undefined;
        return { kind: 'vector', dim: letters && letters ** (numberArg(args, 'k') ?? 3) };
    },
};

export const encoders: readonly ComponentSpec[] = [aggregateFeatures, oneHotSequence, kmer];
