import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bceWithLogitsF32, log1pUnit } from '../../../../src/engine/kernels/bce-row';
import { Rng } from '../../../../src/engine/data/rng';

/** PyTorch's formula evaluated plainly in float64 with Math.exp / Math.log1p. */
function reference(z: Float32Array, y: ArrayLike<number>, labels: number, pw: number[] | null, w: number[] | null, reduction: 'none' | 'mean' | 'sum'): { values: number[]; grad: number[]; loss: number; mag: number[]; gmag: number[]; magSum: number } {
  const n = z.length;
  const values: number[] = [];
  const grad: number[] = [];
  // magnitudes of the parts that float32 arithmetic adds (its rounding error is relative to these)
  const mag: number[] = [];
  const gmag: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = pw === null ? 1 : pw.length === 1 ? pw[0] : pw[i % labels];
    const wi = w === null ? 1 : w.length === 1 ? w[0] : w.length === labels ? w[i % labels] : w[i];
    const lw = 1 + (p - 1) * y[i];
    const sp = Math.log1p(Math.exp(-Math.abs(z[i]))) + Math.max(-z[i], 0);
    values.push(wi * ((1 - y[i]) * z[i] + lw * sp));
    mag.push(Math.abs(wi) * (Math.abs((1 - y[i]) * z[i]) + Math.abs(lw) * (Math.abs(z[i]) + 1)));
    const sig = 1 / (1 + Math.exp(z[i]));
    const sc = reduction === 'mean' ? n : 1;
    grad.push(wi * ((1 - y[i]) - lw * sig) / sc);
    gmag.push((Math.abs(wi) * (Math.abs(1 - y[i]) + Math.abs(lw))) / sc);
  }
  const s = values.reduce((a, b) => a + b, 0);
  const m = mag.reduce((a, b) => a + b, 0);
  return { values, grad, loss: reduction === 'mean' ? s / n : s, mag, gmag, magSum: reduction === 'mean' ? m / n : m };
}

test('log1pUnit: relative error below 1e-10 on [0, 1] and exact at 0', () => {
  assert.equal(log1pUnit(0), 0);
  const rng = new Rng(1);
  let worst = 0;
  for (let i = 0; i < 100_000; i++) {
    const e = i < 50_000 ? rng.uniform() : Math.exp(-80 * rng.uniform());
    const r = Math.abs(log1pUnit(e) - Math.log1p(e)) / Math.log1p(e);
    if (r > worst) worst = r;
  }
  assert.ok(worst < 1e-10, `worst ${worst}`);
  assert.ok(Math.abs(log1pUnit(1) - Math.LN2) < 1e-16);
});

for (const simd of [false, true]) {
test(`bceWithLogitsF32 (${simd ? 'SIMD where it applies' : 'float64 JS path'}) matches the float64 formula for every reduction and broadcast`, () => {
  const rng = new Rng(2);
  // JS path: ~1e-10 relative per term. SIMD path: float32 arithmetic, error relative to the parts added.
  const relTol = simd ? 1e-6 : 1e-9;
  for (const [rows, labels] of [[5000, 1], [64, 5], [3, 7], [1, 1]] as const) {
    const n = rows * labels;
    const z = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      z[i] = rng.normal() * (i % 11 === 0 ? 40 : 3);
      y[i] = rng.uniform() < 0.3 ? 1 : i % 13 === 0 ? 0.25 : 0; // soft labels too
    }
    const pwOptions: (number[] | null)[] = [null, [7], Array.from({ length: labels }, (_, j) => 0.5 + j)];
    const wOptions: (number[] | null)[] = [null, [2], Array.from({ length: labels }, (_, j) => 1 + j / 3), Array.from({ length: n }, (_, i) => (i % 4) / 2)];
    for (const pw of pwOptions) {
      for (const w of wOptions) {
        for (const reduction of ['none', 'mean', 'sum'] as const) {
          const got = bceWithLogitsF32(z, y, n, labels, { posWeight: pw, weight: w, reduction, noSimd: !simd });
          const want = reference(z, y, labels, pw, w, reduction);
          const what = `${rows}x${labels} pw=${pw?.length} w=${w?.length} ${reduction}`;
          const lossTol = simd ? relTol * want.magSum : relTol * Math.abs(want.loss);
          assert.ok(Math.abs(got.loss - want.loss) <= lossTol + 1e-12, `${what}: ${got.loss} vs ${want.loss}`);
          if (reduction === 'none') {
            assert.ok(got.values);
            for (let i = 0; i < n; i++) {
              const tol = simd ? relTol * want.mag[i] : relTol * Math.abs(want.values[i]);
              assert.ok(Math.abs(got.values[i] - want.values[i]) <= tol + 1e-12, `${what} [${i}] ${got.values[i]} vs ${want.values[i]}`);
            }
          } else {
            assert.equal(got.values, undefined);
          }
          for (let i = 0; i < n; i++) {
            // JS path: within one float32 rounding of the float64 value; SIMD: float32 arithmetic
            const tol = simd ? relTol * want.gmag[i] : 1.2e-7 * Math.abs(want.grad[i]);
            assert.ok(Math.abs(got.grad[i] - want.grad[i]) <= tol + 1e-30, `${what} grad[${i}] ${got.grad[i]} vs ${want.grad[i]}`);
          }
        }
      }
    }
  }
});
}

test('bceWithLogitsF32: extremes, NaN, and argument checks (both paths)', () => {
  // 24 elements so that the SIMD path runs on the first 24 (the pattern repeats 4 times)
  const z = Float32Array.from({ length: 24 }, (_, i) => [-100, 100, 0, NaN, -3.4e38, 3.4e38][i % 6]);
  const y = Array.from({ length: 24 }, (_, i) => [1, 0, 1, 1, 0, 1][i % 6]);
  for (const noSimd of [false, true]) {
  const r = bceWithLogitsF32(z, y, 24, 1, { reduction: 'none', noSimd });
  assert.ok(r.values);
  assert.ok(Math.abs(r.values[0] - 100) < 1e-5); // −log σ(−100) ≈ 100
  assert.ok(Math.abs(r.values[1] - 100) < 1e-5);
  assert.ok(Math.abs(r.values[2] - Math.LN2) < 1e-7);
  assert.ok(Number.isNaN(r.values[3]) && Number.isNaN(r.grad[3]));
  assert.equal(r.values[4], 0);
  assert.equal(r.values[5], 0);
  assert.equal(r.grad[0], -1);
  assert.equal(r.grad[1], 1);
  assert.equal(r.grad[2], -0.5);
  for (let i = 6; i < 24; i++) assert.ok(Object.is(r.grad[i], r.grad[i % 6]) && Object.is(r.values[i], r.values[i % 6]), `${i}`);
  }
  assert.throws(() => bceWithLogitsF32(z, y, 6, 4), RangeError);
  assert.throws(() => bceWithLogitsF32(z, y, 6, 3, { posWeight: [1, 2] }), RangeError);
  assert.throws(() => bceWithLogitsF32(z, y, 6, 3, { weight: [1, 2, 3, 4] }), RangeError);
  assert.throws(() => bceWithLogitsF32(z, [1], 6, 1), RangeError);
  const out = new Float32Array(24);
  assert.equal(bceWithLogitsF32(z, y, 24, 2, { posWeight: [1, 3] }, out).grad, out);
});
