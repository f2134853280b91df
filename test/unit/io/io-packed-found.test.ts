/**
 * What a tensor row reports when it meets something else than a number, for each kind of token (a
 * well-formed file's wrong value is quoted: numbers up to 30 characters, strings up to 39), at its
 * JSON path and column; depth mismatches both ways with level/levels; booleans mixed with numbers
 * from either side; words cut short; NaN and ±Infinity accepted among numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCase } from '../../../src/io';
import { errorMessage } from './error-message';

const inInput = (row: string) => () => parseCase(`{"loss": "MSELoss", "input": ${row}, "target": [1]}`, { file: 'c.json' });
const DEPTH = '(every row of a tensor must have the same depth)';

test('a value where a row belongs: named by its kind, numbers quoted up to 30 characters', () => {
  const cases: Array<[string, string]> = [
    ['3', 'the number 3'], ['-12.5e+3', 'the number -12.5e+3'], ['"ab"', 'a string "ab"'], ['true', 'true'], ['false', 'false'],
    ['null', 'null'], ['x', "'x'"], ['{}', 'an object'], ['0.5E-7', 'the number 0.5E-7'],
    ['1'.repeat(30), `the number ${'1'.repeat(30)}`], ['2'.repeat(31), `the number ${'2'.repeat(30)}`],
  ];
  for (const [tok, found] of cases) {
    assert.equal(errorMessage(inInput(`[[1, 2], ${tok}]`)), `c.json:1:39: input[1]: expected an array but found ${found} (the first row nests 2 levels deep) ${DEPTH}`, tok);
  }
  assert.equal(errorMessage(inInput('[[[1]], [2]]')), `c.json:1:39: input[1][0]: expected an array but found the number 2 (the first row nests 3 levels deep) ${DEPTH}`);
  assert.equal(errorMessage(inInput('[[1], [[2]]]')), `c.json:1:37: input[1][0]: expected a number but found an array (the first row nests 2 levels deep) ${DEPTH}`);
  assert.equal(errorMessage(inInput('[1, [2]]')), `c.json:1:34: input[1]: expected a number but found an array (the first row nests 1 level deep) ${DEPTH}`);
  assert.equal(errorMessage(inInput('[1, 2, 3, [2]]')), `c.json:1:40: input[3]: expected a number but found an array (the first row nests 1 level deep) ${DEPTH}`);
});

test('a token where a number belongs: named by its kind, with a hint for null, strings and a trailing comma', () => {
  const cases: Array<[string, string]> = [
    ['{}', 'an object'], ['x', "'x'"], ["'a'", "'''"], ['}', "'}'"], [':', "':'"], ['\u0001', 'a control character'],
    ['\u007f', 'a control character'], ['é', 'a byte that is not ASCII'], ['tru', "'t'"], ['fals', "'f'"],
  ];
  for (const [tok, found] of cases) assert.equal(errorMessage(inInput(`[1, ${tok}]`)), `c.json:1:34: input[1]: expected a number, found ${found}`, tok);
  assert.equal(errorMessage(inInput('[1, nul]')), "c.json:1:34: input[1]: expected a number, found 'n' (use NaN for a missing value)");
  assert.equal(errorMessage(inInput('[1, null]')), 'c.json:1:34: input[1]: expected a number, found null (use NaN for a missing value)');
  assert.equal(errorMessage(inInput('[1, "1.5"]')), 'c.json:1:34: input[1]: expected a number, found a string "1.5" (tensor values must be numbers, not strings)');
  assert.equal(errorMessage(inInput('[[1, ], [2]]')), "c.json:1:35: input[0][1]: expected a number, found ']' (remove the trailing comma)");
  assert.equal(errorMessage(inInput('[1, Inf]')), 'c.json:1:34: input[1]: expected a value but found a character that cannot start a JSON value');
  assert.equal(errorMessage(inInput('[1, -Inf]')), 'c.json:1:34: input[1]: expected a value but found a number');
  assert.equal(errorMessage(inInput('[1, -x]')), 'c.json:1:35: input[1]: invalid number: expected a digit after the minus sign');
  assert.equal(errorMessage(inInput('[1, -]')), 'c.json:1:35: input[1]: invalid number: expected a digit after the minus sign');
});

test('booleans and numbers in one tensor are refused at the first value that mixes them, from either side', () => {
  const MIX = '(write all values as numbers, or all as true/false)';
  assert.equal(errorMessage(inInput('[true, 1]')), `c.json:1:37: input[1]: array mixes booleans and numbers ${MIX}`);
  assert.equal(errorMessage(inInput('[1, true]')), `c.json:1:34: input[1]: array mixes booleans and numbers ${MIX}`);
  assert.equal(errorMessage(inInput('[1, false]')), `c.json:1:34: input[1]: array mixes booleans and numbers ${MIX}`);
  assert.equal(errorMessage(inInput('[[false], [NaN]]')), `c.json:1:41: input[1][0]: array mixes booleans and numbers ${MIX}`);
  assert.equal(errorMessage(inInput('[[true], [-Infinity]]')), `c.json:1:40: input[1][0]: array mixes booleans and numbers ${MIX}`);
});

test('NaN, Infinity and -Infinity among numbers, in rows of any length', () => {
  const c = parseCase('{"loss": "MSELoss", "input": [[1, NaN], [-Infinity, Infinity]], "target": [[0, 0], [0, 0]]}');
  assert.deepEqual(c.input.shape, [2, 2]);
  assert.deepEqual(Array.from(c.input.data), [1, NaN, -Infinity, Infinity]);
  assert.equal(c.input.dtype, 'float64');
  const t = parseCase('{"loss": "BCELoss", "input": [0.5, 0.5], "target": [true, false]}').target;
  assert.deepEqual([t.dtype, Array.from(t.data)], ['bool', [1, 0]]);
});
