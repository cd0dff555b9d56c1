import { needsTwoDomains } from '../checks.js';
import { atLeastOne, param, positive, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const mkmmd: ComponentSpec = {
    name: 'mkmmd',
    kind: 'objective',
    summary: 'Linear-time multi-kernel MMD between source and target codes (DAH eqs. 9–11).',
    doc: 'The unbiased linear-time estimate of the squared maximum mean discrepancy (Gretton et al. 2012) over '
        + 'quad-tuples w_i = (u_{2i−1}, u_{2i}, v_{2i−1}, v_{2i}) of source codes u and target codes v of a batch, averaged '
        + 'over κ Gaussian kernels with weights β_m = 1/κ. Bandwidths are σ_m = σ·multiplier^(m − ⌈κ/2⌉), with σ the '
        + 'median squared distance of the batch unless `bandwidth` fixes it. Needs as many source as target samples per '
        + 'batch (an even number). Gradients: eqs. 12–13 of the DAH supplement.',
    formula: 'M(u, v) = 2/(nκ) Σ_m Σ_{i=1}^{n/2} [k_m(u_{2i−1}, u_{2i}) + k_m(v_{2i−1}, v_{2i}) − k_m(u_{2i−1}, v_{2i}) − k_m(u_{2i}, v_{2i−1})],   '
        + 'k_m(x, y) = exp(−‖x − y‖² / σ_m)',
    paper: papers.dah,
    params: [
        param('kernels', t.int(), 'κ: the number of Gaussian kernels.', { default: 5, range: atLeastOne }),
        param('bandwidth', t.union(t.enum('median'), t.float()), 'σ of the middle kernel: `median` (the batch\'s median squared distance) or a fixed value.', { default: 'median', range: positive }),
        param('multiplier', t.float(), 'Ratio between the bandwidths of consecutive kernels.', { default: 2, range: { min: 1, minExclusive: true } }),
    ],
    check: needsTwoDomains('mkmmd', 'matches the code distributions of a source and a target domain'),
};
