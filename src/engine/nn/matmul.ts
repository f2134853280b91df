/**
 * The matrix kernels of the training engine, all row-major Float64Array, all register-blocked
 * (2 rows × 4 columns of accumulators, which V8 keeps in registers). Every kernel takes its sizes
 * explicitly, so buffers may be longer than the matrices they hold (they are reused across batch
 * sizes). Kept in this one file so that a faster backend (e.g. WebAssembly SIMD) can replace them.
 *
 * Names: A·Bᵀ is `gemmABt`, A·B is `gemmAB`, Aᵀ·B is `gemmAtB`. None allocate. Large products are
 * dispatched to WebAssembly SIMD when available (see the end of this file).
 */
import * as simd from '../kernels/gemm-wasm';

/**
 * C[M×N] = A[M×K] · B[N×K]ᵀ (+ bias[N] on every row when given).
 * The forward pass of a Linear layer: Y = X·Wᵀ + b with W stored [out, in].
 */
function gemmABtJs(
  A: Float64Array, B: Float64Array, C: Float64Array, M: number, N: number, K: number,
  bias: Float64Array | null,
): void {
  const N4 = N - (N % 4);
  const M2 = M - (M % 2);
  if (N4 > 0) {
    for (let i = 0; i < M2; i += 2) {
      const a0 = i * K;
      const a1 = a0 + K;
      const c0 = i * N;
      const c1 = c0 + N;
      for (let j = 0; j < N4; j += 4) {
        const b0 = j * K;
        const b1 = b0 + K;
        const b2 = b1 + K;
        const b3 = b2 + K;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (let k = 0; k < K; k++) {
          const x0 = A[a0 + k];
          const x1 = A[a1 + k];
          const w0 = B[b0 + k];
          const w1 = B[b1 + k];
          const w2 = B[b2 + k];
          const w3 = B[b3 + k];
          s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
          s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
        }
        if (bias !== null) {
          const q0 = bias[j], q1 = bias[j + 1], q2 = bias[j + 2], q3 = bias[j + 3];
          s00 += q0; s01 += q1; s02 += q2; s03 += q3;
          s10 += q0; s11 += q1; s12 += q2; s13 += q3;
        }
        C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
        C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
      }
    }
    if (M2 < M) dotRows(A, B, C, M2, M, 0, N4, N, K, bias);
  }
  // Leftover columns (all of them when N < 4, e.g. a single regression output): 4 rows at a time,
  // so that four independent sums hide the latency of the additions.
  if (N4 < N) dotRows(A, B, C, 0, M, N4, N, N, K, bias);
}

/** C[i, j] = A[i,:]·B[j,:] (+ bias[j]) for rows [i0, i1) and columns [j0, j1), 4 rows per pass. */
function dotRows(
  A: Float64Array, B: Float64Array, C: Float64Array, i0: number, i1: number, j0: number, j1: number,
  N: number, K: number, bias: Float64Array | null,
): void {
  for (let j = j0; j < j1; j++) {
    const b0 = j * K;
    const q = bias !== null ? bias[j] : 0;
    let i = i0;
    for (; i + 3 < i1; i += 4) {
      const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const w = B[b0 + k];
        s0 += A[a0 + k] * w;
        s1 += A[a1 + k] * w;
        s2 += A[a2 + k] * w;
        s3 += A[a3 + k] * w;
      }
      C[i * N + j] = s0 + q;
      C[(i + 1) * N + j] = s1 + q;
      C[(i + 2) * N + j] = s2 + q;
      C[(i + 3) * N + j] = s3 + q;
    }
    for (; i < i1; i++) {
      const a0 = i * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + k] * B[b0 + k];
      C[i * N + j] = s + q;
    }
  }
}

/**
 * C[M×N] = A[M×K] · B[K×N].
 * The input gradient of a Linear layer: dX = dY·W with dY [batch, out] and W [out, in].
 */
function gemmABJs(A: Float64Array, B: Float64Array, C: Float64Array, M: number, N: number, K: number): void {
  const N4 = N - (N % 4);
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const a0 = i * K;
    const a1 = a0 + K;
    const c0 = i * N;
    const c1 = c0 + N;
    let j = 0;
    for (; j < N4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k];
        const x1 = A[a1 + k];
        const b = k * N + j;
        const w0 = B[b];
        const w1 = B[b + 1];
        const w2 = B[b + 2];
        const w3 = B[b + 3];
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
      C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
    }
    for (; j < N; j++) {
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) {
        const w = B[k * N + j];
        s0 += A[a0 + k] * w;
        s1 += A[a1 + k] * w;
      }
      C[c0 + j] = s0;
      C[c1 + j] = s1;
    }
  }
  for (; i < M; i++) {
    const a0 = i * K;
    const c0 = i * N;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + k] * B[k * N + j];
      C[c0 + j] = s;
    }
  }
}

/**
 * C[M×N] = A[K×M]ᵀ · B[K×N] (C += … when `accumulate`).
 * The weight gradient of a Linear layer: dW = dYᵀ·X with dY [batch, out] and X [batch, in].
 */
function gemmAtBJs(
  A: Float64Array, B: Float64Array, C: Float64Array, M: number, N: number, K: number, accumulate: boolean,
): void {
  const N4 = N - (N % 4);
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const c0 = i * N;
    const c1 = c0 + N;
    let j = 0;
    for (; j < N4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const a = k * M + i;
        const x0 = A[a];
        const x1 = A[a + 1];
        const b = k * N + j;
        const w0 = B[b];
        const w1 = B[b + 1];
        const w2 = B[b + 2];
        const w3 = B[b + 3];
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      if (accumulate) {
        C[c0 + j] += s00; C[c0 + j + 1] += s01; C[c0 + j + 2] += s02; C[c0 + j + 3] += s03;
        C[c1 + j] += s10; C[c1 + j + 1] += s11; C[c1 + j + 2] += s12; C[c1 + j + 3] += s13;
      } else {
        C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
        C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
      }
    }
    for (; j < N; j++) {
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) {
        const w = B[k * N + j];
        s0 += A[k * M + i] * w;
        s1 += A[k * M + i + 1] * w;
      }
      if (accumulate) { C[c0 + j] += s0; C[c1 + j] += s1; } else { C[c0 + j] = s0; C[c1 + j] = s1; }
    }
  }
  for (; i < M; i++) {
    const c0 = i * N;
    let j = 0;
    for (; j < N4; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const x = A[k * M + i];
        const b = k * N + j;
        s0 += x * B[b]; s1 += x * B[b + 1]; s2 += x * B[b + 2]; s3 += x * B[b + 3];
      }
      if (accumulate) {
        C[c0 + j] += s0; C[c0 + j + 1] += s1; C[c0 + j + 2] += s2; C[c0 + j + 3] += s3;
      } else {
        C[c0 + j] = s0; C[c0 + j + 1] = s1; C[c0 + j + 2] = s2; C[c0 + j + 3] = s3;
      }
    }
    for (; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[k * M + i] * B[k * N + j];
      if (accumulate) C[c0 + j] += s; else C[c0 + j] = s;
    }
  }
}

/** out[N] (+)= column sums of A[M×N]: the bias gradient Σ_batch dY. */
export function colSums(A: Float64Array, out: Float64Array, M: number, N: number, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, N);
  for (let i = 0; i < M; i++) {
    const a = i * N;
    for (let j = 0; j < N; j++) out[j] += A[a + j];
  }
}

// ---- dispatch -------------------------------------------------------------------------------
// Products whose three sizes are all at least MIN_WASM_DIM go to the WebAssembly SIMD kernels (float64
// lanes, src/engine/kernels/gemm-wasm.ts) when the runtime has them. Those pack both operands on every
// call, which does not pay for narrow products (a layer with 1–5 outputs): those, and every product
// where WebAssembly is unavailable, use the JS kernels above. Both add the products in the same order (k
// ascending, bias last), so results are bit-identical either way and runs stay reproducible across
// platforms (tested in test/unit/engine/nn/modules.test.ts).
const MIN_WASM_DIM = 8;

/** The plain-JS kernels, whatever the dispatch picks (for tests and benchmarks). */
export const jsKernels = { gemmABt: gemmABtJs, gemmAB: gemmABJs, gemmAtB: gemmAtBJs };
function wasmFor(M: number, N: number, K: number): boolean {
  return M >= MIN_WASM_DIM && N >= MIN_WASM_DIM && K >= MIN_WASM_DIM && simd.gemmUsesWasm();
}

export function gemmABt(A: Float64Array, B: Float64Array, C: Float64Array, M: number, N: number, K: number, bias: Float64Array | null): void {
  if (wasmFor(M, N, K)) simd.gemmABt(A, B, C, M, N, K, bias, 'f64');
  else gemmABtJs(A, B, C, M, N, K, bias);
}
export function gemmAB(A: Float64Array, B: Float64Array, C: Float64Array, M: number, N: number, K: number): void {
  if (wasmFor(M, N, K)) simd.gemmAB(A, B, C, M, N, K, 'f64');
  else gemmABJs(A, B, C, M, N, K);
}
export function gemmAtB(A: Float64Array, B: Float64Array, C: Float64Array, M: number, N: number, K: number, accumulate: boolean): void {
  if (wasmFor(M, N, K)) simd.gemmAtB(A, B, C, M, N, K, accumulate, 'f64');
  else gemmAtBJs(A, B, C, M, N, K, accumulate);
}
