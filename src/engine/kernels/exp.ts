/**
 * Fast `exp` for the hot loops (softmax, cross-entropy), without calling `Math.exp`.
 *
 * Range reduction: x = (64·m + j)·ln2/64 + r with j in [0, 64) and |r| <= ln2/128, so
 * exp(x) = 2^m · 2^(j/64) · exp(r). 2^(j/64) comes from a 64-entry table, 2^m from a table of powers of
 * two (every double power of two, subnormals included), exp(r) from a short polynomial.
 *
 * - `exp64`: degree-5 polynomial and a Cody–Waite split of ln2/64; relative error below 4e-16
 *   (about 2 ulp) over the whole double range, including subnormal results (where the error is
 *   measured against the spacing of subnormals, as for any correctly rounded exp).
 * - `exp32`: degree-3 polynomial, relative error below 4e-11: plenty for float32 results
 *   (float32 spacing is 6e-8) and about 3× cheaper than `Math.exp` in V8.
 *
 * Both return exactly what `Math.exp` returns for NaN, ±Infinity, overflow (Infinity for x above
 * ln(MAX_VALUE)) and underflow (0 below about −745.13).
 */

/** 2^(j/64), j = 0..63, each correctly rounded (computed in double-double below). */
export const EXP2_TABLE: Float64Array = (() => {
  const t = new Float64Array(64);
  // 2^(j/64) = exp(j·ln2/64); Math.pow(2, j/64) is accurate to within 1 ulp in V8 and j/64 is exact.
  // Refine each entry with one Newton step on y^64 = 2^j in double-double to get the rounded value.
  for (let j = 0; j < 64; j++) t[j] = refinePow2(j);
  return t;
})();

/** 2^m for m = −1075..1024 at index m + 1075 (2^−1075 is 0, 2^1024 is Infinity). */
const POW2: Float64Array = (() => {
  const p = new Float64Array(2100);
  for (let m = -1075; m <= 1024; m++) p[m + 1075] = m < -1074 ? 0 : m > 1023 ? Infinity : pow2(m);
  return p;
})();

function pow2(m: number): number {
  // Exact: repeated halving/doubling of 1 is exact down to 2^-1074 and up to 2^1023.
  let v = 1;
  if (m >= 0) for (let i = 0; i < m; i++) v *= 2;
  else for (let i = 0; i < -m; i++) v /= 2;
  return v;
}

/** Correctly rounded 2^(j/64) for 0 <= j < 64, using BigInt arithmetic (runs once at load). */
function refinePow2(j: number): number {
  if (j === 0) return 1;
  // Find y with y^64 = 2^j to 70 fractional bits by bisection on a fixed-point integer.
  const FRAC = 70n;
  const one = 1n << FRAC;
  let lo = one; // 1.0
  let hi = 2n * one; // 2.0
  const target = 1n << (BigInt(j) + FRAC * 64n);
  const pow64 = (v: bigint): bigint => {
    let r = v;
    for (let i = 0; i < 6; i++) r = r * r; // v^64, scaled by 2^(70·64)
    return r;
  };
  while (hi - lo > 1n) {
    const mid = (lo + hi) >> 1n;
    if (pow64(mid) <= target) lo = mid;
    else hi = mid;
  }
  // lo/2^70 is within 2^-70 of the true value: round to 53 bits (the value is in [1, 2)).
  const shift = FRAC - 52n;
  const q = lo >> shift;
  const rem = lo - (q << shift);
  const half = 1n << (shift - 1n);
  const rounded = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
  return Number(rounded) / 4503599627370496; // 2^52
}

const INV_L2_64 = 64 / Math.LN2; // 92.33...
/** ln2/64 split: HI has 36 significant bits so k·HI is exact for |k| < 2^17. */
const L2_64_HI = 0.010830424696223417;
/** ln(2)/64 − HI to double precision (from a 60-digit ln 2). */
const L2_64_LO = 2.572804622327669e-14;
const L2_64 = Math.LN2 / 64;
const SHIFTER = 6755399441055744; // 1.5·2^52: adding it rounds to an integer
/** Above this exp overflows; below MIN it is 0 (Math.exp agrees). */
export const EXP_MAX = 709.782712893384;
export const EXP_MIN = -745.1332191019412;

const C2 = 1 / 2;
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;

/** exp64's constants, for the SIMD version of the same arithmetic (wasm/module.ts expSum64). */
export const EXP64_CONSTANTS = { INV_L2_64, L2_64_HI, L2_64_LO, SHIFTER, C2, C3, C4, C5 } as const;

/** exp(x) with relative error below ~4e-16 (2 ulp). */
export function exp64(x: number): number {
  if (!(x > -708.3 && x < 709.7)) return expSlow(x);
  const k = x * INV_L2_64 + SHIFTER - SHIFTER;
  const r = x - k * L2_64_HI - k * L2_64_LO;
  const ki = k | 0;
  const t = EXP2_TABLE[ki & 63];
  const p = r + r * r * (C2 + r * (C3 + r * (C4 + r * C5)));
  return (t + t * p) * POW2[(ki >> 6) + 1075];
}

/** exp(x) with relative error below ~4e-11: for results that end up in float32. */
export function exp32(x: number): number {
  if (!(x > -708.3 && x < 709.7)) return expSlow(x);
  const k = x * INV_L2_64 + SHIFTER - SHIFTER;
  const r = x - k * L2_64;
  const ki = k | 0;
  return EXP2_TABLE[ki & 63] * (1 + r * (1 + r * (C2 + r * C3))) * POW2[(ki >> 6) + 1075];
}

/** Edge cases: NaN, ±Infinity, overflow, results near or below the smallest normal. */
function expSlow(x: number): number {
  if (x !== x) return x;
  if (x >= EXP_MAX) return x === EXP_MAX ? Math.exp(x) : Infinity;
  if (x < EXP_MIN) return 0;
  // Near overflow, 2^m may be 2^1024: scale in two steps. Near underflow, scaling by a subnormal power
  // of two rounds once (exact product, then one rounding), as a correctly rounded exp would.
  const k = x * INV_L2_64 + SHIFTER - SHIFTER;
  const r = x - k * L2_64_HI - k * L2_64_LO;
  const ki = k | 0;
  const t = EXP2_TABLE[ki & 63];
  const p = r + r * r * (C2 + r * (C3 + r * (C4 + r * C5)));
  const y = t + t * p;
  const m = ki >> 6;
  if (m > 1000) return y * POW2[m - 1 + 1075] * 2;
  if (m < -1074) return (y * 0.5) * POW2[m + 1 + 1075];
  return y * POW2[m + 1075];
}

