import { needsData } from '../checks.js';
import { param, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const maskedResidue: ComponentSpec = {
    name: 'maskedResidue',
    kind: 'objective',
    summary: 'Self-supervised masked-residue prediction (BERT-style), for pre-training protein encoders without labels.',
    doc: 'A fraction `rate` of the residues of every sequence is chosen; of those, 80 % are replaced by a mask token, '
        + '10 % by a random residue and 10 % kept. A linear head on the encoder\'s residue states predicts the original '
        + 'residues; labels are not used. This is how protein language models such as ProtT5 and ESM learn the '
        + 'representations the transfer-learning paper classifies.',
    formula: 'L = −(1/|M|) Σ_{i ∈ M} log p_θ(x_i | x̃),   x̃ = x with the positions M masked,  |M| ≈ rate·L',
    paper: papers.proteinTransfer,
    params: [
        param('rate', t.fraction(), 'Fraction of residues chosen for prediction.', { default: 0.15, range: { min: 0, max: 1, minExclusive: true, maxExclusive: true } }),
    ],
    check: needsData('maskedResidue',
        data => data.sample.kind === 'unknown' || (data.sample.kind === 'tokens' && data.sample.alphabet === 'protein'),
        'predicts masked residues of protein sequences', 'train on a `fasta(...)` or `stockholm(...)` dataset'),
};
