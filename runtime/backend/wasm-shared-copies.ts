// tfjs-backend-wasm 4.22 copies the data for `Identity` and for a `Cast` to the same dtype. The engine runs Identity
// to keep every tensor a gradient needs (`saveTensorsForBackwardMode`), so a training step on n×n parameters
// paid about 17 copies of 10 MB per step (ALLG on splice: 1593² floats). Tensors are immutable and the wasm
// backend counts references per data id, so these now share the input's data, as the backend's own Reshape does
// (and as the cpu backend's Identity does).
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { Tf } from './select.js';

let installed = false;

interface RefCounting { incRef(dataId: object): void }

function share(x: TensorInfo, backend: unknown): TensorInfo {
    (backend as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** `tf`: the runtime's tfjs-core (loaded lazily by the backend selection). */
export function installWasmCopySharing(tf: Tf): void {
    if (installed) return;
    const identity = tf.getKernel('Identity', 'wasm'), cast = tf.getKernel('Cast', 'wasm');
    if (!identity || !cast) return;
    const identityFunc: KernelFunc = args => {
        const { x } = args.inputs as { x: TensorInfo };
        return x.dtype === 'string' ? identity.kernelFunc(args) : share(x, args.backend);
    };
    const castFunc: KernelFunc = args => {
        const { x } = args.inputs as { x: TensorInfo };
        return (args.attrs as { dtype: string }).dtype === x.dtype && x.dtype !== 'string' ? share(x, args.backend) : cast.kernelFunc(args);
    };
    tf.unregisterKernel('Identity', 'wasm');
    tf.registerKernel({ ...identity, kernelFunc: identityFunc } as KernelConfig);
    tf.unregisterKernel('Cast', 'wasm');
    tf.registerKernel({ ...cast, kernelFunc: castFunc } as KernelConfig);
    installed = true;
}
