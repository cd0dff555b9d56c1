// Activations, named in `activation:` parameters (`relu`, `leakyRelu(0.2)`).
import { nonNegative, param, t } from './params.js';
import type { ComponentSpec } from './types.js';

const activation = (name: string, summary: string, formula: string, extra: Partial<ComponentSpec> = {}): ComponentSpec =>
    ({ name, kind: 'activation', summary, doc: `${summary}\n\n\`${formula}\``, formula, params: [], ...extra });

export const activations: readonly ComponentSpec[] = [
    activation('relu', 'Rectified linear unit.', 'relu(x) = max(0, x)'),
    activation('leakyRelu', 'ReLU with a small slope for negative inputs.', 'leakyRelu(x) = max(x, η·x)', {
        params: [param('slope', t.float(), 'Slope η for negative inputs.', { default: 0.2, range: nonNegative })],
        positional: ['slope'],
    }),
    activation('tanh', 'Hyperbolic tangent, output in (−1, 1).', 'tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)'),
    activation('sigmoid', 'Logistic sigmoid, output in (0, 1).', 'σ(x) = 1 / (1 + e⁻ˣ)'),
    activation('gelu', 'Gaussian error linear unit (tanh approximation).', 'gelu(x) = x·Φ(x) ≈ ½x(1 + tanh(√(2/π)(x + 0.044715x³)))'),
    activation('identity', 'No activation: the layer stays linear.', 'identity(x) = x'),
];
