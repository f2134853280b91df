/**
 * Min/max decimation for drawing: at most `max` points per series, keeping each bucket's lowest and
 * highest finite value in step order, so spikes and dips stay visible. Non-finite values are left
 * out (rules report them). Pure.
 */
export function decimate(steps: ArrayLike<number>, values: ArrayLike<number>, max: number): { steps: number[]; values: number[] } {
  const n = values.length;
  const outS: number[] = [], outV: number[] = [];
  if (n <= max) {
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) { outS.push(steps[i]); outV.push(values[i]); }
    return { steps: outS, values: outV };
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
    outS.push(steps[a]); outV.push(values[a]);
    if (b !== a) { outS.push(steps[b]); outV.push(values[b]); }
  }
  return { steps: outS, values: outV };
}
