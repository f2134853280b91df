/**
 * bench `curves-200k`: a 200k-row training log (step, loss, sparse val_loss, lr) read and diagnosed
 * by `lossdbg curves` (read + parse + every curve rule), against `pandas.read_csv` of the same CSV
 * (Debian python3-pandas, in the bench's Python helper).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/engine/data/rng';
import type { Variant, Workload } from '../harness';

export const ROWS_200K = 200_000;

export function curvesCsv(rows: number, seed: number): string {
  const r = new Rng(seed);
  const lines = ['step,loss,val_loss,lr'];
  for (let s = 0; s < rows; s++) {
    const level = 0.2 + 2.1 * Math.exp(-s / 30000);
    const loss = level * Math.exp(0.15 * r.normal());
    const val = s % 1000 === 999 ? (level + 0.05).toFixed(6) : '';
    lines.push(`${s},${loss.toFixed(6)},${val},${(1e-3 * Math.min(1, (s + 1) / 2000)).toPrecision(6)}`);
  }
  return lines.join('\n') + '\n';
}

export const curves200k: Workload = {
  id: 'curves-200k',
  title: 'lossdbg curves on a 200k-row CSV log (read + parse + curve rules) vs pandas.read_csv',
  goal: 'well under 1 s; ratio vs pandas.read_csv',
  async prepare(dir) {
    const file = join(dir, 'curves-200k.csv');
    writeFileSync(file, curvesCsv(ROWS_200K, 20261202));
    const ours: Variant[] = [];
    try {
      const { readRunPath } = await import('../../src/logs/files');
      const { judgeRun } = await import('../../src/logs/judge');
      const run = (): unknown => judgeRun(readRunPath(file));
      run();
      ours.push({ id: 'curves-200k', run, note: 'readRunPath + judgeRun (all curve rules); PyTorch column = pandas.read_csv' });
      ours.push({ id: 'curves-200k/read-only', run: () => readRunPath(file), note: 'readRunPath only' });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      ours.push({ id: 'curves-200k', run: () => { throw new Error(msg); }, note: `not available: ${msg.slice(0, 160)}` });
    }
    return { ours, torch: { kind: 'pandas_csv', file: 'curves-200k.csv' } };
  },
};
