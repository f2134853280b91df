/**
 * Measures a series before any rule judges it: a robust smoothed level and the noise around it.
 *
 * - Positive series (losses) are analysed in log space, where minibatch noise is roughly
 *   multiplicative and a 10× spike means the same early and late in training.
 * - The level is the median of consecutive blocks of m points (m grows with the series, 5..51),
 *   linearly interpolated between block centres (by index, so repeated or uneven steps are fine).
 * - The noise is measured, not assumed: σ = 1.4826 × median |residual| around the level, per
 *   neighbourhood of blocks (noise shrinks as the loss falls) and globally.
 * Cost: O(n log m) per series; 200k points take a few milliseconds.
 */
import { medianSorted } from '../../engine/numeric';
import type { CurveSeries } from './types';

export interface SeriesAnalysis {
  name: string;
  /** Points in the series (finite or not). */
  n: number;
  /** Index of the first NaN/±Inf value, −1 when none. */
  firstNonFinite: number;
  nonFiniteCount: number;
  /** Finite points, in order (steps and values). */
  steps: Float64Array;
  values: Float64Array;
  /** Whether the analysis is in log space (every finite value > 0). */
  log: boolean;
  /** Transformed finite values (log or as is). */
  y: Float64Array;
  /** Block size and, per block, the index of its centre point and its median (transformed). */
  block: number;
  centers: Float64Array;
  level: Float64Array;
  /** Smoothed level at every finite point (transformed). */
  smooth: Float64Array;
  /** Robust σ of residuals around the level: global, and per block (its neighbourhood). */
  sigma: number;
  blockSigma: Float64Array;
  /** σ of one block median (the level's own noise). */
  levelSigma: number;
}

/**
 * Median of every value (not only the finite ones, unlike `engine/numeric`'s `median`): ±Infinity
 * count as values and NaN counts above +Infinity, so a NaN residual weighs as a large one. NaN if empty.
 */
export function median(a: Float64Array | number[]): number {
  return medianSorted(Float64Array.from(a).sort());
}

export function blockSize(n: number): number {
  const m = Math.round(n / 40);
  const odd = m % 2 ? m : m + 1;
  return Math.max(5, Math.min(51, odd));
}

export function analyseSeries(s: CurveSeries): SeriesAnalysis {
  const n = s.values.length;
  let firstNonFinite = -1, bad = 0, positive = true;
  for (let i = 0; i < n; i++) {
    const v = s.values[i];
    if (!Number.isFinite(v)) { bad++; if (firstNonFinite < 0) firstNonFinite = i; } else if (v <= 0) positive = false;
  }
  const f = n - bad;
  const steps = new Float64Array(f), values = new Float64Array(f), y = new Float64Array(f);
  for (let i = 0, j = 0; i < n; i++) {
    const v = s.values[i];
    if (!Number.isFinite(v)) continue;
    steps[j] = s.steps[i];
    values[j] = v;
    y[j] = positive ? Math.log(v) : v;
    j++;
  }
  const m = f < 5 ? 1 : blockSize(f);
  const nb = f ? Math.ceil(f / m) : 0;
  const centers = new Float64Array(nb), level = new Float64Array(nb);
  const tmp = new Float64Array(m);
  for (let b = 0; b < nb; b++) {
    const lo = b * m, hi = Math.min(f, lo + m);
    const k = hi - lo;
    const t = tmp.subarray(0, k);
    t.set(y.subarray(lo, hi));
    t.sort();
    level[b] = medianSorted(t);
    centers[b] = lo + (k - 1) / 2;
  }
  const smooth = new Float64Array(f);
  if (nb === 1) smooth.fill(level[0]);
  else if (nb > 1) {
    let b = 0;
    for (let i = 0; i < f; i++) {
      while (b < nb - 2 && i > centers[b + 1]) b++;
      const c0 = centers[b], c1 = centers[b + 1];
      const w = (i - c0) / (c1 - c0);
      smooth[i] = level[b] + w * (level[b + 1] - level[b]);
    }
  }
  // Noise: per-block median |residual|, pooled over ±2 blocks.
  const blockMad = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    const lo = b * m, hi = Math.min(f, lo + m);
    const k = hi - lo;
    const t = tmp.subarray(0, k);
    for (let i = lo; i < hi; i++) t[i - lo] = Math.abs(y[i] - smooth[i]);
    t.sort();
    blockMad[b] = medianSorted(t);
  }
  const blockSigma = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    const lo = Math.max(0, b - 2), hi = Math.min(nb, b + 3);
    blockSigma[b] = 1.4826 * median(blockMad.subarray(lo, hi));
  }
  const sigma = 1.4826 * median(blockMad);
  return {
    name: s.name, n, firstNonFinite, nonFiniteCount: bad, steps, values, log: positive, y,
    block: m, centers, level, smooth, sigma: Number.isFinite(sigma) ? sigma : 0, blockSigma,
    levelSigma: (Number.isFinite(sigma) ? sigma : 0) * 1.2533 / Math.sqrt(m),
  };
}

/** Back from the analysis space to loss units. */
export function toValue(a: SeriesAnalysis, y: number): number {
  return a.log ? Math.exp(y) : y;
}
