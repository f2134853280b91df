/**
 * col_sums_f32 (the float32 network's bias gradient in WebAssembly): each column summed in float64 in
 * row order and rounded to float32 once — the same bits as nn/modules.ts colSums32's JS loop, also for
 * sums that only float64 keeps exact, ±Infinity, NaN, −0 and subnormals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKernelInstance, wasmKernels } from '../../../../src/engine/kernels/wasm/runtime';
import { Rng } from '../../../../src/engine/data/rng';

function jsColSums(A: Float32Array, rows: number, n: number): Float32Array {
  const acc = new Float64Array(n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) acc[j] += A[i * n + j];
  return Float32Array.from(acc);
}

test('col_sums_f32 equals the float64-accumulated JS column sums bit for bit', { skip: wasmKernels() === undefined }, () => {
  const k = createKernelInstance();
  assert.ok(k);
  const rng = new Rng(18, 'col-sums-f32');
  for (const [rows, n] of [[1, 4], [7, 8], [128, 256], [3, 12], [0, 4], [5, 0]]) {
    const A = new Float32Array(rows * n);
    for (let i = 0; i < A.length; i++) A[i] = rng.normal() * 10 ** (rng.int(9) - 4);
    if (rows >= 3 && n >= 8) {
      // column 0: 1 + 2^−30 − 1 (float64 keeps it, float32 steps would not); 1: ±Infinity → NaN; 2: NaN;
      // 3: −0 only; 4: +Infinity; 5: subnormals
      for (let i = 0; i < rows; i++) { A[i * n] = 0; A[i * n + 3] = -0; A[i * n + 5] = 1e-45; }
      A[0] = 1; A[n] = 2 ** -30; A[2 * n] = -1;
      A[1] = Infinity; A[n + 1] = -Infinity;
      A[2 * n + 2] = NaN;
      A[4] = Infinity;
    }
    const pA = 64, pOut = pA + A.length * 4 + 16;
    k.reserve(pOut + n * 4 + 16);
    k.f32.set(A, pA / 4);
    k.f32.fill(123, pOut / 4, pOut / 4 + n + 4);
    k.fn.col_sums_f32(pA, rows, n, pOut);
    const got = k.f32.subarray(pOut / 4, pOut / 4 + n);
    const want = jsColSums(A, rows, n);
    for (let j = 0; j < n; j++) assert.ok(Object.is(got[j], want[j]), `${rows}×${n}: column ${j}: ${got[j]} vs ${want[j]}`);
    assert.equal(k.f32[pOut / 4 + n], 123, `${rows}×${n}: nothing written past n`);
    if (rows >= 3 && n >= 8) {
      assert.equal(got[0], Math.fround(2 ** -30));
      assert.ok(Number.isNaN(got[1]) && Number.isNaN(got[2]));
      assert.ok(Object.is(got[3], 0), '0 + −0 … is +0, as in the JS loop');
      assert.equal(got[4], Infinity);
    }
  }
});
