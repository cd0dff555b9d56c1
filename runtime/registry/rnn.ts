// The insides of sequence encoders: the sequence body (kind 'rnn': GRU, LSTM, or a transformer stack),
// and how event fields enter it (kind 'fieldEncoding', summed with `+`).
//
// The transformer is of kind 'rnn' on purpose: 'rnn' is "what turns a sequence of vectors into states"
// inside `sequenceEncoder(rnn: ...)` and `proteinEncoder(kind: ...)`, so either body fits either encoder
// (`sequenceEncoder(rnn: transformer(heads: 4))`, `proteinEncoder(kind: gru(hidden: 128))`).
import { atLeastOne, param, t } from './params.js';
import { papers } from './papers.js';
import type { ComponentSpec, ParamSpec } from './types.js';

/**
 * The name of a record parameter that collects every named argument: the language's convention for
 * components whose argument names are free (field names), `embed(mcc_code: 48, currency: 4)`.
 */
export const FIELD_ARGUMENTS = '*';

/** Hidden size of `gru` and `lstm` when not given: the size of the sequence embedding. */
export const DEFAULT_HIDDEN = 256;

const recurrentParams: readonly ParamSpec[] = [
    param('hidden', t.int(), 'Units of the hidden state; the last hidden state is the sequence embedding.', { default: DEFAULT_HIDDEN, range: atLeastOne, unit: 'units' }),
    param('layers', t.int(), 'Stacked recurrent layers.', { default: 1, range: atLeastOne }),
    param('dropout', t.fraction(), 'Dropout between stacked layers.', { default: 0, range: { min: 0, max: 1, maxExclusive: true } }),
];

export const rnns: readonly ComponentSpec[] = [
    {
        name: 'gru',
        kind: 'rnn',
        summary: 'Gated recurrent unit: the CoLES encoder\'s default sequence body.',
        doc: 'Reads the encoded events in time order and updates a hidden state with update and reset gates; the last '
            + 'hidden state is the embedding of the sequence (sizes 32 … 512 in CoLES). The gates are PyTorch\'s '
            + '(`torch.nn.GRU`, which CoLES\'s reference code uses): the reset gate scales U h + b, and z keeps the old state.',
        formula: 'r = σ(W_r x + U_r h + b_r),  z = σ(W_z x + U_z h + b_z),  n = tanh(W_n x + r ⊙ (U_n h + b_hn) + b_n),  h ← (1 − z) ⊙ n + z ⊙ h',
        paper: papers.gru,
        params: recurrentParams,
    },
    {
        name: 'lstm',
        kind: 'rnn',
        summary: 'Long short-term memory: a gated recurrent body with a separate cell state.',
        doc: 'Reads the encoded events in time order with input, forget and output gates over a cell state `c`; the last '
            + 'hidden state `h` is the embedding of the sequence.',
        formula: 'i, f, o = σ(W x + U h + b),  c ← f ⊙ c + i ⊙ tanh(W_c x + U_c h + b_c),  h = o ⊙ tanh(c)',
        paper: papers.lstm,
        params: recurrentParams,
    },
    {
        name: 'transformer',
        kind: 'rnn',
        summary: 'A transformer encoder block (multi-head self-attention + feed-forward), stacked `layers` times by its encoder.',
        doc: 'Pre-norm transformer encoder block with learned positions: every position attends to every other, so order '
            + 'enters through the positions only. Its width is the width of the embedded tokens (`proteinEncoder(embed: 64)`); '
            + 'the embedding of a sequence is pooled over positions by the enclosing encoder.',
        formula: 'h ← h + MHA(LN(h)),  h ← h + W₂ act(W₁ LN(h)),   MHA = concat_heads softmax(QKᵀ/√d_k) V',
        paper: papers.transformer,
        params: [
            param('heads', t.int(), 'Attention heads; the width must be divisible by it.', { default: 4, range: atLeastOne }),
            param('ff', t.int(), 'Width of the feed-forward layer; four times the block\'s width when left out.', { range: atLeastOne, unit: 'units' }),
            param('dropout', t.fraction(), 'Dropout on attention weights and residual branches.', { default: 0.1, range: { min: 0, max: 1, maxExclusive: true } }),
            param('activation', t.component('activation'), 'Activation of the feed-forward layer.', { default: 'gelu' }),
        ],
    },
];

export const fieldEncodings: readonly ComponentSpec[] = [
    {
        name: 'embed',
        kind: 'fieldEncoding',
        summary: 'Learned embeddings of categorical event fields: `embed(mcc_code: 48, currency: 4)`.',
        doc: 'Each named `category` field gets a learned table with one vector of the given size per code (codes seen in '
            + 'training, plus one for unseen codes). The arguments are field names; sum encodings with `+`: '
            + '`embed(mcc_code: 48) + scale(amount: signedLog)`. The vectors of all fields are concatenated per event.',
        formula: 'e(x) = E_f[x_f] ∈ ℝ^{d_f}, concatenated over fields',
        paper: papers.colesOriginal,
        params: [
            param(FIELD_ARGUMENTS, t.record(t.int(), 'field'), 'Embedding size of each categorical field, by field name: `mcc_code: 48`.', { range: atLeastOne, unit: 'units' }),
        ],
    },
    {
        name: 'scale',
        kind: 'fieldEncoding',
        summary: 'Numeric event fields as scaled values: `scale(amount: signedLog)`.',
        doc: 'Each named numeric field (`amount`, `number`, `time`) enters as one value per event after the given scaling: '
            + '`identity`, `log` (of positive values) or `signedLog`, which keeps the sign of refunds and tames heavy tails. '
            + 'Values are then standardised on the training part. The arguments are field names.',
        formula: 'identity(x) = x,  log(x) = log(1 + x),  signedLog(x) = sign(x)·log(1 + |x|)',
        paper: papers.colesOriginal,
        params: [
            param(FIELD_ARGUMENTS, t.record(t.enum('identity', 'log', 'signedLog'), 'field'), 'Scaling of each numeric field, by field name: `amount: signedLog`.'),
        ],
    },
];
