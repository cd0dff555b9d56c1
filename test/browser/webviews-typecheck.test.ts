// The root tsconfig has no DOM types and leaves webviews/ out; the webviews have their own (webviews/tsconfig.json).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from './harness.js';

it('the webviews typecheck (tsc -p webviews)', () => {
    const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
        execFileSync(process.execPath, [tsc, '-p', path.join(REPO, 'webviews')], { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
}, 120_000);
