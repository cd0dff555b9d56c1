// Choosing the TensorFlow.js compute backend at the start of a run (docs/design: "Compute backends").
//
// The order of preference is the architecture's: tensorflow-gpu (tfjs-node-gpu), webgpu, tensorflow
// (tfjs-node), wasm, cpu. wasm and cpu are dependencies; the other three are optional dependencies (tfjs-node
// downloads libtensorflow when it installs, which fails offline; webgpu needs a GPU driver). Whatever cannot be
// had is logged with the reason, and the selection falls back down the list.
//
// This module is deliberately lazy: it has no static import of TensorFlow.js (only `import type`, which is
// erased), so the language server, which imports `runtime/` for the registry, never loads it. TensorFlow.js is
// loaded with `import()` the first time `selectBackend` is called.

import { createRequire } from 'node:module';
import { backendSearchRoots, explainLoadFailure, loadWithSharedCore, resolvePackage } from './packages.js';
import { dirname, join } from 'node:path';
import { installWasmMatMulFix } from './wasm-matmul.js';
import { installWasmCopySharing } from './wasm-shared-copies.js';
import { watchDeviceErrors } from './device-errors.js';
import type { WebGpuUtil } from './webgpu/program.js';
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

export type Tf = typeof import('@tensorflow/tfjs-core');

let tfPromise: Promise<Tf> | undefined;

/** Loads tfjs-core (once). Exported for code that has already selected a backend and needs the same module. */
export function loadTfjsCore(): Promise<Tf> {
    return tfPromise ??= import('@tensorflow/tfjs-core');
}

let wasmPathsSet = false;

function navigatorCores(): number {
    return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/** The version in a package's package.json, read without loading the package. */
function packageVersion(pkg: string): string | undefined {
    try {
        return (localRequire()(`${pkg}/package.json`) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

/**
 * Dawn's Node binding (`webgpu`) made the global `navigator.gpu`, then a high-performance adapter requested. Returns
 * the adapter's description, or why there is none. A software adapter (Mesa's lavapipe, SwiftShader) runs the same
 * kernels on the CPU, much slower than wasm: it is taken only when WebGPU is asked for by name.
 */
async function webgpuAdapter(named: boolean): Promise<string | { readonly description: string }> {
    const g = globalThis as unknown as { navigator?: { gpu?: GpuLike } };
    if (!g.navigator?.gpu) {
        const { create, globals } = await import('webgpu') as unknown as { create: (flags: string[]) => GpuLike; globals: Record<string, unknown> };
        Object.assign(globalThis, globals);
        const gpu = create([]);
        if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
        else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    }
    const adapter = await g.navigator!.gpu!.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return 'no GPU adapter: Dawn found no Vulkan, Metal or Direct3D 12 device (on Linux: is libvulkan1 and a Vulkan driver installed?)';
    const info = adapter.info ?? {};
    const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'an unnamed adapter';
    const software = adapter.isFallbackAdapter === true || info.adapterType === 'cpu' || /llvmpipe|lavapipe|swiftshader/i.test(text);
    if (software && !named) return `only a software adapter (${text}); WebGPU on the CPU is slower than wasm, so it is used only with \`--backend webgpu\``;
    return { description: `${text}${software ? ' (software adapter)' : ''}` };
}

interface GpuLike {
    requestAdapter(options?: { powerPreference?: string }): Promise<{ info?: { vendor?: string; architecture?: string; device?: string; description?: string; adapterType?: string }; isFallbackAdapter?: boolean } | null>;
}

async function tryBackend(name: BackendName, log: string[], preference: BackendPreference): Promise<SelectedBackend | undefined> {
    if (name === 'tensorflow' || name === 'tensorflow-gpu') return tryNativeBackend(name, log);
    const missing = PACKAGES[name].find(p => !isInstalled(p));
    if (missing !== undefined) {
        log.push(`${name}: ${missing} is not installed`);
        return undefined;
    }
    const tf = await loadTfjsCore();
    const versions: Record<string, string> = { '@tensorflow/tfjs-core': tf.version_core };
    let device: string;
    try {
        if (name === 'webgpu') {
            const adapter = await webgpuAdapter(preference === 'webgpu');
            if (typeof adapter === 'string') {
                log.push(`webgpu: ${adapter}`);
                return undefined;
            }
            const webgpu = await import('@tensorflow/tfjs-backend-webgpu') as unknown as { webgpu_util: WebGpuUtil };
            // the runtime's own WGSL kernels (runtime/backend/webgpu/), loaded with tfjs-core, as the rest here
            (await import('./webgpu/program.js')).enableWebGpuKernels(webgpu);
            versions['@tensorflow/tfjs-backend-webgpu'] = packageVersion('@tensorflow/tfjs-backend-webgpu') ?? '?';
            versions['webgpu'] = packageVersion('webgpu') ?? '?';
            if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend(\'webgpu\') returned false');
            await tf.ready();
            watchDeviceErrors(tf);
            device = `WebGPU on ${adapter.description}`;
        } else if (name === 'wasm') {
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
            installWasmMatMulFix(tf);
            installWasmCopySharing(tf);
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
        const message = e instanceof Error ? e.message : (e as { message?: string })?.message ?? String(e);
        log.push(`${name}: failed to initialise: ${message.split('\n').find(l => l.trim()) ?? message}`);
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
 * tfjs-node / tfjs-node-gpu: found in the extension's global storage or the workspace (`EXPSPEC_BACKEND_PATHS`), or
 * beside the runtime; loaded against the runtime's own tfjs-core. Loading registers the `tensorflow` backend; it
 * fails when libtensorflow (or, for the GPU build, CUDA 11.2 / cuDNN 8.1) is missing, and the log names the library.
 */
async function tryNativeBackend(name: 'tensorflow' | 'tensorflow-gpu', log: string[]): Promise<SelectedBackend | undefined> {
    const pkg = PACKAGES[name][0]!;
    const found = resolvePackage(pkg, backendSearchRoots(), localRequire());
    if (found.status === 'missing') {
        log.push(`${name}: ${pkg} is not installed (looked in ${found.searched.join(', ')})`);
        return undefined;
    }
    if (found.status === 'broken') {
        log.push(`${name}: ${pkg} in ${found.dir} is broken: ${found.reason}`);
        return undefined;
    }
    const tf = await loadTfjsCore();
    try {
        loadWithSharedCore(found, localRequire());
        if (!(await tf.setBackend('tensorflow'))) throw new Error('tf.setBackend(\'tensorflow\') returned false');
        await tf.ready();
    } catch (error) {
        log.push(`${name}: ${pkg} ${found.version} in ${found.dir} failed to load: ${explainLoadFailure(error)}`);
        return undefined;
    }
    const device = name === 'tensorflow-gpu' ? 'TensorFlow C library (CUDA)' : `TensorFlow C library (CPU, ${navigatorCores()} threads)`;
    log.push(`${name}: selected (${device}, ${pkg} ${found.version} from ${found.dir})`);
    return { name, device, versions: { '@tensorflow/tfjs-core': tf.version_core, [pkg]: found.version }, log };
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
        const chosen = await tryBackend(name, log, preference);
        if (chosen) return chosen;
    }
    throw new Error(`no TensorFlow.js backend could be initialised:\n${log.join('\n')}`);
}

/** What `probeBackends` finds for one backend. */
export interface BackendProbe {
    readonly name: BackendName;
    readonly available: boolean;
    /** The device it runs on, when available. */
    readonly device?: string;
    /** Why it is not available (or, for a software WebGPU adapter, why `auto` passes it over). */
    readonly reason?: string;
    readonly versions: Record<string, string>;
    /** `auto` would choose this one. */
    readonly auto: boolean;
}

/**
 * Tries every backend in the architecture's order and says what each one can do here: available or not and why,
 * its device and versions, and which one `auto` takes. Leaves TensorFlow.js on the last backend tried (cpu).
 */
export async function probeBackends(): Promise<BackendProbe[]> {
    const probes: BackendProbe[] = [];
    let autoTaken = false;
    for (const name of BACKEND_ORDER) {
        const log: string[] = [];
        const chosen = await tryBackend(name, log, name);
        const why = log.at(-1)?.replace(new RegExp(`^${name}: `), '');
        // A software WebGPU adapter runs when named, but `auto` passes it over (it is slower than wasm).
        const software = chosen?.device.includes('(software adapter)') ?? false;
        const auto = !autoTaken && chosen !== undefined && !software;
        if (auto) autoTaken = true;
        probes.push({
            name, available: chosen !== undefined, auto, versions: chosen?.versions ?? {},
            ...(chosen ? { device: chosen.device } : {}),
            ...(chosen ? (software ? { reason: 'a software adapter: `auto` passes it over (slower than wasm); `--backend webgpu` uses it' } : {}) : { reason: why ?? 'not available' }),
        });
    }
    return probes;
}
