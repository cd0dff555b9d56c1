// The classifiers the evaluation protocols train on features (active learning, embedding classification):
// built from a plan call with the registry's defaults, fitted on a row-major matrix with class codes, and
// scored by accuracy. `svm` is scikit-learn's SVC (libsvm), `logisticRegression` its LogisticRegression
// (lbfgs), `gradientBoosting` its GradientBoostingClassifier, `knn` its KNeighborsClassifier; all are checked
// against scikit-learn 1.2.1 (test/fixtures/reference/classify).
import { Args, PlanError } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';
import { fitBoosting } from './boosting.js';
import { ClassifierInputError, type FittedClassifier } from './common.js';
import { fitKnn } from './knn.js';
import { fitLogistic } from './logistic.js';
import { fitSvc, type SvmKernel } from './svm.js';

export { ClassifierInputError, type FittedClassifier } from './common.js';
export { BoostingModel, fitBoosting, type BoostingOptions } from './boosting.js';
export { fitKnn, KnnModel, type KnnMetric, type KnnOptions } from './knn.js';
export { fitLogistic, LogisticModel, type LogisticOptions } from './logistic.js';
export { fitSvc, scaleGamma, SvcModel, type SvcOptions, type SvcPair, type SvmKernel } from './svm.js';

export interface Classifier {
    /** A short display name: `svm`, `lr`. */
    readonly name: string;
    /** Trains on `rows × dim` row-major `x` with non-negative class codes `y` (any codes; some may be absent). */
    fit(x: Float64Array, rows: number, dim: number, y: Int32Array): FittedClassifier;
}

const KERNELS: readonly SvmKernel[] = ['linear', 'rbf', 'poly'];

/** From a plan call as written in a spec: { call: 'svm', args: { kernel: 'linear', C: 100 } } or { call: 'logisticRegression', args: {} }. */
export function buildClassifier(call: PlanCall): Classifier {
    const spec = registry.find(call.call, ['classifier']);
    if (!spec) throw new PlanError(`unknown classifier '${call.call}'`);
    const args = Args.of(spec, call);
    switch (call.call) {
        case 'svm': {
            const kernel = args.string('kernel');
            if (!KERNELS.includes(kernel as SvmKernel)) {
                throw new PlanError(`\`svm\`'s \`kernel\` must be one of ${KERNELS.join(', ')}, got '${kernel}'`);
            }
            const C = args.number('C');
            if (!(C > 0)) throw new PlanError(`\`svm\`'s \`C\` must be positive, got ${C}`);
            return { name: 'svm', fit: (x, rows, dim, y) => fitSvc(x, rows, dim, y, { kernel: kernel as SvmKernel, C }) };
        }
        case 'logisticRegression': {
            const C = args.number('C');
            if (!(C > 0)) throw new PlanError(`\`logisticRegression\`'s \`C\` must be positive, got ${C}`);
            const maxIter = args.int('maxIter');
            if (maxIter < 1) throw new PlanError(`\`logisticRegression\`'s \`maxIter\` must be at least 1, got ${maxIter}`);
            return { name: 'lr', fit: (x, rows, dim, y) => fitLogistic(x, rows, dim, y, { C, maxIter }) };
        }
        case 'gradientBoosting': {
            const trees = args.int('trees'), depth = args.int('depth'), learningRate = args.number('learningRate');
            if (trees < 1) throw new PlanError(`\`gradientBoosting\`'s \`trees\` must be at least 1, got ${trees}`);
            if (depth < 1) throw new PlanError(`\`gradientBoosting\`'s \`depth\` must be at least 1, got ${depth}`);
            if (!(learningRate > 0)) throw new PlanError(`\`gradientBoosting\`'s \`learningRate\` must be positive, got ${learningRate}`);
            return { name: 'gbt', fit: (x, rows, dim, y) => fitBoosting(x, rows, dim, y, { trees, depth, learningRate }) };
        }
        case 'knn': {
            const k = args.int('k'), metric = args.string('metric');
            if (k < 1) throw new PlanError(`\`knn\`'s \`k\` must be at least 1, got ${k}`);
            if (metric !== 'euclidean' && metric !== 'cosine') throw new PlanError(`\`knn\`'s \`metric\` must be euclidean or cosine, got '${metric}'`);
            return { name: `${k}-nn`, fit: (x, rows, dim, y) => fitKnn(x, rows, dim, y, { k, metric }) };
        }
        default:
            throw new PlanError(`the classifier '${call.call}' is part of the language but not of the runtime yet`);
    }
}

/** The fraction of predictions equal to the truth. */
export function accuracy(truth: Int32Array, predicted: Int32Array): number {
    if (truth.length !== predicted.length) {
        throw new ClassifierInputError(`accuracy: ${truth.length} true labels but ${predicted.length} predictions`);
    }
    if (truth.length === 0) throw new ClassifierInputError('accuracy: no samples to score');
    let right = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) right++;
    return right / truth.length;
}
