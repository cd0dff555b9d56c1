import { needsLayer } from '../checks.js';
import { param, positive, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const dualLoss: ComponentSpec = {
    name: 'dualLoss',
    kind: 'objective',
    summary: 'DUAL\'s objective: reconstruction + self-expression of the latents + approximation of cluster centres, ℓ2,1-sparse.',
    doc: 'For a `dual(...)` model with latents Z (one column per sample): the auto-encoder\'s reconstruction; Q expresses '
        + 'every latent by the others; P expresses the K k-means centres C of the latents. The ℓ2,1 norms (sums of row '
        + 'norms) make Q and P row-sparse, so few samples carry both the data and its cluster structure.',
    formula: 'L = ‖X − X̄‖²_F + α(‖Z − Z Q‖²_F + λ‖Q‖₂,₁) + β(‖C − Z P‖²_F + λ‖P‖₂,₁),   ‖Q‖₂,₁ = Σ_i ‖q_i‖₂',
    paper: papers.dual,
    params: [
        param('lambda', t.float(), 'λ: weight of the ℓ2,1 sparsity norms.', { default: 1, range: positive }),
        param('alpha', t.float(), 'α: weight of the self-expression term.', { default: 1, range: positive }),
        param('beta', t.float(), 'β: weight of the cluster-centre term.', { default: 1, range: positive }),
    ],
    check: needsLayer('dualLoss', ['dual'], 'trains DUAL\'s selection block', 'define the model as `dual(encoder: ..., clusters: 5)`'),
};
