// Möbius addition on rows of the Poincaré ball (curvature −1), as TensorFlow.js ops.
import * as tf from '@tensorflow/tfjs-core';

/** x ⊕ y = ((1 + 2⟨x,y⟩ + ‖y‖²)x + (1 − ‖x‖²)y) / (1 + 2⟨x,y⟩ + ‖x‖²‖y‖²), row by row. */
export function mobiusAddTf(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
        const xy = tf.sum(tf.mul(x, y), 1, true), x2 = tf.sum(tf.square(x), 1, true), y2 = tf.sum(tf.square(y), 1, true);
        const num = tf.add(tf.mul(tf.add(tf.add(1, tf.mul(2, xy)), y2), x), tf.mul(tf.sub(1, x2), y));
        const den = tf.add(tf.add(1, tf.mul(2, xy)), tf.mul(x2, y2));
        return tf.div(num, tf.maximum(den, 1e-15)) as tf.Tensor2D;
    });
}
