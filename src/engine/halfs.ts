/** IEEE half precision and bfloat16: exact decoding to float64, and rounding float64 to them. */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float64 value of IEEE binary16 bits (exact). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 5.960464477539063e-8; // 2^-24
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1024 + m) * Math.pow(2, e - 25);
}

/** The float64 value of bfloat16 bits (exact). */
export function bfloat16ToNumber(h: number): number {
  u32[0] = (h & 0xffff) << 16;
  return f32[0];
}

/** Rounds to the nearest value with `bits` significand bits (ties to even); no range handling. */
function roundSig(x: number, bits: number, minExp: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (Math.pow(2, e) > a) e--;
  else if (Math.pow(2, e + 1) <= a) e++;
  if (e < minExp) e = minExp; // subnormal: fixed quantum
  const q = Math.pow(2, e - (bits - 1));
  const t = a / q; // exact (power-of-two scaling)
  let r = Math.floor(t);
  const f = t - r;
  if (f > 0.5 || (f === 0.5 && r % 2 === 1)) r++;
  return Math.sign(x) * r * q;
}

/**
 * Rounds a float64 to the nearest float16 value (ties to even; ±Infinity from 65520 on, subnormals
 * kept). Float32 numbers in float16's normal range — every value of a float32 dump — take a
 * bit-twiddling path (drop 13 mantissa bits, round to nearest even), the rest the exact one.
 */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  f32[0] = x;
  if (f32[0] === x) {
    const bits = u32[0];
    const exp = (bits >>> 23) & 0xff;
    if (exp >= 113 && exp <= 142) { // 2^-14 ≤ |x| < 2^16
      u32[0] = (bits + 0xfff + ((bits >>> 13) & 1)) & 0xffffe000;
      const v = f32[0];
      return Math.abs(v) >= 65520 ? (x > 0 ? Infinity : -Infinity) : v;
    }
  }
  const r = roundSig(x, 11, -14);
  return Math.abs(r) > 65504 ? Math.sign(r) * Infinity : r;
}

/**
 * Rounds a float64 to the nearest bfloat16 value (ties to even; ±Infinity past the float32 range).
 * Float32 numbers take a bit-twiddling path (drop 16 mantissa bits), the rest the exact one (no
 * double rounding through float32).
 */
export function roundToBfloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  f32[0] = x;
  if (f32[0] === x) {
    const bits = u32[0];
    u32[0] = ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) << 16;
    return f32[0];
  }
  const r = roundSig(x, 8, -126);
  return Math.abs(r) >= 3.402823669209385e38 ? Math.sign(r) * Infinity : r;
}
