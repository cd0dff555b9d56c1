import { needsPart } from '../checks.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';
import { graphExample, graphWeights } from './graphPrior.js';

export const propagation: ComponentSpec = {
    name: 'propagation',
    kind: 'objective',
    summary: 'Relation propagation: keeps each learned adjacency small and close to the previous one (ALLG).',
    doc: 'Regularises the chain A₂ … A_N of the model\'s `graph:` so relations propagate smoothly from layer to layer. '
        + 'The paper ties α′ = α and β′ = β of `graphPrior`: write `propagation(alpha: graphPrior.alpha, beta: graphPrior.beta)`.',
    formula: 'L_p = Σ_{l=2..N} (α′‖A_l‖²_F + β′‖A_l − A_{l−1}‖²_F)',
    paper: papers.allg,
    params: graphWeights('α′: weight of ‖A_l‖²_F.', 'β′: weight of ‖A_l − A_{l−1}‖²_F.'),
    check: needsPart('propagation', 'graph', 'regularises the chain of learned adjacencies A₂ … A_N', graphExample),
};
