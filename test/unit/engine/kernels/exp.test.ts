import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exp32, exp64, EXP2_TABLE, EXP_MAX, EXP_MIN } from '../../../../src/engine/kernels/exp';
import { Rng } from '../../../../src/engine/data/rng';

const MIN_NORMAL = 2.2250738585072014e-308;
const TINY = 5e-324;

function relErr(got: number, want: number): number {
  return Math.abs(got - want) / want;
}

/** Sample points: uniform over [lo, hi], plus a few dense bands. */
function points(lo: number, hi: number, n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.uniform();
  return out;
}

/** Correctly rounded 2^(j/64) for 0 <= j < 64, using BigInt arithmetic (the check of the literal table). */
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

test('EXP2_TABLE is correctly rounded: every entry equals the BigInt bisection', () => {
  for (let j = 0; j < 64; j++) assert.equal(EXP2_TABLE[j], refinePow2(j), `j=${j}`);
});

test('EXP2_TABLE holds 2^(j/64) to within half an ulp of the pow value (and exact anchors)', () => {
  assert.equal(EXP2_TABLE.length, 64);
  assert.equal(EXP2_TABLE[0], 1);
  assert.equal(EXP2_TABLE[32], Math.SQRT2);
  for (let j = 0; j < 64; j++) {
    const want = Math.pow(2, j / 64);
    // Math.pow is within 1 ulp; the table is correctly rounded, so they differ by at most 1 ulp (2^-52 in [1, 2)).
    assert.ok(Math.abs(EXP2_TABLE[j] - want) <= 2.3e-16, `j=${j}`);
    // monotone and in [1, 2)
    if (j > 0) assert.ok(EXP2_TABLE[j] > EXP2_TABLE[j - 1]);
  }
  // 2^(j/64) squared six times is 2^j (up to accumulated rounding)
  for (let j = 1; j < 64; j += 7) {
    let v = EXP2_TABLE[j];
    for (let i = 0; i < 6; i++) v *= v;
    assert.ok(relErr(v, Math.pow(2, j)) < 64 * 2.3e-16 * 2, `j=${j}`);
  }
});

test('exp64: relative error below 4.5e-16 against Math.exp over the normal range', () => {
  let worst = 0;
  const check = (x: number): void => {
    const want = Math.exp(x);
    if (want < MIN_NORMAL || !Number.isFinite(want)) return;
    const e = relErr(exp64(x), want);
    if (e > worst) worst = e;
  };
  for (const x of points(-708.3, 709.78, 200_000, 1)) check(x);
  for (const x of points(-1, 1, 50_000, 2)) check(x);
  for (const x of points(-1e-6, 1e-6, 10_000, 3)) check(x);
  for (let i = -708; i <= 709; i++) check(i);
  for (let i = -1000; i <= 1000; i++) check(i * Math.LN2 / 64); // at the table nodes
  check(EXP_MAX);
  check(709.7);
  check(-708.39);
  assert.ok(worst < 4.5e-16, `worst relative error ${worst}`);
});

test('exp64: subnormal results within one subnormal step (plus 4.5e-16 relative) of Math.exp', () => {
  for (const x of points(-745.14, -708.3, 50_000, 4)) {
    const want = Math.exp(x);
    const got = exp64(x);
    assert.ok(Math.abs(got - want) <= TINY + 4.5e-16 * want, `x=${x}: ${got} vs ${want}`);
  }
});

test('exp64 and exp32: special values, overflow and underflow match Math.exp', () => {
  for (const f of [exp64, exp32]) {
    assert.ok(Number.isNaN(f(NaN)));
    assert.equal(f(Infinity), Infinity);
    assert.equal(f(-Infinity), 0);
    assert.equal(f(0), 1);
    assert.equal(f(-0), 1);
    assert.equal(f(1e-300), 1);
    assert.equal(f(710), Infinity);
    assert.equal(f(EXP_MAX + 1e-12), Infinity);
    assert.equal(f(1e308), Infinity);
    assert.equal(f(-746), 0);
    assert.equal(f(EXP_MIN - 1e-12), 0);
    assert.equal(f(-1e308), 0);
    assert.ok(Number.isFinite(f(EXP_MAX)) && f(EXP_MAX) > 1.79e308);
    assert.ok(f(-745.13) > 0);
  }
});

test('exp32: relative error below 4e-11 (far below float32 spacing)', () => {
  let worst = 0;
  for (const x of points(-708.3, 709.7, 200_000, 5)) {
    const want = Math.exp(x);
    if (want < MIN_NORMAL) continue;
    const e = relErr(exp32(x), want);
    if (e > worst) worst = e;
  }
  for (const x of points(-100, 0, 100_000, 6)) {
    const e = relErr(exp32(x), Math.exp(x));
    if (e > worst) worst = e;
  }
  assert.ok(worst < 4e-11, `worst relative error ${worst}`);
  // float32-rounded results agree with Math.exp's rounded to float32 to within one float32 ulp
  for (const x of points(-80, 80, 20_000, 7)) {
    const a = Math.fround(exp32(x));
    const b = Math.fround(Math.exp(x));
    assert.ok(Math.abs(a - b) <= b * 1.2e-7, `x=${x}`);
  }
});
