// What the runtime implements: for each component kind and name, a lazy loader of its implementation. The
// registry attaches these as the records' `build` hooks; a component without one is part of the language
// but not of the runtime yet, and a run that uses it stops before it starts, naming it. The loaders are
// dynamic imports, so this module (and the language server, which reads the registry) never loads
// TensorFlow.js.
import type { ComponentKind } from './types.js';

type Loader = () => Promise<unknown>;

const dataset = () => import('../data/dataset.js').then(m => m.loadDataset);
const dense = () => import('../nn/dense.js');
const activations = () => import('../nn/activations.js').then(m => m.activation);
const optimizers = () => import('../train/optimizers.js');
const hierarchical = () => import('../eval/hierarchical.js');
const autoencoders = () => import('../nn/autoencoder.js');
const selectionLosses = () => import('../losses/selection.js');
const graph = () => import('../nn/learnable-graph.js');
const selection = () => import('../nn/selection.js');
const activeLearning = () => import('../eval/active-learning.js');
const classify = () => import('../classify/index.js');

export const implementations: Partial<Record<ComponentKind, Readonly<Record<string, Loader>>>> = {
    source: { pointSets: dataset, csv: dataset, waveform: dataset },
    generator: { moons: dataset, circles: dataset, blobs: dataset, anisotropic: dataset },
    transform: { oneHot: dataset, standardize: dataset },
    splitStrategy: { random: dataset, stratified: dataset },
    layer: {
        mlp: () => dense().then(m => m.mlpLayer),
        linear: () => dense().then(m => m.linearLayer),
        normalize: () => dense().then(m => m.normalizeLayer),
        poincare: () => import('../nn/poincare.js').then(m => m.poincareLayer),
        dgcnn: () => import('../nn/dgcnn.js').then(m => m.dgcnnLayer),
        autoencoder: () => autoencoders().then(m => m.autoencoderLayer),
        dual: () => autoencoders().then(m => m.dualLayer),
    },
    graph: { learnableGraph: () => graph().then(m => m.LearnableGraph) },
    graphPrior: { knn: () => graph().then(m => m.knnPrior) },
    shortcut: { shortcut: () => graph().then(m => m.LearnableGraph) },
    head: { selfSelection: () => selection().then(m => m.SelfSelection) },
    activation: { relu: activations, leakyRelu: activations, tanh: activations, sigmoid: activations, gelu: activations, identity: activations },
    objective: {
        hyphc: () => import('../losses/hyphc.js').then(m => m.hyphcTerm),
        triplet: () => import('../losses/triplet.js').then(m => m.tripletTerm),
        reconstruction: () => selectionLosses().then(m => m.reconstructionTerm),
        graphPrior: () => selectionLosses().then(m => m.graphPriorTerm),
        propagation: () => selectionLosses().then(m => m.propagationTerm),
        selfSelection: () => selectionLosses().then(m => m.selfSelectionTerm),
        dualLoss: () => selectionLosses().then(m => m.dualTerm),
    },
    optimizer: { adam: () => optimizers().then(m => m.buildOptimizer), sgd: () => optimizers().then(m => m.buildOptimizer), riemannianAdam: () => optimizers().then(m => m.buildOptimizer) },
    schedule: { exponentialDecay: () => optimizers().then(m => m.buildSchedule), cosineDecay: () => optimizers().then(m => m.buildSchedule) },
    stopping: { earlyStopping: () => import('../train/trainer.js').then(m => m.train) },
    task: { hierarchicalClustering: () => hierarchical().then(m => m.evaluateHierarchical), activeLearning: () => activeLearning().then(m => m.scoreActiveLearningRepeat) },
    classifier: { svm: () => classify().then(m => m.buildClassifier), logisticRegression: () => classify().then(m => m.buildClassifier), gradientBoosting: () => classify().then(m => m.buildClassifier), knn: () => classify().then(m => m.buildClassifier) },
    selector: { kmeansSelection: () => import('../select/selectors.js').then(m => m.kmeansSelection), randomSelection: () => import('../select/selectors.js').then(m => m.randomSelection) },
    baseline: { linkage: () => hierarchical().then(m => m.evaluateHierarchical) },
    metric: { ari: () => hierarchical().then(m => m.clusteringMetric), nmi: () => hierarchical().then(m => m.clusteringMetric), purity: () => hierarchical().then(m => m.clusteringMetric), dasgupta: () => hierarchical().then(m => m.clusteringMetric), accuracy: () => classify().then(m => m.accuracy) },
};
