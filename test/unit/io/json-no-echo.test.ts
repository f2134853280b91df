/**
 * A file that is not valid JSON never has its bytes quoted back: a syntax error names the kind of
 * token it found (a string, a number, true, an object, a byte that is not ASCII, ...) and JSON's own
 * punctuation only, at its line and column. A valid file's wrong values may be quoted (they are the
 * user's data in a well-formed case, and the message needs them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../../src/io/json';
import { parseCase } from '../../../src/io';
import { errorMessage } from './error-message';

test('after a value where a comma belongs: the kind of token, never its text', () => {
  const cases: Array<[string, string]> = [
    ['"secret"', 'a string'], ['12345', 'a number'], ['-7', 'a number'], ['true', 'true'], ['false', 'false'], ['null', 'null'],
    ['{}', 'an object'], ['[]', 'an array'], ['x', 'a character that cannot start a JSON value'], [')', 'a character that cannot start a JSON value'],
    ['é', 'a byte that is not ASCII'], ['\u0001', 'a control character'], ['\u007f', 'a control character'], [']', "']'"], [':', "':'"],
  ];
  for (const [tok, found] of cases) {
    assert.equal(errorMessage(() => parseJson(`{"a": 1 ${tok}`)), `line 1:9: a: expected ',' or '}' but found ${found}`, tok);
  }
  assert.equal(errorMessage(() => parseJson('{"a": 1 ,')), 'line 1:10: unexpected end of file: the file looks truncated (check that the whole file was written (e.g. the writing process finished and flushed))');
});

test('a key without its colon, text after the document, a tensor row without a comma: nothing quoted', () => {
  assert.equal(errorMessage(() => parseJson('{"a" "secret"}')), "line 1:6: a: expected ':' after the key but found a string");
  assert.equal(errorMessage(() => parseJson('{"a" 12345}')), "line 1:6: a: expected ':' after the key but found a number");
  const after = '(a file holds exactly one JSON value; remove what follows it)';
  assert.equal(errorMessage(() => parseJson('{"a": 1} "secret"')), `line 1:10: found a string after the end of the JSON value ${after}`);
  assert.equal(errorMessage(() => parseJson('{"a": 1} 12345')), `line 1:10: found a number after the end of the JSON value ${after}`);
  assert.equal(errorMessage(() => parseJson('{"a": 1}\nsecret')), `line 2:1: found a character that cannot start a JSON value after the end of the JSON value ${after}`);
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [1 "secret"], "target": [1]}')), "line 1:33: input[0]: expected ',' or ']' but found a string");
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [1 2], "target": [1]}')), "line 1:33: input[0]: expected ',' or ']' but found a number");
});

test('a well-formed case: a wrong value is quoted', () => {
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [1, "secret"], "target": [1]}')),
    'line 1:34: input[1]: expected a number, found a string "secret" (tensor values must be numbers, not strings)');
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [1, x], "target": [1]}')), "line 1:34: input[1]: expected a number, found 'x'");
});
