// Result panels (`view kind(...)`): each also becomes a picture in the run's report.
import { checks, needsOutput, needsTwoDomains, when } from './checks.js';
import { objectives } from './objectives/index.js';
import { atLeastOne, nameOf, nonNegative, param, t } from './params.js';
import type { CheckContext, ComponentSpec } from './types.js';

const onParam = param('on', t.ref('dataset', 'datasetPart'), 'The data shown, e.g. `moons.test`; the data the model was trained on when left out.');
/** What a curve plots: a metric, a loss term, the total loss, a part a term logs (`supNorm`), or another named result column. */
const quantity = t.union(t.component('metric', 'objective'), t.enum('total', ...objectives.flatMap(o => o.logs?.map(l => l.name) ?? [])), t.string());
const argIs = (name: string, value: string) => ({ args }: CheckContext) => nameOf(args[name]) === value;

export const views: readonly ComponentSpec[] = [
    {
        name: 'dendrogram',
        kind: 'view',
        summary: 'The hierarchy decoded for one sample set (or a dataset part), as a collapsible dendrogram.',
        doc: 'Shows the tree of an evaluation (`dendrogram(clusters, sample: 0)`) or decodes one from a model\'s embeddings '
            + '(`dendrogram(pretrained, on: pfam.test, linkage: average)`). Leaves are coloured by class; the tree exports '
            + 'as Newick.',
        params: [
            param('source', t.ref('model', 'evaluation'), 'An evaluation with trees, or a model whose embeddings are clustered.', { required: true }),
            onParam,
            param('sample', t.int(), 'Which point set, for point-set data.', { default: 0, range: nonNegative }),
            param('linkage', t.enum('auto', 'lca', 'single', 'complete', 'average', 'ward'),
                'How a model\'s tree is decoded: `auto` is hyperbolic LCAs for Poincaré embeddings and average linkage otherwise.', { default: 'auto' }),
        ],
        positional: ['source'],
    },
    {
        name: 'embedding',
        kind: 'view',
        summary: 'Scatter plot of a model\'s embeddings (2-D as they are, or projected), coloured and highlighted.',
        doc: 'Embeds `on` with the model and draws one point per sample (per point for point sets): in the Poincaré disk '
            + 'with `space: poincare`, otherwise in the plane, projected with `projection` when the embedding has more than '
            + 'two dimensions. `highlight: allg.selection` rings the selected samples. Exports as PNG, SVG and the '
            + 'TensorBoard projector\'s TSV.',
        params: [
            param('model', t.ref('model'), 'The model whose embeddings are drawn.', { required: true }),
            onParam,
            param('space', t.enum('euclidean', 'poincare'), 'The plane, or the Poincaré disk with its boundary and geodesics.', { default: 'euclidean' }),
            param('projection', t.enum('none', 'pca', 'umap', 'tsne'), 'How embeddings of more than two dimensions are brought to 2-D, '
                + 'per set, by the runner: with PCA always computed beside `umap` or `tsne` (exact t-SNE, skipped for sets of more '
                + 'than 2,000 points); `none` draws the first two dimensions.', { default: 'pca' }),
            param('color', t.enum('label', 'prediction', 'domain', 'selection'), 'What colours the points.', { default: 'label' }),
            param('highlight', t.ref('modelPart'), 'A selection to ring, e.g. `allg.selection`.'),
            param('top', t.int(), 'How many of the highlighted selection\'s ranking to ring; the largest query budget when left out.', { range: atLeastOne }),
        ],
        positional: ['model'],
        check: checks(
            when(argIs('space', 'poincare'), needsOutput('embedding', 'poincare', 'draws the Poincaré disk (`space: poincare`)',
                'use `space: euclidean` with a `projection`')),
            when(argIs('color', 'domain'), needsTwoDomains('embedding', 'colours points by domain (`color: domain`)')),
        ),
    },
    {
        name: 'table',
        kind: 'view',
        summary: 'The metric table of an evaluation or sweep, with the paper\'s figures beside this run\'s.',
        doc: 'One row per method (and classifier, query budget or swept value), one column per metric, mean ± s.d. over '
            + 'repeats; a `paper:` figure appears next to the matching cell. Exports as CSV.',
        params: [
            param('source', t.ref('evaluation', 'sweep'), 'The evaluation or sweep.', { required: true }),
            param('digits', t.int(), 'Decimals shown.', { default: 3, range: { min: 0, max: 10 } }),
        ],
        positional: ['source'],
    },
    {
        name: 'curve',
        kind: 'view',
        summary: 'Line plots: training curves of a model, metrics against a budget or swept value, or precision-recall curves.',
        doc: 'For a model, its loss terms per epoch (`y: [total, selfSelection]`); for an evaluation, a metric against '
            + 'another axis (`x: queries, y: accuracy, by: selector`) or, with `kind: precisionRecall`, one PR curve per '
            + 'method; for a sweep, the reported metric against the swept value. Names not found in the results are '
            + 'reported with the names that exist.',
        params: [
            param('source', t.ref('evaluation', 'model', 'sweep'), 'What is plotted.', { required: true }),
            param('x', t.enum('epoch', 'queries', 'value'), 'The horizontal axis: `epoch` for a model\'s training, `queries` for active learning, `value` for a sweep; chosen from the source when left out.'),
            param('y', t.union(quantity, t.list(quantity, 1)), 'The plotted quantities: metrics (`accuracy`), or a model\'s loss terms (`total` and the objective\'s terms, `selfSelection`).', { sweepable: false }),
            param('by', t.enum('selector', 'classifier', 'features', 'encoder', 'method', 'metric', 'term', 'repeat'), 'One line per value of this column of the results.'),
            param('kind', t.enum('line', 'precisionRecall'), 'A line plot, or precision-recall curves of a retrieval evaluation.', { default: 'line' }),
        ],
        positional: ['source'],
    },
];
