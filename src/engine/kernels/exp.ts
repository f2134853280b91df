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

/**
 * 2^(j/64), j = 0..63, each correctly rounded (a literal: computing it with BigInt bisection at load
 * cost ~90 ms of every CLI start; test/unit/engine/kernels/exp.test.ts recomputes and checks it).
 */
export const EXP2_TABLE: Float64Array = Float64Array.of(
  1, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
  1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418,
  1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687,
  1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303,
  1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
  1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267,
  1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364,
  1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
  1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951
);

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

