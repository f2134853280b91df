/**
 * A fused cross-entropy kernel for float32 logits (N, K) with class-index targets: the forward loss
 * and d(loss)/d(logits) in few passes over each row, on WebAssembly SIMD when available.
 *
 * Semantics are PyTorch's `CrossEntropyLoss(weight, ignore_index, label_smoothing, reduction)` (1.13+):
 * with p = softmax(x_i), lse = log Σ_c exp(x_ic), t = target_i, w = weight (all ones when absent),
 * W = Σ_c w_c and ε = label_smoothing,
 *   row loss  ℓ_i = (1−ε)·w_t·(lse − x_it) + (ε/K)·Σ_c w_c·(lse − x_ic)     (0 for ignored rows)
 *   'mean': Σ ℓ_i / D with D = Σ over kept rows of w_t (PyTorch divides the smoothing term by the
 *   same D); 'sum': Σ ℓ_i; 'none': ℓ_i per row.
 *   gradient  g_ic = [((1−ε)·w_t + ε·W/K)·p_c − (ε/K)·w_c − (1−ε)·w_t·[c = t]] / D   (D = 1 unless 'mean')
 *
 * Precision (documented tolerances, tested against a float64 implementation):
 * - exp is evaluated in float32 arithmetic on the SIMD path (2^t, degree-6 polynomial: relative error
 *   ~1e-7 + |t|·6e-8, so the absolute error of a softmax entry p stays below ~1e-8), or with `exp32`
 *   (relative error 4e-11) on the JS path; sums (Σ exp, Σ x, Σ w·x) are accumulated in float64; lse
 *   and the loss terms are computed in float64.
 * - The row loss ℓ_i has relative error below ~1e-6 (usually ~1e-7); the gradient is written as
 *   float32 with absolute error below ~4e-7·(w_t + ε·W/K)/D per entry (a few float32 ulps of the row's
 *   largest possible entry); exps below ~e^−87.7 relative to the row max are flushed to 0.
 * - A row whose max is not finite (a NaN or +Infinity logit, or all −Infinity) gets NaN loss and NaN
 *   gradient, as in PyTorch.
 *
 * Logits may also be a Float64Array: values are then rounded to float32 first (the engine's float32 mode).
 *
 * Memory: the gradient (N·K float32) is the only large allocation (pass `out` to reuse one); the
 * SIMD path stages one row at a time in the module's memory.
 */
import { exp32 } from './exp';
import { wasmKernels, type WasmKernels } from './wasm/runtime';

export interface CeKernelOptions {
  /** Per-class weights (length K); all ones when absent. */
  weight?: ArrayLike<number> | null;
  /** Target value whose rows are skipped (default −100). */
  ignoreIndex?: number;
  /** ε in [0, 1] (default 0). */
  labelSmoothing?: number;
  /** Default 'mean'. */
  reduction?: 'none' | 'mean' | 'sum';
}

export interface CeKernelResult {
  /** The reduced loss ('mean'/'sum'); for 'none', the sum of the row losses. NaN for 'mean' with D = 0. */
  loss: number;
  /** ℓ_i for every row (0 for ignored rows), before the division by D. */
  rowLoss: Float64Array;
  /** d(loss)/d(logits), (N, K) row-major float32; for 'none' the gradient of Σ ℓ_i. */
  grad: Float32Array;
  /** D = Σ w_t over kept rows (reported for every reduction; only 'mean' divides by it). */
  divisor: number;
  /** Rows that were not ignored. */
  kept: number;
}

/** Cross-entropy forward + gradient over float32 logits (N, K). Throws RangeError on a bad target. */
export function crossEntropyF32(
  logits: Float32Array | Float64Array, target: ArrayLike<number>, N: number, K: number, opts: CeKernelOptions = {}, out?: Float32Array,
): CeKernelResult {
  if (logits.length < N * K) throw new RangeError(`crossEntropyF32: logits hold ${logits.length} values, need ${N}×${K}`);
  const setup = ceSetup(target, N, K, opts);
  const grad = out ?? new Float32Array(N * K);
  const rowLoss = new Float64Array(N);
  ceRows(logits, 0, target, grad, rowLoss, 0, N, setup.ctx);
  return ceFinish(rowLoss, grad, setup);
}

/** Validation, the 'mean' divisor D and Σw: what every row needs (shared with bench/parallel/ce-parallel.ts). */
export interface CeSetup {
  ctx: RowCtx;
  D: number;
  kept: number;
  reduction: 'none' | 'mean' | 'sum';
}

export function ceSetup(target: ArrayLike<number>, N: number, K: number, opts: CeKernelOptions): CeSetup {
  if (target.length < N) throw new RangeError(`crossEntropyF32: ${target.length} targets for ${N} rows`);
  const ignore = opts.ignoreIndex ?? -100;
  const eps = opts.labelSmoothing ?? 0;
  const reduction = opts.reduction ?? 'mean';
  const weight = opts.weight ?? null;
  if (weight !== null && weight.length !== K) throw new RangeError(`crossEntropyF32: weight has ${weight.length} values for ${K} classes`);
  // Pre-pass over the targets: validation and the divisor.
  let D = 0;
  let kept = 0;
  for (let i = 0; i < N; i++) {
    const t = target[i];
    if (t === ignore) continue;
    if (!(t >= 0 && t < K && Number.isInteger(t))) {
      throw new RangeError(`crossEntropyF32: target[${i}] = ${t} is not a class index in [0, ${K}) nor ignore_index ${ignore}`);
    }
    D += weight !== null ? Math.fround(weight[t]) : 1;
    kept++;
  }
  let W = K;
  if (weight !== null) {
    W = 0;
    for (let c = 0; c < K; c++) W += Math.fround(weight[c]);
  }
  const div = reduction === 'mean' ? D : 1;
  return { ctx: { K, eps, W, div, weight, ignore, useW: weight !== null && eps > 0 }, D, kept, reduction };
}

export function ceFinish(rowLoss: Float64Array, grad: Float32Array, s: CeSetup): CeKernelResult {
  let total = 0;
  for (let i = 0; i < rowLoss.length; i++) total += rowLoss[i];
  return { loss: s.reduction === 'mean' ? total / s.D : total, rowLoss, grad, divisor: s.D, kept: s.kept };
}

/**
 * Rows [r0, r1): row i's logits start at (i − xRow0)·K in `logits`, its gradient at i·K in `grad`,
 * its loss term goes to rowLoss[i].
 */
export function ceRows(
  logits: Float32Array | Float64Array, xRow0: number, target: ArrayLike<number>, grad: Float32Array, rowLoss: Float64Array,
  r0: number, r1: number, ctx: RowCtx,
): void {
  const { K, weight, ignore } = ctx;
  const w = wasmKernels();
  if (w !== undefined && K >= 8) {
    const K4 = K & ~7; // the SIMD part of each row (a multiple of 8); the rest is done here in JS
    const px = 0;
    const pw = align16(K4 * 4);
    const pout = pw + align16(K4 * 4);
    w.reserve(pout + 128);
    if (ctx.useW && weight !== null) {
      const wf = w.f32;
      for (let c = 0; c < K4; c++) wf[pw / 4 + c] = weight[c];
    }
    for (let i = r0; i < r1; i++) {
      const t = target[i];
      if (t === ignore) { grad.fill(0, i * K, i * K + K); continue; }
      rowLoss[i] = rowWasm(w, logits, (i - xRow0) * K, grad, i * K, t, ctx, K4, px, pw, pout);
    }
  } else {
    for (let i = r0; i < r1; i++) {
      const t = target[i];
      if (t === ignore) { grad.fill(0, i * K, i * K + K); continue; }
      rowLoss[i] = rowJs(logits, (i - xRow0) * K, grad, i * K, t, ctx);
    }
  }
}

export interface RowCtx {
  K: number;
  ignore: number;
  eps: number;
  W: number;
  div: number;
  weight: ArrayLike<number> | null;
  /** Smoothing with weights: the gradient subtracts (ε/K)·w_c/D per class. */
  useW: boolean;
}

function align16(n: number): number {
  return (n + 15) & ~15;
}

function wOf(ctx: RowCtx, c: number): number {
  return ctx.weight !== null ? Math.fround(ctx.weight[c]) : 1;
}

/** Loss term of a row whose max m is finite, the gradient's scale A and shift B, and g_t in float64. */
function finishRow(
  t: number, ctx: RowCtx, m: number, S: number, sumX: number, sumWX: number,
  xt: number,
): { A: number; B: number; loss: number; gt: number } {
  const { K, eps, W, div } = ctx;
  const wt = wOf(ctx, t);
  const lse = m + Math.log(S);
  const smooth = ctx.weight !== null ? W * lse - sumWX : K * lse - sumX;
  // (guarded: with a −Infinity logit the smoothing term is +Infinity, and 0·Infinity would be NaN)
  const loss = (1 - eps) * wt * (lse - xt) + (eps > 0 ? (eps / K) * smooth : 0);
  const A = ((1 - eps) * wt + (eps * W) / K) / (div * S);
  const B = eps / (K * div);
  const gt = Math.exp(xt - m) * A - B * wt - ((1 - eps) * wt) / div;
  return { A, B, loss, gt };
}

function nanRow(grad: Float32Array, goff: number, K: number): number {
  grad.fill(NaN, goff, goff + K);
  return NaN;
}

const TAIL = new Float64Array(8);

function rowWasm(
  w: WasmKernels, logits: Float32Array | Float64Array, off: number, grad: Float32Array, goff: number, t: number, ctx: RowCtx,
  K4: number, px: number, pw: number, pout: number,
): number {
  const K = ctx.K;
  const mem = w.f32;
  mem.set(logits.subarray(off, off + K4), px / 4);
  const withWx = ctx.useW; // Σ w·x is only needed for the smoothing term
  if (withWx) w.fn.row_stats_w(px, pw, K4, pout);
  else w.fn.row_stats(px, K4, pout);
  const q = pout / 4;
  let m = Math.max(mem[q], mem[q + 1], mem[q + 2], mem[q + 3]);
  const d = w.f64;
  const q8 = pout / 8;
  let sumX = d[q8 + 2] + d[q8 + 3] + d[q8 + 4] + d[q8 + 5];
  let sumWX = withWx ? d[q8 + 6] + d[q8 + 7] + d[q8 + 8] + d[q8 + 9] : 0;
  for (let c = K4; c < K; c++) {
    const x = Math.fround(logits[off + c]);
    m = x > m || x !== x ? x : m;
    sumX += x;
    if (withWx) sumWX += wOf(ctx, c) * x;
  }
  // row_stats' max ignores NaN (pmax); a NaN logit shows in the float64 sum instead
  if (m !== m || sumX !== sumX || m === Infinity || m === -Infinity) return nanRow(grad, goff, K);
  let S = w.fn.exp_sum(px, K4, m); // m is a logit, so exactly a float32
  for (let c = K4; c < K; c++) {
    const e = exp32(Math.fround(logits[off + c]) - m);
    TAIL[c - K4] = e;
    S += e;
  }
  const xt = Math.fround(logits[off + t]);
  const r = finishRow(t, ctx, m, S, sumX, sumWX, xt);
  if (ctx.useW) w.fn.scale_sub_w(px, pw, K4, r.A, r.B);
  else w.fn.scale_sub(px, K4, r.A, r.B);
  grad.set(w.f32.subarray(px / 4, px / 4 + K4), goff);
  for (let c = K4; c < K; c++) grad[goff + c] = TAIL[c - K4] * r.A - r.B * (ctx.useW ? wOf(ctx, c) : 1);
  grad[goff + t] = r.gt;
  return r.loss;
}

function rowJs(logits: Float32Array | Float64Array, off: number, grad: Float32Array, goff: number, t: number, ctx: RowCtx): number {
  const K = ctx.K;
  let m = -Infinity;
  let sumX = 0;
  let sumWX = 0;
  const weight = ctx.weight;
  for (let c = 0; c < K; c++) {
    const x = Math.fround(logits[off + c]);
    m = x > m || x !== x ? x : m;
    sumX += x;
  }
  if (m !== m || m === Infinity || m === -Infinity) return nanRow(grad, goff, K);
  if (ctx.useW && weight !== null) for (let c = 0; c < K; c++) sumWX += Math.fround(weight[c]) * Math.fround(logits[off + c]);
  let S = 0;
  for (let c = 0; c < K; c++) {
    const e = exp32(Math.fround(logits[off + c]) - m);
    grad[goff + c] = e;
    S += e;
  }
  // grad now holds float32-rounded exps; the loss uses S accumulated from the unrounded values.
  const r = finishRow(t, ctx, m, S, sumX, sumWX, Math.fround(logits[off + t]));
  const { A, B } = r;
  if (ctx.useW && weight !== null) {
    for (let c = 0; c < K; c++) grad[goff + c] = grad[goff + c] * A - B * Math.fround(weight[c]);
  } else {
    for (let c = 0; c < K; c++) grad[goff + c] = grad[goff + c] * A - B;
  }
  grad[goff + t] = r.gt;
  return r.loss;
}

/** Whether the SIMD path is in use. */
export function ceUsesWasm(): boolean {
  return wasmKernels() !== undefined;
}
