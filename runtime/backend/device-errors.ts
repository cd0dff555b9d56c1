// WebGPU reports a command it rejects (a buffer over the device's binding limit, out of memory) later, as an event on
// the device; the kernel's output is left as zeros and nothing throws, so a run would go on with wrong numbers
// (seen: a sum over a 7000×7000 tensor on Mesa's lavapipe came back 0). The first such error is kept here, and the
// trainer stops the run with it at the end of the epoch.
import type { Tf } from './select.js';

export class DeviceError extends Error {
    override readonly name = 'DeviceError';
}

interface WebgpuDevice {
    onuncapturederror: ((event: { error?: { message?: string } }) => void) | null;
    readonly limits: { readonly maxStorageBufferBindingSize: number };
}

let firstError: string | undefined;
/** The tfjs-core the backend selection loaded (this module must not load it: see index.ts). */
let tfjs: Tf | undefined;

const webgpuDevice = (): WebgpuDevice | undefined =>
    tfjs?.getBackend() === 'webgpu' ? (tfjs.backend() as unknown as { device?: WebgpuDevice }).device : undefined;

/** Starts keeping the WebGPU device's uncaptured errors (called once the backend is ready). */
export function watchDeviceErrors(tf: Tf): void {
    tfjs = tf;
    const device = webgpuDevice();
    if (!device) return;
    firstError = undefined;
    device.onuncapturederror = event => { firstError ??= event.error?.message?.trim() ?? 'an unnamed error'; };
}

/** Throws the first error the device reported since the last check, if any. */
export function throwIfDeviceFailed(): void {
    if (firstError === undefined) return;
    const message = firstError;
    firstError = undefined;
    throw new DeviceError(`the GPU rejected a computation, so its results would be wrong and the run stops: ${message.split('\n')[0]}`);
}

/** The largest tensor, in bytes, one kernel can bind on this backend; undefined where only memory limits it. */
export function largestBinding(): number | undefined {
    return webgpuDevice()?.limits.maxStorageBufferBindingSize;
}
