/**
 * bench `inspect-lm-large`: `lossdbg inspect case.json --json` — the whole command as a user runs it
 * (a fresh `node dist/cli.js` process: start, load the .npy, recompute the float64 loss, every rule,
 * the JSON report) — on a (2048, 32000) float32 LM dump with right padding (bench/lm-case.ts, 262
 * MB, written to the bench's temp folder, never committed), against PyTorch loading the same file
 * (`np.load`) and running float64 `cross_entropy` forward + backward. Also reports the command's
 * peak RSS over the file size (goal ≤ 2).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspectVariant } from '../inspect-run';
import { writeLmCase } from '../lm-case';
import type { Workload } from '../harness';

function lmInspectWorkload(id: string, rows: number, V: number, goal: string, title: string): Workload {
  return {
    id, title, goal, rounds: 3, heavy: true,
    async prepare(dir) {
      const sub = join(dir, id);
      mkdirSync(sub, { recursive: true });
      const lm = writeLmCase(sub, rows, V);
      const ours = [inspectVariant(id, lm.casePath, lm.logitsBytes)];
      return { ours, torch: { kind: 'lm_ce', dir: sub } };
    },
  };
}

export const inspectLmLarge = lmInspectWorkload('inspect-lm-large', 2048, 32000, '≤ 1.0, peak RSS ≤ 2× file',
  'lossdbg inspect (whole command) on a (2048, 32000) f32 .npy LM case with padding vs PyTorch np.load + f64 CE fwd+bwd');
