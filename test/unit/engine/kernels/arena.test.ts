import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArenaVec, arenaOf, createArena, type Arena } from '../../../../src/engine/kernels/arena';
import { gemm, gemmAt, panelWidth } from '../../../../src/engine/kernels/gemm-wasm';
import { colSums } from '../../../../src/engine/nn/matmul';
import { Rng } from '../../../../src/engine/data/rng';

/** LOSSDBG_NO_WASM=1 runs cover the JS paths only: there is no arena then. */
const NO_WASM = process.env.LOSSDBG_NO_WASM === '1';

/** A fresh arena (WebAssembly SIMD and shared memory are required here, as gemm.test.ts requires SIMD). */
function arena(): Arena {
  const a = createArena();
  assert.ok(a, 'WebAssembly SIMD and shared memory are available');
  return a;
}

test('arena: views stay valid (same values, writable) when the memory grows; arenaOf / offsetOf / owns', () => {
  if (NO_WASM) return;
  const a = arena();
  const off = a.alloc(5, 8);
  const v = a.view(off, 5, false);
  v.set([1, 2, 3, 4, 5]);
  assert.equal(arenaOf(v), a);
  assert.equal(a.offsetOf(v), off);
  assert.equal(off % 16, 0);
  const before = a.w.fn.memory.buffer.byteLength;
  const big = a.alloc(3_000_000, 8); // 24 MB: the memory grows
  assert.ok(a.w.fn.memory.buffer.byteLength > before);
  assert.deepEqual(Array.from(v), [1, 2, 3, 4, 5], 'the old view still reads its values');
  v[2] = 30;
  assert.equal(a.view(off, 5, false)[2], 30, 'and writes the same memory');
  const w = a.view(big, 3_000_000, false);
  assert.equal(arenaOf(w), a);
  assert.ok(w.every((x) => x === 0), 'fresh allocations are zero');
  assert.ok(a.owns(v), 'an allocation start, padded to 16 bytes');
  assert.ok(!a.owns(v.subarray(1)), 'not the start of an allocation');
  assert.ok(a.owns(a.view(off, 3, false)), 'a shorter view of an allocation start');
  assert.equal(arenaOf(new Float64Array(5)), undefined);
  assert.equal(a.offsetOf(new Float64Array(5)), undefined);
  const other = arena();
  assert.equal(other.offsetOf(v), undefined, 'another arena does not claim it');
  const vec = new ArenaVec<Float32Array>(a, true);
  vec.ensure(10);
  const first = vec.view;
  assert.ok(first instanceof Float32Array && first.length >= 10);
  vec.ensure(8);
  assert.equal(vec.view, first, 'kept while large enough');
  vec.ensure(11);
  assert.ok(vec.view.length >= 20, 'grows to at least twice');
});

test('gemmAt (operands in place, B row-major or packed by pack_bt) gives the bits of gemm, f32 and f64', () => {
  if (NO_WASM) return;
  const a = arena();
  const rng = new Rng(21);
  for (const f32 of [false, true]) {
    const es = f32 ? 4 : 8;
    const put = (src: Float64Array): number => {
      const off = a.alloc(src.length, es);
      a.view(off, src.length, f32).set(src);
      return off;
    };
    for (const [M, N, K] of [[1, 1, 1], [5, 3, 7], [9, 17, 3], [4, 8, 16], [33, 10, 65], [12, 24, 9]]) {
      const cpp = panelWidth(f32);
      const Np = Math.ceil(N / cpp) * cpp;
      const rowsC = Math.ceil(M / 4) * 4;
      const read = (pc: number): number[] => {
        const c = a.view(pc, rowsC * Np, f32);
        const out: number[] = [];
        for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) out.push(c[i * Np + j]);
        return out;
      };
      const want = (tA: boolean, tB: boolean, A: Float64Array, B: Float64Array): number[] => {
        const C = f32 ? new Float32Array(M * N) : new Float64Array(M * N);
        const cast = (x: Float64Array): Float32Array | Float64Array => (f32 ? Float32Array.from(x) : x);
        gemm(tA, tB, cast(A), cast(B), C, M, N, K, null, false, f32 ? 'f32' : 'f64');
        return Array.from(C);
      };
      const A = rng.fillNormal(new Float64Array(M * K));
      const Bt = rng.fillNormal(new Float64Array(N * K));
      const B = rng.fillNormal(new Float64Array(K * N));
      const pA = put(A), pBt = put(Bt), pB = put(B);
      const packed = a.alloc(Np * K, es);
      if (f32) a.w.fn.pack_bt_f32(pBt, N, K, packed); else a.w.fn.pack_bt_f64(pBt, N, K, packed);
      const pc = a.alloc(rowsC * Np, es);
      gemmAt(a, f32, false, pA, true, packed, pc, M, N, K);
      assert.deepEqual(read(pc), want(false, true, A, Bt), `A·Bᵀ ${M}x${N}x${K} f32=${f32}`);
      gemmAt(a, f32, false, pA, false, pB, pc, M, N, K);
      assert.deepEqual(read(pc), want(false, false, A, B), `A·B ${M}x${N}x${K} f32=${f32}`);
      const At = rng.fillNormal(new Float64Array(K * M));
      gemmAt(a, f32, true, put(At), false, pB, pc, M, N, K);
      assert.deepEqual(read(pc), want(true, false, At, B), `Aᵀ·B ${M}x${N}x${K} f32=${f32}`);
    }
  }
});

test('col_sums_f64 and add_rows_f64 give the bits of the JS loops (signed zeros, NaN, Infinity)', () => {
  if (NO_WASM) return;
  const a = arena();
  const rng = new Rng(5);
  for (const [rows, n] of [[1, 2], [7, 10], [128, 256], [3, 4]]) {
    const A = rng.fillNormal(new Float64Array(rows * n));
    A[0] = -0; A[A.length - 1] = NaN;
    if (rows > 2) { A[n + 1] = Infinity; A[2 * n + 1] = -0; }
    const pA = a.alloc(A.length, 8);
    a.view(pA, A.length, false).set(A);
    const pOut = a.alloc(n, 8);
    a.view(pOut, n, false).fill(7);
    a.w.fn.col_sums_f64(pA, rows, n, pOut);
    const want = new Float64Array(n);
    colSums(A, want, rows, n, false);
    assert.deepEqual(Array.from(a.view(pOut, n, false)), Array.from(want), `col sums ${rows}x${n}`);
    const bias = rng.fillNormal(new Float64Array(n));
    bias[0] = -0;
    const pb = a.alloc(n, 8);
    a.view(pb, n, false).set(bias);
    a.w.fn.add_rows_f64(pA, rows, n, pb);
    const got = a.view(pA, rows * n, false);
    for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) assert.ok(Object.is(got[i * n + j], A[i * n + j] + bias[j]), `add rows ${i},${j}`);
  }
});
