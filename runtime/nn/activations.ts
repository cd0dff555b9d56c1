// Activation functions by registry name.
import * as tf from '@tensorflow/tfjs-core';
import { Args, PlanError } from '../plan/args.js';
import type { PlanCall } from '../plan/types.js';
import { registry } from '../registry/index.js';

export type Activation = (x: tf.Tensor2D) => tf.Tensor2D;

/** The activation a spec names (`relu`, `leakyRelu(0.2)`). */
export function activation(call: PlanCall): Activation {
    const spec = registry.find(call.call, ['activation']);
    if (!spec) throw new PlanError(`unknown activation '${call.call}'`);
    const args = Args.of(spec, call);
    switch (call.call) {
        case 'relu': return x => tf.relu(x);
        case 'leakyRelu': {
            const slope = args.number('slope');
            return x => tf.leakyRelu(x, slope);
        }
        case 'tanh': return x => tf.tanh(x);
        case 'sigmoid': return x => tf.sigmoid(x);
        case 'gelu': return x => tf.tidy(() => {
            const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
            return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
        });
        case 'identity': return x => x;
        default: throw new PlanError(`the activation '${call.call}' is part of the language but not of the runtime yet`);
    }
}
