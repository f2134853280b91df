/** The signature of a worker request handler (one file per request family in ./handlers/). */
import type { WorkerMethod, WorkerMethods } from '../shapes/index';

export type Handler<M extends WorkerMethod> = (
  params: WorkerMethods[M]['params'],
  signal: AbortSignal,
  progress: (p: WorkerMethods[M]['progress']) => void,
) => Promise<WorkerMethods[M]['result']> | WorkerMethods[M]['result'];
