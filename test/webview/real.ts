/**
 * Real data for the webview tests: bundled scenarios trained by the engine (seed 42, as the panel runs
 * them) with their per-epoch progress as the host forwards it, and a watched run read from the log
 * fixtures. Cached per process (each scenario trains once, in well under a second).
 */
import path from 'node:path';
import { LiveRun } from '../../src/logs/live';
import { toProgressMessage, toTrainReport } from '../../src/report/json-safe';
import { runScenario } from '../../src/scenarios/index';
import { DEFAULT_SEED, type LiveUpdate, type ProgressMessage, type TrainReport } from '../../src/shapes/index';

export interface Trained { report: TrainReport; progress: ProgressMessage[] }

const cache = new Map<string, Promise<Trained>>();

export function trained(id: string): Promise<Trained> {
  let p = cache.get(id);
  if (!p) {
    p = (async () => {
      const progress: ProgressMessage[] = [];
      const r = await runScenario(id, { seed: DEFAULT_SEED, onProgress: (m) => progress.push(toProgressMessage(m)) });
      return { report: toTrainReport(r), progress };
    })();
    cache.set(id, p);
  }
  return p;
}

export function watchedRun(fixture: string): LiveUpdate {
  const run = new LiveRun(path.resolve(__dirname, '..', 'fixtures', 'logs', fixture));
  const u = run.poll(true);
  if (!u) throw new Error(`no update from ${fixture}`);
  return u;
}
