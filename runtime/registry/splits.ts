// Split strategies: how `split: strategy() train 80%, test 20%` draws its parts.
import { needsLabels, needsSample } from './checks.js';
import { param, t, unit01 } from './params.js';
import { papers } from './papers.js';
import type { ComponentSpec } from './types.js';

export const splits: readonly ComponentSpec[] = [
    {
        name: 'random',
        kind: 'splitStrategy',
        summary: 'Uniformly random parts (the default).',
        doc: 'Shuffles the samples with the experiment\'s seed and cuts the parts in order. With `by entity` on event data, '
            + 'whole entities are shuffled.',
        params: [],
    },
    {
        name: 'stratified',
        kind: 'splitStrategy',
        summary: 'Parts with the same class proportions as the whole dataset.',
        doc: 'Splits every class separately in the requested proportions (scikit-learn\'s `StratifiedShuffleSplit`), so '
            + 'rare classes appear in every part.',
        params: [
            param('by', t.column(), 'The column to stratify on; the dataset\'s label when left out.'),
        ],
        check: needsLabels('stratified', 'keeps class proportions'),
    },
    {
        name: 'clustered',
        kind: 'splitStrategy',
        summary: 'Keeps similar sequences on one side: whole identity clusters go to one part.',
        doc: 'Clusters the sequences by pairwise identity (single linkage: two sequences whose global-alignment identity '
            + 'reaches `identity` are in one cluster) and assigns whole clusters to parts, largest first, until each part '
            + 'has its size. The test part then holds remote homologues only, as in the Pfam benchmark of Bileschi et al.',
        paper: papers.proteinTransfer,
        params: [
            param('identity', t.fraction(), 'Sequence identity at or above which two sequences must stay on one side.', { default: 0.5, range: unit01 }),
        ],
        check: needsSample('clustered', ['tokens'], 'clusters sequences by identity',
            'use `random()` or `stratified()` for data that are not sequences'),
    },
];
