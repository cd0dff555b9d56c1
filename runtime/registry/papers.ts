// The papers components come from (full texts are not shipped; see the README's credits).
// The first six are the project's five methods (files under `../shared/papers`); the rest are the
// papers of the building blocks, baselines and metrics those methods use.
import type { PaperRef } from './types.js';

export const papers = {
    // ---- The five methods --------------------------------------------------------------------------
    hyphc: {
        title: 'End-to-End Similarity Learning and Hierarchical Clustering for unfixed size datasets',
        authors: 'L. Gigli, B. Marcotegui, S. Velasco-Forero', year: 2021,
        venue: 'Geometric Science of Information (GSI 2021), hal-03228070',
        id: 'similarity-learning-hyperbolic-hierarchical-clustering',
    },
    allg: {
        title: 'Deep Unsupervised Active Learning on Learnable Graphs',
        authors: 'H. Ma, C. Li, X. Shi, Y. Yuan, G. Wang', year: 2024,
        venue: 'IEEE Transactions on Neural Networks and Learning Systems 35(2) (arXiv:2111.04286, 2021)',
        id: 'allg-active-learning-learnable-graphs',
    },
    coles: {
        title: 'Contrastive Learning for Event Sequences with Self-Supervision on multiple domains (replication of CoLES)',
        authors: 'D. Grankin, I. Apanasevich, E. Andreichuk, I. Gureeva, M. Konenkov', year: 2023,
        venue: 'Skoltech Machine Learning course, final projects',
        id: 'coles-event-sequences-replication',
    },
    dah: {
        title: 'Deep Hashing Network for Unsupervised Domain Adaptation (Supplementary Material)',
        authors: 'H. Venkateswara, J. Eusebio, S. Chakraborty, S. Panchanathan', year: 2017, venue: 'CVPR',
        id: 'dah-domain-adaptive-hashing-supplement',
    },
    proteinTransfer: {
        title: 'Evaluating transfer learning for classification of proteins in bioinformatics',
        authors: 'R. Vitale, G. Stegmayer', year: 2023,
        id: 'protein-family-transfer-learning',
    },

    // ---- Papers the methods build on ---------------------------------------------------------------
    chamiHypHC: {
        title: 'From Trees to Continuous Embeddings and Back: Hyperbolic Hierarchical Clustering',
        authors: 'I. Chami, A. Gu, V. Chatziafratis, C. Ré', year: 2020, venue: 'NeurIPS', id: 'arXiv:2010.00402',
    },
    colesOriginal: {
        title: 'CoLES: Contrastive Learning for Event Sequences with Self-Supervision',
        authors: 'D. Babaev, N. Ovsov, I. Kireev, M. Ivanova, G. Gusev, I. Nazarov, A. Tuzhilin', year: 2022,
        venue: 'SIGMOD', id: 'arXiv:2002.08232',
    },
    dual: {
        title: 'On Deep Unsupervised Active Learning',
        authors: 'C. Li, H. Ma, Z. Kang, Y. Yuan, X.-Y. Zhang, G. Wang', year: 2020, venue: 'IJCAI',
        id: 'doi:10.24963/ijcai.2020/364',
    },
    dgcnn: {
        title: 'Dynamic Graph CNN for Learning on Point Clouds',
        authors: 'Y. Wang, Y. Sun, Z. Liu, S. E. Sarma, M. M. Bronstein, J. M. Solomon', year: 2019,
        venue: 'ACM Transactions on Graphics', id: 'arXiv:1801.07829',
    },
    mkmmd: {
        title: 'Optimal kernel choice for large-scale two-sample tests',
        authors: 'A. Gretton, D. Sejdinovic, H. Strathmann, S. Balakrishnan, M. Pontil, K. Fukumizu, B. K. Sriperumbudur',
        year: 2012, venue: 'NeurIPS',
    },
    itq: {
        title: 'Iterative Quantization: A Procrustean Approach to Learning Binary Codes',
        authors: 'Y. Gong, S. Lazebnik', year: 2011, venue: 'CVPR',
    },
    kmeansHashing: {
        title: 'K-means Hashing: an Affinity-Preserving Quantization Method for Learning Binary Compact Codes',
        authors: 'K. He, F. Wen, J. Sun', year: 2013, venue: 'CVPR',
    },
    hmmer: {
        title: 'Accelerated Profile HMM Searches', authors: 'S. R. Eddy', year: 2011, venue: 'PLoS Computational Biology',
    },
    waveform: {
        title: 'Classification and Regression Trees', authors: 'L. Breiman, J. Friedman, R. Olshen, C. Stone',
        year: 1984, venue: 'Wadsworth',
    },
    riemannianAdam: {
        title: 'Riemannian Adaptive Optimization Methods', authors: 'G. Bécigneul, O.-E. Ganea', year: 2019, venue: 'ICLR',
    },
    adam: {
        title: 'Adam: A Method for Stochastic Optimization', authors: 'D. P. Kingma, J. Ba', year: 2015, venue: 'ICLR',
        id: 'arXiv:1412.6980',
    },
    dasgupta: {
        title: 'A cost function for similarity-based hierarchical clustering', authors: 'S. Dasgupta', year: 2016, venue: 'STOC',
    },
    ari: {
        title: 'Comparing partitions', authors: 'L. Hubert, P. Arabie', year: 1985, venue: 'Journal of Classification',
    },
    transformer: {
        title: 'Attention Is All You Need',
        authors: 'A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, Ł. Kaiser, I. Polosukhin',
        year: 2017, venue: 'NeurIPS',
    },
    gru: {
        title: 'Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine Translation',
        authors: 'K. Cho, B. van Merriënboer, C. Gulcehre, D. Bahdanau, F. Bougares, H. Schwenk, Y. Bengio',
        year: 2014, venue: 'EMNLP',
    },
    lstm: {
        title: 'Long Short-Term Memory', authors: 'S. Hochreiter, J. Schmidhuber', year: 1997, venue: 'Neural Computation',
    },
    umap: {
        title: 'UMAP: Uniform Manifold Approximation and Projection for Dimension Reduction',
        authors: 'L. McInnes, J. Healy, J. Melville', year: 2018, id: 'arXiv:1802.03426',
    },
    tsne: {
        title: 'Visualizing Data using t-SNE', authors: 'L. van der Maaten, G. Hinton', year: 2008, venue: 'JMLR',
    },
} satisfies Record<string, PaperRef>;
