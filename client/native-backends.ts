// "Install Native Backend": installs @tensorflow/tfjs-node (native CPU) or @tensorflow/tfjs-node-gpu (CUDA) with npm
// into the extension's global storage, where the runner looks first. They are too large and too platform-bound to
// ship in the .vsix; the install needs internet (it downloads libtensorflow), and the GPU build CUDA 11.2 + cuDNN 8.1.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** The version the runtime's TensorFlow.js is at: a native backend must match it. */
const TFJS_VERSION = '4.22.0';

const CHOICES = [
    { label: '@tensorflow/tfjs-node', detail: 'Native CPU (TensorFlow C library): several times faster than WebAssembly on most CPUs' },
    { label: '@tensorflow/tfjs-node-gpu', detail: 'CUDA on an NVIDIA GPU: needs CUDA 11.2 and cuDNN 8.1 installed' },
];

export async function installNativeBackend(folder: string, log: vscode.LogOutputChannel): Promise<void> {
    const choice = await vscode.window.showQuickPick(CHOICES, { placeHolder: `Install into the extension's storage (${folder}); needs internet` });
    if (!choice) return;
    fs.mkdirSync(folder, { recursive: true });
    const args = ['install', '--no-audit', '--no-fund', '--foreground-scripts', '--prefix', folder, `${choice.label}@${TFJS_VERSION}`];
    log.info(`npm ${args.join(' ')}`);
    const code = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `expspec: installing ${choice.label}`, cancellable: true },
        (_progress, token) => new Promise<number | string>(resolve => {
            const npm = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: folder, shell: process.platform === 'win32' });
            npm.stdout.on('data', (d: Buffer) => log.info(d.toString().trimEnd()));
            npm.stderr.on('data', (d: Buffer) => log.warn(d.toString().trimEnd()));
            npm.on('error', error => resolve(`npm could not be started (${error.message}); install Node.js with npm, or run the command above yourself`));
            npm.on('exit', status => resolve(status ?? 1));
            token.onCancellationRequested(() => npm.kill());
        }));
    if (code === 0) {
        void vscode.window.showInformationMessage(`expspec: ${choice.label} installed; the next run uses it with \`backend: auto\` (\`expspec backends\` says whether it loads).`);
    } else {
        const why = typeof code === 'string' ? code : `npm exited with code ${code}`;
        void vscode.window.showErrorMessage(`expspec: installing ${choice.label} failed: ${why}. See the "expspec" output; it needs internet to download libtensorflow.`, 'Show Output')
            .then(pick => pick && log.show());
    }
}
