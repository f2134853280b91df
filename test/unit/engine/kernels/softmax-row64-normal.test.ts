/**
 * The float64 softmax row pass's fast parts (#18): `exp_sum64n` (rows whose x − m are all ≥ −707: one
 * power-of-two factor built from k's bits) against the general `exp_sum64` and against Math.exp in ulps,
 * the row min that chooses between them, and `scaleRowInto` (the gradient's e·a written by a SIMD
 * product and a block copy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exp64, EXP2_TABLE } from '../../../../src/engine/kernels/exp';
import { scaleRowInto, softmaxRow64, softmaxRowScratch } from '../../../../src/engine/kernels/softmax-row64';
import { createKernelInstance, wasmKernels } from '../../../../src/engine/kernels/wasm/runtime';
import { Rng } from '../../../../src/engine/data/rng';

const view = new DataView(new ArrayBuffer(8));
/** Distance in units in the last place between two positive finite doubles. */
function ulps(a: number, b: number): number {
  view.setFloat64(0, a);
  const ba = view.getBigInt64(0);
  view.setFloat64(0, b);
  return Math.abs(Number(ba - view.getBigInt64(0)));
}

const skip = wasmKernels() === undefined; // LOSSDBG_NO_WASM=1 runs cover the JS path only

test('exp_sum64n: the same bits as the general kernel and exp64 on rows within 707 of their max, NaN kept', { skip }, () => {
  const k = createKernelInstance();
  assert.ok(k);
  k.f64.set(EXP2_TABLE, 0);
  const n = 4096;
  const pin = 512, pa = pin + n * 8, pb = pa + n * 8;
  k.reserve(pb + n * 8);
  const rng = new Rng(18, 'exp-sum64n');
  for (const f32 of [false, true]) {
    for (const [lo, m] of [[-707, 0], [-30, 12.5], [-1e-9, 3], [-706.99, -400]] as const) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = m + lo * rng.uniform();
      x[5] = NaN;
      x[n - 1] = m + lo; // the floor itself
      if (f32) for (let i = 0; i < n; i++) x[i] = Math.fround(x[i]);
      const mm = f32 ? Math.fround(m) : m;
      if (f32) k.f32.set(x, pin / 4); else k.f64.set(x, pin / 8);
      const Sa = f32 ? k.fn.exp_sum64n_f32(pin, pa, n, mm) : k.fn.exp_sum64n_f64(pin, pa, n, mm);
      const Sb = f32 ? k.fn.exp_sum64_f32(pin, pb, n, mm) : k.fn.exp_sum64_f64(pin, pb, n, mm);
      const what = `${f32 ? 'f32' : 'f64'} [${lo}, 0] + ${m}`;
      assert.ok(Number.isNaN(Sa) && Number.isNaN(Sb), `${what}: Σ with a NaN is NaN`);
      for (let i = 0; i < n; i++) {
        const a: number = k.f64[pa / 8 + i];
        if (i === 5) { assert.ok(Number.isNaN(a), `${what}: NaN in, NaN out`); continue; }
        assert.equal(a, k.f64[pb / 8 + i], `${what}: e[${i}] (x − m = ${x[i] - mm})`);
        assert.equal(a, exp64(x[i] - mm), `${what}: e[${i}] vs exp64`);
      }
    }
  }
});

test('exp_sum64n is within 1 ulp of Math.exp over [−707, 0] (measured: at most 1 ulp, about a quarter of the values 1 ulp off)', { skip }, () => {
  const k = createKernelInstance();
  assert.ok(k);
  k.f64.set(EXP2_TABLE, 0);
  const n = 200_000;
  const pin = 512, pout = pin + n * 8;
  k.reserve(pout + n * 8);
  const rng = new Rng(18, 'exp-ulp');
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = i < 1000 ? -i * 1e-6 : -707 * rng.uniform(); // dense near 0, then uniform
  k.f64.set(x, pin / 8);
  k.fn.exp_sum64n_f64(pin, pout, n, 0);
  const hist = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u = ulps(k.f64[pout / 8 + i], Math.exp(x[i]));
    hist[Math.min(u, 2)]++;
  }
  assert.equal(hist[2], 0, `values more than 1 ulp from Math.exp: ${hist[2]}`);
  assert.ok(hist[0] > n / 2, `most values equal Math.exp's (${hist[0]} of ${n})`);
});

test('softmaxRow64 chooses the kernel by the row min: both sides of the −707 floor, tails of every length mod 4', { skip }, () => {
  const row = softmaxRowScratch();
  for (const C of [64, 65, 66, 67, 30522]) {
    for (const spread of [706.9, 707.1, 744, 800]) {
      for (const f32 of [false, true]) {
        const x = f32 ? new Float32Array(C + 2) : new Float64Array(C + 2);
        for (let c = 0; c < x.length; c++) x[c] = -spread * ((c * 7919) % 1000) / 999 + 1;
        x[1 + ((C * 3) >> 2)] = 1; // the max, inside the row
        softmaxRow64(x, 1, C, row);
        assert.equal(row.m, 1);
        let S = 0;
        for (let c = 0; c < C; c++) {
          const want = exp64(x[1 + c] - 1);
          const got = row.e[row.off + c];
          if (want >= 2.2250738585072014e-308) assert.equal(got, want, `C=${C} spread ${spread}: e[${c}]`);
          else assert.ok(Math.abs(got - want) <= 5e-324, `C=${C} spread ${spread}: e[${c}] = ${got}, exp64 ${want}`);
          S += want;
        }
        assert.ok(Math.abs(row.S - S) <= 2 * C * 1.12e-16 * S, `C=${C} spread ${spread}: Σ ${row.S} vs ${S}`);
      }
    }
  }
});

test('scaleRowInto writes e·a (the product JS computes) at the offset and nothing else, on both paths', () => {
  const row = softmaxRowScratch();
  for (const C of [5, 63, 64, 67, 1001]) {
    const x = new Float64Array(C);
    for (let c = 0; c < C; c++) x[c] = Math.sin(c * 1.7) * 9;
    softmaxRow64(x, 0, C, row);
    const e = Array.from(row.e.subarray(row.off, row.off + C));
    const a = 0.0123456789;
    const out = new Float64Array(C + 6).fill(-7);
    scaleRowInto(row, a, out, 3);
    for (let c = 0; c < C; c++) assert.equal(out[3 + c], e[c] * a, `C=${C} c=${c}`);
    for (const i of [0, 1, 2, C + 3, C + 4, C + 5]) assert.equal(out[i], -7, `C=${C}: out[${i}] untouched`);
  }
});
