/**
 * `watch-overhead`: what `lossdbg.watch` costs a training loop. tools/bench_watch.py (Debian's
 * python3-torch) trains the tutorial's news model bare and watched in alternating rounds and prints the
 * per-step times; the row's "ours" is the watched step, "PyTorch" the bare one, ratio = 1 + overhead.
 * `watch-overhead` is the tutorial's own loop (a shuffling DataLoader over a TensorDataset: the goal's
 * workload); `watch-overhead/indexed` slices the tensors directly, the smallest step this model can
 * have, where the watcher's fixed cost per step (µs, in the row) weighs most.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, type Row, type Workload } from '../harness';

interface WatchFigures {
  bare_ms_per_step: number;
  watched_ms_per_step: number;
  overhead_pct: number;
  overhead_us_per_step: number;
  steady_overhead_pct: number;
  steady_us_per_step: number;
  first_step_extra_ms: number;
  cpu_overhead_pct: number;
  steps: number;
  rounds: number;
  snapshots: number;
}

function measureLoop(id: string, title: string, goal: string, loader: 'dataloader' | 'index', rounds: number | null): Row {
  const base = { id, title, goal };
  try {
    const out = execFileSync('/usr/bin/python3', [join(ROOT, 'tools', 'bench_watch.py'), '--rounds', String(rounds ?? 9), '--loader', loader], {
      cwd: ROOT, encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const f = JSON.parse(out.trim().split('\n').pop() ?? '{}') as WatchFigures;
    return {
      ...base, status: 'ok',
      ours_ms: f.watched_ms_per_step, pytorch_1t_ms: f.bare_ms_per_step,
      ratio: Number((1 + f.overhead_pct / 100).toPrecision(4)),
      ratio_cpu: Number((1 + f.cpu_overhead_pct / 100).toPrecision(4)),
      overhead_us_per_step: f.overhead_us_per_step, steady_overhead_pct: f.steady_overhead_pct,
      steady_us_per_step: f.steady_us_per_step, first_step_extra_ms: f.first_step_extra_ms, rounds: f.rounds,
      note: `whole ${f.steps}-step run incl. the first-step snapshot (${f.snapshots} per run); steady state ${f.steady_overhead_pct} % (${f.steady_us_per_step} µs/step); "PyTorch" = the bare loop, epochs interleaved`,
    };
  } catch (e) {
    return { ...base, ours_ms: null, pytorch_1t_ms: null, ratio: null, status: 'not available', note: `not available: ${String(e).split('\n')[0].slice(0, 160)}` };
  }
}

export const watchOverhead: Workload = {
  id: 'watch-overhead',
  title: 'lossdbg.watch on the tutorial\'s news model and loop (MLP 24-64-5, CE, DataLoader batch 256, 240 steps): watched vs bare step',
  goal: '≤ 1.05',
  prepare: () => Promise.resolve({ ours: [] }),
  measure(rounds: number | null): Row[] {
    return [
      measureLoop(watchOverhead.id, watchOverhead.title, watchOverhead.goal, 'dataloader', rounds),
      measureLoop(`${watchOverhead.id}/indexed`, 'the same model fed by tensor slicing, no DataLoader (the smallest step: the fixed per-step cost weighs most)', '(measured)', 'index', rounds),
    ];
  },
};
