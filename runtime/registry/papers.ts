// The papers the first components come from (full texts are not shipped; see the README's credits).
import type { PaperRef } from './types.js';

export const papers = {
    hyphc: {
        title: 'Similarity learning for hierarchical clustering in hyperbolic space (learned similarities + HypHC)',
        authors: 'see the paper text', year: 2023, id: 'similarity-learning-hyperbolic-hierarchical-clustering',
    },
    chamiHypHC: {
        title: 'From Trees to Continuous Embeddings and Back: Hyperbolic Hierarchical Clustering',
        authors: 'I. Chami, A. Gu, V. Chatziafratis, C. Ré', year: 2020, venue: 'NeurIPS', id: 'arXiv:2010.00402',
    },
    allg: {
        title: 'Unsupervised Active Learning via Learnable Graphs', authors: 'see the paper text', year: 2022,
        id: 'allg-active-learning-learnable-graphs',
    },
    coles: {
        title: 'CoLES: Contrastive Learning for Event Sequences with Self-Supervision (replication)',
        authors: 'D. Babaev et al. (original); replication study', year: 2022, venue: 'SIGMOD (original)',
        id: 'coles-event-sequences-replication',
    },
    dah: {
        title: 'Deep Hashing Network for Unsupervised Domain Adaptation (supplement)',
        authors: 'H. Venkateswara, J. Eusebio, S. Chakraborty, S. Panchanathan', year: 2017, venue: 'CVPR',
        id: 'dah-domain-adaptive-hashing-supplement',
    },
    proteinTransfer: {
        title: 'Transfer learning for protein family classification', authors: 'see the paper text', year: 2023,
        id: 'protein-family-transfer-learning',
    },
} satisfies Record<string, PaperRef>;
