/**
 * The engine worker (dist/worker.js): every heavy step runs here, off the extension host's thread —
 * loading and checking case files, recomputing losses, running the rules, building the panel's
 * view, and training scenarios. Messages follow src/shapes/worker.ts; one handler file per request
 * family in ./handlers/.
 */
import { threadId, parentPort, workerData } from 'node:worker_threads';
import { LossDebuggerError } from '../errors';
import { setL10n } from '../l10n';
import type { HostToWorker, WorkerInit, WorkerMethod, WorkerToHost } from '../shapes/index';
import { errorInfo } from './error-info';
import type { Handler } from './handler';
import { inspect, inspectTensors } from './handlers/inspect';
import { listRules } from './handlers/rules';
import { readRuns, watchRun } from './handlers/runs';
import { listScenarios, runScenario } from './handlers/scenarios';
import { listTensors } from './handlers/tensors';
import { crash } from './test-hooks';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');
// The host's display language, before any request: findings, titles and errors are in it.
setL10n((workerData as WorkerInit | undefined)?.l10n);

function post(m: WorkerToHost): void {
  port!.postMessage(m);
}

const handlers: { [M in WorkerMethod]?: Handler<M> } = {
  ping: () => ({ pid: process.pid, threadId }),
  inspect,
  inspectTensors,
  listTensors,
  listScenarios,
  runScenario,
  listRules,
  readRuns,
  watchRun,
};
// Test hooks: esbuild drops statements labelled TEST_BUILD from release bundles (esbuild.mjs).
// eslint-disable-next-line no-unused-labels
TEST_BUILD: handlers.crash = crash;

const jobs = new Map<number, AbortController>();

async function handle(id: number, method: WorkerMethod, params: unknown): Promise<void> {
  const ac = new AbortController();
  jobs.set(id, ac);
  try {
    const h = handlers[method] as Handler<WorkerMethod> | undefined;
    if (!h) throw new LossDebuggerError('value', `unknown worker method '${String(method)}'`);
    const result = await h(params as never, ac.signal, (p) => {
      if (!ac.signal.aborted) post({ kind: 'progress', id, progress: p });
    });
    if (ac.signal.aborted) post({ kind: 'error', id, error: errorInfo(undefined, true) });
    else post({ kind: 'result', id, result });
  } catch (e) {
    post({ kind: 'error', id, error: errorInfo(e, ac.signal.aborted) });
  } finally {
    jobs.delete(id);
  }
}

port.on('message', (m: HostToWorker) => {
  if (!m || typeof m !== 'object') return;
  if (m.kind === 'cancel') jobs.get(m.id)?.abort();
  else if (m.kind === 'request') void handle(m.id, m.method, m.params);
});
post({ kind: 'ready' });
