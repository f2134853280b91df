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
 * reads them once to write the gradient. On the SIMD path the row is staged in a private module
 * instance (one copy of the row in, e read out), so the gradient itself is written exactly once.
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
}

export function softmaxRowScratch(): SoftmaxRow {
  return { m: -Infinity, S: 0, e: new Float64Array(0), off: 0 };
}

/** Rows shorter than this stay in JS (the call and the copy cost more than they save). */
const MIN_SIMD = 64;
const TABLE_BYTES = 512;

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
    return;
  }
  const f32 = x instanceof Float32Array;
  const C4 = (C + 3) & ~3;
  const pin = TABLE_BYTES;
  const pout = pin + C4 * 8; // room for float64 input too
  k.reserve(pout + C4 * 8);
  let m: number;
  let S: number;
  if (f32) {
    const v = k.f32;
    const i0 = pin / 4;
    v.set(x.subarray(base, base + C), i0);
    v.fill(-Infinity, i0 + C, i0 + C4);
    m = k.fn.row_max_f32(pin, C4);
    S = k.fn.exp_sum64_f32(pin, pout, C4, m);
  } else {
    const v = k.f64;
    const i0 = pin / 8;
    v.set((x as Float64Array).subarray(base, base + C), i0);
    v.fill(-Infinity, i0 + C, i0 + C4);
    m = k.fn.row_max_f64(pin, C4);
    S = k.fn.exp_sum64_f64(pin, pout, C4, m);
  }
  row.m = m;
  row.S = S;
  row.e = k.f64;
  row.off = pout / 8;
}
