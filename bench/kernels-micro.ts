/**
 * Micro-benchmarks of the kernels (CPU time per call, so that a busy machine distorts less):
 *   node --import tsx bench/kernels-micro.ts [--json]
 * - matmul GFLOP/s for the MLP's shapes: WebAssembly SIMD f32 / f64 vs the engine's JS kernels
 *   (src/engine/nn/matmul.ts) vs a plain one-accumulator loop;
 * - exp: ns per element for Math.exp, exp64, exp32 and the SIMD exp (exp_sum);
 * - the cross-entropy row passes (stats, exp, scale) in ns per element.
 */
import { gemmAB as wAB, gemmABt as wABt, gemmAtB as wAtB } from '../src/engine/kernels/gemm-wasm';
import { exp32, exp64 } from '../src/engine/kernels/exp';
import { wasmKernels } from '../src/engine/kernels/wasm/runtime';
import { Rng } from '../src/engine/data/rng';

type Fn = () => void;

function cpuMs(f: Fn, minMs = 300): number {
  for (let i = 0; i < 3; i++) f();
  let reps = 1;
  for (;;) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) f();
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    if (ms >= minMs || reps > 1e6) return ms / reps;
    reps *= ms < minMs / 10 ? 10 : 2;
  }
}

function best(f: Fn, rounds = 3): number {
  let b = Infinity;
  for (let r = 0; r < rounds; r++) b = Math.min(b, cpuMs(f));
  return b;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const rng = new Rng(7);
  const out: Record<string, unknown> = {};
  // --- matmul: the MLP's forward (128×784 · (256×784)ᵀ) and weight gradient (256×128 · 128×784)
  const M = 128, N = 256, K = 784;
  const A = new Float64Array(M * K).map(() => rng.normal());
  const B = new Float64Array(N * K).map(() => rng.normal());
  const C = new Float64Array(M * N);
  const A32 = Float32Array.from(A), B32 = Float32Array.from(B), C32 = new Float32Array(M * N);
  const dY = new Float64Array(M * N).map(() => rng.normal());
  const dW = new Float64Array(N * K);
  const flops = 2 * M * N * K;
  const gf = (ms: number): number => Math.round((flops / ms / 1e6) * 10) / 10;
  const mm: Record<string, number> = {};
  mm['wasm f32, Float32Array, A·Bᵀ'] = gf(best(() => wABt(A32, B32, C32, M, N, K, null, 'f32')));
  mm['wasm f32, Float64Array, A·Bᵀ'] = gf(best(() => wABt(A, B, C, M, N, K, null, 'f32')));
  mm['wasm f64, A·Bᵀ'] = gf(best(() => wABt(A, B, C, M, N, K, null, 'f64')));
  mm['wasm f32, Aᵀ·B (dW)'] = gf(best(() => wAtB(dY, A, dW, N, K, M, false, 'f32')));
  mm['wasm f64, Aᵀ·B (dW)'] = gf(best(() => wAtB(dY, A, dW, N, K, M, false, 'f64')));
  mm['wasm f32, A·B (dX)'] = gf(best(() => wAB(dY, B, new Float64Array(M * K), M, K, N, 'f32')));
  try {
    const js = await import('../src/engine/nn/matmul');
    mm['engine JS f64 (nn/matmul), A·Bᵀ'] = gf(best(() => js.gemmABt(A, B, C, M, N, K, null), 1));
    mm['engine JS f64 (nn/matmul), Aᵀ·B'] = gf(best(() => js.gemmAtB(dY, A, dW, N, K, M, false), 1));
  } catch (e) {
    mm['engine JS f64 (nn/matmul)'] = NaN;
    process.stderr.write(`nn/matmul not available: ${String(e)}\n`);
  }
  mm['plain JS loop, one accumulator, A·Bᵀ'] = gf(best(() => {
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[i * K + k] * B[j * K + k];
      C[i * N + j] = s;
    }
  }, 1));
  out.matmul_gflops = mm;
  // --- exp
  const n = 1 << 16;
  const xs = new Float64Array(n).map(() => -20 * rng.uniform());
  let sink = 0;
  const ns = (ms: number, count: number): number => Math.round((ms * 1e6 / count) * 100) / 100;
  const ex: Record<string, number> = {};
  ex['Math.exp'] = ns(best(() => { let s = 0; for (let i = 0; i < n; i++) s += Math.exp(xs[i]); sink += s; }), n);
  ex['exp64 (2 ulp)'] = ns(best(() => { let s = 0; for (let i = 0; i < n; i++) s += exp64(xs[i]); sink += s; }), n);
  ex['exp32 (4e-11)'] = ns(best(() => { let s = 0; for (let i = 0; i < n; i++) s += exp32(xs[i]); sink += s; }), n);
  const w = wasmKernels();
  if (w) {
    const K2 = 30520;
    w.reserve(1 << 20);
    const row = new Float32Array(K2).map(() => rng.normal() * 2);
    ex['SIMD exp_sum (f32x4, in place, incl. row copy)'] = ns(best(() => { w.f32.set(row, 0); sink += w.fn.exp_sum(0, K2, 8); }), K2);
    const pass: Record<string, number> = {};
    pass['copy row in'] = ns(best(() => { w.f32.set(row, 0); }), K2);
    pass['row_stats (max, Σx)'] = ns(best(() => { w.fn.row_stats(0, K2, 400000); }), K2);
    pass['exp_sum'] = ex['SIMD exp_sum (f32x4, in place, incl. row copy)'] - pass['copy row in'];
    pass['scale_sub'] = ns(best(() => { w.fn.scale_sub(0, K2, 1, 0); }), K2);
    out.ce_row_passes_ns_per_elem = pass;
  }
  out.exp_ns_per_elem = ex;
  out.sink = Number.isFinite(sink);
  if (json) process.stdout.write(JSON.stringify(out) + '\n');
  else for (const [k, v] of Object.entries(out)) process.stdout.write(`${k}: ${JSON.stringify(v, null, 2)}\n`);
}

void main();
