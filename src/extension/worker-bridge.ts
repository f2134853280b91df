/**
 * The extension host's side of the engine worker: typed requests, progress, cancellation, and
 * crash recovery. No `vscode` import, so it runs (and is tested) under plain Node.
 *
 * - The worker is started on the first request and restarted on the next request after a crash.
 * - A crash (uncaught exception, out of memory under `resourceLimits`, unexpected exit) fails every
 *   pending request with a `WorkerJobError` of kind `crashed` and calls `onCrash` once.
 * - Cancelling (AbortSignal) asks the worker to stop; a worker that does not answer within
 *   `cancelGraceMs` (busy in synchronous code) is terminated and replaced, so cancel is prompt.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type {
  HostToWorker, ParamsOf, ProgressOf, ResultOf, WorkerErrorInfo, WorkerInit, WorkerMethod, WorkerToHost,
} from '../shapes/index';

export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  constructor(readonly info: WorkerErrorInfo) {
    super(info.message);
  }
  get kind(): WorkerErrorInfo['kind'] {
    return this.info.kind;
  }
}

export interface CrashInfo {
  /** What happened, in one line. */
  reason: string;
  /** Methods of the requests that were pending and failed. */
  failed: WorkerMethod[];
  /** Number of crashes so far (this one included). */
  crashes: number;
}

/** The bridge's own messages (the host passes translated ones; English by default, as tests under Node see them). */
export interface BridgeMessages {
  shutDown(): string;
  /** A cancelled request that did not stop in time: the worker was replaced. */
  restartedStuck(): string;
  crashed(reason: string): string;
}

const ENGLISH: BridgeMessages = {
  shutDown: () => 'the engine worker was shut down',
  restartedStuck: () => 'the engine was restarted (a cancelled request did not stop in time); please run it again',
  crashed: (reason) => `The Loss Debugger engine crashed (${reason}). It restarts with the next command; run it again.`,
};

export interface WorkerBridgeOptions {
  /** Path of the worker script (dist/worker.js). */
  script: string;
  resourceLimits?: ResourceLimits;
  /** Given to every worker started (and restarted): the language its messages are in. */
  init?: WorkerInit;
  /** How long a cancelled request may take to stop before the worker is terminated (ms). */
  cancelGraceMs?: number;
  onCrash?: (info: CrashInfo) => void;
  /** The words of the errors the bridge makes itself (default: English). */
  messages?: BridgeMessages;
  /** Diagnostic log lines (start, restart, termination). */
  log?: (line: string) => void;
}

export interface RequestOptions<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

interface Pending {
  method: WorkerMethod;
  resolve: (v: unknown) => void;
  reject: (e: WorkerJobError) => void;
  onProgress?: (p: unknown) => void;
  cleanup: () => void;
}

export class WorkerBridge {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private crashCount = 0;
  private startCount = 0;
  /** When the current worker was started and said ready (wall-clock ms, `performance.timeOrigin` based; for traces). */
  private times: { started: number; ready?: number } | undefined;
  private disposed = false;
  /** Workers we terminated on purpose: their exit is not a crash. */
  private readonly retired = new WeakSet<Worker>();

  constructor(private readonly opts: WorkerBridgeOptions) {}

  private get words(): BridgeMessages {
    return this.opts.messages ?? ENGLISH;
  }

  /** Crashes seen so far. */
  get crashes(): number {
    return this.crashCount;
  }

  /** Workers started so far (1 + restarts). */
  get starts(): number {
    return this.startCount;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** When the running worker was started and when it said ready (wall-clock ms), if one runs. */
  get workerTimes(): { started: number; ready?: number } | undefined {
    return this.times ? { ...this.times } : undefined;
  }

  /** Starts the worker now (if none runs), so that the next request does not wait for it to load. */
  prewarm(): void {
    if (!this.disposed) this.ensureWorker();
  }

  request<M extends WorkerMethod>(method: M, params: ParamsOf<M>, options: RequestOptions<ProgressOf<M>> = {}): Promise<ResultOf<M>> {
    if (this.disposed) return Promise.reject(new WorkerJobError({ kind: 'internal', message: this.words.shutDown() }));
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(cancelledError());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        if (!this.pending.has(id)) return;
        this.post(worker, { kind: 'cancel', id });
        const grace = this.opts.cancelGraceMs ?? 250;
        graceTimer = setTimeout(() => {
          if (!this.pending.has(id)) return;
          // The worker is stuck in synchronous work: replace it.
          this.settle(id, cancelledError());
          this.replace(worker);
        }, grace);
      };
      const cleanup = (): void => {
        signal?.removeEventListener('abort', onAbort);
        if (graceTimer) clearTimeout(graceTimer);
      };
      const entry: Pending = {
        method,
        resolve: resolve as (v: unknown) => void,
        reject,
        cleanup,
      };
      if (onProgress) entry.onProgress = onProgress as (p: unknown) => void;
      this.pending.set(id, entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.post(worker, { kind: 'request', id, method, params });
    });
  }

  /** Stops the worker; pending requests fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
    this.times = undefined;
    this.failAll({ kind: 'internal', message: this.words.shutDown() });
    if (w) {
      this.retired.add(w);
      await w.terminate();
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.opts.script, {
      ...(this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {}),
      ...(this.opts.init ? { workerData: this.opts.init } : {}),
    });
    this.startCount++;
    this.times = { started: performance.timeOrigin + performance.now() };
    this.opts.log?.(`engine worker started (thread ${w.threadId}${this.startCount > 1 ? `, restart ${this.startCount - 1}` : ''})`);
    w.on('message', (m: unknown) => this.onMessage(w, m));
    w.on('error', (e: Error) => this.onCrash(w, describeError(e)));
    w.on('exit', (code: number) => this.onCrash(w, `the engine worker exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private post(w: Worker, msg: HostToWorker): void {
    try {
      w.postMessage(msg);
    } catch (e) {
      // Parameters that cannot be cloned fail that request only.
      if (msg.kind === 'request') this.settle(msg.id, new WorkerJobError({ kind: 'internal', message: `could not send the request: ${describeError(e)}` }));
    }
  }

  private onMessage(w: Worker, raw: unknown): void {
    if (w !== this.worker) return;
    const m = raw as WorkerToHost;
    if (!m || typeof m !== 'object') return;
    if (m.kind === 'ready') {
      if (this.times) this.times.ready = performance.timeOrigin + performance.now();
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return; // a late answer to a cancelled request
    if (m.kind === 'progress') {
      try {
        p.onProgress?.(m.progress);
      } catch (e) {
        this.opts.log?.(`progress handler failed: ${describeError(e)}`);
      }
    } else if (m.kind === 'result') {
      this.settle(m.id, undefined, m.result);
    } else if (m.kind === 'error') {
      this.settle(m.id, new WorkerJobError(m.error));
    }
  }

  private settle(id: number, error: WorkerJobError | undefined, result?: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.cleanup();
    if (error) p.reject(error);
    else p.resolve(result);
  }

  private failAll(info: WorkerErrorInfo): WorkerMethod[] {
    const methods: WorkerMethod[] = [];
    for (const id of [...this.pending.keys()]) {
      methods.push(this.pending.get(id)!.method);
      this.settle(id, new WorkerJobError(info));
    }
    return methods;
  }

  /** Terminates a worker on purpose (not a crash); the next request starts a fresh one. */
  private replace(w: Worker): void {
    if (this.worker !== w) return;
    this.retired.add(w);
    this.worker = undefined;
    this.times = undefined;
    this.opts.log?.('engine worker terminated: a cancelled request did not stop in time');
    this.failAll({ kind: 'internal', message: this.words.restartedStuck() });
    void w.terminate();
  }

  private onCrash(w: Worker, reason: string): void {
    if (this.retired.has(w) || this.worker !== w) return;
    this.retired.add(w);
    this.worker = undefined;
    this.times = undefined;
    this.crashCount++;
    this.opts.log?.(`engine worker crashed: ${reason}`);
    const failed = this.failAll({ kind: 'crashed', message: this.words.crashed(reason) });
    void w.terminate();
    if (!this.disposed) this.opts.onCrash?.({ reason, failed, crashes: this.crashCount });
  }
}

function cancelledError(): WorkerJobError {
  return new WorkerJobError({ kind: 'cancelled', message: 'cancelled' });
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
    return e.message;
  }
  return String(e);
}
