/**
 * A watched run (Watch Training Run…): the tailer reads what the job appended, the curve rules
 * judge the grown series (each finding announced once), and an update carries what a panel needs:
 * decimated series, findings, snapshots, the last step and loss. Runs in the engine worker.
 */
import { resolve, sep, join } from 'node:path';
import { CurveMonitor, type CurveRunOptions } from '../diagnostics/curves/index';
import { assignRoles } from '../diagnostics/curves/roles';
import { decimateIndex } from './decimate';
import { summarise } from './series-store';
import { runReference } from './snapshot-ref';
import { RunTailer } from './tail';
import type { LiveSeries, LiveSnapshot, LiveUpdate, LogSeries } from '../shapes/logs';

export type { LiveUpdate };

export interface LiveOptions extends CurveRunOptions {
  classes?: number;
  maxPoints?: number;
  maxFileBytes?: number;
}

export class LiveRun {
  readonly tailer: RunTailer;
  private readonly monitor: CurveMonitor;
  private refTried = 0;
  private lastResets = 0;
  private polls = 0;

  constructor(readonly path: string, private readonly opts: LiveOptions = {}) {
    this.tailer = new RunTailer(path, { ...(opts.maxFileBytes !== undefined ? { maxFileBytes: opts.maxFileBytes } : {}) });
    this.monitor = new CurveMonitor({ ...(opts.options ? { options: opts.options } : {}), ...(opts.disabled ? { disabled: opts.disabled } : {}) });
  }

  /** Reads what was appended; returns an update when something changed (always on the first call). */
  poll(force = false): LiveUpdate | undefined {
    if (this.polls++ % 4 === 0) this.tailer.rescan();
    const r = this.tailer.poll();
    if (!r.changed && !force) return undefined;
    return this.update();
  }

  private update(): LiveUpdate {
    const run = this.tailer.data();
    if (this.tailer.resets !== this.lastResets) { this.lastResets = this.tailer.resets; this.monitor.reset(); this.refTried = 0; }
    // Reference levels from the first snapshot, once one is there (retried when new snapshots arrive).
    if (run.snapshots.length > this.refTried || (this.refTried === 0 && this.opts.classes !== undefined)) {
      this.refTried = Math.max(1, run.snapshots.length);
      this.monitor.setReference(runReference(run, run.root, this.opts.classes));
    }
    const { findings, added } = this.monitor.update(run.series);
    const max = this.opts.maxPoints ?? 2000;
    const series = drawable(run.series, max);
    const primary = assignRoles(run.series).primaryTrain;
    const n = primary ? primary.values.length : 0;
    const base = run.root ? resolve(run.root) : undefined;
    const snapshots: LiveSnapshot[] = [];
    if (base) {
      for (const s of run.snapshots) {
        const file = resolve(join(base, s.path));
        if (file.startsWith(base + sep)) snapshots.push({ step: s.step, reason: s.reason, rank: s.rank, file });
      }
    }
    return {
      source: this.path, format: run.format, series, findings, added, snapshots, notes: run.notes,
      lastStep: primary && n ? primary.steps[n - 1] : null,
      lastLoss: primary && n ? primary.values[n - 1] : null,
      resets: this.tailer.resets,
    };
  }
}

/**
 * The series decimated for drawing (at most `max` points each), with the wall time of each point as
 * seconds since the run's first logged time and its epoch, where the log records them.
 */
export function drawable(all: readonly LogSeries[], max: number): LiveSeries[] {
  let t0 = Infinity;
  for (const s of all) if (s.times) for (let i = 0; i < s.times.length; i++) if (s.times[i] < t0) t0 = s.times[i];
  const at = (a: Float64Array, i: number, base: number): number | null => (Number.isFinite(a[i]) ? Math.round((a[i] - base) * 1000) / 1000 : null);
  return all.map((s) => {
    const keep = decimateIndex(s.values, max);
    const out: LiveSeries = { name: s.name, steps: keep.map((i) => s.steps[i]), values: keep.map((i) => s.values[i]), summary: summarise(s) };
    const times = s.times, epochs = s.epochs;
    if (times && Number.isFinite(t0)) out.times = keep.map((i) => at(times, i, t0));
    if (epochs) out.epochs = keep.map((i) => (Number.isFinite(epochs[i]) ? epochs[i] : null));
    return out;
  });
}
