// Where the backends' packages are found. The native ones (`@tensorflow/tfjs-node`, `@tensorflow/tfjs-node-gpu`)
// are too large and too platform-bound to ship: the editor installs one into the extension's global storage, or
// the user's workspace has one in its `node_modules`. The runner (and the CLI) look there first, then beside the
// runtime itself. A package found elsewhere must register its kernels with the runtime's own TensorFlow.js, not
// with a second copy of tfjs-core from its own folder, so `@tensorflow/tfjs-core` is aliased to ours while it loads.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Folders holding a `node_modules` to search before the runtime's own, from `EXPSPEC_BACKEND_PATHS`. */
export function backendSearchRoots(env: NodeJS.ProcessEnv = process.env): string[] {
    return (env['EXPSPEC_BACKEND_PATHS'] ?? '').split(delimiter).map(p => p.trim()).filter(Boolean);
}

/** Puts `roots` before the search roots already in `EXPSPEC_BACKEND_PATHS` (the CLI's workspace, the runner's). */
export function prependBackendSearchRoots(roots: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
    if (roots.length > 0) env['EXPSPEC_BACKEND_PATHS'] = [...roots, ...backendSearchRoots(env)].join(delimiter);
}

export type PackageResolution =
    | { readonly status: 'found'; readonly pkg: string; readonly dir: string; readonly version: string; readonly require: NodeJS.Require }
    | { readonly status: 'missing'; readonly pkg: string; readonly searched: readonly string[] }
    | { readonly status: 'broken'; readonly pkg: string; readonly dir: string; readonly reason: string };

/** A `require` that resolves from `root` (its `node_modules`, then the folders above). */
function requireFrom(root: string): NodeJS.Require {
    return createRequire(pathToFileURL(join(root, 'noop.js')).href);
}

/**
 * Finds `pkg` in the given roots, in order, then from `fallback` (a `require` anchored at the runtime). A package
 * whose package.json is unreadable or whose entry file is gone is `broken`, with the reason.
 */
export function resolvePackage(pkg: string, roots: readonly string[], fallback: NodeJS.Require): PackageResolution {
    const searched: string[] = [];
    const candidates: Array<{ manifest: string | undefined; require: NodeJS.Require }> = roots.map(root => {
        searched.push(join(root, 'node_modules'));
        // Looked up on disk rather than through `require.resolve`, which fails alike for a missing package and for
        // one whose package.json is unreadable: the second must be reported as broken.
        const manifest = join(root, 'node_modules', ...pkg.split('/'), 'package.json');
        return { manifest: existsSync(manifest) ? manifest : undefined, require: requireFrom(root) };
    });
    searched.push('the runtime\'s node_modules');
    candidates.push({ manifest: resolveQuietly(fallback, `${pkg}/package.json`), require: fallback });
    const hit = candidates.find(c => c.manifest !== undefined);
    if (!hit) return { status: 'missing', pkg, searched };
    const manifestPath = hit.manifest!;
    const dir = dirname(manifestPath);
    let manifest: { version?: string; main?: string };
    try {
        manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string; main?: string };
    } catch (error) {
        return { status: 'broken', pkg, dir, reason: `its package.json cannot be read: ${(error as Error).message}` };
    }
    const main = join(dir, manifest.main ?? 'index.js');
    if (!existsSync(main) && !existsSync(`${main}.js`)) return { status: 'broken', pkg, dir, reason: `its entry file ${manifest.main ?? 'index.js'} is missing (an interrupted install?)` };
    return { status: 'found', pkg, dir, version: manifest.version ?? '?', require: hit.require };
}

function resolveQuietly(require: NodeJS.Require, request: string): string | undefined {
    try {
        return require.resolve(request);
    } catch {
        return undefined;
    }
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/**
 * Loads a found package with `@tensorflow/tfjs-core` (and its subpaths) resolved to the runtime's own copy, so
 * that the backend it registers is one the runtime can select. Uses Node's module resolver hook, the one way to
 * redirect a CommonJS package's own `require` calls.
 */
export function loadWithSharedCore(found: Extract<PackageResolution, { status: 'found' }>, runtimeRequire: NodeJS.Require): unknown {
    const internals = runtimeRequire('node:module') as { _resolveFilename: ResolveFilename };
    const original = internals._resolveFilename;
    const coreEntry = runtimeRequire.resolve('@tensorflow/tfjs-core');
    internals._resolveFilename = function (this: unknown, request, parent, isMain, options) {
        if (request === '@tensorflow/tfjs-core') return coreEntry;
        return original.call(this, request, parent, isMain, options);
    };
    try {
        return found.require(found.pkg);
    } finally {
        internals._resolveFilename = original;
    }
}

/**
 * The first line of a native load failure, and for a missing shared library, which one (e.g. CUDA's
 * `libcudart.so.11.0` or cuDNN's `libcudnn.so.8` for tfjs-node-gpu, `libtensorflow.so.2` for both).
 */
export function explainLoadFailure(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const library = /(lib[\w+.-]+\.so(?:\.[\d.]+)?|[\w+.-]+\.dll|lib[\w+.-]+\.dylib)/.exec(message)?.[1];
    const first = message.split('\n').find(l => l.trim()) ?? message;
    if (!library) return first;
    const what = /cudnn/i.test(library) ? 'cuDNN 8.1' : /cud|cublas|cufft|curand|cusolver|cusparse/i.test(library) ? 'CUDA 11.2' : /tensorflow/i.test(library) ? 'libtensorflow (the package\'s install step downloads it)' : 'a shared library';
    return `${library} is missing (${what}): ${first}`;
}
