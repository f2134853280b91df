/**
 * bench `inspect-lm-huge`: `lossdbg inspect` on a Llama-3-sized LM dump, (8192, 128256) float32 =
 * 4.2 GB, against PyTorch loading the file and running float32 cross-entropy forward + backward.
 * Goal: peak RSS ≤ 1.5 GB and time ≤ 2× PyTorch — which needs a streamed (chunked) inspect that
 * is not built yet: today the command refuses files over --max-file-size (512 MB by default) with a
 * clear error, so the row reports 'not available' with that reason (see docs/performance.md).
 *
 * The size is configurable for machines without the disk or memory for it (PyTorch alone needs
 * ~3× the file): LOSSDBG_BENCH_HUGE=ROWSxV (e.g. 2048x128256). The file is written to the bench's
 * temp folder and removed afterwards; check `df -h /tmp` first.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspectVariant } from '../inspect-run';
import { writeLmCase } from '../lm-case';
import type { Workload } from '../harness';

function size(): { rows: number; V: number } {
  const m = /^(\d+)x(\d+)$/.exec(process.env.LOSSDBG_BENCH_HUGE ?? '');
  return m ? { rows: Number(m[1]), V: Number(m[2]) } : { rows: 8192, V: 128256 };
}

export const inspectLmHuge: Workload = {
  id: 'inspect-lm-huge',
  title: 'lossdbg inspect on an (8192, 128256) f32 LM dump (4.2 GB; LOSSDBG_BENCH_HUGE=ROWSxV to change) vs PyTorch np.load + f32 CE fwd+bwd',
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
