/** What the worker reports for a failed job (src/worker/error-info.ts): the kinds the host acts on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';
import { errorInfo } from '../../../src/worker/error-info';

test('a cancelled job is reported as cancelled, whatever it threw', () => {
  assert.deepEqual(errorInfo(undefined, true), { kind: 'cancelled', message: 'cancelled' });
  assert.deepEqual(errorInfo(new Error('boom'), true), { kind: 'cancelled', message: 'cancelled' });
  assert.equal(errorInfo(new LossDebuggerError('value', 'bad'), true).kind, 'cancelled');
});

test('bad input keeps its code, detail, location and hint', () => {
  const e = new LossDebuggerError('shape', 'ragged array', { file: 'c.json', path: 'input[1]', line: 3, column: 7 }, 'make rows equal');
  const info = errorInfo(e, false);
  assert.deepEqual(info, {
    kind: 'input', message: e.oneLine(), code: 'shape', detail: 'ragged array',
    where: { file: 'c.json', path: 'input[1]', line: 3, column: 7 }, hint: 'make rows equal',
  });
  assert.equal('hint' in errorInfo(new LossDebuggerError('value', 'no hint here'), false), false);
});

test('exhausted memory or stack (RangeError) is input too large, not a crash', () => {
  for (const msg of ['Invalid array length', 'Maximum call stack size exceeded', 'Array buffer allocation failed']) {
    const info = errorInfo(new RangeError(msg), false);
    assert.equal(info.kind, 'input', msg);
    assert.equal(info.code, 'file');
    assert.equal(info.message, `input too large or too deeply nested to process (${msg})`);
  }
});

test('any other error is internal, with its message only', () => {
  assert.deepEqual(errorInfo(new RangeError('toFixed() digits argument must be between 0 and 100'), false),
    { kind: 'internal', message: 'internal error: toFixed() digits argument must be between 0 and 100' });
  assert.deepEqual(errorInfo(new TypeError('x is undefined'), false), { kind: 'internal', message: 'internal error: x is undefined' });
  assert.deepEqual(errorInfo('a string', false), { kind: 'internal', message: 'internal error: a string' });
  // an Error whose message merely mentions the words is not a RangeError
  assert.equal(errorInfo(new Error('Invalid array length'), false).kind, 'internal');
});
