// runtime/backend: choosing the TensorFlow.js backend (wasm by default here: tfjs-node(-gpu) cannot install
// offline, and the only WebGPU adapter is Mesa's software one, lavapipe, which `.ci/run` installs), recording
// versions, and staying lazy (importing the module does not load TensorFlow.js).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeviceError, largestBinding, selectBackend, throwIfDeviceFailed } from '../../runtime/backend/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const require = createRequire(import.meta.url);
const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

describe('selectBackend', () => {
    it('auto picks wasm and says why the better backends were skipped', async () => {
        const b = await selectBackend('auto');
        expect(b.name).toBe('wasm');
        expect(b.device).toMatch(/^WebAssembly \((SIMD|no SIMD), 1 thread\)$/);
        expect(b.log).toEqual([
            'tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed (looked in the runtime\'s node_modules)',
            expect.stringMatching(/^webgpu: only a software adapter \(.*llvmpipe.*\); WebGPU on the CPU is slower than wasm, so it is used only with `--backend webgpu`$/),
            'tensorflow: @tensorflow/tfjs-node is not installed (looked in the runtime\'s node_modules)',
            `wasm: selected (${b.device})`,
        ]);
        expect(b.versions).toEqual({
            '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'),
            '@tensorflow/tfjs-backend-wasm': version('@tensorflow/tfjs-backend-wasm'),
        });
        expect(b.versions['@tensorflow/tfjs-core']).toMatch(/^4\.22\./);
        const tf = await import('@tensorflow/tfjs-core');
        expect(tf.getBackend()).toBe('wasm');
        expect(Array.from(await tf.add(tf.tensor1d([1, 2]), 1).data())).toEqual([2, 3]);
    });

    it('cpu gives cpu', async () => {
        const b = await selectBackend('cpu');
        expect(b.name).toBe('cpu');
        expect(b.log).toEqual(['preferred: cpu', `cpu: selected (${b.device})`]);
        expect(b.versions).toEqual({
            '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'),
            '@tensorflow/tfjs-backend-cpu': version('@tensorflow/tfjs-backend-cpu'),
        });
        const tf = await import('@tensorflow/tfjs-core');
        expect(tf.getBackend()).toBe('cpu');
    });

    it('an unavailable preference falls back down the order to wasm', async () => {
        const b = await selectBackend('tensorflow-gpu');
        expect(b.name).toBe('wasm');
        expect(b.log[0]).toBe('preferred: tensorflow-gpu');
        expect(b.log[1]).toBe('tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed (looked in the runtime\'s node_modules)');
        const w = await selectBackend('wasm');
        expect(w.log).toEqual(['preferred: wasm', `wasm: selected (${w.device})`]);
    });

    it('webgpu by name takes the software adapter and computes what cpu computes', async () => {
        const tf = await import('@tensorflow/tfjs-core');
        const cpu = await selectBackend('cpu');
        expect(cpu.name).toBe('cpu');
        const x = Array.from({ length: 64 }, (_, i) => Math.sin(i) * 3);
        const compute = async () => {
            const t = tf.tensor2d(x, [16, 4]);
            const y = tf.softmax(tf.matMul(t, t, false, true));
            const out = Array.from(await y.data());
            tf.dispose([t, y]);
            return out;
        };
        const expected = await compute();
        const b = await selectBackend('webgpu');
        expect(b.name).toBe('webgpu');
        expect(b.device).toMatch(/^WebGPU on .*llvmpipe.*\(software adapter\)$/);
        expect(b.versions).toEqual({
            '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'),
            '@tensorflow/tfjs-backend-webgpu': version('@tensorflow/tfjs-backend-webgpu'),
            webgpu: version('webgpu'),
        });
        expect(tf.getBackend()).toBe('webgpu');
        const actual = await compute();
        actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i]!))));
        await selectBackend('wasm');
    });

    it('webgpu: a kernel over the device\'s binding limit stops the run with the device\'s reason instead of returning zeros', async () => {
        const tf = await import('@tensorflow/tfjs-core');
        await selectBackend('wasm');
        expect(largestBinding()).toBeUndefined();
        await selectBackend('webgpu');
        const limit = largestBinding()!;
        expect(limit).toBeGreaterThan(0);
        expect(() => throwIfDeviceFailed()).not.toThrow();
        // one float32 matrix just over the limit: lavapipe rejects the command and leaves the output at 0
        const side = Math.ceil(Math.sqrt(limit / 4)) + 16;
        const sum = tf.tidy(() => tf.sum(tf.add(tf.ones([side, side]), 1)));
        const value = (await sum.data())[0]!;
        sum.dispose();
        expect(value, 'the rejected kernel\'s output').not.toBe(2 * side * side);
        expect(() => throwIfDeviceFailed()).toThrow(DeviceError);
        expect(() => throwIfDeviceFailed(), 'reported once').not.toThrow();
        await selectBackend('wasm');
    });

    it('rejects an unknown preference', async () => {
        await expect(selectBackend('gpu' as never)).rejects.toThrow(/unknown backend 'gpu'/);
    });
});

describe('laziness', () => {
    it('importing runtime/backend does not load @tensorflow/tfjs-core; selectBackend does', () => {
        // A fresh Node process (this one's module registry is shared with other tests): import the module, look in
        // the CommonJS cache (tfjs-core is CommonJS; Node puts it there also when it is reached by `import`), then
        // select a backend and look again, which shows that the probe can see tfjs-core when it is loaded.
        const entry = pathToFileURL(path.join(root, 'runtime/backend/index.ts')).href;
        const script = `
            import { createRequire } from 'node:module';
            const cache = createRequire(import.meta.url).cache;
            const loaded = () => Object.keys(cache).filter(k => k.includes('@tensorflow')).length;
            const m = await import(${JSON.stringify(entry)});
            const before = loaded();
            await m.selectBackend('cpu');
            console.log(JSON.stringify({ before, after: loaded() }));`;
        const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: root, encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        const { before, after } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { before: number; after: number };
        expect(before).toBe(0);
        expect(after).toBeGreaterThan(0);
    });
});
