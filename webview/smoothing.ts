/**
 * Curve smoothing for the loss chart. Pure: unit-tested in Node. `null` marks a missing value
 * (NaN or ±Inf from training); smoothing skips it and keeps it missing.
 */
import type { Series, Smoothing } from '../src/shapes/index';


export const DEFAULT_SMOOTHING: Smoothing = { kind: 'none', window: 5, alpha: 0.3 };

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Trailing moving average over the last `window` finite values. */
export function movingAverage(values: Series, window: number): Series {
  const w = Math.max(1, Math.floor(window));
  const out: Series = new Array(values.length);
  const buf: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!finite(v)) { out[i] = null; continue; }
    buf.push(v);
    if (buf.length > w) buf.shift();
    // Summing the window afresh (w ≤ 500) avoids the drift of a running sum.
    let sum = 0;
    for (const b of buf) sum += b;
    out[i] = sum / buf.length;
  }
  return out;
}

/** Exponential moving average s = α·x + (1 − α)·s, starting from the first finite value. */
export function ema(values: Series, alpha: number): Series {
  const a = Math.min(1, Math.max(1e-6, alpha));
  const out: Series = new Array(values.length);
  let s: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!finite(v)) { out[i] = null; continue; }
    s = s === undefined ? v : a * v + (1 - a) * s;
    out[i] = s;
  }
  return out;
}

export function smooth(values: Series, s: Smoothing): Series {
  if (s.kind === 'ma') return movingAverage(values, s.window);
  if (s.kind === 'ema') return ema(values, s.alpha);
  return values.map((v) => (finite(v) ? v : null));
}

/** Points for chart.js: x is the 1-based epoch; missing (and, on a log axis, non-positive) values are null. */
export function toPoints(values: Series, logScale: boolean): Array<{ x: number; y: number | null }> {
  const out: Array<{ x: number; y: number | null }> = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = { x: i + 1, y: finite(v) && (!logScale || v > 0) ? v : null };
  }
  return out;
}
