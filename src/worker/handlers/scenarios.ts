/** `listScenarios` and `runScenario` (training with per-epoch progress and cancellation). */
import { toProgressMessage } from '../../report/json-safe';
import { listScenarios as list, runScenario as run } from '../../scenarios/index';
import type { Handler } from '../handler';

export const listScenarios: Handler<'listScenarios'> = () =>
  list().map((s) => ({ id: s.id, title: s.title, description: s.description, kind: s.kind }));

export const runScenario: Handler<'runScenario'> = ({ id, seed, epochs }, signal, progress) =>
  run(id, {
    seed,
    ...(epochs !== undefined ? { epochs } : {}),
    signal,
    onProgress: (p) => progress({ message: toProgressMessage(p), runIndex: p.runIndex, runCount: p.runCount }),
  });
