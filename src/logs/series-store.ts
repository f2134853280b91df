/**
 * Growable scalar series keyed by name. Appends are amortised O(1) into typed arrays (no per-point
 * objects, so a 200k-point log costs a few MB). A step lower than the series' last step means the
 * job restarted from a checkpoint: the points at or after that step are dropped first (TensorBoard
 * does the same), so a resumed run reads as one curve.
 */
import type { LogSeries, SeriesSummary } from './types';

export class Growable {
  steps = new Float64Array(64);
  values = new Float64Array(64);
  /** Wall-clock seconds of each point (NaN: not logged); allocated at the first logged time. */
  times: Float64Array | undefined;
  /** Epoch of each point (NaN: not logged); allocated at the first logged epoch. */
  epochs: Float64Array | undefined;
  length = 0;
  /** Times a restart dropped points (for notes). */
  purges = 0;

  /** `time` (wall-clock seconds) and `epoch`, when the log has them, let a panel draw against them. */
  push(step: number, value: number, time = NaN, epoch = NaN): void {
    let n = this.length;
    if (n > 0 && step < this.steps[n - 1]) {
      // Restart: binary search the first point with step >= the new step and cut there.
      let lo = 0, hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.steps[mid] < step) lo = mid + 1; else hi = mid;
      }
      n = this.length = lo;
      this.purges++;
    }
    if (n === this.steps.length) {
      const cap = n * 2;
      const s = new Float64Array(cap); s.set(this.steps); this.steps = s;
      const v = new Float64Array(cap); v.set(this.values); this.values = v;
      if (this.times) this.times = grown(this.times, cap);
      if (this.epochs) this.epochs = grown(this.epochs, cap);
    }
    this.steps[n] = step;
    this.values[n] = value;
    if (time === time && !this.times) this.times = grown(new Float64Array(0), this.steps.length);
    if (this.times) this.times[n] = time;
    if (epoch === epoch && !this.epochs) this.epochs = grown(new Float64Array(0), this.steps.length);
    if (this.epochs) this.epochs[n] = epoch;
    this.length = n + 1;
  }
}

/** `a` copied into a NaN-filled array of `cap` entries. */
function grown(a: Float64Array, cap: number): Float64Array {
  const out = new Float64Array(cap).fill(NaN);
  out.set(a);
  return out;
}

export class SeriesStore {
  private readonly map = new Map<string, Growable>();

  add(name: string, step: number, value: number, time = NaN, epoch = NaN): void {
    let g = this.map.get(name);
    if (!g) { g = new Growable(); this.map.set(name, g); }
    g.push(step, value, time, epoch);
  }

  /** The series' appender (created empty if new): for hot loops that add many points to known series. */
  handle(name: string): Growable {
    let g = this.map.get(name);
    if (!g) { g = new Growable(); this.map.set(name, g); }
    return g;
  }

  has(name: string): boolean { return this.map.has(name); }
  get size(): number { return this.map.size; }
  names(): string[] { return [...this.map.keys()]; }
  length(name: string): number { return this.map.get(name)?.length ?? 0; }
  restarts(): number { let r = 0; for (const g of this.map.values()) r = Math.max(r, g.purges); return r; }

  /** Drops the series whose names start with `prefix` (a whole-document file read again). */
  dropPrefix(prefix: string): void {
    for (const k of [...this.map.keys()]) if (k.startsWith(prefix)) this.map.delete(k);
  }

  /** Drops every series (a file was rewritten from the start). */
  clear(): void { this.map.clear(); }

  /** Views (no copies) of every series, in insertion order. Valid until the next `add`. */
  series(): LogSeries[] {
    const out: LogSeries[] = [];
    for (const [name, g] of this.map) {
      const s: LogSeries = { name, steps: g.steps.subarray(0, g.length), values: g.values.subarray(0, g.length) };
      if (g.times) s.times = g.times.subarray(0, g.length);
      if (g.epochs) s.epochs = g.epochs.subarray(0, g.length);
      out.push(s);
    }
    return out;
  }

  /** Points of one series from index `from` on (copies, for sending to a panel). */
  slice(name: string, from: number): { steps: number[]; values: number[] } {
    const g = this.map.get(name);
    if (!g || from >= g.length) return { steps: [], values: [] };
    return { steps: Array.from(g.steps.subarray(from, g.length)), values: Array.from(g.values.subarray(from, g.length)) };
  }
}

export function summarise(s: LogSeries): SeriesSummary {
  const n = s.values.length;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = s.values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    name: s.name,
    points: n,
    first: n ? s.values[0] : null,
    last: n ? s.values[n - 1] : null,
    min: min === Infinity ? null : min,
    max: max === -Infinity ? null : max,
  };
}
