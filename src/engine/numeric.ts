/**
 * Small numeric helpers on flat C-order buffers: indices, quantiles and medians, a stable sigmoid,
 * logsumexp and softmax of one strided row, evenly spread samples. Pure.
 */

/** Multi-dimensional index of a flat C-order position: `unravelIndex(17, [4, 5])` is `[3, 2]`. */
export function unravelIndex(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d];
    if (n === 0) return out;
    out[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  return out;
}

/** Linear-interpolated quantile (numpy's default) of values already sorted ascending. NaN if empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Quantiles of the finite values (copied and sorted; the input is not modified). */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const sorted = Float64Array.from(finite).sort();
  return qs.map((q) => quantileSorted(sorted, q));
}

/** Median of the finite values (NaN and ±Infinity are left out; NaN when none is finite). */
export function median(values: ArrayLike<number>): number {
  return quantiles(values, [0.5])[0];
}

/**
 * Median of values already sorted ascending, every one counted (the mean of the two middle ones for
 * an even count; NaN if empty). A typed array's `sort()` puts NaN last, so NaN values count as the
 * largest ones: `medianSorted(Float64Array.of(1, 3, NaN))` is 3.
 */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) >> 1] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/** The logistic sigmoid 1 / (1 + e^−x), computed without overflow for large |x|. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** log Σ exp(x[offset + k·stride]) for k < n, stable. −Infinity for n = 0. */
export function logsumexp(x: ArrayLike<number>, offset = 0, n = x.length, stride = 1): number {
  let m = -Infinity;
  for (let k = 0, i = offset; k < n; k++, i += stride) if (x[i] > m) m = x[i];
  if (m === -Infinity || !Number.isFinite(m)) return m;
  let s = 0;
  for (let k = 0, i = offset; k < n; k++, i += stride) s += Math.exp(x[i] - m);
  return m + Math.log(s);
}

/** Softmax of one strided row into `out` (length n). */
export function softmaxRow(x: ArrayLike<number>, offset: number, n: number, stride: number, out: Float64Array): void {
  const lse = logsumexp(x, offset, n, stride);
  for (let k = 0, i = offset; k < n; k++, i += stride) out[k] = Math.exp(x[i] - lse);
}

/** Up to `k` evenly spread indices in [0, n) (all of them when n ≤ k). Deterministic. */
export function spreadIndices(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < k; j++) out.push(Math.floor((j * n) / k));
  return out;
}
