// tfjs-backend-wasm 4.22 multiplies with a transposed operand (`transposeA` / `transposeB`) 10–15 times slower
// than without: 1593×1593ᵀ · 1593×64 takes 294 ms against 21 ms for the same product with the transpose
// materialised first (10 ms), on this project's 2-core VM. Every matMul's gradient uses those flags, so every
// backward pass paid it. This wraps the wasm BatchMatMul kernel: a transposed operand is transposed explicitly by
// the backend's own Transpose kernel, then multiplied without flags. Same arithmetic, same results.
import type { Tf } from './select.js';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

let installed = false;

/** Swaps the last two axes of a 2-D or 3-D operand with the backend's Transpose kernel. */
function transposeLast(x: TensorInfo, transpose: KernelFunc, backend: unknown): TensorInfo {
    const perm = x.shape.length === 3 ? [0, 2, 1] : [1, 0];
    return transpose({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
}

/** `tf`: the runtime's tfjs-core (loaded lazily by the backend selection). */
export function installWasmMatMulFix(tf: Tf): void {
    if (installed) return;
    const original = tf.getKernel('BatchMatMul', 'wasm');
    const transpose = tf.getKernel('Transpose', 'wasm');
    if (!original || !transpose) return;
    const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
        const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
        if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
        let { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
        const made: TensorInfo[] = [];
        if (transposeA) { a = transposeLast(a, transpose.kernelFunc, backend); made.push(a); }
        if (transposeB) { b = transposeLast(b, transpose.kernelFunc, backend); made.push(b); }
        try {
            return original.kernelFunc({ inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
        } finally {
            for (const t of made) (backend as { disposeData(id: object): void }).disposeData(t.dataId);
        }
    };
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({ ...original, kernelFunc } as KernelConfig);
    installed = true;
}
