/**
 * Exact (correctly rounded, like `JSON.parse`) decimal-to-double conversion straight from bytes.
 *
 * Three paths, fastest first:
 * 1. Clinger's fast path: at most 2^53 as the integer of significant digits and a power of ten
 *    within 10^±22 (exactly representable), so one correctly rounded multiply/divide is exact.
 * 2. Up to 19 significant digits: the digit integer M is built exactly as a double-double, multiplied
 *    by a double-double 10^E (relative error < 2^-100). Rounding the result is only accepted when
 *    rounding the lower and upper bounds of the error interval give the same double; otherwise (about
 *    one number in 2^44, and every exact halfway case) we fall back.
 * 3. Fallback: `Number(text)`, which V8 rounds correctly.
 */

export const POW10: Float64Array = (() => {
  const p = new Float64Array(23);
  p[0] = 1;
  for (let i = 1; i < 23; i++) p[i] = p[i - 1] * 10; // exact up to 1e22
  return p;
})();

const TWO53 = 9007199254740992;
const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

/** Double-double 10^E for E in [E_MIN, E_MAX]: hi, lo, and hi split into two 26-bit halves. */
export const E_MIN = -250;
export const E_MAX = 250;
const PW_HI = new Float64Array(E_MAX - E_MIN + 1).fill(NaN);
const PW_LO = new Float64Array(E_MAX - E_MIN + 1);
const PW_HH = new Float64Array(E_MAX - E_MIN + 1);
const PW_HL = new Float64Array(E_MAX - E_MIN + 1);

function bigToDouble2(num: bigint, shift: number): [number, number] {
  // num * 2^-shift as a double-double; num has about 120 bits, result is in the normal range.
  const hiInt = Number(num); // correctly rounded
  const rest = num - BigInt(hiInt);
  const lo = Number(rest);
  const s1 = Math.floor(shift / 2);
  const s2 = shift - s1;
  const f1 = Math.pow(2, -s1);
  const f2 = Math.pow(2, -s2);
  return [hiInt * f1 * f2, lo * f1 * f2];
}

function initPow(e: number): void {
  const i = e - E_MIN;
  let hi: number;
  let lo: number;
  if (e >= 0) {
    const big = 10n ** BigInt(e);
    hi = Number(big);
    lo = Number(big - BigInt(hi));
  } else {
    const den = 10n ** BigInt(-e);
    // 2^k / 10^-e with about 125 significant bits
    const k = Math.ceil(-e * Math.log2(10)) + 125;
    const q = (1n << BigInt(k)) / den;
    [hi, lo] = bigToDouble2(q, k);
  }
  PW_HI[i] = hi;
  PW_LO[i] = lo;
  const c = SPLIT * hi;
  const hh = c - (c - hi);
  PW_HH[i] = hh;
  PW_HL[i] = hi - hh;
}

/**
 * Side results of `parseNumber`: `end` is the offset just after the literal, `isInt` whether it was an
 * integer literal, `error` non-empty when the literal is not a valid JSON number (`end` then points at
 * the offending byte). (A plain object: exported `let` bindings are slow to read across modules.)
 */
export const num = { end: 0, isInt: true, error: '' };

let fallbackDecoder: TextDecoder | undefined;
function textOf(b: Uint8Array, start: number, end: number): string {
  if (end - start < 64) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  fallbackDecoder ??= new TextDecoder('latin1');
  return fallbackDecoder.decode(b.subarray(start, end));
}

/**
 * Parses the JSON number starting at `pos` (a '-' or a digit). Returns its value (may be ±Infinity
 * when the literal overflows; the caller reports that). On a syntax error returns NaN and sets
 * `numError`.
 */
export function parseNumber(b: Uint8Array, pos: number): number {
  parseNumberTo(b, pos, scratch, 0);
  return scratch[0];
}

const scratch = new Float64Array(1);

/**
 * `parseNumber` writing its result to `out[idx]`: no boxed double is returned, which matters when a
 * million numbers go through here.
 */
export function parseNumberTo(b: Uint8Array, pos: number, out: Float64Array, idx: number): void {
  const start = pos;
  const len = b.length;
  num.error = '';
  let neg = false;
  if (b[pos] === 45) { neg = true; pos++; }
  let c = pos < len ? b[pos] : -1;
  if (c < 48 || c > 57) {
    num.end = pos;
    num.error = 'expected a digit after the minus sign';
    out[idx] = NaN;
      return;
  }
  let m1 = 0; // first 15 significant digits
  let m2 = 0; // significant digits 16..19
  let n2 = 0;
  let sig = 0; // significant digits seen (leading zeros excluded)
  let dropped = false; // a nonzero digit beyond the 19th
  let exp10 = 0; // decimal exponent adjustment for the kept digits
  let isInt = true;
  if (c === 48) {
    pos++;
    c = pos < len ? b[pos] : -1;
    if (c >= 48 && c <= 57) {
      num.end = pos;
      num.error = 'numbers must not have leading zeros';
      out[idx] = NaN;
      return;
    }
  } else {
    while (c >= 48 && c <= 57 && sig < 15) { m1 = m1 * 10 + (c - 48); sig++; pos++; c = pos < len ? b[pos] : -1; }
    while (c >= 48 && c <= 57 && sig < 19) { m2 = m2 * 10 + (c - 48); n2++; sig++; pos++; c = pos < len ? b[pos] : -1; }
    while (c >= 48 && c <= 57) { exp10++; if (c !== 48) dropped = true; sig++; pos++; c = pos < len ? b[pos] : -1; }
  }
  if (c === 46) {
    isInt = false;
    pos++;
    c = pos < len ? b[pos] : -1;
    if (c < 48 || c > 57) {
      num.end = pos;
      num.error = 'expected a digit after the decimal point';
      out[idx] = NaN;
      return;
    }
    if (sig === 0) while (c === 48) { exp10--; pos++; c = pos < len ? b[pos] : -1; }
    while (c >= 48 && c <= 57 && sig < 15) { m1 = m1 * 10 + (c - 48); sig++; exp10--; pos++; c = pos < len ? b[pos] : -1; }
    while (c >= 48 && c <= 57 && sig < 19) { m2 = m2 * 10 + (c - 48); n2++; sig++; exp10--; pos++; c = pos < len ? b[pos] : -1; }
    while (c >= 48 && c <= 57) { if (c !== 48) dropped = true; sig++; pos++; c = pos < len ? b[pos] : -1; }
  }
  if (c === 101 || c === 69) {
    isInt = false;
    pos++;
    c = pos < len ? b[pos] : -1;
    let eneg = false;
    if (c === 43 || c === 45) { eneg = c === 45; pos++; c = pos < len ? b[pos] : -1; }
    if (c < 48 || c > 57) {
      num.end = pos;
      num.error = 'expected a digit in the exponent';
      out[idx] = NaN;
      return;
    }
    let e = 0;
    while (c >= 48 && c <= 57) {
      if (e < 100000) e = e * 10 + (c - 48);
      pos++;
      c = pos < len ? b[pos] : -1;
    }
    exp10 += eneg ? -e : e;
  }
  num.end = pos;
  num.isInt = isInt;
  if (sig === 0) { out[idx] = neg ? -0 : 0; return; }
  if (!dropped) {
    let v: number;
    if (n2 === 0) {
      // m1 < 1e15 < 2^53
      if (exp10 >= 0 && exp10 <= 22) { v = m1 * POW10[exp10]; out[idx] = neg ? -v : v; return; }
      if (exp10 < 0 && exp10 >= -22) { v = m1 / POW10[-exp10]; out[idx] = neg ? -v : v; return; }
    } else {
      const m = m1 * POW10[n2] + m2; // may be inexact above 2^53: then use the double-double path
      if (m < TWO53 && m1 * POW10[n2] < TWO53) {
        if (exp10 >= 0 && exp10 <= 22) { v = m * POW10[exp10]; out[idx] = neg ? -v : v; return; }
        if (exp10 < 0 && exp10 >= -22) { v = m / POW10[-exp10]; out[idx] = neg ? -v : v; return; }
      }
    }
    if (exp10 >= E_MIN && exp10 <= E_MAX) {
      v = slowerExact(m1, m2, n2, exp10);
      if (v === v) { out[idx] = neg ? -v : v; return; }
    }
  }
  out[idx] = Number(textOf(b, start, pos));
}

/** Double-double path; NaN when the result is not certain (the caller falls back). */
function slowerExact(m1: number, m2: number, n2: number, e: number): number {
  // M = m1 * 10^n2 + m2 exactly, as (mh, ml)
  let mh: number;
  let ml: number;
  if (n2 === 0) {
    mh = m1; ml = 0;
  } else {
    const a = m1;
    const bb = POW10[n2];
    const p = a * bb;
    let c = SPLIT * a;
    const ah = c - (c - a);
    const al = a - ah;
    c = SPLIT * bb;
    const bh = c - (c - bb);
    const bl = bb - bh;
    const pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    // (p, pe) + m2
    const s = p + m2;
    const bv = s - p;
    const se = (p - (s - bv)) + (m2 - bv);
    const t = se + pe;
    mh = s + t;
    ml = t - (mh - s);
  }
  return ddScale(mh, ml, e);
}

/**
 * (mh + ml)·10^e correctly rounded, where mh + ml is an exact integer as a double-double (|ml| at
 * most half an ulp of mh) and e is in [-250, 250]; NaN when that cannot be decided quickly (about one
 * number in 2^44, and every exact halfway case): the caller then falls back to `Number(text)`.
 */
export function ddScale(mh: number, ml: number, e: number): number {
  const i = e - E_MIN;
  if (PW_HI[i] !== PW_HI[i]) initPow(e);
  const ph = PW_HI[i];
  const pl = PW_LO[i];
  // (mh, ml) * (ph, pl)
  const x = mh * ph;
  const c = SPLIT * mh;
  const mhh = c - (c - mh);
  const mhl = mh - mhh;
  const phh = PW_HH[i];
  const phl = PW_HL[i];
  let xe = ((mhh * phh - x) + mhh * phl + mhl * phh) + mhl * phl;
  xe += mh * pl + ml * ph;
  const r = x + xe;
  if (!(r > 1e-280 && r < 1e280)) return NaN;
  const delta = r * 3.155443620884047e-30; // 2^-98 · r, more than twice the error bound
  const lo = x + (xe - delta);
  const hi = x + (xe + delta);
  if (lo !== hi) return NaN;
  return r;
}
