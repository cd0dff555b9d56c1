// Evaluation: protocols (kind 'task', heading `evaluate x = task(...) { ... }`), and what their blocks
// list: classifiers, active-learning selectors, non-learned baselines, metrics; plus 2-D projections.
import { needsLabels, needsOutput, when } from './checks.js';
import { atLeastOne, nameOf, nonNegative, param, positive, t } from './params.js';
import { papers } from './papers.js';
import type { ComponentSpec, ParamSpec } from './types.js';

// ---- Shared block properties --------------------------------------------------------------------------

const metricsParam = (fallback: string[]): ParamSpec =>
    param('metrics', t.list(t.component('metric'), 1), 'Metrics reported for every method, in this order.', { default: fallback });
const classifiersParam = (fallback: string[]): ParamSpec =>
    param('classifiers', t.list(t.component('classifier'), 1), 'Classifiers trained on each method\'s features.', { default: fallback });
const paperParam = param('paper', t.record(t.float(), 'method'),
    'Figures the paper reports, by method (the names used in this block), shown beside this run\'s: `{ allg: 0.7703 }`.');
const dataParam = (doc: string): ParamSpec => param('data', t.ref('dataset', 'datasetPart'), doc, { required: true });

const decodings = ['lca', 'single', 'complete', 'average', 'ward'];

export const tasks: readonly ComponentSpec[] = [
    {
        name: 'hierarchicalClustering',
        kind: 'task',
        summary: 'Decodes a dendrogram per point set from a model\'s embeddings and scores flat cuts at k clusters.',
        doc: 'For every set of `data`, embeds the points with `model` and decodes a binary tree: with `decode: lca`, by '
            + 'merging first the pair whose hyperbolic LCA is farthest from the origin (union-find); otherwise by a SciPy '
            + 'linkage of the embeddings. The tree is cut at `k` clusters for ARI / purity / NMI, and scored whole by '
            + 'Dasgupta\'s cost. `baselines:` run linkages on the raw points.',
        paper: papers.hyphc,
        params: [
            param('model', t.ref('model'), 'The trained embedding model.', { required: true }),
            dataParam('The point sets (or tabular data) to cluster, e.g. `moons.test`.'),
            param('k', t.int(), 'Clusters of the flat cut; the number of classes when left out.', { range: atLeastOne }),
            param('decode', t.enum(...decodings), 'How the tree is decoded from the embeddings: hyperbolic LCAs, or a linkage.', { default: 'lca' }),
        ],
        block: [
            metricsParam(['ari', 'purity', 'nmi', 'dasgupta']),
            param('baselines', t.list(t.component('baseline')), 'Methods on the raw data to compare with: `linkage(ward)`.', { default: [] }),
            paperParam,
        ],
        check: when(({ args }) => (nameOf(args['decode']) ?? 'lca') === 'lca',
            needsOutput('hierarchicalClustering', 'poincare', 'decodes trees from hyperbolic LCAs (`decode: lca`)',
                'add `then poincare(scale: learned)` to the model, or set `decode: average`')),
    },
    {
        name: 'activeLearning',
        kind: 'task',
        summary: 'Unsupervised active learning: each selector picks m samples to label; classifiers trained on them are scored.',
        doc: 'The first part of the dataset\'s split is the candidate pool, the second the test set (ALLG: 50 % / 50 %). For '
            + 'every query budget m in `queries` and every selector, the top m candidates are labelled, each classifier is '
            + 'trained on them (on `latent` features, the model\'s embeddings, and/or the `original` ones, "ALLG O"; a selector '
            + 'that is not a model is scored on the latents of the first model among the selectors) and '
            + 'scored on the test part; repeated with the experiment\'s `repeats`.',
        paper: papers.allg,
        params: [
            dataParam('The dataset, split into candidates and test.'),
            param('queries', t.union(t.list(t.int()), t.interval('int')), 'Query budgets m: a list or a stepped range `25 .. 225 step 25`.',
                { default: [25, 50, 75, 100, 125, 150, 175, 200, 225], range: atLeastOne, unit: 'samples', sweepable: false }),
        ],
        block: [
            param('selectors', t.list(t.union(t.ref('modelPart'), t.component('selector')), 1),
                'What picks the queries: a model\'s selection head (`allg.selection`) or a selector (`kmeansSelection()`).', { required: true }),
            classifiersParam(['svm']),
            param('features', t.list(t.enum('latent', 'original'), 1), 'Features the classifiers see: the selector model\'s latents, or the original columns.', { default: ['latent'] }),
            metricsParam(['accuracy']),
            paperParam,
        ],
        check: needsLabels('activeLearning', 'scores classifiers trained on the queried samples\' labels'),
    },
    {
        name: 'embeddingClassification',
        kind: 'task',
        summary: 'Frozen embeddings from each encoder, classifiers trained on them, scored on the test part.',
        doc: 'Every encoder embeds the `train` and `test` parts of `data` (trained models are used frozen); every classifier '
            + 'is fitted on the train embeddings and scored on the test ones. `compare:` adds a non-embedding method such '
            + 'as HMMER, scored on the same test part.',
        paper: papers.proteinTransfer,
        params: [
            dataParam('The labelled dataset, split into train and test.'),
        ],
        block: [
            param('encoders', t.list(t.union(t.ref('model'), t.component('encoder', 'layer')), 1),
                'Models (`coles`, `frozen(pretrained)`) and fixed encoders (`kmer(k: 3)`, `aggregateFeatures(of: tx)`).', { required: true }),
            classifiersParam(['logisticRegression']),
            metricsParam(['accuracy']),
            paperParam,
            param('compare', t.component('baseline'), 'A classifier of raw sequences to compare with, e.g. `hmmer(alignments: "train-alignments")`.'),
        ],
        check: needsLabels('embeddingClassification', 'trains classifiers on labels'),
    },
    {
        name: 'hashRetrieval',
        kind: 'task',
        summary: 'Retrieval by Hamming ranking of binary codes: queries against a database, scored by mAP and PR curves.',
        doc: 'Every method hashes `query` and `database` to binary codes; database items are ranked by Hamming distance '
            + 'to each query, and an item is relevant when it shares the query\'s class. DAH\'s target accuracy (argmax of '
            + 'its class probabilities) is reported when `accuracy` is among the metrics.',
        paper: papers.dah,
        params: [
            param('query', t.ref('dataset', 'datasetPart'), 'The queries, e.g. `digits.target`.', { required: true }),
            param('database', t.ref('dataset', 'datasetPart'), 'The retrieval set, e.g. `digits.source`.', { required: true }),
            param('topK', t.int(), 'mAP over the top K retrieved items; over all when left out.', { range: atLeastOne }),
        ],
        block: [
            param('methods', t.list(t.union(t.ref('model'), t.component('baseline')), 1),
                'Hashing models and baselines: `[hashNet, noDA, itq(bits: 16)]`.', { required: true }),
            metricsParam(['map', 'precisionRecall']),
            paperParam,
        ],
    },
];

// ---- Classifiers --------------------------------------------------------------------------------------

const knnK = param('k', t.int(), 'Neighbours that vote.', { default: 1, range: atLeastOne });
const members = param('members', t.int(), 'Ensemble members, each trained on its own disjoint part of the training set; majority vote.', { default: 10, range: { min: 2 } });
const mlpParams: readonly ParamSpec[] = [
    param('hidden', t.list(t.int()), 'Units of each hidden layer (the protein paper: 500, 100, 100, 1000).', { default: [100] }),
    param('activation', t.component('activation'), 'Activation of the hidden layers (the protein paper uses `identity`).', { default: 'relu' }),
    param('patience', t.int(), 'Early stopping: epochs without improvement on a 10 % validation split.', { default: 10, range: atLeastOne, unit: 'epochs' }),
    param('epochs', t.int(), 'Most epochs.', { default: 200, range: atLeastOne, unit: 'epochs' }),
    param('lr', t.float(), 'Adam learning rate.', { default: 1e-3, range: positive }),
];

export const classifiers: readonly ComponentSpec[] = [
    {
        name: 'svm',
        kind: 'classifier',
        summary: 'Support vector machine (scikit-learn SVC / libsvm; one-vs-one votes for several classes).',
        doc: 'Maximum-margin classifier with hinge loss and penalty C; `kernel: linear` is the ALLG protocol (C = 100).',
        formula: 'min_w ½‖w‖² + C Σ_i max(0, 1 − y_i w·φ(x_i))',
        params: [
            param('kernel', t.enum('linear', 'rbf', 'poly'), 'Kernel.', { default: 'rbf' }),
            param('C', t.float(), 'Inverse regularisation strength.', { default: 1, range: positive }),
        ],
    },
    {
        name: 'logisticRegression',
        kind: 'classifier',
        summary: 'Multinomial logistic regression with L2 penalty (scikit-learn LogisticRegression).',
        doc: 'Linear class scores through a softmax (one sigmoid for two classes), fitted by L-BFGS on the features as given, as scikit-learn\'s defaults; standardise them in the dataset (`transform: standardize()`) where their scales differ.',
        formula: 'p(c | x) = softmax(W x + b)_c,   min −Σ_i log p(y_i | x_i) + ‖W‖² / (2C)',
        params: [
            param('C', t.float(), 'Inverse regularisation strength.', { default: 1, range: positive }),
            param('maxIter', t.int(), 'Most solver iterations.', { default: 100, range: atLeastOne, unit: 'iterations' }),
        ],
    },
    {
        name: 'gradientBoosting',
        kind: 'classifier',
        summary: 'Gradient-boosted decision trees (the CoLES downstream classifier; CatBoost / LightGBM in the references).',
        doc: 'Adds `trees` regression trees of depth `depth`, each fitted to the gradient of the log-loss of the current '
            + 'ensemble and shrunk by `learningRate`: scikit-learn\'s GradientBoostingClassifier (exact greedy splits, '
            + 'Newton leaf values, one tree per class and round for several classes), with its defaults.',
        formula: 'F_m(x) = F_{m−1}(x) + η·h_m(x),   h_m ≈ −∂L/∂F_{m−1}',
        params: [
            param('trees', t.int(), 'Boosting rounds.', { default: 100, range: atLeastOne }),
            param('depth', t.int(), 'Depth of each tree.', { default: 3, range: atLeastOne }),
            param('learningRate', t.float(), 'η: shrinkage of each tree.', { default: 0.1, range: positive }),
        ],
    },
    {
        name: 'knn',
        kind: 'classifier',
        summary: 'k-nearest-neighbour vote (1-NN with Euclidean distance in the protein paper).',
        doc: 'Predicts the majority class among the `k` training embeddings nearest to a sample.',
        formula: 'ŷ(x) = mode{ y_i : x_i ∈ kNN_k(x) }',
        paper: papers.proteinTransfer,
        params: [knnK, param('metric', t.enum('euclidean', 'cosine'), 'Distance between embeddings.', { default: 'euclidean' })],
    },
    {
        name: 'knnEnsemble',
        kind: 'classifier',
        summary: 'Majority vote of k-NN classifiers, each on its own disjoint part of the training set.',
        doc: 'The protein paper\'s k-NN ensemble: 10 members with k = 1.',
        paper: papers.proteinTransfer,
        params: [knnK, members],
    },
    {
        name: 'mlp',
        kind: 'classifier',
        summary: 'Multi-layer perceptron classifier with cross-entropy, Adam and early stopping (scikit-learn MLPClassifier).',
        doc: 'Dense layers with `activation`, a softmax output, trained with Adam on cross-entropy until the validation '
            + 'score stops improving for `patience` epochs.',
        formula: 'p(c | x) = softmax(W_L act(… act(W_1 x + b_1) …) + b_L)_c',
        paper: papers.proteinTransfer,
        params: mlpParams,
    },
    {
        name: 'mlpEnsemble',
        kind: 'classifier',
        summary: 'Majority vote of MLP classifiers, each on its own disjoint part of the training set.',
        doc: 'The protein paper\'s MLP ensemble: 10 members of the same architecture as `mlp`.',
        paper: papers.proteinTransfer,
        params: [members, ...mlpParams],
    },
];

// ---- Active-learning selectors ------------------------------------------------------------------------

export const selectors: readonly ComponentSpec[] = [
    {
        name: 'kmeansSelection',
        kind: 'selector',
        summary: 'Queries the candidates nearest to k-means centres.',
        doc: 'Runs k-means on the candidates\' features and queries, for each centre, the nearest candidate not yet taken '
            + '(more than one per centre when m > k, nearest first).',
        paper: papers.allg,
        params: [param('k', t.int(), 'Clusters; the query budget m when left out.', { range: atLeastOne })],
    },
    {
        name: 'randomSelection',
        kind: 'selector',
        summary: 'Queries m candidates uniformly at random.',
        doc: 'The lower bound of every active-learning comparison; averaged over the experiment\'s repeats.',
        params: [],
    },
];

// ---- Baselines ------------------------------------------------------------------------------------------

const bits = param('bits', t.int(), 'Code length.', { default: 16, range: atLeastOne, unit: 'bits' });

export const baselines: readonly ComponentSpec[] = [
    {
        name: 'linkage',
        kind: 'baseline',
        summary: 'Agglomerative clustering of the raw points (SciPy linkage): single, complete, average or Ward.',
        doc: 'Builds the dendrogram of each set from Euclidean distances between its (standardised) points and cuts it at '
            + 'k clusters, as SciPy\'s `linkage` and `fcluster(criterion="maxclust")`.',
        formula: 'single: min d(a, b),  complete: max d(a, b),  average: mean d(a, b),  ward: Δ within-cluster variance',
        params: [param('method', t.enum('single', 'complete', 'average', 'ward'), 'Distance between clusters.', { default: 'average' })],
        positional: ['method'],
    },
    {
        name: 'itq',
        kind: 'baseline',
        summary: 'Iterative quantisation: PCA to `bits` dimensions, then a rotation that minimises quantisation error.',
        doc: 'Unsupervised hashing baseline of DAH: alternates between binary codes B = sgn(V R) and the orthogonal Procrustes '
            + 'rotation R, on the PCA projection V of the database.',
        formula: 'min_{B, R} ‖B − V R‖²_F,   B ∈ {−1, 1}^{n×c},  RᵀR = I',
        paper: papers.itq,
        params: [bits, param('iterations', t.int(), 'Alternating iterations.', { default: 50, range: atLeastOne })],
    },
    {
        name: 'kmeansHashing',
        kind: 'baseline',
        summary: 'K-means hashing: 2^bits centres whose Hamming distances preserve their Euclidean ones.',
        doc: 'Affinity-preserving k-means over product subspaces: a sample\'s code is the index of its nearest centre.',
        formula: 'min Σ_x ‖x − c_{i(x)}‖² + λ Σ_{i,j} w_ij (d(c_i, c_j) − s·d_h(i, j))²',
        paper: papers.kmeansHashing,
        params: [bits],
    },
    {
        name: 'supervisedHash',
        kind: 'baseline',
        summary: 'The hashing network trained with the labels of the given part (DAH\'s SuH, an upper bound).',
        doc: 'Trains a fresh copy of `model` with `pairwiseHash` on the labels of `on` (the target domain, whose labels '
            + 'the adapted methods never see).',
        paper: papers.dah,
        params: [
            param('on', t.ref('dataset', 'datasetPart'), 'The labelled data it is trained on, e.g. `digits.target`.', { required: true }),
            bits,
            param('model', t.ref('model'), 'The architecture trained; the first model of `methods:` when left out.'),
        ],
    },
    {
        name: 'hmmer',
        kind: 'baseline',
        summary: 'Profile HMMs (HMMER `hmmbuild` per family, `hmmscan`): the classic protein-family classifier.',
        doc: 'Builds one profile HMM per family from the Stockholm training alignments and assigns each test sequence the '
            + 'family of its best-scoring hit. Needs Debian\'s `hmmer` installed; otherwise the comparison is skipped with '
            + 'a note.',
        paper: papers.hmmer,
        params: [
            param('alignments', t.path(), 'A folder of Stockholm alignments, one family per file.', { required: true }),
            param('evalue', t.float(), 'Largest E-value of a hit; sequences without a hit count as errors.', { default: 10, range: positive }),
        ],
    },
];

// ---- Metrics --------------------------------------------------------------------------------------------

const average = param('average', t.enum('auto', 'binary', 'macro', 'micro', 'weighted'),
    'How per-class scores combine: `auto` is `binary` for two classes and `macro` otherwise.', { default: 'auto' });

const metric = (name: string, summary: string, formula: string, doc: string, extra: Partial<ComponentSpec> = {}): ComponentSpec =>
    ({ name, kind: 'metric', summary, doc, formula, params: [], ...extra });

export const metrics: readonly ComponentSpec[] = [
    metric('ari', 'Adjusted Rand index of the flat clustering at k (1 perfect, ~0 chance).',
        'ARI = (Σ_ij C(n_ij, 2) − E) / (½(Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) − E),   E = Σ_i C(a_i, 2) Σ_j C(b_j, 2) / C(n, 2)',
        'Pair-counting agreement between clusters and classes, corrected for chance; n_ij counts samples of class i in '
            + 'cluster j (scikit-learn `adjusted_rand_score`). Higher is better.', { paper: papers.ari }),
    metric('nmi', 'Normalised mutual information between clusters and classes.',
        'NMI(U, V) = I(U; V) / mean(H(U), H(V))',
        'Mutual information of the clustering and the classes divided by the mean of their entropies (arithmetic mean, '
            + 'scikit-learn\'s default). Higher is better.',
        { params: [param('mean', t.enum('arithmetic', 'geometric', 'min', 'max'), 'Normaliser of I(U; V).', { default: 'arithmetic' })] }),
    metric('purity', 'Fraction of samples in their cluster\'s majority class.',
        'purity = (1/n) Σ_k max_j |c_k ∩ y_j|',
        'Each cluster is labelled by its majority class. Higher is better; it rewards many small clusters, so read it at a fixed k.'),
    metric('dasgupta', 'Dasgupta\'s cost of the whole tree (lower is better).',
        'cost(T) = Σ_{i<j} w_ij · |leaves(T[i ∨ j])|',
        'Every pair pays its similarity times the number of leaves under its lowest common ancestor, so similar points '
            + 'should merge low in the tree. The similarities are the ground truth: w_ij = 1 for two points of the same '
            + 'class, 0 otherwise.', { paper: papers.dasgupta }),
    metric('accuracy', 'Fraction of correct predictions.', 'acc = (1/n) Σ_i 1[ŷ_i = y_i]', 'Higher is better.'),
    metric('rocAuc', 'Area under the ROC curve (binary; one-vs-rest averaged for several classes).',
        'AUC = P(s(x⁺) > s(x⁻)) = ∫₀¹ TPR d(FPR)',
        'The probability that a random positive scores above a random negative. Higher is better; 0.5 is chance.',
        { params: [param('multiClass', t.enum('ovr', 'ovo'), 'Several classes: one-vs-rest or one-vs-one averaging.', { default: 'ovr' })] }),
    metric('f1', 'F1 score: harmonic mean of precision and recall.', 'F1 = 2PR / (P + R)', 'Higher is better.', { params: [average] }),
    metric('precision', 'Precision: fraction of predicted positives that are right.', 'P = TP / (TP + FP)', 'Higher is better.', { params: [average] }),
    metric('recall', 'Recall: fraction of actual positives found.', 'R = TP / (TP + FN)', 'Higher is better.', { params: [average] }),
    metric('f1Weighted', 'F1 averaged over classes, weighted by class size.', 'F1_w = Σ_c (n_c / n) F1_c',
        'The protein paper\'s summary of per-family F1. Higher is better.'),
    metric('errorRate', 'Fraction of wrong predictions (shown in %).', 'err = (1/n) Σ_i 1[ŷ_i ≠ y_i]', 'Lower is better.'),
    metric('errors', 'Number of wrong predictions.', '#err = Σ_i 1[ŷ_i ≠ y_i]', 'Lower is better.'),
    metric('map', 'Mean average precision of Hamming ranking.',
        'mAP = (1/|Q|) Σ_q (1/R_q) Σ_k P_q(k)·rel_q(k)',
        'For every query, database items are ranked by Hamming distance of their codes (ties broken by index); P_q(k) '
            + 'is the precision of the top k and rel_q(k) whether item k shares the query\'s class. Higher is better.',
        { params: [param('topK', t.int(), 'Rank cut-off; all items when left out (the task\'s `topK` applies first).', { range: atLeastOne })] }),
    metric('precisionRecall', 'Precision-recall curve of Hamming ranking (drawn by `curve(..., kind: precisionRecall)`).',
        '(P(r), R(r)) for Hamming radius r = 0 … bits',
        'Precision and recall of the items within each Hamming radius of the query, averaged over queries; tables show '
            + 'the area under the curve.'),
];

// ---- Projections ----------------------------------------------------------------------------------------

export const projections: readonly ComponentSpec[] = [
    {
        name: 'pca',
        kind: 'projection',
        summary: 'Principal component analysis to 2-D: linear and deterministic.',
        doc: 'Projects the centred embeddings on their two leading principal axes.',
        formula: 'Y = (X − μ) V₂,   V₂ = top-2 eigenvectors of Cov(X)',
        params: [],
    },
    {
        name: 'umap',
        kind: 'projection',
        summary: 'UMAP to 2-D: preserves local neighbourhoods, faster than t-SNE.',
        doc: 'Uniform manifold approximation and projection with the experiment\'s seed.',
        paper: papers.umap,
        params: [
            param('neighbors', t.int(), 'Size of the local neighbourhood.', { default: 15, range: { min: 2 } }),
            param('minDist', t.float(), 'Smallest distance between projected points.', { default: 0.1, range: nonNegative }),
            param('metric', t.enum('euclidean', 'cosine'), 'Distance between embeddings.', { default: 'euclidean' }),
        ],
    },
    {
        name: 'tsne',
        kind: 'projection',
        summary: 't-SNE to 2-D: preserves local neighbourhoods (the ALLG paper\'s visualisation).',
        doc: 'Matches Student-t similarities in 2-D to Gaussian similarities of the embeddings, with the experiment\'s seed.',
        formula: 'min KL(P ‖ Q),   q_ij ∝ (1 + ‖y_i − y_j‖²)⁻¹',
        paper: papers.tsne,
        params: [
            param('perplexity', t.float(), 'Effective number of neighbours.', { default: 30, range: { min: 1 } }),
            param('iterations', t.int(), 'Gradient iterations.', { default: 1000, range: { min: 250 } }),
        ],
    },
];

export const evaluation: readonly ComponentSpec[] = [...tasks, ...classifiers, ...selectors, ...baselines, ...metrics, ...projections];
