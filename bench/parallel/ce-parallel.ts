/**
 * Cross-entropy rows split across two threads: the calling thread does the first half of the rows,
 * one persistent worker (ce-worker.ts) the second half, on shared memory. Node only (worker_threads,
 * and the caller blocks in Atomics.wait while the worker finishes).
 *
 *   const pool = await CeParallel.create();          // undefined when workers are unavailable
 *   const r = pool ? pool.run(x, t, N, K, opts) : crossEntropyF32(x, t, N, K, opts);
 *   await pool?.close();
 *
 * Results are bitwise identical to crossEntropyF32 (same kernels, same row order in the sum). The
 * gradient is a Float32Array over a SharedArrayBuffer. Per call the worker's half of the logits is
 * copied into shared memory (N·K/2 floats); small inputs (< 64 Ki values) run on the calling thread.
 * Bundles must ship ce-worker as its own entry (pass its path to `create`).
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { join } from 'node:path';
import { ceFinish, ceRows, ceSetup, crossEntropyF32, type CeKernelOptions, type CeKernelResult } from '../../src/engine/kernels/ce-row';
import type { CeJob } from './ce-worker';

const MIN_PARALLEL = 65536;

export class CeParallel {
  private seq = 0;
  private x: SharedArrayBuffer = new SharedArrayBuffer(0);

  private constructor(private readonly worker: Worker, private readonly c32: Int32Array, private readonly port: MessagePort) {}

  /** Starts the worker and waits until it is ready; undefined when that is not possible. */
  static async create(workerFile?: string): Promise<CeParallel | undefined> {
    // Default: ce-worker.js next to this module (a bundle must emit it); tests and tsx pass the .ts path.
    const file = workerFile ?? (typeof __dirname === 'string' ? join(__dirname, 'ce-worker.js') : undefined);
    if (file === undefined) return undefined;
    try {
      const ctl = new SharedArrayBuffer(16);
      const { port1, port2 } = new MessageChannel();
      // A .ts worker (development, tests, bench) needs tsx's CommonJS hook: --import does not reach workers.
      const execArgv = file.endsWith('.ts') ? ['--require', 'tsx/cjs'] : undefined;
      const worker = new Worker(file, { workerData: { ctl, port: port2 }, transferList: [port2], ...(execArgv ? { execArgv } : {}) });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`ce worker exited (${code})`)));
      });
      worker.unref();
      return new CeParallel(worker, new Int32Array(ctl), port1);
    } catch {
      return undefined;
    }
  }

  run(logits: Float32Array | Float64Array, target: ArrayLike<number>, N: number, K: number, opts: CeKernelOptions = {}): CeKernelResult {
    if (N < 2 || N * K < MIN_PARALLEL) return crossEntropyF32(logits, target, N, K, opts);
    if (logits.length < N * K) throw new RangeError(`crossEntropyF32: logits hold ${logits.length} values, need ${N}×${K}`);
    const setup = ceSetup(target, N, K, opts);
    const h = N >> 1;
    const need = (N - h) * K * 4;
    if (this.x.byteLength < need) this.x = new SharedArrayBuffer(need);
    new Float32Array(this.x, 0, (N - h) * K).set(logits.subarray(h * K, N * K));
    const gradBuf = new SharedArrayBuffer(N * K * 4);
    const lossBuf = new SharedArrayBuffer(N * 8);
    const grad = new Float32Array(gradBuf);
    const rowLoss = new Float64Array(lossBuf);
    const job: CeJob = { x: this.x, xRow0: h, target: Float64Array.from({ length: N }, (_, i) => target[i]), grad: gradBuf, rowLoss: lossBuf, r0: h, r1: N, ctx: setup.ctx };
    this.port.postMessage(job);
    const seq = ++this.seq;
    Atomics.store(this.c32, 0, seq);
    Atomics.notify(this.c32, 0);
    ceRows(logits, 0, target, grad, rowLoss, 0, h, setup.ctx);
    for (;;) {
      const done = Atomics.load(this.c32, 1);
      if (done === seq) break;
      Atomics.wait(this.c32, 1, done, 5000);
    }
    if (Atomics.load(this.c32, 2) !== 0) throw new Error('crossEntropy worker failed');
    return ceFinish(rowLoss, grad, setup);
  }

  async close(): Promise<void> {
    Atomics.store(this.c32, 0, -1);
    Atomics.notify(this.c32, 0);
    this.port.close();
    await this.worker.terminate();
  }
}
