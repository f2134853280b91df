/**
 * The whole-tensor summary (diagnostics/stats.ts summarize): the SIMD pass used for large float32
 * inputs (kernels/summary.ts) agrees with the plain loop on the same values held as float64 —
 * counts, min/max and the first non-finite positions exactly, sums to float64 rounding.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from '../../../src/diagnostics/stats';
import { Rng } from '../../../src/engine/data/rng';

function both(x: Float32Array, shape: number[]): void {
  const a = summarize({ shape, data: x, dtype: 'float32' });
  const b = summarize({ shape, data: Float64Array.from(x), dtype: 'float64' });
  for (const k of ['size', 'min', 'max', 'nan', 'posInf', 'negInf', 'nonFinite', 'negatives', 'inUnit', 'allInteger', 'distinct'] as const) {
    assert.ok(Object.is(a[k], b[k]), `${k}: ${String(a[k])} vs ${String(b[k])}`);
  }
  assert.deepEqual(a.firstNonFinite, b.firstNonFinite);
  for (const k of ['mean', 'std'] as const) {
    if (Number.isNaN(b[k])) assert.ok(Number.isNaN(a[k]), k);
    else assert.ok(Math.abs(a[k] - b[k]) <= 1e-12 * Math.max(1, Math.abs(b[k])), `${k}: ${a[k]} vs ${b[k]}`);
  }
}

test('large float32 tensors: the SIMD summary equals the plain loop (with NaN, ±Infinity, a ragged tail)', () => {
  const rng = new Rng(3, 'summary');
  const n = 3 * 65536 + 4099; // several chunks and a tail that is not a multiple of 4
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal() * 2 + 0.3;
  both(x, [n]);
  x[5] = NaN; x[70000] = Infinity; x[n - 1] = -Infinity; x[n - 2] = NaN; x[9] = 0; x[10] = 1; x[11] = -0;
  both(x, [n]);
  const probs = Float32Array.from(x, (v) => (Number.isFinite(v) ? Math.abs(Math.tanh(v)) : v));
  both(probs, [n]);
});

test('all non-finite, and all integers', () => {
  both(new Float32Array(8192).fill(NaN), [8192]);
  both(Float32Array.from({ length: 8192 }, (_, i) => (i % 7) - 3), [64, 128]);
});
