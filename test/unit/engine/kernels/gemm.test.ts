import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { gemmAB, gemmABt, gemmAtB, gemmUsesWasm, type Mat } from '../../../../src/engine/kernels/gemm-wasm';
import { setWasmDisabled } from '../../../../src/engine/kernels/wasm/runtime';
import { kernelModuleBytes, KERNEL_FUNCS } from '../../../../src/engine/kernels/wasm/module';
import { Rng } from '../../../../src/engine/data/rng';

after(() => setWasmDisabled(false));

/** Naive triple loop in float64; also returns Σ|a·b| per entry for the float32 error bound. */
function naive(tA: boolean, tB: boolean, A: Mat, B: Mat, M: number, N: number, K: number): { C: Float64Array; abs: Float64Array } {
  const C = new Float64Array(M * N);
  const abs = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      let a = 0;
      for (let k = 0; k < K; k++) {
        const p = (tA ? A[k * M + i] : A[i * K + k]) * (tB ? B[j * K + k] : B[k * N + j]);
        s += p;
        a += Math.abs(p);
      }
      C[i * N + j] = s;
      abs[i * N + j] = a;
    }
  }
  return { C, abs };
}

function fill(rng: Rng, n: number, f32: boolean): Mat {
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

const SIZES: [number, number, number][] = [[1, 1, 1], [5, 3, 7], [9, 17, 3], [4, 8, 16], [33, 10, 65], [13, 257, 31], [128, 20, 200]];

for (const wasm of [true, false]) {
  const path = wasm ? 'WebAssembly' : 'JS fallback';
  test(`gemm (${path}): A·Bᵀ, A·B, Aᵀ·B in f32 and f64 match a naive triple loop`, () => {
    setWasmDisabled(!wasm);
    assert.equal(gemmUsesWasm(), wasm);
    const rng = new Rng(3);
    for (const [M, N, K] of SIZES) {
      for (const prec of ['f32', 'f64'] as const) {
        for (const storeF32 of [false, true]) {
          const A = fill(rng, M * K, storeF32);
          const B = fill(rng, N * K, storeF32);
          const forms = [
            { name: 'ABt', tA: false, tB: true, run: (C: Mat) => gemmABt(A, B, C, M, N, K, null, prec) },
            { name: 'AB', tA: false, tB: false, run: (C: Mat) => gemmAB(A, B, C, M, N, K, prec) },
            { name: 'AtB', tA: true, tB: false, run: (C: Mat) => gemmAtB(A, B, C, M, N, K, false, prec) },
          ];
          for (const f of forms) {
            const C = storeF32 ? new Float32Array(M * N + 3).fill(9) : new Float64Array(M * N + 3).fill(9);
            f.run(C);
            const ref = naive(f.tA, f.tB, A, B, M, N, K);
            for (let j = 0; j < M * N; j++) {
              // f64: a few ulps of Σ|a·b|; f32: float32 rounding of each product and partial sum, plus output rounding
              const tol = (prec === 'f64' ? 1e-14 : 2 * K * 6e-8) * ref.abs[j] + (storeF32 ? 6e-8 * Math.abs(ref.C[j]) : 0) + 1e-300;
              assert.ok(Math.abs(C[j] - ref.C[j]) <= tol, `${f.name} ${prec} M=${M} N=${N} K=${K} [${j}]: ${C[j]} vs ${ref.C[j]}`);
            }
            // nothing past M×N is touched
            for (let j = M * N; j < C.length; j++) assert.equal(C[j], 9);
          }
        }
      }
    }
  });

  test(`gemm (${path}): bias, accumulate, and buffer reuse across sizes`, () => {
    setWasmDisabled(!wasm);
    const rng = new Rng(5);
    const M = 6, N = 11, K = 9;
    const A = fill(rng, M * K, false);
    const B = fill(rng, N * K, false);
    const bias = fill(rng, N, false);
    const C = new Float64Array(M * N);
    gemmABt(A, B, C, M, N, K, bias);
    const ref = naive(false, true, A, B, M, N, K).C;
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) assert.ok(Math.abs(C[i * N + j] - ref[i * N + j] - bias[j]) < 1e-12);
    // Aᵀ·B accumulating into C: C = C0 + Aᵀ·B
    const At = fill(rng, K * M, false);
    const Bn = fill(rng, K * N, false);
    const C0 = fill(rng, M * N, false);
    const Cacc = Float64Array.from(C0);
    gemmAtB(At, Bn, Cacc, M, N, K, true);
    const refAcc = naive(true, false, At, Bn, M, N, K).C;
    for (let j = 0; j < M * N; j++) assert.ok(Math.abs(Cacc[j] - C0[j] - refAcc[j]) < 1e-12);
    // a big product then a small one (the module memory is reused, padding must be rewritten)
    const big = 70;
    gemmAB(fill(rng, big * big, false), fill(rng, big * big, false), new Float64Array(big * big), big, big, big);
    const C2 = new Float64Array(3 * 5);
    const A2 = fill(rng, 3 * 2, false), B2 = fill(rng, 2 * 5, false);
    gemmAB(A2, B2, C2, 3, 5, 2);
    const r2 = naive(false, false, A2, B2, 3, 5, 2).C;
    for (let j = 0; j < 15; j++) assert.ok(Math.abs(C2[j] - r2[j]) < 1e-12);
    // K = 0 gives zeros (plus bias); M = 0 or N = 0 is a no-op
    const Cz = new Float64Array(4).fill(5);
    gemmABt(new Float64Array(0), new Float64Array(0), Cz, 2, 2, 0, Float64Array.of(1, 2));
    assert.deepEqual([...Cz], [1, 2, 1, 2]);
    const Cn = new Float64Array(2).fill(5);
    gemmAB(new Float64Array(0), new Float64Array(0), Cn, 0, 2, 3);
    assert.deepEqual([...Cn], [5, 5]);
  });
}

test('the kernel module is valid WebAssembly and exports every kernel', () => {
  const bytes = kernelModuleBytes();
  assert.ok(WebAssembly.validate(bytes));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  for (const name of KERNEL_FUNCS) assert.equal(typeof inst.exports[name], 'function', name);
  assert.ok(inst.exports.memory instanceof WebAssembly.Memory);
});
