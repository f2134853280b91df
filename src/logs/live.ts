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
 * Whether a series' logged times are a clock: never going back. detectron2's `time` is the seconds
 * one iteration took, which goes up and down: no wall-time axis from it.
 */
function isClock(t: Float64Array): boolean {
  let last = -Infinity;
  for (let i = 0; i < t.length; i++) {
    if (t[i] < last) return false;
    if (t[i] > last) last = t[i];
  }
  return true;
}

/**
 * The series decimated for drawing (at most `max` points each), with the wall time of each point as
 * seconds since the run's first logged time and its epoch, where the log records them (times that
 * go back are no clock: left out).
 */
export function drawable(all: readonly LogSeries[], max: number): LiveSeries[] {
  const clock = all.map((s) => (s.times && isClock(s.times) ? s.times : undefined));
  let t0 = Infinity;
  for (const t of clock) if (t) for (let i = 0; i < t.length; i++) if (t[i] < t0) t0 = t[i];
  const at = (a: Float64Array, i: number, base: number): number | null => (Number.isFinite(a[i]) ? Math.round((a[i] - base) * 1000) / 1000 : null);
  return all.map((s, k) => {
    const keep = decimateIndex(s.values, max);
    const out: LiveSeries = { name: s.name, steps: keep.map((i) => s.steps[i]), values: keep.map((i) => s.values[i]), summary: summarise(s) };
    const times = clock[k], epochs = s.epochs;
    if (times && Number.isFinite(t0)) out.times = keep.map((i) => at(times, i, t0));
    if (epochs) out.epochs = keep.map((i) => (Number.isFinite(epochs[i]) ? epochs[i] : null));
    return out;
  });
}
