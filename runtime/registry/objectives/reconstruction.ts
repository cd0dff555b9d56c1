import { needsLayer } from '../checks.js';
import { papers } from '../papers.js';
import type { ComponentSpec } from '../types.js';

export const reconstruction: ComponentSpec = {
    name: 'reconstruction',
    kind: 'objective',
    summary: 'Squared error between the input and the auto-encoder\'s reconstruction.',
    doc: 'The auto-encoder\'s loss: the input X is its own supervisor. ALLG pre-trains on it alone (stage `pretrain`), '
        + 'then keeps it in the joint objective, where the decoder reconstructs from the selection\'s output.',
    formula: 'L_r = Σ_i ‖x_i − x̄_i‖²₂ = ‖X − X̄‖²_F',
    paper: papers.allg,
    params: [],
    check: needsLayer('reconstruction', ['autoencoder', 'dual'], 'compares the input with a decoder\'s reconstruction',
        'define the model as `autoencoder(encoder: ..., decoder: mirror)`'),
};
