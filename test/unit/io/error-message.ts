/** The message of the LossDebuggerError `f` throws; fails the test when it throws nothing or another error. */
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';

export function errorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof LossDebuggerError, String(e));
    return e.message;
  }
  assert.fail('no error');
}
