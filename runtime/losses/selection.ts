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

/** ‖Q‖∞,1 = Σ_i max_j |q_ij|: the sum over rows of each row's sup-norm. */
export function infinityOneNorm(q: tf.Tensor2D): tf.Scalar {
    return tf.sum(tf.max(tf.abs(q), 1));
}

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

const needsGraph = 'the model\'s `graph: learnableGraph(...)` in a stage that trains it';

/** L_a = α‖A₁‖²_F + β‖A₁ − A₀‖²_F */
export function graphPriorTerm(call: PlanCall): LossTerm {
    const a = args('graphPrior', call);
    const alpha = a.number('alpha'), beta = a.number('beta');
    return {
        name: 'graphPrior',
        loss({ graph }: TermInput): tf.Scalar {
            const { adjacency, prior } = needs(graph, 'graphPrior', needsGraph);
            const first = adjacency[0]!;
            return tf.add(tf.mul(alpha, squaredNorm(first)), tf.mul(beta, squaredNorm(tf.sub(first, prior))));
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
                const step = tf.add(tf.mul(alpha, squaredNorm(adjacency[l]!)), tf.mul(beta, squaredNorm(tf.sub(adjacency[l]!, adjacency[l - 1]!))));
                total = tf.add(total, step);
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
        loss({ selection }: TermInput): tf.Scalar {
            const { q, input, output } = needs(selection, 'selfSelection', 'the model\'s `selection: selfSelection()`');
            return tf.add(squaredNorm(tf.sub(input, output)), tf.mul(lambda, infinityOneNorm(q)));
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
