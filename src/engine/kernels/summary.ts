/**
 * Moments and counts of a float32 tensor in one WebAssembly SIMD pass: what the diagnostics'
 * whole-tensor summary needs from a large input (65M values of a (2048, 32000) dump), without a
 * branch per value. The data is staged through the module's memory in chunks (never copied whole).
 *
 * Sums are accumulated in float64 in 4 partial sums (so they may differ from a sequential sum in the
 * last bits); min/max/counts are exact. Undefined when WebAssembly SIMD is unavailable.
 */
import { wasmKernels } from './wasm/runtime';

export interface F32Summary {
  /** Over finite values (Infinity / −Infinity when there are none). */
  min: number;
  max: number;
  sum: number;
  sumSq: number;
  nan: number;
  posInf: number;
  negInf: number;
  /** Finite values < 0, and values in [0, 1]. */
  negatives: number;
  inUnit: number;
}

const CHUNK = 1 << 16; // floats per call (256 KB)

export function summaryF32(d: Float32Array): F32Summary | undefined {
  const w = wasmKernels();
  if (w === undefined) return undefined;
  const pout = CHUNK * 4;
  w.reserve(pout + 176);
  const f32 = w.f32, i32 = new Int32Array(w.fn.memory.buffer, pout, 44);
  new Uint8Array(w.fn.memory.buffer, pout, 176).fill(0);
  f32.fill(Infinity, pout / 4, pout / 4 + 4);
  f32.fill(-Infinity, pout / 4 + 4, pout / 4 + 8);
  const n4 = d.length & ~3;
  for (let i = 0; i < n4; i += CHUNK) {
    const k = Math.min(CHUNK, n4 - i);
    f32.set(d.subarray(i, i + k), 0);
    w.fn.summary_f32(0, k, pout);
  }
  const f64 = new Float64Array(w.fn.memory.buffer, pout + 32, 8);
  const q = pout / 4;
  const lane = (k: number): number => i32[24 + 4 * k] + i32[25 + 4 * k] + i32[26 + 4 * k] + i32[27 + 4 * k];
  const s: F32Summary = {
    min: Math.min(f32[q], f32[q + 1], f32[q + 2], f32[q + 3]),
    max: Math.max(f32[q + 4], f32[q + 5], f32[q + 6], f32[q + 7]),
    sum: f64[0] + f64[1] + f64[2] + f64[3],
    sumSq: f64[4] + f64[5] + f64[6] + f64[7],
    nan: lane(0), posInf: lane(1), negInf: lane(2), negatives: lane(3), inUnit: lane(4),
  };
  for (let i = n4; i < d.length; i++) {
    const v = d[i];
    if (v !== v) s.nan++;
    else if (v === Infinity) s.posInf++;
    else if (v === -Infinity) s.negInf++;
    else {
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
      s.sum += v;
      s.sumSq += v * v;
      if (v < 0) s.negatives++;
      else if (v <= 1) s.inUnit++;
    }
  }
  return s;
}
