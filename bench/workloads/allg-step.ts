// (e) An ALLG-style Adam step (unsupervised active learning with learnable graphs): latents Z (n × 64), a learned
// adjacency A and a self-selection matrix Q (n × n each) are all parameters, and
//   loss = ‖Z − A Z‖² + λ ‖A − A_knn‖² + ‖Z − Q Z‖² + β Σᵢ maxⱼ |Qᵢⱼ|
// with A_knn the 0/1 graph of each point's 10 nearest neighbours in Z (stored dense), A starting at A_knn / k.
// n = 2,000, then n = 10,000 (400 MB per n × n float32 matrix; Adam keeps two more per parameter) where the
// n = 2,000 figures predict it fits: the n² terms dominate, so time and memory grow about 25-fold.
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../../runtime/backend/index.js';
import { infinityOneNorm } from '../../runtime/losses/selection.js';
import type { Benchmark, Metric } from '../stats.js';
import { compareOnBackends, variableName, type BackendOutcome, type Step } from './compare.js';
import { Peer } from './peer.js';

const SIZES = [2000, 10_000] as const;
/** Longest predicted step worth running: lavapipe runs GPU kernels on the CPU, so it gets the shorter limit. */
const STEP_LIMIT_MS: Readonly<Partial<Record<BackendName, number>>> = { webgpu: 60_000, wasm: 300_000, cpu: 300_000 };
/** Memory a backend can hold: wasm32's address space, otherwise most of the machine's memory. */
const memoryLimit = (backend: BackendName) => (backend === 'wasm' ? 4 * 2 ** 30 : 0.75 * os.totalmem());

function build(peer: Peer): Step {
    const [n, dim] = peer.shape('z') as [number, number];
    const { lambda, beta, k } = peer.report.params as { lambda: number; beta: number; k: number };
    const neighbours = peer.ints('knn');
    const dense = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) dense[i * n + neighbours[i * k + j]!] = 1;
    const knn = tf.tensor2d(dense, [n, n]);
    const latents = tf.variable(tf.tensor2d(peer.floats('z'), [n, dim]), true, variableName('Z'));
    // 1 × float32(1/k) is exact everywhere, as the peer's float32 division
    const adjacency = tf.variable(tf.tidy(() => tf.mul(knn, Math.fround(1 / k))), true, variableName('A'));
    const selection = tf.variable(tf.tensor2d(peer.floats('q'), [n, n]), true, variableName('Q'));
    const selfError = (m: tf.Tensor) => tf.sum(tf.square(tf.sub(latents, tf.matMul(m, latents))));
    return {
        variables: [latents, adjacency, selection],
        checked: latents,
        loss: () => tf.addN([
            selfError(adjacency),
            tf.mul(tf.sum(tf.squaredDifference(adjacency, knn)), lambda),
            selfError(selection),
            tf.mul(infinityOneNorm(selection as unknown as tf.Tensor2D), beta),   // the ∞,1 norm as the runtime computes it (row maxima of |Q|, summed)
        ]) as tf.Scalar,
        dispose: () => tf.dispose([knn, latents, adjacency, selection]),
    };
}

/** Why n = `to` is not worth running on a backend, judging by its n = `from` step; undefined to run it. */
function predictedTooLarge(backend: BackendName, at: BackendOutcome | undefined, from: number, to: number): string | undefined {
    if (!at) return `it did not run n = ${from}`;
    const growth = (to / from) ** 2;
    const ms = at.medianMs * growth, limit = STEP_LIMIT_MS[backend] ?? 300_000;
    if (ms > limit) return `n = ${from} took ${(at.medianMs / 1000).toFixed(1)} s per step: about ${(ms / 1000).toFixed(0)} s predicted at n = ${to}, over the ${limit / 1000} s limit`;
    const bytes = (at.peakBytes ?? 0) * growth;
    if (bytes > memoryLimit(backend)) {
        return `n = ${from} peaked at ${(at.peakBytes! / 2 ** 20).toFixed(0)} MiB of tensors: about ${(bytes / 2 ** 30).toFixed(1)} GiB predicted at n = ${to}, ` +
            `over ${backend === 'wasm' ? 'the 4 GiB a 32-bit WebAssembly memory can address' : `75% of this machine's ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`}`;
    }
    return undefined;
}

export const allgStepBench: Benchmark = {
    name: 'allg-step',
    description: `ALLG-style Adam step (Z n × 64, learned n × n A and Q) at n = ${SIZES.join(', ')} per backend, beside PyTorch (CPU, 1 thread)`,
    async run(log) {
        const metrics: Metric[] = [];
        const notes: string[] = [];
        let previous: Partial<Record<BackendName, BackendOutcome>> | undefined;
        for (const [i, n] of SIZES.entries()) {
            const peer = Peer.tryRun('allg-step', ['--n', String(n), '--samples', n > 2000 ? '2' : '5']);
            if (typeof peer === 'string') {
                notes.push(peer);
                log(peer);
                break;
            }
            try {
                const last = previous, from = SIZES[i - 1];
                const comparison = await compareOnBackends({
                    label: ` n=${n}`, peer, build, lr: peer.report.params['lr']!,
                    profileMemory: i < SIZES.length - 1,
                    ...(last && from ? { skip: (backend: BackendName) => predictedTooLarge(backend, last[backend], from, n) } : {}),
                }, log);
                metrics.push(...comparison.metrics);
                notes.push(...comparison.notes);
                previous = comparison.outcomes;
            } finally {
                peer.dispose();
            }
        }
        return { metrics, targets: [], notes };
    },
};
