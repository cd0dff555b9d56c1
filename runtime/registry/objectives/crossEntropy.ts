import { needsLabels } from '../checks.js';
import { param, t } from '../params.js';
import type { ComponentSpec } from '../types.js';

export const crossEntropy: ComponentSpec = {
    name: 'crossEntropy',
    kind: 'objective',
    summary: 'Softmax cross-entropy between the model\'s outputs (as class scores) and the labels.',
    doc: 'The model\'s last layer gives one score per class (e.g. `then linear(out: 21)`); unlabelled samples take no '
        + 'part. With `smoothing` ε, the target puts 1 − ε on the true class and spreads ε over all classes.',
    formula: 'L = −(1/n) Σ_i Σ_c y′_ic log softmax(f(x_i))_c,   y′_ic = (1 − ε)·1[c = y_i] + ε/C',
    params: [
        param('smoothing', t.fraction(), 'ε: label smoothing.', { default: 0, range: { min: 0, max: 1, maxExclusive: true } }),
    ],
    check: needsLabels('crossEntropy', 'fits class probabilities to labels'),
};
