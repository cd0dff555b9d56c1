// Gradients: `@tensorflow/tfjs` registers one for every differentiable kernel (tfjs-core's Node build
// registers none). Comparisons have none there, yet `where(a <= b, ...)` puts them on the tape (the
// gradient of Select flows into its condition); they are piecewise constant, so their gradient is zero.
import '@tensorflow/tfjs';
import { cast, getGradient, registerGradient, zerosLike, type Tensor } from '@tensorflow/tfjs-core';

/** A zero gradient for an input (float32 whatever the input's dtype: gradients are real-valued). */
const zeroGradient = (input: Tensor) => () => cast(zerosLike(input), 'float32');

const COMPARISONS = ['Less', 'LessEqual', 'Greater', 'GreaterEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];

for (const kernelName of COMPARISONS) {
    if (getGradient(kernelName)) continue;
    registerGradient({
        kernelName, inputsToSave: ['a', 'b'],
        gradFunc: (_dy, saved) => {
            const [a, b] = saved as Tensor[];
            return { a: zeroGradient(a!), b: zeroGradient(b!) };
        },
    });
}
if (!getGradient('LogicalNot')) {
    registerGradient({ kernelName: 'LogicalNot', inputsToSave: ['x'], gradFunc: (_dy, saved) => ({ x: zeroGradient((saved as Tensor[])[0]!) }) });
}
