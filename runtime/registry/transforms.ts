// Per-column transforms of tabular data, listed in a dataset's `transform:` (applied in order).
import { atLeastOne, param, t } from './params.js';
import type { ComponentSpec } from './types.js';

export const transforms: readonly ComponentSpec[] = [
    {
        name: 'oneHot',
        kind: 'transform',
        summary: 'One-hot codes each feature column (categories such as nucleotides).',
        doc: 'Replaces each feature column by one indicator column per category, so `d` columns of `c` categories '
            + 'become `d·c` features (splice junctions: 60 nucleotides × 4 = 240). Categories are the values seen in '
            + 'the whole dataset, in sorted order.',
        formula: 'x_j ↦ (1[x_j = v_1], …, 1[x_j = v_c])',
        params: [
            param('categories', t.int(), 'Categories per column; counted from the data when left out (shape inference then assumes 4).', { range: atLeastOne }),
        ],
    },
    {
        name: 'standardize',
        kind: 'transform',
        summary: 'Centres each feature and scales it to unit variance.',
        doc: 'Subtracts each column\'s mean and divides by its standard deviation (population, ddof = 0, as scikit-learn\'s '
            + '`StandardScaler`); statistics come from the training part only, and a constant column is left at 0.',
        formula: 'x_j ↦ (x_j − μ_j) / σ_j',
        params: [],
    },
    {
        name: 'minMax',
        kind: 'transform',
        summary: 'Rescales each feature linearly to [min, max].',
        doc: 'Maps each column\'s smallest training value to `min` and its largest to `max` (scikit-learn\'s `MinMaxScaler`).',
        formula: 'x_j ↦ min + (max − min)·(x_j − lo_j) / (hi_j − lo_j)',
        params: [
            param('min', t.float(), 'Value of each column\'s smallest training value.', { default: 0 }),
            param('max', t.float(), 'Value of each column\'s largest training value.', { default: 1 }),
        ],
    },
];
