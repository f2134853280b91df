/**
 * parseNumber against the JSON number grammar, written out here independently, on random strings of
 * number characters (at any offset in the buffer, followed by anything): the same end, integer flag
 * and error, and Number()'s correctly rounded value of the valid prefix. Also parseNumberTo writing
 * into its slot only, and long literals (over 64 characters) on the fallback path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { num, parseNumber, parseNumberTo } from '../../../src/io/numparse';

const enc = new TextEncoder();
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** The JSON number grammar: [end, isInt, error] of the literal at the start of `s`. */
function grammar(s: string): { end: number; isInt: boolean; error: string } {
  let i = 0;
  let isInt = true;
  if (s[i] === '-') i++;
  if (!isDigit(s[i])) return { end: i, isInt, error: 'expected a digit after the minus sign' };
  if (s[i] === '0') {
    i++;
    if (isDigit(s[i])) return { end: i, isInt, error: 'numbers must not have leading zeros' };
  } else {
    while (isDigit(s[i])) i++;
  }
  if (s[i] === '.') {
    isInt = false;
    i++;
    if (!isDigit(s[i])) return { end: i, isInt, error: 'expected a digit after the decimal point' };
    while (isDigit(s[i])) i++;
  }
  if (s[i] === 'e' || s[i] === 'E') {
    isInt = false;
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    if (!isDigit(s[i])) return { end: i, isInt, error: 'expected a digit in the exponent' };
    while (isDigit(s[i])) i++;
  }
  return { end: i, isInt, error: '' };
}

function check(s: string, prefix: string): void {
  const b = enc.encode(prefix + s);
  const at = prefix.length;
  const v = parseNumber(b, at);
  const want = grammar(s);
  const got = { end: num.end - at, isInt: num.isInt, error: num.error };
  if (want.error) {
    assert.deepEqual([got.end, got.error], [want.end, want.error], s);
    assert.ok(Number.isNaN(v), s);
  } else {
    assert.deepEqual(got, want, s);
    const ref = Number(s.slice(0, want.end));
    assert.ok(Object.is(v, ref), `${s}: ${v} vs ${ref}`);
  }
}

test('random strings of number characters: end, integer flag, error and value as the grammar and Number() say', () => {
  const ch = fc.constantFrom('0', '0', '0', '1', '2', '5', '9', '.', 'e', 'E', '+', '-', 'x', ' ', ',', ']');
  const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: 0, maxLength: 25 });
  const lit = fc.oneof(
    fc.tuple(fc.constantFrom('', '-'), fc.string({ unit: ch, minLength: 0, maxLength: 30 })).map(([a, b]) => `${a}${b}`),
    fc.tuple(fc.constantFrom('', '-'), digits, fc.option(digits), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(400))), fc.string({ unit: ch, maxLength: 3 }))
      .map(([sg, i, f, e, tail]) => `${sg}${i}${f === null ? '' : `.${f}`}${e ? `${e[0]}${e[1]}${e[2]}` : ''}${tail}`),
  ).filter((s) => s.length > 0 && (s[0] === '-' || isDigit(s[0])));
  fc.assert(fc.property(lit, fc.constantFrom('', ' ', '[1, ', 'x'.repeat(70)), (s, prefix) => check(s, prefix)), { numRuns: 3000 });
});

test('literals over 64 characters and exponents far out: the same as the grammar and Number()', () => {
  for (const s of [`1${'0'.repeat(80)}`, `0.${'0'.repeat(70)}1`, `${'9'.repeat(70)}.5e-60`, `1.${'3'.repeat(100)}e200`, `${'1'.repeat(30)}e-330`,
    '1e250', '1e251', '1e-250', '1e-251', '123456789012345678e-250', '123456789012345678e250', '2.4703282292062327e-324', '2.4703282292062328e-324',
    `4.${'9'.repeat(70)}e-324`, '1.7976931348623158e308', '1.7976931348623157e308', '-0.000', '0e-99999', '0.0e+99999']) {
    check(s, '');
    check(`${s} `, '[');
  }
});

test('parseNumberTo writes only its own slot, and NaN there on a syntax error', () => {
  const out = new Float64Array([7, 7, 7]);
  parseNumberTo(enc.encode('  -12.5e-1'), 2, out, 1);
  assert.deepEqual(Array.from(out), [7, -1.25, 7]);
  assert.deepEqual([num.end, num.isInt, num.error], [10, false, '']);
  parseNumberTo(enc.encode('1.x'), 0, out, 2);
  assert.deepEqual(Array.from(out), [7, -1.25, NaN]);
  assert.deepEqual([num.end, num.error], [2, 'expected a digit after the decimal point']);
  // the error is cleared by the next good literal
  parseNumberTo(enc.encode('42'), 0, out, 0);
  assert.deepEqual([out[0], num.end, num.isInt, num.error], [42, 2, true, '']);
});
