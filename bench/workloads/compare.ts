// Runs one workload on every TensorFlow.js backend this machine has, beside the PyTorch peer on the same inputs:
// the median time of a step per backend, its ratio to PyTorch (CPU, one thread), and the relative error of the
// first step's loss and checked gradient against the peer's float64 reference.
//
// A step is what a training loop does: forward, backward (tf.variableGrads), the Adam update when the workload has
// a learning rate, and reading the loss back. Reading the loss last also makes the step synchronous on WebGPU:
// the read submits every queued command and the queue runs in order, so the step's kernels are all done.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../../runtime/backend/index.js';
import { useWebGpuKernels } from '../../runtime/backend/webgpu/program.js';
import '../../runtime/tensor/gradients.js';   // tfjs-core's Node build registers no gradients; this registers them all
import { adam, type Optimizer } from '../../runtime/train/optimizers.js';
import { summarize, type Benchmark, type Metric } from '../stats.js';
import { Peer } from './peer.js';

/** One workload built on the active backend from the peer's inputs. */
export interface Step {
    /** Everything differentiated (and, with a learning rate, updated by Adam). */
    readonly variables: readonly tf.Variable[];
    /** The variable whose gradient is compared with the peer's reference. */
    readonly checked: tf.Variable;
    /** The checked variable is stored as the transpose of the peer's (the runtime's dense weights are [in, out]). */
    readonly checkedTransposed?: boolean;
    loss(): tf.Scalar;
    /** Frees the variables and the constant inputs. */
    dispose(): void;
}

export interface Workload {
    /** Appended to the metric names, e.g. ' n=2000'. */
    readonly label: string;
    readonly peer: Peer;
    build(peer: Peer): Step;
    /** Adam's learning rate; without one a step is forward + backward only. */
    readonly lr?: number;
    /** Why a backend is passed over (e.g. a prediction from a smaller size), or undefined to run it. */
    skip?(backend: BackendName): string | undefined;
    /** Measure the peak tensor memory of one more step (tf.profile), to predict a larger size from. */
    readonly profileMemory?: boolean;
}

/** What a backend gave, for predictions about the next size. */
export interface BackendOutcome {
    readonly medianMs: number;
    readonly peakBytes?: number;
}

export interface Comparison {
    readonly metrics: Metric[];
    readonly notes: string[];
    readonly outcomes: Partial<Record<BackendName, BackendOutcome>>;
}

/** Backends in the order they run (the plain-JavaScript cpu backend last: slowest). */
export const COMPARED_BACKENDS: readonly BackendName[] = ['wasm', 'webgpu', 'cpu'];
let compared: readonly BackendName[] = COMPARED_BACKENDS;

/** Runs the workloads on these backends only (`npm run bench -- --backends=webgpu`), in the usual order. */
export function compareOnly(backends: readonly BackendName[]): void {
    compared = COMPARED_BACKENDS.filter(b => backends.includes(b));
}

/** The backends the workloads run on. */
export const comparedBackends = (): readonly BackendName[] => compared;
/** Timed steps after the first (which is the warm-up and the error check), at most. */
const SAMPLES: Readonly<Partial<Record<BackendName, number>>> = { wasm: 5, webgpu: 3, cpu: 3 };
/** Time allowed for the samples of one workload on one backend: fewer samples when steps are slow. */
const SAMPLING_BUDGET_MS = 40_000;
/** A first step slower than this is the only one timed (its warm-up share is small by then). */
const SINGLE_SAMPLE_MS = 20_000;

const ids = { next: 0 };
/** A variable name that no other benchmark variable in this process has. */
export function variableName(name: string): string {
    return `bench-${name}-${ids.next++}`;
}

/** Runs `workload` on each backend in turn; `log` gets each note as it is made. */
export async function compareOnBackends(workload: Workload, log: (line: string) => void): Promise<Comparison> {
    const { peer, label } = workload;
    const metrics: Metric[] = [];
    const outcomes: Partial<Record<BackendName, BackendOutcome>> = {};
    const torchMedian = summarize('', peer.timedStepsMs()).median;
    const report = peer.report;
    const notes: string[] = [];
    const note = (line: string) => { notes.push(line); log(line); };
    note(
        `peer${label}: PyTorch ${report.torch}, CPU, ${report.threads} thread; float32 steps ${report.stepMs.map(t => t.toFixed(0)).join(', ')} ms (first: warm-up); ` +
        `its float32 error vs float64: loss ${sci(report.float32Error.loss)}, ∂L/∂${report.reference.checked} ${sci(report.float32Error.grad)}`);
    const referenceGrad = peer.referenceGrad();
    for (const name of compared) {
        const backend = await selectBackend(name);
        if (backend.name !== name) {
            note(`${name}${label}: not available (${backend.log.filter(l => l.startsWith(name)).join('; ')})`);
            continue;
        }
        const reason = workload.skip?.(name);
        if (reason) {
            note(`${name}${label}: skipped, ${reason}`);
            continue;
        }
        // On WebGPU Adam runs as the runtime's fused WGSL passes; a step with Adam is timed again with the tfjs ops
        // they replace, so that every run records what the fusion gains on its device
        const variants = name === 'webgpu' && workload.lr !== undefined ? [{ tag: '', fused: true }, { tag: ' (tfjs-op Adam)', fused: false }] : [{ tag: '', fused: true }];
        for (const { tag, fused } of variants) {
            const outcome = await measure(workload, name, tag, fused, backend.device, torchMedian, referenceGrad, note);
            if (!outcome) continue;
            metrics.push(outcome.metric);
            if (!tag) outcomes[name] = outcome.outcome;
        }
    }
    metrics.push(summarize(`PyTorch CPU${label} step`, peer.timedStepsMs(), true));
    await selectBackend('wasm');
    return { metrics, notes, outcomes };
}

/** Times `workload`'s step on the current backend `name`: the first step (warm-up, error check), then samples. */
async function measure(
    workload: Workload, name: BackendName, tag: string, fused: boolean, device: string, torchMedian: number, referenceGrad: Float64Array, note: (line: string) => void,
): Promise<{ metric: Metric; outcome: BackendOutcome } | undefined> {
    const { peer, label } = workload;
    const report = peer.report;
    let step: Step | undefined;
    let optimizer: Optimizer | undefined;
    try {
        step = workload.build(peer);
        useWebGpuKernels(fused);
        optimizer = workload.lr === undefined ? undefined : adam(0.9, 0.999, 0);
        const started = performance.now();
        const first = await runStep(step, optimizer, workload.lr, true);
        const firstMs = performance.now() - started;
        const samples = firstMs > SINGLE_SAMPLE_MS ? 0 : Math.min(SAMPLES[name] ?? 3, Math.max(1, Math.floor(SAMPLING_BUDGET_MS / firstMs)));
        const times: number[] = [];
        for (let s = 0; s < samples; s++) {
            const t0 = performance.now();
            await runStep(step, optimizer, workload.lr, false);
            times.push(performance.now() - t0);
        }
        const timed = times.length ? times : [firstMs];
        const metric = summarize(`${name}${tag}${label} step`, timed);
        let peakBytes: number | undefined;
        if (workload.profileMemory) {
            const live = step, opt = optimizer;
            peakBytes = (await tf.profile(() => runStep(live, opt, workload.lr, false))).peakBytes;
        }
        const lossError = Math.abs(first.loss - report.reference.loss) / Math.abs(report.reference.loss);
        note(`${name}${tag}${label} (${device}): median ${metric.median.toFixed(0)} ms, ` +
            `${(metric.median / torchMedian).toFixed(1)}× PyTorch; first step ${firstMs.toFixed(0)} ms` +
            `${times.length ? '' : ' (the only one timed: slow)'}; error vs float64: loss ${sci(lossError)}, ` +
            `∂L/∂${report.reference.checked} ${sci(relativeError(first.grad!, referenceGrad))}` +
            `${peakBytes === undefined ? '' : `; peak tensor memory ${(peakBytes / 2 ** 20).toFixed(0)} MiB`}`);
        return { metric, outcome: { medianMs: metric.median, ...(peakBytes === undefined ? {} : { peakBytes }) } };
    } catch (error) {
        note(`${name}${tag}${label}: failed, ${((error as Error).message ?? String(error)).split('\n')[0]}`);
        return undefined;
    } finally {
        useWebGpuKernels(true);
        optimizer?.dispose();
        step?.dispose();
    }
}

async function runStep(step: Step, optimizer: Optimizer | undefined, lr: number | undefined, capture: boolean): Promise<{ loss: number; grad?: Float32Array }> {
    const { value, grads } = tf.variableGrads(() => step.loss(), [...step.variables]);
    try {
        // the checked gradient is read before the update, so that it is the one at the peer's inputs
        const checked = grads[step.checked.name]!;
        const grad = !capture ? undefined : step.checkedTransposed ? await readTransposed(checked) : await checked.data() as Float32Array;
        if (optimizer) optimizer.apply(grads, step.variables, lr!);
        const loss = (await value.data())[0]!;
        return { loss, ...(grad ? { grad } : {}) };
    } finally {
        tf.dispose([value, ...Object.values(grads)]);
    }
}

async function readTransposed(x: tf.Tensor): Promise<Float32Array> {
    const t = tf.transpose(x);
    try { return await t.data() as Float32Array; } finally { t.dispose(); }
}

/** ‖a − b‖ / ‖b‖ in float64. */
function relativeError(a: Float32Array, b: Float64Array): number {
    if (a.length !== b.length) throw new Error(`gradient of ${a.length} values, reference of ${b.length}`);
    let diff = 0, norm = 0;
    for (let i = 0; i < a.length; i++) {
        diff += (a[i]! - b[i]!) ** 2;
        norm += b[i]! ** 2;
    }
    return Math.sqrt(diff / norm);
}

const sci = (x: number) => (Number.isFinite(x) ? x.toExponential(1) : String(x));

/**
 * A benchmark of one workload at one size: its PyTorch peer runs first (and writes the shared inputs), then every
 * backend runs `build`'s step on them. `lr` (an Adam step) comes from the peer's parameters when `adam` is set.
 */
export function peerBenchmark(name: string, description: string, build: (peer: Peer) => Step, options: { adam?: boolean } = {}): Benchmark {
    return {
        name,
        description,
        async run(log) {
            const peer = Peer.tryRun(name, ['--samples', '5']);
            if (typeof peer === 'string') return { metrics: [], targets: [], notes: [peer] };
            try {
                const { metrics, notes } = await compareOnBackends({ label: '', peer, build, ...(options.adam ? { lr: peer.report.params['lr']! } : {}) }, log);
                return { metrics, targets: [], notes };
            } finally {
                peer.dispose();
            }
        },
    };
}
