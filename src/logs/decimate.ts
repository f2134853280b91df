/**
 * Min/max decimation for drawing: at most `max` points per series, keeping each bucket's lowest and
 * highest finite value in step order, so spikes and dips stay visible. Non-finite values are left
 * out (rules report them). Pure.
 */
export function decimate(steps: ArrayLike<number>, values: ArrayLike<number>, max: number): { steps: number[]; values: number[] } {
  const keep = decimateIndex(values, max);
  return { steps: keep.map((i) => steps[i]), values: keep.map((i) => values[i]) };
}

/** The indices `decimate` keeps, in order (to pick the same points of arrays that go with the values). */
export function decimateIndex(values: ArrayLike<number>, max: number): number[] {
  const n = values.length;
  const out: number[] = [];
  if (n <= max) {
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) out.push(i);
    return out;
  }
  const bucket = Math.max(1, Math.ceil((2 * n) / Math.max(2, max)));
  for (let i = 0; i < n; i += bucket) {
    let lo = -1, hi = -1;
    const end = Math.min(n, i + bucket);
    for (let j = i; j < end; j++) {
      const v = values[j];
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < values[lo]) lo = j;
      if (hi < 0 || v > values[hi]) hi = j;
    }
    if (lo < 0) continue;
    const a = Math.min(lo, hi), b = Math.max(lo, hi);
    out.push(a);
    if (b !== a) out.push(b);
  }
  return out;
}
