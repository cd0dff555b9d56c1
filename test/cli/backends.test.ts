// `expspec backends` as a user runs it: every backend in `auto`'s order, available or why not, and which `auto` takes.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, type BackendProbe } from '../../runtime/backend/index.js';
import { repoRoot } from '../language/services.js';

function expspec(...args: string[]) {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin/expspec.cjs'), ...args], { cwd: repoRoot, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('expspec backends', () => {
    it('--json: each backend in auto\'s order, available or with the reason, and exactly one taken by auto', () => {
        const { code, stdout, stderr } = expspec('backends', '--json');
        expect(code, stderr).toBe(0);
        const probes = JSON.parse(stdout.trim().split('\n').at(-1)!) as BackendProbe[];
        expect(probes.map(p => p.name)).toEqual(BACKEND_ORDER);
        const byName = Object.fromEntries(probes.map(p => [p.name, p]));
        expect(byName['wasm']).toMatchObject({ available: true, device: 'WebAssembly (SIMD, 1 thread)' });
        expect(byName['wasm']!.versions['@tensorflow/tfjs-backend-wasm']).toBe('4.22.0');
        expect(byName['cpu']).toMatchObject({ available: true, device: 'JavaScript (CPU, 1 thread)' });
        for (const p of probes.filter(x => !x.available)) expect(p.reason, p.name).toMatch(/is not installed|failed to initialise|no GPU adapter|initialised, but/);
        expect(probes.filter(p => p.auto)).toHaveLength(1);
        // auto takes the first available backend that is not a software WebGPU adapter
        const expected = probes.find(p => p.available && !(p.device ?? '').includes('(software adapter)'));
        expect(probes.find(p => p.auto)?.name).toBe(expected?.name);
    });

    it('prints a table with the one auto takes, and rejects unknown options', () => {
        const { code, stdout } = expspec('backends');
        expect(code).toBe(0);
        expect(stdout).toMatch(/^ {2}tensorflow-gpu {2}/m);
        expect(stdout).toMatch(/^\* auto runs on \w[\w-]* \(.+\)$/m);
        expect(expspec('backends', '--all').code).toBe(2);
    });
});
