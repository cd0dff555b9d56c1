import { needsPart } from '../checks.js';
import { param, positive, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const selfSelection: ComponentSpec = {
    name: 'selfSelection',
    kind: 'objective',
    summary: 'ALLG\'s self-selection loss: reconstruct every representation from a few, with a row-sparse Q.',
    doc: 'Q is the weight matrix of the model\'s `selection:` head. The first term asks the representations S_out to '
        + 'reconstruct themselves through Q; the ‖Q‖∞,1 norm, the sum over rows of each row\'s largest |q_ij|, makes Q '
        + 'row-sparse, so that few samples do the reconstructing: those are the queries.',
    formula: 'L_s = ‖S_out − S_out Q‖²_F + λ‖Q‖∞,1,   ‖Q‖∞,1 = Σ_i max_j |q_ij|',
    paper: papers.allg,
    params: [
        param('lambda', t.float(), 'λ: weight of the row-sparsity norm ‖Q‖∞,1.', { default: 1, range: positive }),
    ],
    logs: [
        { name: 'selfExpression', doc: '‖S_out − S_out Q‖²_F, the reconstruction through Q' },
        { name: 'supNorm', doc: '‖Q‖∞,1, the sup-norm loss of Q (the paper\'s convergence figure plots it beside the total)' },
    ],
    check: needsPart('selfSelection', 'selection', 'trains the self-selection matrix Q', 'selfSelection()'),
};
