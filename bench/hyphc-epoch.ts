// One training epoch of the hierarchical-clustering method (examples/hyphc-moons.expspec: 100 sets of 200–300
// points, 8 sets per step, MLP 2-64-64-64-64-2 with batch norm, 0.1·HypHC over 1,000 triples per set + triplet
// loss over 2,000 triplets per set, Adam) on every backend this machine has, beside PyTorch on the CPU with the
// same sets, model and sample counts (bench/peers/hyphc_epoch_torch.py; one thread, as wasm has in Node).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../runtime/backend/index.js';
import { useWebGpuKernels } from '../runtime/backend/webgpu/program.js';
import { loadDataset } from '../runtime/data/dataset.js';
import { hyphcTerm } from '../runtime/losses/hyphc.js';
import { tripletTerm } from '../runtime/losses/triplet.js';
import { buildModel } from '../runtime/nn/model.js';
import { Random } from '../runtime/random/index.js';
import { buildOptimizer } from '../runtime/train/optimizers.js';
import { train } from '../runtime/train/trainer.js';
import { summarize, type Benchmark, type Metric } from './stats.js';
import { comparedBackends } from './workloads/compare.js';

const BATCH = 8, TRIPLES = 1000, TRIPLETS = 2000, MARGIN = 1.0;
/** Epochs timed per backend (the plain-JavaScript cpu backend is slow: one). */
const EPOCHS: Partial<Record<BackendName, number>> = { wasm: 3, webgpu: 2, cpu: 1 };
const peerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers', 'hyphc_epoch_torch.py');

export const hyphcEpochBench: Benchmark = {
    name: 'hyphc-epoch',
    description: `one HypHC training epoch on moons (100 sets, ${BATCH} per step) per backend, beside PyTorch (CPU, 1 thread)`,
    async run(log) {
        const data = loadDataset({
            name: 'moons',
            source: { call: 'pointSets', args: { source: { call: 'moons', args: { noise: { from: 0, to: 0.16 } } }, points: { from: 200, to: 300 }, labeled: 0.3 } },
            properties: {}, split: { parts: [{ name: 'train', size: 100, fraction: false }] },
        }, { seed: 0, specDir: os.tmpdir(), workspace: os.tmpdir() }).parts.get('train')!;
        const metrics: Metric[] = [];
        const notes: string[] = [];
        const peer = torchEpochs(data.sets.map(s => ({ x: Array.from(s.x), labels: Array.from(s.labels), labelled: Array.from(s.labelled) })), notes);
        const peerMedian = peer ? summarize('', peer.slice(1).length ? peer.slice(1) : peer).median : undefined;
        for (const name of comparedBackends()) {
            const backend = await selectBackend(name);
            if (backend.name !== name) { notes.push(`${name}: not available (${backend.log.filter(l => l.startsWith(name)).join('; ')})`); continue; }
            // WebGPU: with the runtime's fused kernels (Adam, the LCA depth), then with the tfjs ops they replace
            for (const [tag, fused] of name === 'webgpu' ? [['', true], [' (tfjs ops only)', false]] as const : [['', true]] as const) {
                useWebGpuKernels(fused);
                try {
                    const model = await buildModel({
                        name: 'embed', parts: {},
                        layers: [{ call: 'mlp', args: { hidden: [64, 64, 64, 64], out: 2, activation: { call: 'leakyRelu', args: { slope: 0.2 } }, batchNorm: true } }, { call: 'poincare', args: {} }],
                    }, 2, Random.derive(0, 'model', 'embed'));
                    const { optimizer, schedule } = buildOptimizer({ call: 'adam', args: { lr: 1e-3 } });
                    const epochMs: number[] = [];
                    await train({
                        model, optimizer, schedule, epochs: EPOCHS[name]!, batch: BATCH, data, random: Random.derive(0, 'train'),
                        terms: [
                            { weight: 0.1, term: hyphcTerm({ call: 'hyphc', args: { triples: TRIPLES } }) },
                            { weight: 1, term: tripletTerm({ call: 'triplet', args: { margin: MARGIN, triplets: TRIPLETS } }) },
                        ],
                        onEpoch: e => { epochMs.push(e.seconds * 1000); log(`   ${name}${tag} (${backend.device}): epoch ${e.epoch} ${(e.seconds).toFixed(2)} s`); },
                    });
                    optimizer.dispose();
                    model.dispose();
                    tf.disposeVariables();
                    // the first epoch includes kernel compilation (WebGPU shaders) and warm-up; report the rest when there is one
                    const timed = epochMs.length > 1 ? epochMs.slice(1) : epochMs;
                    const m = summarize(`${name}${tag} epoch`, timed);
                    metrics.push(m);
                    notes.push(`${name}${tag}: ${backend.device}; first epoch ${epochMs[0]!.toFixed(0)} ms${peerMedian ? `; ${(m.median / peerMedian).toFixed(1)}× PyTorch` : ''}`);
                } finally {
                    useWebGpuKernels(true);
                }
            }
        }
        if (peer) metrics.push(summarize('PyTorch CPU epoch', peer.slice(1).length ? peer.slice(1) : peer, true));
        await selectBackend('wasm');
        return { metrics, targets: [], notes };
    },
};

function torchEpochs(sets: { x: number[]; labels: number[]; labelled: number[] }[], notes: string[]): number[] | undefined {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'expspec-bench-'));
    try {
        const input = path.join(folder, 'sets.json');
        writeFileSync(input, JSON.stringify({ sets, batch: BATCH, triples: TRIPLES, triplets: TRIPLETS, margin: MARGIN }));
        const out = JSON.parse(execFileSync('/usr/bin/python3', [peerScript, input, '3'], { encoding: 'utf8' }).trim().split('\n').pop()!) as { epochMs: number[]; torch: string; threads: number };
        notes.push(`peer: PyTorch ${out.torch} (Debian's python3-torch), ${out.threads} thread, same sets; epochs ${out.epochMs.map(t => t.toFixed(0)).join(', ')} ms`);
        return out.epochMs;
    } catch (error) {
        notes.push(`peer: PyTorch unavailable (${(error as Error).message.split('\n')[0]}); install Debian's python3-torch to compare`);
        return undefined;
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}
