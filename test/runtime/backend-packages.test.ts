// Where the native backends are found (the extension's global storage, the workspace, beside the runtime), what
// "missing" and "broken" look like, and that a package found elsewhere registers with the runtime's own
// tfjs-core. Stand-in packages in a temporary folder play tfjs-node: no network, no libtensorflow needed.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { backendSearchRoots, explainLoadFailure, loadWithSharedCore, resolvePackage } from '../../runtime/backend/packages.js';
import { selectBackend } from '../../runtime/backend/index.js';

const runtimeRequire = createRequire(import.meta.url);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'expspec-backend-packages-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Writes `<root>/node_modules/<pkg>/` with a package.json and, unless `main` is null, an index.js. */
function fakePackage(root: string, pkg: string, main: string | null, manifest = `{ "name": "${pkg}", "version": "9.9.9", "main": "index.js" }`): string {
    const dir = path.join(root, 'node_modules', ...pkg.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), manifest);
    if (main !== null) fs.writeFileSync(path.join(dir, 'index.js'), main);
    return root;
}

describe('finding a backend package', () => {
    it('reads the search roots from EXPSPEC_BACKEND_PATHS', () => {
        expect(backendSearchRoots({ EXPSPEC_BACKEND_PATHS: `/a${path.delimiter} /b ${path.delimiter}` })).toEqual(['/a', '/b']);
        expect(backendSearchRoots({})).toEqual([]);
    });

    it('missing: says where it looked', () => {
        const empty = fs.mkdtempSync(path.join(scratch, 'empty-'));
        const r = resolvePackage('expspec-fake-native', [empty], runtimeRequire);
        expect(r).toEqual({ status: 'missing', pkg: 'expspec-fake-native', searched: [path.join(empty, 'node_modules'), 'the runtime\'s node_modules'] });
    });

    it('broken: an unreadable package.json or a missing entry file', () => {
        const badJson = fakePackage(fs.mkdtempSync(path.join(scratch, 'bad-json-')), 'expspec-fake-native', '', '{ "name": ');
        const r1 = resolvePackage('expspec-fake-native', [badJson], runtimeRequire);
        expect(r1.status).toBe('broken');
        expect(r1.status === 'broken' && r1.reason).toMatch(/^its package.json cannot be read/);
        const noMain = fakePackage(fs.mkdtempSync(path.join(scratch, 'no-main-')), 'expspec-fake-native', null);
        const r2 = resolvePackage('expspec-fake-native', [noMain], runtimeRequire);
        expect(r2).toMatchObject({ status: 'broken', reason: 'its entry file index.js is missing (an interrupted install?)' });
    });

    it('found: the first root that has it wins, and it loads against the runtime\'s own tfjs-core', () => {
        const first = fakePackage(fs.mkdtempSync(path.join(scratch, 'first-')), 'expspec-fake-native', 'module.exports = { core: require("@tensorflow/tfjs-core"), where: "first" };');
        const second = fakePackage(fs.mkdtempSync(path.join(scratch, 'second-')), 'expspec-fake-native', 'module.exports = { where: "second" };');
        const found = resolvePackage('expspec-fake-native', [first, second], runtimeRequire);
        expect(found).toMatchObject({ status: 'found', version: '9.9.9', dir: path.join(first, 'node_modules', 'expspec-fake-native') });
        if (found.status !== 'found') throw new Error('not found');
        const loaded = loadWithSharedCore(found, runtimeRequire) as { core: unknown; where: string };
        expect(loaded.where).toBe('first');
        // the package's `require('@tensorflow/tfjs-core')` is the runtime's module, though none is installed beside it
        expect(loaded.core).toBe(runtimeRequire('@tensorflow/tfjs-core'));
    });
});

describe('explaining a native load failure', () => {
    it('names the missing library and what provides it', () => {
        expect(explainLoadFailure(new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory')))
            .toBe('libcudart.so.11.0 is missing (CUDA 11.2): libcudart.so.11.0: cannot open shared object file: No such file or directory');
        expect(explainLoadFailure(new Error('Could not load dynamic library \'libcudnn.so.8\'; dlerror: libcudnn.so.8: cannot open'))).toMatch(/^libcudnn\.so\.8 is missing \(cuDNN 8\.1\)/);
        expect(explainLoadFailure(new Error('libtensorflow.so.2: cannot open shared object file'))).toMatch(/^libtensorflow\.so\.2 is missing \(libtensorflow/);
        expect(explainLoadFailure(new Error('\nsomething else\nmore'))).toBe('something else');
    });
});

describe('selecting tfjs-node from another folder', () => {
    it('a working install registers `tensorflow` with the runtime\'s engine and is selected; a broken one falls back, naming the library', async () => {
        const working = fakePackage(fs.mkdtempSync(path.join(scratch, 'storage-')), '@tensorflow/tfjs-node', [
            'const tf = require("@tensorflow/tfjs-core");',
            'class StandIn extends tf.KernelBackend { dispose() {} }',
            'tf.registerBackend("tensorflow", () => new StandIn());',
        ].join('\n'));
        const failing = fakePackage(fs.mkdtempSync(path.join(scratch, 'workspace-')), '@tensorflow/tfjs-node',
            'throw new Error("libtensorflow.so.2: cannot open shared object file: No such file or directory");');
        const saved = process.env['EXPSPEC_BACKEND_PATHS'];
        try {
            process.env['EXPSPEC_BACKEND_PATHS'] = failing;
            const fallback = await selectBackend('tensorflow');
            expect(fallback.name).toBe('wasm');
            expect(fallback.log).toContain(`tensorflow: @tensorflow/tfjs-node 9.9.9 in ${path.join(failing, 'node_modules', '@tensorflow', 'tfjs-node')} failed to load: libtensorflow.so.2 is missing (libtensorflow (the package's install step downloads it)): libtensorflow.so.2: cannot open shared object file: No such file or directory`);

            process.env['EXPSPEC_BACKEND_PATHS'] = working;
            const chosen = await selectBackend('tensorflow');
            expect(chosen.name).toBe('tensorflow');
            expect(tf.getBackend()).toBe('tensorflow');
            expect(chosen.versions['@tensorflow/tfjs-node']).toBe('9.9.9');
            expect(chosen.log.at(-1)).toMatch(new RegExp(`^tensorflow: selected \\(TensorFlow C library \\(CPU, \\d+ threads\\), @tensorflow/tfjs-node 9\\.9\\.9 from ${working.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        } finally {
            if (saved === undefined) delete process.env['EXPSPEC_BACKEND_PATHS'];
            else process.env['EXPSPEC_BACKEND_PATHS'] = saved;
        }
    });
});
