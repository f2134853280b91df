/**
 * src/lint/worker.ts is the lint worker's entry: loaded anywhere but in a worker thread (no parentPort)
 * it refuses to start with a clear error instead of waiting for messages that never come. Its message
 * loop is tested in-process (serve-port.test.ts) and end to end in a real worker (lint-worker.test.ts).
 * A lint report carries an `error` key only when the file could not be linted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText } from './harness';

test('the lint worker entry loaded on the main thread throws a clear error', async () => {
  await assert.rejects(import('../../../src/lint/worker'), { message: 'lint-worker.js must run in a worker thread' });
});

test('a report of a file that was linted has no error key at all (not error: undefined)', async () => {
  const r = await lintText('x = 1\n');
  assert.ok(!('error' in r), JSON.stringify(r));
});
