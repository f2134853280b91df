/** float16 / bfloat16: exact decoding of their bits, and rounding float64 to them (ties to even). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bfloat16ToNumber, halfToNumber, roundToBfloat16, roundToFloat16 } from '../../../src/engine/halfs';

test('half and bfloat16 decoding is exact; rounding to them is to nearest even', () => {
  assert.equal(halfToNumber(0x3c00), 1);
  assert.equal(halfToNumber(0xc000), -2);
  assert.equal(halfToNumber(0x0001), 2 ** -24);
  assert.equal(halfToNumber(0x7bff), 65504);
  assert.equal(halfToNumber(0x7c00), Infinity);
  assert.ok(Number.isNaN(halfToNumber(0x7e00)));
  assert.equal(bfloat16ToNumber(0x3f80), 1);
  assert.equal(bfloat16ToNumber(0x4049), 3.140625);
  assert.equal(roundToFloat16(1 + 2 ** -11), 1); // tie -> even
  assert.equal(roundToFloat16(1 + 3 * 2 ** -11), 1 + 2 ** -9);
  assert.equal(roundToFloat16(70000), Infinity);
  assert.equal(roundToFloat16(2 ** -25), 0); // half the smallest subnormal: tie to even (0)
  assert.equal(roundToFloat16(3 * 2 ** -26), 2 ** -24);
  assert.equal(roundToBfloat16(1 + 2 ** -8), 1);
  assert.equal(roundToBfloat16(3.14159), 3.140625);
  // every half value round-trips
  for (let h = 0; h < 0x7c00; h += 7) assert.equal(roundToFloat16(halfToNumber(h)), halfToNumber(h));
});

test('roundToFloat16 / roundToBfloat16: the float16 and bfloat16 grids, ties to even', () => {
  assert.equal(roundToFloat16(0.1), 0.0999755859375);
  assert.equal(roundToFloat16(65519), 65504);
  assert.equal(roundToFloat16(65520), Infinity);
  assert.equal(roundToFloat16(-70000), -Infinity);
  assert.equal(roundToFloat16(2049), 2048);
  assert.equal(roundToFloat16(2051), 2052);
  assert.equal(roundToFloat16(1e-8), 0);
  assert.equal(roundToFloat16(6e-8), 2 ** -24);
  assert.equal(roundToFloat16(-1.5), -1.5);
  assert.ok(Number.isNaN(roundToFloat16(NaN)));
  assert.equal(roundToBfloat16(1 + 2 ** -8), 1);
  assert.equal(roundToBfloat16(1 + 3 * 2 ** -8), 1 + 2 ** -6);
  assert.equal(roundToBfloat16(3.14159), 3.140625);
});

test('the fast float32 paths agree with the exact rounding on every value class', () => {
  // Exact references: float16 has 11 significand bits (quantum 2^-24 below 2^-14), bfloat16 8 (2^-133).
  const exact = (x: number, bits: number, minExp: number): number => {
    const a = Math.abs(x);
    const e = Math.max(Math.floor(Math.log2(a)), minExp);
    const q = 2 ** (e - (bits - 1));
    const t = a / q;
    let r = Math.floor(t);
    const f = t - r;
    if (f > 0.5 || (f === 0.5 && r % 2 === 1)) r++;
    return Math.sign(x) * r * q;
  };
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < 200_000; i++) {
    u32[0] = (Math.imul(i, 2654435761) ^ (i << 7)) >>> 0; // float32 bit patterns spread over the range
    const x = f32[0];
    if (!Number.isFinite(x) || x === 0) continue;
    const h = exact(x, 11, -14);
    assert.equal(roundToFloat16(x), Math.abs(h) > 65504 ? Math.sign(x) * Infinity : h, `float16 of ${x}`);
    const b = exact(x, 8, -126);
    assert.equal(roundToBfloat16(x), Math.abs(b) >= 2 ** 128 ? Math.sign(x) * Infinity : b, `bfloat16 of ${x}`);
  }
  // A float64 between two bfloat16 values that float32 would round onto the tie: no double rounding.
  const x = 1 + 2 ** -8 + 2 ** -30;
  assert.equal(roundToBfloat16(x), 1 + 2 ** -7);
});
