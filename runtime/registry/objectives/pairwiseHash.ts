import { checks, needsLabels, needsOutput } from '../checks.js';
import { nonNegative, param, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const pairwiseHash: ComponentSpec = {
    name: 'pairwiseHash',
    kind: 'objective',
    summary: 'DAH\'s supervised hash loss on labelled samples: pairwise likelihood of codes + quantisation to ±1 (eq. 5).',
    doc: 'For pairs of labelled (source) samples with s_ij = 1 when they share a class and 0 otherwise, the first term is '
        + 'the negative log-likelihood of s_ij under σ(u_iᵀu_j); the second pulls every relaxed code u_i towards the binary '
        + 'code sgn(u_i) (sgn held constant in the gradient). Its gradient is eq. 15 of the DAH supplement.',
    formula: 'L = −Σ_{s_ij ∈ S} (s_ij u_iᵀu_j − log(1 + exp(u_iᵀu_j))) + q·Σ_i ‖u_i − sgn(u_i)‖²₂',
    paper: papers.dah,
    params: [
        param('quantization', t.float(), 'q: weight of the quantisation term (1 in DAH).', { default: 1, range: nonNegative }),
    ],
    check: checks(
        needsOutput('pairwiseHash', 'hash', 'learns hash codes', 'end the model with `then hashLayer(bits: 64)`'),
        needsLabels('pairwiseHash', 'learns which pairs share a class from labels'),
    ),
};
