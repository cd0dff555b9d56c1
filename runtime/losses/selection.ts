// The loss terms of the auto-encoder based selection methods (methods.md §1): reconstruction, ALLG's graph
// regularisers and self-selection loss, and DUAL's objective. Every norm is summed over all entries, as the
// papers write them (‖·‖²_F, not a mean), so that their weights α, β, λ mean what they mean there.
import * as tf from '@tensorflow/tfjs-core';
import { Args, PlanError } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import '../tensor/gradients.js';
import { registry } from '../registry/index.js';
import type { LossTerm, TermInput } from './types.js';

/** ‖A‖²_F */
const squaredNorm = (a: tf.Tensor): tf.Scalar => tf.sum(tf.square(a));

/**
 * ‖Q‖∞,1 = Σ_i max_j |q_ij|: the sum over rows of each row's sup-norm. Its gradient is sign(q_ij) at each row's
 * first largest |q_ij| and 0 elsewhere, as PyTorch's `max(dim)` gives it: n values scattered into an n×n zero
 * matrix. Written out because tfjs's gradient of `max` compares every entry with its row's maximum by a
 * broadcast `equal`, which on wasm took a quarter of an ALLG training step (370 ms at n = 1593).
 */
const infinityOneNormOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const q = args[0] as tf.Tensor2D, save = args[1] as tf.GradSaveFunc;
    const [rows, cols] = q.shape;
    const at = tf.stack([tf.range(0, rows, 1, 'int32'), tf.argMax(tf.abs(q), 1)], 1);
    const largest = tf.gatherND(q, at);
    save([at, largest]);
    return {
        value: tf.sum(tf.abs(largest)),
        gradFunc: (dy: tf.Tensor, [where, values]: tf.Tensor[]) => tf.scatterND(where!, tf.mul(tf.sign(values!), dy), [rows, cols]),
    };
});
export const infinityOneNorm = (q: tf.Tensor2D): tf.Scalar => infinityOneNormOp(q) as tf.Scalar;

/** ‖Q‖₂,₁ = Σ_i ‖q_i‖₂: the sum over rows of each row's Euclidean norm (ε inside the root keeps the gradient finite at 0). */
export function twoOneNorm(q: tf.Tensor2D): tf.Scalar {
    return tf.sum(tf.sqrt(tf.add(tf.sum(tf.square(q), 1), 1e-12)));
}

function args(name: string, call: PlanCall): Args {
    return Args.of(registry.find(name, ['objective'])!, call);
}

function needs<T>(value: T | undefined, term: string, what: string): T {
    if (value === undefined) throw new PlanError(`\`${term}\` needs ${what}`);
    return value;
}

export function reconstructionTerm(): LossTerm {
    return {
        name: 'reconstruction',
        loss: ({ input, reconstruction }: TermInput) =>
            squaredNorm(tf.sub(needs(input, 'reconstruction', 'its input'), needs(reconstruction, 'reconstruction', 'an auto-encoder: define the model as `autoencoder(encoder: ..., decoder: mirror)`'))),
    };
}

/**
 * α‖a‖²_F + β‖a − b‖²_F, with its gradients written out (2αa + 2β(a − b) in a, −2β(a − b) in b): tfjs's own
 * gradient of the two squared norms takes about twice as many passes over the n×n matrices.
 */
const graphPenaltyOp = (alpha: number, beta: number) => tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const a = args[0] as tf.Tensor, b = args[1] as tf.Tensor, save = args[2] as tf.GradSaveFunc;
    const difference = tf.sub(a, b);
    save([a, difference]);
    return {
        value: tf.add(tf.mul(alpha, squaredNorm(a)), tf.mul(beta, squaredNorm(difference))),
        gradFunc: (dy: tf.Tensor, [saved, d]: tf.Tensor[]) => {
            const inB = tf.mul(d!, tf.mul(dy, -2 * beta));
            return [tf.sub(tf.mul(saved!, tf.mul(dy, 2 * alpha)), inB), inB];
        },
    };
});

/** α‖a‖²_F + β‖a − b‖²_F */
function graphPenalty(alpha: number, beta: number, a: tf.Tensor2D, b: tf.Tensor2D): tf.Scalar {
    return graphPenaltyOp(alpha, beta)(a, b) as tf.Scalar;
}

const needsGraph = 'the model\'s `graph: learnableGraph(...)` in a stage that trains it';

/** L_a = α‖A₁‖²_F + β‖A₁ − A₀‖²_F */
export function graphPriorTerm(call: PlanCall): LossTerm {
    const a = args('graphPrior', call);
    const alpha = a.number('alpha'), beta = a.number('beta');
    return {
        name: 'graphPrior',
        loss({ graph }: TermInput): tf.Scalar {
            const { adjacency, prior } = needs(graph, 'graphPrior', needsGraph);
            return graphPenalty(alpha, beta, adjacency[0]!, prior);
        },
    };
}

/** L_p = Σ_{l=2..N} α′‖A_l‖²_F + β′‖A_l − A_{l−1}‖²_F */
export function propagationTerm(call: PlanCall): LossTerm {
    const a = args('propagation', call);
    const alpha = a.number('alpha'), beta = a.number('beta');
    return {
        name: 'propagation',
        loss({ graph }: TermInput): tf.Scalar {
            const { adjacency } = needs(graph, 'propagation', needsGraph);
            let total: tf.Scalar = tf.scalar(0);
            for (let l = 1; l < adjacency.length; l++) {
                total = tf.add(total, graphPenalty(alpha, beta, adjacency[l]!, adjacency[l - 1]!));
            }
            return total;
        },
    };
}

/** L_s = ‖S_out − S_out Q‖²_F + λ‖Q‖∞,1 */
export function selfSelectionTerm(call: PlanCall): LossTerm {
    const lambda = args('selfSelection', call).number('lambda');
    return {
        name: 'selfSelection',
        loss({ selection, report }: TermInput): tf.Scalar {
            const { q, input, output } = needs(selection, 'selfSelection', 'the model\'s `selection: selfSelection()`');
            const selfExpression = squaredNorm(tf.sub(input, output)), supNorm = infinityOneNorm(q);
            // logged apart, as the paper's convergence figure plots them (the total and the sup-norm loss of Q)
            report?.('selfExpression', selfExpression);
            report?.('supNorm', supNorm);
            return tf.add(selfExpression, tf.mul(lambda, supNorm));
        },
    };
}

/** ‖X − X̄‖²_F + α(‖Z − Z Q‖²_F + λ‖Q‖₂,₁) + β(‖C − Z P‖²_F + λ‖P‖₂,₁) */
export function dualTerm(call: PlanCall): LossTerm {
    const a = args('dualLoss', call);
    const lambda = a.number('lambda'), alpha = a.number('alpha'), beta = a.number('beta');
    return {
        name: 'dualLoss',
        loss({ input, reconstruction, selection }: TermInput): tf.Scalar {
            const s = needs(selection, 'dualLoss', 'a `dual(...)` model');
            const rebuilt = needs(reconstruction, 'dualLoss', 'a `dual(...)` model');
            const p = needs(s.p, 'dualLoss', 'a `dual(...)` model'), centres = needs(s.centres, 'dualLoss', 'a `dual(...)` model');
            const selfExpression = tf.add(squaredNorm(tf.sub(s.input, s.output)), tf.mul(lambda, twoOneNorm(s.q)));
            const clusters = tf.add(squaredNorm(tf.sub(centres, tf.matMul(p, s.input, true, false))), tf.mul(lambda, twoOneNorm(p)));
            return tf.addN([squaredNorm(tf.sub(needs(input, 'dualLoss', 'its input'), rebuilt)), tf.mul(alpha, selfExpression), tf.mul(beta, clusters)]) as tf.Scalar;
        },
    };
}
