/**
 * The float64 softmax pass of the reference cross-entropy, one row at a time: for C contiguous logits
 * x (float32 or float64 storage) it finds m = max_c x_c (a NaN never becomes the max, as with
 * `if (v > m) m = v`), e_c = exp(x_c − m) and S = Σ e_c, all in float64.
 *
 * exp is `exp64` (./exp.ts, relative error below 4e-16); the WebAssembly SIMD path evaluates the same
 * operations in the same order on f64x2 lanes, so e_c has the same bits on both paths (above 2^−1022)
 * and only S's summation order differs (four partial sums: a relative difference of a few 1e-16).
 *
 * The e_c are left in a scratch buffer (`row.e` from `row.off`), valid until the next call: the caller
 * reads them once to write the gradient, or has `scaleRowInto` write e_c·a into its output (on the SIMD
 * path a lane-wise product in place and one block copy, no per-element JS). On the SIMD path the row is
 * staged in a private module instance (one copy of the row in), so the gradient is written exactly once.
 *
 * The row's min comes with its max (one pass); when every x_c − m is at least −707 (no exp can be
 * subnormal: the usual case) the exps run on `exp_sum64n`, one exact power-of-two factor instead of two
 * and no clamp — the same bits — with the last C mod 4 values through `exp64` in JS; other rows (values
 * 707 or more below the max, ±Infinity) take the general kernel.
 */
import type { Data } from '../tensor';
import { EXP2_TABLE, exp64 } from './exp';
import { createKernelInstance, type WasmKernels } from './wasm/runtime';

export interface SoftmaxRow {
  /** max_c x_c (−Infinity for an all −Infinity row, NaN only if every value is NaN). */
  m: number;
  /** Σ_c exp(x_c − m). */
  S: number;
  /** exp(x_c − m) at e[off + c]. */
  e: Float64Array;
  off: number;
  /** C, the row's length. */
  n: number;
  /** The exps are in the kernel instance's memory (the SIMD path). */
  simd: boolean;
}

export function softmaxRowScratch(): SoftmaxRow {
  return { m: -Infinity, S: 0, e: new Float64Array(0), off: 0, n: 0, simd: false };
}

/** Rows shorter than this stay in JS (the call and the copy cost more than they save). */
const MIN_SIMD = 64;
const TABLE_BYTES = 512;
/** The row's min is stored here (after the table), the row staged from PIN. */
const PMIN = TABLE_BYTES;
const PIN = TABLE_BYTES + 16;
/** Below this x − m the general kernel runs (exp(−707) is still a normal number with room). */
const NORMAL_FLOOR = -707;

let inst: WasmKernels | null | undefined;
function simd(): WasmKernels | undefined {
  if (inst === undefined) {
    inst = createKernelInstance() ?? null;
    if (inst) inst.f64.set(EXP2_TABLE, 0);
  }
  return inst ?? undefined;
}

let jsScratch = new Float64Array(0);

/** Fills `row` for x[base], …, x[base + C − 1]. */
export function softmaxRow64(x: Data, base: number, C: number, row: SoftmaxRow): void {
  const k = C >= MIN_SIMD && (x instanceof Float32Array || x instanceof Float64Array) ? simd() : undefined;
  if (k === undefined) {
    if (jsScratch.length < C) jsScratch = new Float64Array(Math.max(C, 2 * jsScratch.length));
    const e = jsScratch;
    let m = -Infinity;
    for (let c = 0; c < C; c++) {
      const v = x[base + c];
      if (v > m) m = v;
    }
    let S = 0;
    for (let c = 0; c < C; c++) {
      const v = exp64(x[base + c] - m);
      e[c] = v;
      S += v;
    }
    row.m = m;
    row.S = S;
    row.e = e;
    row.off = 0;
    row.n = C;
    row.simd = false;
    return;
  }
  const f32 = x instanceof Float32Array;
  const C4 = (C + 3) & ~3;
  const pin = PIN;
  const pout = pin + C4 * 8; // room for float64 input too
  k.reserve(pout + C4 * 8);
  // padded to whole vectors with the row's first value (max and min unchanged), then −Infinity (exp 0)
  // if the general kernel runs
  const v = f32 ? k.f32 : k.f64;
  const i0 = pin / (f32 ? 4 : 8);
  v.set(x.subarray(base, base + C), i0);
  v.fill(x[base], i0 + C, i0 + C4);
  const m = f32 ? k.fn.row_max_f32(pin, C4, PMIN) : k.fn.row_max_f64(pin, C4, PMIN);
  let S: number;
  if (m > -Infinity && m < Infinity && k.f64[PMIN / 8] - m >= NORMAL_FLOOR) {
    const C0 = C & ~3;
    S = f32 ? k.fn.exp_sum64n_f32(pin, pout, C0, m) : k.fn.exp_sum64n_f64(pin, pout, C0, m);
    const e = k.f64;
    for (let c = C0, q = pout / 8 + C0; c < C; c++, q++) {
      const y = exp64(x[base + c] - m);
      e[q] = y;
      S += y;
    }
  } else {
    v.fill(-Infinity, i0 + C, i0 + C4);
    S = f32 ? k.fn.exp_sum64_f32(pin, pout, C4, m) : k.fn.exp_sum64_f64(pin, pout, C4, m);
  }
  row.m = m;
  row.S = S;
  row.e = k.f64;
  row.off = pout / 8;
  row.n = C;
  row.simd = true;
}

/**
 * out[at + c] = e_c·a for the row's C exps (the products JS would compute, in place on the SIMD path:
 * the row's exps are consumed).
 */
export function scaleRowInto(row: SoftmaxRow, a: number, out: Float64Array, at: number): void {
  const { e, off, n } = row;
  const k = row.simd ? simd() : undefined;
  if (k !== undefined) {
    k.fn.scale_f64(off * 8, (n + 3) & ~3, a);
    out.set(e.subarray(off, off + n), at);
    return;
  }
  for (let c = 0; c < n; c++) out[at + c] = e[off + c] * a;
}
