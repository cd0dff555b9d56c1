import { checks, needsLabelledSource, needsTwoDomains } from '../checks.js';
import { atLeastOne, param, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

const does = 'classifies target samples by their similarity to labelled source samples of each class';

export const targetEntropy: ComponentSpec = {
    name: 'targetEntropy',
    kind: 'objective',
    summary: 'DAH\'s unsupervised entropy loss: target codes should be confidently close to the source codes of one class (eqs. 6–7).',
    doc: 'Each batch holds K = `perClass` labelled source samples of every class j. A target code v_i gets the class '
        + 'probabilities p_ij from its inner products with those source codes; minimising their entropy pulls target '
        + 'samples towards one class\'s source samples. argmax_j p_ij is also DAH\'s target classifier. '
        + 'Gradients: eqs. 16–32 of the DAH supplement.',
    formula: 'H = −(1/n_t) Σ_i Σ_j p_ij log p_ij,   p_ij = Σ_k exp(v_iᵀu_k^j) / Σ_l Σ_k′ exp(v_iᵀu_k′^l)',
    paper: papers.dah,
    params: [
        param('perClass', t.int(), 'K: source samples of every class in each batch.', { default: 5, range: atLeastOne, unit: 'samples per class' }),
    ],
    check: checks(needsTwoDomains('targetEntropy', does), needsLabelledSource('targetEntropy', does)),
};
