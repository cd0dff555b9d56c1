// The PyTorch side of the workload benchmarks (bench/peers/workloads_torch.py). The peer is the one place the
// inputs are made: it draws them from a seeded NumPy generator and writes them raw (little-endian float32, int32
// for indices) into a temporary folder, computes the float64 reference of one step (loss and one gradient) and
// times the step in PyTorch float32 on one CPU thread. The TypeScript side reads those same files, so every
// backend and PyTorch compute on identical bits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const peerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'peers', 'workloads_torch.py');

interface RawFile {
    readonly file: string;
    readonly shape: number[];
    readonly dtype?: 'float32' | 'int32';
}

/** What the peer prints (one JSON line). */
export interface PeerReport {
    readonly workload: string;
    readonly torch: string;
    readonly threads: number;
    readonly inputs: Readonly<Record<string, RawFile>>;
    /** Scalars of the workload (learning rate, loss weights). */
    readonly params: Readonly<Record<string, number>>;
    readonly reference: { readonly loss: number; readonly checked: string; readonly grad: RawFile };
    /** PyTorch's own float32 step against the float64 reference: the rounding floor to compare backends with. */
    readonly float32Error: { readonly loss: number; readonly grad: number };
    /** Wall time of each float32 step; the first is the warm-up. */
    readonly stepMs: readonly number[];
}

export class Peer {
    private constructor(readonly report: PeerReport, private readonly folder: string) {}

    /** Runs the peer for one workload (extra arguments: `--n`, `--samples`). Throws when PyTorch is missing. */
    static run(workload: string, args: readonly string[] = []): Peer {
        const folder = mkdtempSync(path.join(os.tmpdir(), `expspec-bench-${workload}-`));
        try {
            const stdout = execFileSync('/usr/bin/python3', [peerScript, workload, folder, ...args], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
            return new Peer(JSON.parse(stdout.trim().split('\n').pop()!) as PeerReport, folder);
        } catch (error) {
            rmSync(folder, { recursive: true, force: true });
            throw error;
        }
    }

    shape(name: string): number[] {
        return this.input(name).shape;
    }

    floats(name: string): Float32Array {
        return new Float32Array(bytes(this.input(name).file));
    }

    ints(name: string): Int32Array {
        return new Int32Array(bytes(this.input(name).file));
    }

    referenceGrad(): Float64Array {
        return new Float64Array(bytes(this.report.reference.grad.file));
    }

    /** The timed float32 steps, the warm-up left out (unless it is the only one). */
    timedStepsMs(): readonly number[] {
        return this.report.stepMs.length > 1 ? this.report.stepMs.slice(1) : this.report.stepMs;
    }

    /** As `run`, or why the peer could not run (no PyTorch: install Debian's python3-torch). */
    static tryRun(workload: string, args: readonly string[] = []): Peer | string {
        try {
            return Peer.run(workload, args);
        } catch (error) {
            const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').pop();
            return `PyTorch peer failed (${stderr || (error as Error).message.split('\n')[0]}); inputs and references come from it: install Debian's python3-torch`;
        }
    }

    dispose(): void {
        rmSync(this.folder, { recursive: true, force: true });
    }

    private input(name: string): RawFile {
        const input = this.report.inputs[name];
        if (!input) throw new Error(`the ${this.report.workload} peer wrote no input '${name}'`);
        return input;
    }
}

/** A file's bytes in an ArrayBuffer of their own (a Buffer may sit unaligned inside a shared pool). */
function bytes(file: string): ArrayBuffer {
    const buffer = readFileSync(file);
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
