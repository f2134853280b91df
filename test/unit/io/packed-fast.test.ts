/**
 * The packed-array fast run (long `, `-separated number rows, as json.dumps writes them) must give
 * exactly JSON.parse's values and the same errors (message, line, column, path) as the general parser.
 * Literals only take the fast run when they start at least 64 bytes before the end of the text, so every
 * test here pads the arrays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonParser, PackedArray, parseJson } from '../../../src/io/json';
import { LossDebuggerError } from '../../../src/errors';

const enc = new TextEncoder();
const PAD = Array.from({ length: 40 }, (_, i) => String(i / 8)).join(', ');

function packed(text: string): PackedArray {
  const r = new JsonParser(enc.encode(text), 'case.json').parseDocument({ pack: (p) => p === 'x' });
  const x = (r.value as { x: unknown }).x;
  assert.ok(x instanceof PackedArray);
  return x;
}

/** Parses `[PAD, ...literals, PAD]` packed and checks every value against JSON.parse. */
function checkRow(literals: string[]): void {
  const text = `{"x": [${PAD}, ${literals.join(', ')}, ${PAD}], "y": 0}`;
  const got = packed(text);
  const want = (JSON.parse(text) as { x: number[] }).x;
  assert.equal(got.data.length, want.length);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Object.is(got.data[i], want[i]), `${literals[i - 40] ?? '(pad)'}: got ${got.data[i]}, JSON.parse ${want[i]}`);
  }
}

/** Python's repr of a float: shortest round-trip digits, exponent like 1e-05 / 1.5e+20. */
function pyRepr(d: number): string {
  const s = String(d);
  if (!s.includes('e')) return Object.is(d, -0) ? '-0.0' : Number.isInteger(d) && Math.abs(d) < 1e16 ? `${s}.0` : s;
  const [m, e] = s.split('e');
  return `${m}e${e.startsWith('-') ? '-' : '+'}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
}

test('fast run: random float32 and float64 values in both spellings equal JSON.parse', () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 60 }), (xs) => {
    checkRow(xs.flatMap((d) => [String(d), pyRepr(d)]));
  }), { numRuns: 300 });
});

test('fast run: random digit strings (leading zeros, 1-25 digits, exponents) equal JSON.parse', () => {
  const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: 1, maxLength: 25 });
  const literal = fc.tuple(fc.boolean(), digits, fc.option(digits), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 330 }))))
    .map(([neg, int, frac, exp]) => {
      const i = int.replace(/^0+(?=\d)/, '');
      return `${neg ? '-' : ''}${i}${frac !== null ? '.' + frac : ''}${exp ? `${exp[0]}${exp[1]}${exp[2]}` : ''}`;
    })
    .filter((s) => Number.isFinite(Number(s)));
  fc.assert(fc.property(fc.array(literal, { minLength: 1, maxLength: 40 }), (ls) => checkRow(ls)), { numRuns: 300 });
});

test('fast run: hard cases (17-19 digit mantissas, halfway points, subnormals, limits)', () => {
  checkRow([
    '9007199254740993', '9007199254740992.0', '9007199254740993.0', '9007199254740995.0', '0.9007199254740993',
    '1.2345678912345678', '12345678912345678.9', '1234567891234567.89', '0.12345678912345678', '0.1234567891234567891',
    '1.234567891234567891', '9999999999999999999', '9999999999999999.999', '999999999999999999.9', '0.0001234567891234567',
    '0.30000000000000004', '2.6971423625946045', '-0.5584061741828918', '1.2345678e-05', '-3.4028234663852886e+38',
    '1.00000000000000011102230246251565', '1.0000000000000002220446049250313', '1.0000000000000001110223024625156',
    '4.9406564584124654e-324', '5e-324', '2.4703282292062328e-324', '2.2250738585072011e-308', '2.2250738585072014e-308',
    '1e-320', '1e-400', '1e308', '1.7976931348623157e308', '8.98846567431158e307', '1e22', '1e23', '1e-22', '1e-23',
    '-0', '-0.0', '0.0', '0e10', '0.000e-5', '10000000', '123456789', '0.000000000000000000001', '7.038531e-26',
    '1.5e+20', '1E5', '1e+05', '3.0e0', '123456.7890123456789',
  ]);
  // halfway cases between neighbouring doubles, written with 17-19 significant digits
  const ties: string[] = [];
  const f = new Float64Array(2);
  const u = new BigUint64Array(f.buffer);
  for (const d of [1, 1.5, 0.1, 3.3, 1e-5, 12345.678, 0.75, 2.5e-7]) {
    f[0] = d;
    u[1] = u[0] + 1n;
    const mid = (f[0] + f[1]) / 2; // not exact: write the tie with extra digits instead
    ties.push(mid.toPrecision(17), mid.toPrecision(18), mid.toPrecision(19), f[0].toPrecision(19), f[1].toPrecision(19));
  }
  checkRow(ties);
});

test('fast run: packed kind and shape stay right', () => {
  const ints = packed(`{"x": [${Array.from({ length: 100 }, (_, i) => String(i * 1234567)).join(', ')}]}`);
  assert.equal(ints.kind, 'int');
  assert.deepEqual(ints.shape, [100]);
  const mixed = packed(`{"x": [${Array.from({ length: 100 }, (_, i) => String(i)).join(', ')}, 1e3]}`);
  assert.equal(mixed.kind, 'float');
  const rows = Array.from({ length: 7 }, (_, r) => `[${Array.from({ length: 300 }, (_, i) => String((r * 300 + i) / 7)).join(', ')}]`);
  const m = packed(`{"x": [${rows.join(',\n ')}]}`);
  assert.deepEqual(m.shape, [7, 300]);
  assert.equal(m.data.length, 2100);
  for (let i = 0; i < 2100; i++) assert.equal(m.data[i], i / 7);
});

/** The error from the packed parser and from the general one (pack off) must be the same. */
function sameError(bad: string, at = 100): LossDebuggerError {
  const vals = Array.from({ length: 200 }, (_, i) => String(i / 3));
  vals[at] = bad;
  const text = `{"x": [${vals.join(', ')}]}`;
  let fast: LossDebuggerError | undefined;
  try { packed(text); } catch (e) { fast = e as LossDebuggerError; }
  let slow: LossDebuggerError | undefined;
  try { parseJson(text, { file: 'case.json' }); } catch (e) { slow = e as LossDebuggerError; }
  assert.ok(fast instanceof LossDebuggerError, `no error for ${bad}`);
  assert.ok(slow instanceof LossDebuggerError);
  assert.equal(fast.message, slow.message);
  assert.equal(fast.where.line, slow.where.line);
  assert.equal(fast.where.column, slow.where.column);
  assert.equal(fast.where.path, `x[${at}]`);
  return fast;
}

test('fast run: bad literals in the middle of a long row give the general errors', () => {
  assert.match(sameError('1.').message, /case\.json:1:\d+: x\[100\]: invalid number: expected a digit after the decimal point/);
  assert.match(sameError('01').message, /leading zeros/);
  assert.match(sameError('-0.5e').message, /digit in the exponent/);
  assert.match(sameError('1e400').message, /1e400 does not fit in float64/);
  assert.match(sameError('-1.8e308').message, /does not fit in float64/);
  assert.match(sameError('1.5x').message, /expected ',' or '\]' but found a character that cannot start a JSON value/);
  assert.match(sameError('0.5.5').message, /expected ',' or '\]'/);
  sameError('-');
  const vals = Array.from({ length: 200 }, (_, i) => String(i / 3));
  for (const [bad, re] of [['"a"', /x\[100\]: expected a number, found a string "a" \(tensor values must be numbers/], ['null', /x\[100\]: expected a number, found null \(use NaN/]] as const) {
    vals[100] = bad;
    assert.throws(() => packed(`{"x": [${vals.join(', ')}]}`), re);
  }
  assert.equal(sameError('1.', 1).where.path, 'x[1]');
});

test('fast run: columns and lines of errors after many lines of numbers', () => {
  const rows = Array.from({ length: 5 }, (_, r) => `[${Array.from({ length: 50 }, (_, i) => String(r + i / 64)).join(', ')}]`);
  rows[3] = rows[3].replace(', 3.5, ', ', 3.5.1, ');
  const text = `{"x": [${rows.join(',\n  ')}]}`;
  const e = (() => { try { packed(text); } catch (err) { return err as LossDebuggerError; } return undefined; })();
  assert.ok(e instanceof LossDebuggerError);
  assert.equal(e.where.line, 4);
  const line = text.split('\n')[3];
  assert.equal(e.where.column, line.indexOf('3.5.1') + 4);
  assert.equal(e.where.path, 'x[3][32]');
});

test('fast run: ragged rows are still caught', () => {
  const row = (k: number): string => `[${Array.from({ length: k }, (_, i) => String(i + 0.25)).join(', ')}]`;
  assert.throws(() => packed(`{"x": [${row(100)}, ${row(100)}, ${row(99)}, ${row(100)}]}`), /ragged array: row has 99 values, row 0 had 100/);
});
