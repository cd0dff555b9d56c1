// The `expspec check` command line as a user runs it (the built bundle, Node 22).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../language/services.js';

function expspec(...args: string[]) {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin/expspec.cjs'), ...args], { cwd: repoRoot, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('expspec check', () => {
    it('reports nothing on the examples and exits 0', () => {
        const examples = ['hyphc-moons', 'allg-splice', 'coles-events', 'dah-digits', 'protein-families'].map(n => `examples/${n}.expspec`);
        const { code, stdout } = expspec('check', ...examples);
        expect(stdout.trim()).toBe('checked 5 spec(s): 5 clean, 0 error(s), 0 warning(s)');
        expect(code).toBe(0);
    });

    it('prints file:line:col: severity: message and exits 1 on errors', () => {
        const { code, stdout } = expspec('check', 'test/fixtures/broken/01-unknown-component.expspec');
        expect(stdout).toContain('test/fixtures/broken/01-unknown-component.expspec:6:67: error: Unknown optimizer `adamm` for `optimizer` of a train block; did you mean `adam`?');
        expect(code).toBe(1);
    });

    it('exits 0 with only warnings', () => {
        const { code, stdout } = expspec('check', 'test/fixtures/broken/34-no-experiment.expspec');
        expect(stdout).toMatch(/:4:1: warning: This spec has no experiment/);
        expect(code).toBe(0);
    });

    it('reports a file that cannot be read, and a missing argument', () => {
        const missing = expspec('check', 'examples/no-such-spec.expspec');
        expect(missing.stdout).toMatch(/no-such-spec\.expspec:1:1: error: Cannot read the file/);
        expect(missing.code).toBe(1);
        expect(expspec('check').code).toBe(2);
    });
});
