/**
 * The worker side of ce-parallel.ts: waits on a shared control word, takes the job message
 * synchronously, runs `ceRows` on its rows, and signals completion. No event loop is needed.
 * Control words (Int32Array over `ctl`): [0] job sequence (−1: stop), [1] last finished job, [2] error flag.
 */
import { receiveMessageOnPort, workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { ceRows, type RowCtx } from '../../src/engine/kernels/ce-row';

export interface CeJob {
  x: SharedArrayBuffer;
  xRow0: number;
  target: Float64Array;
  grad: SharedArrayBuffer;
  rowLoss: SharedArrayBuffer;
  r0: number;
  r1: number;
  ctx: RowCtx;
}

const { ctl, port } = workerData as { ctl: SharedArrayBuffer; port: MessagePort };
const c32 = new Int32Array(ctl);
parentPort?.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(c32, 0, seen);
  const seq = Atomics.load(c32, 0);
  if (seq < 0) break;
  if (seq === seen) continue;
  seen = seq;
  let msg = receiveMessageOnPort(port);
  while (msg === undefined) {
    Atomics.wait(c32, 3, 0, 0.05); // the message is normally there already; yield briefly if not
    msg = receiveMessageOnPort(port);
  }
  const job = msg.message as CeJob;
  try {
    ceRows(new Float32Array(job.x), job.xRow0, job.target, new Float32Array(job.grad), new Float64Array(job.rowLoss), job.r0, job.r1, job.ctx);
    Atomics.store(c32, 2, 0);
  } catch {
    Atomics.store(c32, 2, 1);
  }
  Atomics.store(c32, 1, seq);
  Atomics.notify(c32, 1);
}
port.close();
