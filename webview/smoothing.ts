/**
 * Curve smoothing as TensorBoard's scalar dashboard does it: an exponential moving average with the
 * past weighted by `weight` (the slider, 0–0.99), debiased so the first points are not pulled towards
 * zero. Pure: unit-tested in Node. `null` marks a missing value (NaN or ±Inf from training); it is
 * skipped (the average neither sees nor resets on it) and stays missing. A constant series is drawn
 * as it is (TensorBoard does the same: the debiased average of a constant is that constant anyway,
 * but rounding would make it wobble).
 */
import type { Series, Smoothing } from '../src/shapes/index';

/** Off by default: per-epoch curves of a few dozen points are smooth already (TensorBoard's 0.6 suits per-step logs). */
export const DEFAULT_SMOOTHING: Smoothing = { weight: 0 };
export const MAX_SMOOTHING = 0.99;

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Clamps a slider value to [0, 0.99] (anything unreadable is 0: no smoothing). */
export function clampWeight(w: unknown): number {
  const x = typeof w === 'number' && Number.isFinite(w) ? w : 0;
  return Math.min(MAX_SMOOTHING, Math.max(0, x));
}

/**
 * s_n = w·s_{n−1} + (1 − w)·x_n with s_0 = 0, shown as s_n / (1 − w^n), n counting finite points.
 */
export function debiasedEma(values: Series, weight: number): Series {
  const w = clampWeight(weight);
  const out: Series = new Array(values.length);
  let first: number | undefined;
  let constant = true;
  for (const v of values) {
    if (!finite(v)) continue;
    if (first === undefined) first = v;
    else if (v !== first) { constant = false; break; }
  }
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!finite(v)) { out[i] = null; continue; }
    if (constant || w === 0) { out[i] = v; continue; }
    last = last * w + (1 - w) * v;
    n++;
    out[i] = last / (1 - Math.pow(w, n));
  }
  return out;
}

export function smooth(values: Series, s: Smoothing): Series {
  return debiasedEma(values, s.weight);
}

/** Points for chart.js: x from `xs` (default: the 1-based index); missing (and, on a log axis, non-positive) values are null. */
export function toPoints(values: Series, logScale: boolean, xs?: ReadonlyArray<number | null>): Array<{ x: number; y: number | null }> {
  const out: Array<{ x: number; y: number | null }> = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const x = xs ? xs[i] : i + 1;
    if (x === null || x === undefined || !Number.isFinite(x)) continue;
    out.push({ x, y: finite(v) && (!logScale || v > 0) ? v : null });
  }
  return out;
}
