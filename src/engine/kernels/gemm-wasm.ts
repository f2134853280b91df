/**
 * Matrix products for the training engine on WebAssembly SIMD, with a plain-JS fallback.
 *
 * Same signatures as src/engine/nn/matmul.ts (row-major, sizes explicit, buffers may be longer than
 * the matrices), plus an optional precision:
 * - `gemmABt(A, B, C, M, N, K, bias)`: C[M×N] = A[M×K]·B[N×K]ᵀ (+ bias[N]) — Linear forward.
 * - `gemmAB(A, B, C, M, N, K)`: C[M×N] = A[M×K]·B[K×N] — Linear input gradient.
 * - `gemmAtB(A, B, C, M, N, K, accumulate)`: C[M×N] (+)= A[K×M]ᵀ·B[K×N] — Linear weight gradient.
 *
 * Precision `'f32'` computes in float32 (f32x4 lanes, 4×8 register tiles, products rounded to float32
 * as PyTorch's float32 kernels do; about 2× the throughput of f64). `'f64'` computes in float64
 * (f64x2 lanes, 4×4 tiles). The default follows C's type: Float32Array → f32, Float64Array → f64.
 * Inputs and outputs may be Float32Array or Float64Array in either precision.
 *
 * How: A is copied into the module's memory as it is (the kernel reads rows or columns with strides);
 * B is copied as it is when row-major and packed into panels of 8 (f64: 4) columns when given
 * transposed; the kernel computes whole 4-row tiles and C is copied back (adding bias / the old C).
 * Copies cost O(MK + KN) against O(MNK) for the product.
 */
import type { Arena } from './arena';
import { wasmKernels, type WasmKernels } from './wasm/runtime';

export type Mat = Float32Array | Float64Array;
export type GemmPrecision = 'f32' | 'f64';

/** C[M×N] = A[M×K]·B[N×K]ᵀ (+ bias[N] on every row). */
export function gemmABt(A: Mat, B: Mat, C: Mat, M: number, N: number, K: number, bias: Mat | null = null, precision?: GemmPrecision): void {
  gemm(false, true, A, B, C, M, N, K, bias, false, precision);
}

/** C[M×N] = A[M×K]·B[K×N]. */
export function gemmAB(A: Mat, B: Mat, C: Mat, M: number, N: number, K: number, precision?: GemmPrecision): void {
  gemm(false, false, A, B, C, M, N, K, null, false, precision);
}

/** C[M×N] = A[K×M]ᵀ·B[K×N] (C += … when `accumulate`). */
export function gemmAtB(A: Mat, B: Mat, C: Mat, M: number, N: number, K: number, accumulate = false, precision?: GemmPrecision): void {
  gemm(true, false, A, B, C, M, N, K, null, accumulate, precision);
}

/** General entry: op(A)[M×K]·op(B)[K×N] where op transposes when the flag is set. */
export function gemm(
  transA: boolean, transB: boolean, A: Mat, B: Mat, C: Mat, M: number, N: number, K: number,
  bias: Mat | null, accumulate: boolean, precision?: GemmPrecision,
): void {
  if (M <= 0 || N <= 0) return;
  const w = wasmKernels();
  const prec = precision ?? (C instanceof Float32Array ? 'f32' : 'f64');
  if (w === undefined || K <= 0) {
    gemmJs(transA, transB, A, B, C, M, N, K, bias, accumulate, prec === 'f32');
    return;
  }
  const f32 = prec === 'f32';
  const es = f32 ? 4 : 8;
  const cpp = f32 ? 8 : 4; // columns per panel
  const mBlocks = Math.ceil(M / 4);
  const nPanels = Math.ceil(N / cpp);
  const Np = nPanels * cpp;
  // A is copied as it is (the kernel reads it with strides, transposed or not) plus zero padding for
  // the rows/columns of the last block; B is copied as it is when row-major (K×N) and packed into
  // panels when it is given transposed (N×K). Rows/columns past M/N produce values that are dropped.
  const aElems = M * K + (transA ? 4 : (mBlocks * 4 - M) * K + 4);
  const bElems = transB ? nPanels * cpp * K : K * N + cpp + 4;
  const pA = 0;
  const pB = align16(pA + aElems * es);
  const pC = align16(pB + bElems * es);
  w.reserve(pC + mBlocks * 4 * Np * es);
  const mem = f32 ? w.f32 : w.f64;
  const a0 = pA / es;
  mem.set(M * K === A.length ? A : A.subarray(0, M * K), a0);
  mem.fill(0, a0 + M * K, a0 + aElems);
  const b0 = pB / es;
  if (transB) {
    packB(mem, b0, B, N, K, nPanels, cpp);
  } else {
    mem.set(K * N === B.length ? B : B.subarray(0, K * N), b0);
    mem.fill(0, b0 + K * N, b0 + bElems);
  }
  const sa = transA ? es : K * es;
  const sk = transA ? M * es : es;
  const sbk = transB ? cpp * es : N * es;
  const sbp = transB ? K * cpp * es : cpp * es;
  if (f32) w.fn.gemm_f32(pA, sa, sk, pB, sbk, sbp, pC, mBlocks, nPanels, K, Np * es);
  else w.fn.gemm_f64(pA, sa, sk, pB, sbk, sbp, pC, mBlocks, nPanels, K, Np * es);
  unpackC(mem, pC / es, Np, C, M, N, bias, accumulate);
}

/** Columns per panel of B (and the width C's rows are padded to): 8 in float32, 4 in float64. */
export function panelWidth(f32: boolean): number {
  return f32 ? 8 : 4;
}

/**
 * `gemm`'s kernel on operands that already live in `arena`'s memory (byte offsets), without copies:
 * op(A)[M×K] is A row-major at pA, or with `transA` A stored K×M; B is K×N row-major at pB, or with
 * `bPacked` the panels of B given transposed (`pack_bt_f64` / `pack_bt_f32`). C at pC gets
 * ceil(M/4)·4 rows of Np = N rounded up to `panelWidth` values (row stride Np): the caller owns all of
 * them. Rows and columns past M and N hold values to drop. Same arithmetic (and bits) as `gemm`.
 */
export function gemmAt(
  arena: Arena, f32: boolean, transA: boolean, pA: number, bPacked: boolean, pB: number, pC: number, M: number, N: number, K: number,
): void {
  if (M <= 0 || N <= 0) return;
  const es = f32 ? 4 : 8;
  const cpp = panelWidth(f32);
  const mBlocks = Math.ceil(M / 4);
  const nPanels = Math.ceil(N / cpp);
  const Np = nPanels * cpp;
  if (K <= 0) {
    arena.view(pC, mBlocks * 4 * Np, f32).fill(0);
    return;
  }
  // the kernel reads whole tiles: rows of A up to 4·mBlocks and whole panels of a row-major B
  const lastA = transA ? pA + ((K - 1) * M + mBlocks * 4) * es : pA + ((mBlocks * 4 - 1) * K + K) * es;
  const lastB = bPacked ? pB + nPanels * cpp * K * es : pB + ((K - 1) * N + Np) * es;
  arena.reserve(Math.max(lastA, lastB) + 16);
  const sa = transA ? es : K * es;
  const sk = transA ? M * es : es;
  const sbk = bPacked ? cpp * es : N * es;
  const sbp = bPacked ? K * cpp * es : cpp * es;
  const fn = arena.w.fn;
  if (f32) fn.gemm_f32(pA, sa, sk, pB, sbk, sbp, pC, mBlocks, nPanels, K, Np * es);
  else fn.gemm_f64(pA, sa, sk, pB, sbk, sbp, pC, mBlocks, nPanels, K, Np * es);
}

function align16(n: number): number {
  return (n + 15) & ~15;
}

/** B given transposed (N×K): panels of cpp columns, k-major, zero-padded past N. */
function packB(dst: Mat, base: number, B: Mat, N: number, K: number, nPanels: number, cpp: number): void {
  for (let p = 0; p < nPanels; p++) {
    let o = base + p * K * cpp;
    const j0 = p * cpp;
    if (j0 + cpp > N) {
      for (let k = 0; k < K; k++, o += cpp) {
        for (let c = 0; c < cpp; c++) {
          const j = j0 + c;
          dst[o + c] = j >= N ? 0 : B[j * K + k];
        }
      }
    } else if (cpp === 8) {
      const b0 = j0 * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K, b4 = b3 + K, b5 = b4 + K, b6 = b5 + K, b7 = b6 + K;
      for (let k = 0; k < K; k++, o += 8) {
        dst[o] = B[b0 + k]; dst[o + 1] = B[b1 + k]; dst[o + 2] = B[b2 + k]; dst[o + 3] = B[b3 + k];
        dst[o + 4] = B[b4 + k]; dst[o + 5] = B[b5 + k]; dst[o + 6] = B[b6 + k]; dst[o + 7] = B[b7 + k];
      }
    } else {
      const b0 = j0 * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      for (let k = 0; k < K; k++, o += 4) {
        dst[o] = B[b0 + k]; dst[o + 1] = B[b1 + k]; dst[o + 2] = B[b2 + k]; dst[o + 3] = B[b3 + k];
      }
    }
  }
}

function unpackC(src: Mat, base: number, Np: number, C: Mat, M: number, N: number, bias: Mat | null, accumulate: boolean): void {
  for (let i = 0; i < M; i++) {
    const s = base + i * Np;
    const c = i * N;
    if (accumulate) {
      for (let j = 0; j < N; j++) C[c + j] += src[s + j];
    } else if (bias !== null) {
      for (let j = 0; j < N; j++) C[c + j] = src[s + j] + bias[j];
    } else {
      for (let j = 0; j < N; j++) C[c + j] = src[s + j];
    }
  }
  if (accumulate && bias !== null) {
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) C[i * N + j] += bias[j];
  }
}

/** The fallback: a 1×4 register-blocked JS loop; in f32 mode products and sums are rounded to float32. */
function gemmJs(
  transA: boolean, transB: boolean, A: Mat, B: Mat, C: Mat, M: number, N: number, K: number,
  bias: Mat | null, accumulate: boolean, f32: boolean,
): void {
  const r = f32 ? Math.fround : (x: number): number => x;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[k * M + i] : A[i * K + k];
        const b = transB ? B[j * K + k] : B[k * N + j];
        s = r(s + r(a * b));
      }
      if (bias !== null) s = r(s + bias[j]);
      C[i * N + j] = accumulate ? C[i * N + j] + s : s;
    }
  }
}

/** Whether the WebAssembly SIMD kernels are in use (false: the JS fallback runs). */
export function gemmUsesWasm(): boolean {
  return wasmKernels() !== undefined;
}

export type { WasmKernels };
