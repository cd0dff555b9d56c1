import { needsPart } from '../checks.js';
import { param, positive, t } from '../params.js';
import { papers } from '../papers.js';
import type { ComponentSpec, ParamSpec } from '../types.js';

/** The learned-graph example a `graph:` fix suggests. */
export const graphExample = 'learnableGraph(prior: knn(k: 10), layers: 2)';

/** α and β of the graph regularisers (`propagation` shares them). */
export const graphWeights = (alpha: string, beta: string): ParamSpec[] => [
    param('alpha', t.float(), alpha, { default: 1, range: positive }),
    param('beta', t.float(), beta, { default: 1, range: positive }),
];

export const graphPrior: ComponentSpec = {
    name: 'graphPrior',
    kind: 'objective',
    summary: 'Keeps ALLG\'s first learned adjacency A₁ small and close to the k-NN prior A₀.',
    doc: 'The first term lowers the complexity of the learned adjacency, the second keeps it near the human-estimated '
        + 'k-NN graph A₀ of the model\'s `graph:` prior. The paper searches α, β in {0.1, 1, 10}.',
    formula: 'L_a = α‖A₁‖²_F + β‖A₁ − A₀‖²_F',
    paper: papers.allg,
    params: graphWeights('α: weight of ‖A₁‖²_F.', 'β: weight of the distance to the prior, ‖A₁ − A₀‖²_F.'),
    check: needsPart('graphPrior', 'graph', 'regularises the learned adjacency A₁', graphExample),
};
