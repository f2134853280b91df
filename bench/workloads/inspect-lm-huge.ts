/**
 * bench `inspect-lm-huge`: `lossdbg inspect` on a Llama-3-sized LM dump — the goal's size is
 * (8192, 128256) float32 = 4.2 GB — against PyTorch loading the file and running float32
 * cross-entropy forward + backward. Goal: peak RSS ≤ 1.5 GB and time ≤ 2× PyTorch. The input is over
 * --max-file-size (512 MB), so the command reads it in chunks of rows (streamed inspect,
 * src/diagnostics/stream-run.ts) instead of loading it.
 *
 * Size: LOSSDBG_BENCH_HUGE=ROWSxV, default 2048x128256 (1.05 GB, already streamed; PyTorch needs
 * ~3.2 GB for it). The full 8192x128256 needs ~13 GB for the PyTorch side (logits, log-softmax and
 * gradient) and 4.2 GB of disk in the bench's temp folder (removed afterwards; check `df -h /tmp`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspectVariant } from '../inspect-run';
import { writeLmCase } from '../lm-case';
import type { Workload } from '../harness';

function size(): { rows: number; V: number } {
  const m = /^(\d+)x(\d+)$/.exec(process.env.LOSSDBG_BENCH_HUGE ?? '');
  return m ? { rows: Number(m[1]), V: Number(m[2]) } : { rows: 2048, V: 128256 };
}

export const inspectLmHuge: Workload = {
  id: 'inspect-lm-huge',
  title: 'lossdbg inspect (streamed) on a (2048, 128256) f32 LM dump (1.05 GB; LOSSDBG_BENCH_HUGE=8192x128256 for the goal\'s 4.2 GB) vs PyTorch np.load + f32 CE fwd+bwd',
  goal: 'peak RSS ≤ 1.5 GB, ≤ 2.0',
  rounds: 1, heavy: true,
  async prepare(dir) {
    const { rows, V } = size();
    const sub = join(dir, 'inspect-lm-huge');
    mkdirSync(sub, { recursive: true });
    const lm = writeLmCase(sub, rows, V);
    const v = inspectVariant('inspect-lm-huge', lm.casePath, lm.logitsBytes);
    v.note = `${v.note ?? ''}; (${rows}, ${V}) float32, ${(lm.logitsBytes / 1e9).toFixed(2)} GB`;
    return { ours: [v], torch: { kind: 'lm_ce', dir: sub, f32: true } };
  },
};
