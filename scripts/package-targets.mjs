// Platform-specific .vsix files: the universal package (`npm run package`: wasm everywhere) plus, for one platform,
// WebGPU out of the box: the `webgpu` package's `dawn.node` for that platform and the WebGPU backend's Node build.
//
//   node scripts/package-targets.mjs [linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64]
//
// Writes expspec-<target>.vsix. Needs `npm ci` (which installs the optional `webgpu` package with every
// platform's binary) and a build (`npm run build`).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** vsce target → the folder of webgpu/dist holding that platform's dawn.node. */
export const DAWN_FOLDERS = {
    'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64',
    'darwin-x64': 'darwin-universal', 'darwin-arm64': 'darwin-universal',
    'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64',
};

/** The universal .vscodeignore plus what WebGPU needs on `target`. */
export function ignoreFileFor(target) {
    const folder = DAWN_FOLDERS[target];
    if (!folder) throw new Error(`unknown target ${target} (expected ${Object.keys(DAWN_FOLDERS).join(', ')})`);
    return `${readFileSync(join(root, '.vscodeignore'), 'utf8').trimEnd()}

# ${target}: WebGPU through Dawn's Node binding for this platform (scripts/package-targets.mjs).
!node_modules/webgpu/package.json
!node_modules/webgpu/index.js
!node_modules/webgpu/dist/${folder}/**
!node_modules/@tensorflow/tfjs-backend-webgpu/package.json
!node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js
`;
}

function main(targets) {
    if (!existsSync(join(root, 'node_modules/webgpu/package.json'))) throw new Error('the optional `webgpu` package is not installed: run `npm ci` first');
    for (const target of targets) {
        const ignoreFile = join(root, `.vscodeignore.${target}`);
        writeFileSync(ignoreFile, ignoreFileFor(target));
        try {
            execFileSync(join(root, 'node_modules/.bin/vsce'), ['package', '--target', target, '--ignoreFile', ignoreFile,
                '--allow-missing-repository', '-o', join(root, `expspec-${target}.vsix`)], { cwd: root, stdio: 'inherit' });
        } finally {
            rmSync(ignoreFile, { force: true });
        }
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const targets = process.argv.slice(2);
    main(targets.length ? targets : Object.keys(DAWN_FOLDERS));
}
