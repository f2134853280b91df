/**
 * Number syntax on its edges, stated literally: what parseNumber returns (value, end, integer or not,
 * error) for '-0', overflow and underflow, leading zeros, '0x10', a leading '+', exponents cut short;
 * and the message a case gets for each, in a packed tensor (alone and mid-row) and in a meta value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { num, parseNumber } from '../../../src/io/numparse';
import { parseCase } from '../../../src/io';
import { errorMessage } from './error-message';

const enc = new TextEncoder();

test('parseNumber: value, end, integer or not, and the error of each edge', () => {
  const cases: Array<[string, number, number, boolean, string]> = [
    ['0', 0, 1, true, ''], ['-0', -0, 2, true, ''], ['-0.0', -0, 4, false, ''], ['1e5', 1e5, 3, false, ''], ['1E+5', 1e5, 4, false, ''],
    ['1.0', 1, 3, false, ''], ['0.1e1', 1, 5, false, ''], ['1e309', Infinity, 5, false, ''], ['-1e309', -Infinity, 6, false, ''],
    ['1e-400', 0, 6, false, ''], ['1e99999999', Infinity, 10, false, ''], ['1e-99999999', 0, 11, false, ''],
    ['0x10', 0, 1, true, ''], ['1,', 1, 1, true, ''], ['9007199254740993', 9007199254740992, 16, true, ''],
    ['123456789012345678901234567890e-10', 12345678901234567000, 34, false, ''],
    ['-', NaN, 1, false, 'expected a digit after the minus sign'], ['-a', NaN, 1, false, 'expected a digit after the minus sign'],
    ['01', NaN, 1, false, 'numbers must not have leading zeros'], ['-01', NaN, 2, false, 'numbers must not have leading zeros'],
    ['00', NaN, 1, false, 'numbers must not have leading zeros'],
    ['1.', NaN, 2, false, 'expected a digit after the decimal point'], ['1.e5', NaN, 2, false, 'expected a digit after the decimal point'],
    ['1e', NaN, 2, false, 'expected a digit in the exponent'], ['1e+', NaN, 3, false, 'expected a digit in the exponent'],
    ['1e-', NaN, 3, false, 'expected a digit in the exponent'],
  ];
  for (const [s, v, end, isInt, error] of cases) {
    const got = parseNumber(enc.encode(s), 0);
    assert.deepEqual([Object.is(got, v) || (Number.isNaN(v) && Number.isNaN(got)), num.end, num.isInt, num.error], [true, end, isInt, error], s);
  }
});

const inCase = (input: string): string => `{"loss": "MSELoss", "input": ${input}, "target": [1]}`;
const FIT = '(the largest float64 is about 1.8e308; write Infinity if you mean it)';

test('a tensor\'s numbers: each bad spelling named at its column, alone or in the middle of a row', () => {
  const cases: Array<[string, string]> = [
    ['+1', "expected a number, found '+'"],
    ['0x10', "expected ',' or ']' but found a character that cannot start a JSON value"],
    ['1e309', `1e309 does not fit in float64 ${FIT}`],
    ['-1e309', `-1e309 does not fit in float64 ${FIT}`],
    [`1${'0'.repeat(45)}e300`, `1${'0'.repeat(39)}... does not fit in float64 ${FIT}`],
    ['nan', "expected a number, found 'n' (use NaN for a missing value)"],
    ['inf', "expected a number, found 'i'"],
    ['-NaN', 'invalid number: expected a digit after the minus sign'],
    ['1e', 'invalid number: expected a digit in the exponent'],
    ['01', 'invalid number: numbers must not have leading zeros'],
    ['-', 'invalid number: expected a digit after the minus sign'],
    ['1.5.2', "expected ',' or ']' but found a character that cannot start a JSON value"],
  ];
  const col: Record<string, number> = { '0x10': 1, '-NaN': 1, '1e': 2, '01': 1, '-': 1, '1.5.2': 3 };
  for (const [x, msg] of cases) {
    const at = col[x] ?? 0;
    assert.equal(errorMessage(() => parseCase(inCase(`[${x}]`))), `line 1:${31 + at}: input[0]: ${msg}`, x);
    assert.equal(errorMessage(() => parseCase(inCase(`[1, 2, ${x}, 4]`))), `line 1:${37 + at}: input[2]: ${msg}`, x);
  }
  for (const [x, v] of [['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['-0', -0], ['1e-400', 0]] as const) {
    const c = parseCase(inCase(`[1, 2, ${x}, 4]`));
    assert.ok(Object.is(c.input.data[2], v), x);
    assert.equal(c.input.dtype, x === '-0' ? 'int64' : 'float64', x);
  }
});

test('a meta number: the same spellings through the general parser', () => {
  const meta = (x: string): string => `{"loss": "MSELoss", "input": [1], "target": [1], "meta": {"reported_loss": ${x}}}`;
  const cases: Array<[string, number, string]> = [
    ['+1', 76, 'expected a value but found a character that cannot start a JSON value'],
    ['0x10', 77, "expected ',' or '}' but found a character that cannot start a JSON value"],
    ['1e309', 76, `1e309 does not fit in float64 ${FIT}`],
    ['nan', 76, 'expected a value but found a character that cannot start a JSON value'],
    ['Infinit', 76, 'expected a value but found a character that cannot start a JSON value'],
    ['-NaN', 77, 'invalid number: expected a digit after the minus sign'],
    ['1e', 78, 'invalid number: expected a digit in the exponent'],
    ['01', 77, 'invalid number: numbers must not have leading zeros'],
    ['1.', 78, 'invalid number: expected a digit after the decimal point'],
  ];
  for (const [x, at, msg] of cases) assert.equal(errorMessage(() => parseCase(meta(x))), `line 1:${at}: meta.reported_loss: ${msg}`, x);
  assert.ok(Object.is(parseCase(meta('-0')).meta.reported_loss, -0));
  assert.equal(parseCase(meta('-Infinity')).meta.reported_loss, -Infinity);
  assert.equal(parseCase(meta('1e-400')).meta.reported_loss, 0);
});
