/**
 * Micro-benchmarks of the kernels (CPU time per call, so that a busy machine distorts less):
 *   node --import tsx bench/kernels-micro.ts [--json]
 * - matmul GFLOP/s for the MLP's shapes: WebAssembly SIMD f32 / f64 vs the engine's matmul (which
 *   dispatches large products to gemm-wasm) and its JS kernels vs a plain one-accumulator loop;
 * - exp: ns per element for Math.exp, exp64, exp32 and the SIMD exp (exp_sum);
 * - the cross-entropy row passes (stats, exp, scale) in ns per element.
 */
import { gemmAB as wAB, gemmABt as wABt, gemmAtB as wAtB } from '../src/engine/kernels/gemm-wasm';
import { exp32, exp64 } from '../src/engine/kernels/exp';
import { wasmKernels } from '../src/engine/kernels/wasm/runtime';
import { Rng } from '../src/engine/data/rng';
import { execFileSync } from 'node:child_process';

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

/** `--exp math|64|32`: ns per element of one exp variant (run in a child process). */
function expChild(which: string): void {
  const n = 1 << 16;
  const xs = new Float64Array(n).map(() => -20 * Math.random());
  let sink = 0;
  const run = which === '32'
    ? (): void => { let s = 0; for (let i = 0; i < n; i++) s += exp32(xs[i]); sink += s; }
    : which === '64'
      ? (): void => { let s = 0; for (let i = 0; i < n; i++) s += exp64(xs[i]); sink += s; }
      : (): void => { let s = 0; for (let i = 0; i < n; i++) s += Math.exp(xs[i]); sink += s; };
  const ms = best(run);
  process.stdout.write(`${Math.round((ms * 1e6 / n) * 100) / 100}${Number.isFinite(sink) ? '' : ' '}\n`);
}

async function main(): Promise<void> {
  const ei = process.argv.indexOf('--exp');
  if (ei >= 0) { expChild(process.argv[ei + 1]); return; }
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
    // nn/matmul dispatches large products to gemm-wasm (f64); its JS kernels are timed through
    // jsKernels when exported
    mm['engine nn/matmul (as dispatched), A·Bᵀ'] = gf(best(() => js.gemmABt(A, B, C, M, N, K, null), 1));
    const jk = (js as unknown as { jsKernels?: { gemmABt?: (a: Float64Array, b: Float64Array, c: Float64Array, m: number, n: number, k: number, bias: Float64Array | null) => void } }).jsKernels;
    if (jk?.gemmABt) mm['engine JS f64 kernels (2×4 tiles), A·Bᵀ'] = gf(best(() => jk.gemmABt!(A, B, C, M, N, K, null), 1));
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
  // --- exp: each variant in its own process (in one process V8's inlining decisions for the three
  // loops interfere and one of them comes out several times slower, whichever is measured last)
  let sink = 0;
  const ns = (ms: number, count: number): number => Math.round((ms * 1e6 / count) * 100) / 100;
  const ex: Record<string, number> = {};
  for (const [label, which] of [['Math.exp', 'math'], ['exp64 (2 ulp)', '64'], ['exp32 (4e-11)', '32']] as const) {
    const outp = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--exp', which], { encoding: 'utf8' });
    ex[label] = Number(outp.trim());
  }
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
