/**
 * NaN, Infinity and -Infinity are the only words a number may be spelled with: their misspellings
 * (case, cut short, run on) are refused at their place, in a meta value and in a tensor row alike;
 * a literal beyond float64 is quoted up to 40 characters, longer ones cut with '...'.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCase } from '../../../src/io';
import { parseJson } from '../../../src/io/json';
import { errorMessage } from './error-message';

const inMeta = (s: string) => () => parseJson(`{"a": ${s}}`, { file: 'c.json' });
const inRow = (s: string) => () => parseCase(`{"loss": "MSELoss", "input": [1, ${s}], "target": [1, 2]}`, { file: 'c.json' });
const START = 'a character that cannot start a JSON value';

test('the three words are read exactly, in meta values and tensor rows', () => {
  assert.ok(Number.isNaN((parseJson('{"a": NaN}') as { a: number }).a));
  assert.equal((parseJson('{"a": Infinity}') as { a: number }).a, Infinity);
  assert.equal((parseJson('{"a": -Infinity}') as { a: number }).a, -Infinity);
  assert.deepEqual(Array.from(parseCase('{"loss": "MSELoss", "input": [NaN, Infinity, -Infinity], "target": [1, 2, 3]}').input.data), [NaN, Infinity, -Infinity]);
});

test('misspelt words are refused where they start (or where the valid word ends)', () => {
  const cases: Array<[string, string, string]> = [
    // word, meta message, row message
    ['Nan', `c.json:1:7: a: expected a value but found ${START}`, `c.json:1:34: input[1]: expected a value but found ${START}`],
    ['NAN', `c.json:1:7: a: expected a value but found ${START}`, `c.json:1:34: input[1]: expected a value but found ${START}`],
    ['Nax', `c.json:1:7: a: expected a value but found ${START}`, `c.json:1:34: input[1]: expected a value but found ${START}`],
    ['N', `c.json:1:7: a: expected a value but found ${START}`, `c.json:1:34: input[1]: expected a value but found ${START}`],
    ['nan', `c.json:1:7: a: expected a value but found ${START}`, "c.json:1:34: input[1]: expected a number, found 'n' (use NaN for a missing value)"],
    ['Inf', `c.json:1:7: a: expected a value but found ${START}`, `c.json:1:34: input[1]: expected a value but found ${START}`],
    ['Infinit', `c.json:1:7: a: expected a value but found ${START}`, `c.json:1:34: input[1]: expected a value but found ${START}`],
    ['I', `c.json:1:7: a: expected a value but found ${START}`, `c.json:1:34: input[1]: expected a value but found ${START}`],
    ['infinity', `c.json:1:7: a: expected a value but found ${START}`, "c.json:1:34: input[1]: expected a number, found 'i'"],
    ['-Infinit', 'c.json:1:7: a: expected a value but found a number', 'c.json:1:34: input[1]: expected a value but found a number'],
    ['-I', 'c.json:1:7: a: expected a value but found a number', 'c.json:1:34: input[1]: expected a value but found a number'],
    ['-inf', 'c.json:1:8: a: invalid number: expected a digit after the minus sign', 'c.json:1:35: input[1]: invalid number: expected a digit after the minus sign'],
    ['NaNa', `c.json:1:10: a: expected ',' or '}' but found ${START}`, `c.json:1:37: input[1]: expected ',' or ']' but found ${START}`],
    ['InfinityX', `c.json:1:15: a: expected ',' or '}' but found ${START}`, `c.json:1:42: input[1]: expected ',' or ']' but found ${START}`],
    ['-InfinityX', `c.json:1:16: a: expected ',' or '}' but found ${START}`, `c.json:1:43: input[1]: expected ',' or ']' but found ${START}`],
  ];
  for (const [w, meta, row] of cases) {
    assert.equal(errorMessage(inMeta(w)), meta, w);
    assert.equal(errorMessage(inRow(w)), row, w);
  }
});

test('a literal beyond float64 is quoted whole up to 40 characters, cut with ... past that', () => {
  const FIT = '(the largest float64 is about 1.8e308; write Infinity if you mean it)';
  const l40 = `1${'0'.repeat(35)}e400`;
  const l41 = `1${'0'.repeat(36)}e400`;
  assert.equal(errorMessage(inMeta(l40)), `c.json:1:7: a: ${l40} does not fit in float64 ${FIT}`);
  assert.equal(errorMessage(inRow(l40)), `c.json:1:34: input[1]: ${l40} does not fit in float64 ${FIT}`);
  assert.equal(errorMessage(inMeta(l41)), `c.json:1:7: a: ${l41.slice(0, 40)}... does not fit in float64 ${FIT}`);
  assert.equal(errorMessage(inRow(l41)), `c.json:1:34: input[1]: ${l41.slice(0, 40)}... does not fit in float64 ${FIT}`);
  assert.equal(errorMessage(inRow(`-${'9'.repeat(400)}`)), `c.json:1:34: input[1]: -${'9'.repeat(39)}... does not fit in float64 ${FIT}`);
  // in the middle of a long row (the fast run hands it to the general loop)
  const row = Array.from({ length: 100 }, (_, i) => String(i / 8));
  row[60] = l41;
  assert.equal(errorMessage(() => parseCase(`{"loss": "MSELoss", "input": [${row.join(', ')}], "target": [1]}`)).replace(/^line 1:\d+: /, ''),
    `input[60]: ${l41.slice(0, 40)}... does not fit in float64 ${FIT}`);
});
