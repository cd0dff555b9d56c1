// Loss terms, one file each; objectives are summed with `+` and weighted with `*` in a spec.
import type { ComponentSpec } from '../types.js';
import { contrastiveMargin } from './contrastiveMargin.js';
import { crossEntropy } from './crossEntropy.js';
import { dualLoss } from './dualLoss.js';
import { graphPrior } from './graphPrior.js';
import { hyphc } from './hyphc.js';
import { maskedResidue } from './maskedResidue.js';
import { mkmmd } from './mkmmd.js';
import { pairwiseHash } from './pairwiseHash.js';
import { propagation } from './propagation.js';
import { reconstruction } from './reconstruction.js';
import { selfSelection } from './selfSelection.js';
import { targetEntropy } from './targetEntropy.js';
import { triplet } from './triplet.js';

export const objectives: readonly ComponentSpec[] = [
    hyphc, triplet,
    reconstruction, graphPrior, propagation, selfSelection, dualLoss,
    contrastiveMargin,
    pairwiseHash, mkmmd, targetEntropy,
    maskedResidue, crossEntropy,
];
