// Gradient-boosted decision trees, as scikit-learn's GradientBoostingClassifier (the `gradientBoosting`
// classifier; CoLES's downstream model): the raw score starts at the class prior's log-odds (log-probabilities
// for several classes); every round fits one exact greedy regression tree per class (one for two classes) to the
// negative gradient of the log-loss, sets each leaf to a Newton step Σ r / Σ p(1 − p) (times (K − 1)/K for K
// classes), and adds it shrunk by the learning rate.
//
// Trees follow scikit-learn's DecisionTreeRegressor with the `friedman_mse` criterion: features are read as
// float32, a node splits between consecutive distinct values (more than 1e-7 apart) at their midpoint, at the
// split that maximises n_l n_r (ȳ_l − ȳ_r)² / (n_l + n_r); a node whose targets have no variance is a leaf.
// Written here rather than taken from a library: no maintained JavaScript package does exact (non-histogram)
// boosting with scikit-learn's choices, and matching them lets the fixtures check every score.
//
// Speed: the rows are sorted once per feature; each level of a tree is grown in one pass over that order per
// feature for all of the level's nodes together, so a level costs O(rows × features) however many nodes it has.
import { checkPredict, checkTraining, classesFromScores, ClassifierInputError, ConstantClassifier, encodeClasses, type FittedClassifier } from './common.js';

export interface BoostingOptions {
    /** Boosting rounds. */
    readonly trees?: number;
    /** Depth of each tree. */
    readonly depth?: number;
    readonly learningRate?: number;
    /** A positive weight per training row (1 when absent), as scikit-learn's `sample_weight`. */
    readonly weights?: Float64Array;
}

/** scikit-learn's FEATURE_THRESHOLD: values closer than this are not split apart. */
const FEATURE_THRESHOLD = 1e-7;
/** A node whose targets vary less than this is a leaf (scikit-learn's EPSILON, the double epsilon). */
const DOUBLE_EPSILON = 2 ** -52;
const FLOAT32_EPSILON = 2 ** -23;

/** A regression tree in arrays; node 0 is the root, a leaf has feature −1. */
interface Tree {
    readonly feature: Int32Array;
    readonly threshold: Float64Array;
    readonly left: Int32Array;
    readonly right: Int32Array;
    readonly value: Float64Array;
}

function leafOf(tree: Tree, x: Float32Array, row: number, dim: number): number {
    let node = 0;
    while (tree.feature[node]! >= 0) node = x[row * dim + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    return node;
}

/** A fitted ensemble. */
export class BoostingModel implements FittedClassifier {
    constructor(
        /** Sorted class codes. */
        readonly classes: Int32Array,
        readonly dim: number,
        /** The prior's raw score per output column. */
        readonly initial: Float64Array,
        /** Per round, one tree per output column. */
        readonly rounds: readonly (readonly Tree[])[],
        readonly learningRate: number,
    ) { }

    /** Output columns: 1 for two classes (the log-odds of classes[1]), one per class otherwise. */
    get outputs(): number { return this.initial.length; }

    /** Raw scores, rows × outputs (scikit-learn's decision_function). */
    decisionFunction(x: Float64Array, rows: number): Float64Array {
        checkPredict('gradientBoosting', x, rows, this.dim);
        const x32 = Float32Array.from(x);
        const k = this.outputs;
        const out = new Float64Array(rows * k);
        for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) out[r * k + c] = this.initial[c]!;
        for (const trees of this.rounds) {
            trees.forEach((tree, c) => {
                for (let r = 0; r < rows; r++) out[r * k + c]! += this.learningRate * tree.value[leafOf(tree, x32, r, this.dim)]!;
            });
        }
        return out;
    }

    predict(x: Float64Array, rows: number): Int32Array {
        return classesFromScores(this.decisionFunction(x, rows), rows, this.outputs, this.classes);
    }
}

export function fitBoosting(x: Float64Array, rows: number, dim: number, y: Int32Array, options: BoostingOptions = {}): BoostingModel | ConstantClassifier {
    const trees = options.trees ?? 100, depth = options.depth ?? 3, learningRate = options.learningRate ?? 0.1;
    checkTraining('gradientBoosting', x, rows, dim, y);
    const weights = options.weights ?? new Float64Array(rows).fill(1);
    if (weights.length !== rows || weights.some(w => !(w > 0 && Number.isFinite(w)))) {
        throw new ClassifierInputError(`gradientBoosting: the weights must be ${rows} positive finite numbers, one per training row`);
    }
    const { classes, index } = encodeClasses(y);
    if (classes.length === 1) return new ConstantClassifier('gradientBoosting', classes[0]!, dim);
    const x32 = Float32Array.from(x);
    const sorted = Array.from({ length: dim }, (_, f) => Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) => x32[a * dim + f]! - x32[b * dim + f]!));

    const k = classes.length === 2 ? 1 : classes.length;
    // the (weighted) class prior, clipped as scikit-learn clips it
    const initial = new Float64Array(k);
    const counts = new Float64Array(classes.length);
    let total = 0;
    for (let i = 0; i < rows; i++) { counts[index[i]!]! += weights[i]!; total += weights[i]!; }
    const clip = (p: number) => Math.min(Math.max(p, FLOAT32_EPSILON), 1 - FLOAT32_EPSILON);
    if (k === 1) { const p = clip(counts[1]! / total); initial[0] = Math.log(p / (1 - p)); }
    else for (let c = 0; c < k; c++) initial[c] = Math.log(clip(counts[c]! / total));

    const raw = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) raw.set(initial, i * k);
    const probability = new Float64Array(rows * k), residual = new Float64Array(rows);
    const rounds: Tree[][] = [];
    for (let round = 0; round < trees; round++) {
        // every class's gradient comes from the scores before this round's trees
        for (let i = 0; i < rows; i++) {
            if (k === 1) { probability[i] = 1 / (1 + Math.exp(-raw[i]!)); continue; }
            let max = -Infinity;
            for (let c = 0; c < k; c++) max = Math.max(max, raw[i * k + c]!);
            let sum = 0;
            for (let c = 0; c < k; c++) sum += Math.exp(raw[i * k + c]! - max);
            const log = max + Math.log(sum);
            for (let c = 0; c < k; c++) probability[i * k + c] = Math.exp(raw[i * k + c]! - log);
        }
        const roundTrees: Tree[] = [];
        for (let c = 0; c < k; c++) {
            const positive = k === 1 ? 1 : c;
            for (let i = 0; i < rows; i++) residual[i] = (index[i] === positive ? 1 : 0) - probability[i * k + c]!;
            const { tree, leaves } = growTree(x32, rows, dim, sorted, residual, weights, depth);
            // Newton leaf values
            const numerator = new Float64Array(tree.value.length), denominator = new Float64Array(tree.value.length);
            for (let i = 0; i < rows; i++) {
                const p = probability[i * k + c]!;
                numerator[leaves[i]!]! += weights[i]! * residual[i]!;
                denominator[leaves[i]!]! += weights[i]! * p * (1 - p);
            }
            const scale = k === 1 ? 1 : (k - 1) / k;
            for (let node = 0; node < tree.value.length; node++) {
                if (tree.feature[node]! < 0) tree.value[node] = Math.abs(denominator[node]!) < 1e-150 ? 0 : (numerator[node]! * scale) / denominator[node]!;
            }
            for (let i = 0; i < rows; i++) raw[i * k + c]! += learningRate * tree.value[leaves[i]!]!;
            roundTrees.push(tree);
        }
        rounds.push(roundTrees);
    }
    return new BoostingModel(classes, dim, initial, rounds, learningRate);
}

/**
 * An exact greedy regression tree of at most `depth` levels on `target` (rows weighted), and the leaf every row
 * ends in. Ties between splits go to the lowest feature (scikit-learn visits features in a random order).
 */
function growTree(x: Float32Array, rows: number, dim: number, sorted: readonly Int32Array[], target: Float64Array, weights: Float64Array, depth: number): { tree: Tree; leaves: Int32Array } {
    const feature: number[] = [-1], threshold: number[] = [0], left: number[] = [-1], right: number[] = [-1];
    // per node: rows, their total weight, the weighted sums of the target and of its square
    const count: number[] = [rows], weight: number[] = [0], sum: number[] = [0], squares: number[] = [0];
    for (let i = 0; i < rows; i++) { weight[0]! += weights[i]!; sum[0]! += weights[i]! * target[i]!; squares[0]! += weights[i]! * target[i]! ** 2; }
    const nodeOf = new Int32Array(rows);
    let level = [0];
    for (let d = 0; d < depth && level.length > 0; d++) {
        // the level's nodes that may split: two rows or more, targets that vary
        const open = level.filter(a => count[a]! >= 2 && squares[a]! / weight[a]! - (sum[a]! / weight[a]!) ** 2 > DOUBLE_EPSILON);
        if (open.length === 0) break;
        // each node's position among the open ones (−1: not open)
        const slotOf = new Int32Array(feature.length).fill(-1);
        open.forEach((a, s) => { slotOf[a] = s; });
        const bestProxy = new Float64Array(open.length).fill(-Infinity), bestFeature = new Int32Array(open.length).fill(-1), bestThreshold = new Float64Array(open.length);
        const leftWeight = new Float64Array(open.length), leftSum = new Float64Array(open.length), last = new Float64Array(open.length);
        const seen = new Uint8Array(open.length);
        for (let f = 0; f < dim; f++) {
            leftWeight.fill(0); leftSum.fill(0); seen.fill(0);
            for (const i of sorted[f]!) {
                const s = slotOf[nodeOf[i]!]!;
                if (s < 0) continue;
                const v = x[i * dim + f]!;
                if (seen[s] && v > last[s]! + FEATURE_THRESHOLD) {
                    const a = open[s]!;
                    const nLeft = leftWeight[s]!, nRight = weight[a]! - nLeft, sumLeft = leftSum[s]!, sumRight = sum[a]! - sumLeft;
                    const diff = sumLeft * nRight - sumRight * nLeft;
                    const proxy = (diff * diff) / (nLeft * nRight);
                    if (proxy > bestProxy[s]!) {
                        bestProxy[s] = proxy;
                        bestFeature[s] = f;
                        const mid = last[s]! / 2 + v / 2;
                        bestThreshold[s] = mid === v || !Number.isFinite(mid) ? last[s]! : mid;
                    }
                }
                leftWeight[s]! += weights[i]!;
                leftSum[s]! += weights[i]! * target[i]!;
                last[s] = v;
                seen[s] = 1;
            }
        }
        const next: number[] = [];
        open.forEach((a, s) => {
            if (bestFeature[s]! < 0) return;   // every feature constant here
            feature[a] = bestFeature[s]!;
            threshold[a] = bestThreshold[s]!;
            for (const side of [left, right]) {
                side[a] = feature.length;
                next.push(feature.length);
                feature.push(-1); threshold.push(0); left.push(-1); right.push(-1); count.push(0); weight.push(0); sum.push(0); squares.push(0);
            }
        });
        for (let i = 0; i < rows; i++) {
            const a = nodeOf[i]!;
            if (feature[a]! < 0) continue;
            const child = x[i * dim + feature[a]!]! <= threshold[a]! ? left[a]! : right[a]!;
            nodeOf[i] = child;
            count[child]!++; weight[child]! += weights[i]!; sum[child]! += weights[i]! * target[i]!; squares[child]! += weights[i]! * target[i]! ** 2;
        }
        level = next;
    }
    const tree: Tree = {
        feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
        left: Int32Array.from(left), right: Int32Array.from(right), value: new Float64Array(feature.length),
    };
    return { tree, leaves: nodeOf };
}

/** The splits of a tree in preorder, [feature, threshold] (the fixtures list scikit-learn's first tree so). */
export function treeSplits(model: BoostingModel, round = 0, output = 0): [number, number][] {
    const tree = model.rounds[round]![output]!;
    const out: [number, number][] = [];
    const visit = (node: number) => {
        if (tree.feature[node]! < 0) return;
        out.push([tree.feature[node]!, tree.threshold[node]!]);
        visit(tree.left[node]!);
        visit(tree.right[node]!);
    };
    visit(0);
    return out;
}
