// Running the runtime's own WGSL programs on tfjs-backend-webgpu: a program is the backend's `WebGPUProgram`
// shape (inputs bound as read-only storage arrays named by `variableNames`, one `result` array written, a
// `Uniforms` struct extended by `uniforms`), run by `WebGPUBackend.runWebGPUProgram`, which compiles each shader
// once per `shaderKey` and input ranks and caches the pipeline.
import type { DataType, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** What the runtime needs of `@tensorflow/tfjs-backend-webgpu`'s `webgpu_util`. */
export interface WebGpuUtil {
    flatDispatchLayout(shape: number[]): { x: number[] };
    computeDispatch(layout: { x: number[] }, shape: number[], workgroupSize: [number, number, number]): [number, number, number];
}

interface WebGpuBackendLike {
    runWebGPUProgram(program: object, inputs: TensorInfo[], dtype: DataType, uniforms?: readonly ProgramUniform[]): TensorInfo;
}

let util: WebGpuUtil | undefined;
let wanted = true;

/** Called by the backend selection once `@tensorflow/tfjs-backend-webgpu` is loaded. */
export function enableWebGpuKernels(module: { webgpu_util: WebGpuUtil }): void {
    util = module.webgpu_util;
}

/**
 * Whether WebGPU runs the runtime's fused kernels (the default) or the tfjs ops they replace: the benchmarks
 * time both, the tests compare both.
 */
export function useWebGpuKernels(on: boolean): void {
    wanted = on;
}

/** Whether the fused kernels run now: wanted, the WebGPU backend is the current one and its helpers are known. */
export function webGpuKernelsActive(): boolean {
    return wanted && util !== undefined && tf.getBackend() === 'webgpu';
}

/** A uniform of a program: `f32(…)` or `i32(…)`, in the order of the program's `uniforms` declaration. */
export interface ProgramUniform { readonly type: 'float32' | 'int32'; readonly data: number[] }
export const f32 = (value: number): ProgramUniform => ({ type: 'float32', data: [value] });
export const i32 = (value: number): ProgramUniform => ({ type: 'int32', data: [value] });

/**
 * A program of `invocations` invocations (`fn main(index : i32)`, index 0 … invocations − 1) over a flat output of
 * `outputLength` elements (default: one invocation per element); `body` is the WGSL of main's guarded body.
 */
export class FlatProgram {
    readonly outputShape: number[];
    readonly dispatchLayout: { x: number[] };
    readonly dispatch: [number, number, number];
    readonly workgroupSize: [number, number, number] = [128, 1, 1];
    readonly size = true;
    readonly uniforms: string;
    readonly invocations: number;

    constructor(
        readonly shaderKey: string,
        readonly variableNames: string[],
        uniforms: string,
        private readonly functions: string,
        private readonly body: string,
        outputLength: number,
        invocations = outputLength,
    ) {
        if (!util) throw new Error('the WebGPU kernels are not enabled');
        // `size` (tfjs's uniform) is the output's length; the guard needs the number of invocations
        this.uniforms = `invocations : i32, ${uniforms}`;
        this.outputShape = [outputLength];
        this.dispatchLayout = util.flatDispatchLayout([invocations]);
        this.dispatch = util.computeDispatch(this.dispatchLayout, [invocations], this.workgroupSize);
        this.invocations = invocations;
    }

    getUserCode(): string {
        return `${this.functions}\nfn main(index : i32) { if (index < uniforms.invocations) { ${this.body} } }`;
    }
}

/** Runs `program` on the current WebGPU backend: a new float32 tensor of the program's output shape. */
export function runProgram(program: FlatProgram, inputs: Tensor[], uniforms: ProgramUniform[]): Tensor {
    if (!webGpuKernelsActive()) throw new Error(`${program.shaderKey} needs the WebGPU backend`);
    const backend = tf.backend() as unknown as WebGpuBackendLike;
    const info = backend.runWebGPUProgram(program, inputs, 'float32', [i32(program.invocations), ...uniforms]);
    return tf.engine().makeTensorFromTensorInfo(info);
}
