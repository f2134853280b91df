/** The byte-level number parser must round exactly like JSON.parse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { num, parseNumber } from '../../../src/io/numparse';
import { parseJson } from '../../../src/io';

const enc = new TextEncoder();

function parsed(s: string): number {
  const v = parseNumber(enc.encode(s), 0);
  assert.equal(num.error, '', `syntax error on ${s}`);
  return v;
}

/** Python's repr of a float: shortest round-trip digits, exponent like 1e-05 / 1.5e+20. */
function pyRepr(d: number): string {
  const s = String(d);
  if (!s.includes('e')) return Object.is(d, -0) ? '-0.0' : Number.isInteger(d) && Math.abs(d) < 1e16 ? `${s}.0` : s;
  const [m, e] = s.split('e');
  const sign = e.startsWith('-') ? '-' : '+';
  const digits = e.replace(/^[+-]/, '').padStart(2, '0');
  return `${m}e${sign}${digits}`;
}

test('random doubles in shortest form parse exactly (JS and Python spellings)', () => {
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
    for (const s of [String(d), pyRepr(d)]) {
      const expected = JSON.parse(s) as number;
      assert.ok(Object.is(parsed(s), expected), `${s}: got ${parsed(s)}, JSON.parse ${expected}`);
    }
  }), { numRuns: 8000 });
});

test('random float32 values (as tolist() prints them) parse exactly', () => {
  fc.assert(fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (f) => {
    const s = pyRepr(f);
    assert.ok(Object.is(parsed(s), JSON.parse(s) as number), s);
  }), { numRuns: 8000 });
});

test('random digit strings with fractions and exponents parse exactly', () => {
  const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: 1, maxLength: 30 });
  const literal = fc.tuple(fc.boolean(), digits, fc.option(digits), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 340 }))))
    .map(([neg, int, frac, exp]) => {
      const i = int.replace(/^0+(?=\d)/, '');
      return `${neg ? '-' : ''}${i}${frac !== null ? '.' + frac : ''}${exp ? `${exp[0]}${exp[1]}${exp[2]}` : ''}`;
    });
  fc.assert(fc.property(literal, (s) => {
    const expected = Number(s);
    if (!Number.isFinite(expected)) return; // overflow is reported by the JSON layer
    assert.ok(Object.is(parsed(s), expected), `${s}: got ${parsed(s)}, expected ${expected}`);
  }), { numRuns: 8000 });
});

test('hard cases: halfway points, 2^53 neighbours, subnormals, limits', () => {
  const cases = [
    '9007199254740993', '9007199254740992', '9007199254740994', '9007199254740995', '18014398509481985',
    '0.1', '0.30000000000000004', '1e-05', '1.7976931348623157e308', '2.2250738585072014e-308', '2.2250738585072011e-308',
    '4.9406564584124654e-324', '5e-324', '2.4703282292062327e-324', '2.4703282292062328e-324', '1e-400', '0.000000000000000000001',
    '123456789012345678901234567890', '1.00000000000000011102230246251565404236316680908203125',
    '1.00000000000000011102230246251565404236316680908203124', '1.00000000000000011102230246251565404236316680908203126',
    '7.038531e-26', '8.98846567431158e307', '1e22', '1e23', '-0', '-0.0', '0e10', '100000000000000000000000000000000000000000000001e-47',
  ];
  for (const s of cases) assert.ok(Object.is(parsed(s), Number(s)), s);
});

test('syntax errors in numbers are reported, not guessed', () => {
  for (const s of ['-', '01', '1.', '1e', '1e+', '.5', '-.5']) {
    const b = enc.encode(s);
    const v = parseNumber(b, 0);
    assert.ok(num.error !== '' || Number.isNaN(v) || b[0] === 0x2e, s);
  }
  assert.throws(() => parseJson('[01]'), /leading zeros/);
  assert.throws(() => parseJson('[1.]'), /digit after the decimal point/);
  assert.throws(() => parseJson('[.5]'), /expected a value/);
});
