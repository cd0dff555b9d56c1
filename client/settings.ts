// The extension's settings (package.json `contributes.configuration`), read in one place.
import * as vscode from 'vscode';
import type { BackendPreference } from '../server/protocol.js';

export const BACKENDS: readonly { readonly id: BackendPreference; readonly detail: string }[] = [
    { id: 'auto', detail: 'the best one that loads: CUDA, then WebGPU on a hardware GPU, native CPU, WebAssembly, plain JavaScript' },
    { id: 'tensorflow-gpu', detail: 'CUDA through @tensorflow/tfjs-node-gpu (CUDA 11.2 and cuDNN 8.1)' },
    { id: 'webgpu', detail: 'WebGPU through Dawn (any Vulkan / Metal / D3D12 GPU)' },
    { id: 'tensorflow', detail: 'native CPU through @tensorflow/tfjs-node' },
    { id: 'wasm', detail: 'WebAssembly with SIMD: works everywhere' },
    { id: 'cpu', detail: 'plain JavaScript: slowest, the last resort' },
];

export function backendSetting(): BackendPreference {
    const value = vscode.workspace.getConfiguration('expspec').get<string>('backend', 'auto');
    return (BACKENDS.some(b => b.id === value) ? value : 'auto') as BackendPreference;
}

export function showResultsOnRun(): boolean {
    return vscode.workspace.getConfiguration('expspec').get<boolean>('showResultsOnRun', true);
}
