/**
 * A fused BCEWithLogitsLoss kernel: loss and d(loss)/d(logits) in one pass, with `exp32` and a
 * float32-grade `log1p` (no Math.exp / Math.log1p calls).
 *
 * PyTorch's formula (1.13), with lw = 1 + (pos_weight − 1)·y and w = weight (1 when absent):
 *   ℓ = w·[(1 − y)·z + lw·(log1p(e^−|z|) + max(−z, 0))]
 *   ∂ℓ/∂z = w·[(1 − y) − lw·σ(−z)]
 * 'mean' divides by the element count, 'sum' does not, 'none' returns ℓ per element.
 * `pos_weight` broadcasts over the trailing (label) dimension: length 1 or `labels`. `weight` has length
 * 1, `labels` or the element count.
 *
 * Two paths:
 * - SIMD (WebAssembly f32x4, when pos_weight and weight are scalars or there is one label, n >= 16):
 *   every term in float32 arithmetic (relative error ~3e-7 per loss term, a few float32 ulps per
 *   gradient entry); the sum in float64. This is the accuracy of PyTorch's own float32 kernel.
 * - JS (otherwise, or `noSimd`): float64 arithmetic with `exp32` and an atanh-series log1p, relative
 *   error below ~1e-10 per term; gradient rounded to float32.
 */
import { exp32 } from './exp';
import { wasmKernels } from './wasm/runtime';

export interface BceKernelOptions {
  posWeight?: ArrayLike<number> | null;
  weight?: ArrayLike<number> | null;
  reduction?: 'none' | 'mean' | 'sum';
  /** Force the float64 JS path (default: SIMD when pos_weight and weight are scalars and n >= 16). */
  noSimd?: boolean;
}

export interface BceKernelResult {
  /** The reduced loss ('mean'/'sum'); for 'none' the sum of `values`. */
  loss: number;
  /** Per-element losses for reduction 'none' (undefined otherwise). */
  values?: Float64Array;
  /** d(loss)/d(z) (for 'none': of Σ ℓ), float32, laid out like z. */
  grad: Float32Array;
}

const SQRT2M1 = 0.41421356237309503;

/** log1p(e) for e in [0, 1] with relative error below ~5e-11 (atanh series in s = e/(2+e)). */
export function log1pUnit(e: number): number {
  let s: number;
  let c: number;
  if (e <= SQRT2M1) {
    s = e / (2 + e);
    c = 0;
  } else {
    s = (e - 1) / (e + 3); // log1p(e) = ln 2 + log((1+e)/2)
    c = Math.LN2;
  }
  const s2 = s * s;
  return c + 2 * s * (1 + s2 * (1 / 3 + s2 * (1 / 5 + s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 / 13))))));
}

function align16(n: number): number {
  return (n + 15) & ~15;
}

/** Elements [i0, n) in float64 (i0 a multiple of `labels`). */
function bceJs(
  z: Float32Array | Float64Array, y: ArrayLike<number>, i0: number, n: number, labels: number, pwl: Float64Array, wl: Float64Array,
  full: boolean, w: ArrayLike<number> | null, scale: number, grad: Float32Array, values: Float64Array | undefined,
): number {
  let sum = 0;
  for (let i = i0; i < n; i += labels) {
    for (let j = 0; j < labels; j++) {
      const k = i + j;
      const zi = z[k];
      const yi = y[k];
      const wi = full ? w![k] : wl[j];
      const lw = 1 + (pwl[j] - 1) * yi;
      const neg = zi < 0;
      const e = exp32(neg ? zi : -zi); // e^−|z| in (0, 1]; NaN stays NaN
      // log1p(e) by the atanh series and σ(−z) = (z >= 0 ? e : 1)/(1 + e), sharing one division
      let sp: number;
      let inv1pe: number;
      const s1 = 1 + e;
      if (e <= SQRT2M1) {
        const q = 1 / ((2 + e) * s1);
        const t = e * s1 * q; // e/(2+e)
        const t2 = t * t;
        sp = 2 * t * (1 + t2 * (1 / 3 + t2 * (1 / 5 + t2 * (1 / 7 + t2 * (1 / 9 + t2 * (1 / 11 + t2 / 13))))));
        inv1pe = (2 + e) * q;
      } else {
        const q = 1 / ((e + 3) * s1);
        const t = (e - 1) * s1 * q; // (e−1)/(e+3)
        const t2 = t * t;
        sp = Math.LN2 + 2 * t * (1 + t2 * (1 / 3 + t2 * (1 / 5 + t2 * (1 / 7 + t2 * (1 / 9 + t2 * (1 / 11 + t2 / 13))))));
        inv1pe = (e + 3) * q;
      }
      if (neg) sp -= zi; // softplus(−z) = log1p(e^−|z|) + max(−z, 0)
      const l = wi * ((1 - yi) * zi + lw * sp);
      const sig = (neg ? 1 : e) * inv1pe;
      grad[k] = wi * ((1 - yi) - lw * sig) * scale;
      if (values !== undefined) values[k] = l;
      sum += l;
    }
  }
  return sum;
}

function checkLen(a: ArrayLike<number> | null | undefined, what: string, labels: number, n: number, allowFull: boolean): number {
  if (a === null || a === undefined) return 0;
  if (a.length === 1 || a.length === labels || (allowFull && a.length === n)) return a.length;
  throw new RangeError(`bceWithLogitsF32: ${what} has ${a.length} values; expected 1, ${labels}${allowFull ? ` or ${n}` : ''}`);
}

/** BCEWithLogitsLoss over n float32 logits whose last dimension has `labels` entries. */
export function bceWithLogitsF32(
  z: Float32Array | Float64Array, y: ArrayLike<number>, n: number, labels: number, opts: BceKernelOptions = {}, out?: Float32Array,
): BceKernelResult {
  if (z.length < n || y.length < n) throw new RangeError(`bceWithLogitsF32: need ${n} logits and targets`);
  if (!(labels >= 1) || n % labels !== 0) throw new RangeError(`bceWithLogitsF32: ${n} elements do not split into rows of ${labels}`);
  const pw = opts.posWeight ?? null;
  const w = opts.weight ?? null;
  const pwLen = checkLen(pw, 'pos_weight', labels, n, false);
  const wLen = checkLen(w, 'weight', labels, n, true);
  const reduction = opts.reduction ?? 'mean';
  const grad = out ?? new Float32Array(n);
  const values = reduction === 'none' ? new Float64Array(n) : undefined;
  const scale = reduction === 'mean' ? 1 / n : 1;
  // Per-label pos_weight and weight as float64 arrays (no modulo, no polymorphic access in the loop).
  const pwl = new Float64Array(labels).fill(1);
  if (pw !== null) for (let j = 0; j < labels; j++) pwl[j] = pwLen === 1 ? pw[0] : pw[j];
  const full = w !== null && wLen === n && wLen !== labels && wLen !== 1;
  const wl = new Float64Array(labels).fill(1);
  if (w !== null && !full) for (let j = 0; j < labels; j++) wl[j] = wLen === 1 ? w[0] : w[j];
  let sum = 0;
  const wk = wasmKernels();
  const scalarPw = pwLen <= 1 || labels === 1;
  const scalarW = !full && (wLen <= 1 || labels === 1);
  if (wk !== undefined && n >= 16 && scalarPw && scalarW && !opts.noSimd) {
    // SIMD path (float32 arithmetic): the first n4 elements in the module, the rest below in JS
    const n4 = n & ~3;
    const bytes = align16(n4 * 4);
    const pz = 0, py = bytes, pl = 2 * bytes, pg = 3 * bytes;
    wk.reserve(4 * bytes);
    const mem = wk.f32;
    mem.set(z.subarray(0, n4), 0);
    if (y instanceof Float32Array || y instanceof Float64Array) mem.set(y.subarray(0, n4), py / 4);
    else for (let i = 0; i < n4; i++) mem[py / 4 + i] = y[i];
    const wv = Math.fround(wl[0]);
    const pwv = Math.fround(pwl[0]);
    sum = wv * wk.fn.bce_pass(pz, py, pl, pg, n4, pwv, wv * scale);
    grad.set(wk.f32.subarray(pg / 4, pg / 4 + n4), 0);
    if (values !== undefined) {
      const lv = wk.f32;
      for (let i = 0; i < n4; i++) values[i] = wv * lv[pl / 4 + i];
    }
    sum += bceJs(z, y, n4, n, 1, Float64Array.of(pwv), Float64Array.of(wv), false, null, scale, grad, values);
  } else {
    sum = bceJs(z, y, 0, n, labels, pwl, wl, full, w, scale, grad, values);
  }
  if (z.length > 0 && n === 0 && reduction === 'mean') return { loss: NaN, grad };
  return { loss: reduction === 'mean' ? sum / n : sum, ...(values ? { values } : {}), grad };
}
