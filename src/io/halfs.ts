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

/** Rounds a float64 to the nearest float16 value (ties to even), ±Infinity past 65504. */
export function roundToHalf(x: number): number {
  const r = roundSig(x, 11, -14);
  return Math.abs(r) > 65504 ? Math.sign(r) * Infinity : r;
}

/** Rounds a float64 to the nearest bfloat16 value (ties to even). */
export function roundToBFloat16(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = roundSig(x, 8, -126);
  return Math.abs(r) >= 3.402823669209385e38 ? Math.sign(r) * Infinity : r;
}
