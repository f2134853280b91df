/**
 * io edges a sampled mutation run left open: the quoted start of a string found where a number
 * belongs (40 characters, escapes, a line break, the file's end), columns counted in characters after
 * non-ASCII text, smoothing_mode values, a non-string dtype, fractional probability targets accepted,
 * weights with leading size-1 dimensions, JS arrays nested exactly 64 deep, empty and boolean arrays,
 * the file-size limit on its edge, an unknown .npy version.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { errorMessage } from './error-message';
import { caseFromObject, parseCase, readFileChecked, readNpy } from '../../../src/io';

const parse = (s: string) => () => parseCase(s, { file: 'c.json' });
const inInput = (v: string): string => `{"loss": "MSELoss", "input": [1, ${v}], "target": [1, 2]}`;
const notNumber = (shown: string): string => `c.json:1:34: input[1]: expected a number, found a string "${shown}" (tensor values must be numbers, not strings)`;

test('a string where a number belongs is quoted up to 39 characters, to a line break or to the end of the file', () => {
  assert.equal(errorMessage(parse(inInput('"abc"'))), notNumber('abc'));
  assert.equal(errorMessage(parse(inInput(`"${'x'.repeat(39)}"`))), notNumber('x'.repeat(39)));
  assert.equal(errorMessage(parse(inInput(`"${'x'.repeat(40)}"`))), notNumber(`${'x'.repeat(39)}...`));
  assert.equal(errorMessage(parse(inInput('"ab\\"cd"'))), notNumber('ab\\"cd'));
  assert.equal(errorMessage(parse(inInput('"ab\ncd"'))), notNumber('ab...'));
  assert.equal(errorMessage(parse('{"loss": "MSELoss", "input": [1, "ab')), notNumber('ab...'));
});

test('columns count characters, not bytes, on a line with non-ASCII text; earlier lines do not count', () => {
  assert.equal(errorMessage(parse('{"loss": "MSELoss", "é": 1, "input": [1, tru], "target": [1, 2]}')), 'c.json:1:42: input[1]: expected a number, found \'t\'');
  assert.equal(errorMessage(parse('{"loss": "MSELoss", "ééé": 1, "input": [1, tru], "target": [1, 2]}')), 'c.json:1:44: input[1]: expected a number, found \'t\'');
  assert.equal(errorMessage(parse('{"loss": "MSELoss",\n"é": 1,\n"input": [1, tru]}')), 'c.json:3:14: input[1]: expected a number, found \'t\'');
  assert.equal(errorMessage(parse('{"loss": "MSELoss", "input": [1, 2], "target": [1, 2], "meta": {"é": 1}, "x": tru}')), 'c.json:1:79: x: expected a value but found a character that cannot start a JSON value');
});

test('smoothing_mode is \'pytorch\' or \'others\'; dtype must be a string', () => {
  const ce = (mode: string) => `{"loss": {"type": "CrossEntropyLoss", "smoothing_mode": "${mode}", "label_smoothing": 0.1}, "input": [[1, 2]], "target": [0]}`;
  assert.equal(parseCase(ce('pytorch')).loss.smoothing_mode, 'pytorch');
  assert.equal(parseCase(ce('others')).loss.smoothing_mode, 'others');
  assert.equal(errorMessage(parse(ce('torch'))), 'c.json:1:57: loss.smoothing_mode: smoothing_mode must be \'pytorch\' or \'others\', found a string "torch" (Loss Debugger only: \'pytorch\' (ε/K over all classes, default) or \'others\' (ε/(K−1) over the other classes))');
  assert.equal(errorMessage(parse('{"loss": {"type": "MSELoss"}, "input": {"shape": [2], "data": [1, 2], "dtype": 5}, "target": [0, 1]}')),
    'c.json:1:80: input.dtype: dtype must be a string, found the number 5 (one of: float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, bool)');
});

test('probability targets with fractions are accepted; fractional class indices are not', () => {
  const c = parseCase('{"loss": "CrossEntropyLoss", "input": [[0.1, 0.9], [0.3, 0.7]], "target": [[0.25, 0.75], [0.5, 0.5]]}');
  assert.deepEqual(Array.from(c.target.data), [0.25, 0.75, 0.5, 0.5]);
  assert.match(errorMessage(parse('{"loss": "CrossEntropyLoss", "input": [[0.1, 0.9], [0.3, 0.7]], "target": [0.5, 1]}')), /target\[0\] is 0\.5, but CrossEntropyLoss class targets must be integer class indices/);
});

test('BCE weights: leading size-1 dimensions broadcast, other leading dimensions do not', () => {
  assert.deepEqual(caseFromObject({ loss: { type: 'BCELoss', weight: [[1, 2, 3]] }, input: [0.1, 0.2, 0.3], target: [0, 1, 1] }).loss.weight?.shape, [1, 3]);
  assert.equal(errorMessage(() => caseFromObject({ loss: { type: 'BCELoss', weight: [[1, 1, 1], [1, 1, 1]] }, input: [0.1, 0.2, 0.3], target: [0, 1, 1] })),
    'loss.weight: weight of shape (2, 3) does not broadcast to the input\'s shape (3,) (weight must broadcast to the input shape)');
});

test('JS arrays: exactly 64 levels are a tensor, 65 are not; empty arrays are float64; booleans are bool, numbers int64', () => {
  let deep: unknown = [1];
  for (let i = 0; i < 63; i++) deep = [deep];
  assert.equal(caseFromObject({ loss: 'MSELoss', input: deep, target: deep }).input.shape.length, 64);
  assert.equal(errorMessage(() => caseFromObject({ loss: 'MSELoss', input: [deep], target: [deep] })), 'input: array nests more than 64 levels deep; that is not a tensor');
  const e = caseFromObject({ loss: 'MSELoss', input: [], target: [] });
  assert.deepEqual([e.input.dtype, e.input.shape], ['float64', [0]]);
  const e2 = caseFromObject({ loss: 'MSELoss', input: [[], []], target: [[], []] });
  assert.deepEqual([e2.input.dtype, e2.input.shape], ['float64', [2, 0]]);
  const b = caseFromObject({ loss: 'BCELoss', input: [0.5, 0.5], target: [true, false] });
  assert.deepEqual([b.target.dtype, Array.from(b.target.data)], ['bool', [1, 0]]);
  assert.equal(caseFromObject({ loss: 'MSELoss', input: [1, 2], target: [3, 4] }).input.dtype, 'int64');
});

test('the file-size limit: a file of exactly the limit is read, one byte over is refused with the sizes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-io-edges-'));
  const f = join(dir, 'ten.bin');
  writeFileSync(f, Buffer.alloc(10));
  assert.equal(readFileChecked(f, 10).length, 10);
  assert.throws(() => readFileChecked(f, 9, 'file', 'ten.bin'), (e: unknown) => e instanceof LossDebuggerError && e.where.file === 'ten.bin' &&
    e.detail === `file ${f} is 10 bytes, larger than the 9 bytes limit`);
});

test('.npy: an unknown format version is named', () => {
  assert.equal(errorMessage(() => readNpy(Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 4, 0, 0, 0, 0, 0]), 'v.npy')), 'v.npy: .npy format version 4.0 is not supported (1.0, 2.0 and 3.0 are)');
  assert.equal(errorMessage(() => readNpy(Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0, 1, 0, 0, 0, 0]), 'v.npy')), 'v.npy: .npy format version 0.1 is not supported (1.0, 2.0 and 3.0 are)');
});
