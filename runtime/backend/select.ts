// Choosing the TensorFlow.js compute backend at the start of a run (docs/design: "Compute backends").
//
// The order of preference is the architecture's: tensorflow-gpu (tfjs-node-gpu), webgpu, tensorflow
// (tfjs-node), wasm, cpu. Only wasm and cpu are dependencies today; the other three are recognised, and when
// asked for (or on `auto`) the log says why each was passed over, then the selection falls back down the list.
//
// This module is deliberately lazy: it has no static import of TensorFlow.js (only `import type`, which is
// erased), so the language server, which imports `runtime/` for the registry, never loads it. TensorFlow.js is
// loaded with `import()` the first time `selectBackend` is called.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type BackendPreference = 'auto' | 'wasm' | 'cpu' | 'tensorflow' | 'tensorflow-gpu' | 'webgpu';
export type BackendName = Exclude<BackendPreference, 'auto'>;

/** The architecture's order of preference, best first. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

export interface SelectedBackend {
    /** The TensorFlow.js backend now active (`tf.getBackend()`). */
    readonly name: BackendName;
    /** In words: what computes (for the run record). */
    readonly device: string;
    /** Package versions, e.g. { '@tensorflow/tfjs-core': '4.22.0', '@tensorflow/tfjs-backend-wasm': '4.22.0' }. */
    readonly versions: Readonly<Record<string, string>>;
    /** One line per backend tried or passed over, and the one chosen. */
    readonly log: string[];
}

/** The packages each backend needs (the first is the one whose absence is reported). */
const PACKAGES: Readonly<Record<BackendName, readonly string[]>> = {
    'tensorflow-gpu': ['@tensorflow/tfjs-node-gpu'],
    webgpu: ['@tensorflow/tfjs-backend-webgpu', 'webgpu'],
    tensorflow: ['@tensorflow/tfjs-node'],
    wasm: ['@tensorflow/tfjs-backend-wasm'],
    cpu: ['@tensorflow/tfjs-backend-cpu'],
};

/** A `require` anchored at this file; works from the ESM sources and from a CommonJS bundle. */
function localRequire(): NodeJS.Require {
    // In an esbuild CommonJS bundle `import.meta.url` is undefined; `__filename` is defined there instead.
    const anchor = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
    return createRequire(anchor);
}

function isInstalled(pkg: string): boolean {
    try {
        localRequire().resolve(pkg);
        return true;
    } catch {
        return false;
    }
}

type Tf = typeof import('@tensorflow/tfjs-core');

let tfPromise: Promise<Tf> | undefined;

/** Loads tfjs-core (once). Exported for code that has already selected a backend and needs the same module. */
export function loadTfjsCore(): Promise<Tf> {
    return tfPromise ??= import('@tensorflow/tfjs-core');
}

let wasmPathsSet = false;

async function tryBackend(name: BackendName, log: string[]): Promise<SelectedBackend | undefined> {
    const missing = PACKAGES[name].find(p => !isInstalled(p));
    if (missing !== undefined) {
        log.push(`${name}: ${missing} is not installed`);
        return undefined;
    }
    if (name === 'tensorflow-gpu' || name === 'webgpu' || name === 'tensorflow') {
        // Installed by hand, but this version of the runtime does not load it yet (a later issue).
        log.push(`${name}: ${PACKAGES[name][0]} is installed, but this runtime does not support the ${name} backend yet`);
        return undefined;
    }
    const tf = await loadTfjsCore();
    const versions: Record<string, string> = { '@tensorflow/tfjs-core': tf.version_core };
    let device: string;
    try {
        if (name === 'wasm') {
            const wasm = await import('@tensorflow/tfjs-backend-wasm');
            if (!wasmPathsSet) {
                // The .wasm binaries ship in the package's dist/ folder; point the loader at them on disk. The
                // esbuild bundle (a later issue) must copy dist/*.wasm next to itself and pass that folder here.
                const dist = dirname(localRequire().resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
                wasm.setWasmPaths(join(dist, '/'));
                // One thread: tfjs-backend-wasm has no threaded build for Node (WASM_HAS_MULTITHREAD_SUPPORT is false
                // there); say so explicitly, so that the run record is right whatever the flag's default becomes.
                tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
                wasmPathsSet = true;
            }
            versions['@tensorflow/tfjs-backend-wasm'] = wasm.version_wasm;
            if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend(\'wasm\') returned false');
            await tf.ready();
            const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
            device = `WebAssembly (${simd ? 'SIMD' : 'no SIMD'}, ${wasm.getThreadsCount()} thread${wasm.getThreadsCount() === 1 ? '' : 's'})`;
        } else {
            const cpu = await import('@tensorflow/tfjs-backend-cpu');
            versions['@tensorflow/tfjs-backend-cpu'] = cpu.version_cpu;
            if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend(\'cpu\') returned false');
            await tf.ready();
            device = 'JavaScript (CPU, 1 thread)';
        }
    } catch (e) {
        log.push(`${name}: failed to initialise: ${e instanceof Error ? e.message : (e as { message?: string })?.message ?? String(e)}`);
        return undefined;
    }
    if (tf.getBackend() !== name) {
        log.push(`${name}: initialised, but TensorFlow.js is on ${tf.getBackend()}`);
        return undefined;
    }
    log.push(`${name}: selected (${device})`);
    return { name, device, versions, log };
}

/**
 * Makes one TensorFlow.js backend active and reports which. `auto` tries the architecture's order from the top;
 * a named backend is tried first and, if it cannot be had, the selection falls back down the same order (so
 * always, in the end, to wasm and then cpu). Throws only if not even cpu can be initialised.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<SelectedBackend> {
    const start = preference === 'auto' ? 0 : BACKEND_ORDER.indexOf(preference);
    if (start < 0) throw new RangeError(`unknown backend '${preference as string}' (expected auto or one of ${BACKEND_ORDER.join(', ')})`);
    const log: string[] = [];
    if (preference !== 'auto') log.push(`preferred: ${preference}`);
    for (const name of BACKEND_ORDER.slice(start)) {
        const chosen = await tryBackend(name, log);
        if (chosen) return chosen;
    }
    throw new Error(`no TensorFlow.js backend could be initialised:\n${log.join('\n')}`);
}
