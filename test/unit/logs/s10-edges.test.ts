/**
 * Edges of detection and decimation that the format tables leave open: a header that reads like a
 * log message (a level word after a space or a tab) is a CSV when it has a step column, wherever the
 * step column stands; decimation with buckets that hold no finite value (a stretch of NaN losses),
 * the bucket size at and around `max`, and the lowest and highest point of each bucket in step order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimate, decimateIndex } from '../../../src/logs/decimate';
import { detectFormat } from '../../../src/logs/detect';

const enc = new TextEncoder();
const TEXT_LOG = { unknown: 'a text log (console or logging-module output), not a CSV: its first line is a message, not a header' };

test('a header with a level word between separators: a CSV when it has a step column (first or later), else a text log', () => {
  const cases: [string, unknown][] = [
    ['step\tloss\tERROR count\n1\t2\t0\n', { format: 'csv' }],
    ['iter, loss, WARN count\n1,2,0\n', { format: 'csv' }],
    ['loss, INFO gain, iteration\n2,0,1\n', { format: 'csv' }],
    ['loss, INFO gain, train_loss\n2,0,1\n', TEXT_LOG],
    ['Step\tDEBUG\n1\t2\n', { format: 'csv' }],
    ['lr\tDEBUG\n1\t2\n', TEXT_LOG],
  ];
  for (const [text, want] of cases) assert.deepEqual(detectFormat('x.csv', enc.encode(text)), want, text);
});

test('decimateIndex: a bucket without a finite value gives no point; the others keep their lowest and highest', () => {
  // 8 points, max 4: buckets of ⌈16/4⌉ = 4
  assert.deepEqual(decimateIndex([NaN, NaN, NaN, NaN, 3, 1, 4, 2], 4), [5, 6]);
  assert.deepEqual(decimateIndex([3, 1, 4, 2, NaN, Infinity, -Infinity, NaN], 4), [1, 2]);
  assert.deepEqual(decimateIndex([NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN], 4), []);
  assert.deepEqual(decimate([1, 2, 3, 4, 5, 6, 7, 8], [NaN, NaN, NaN, NaN, 2, 2, 5, NaN], 4), { steps: [5, 7], values: [2, 5] });
  // a non-finite value first in a bucket does not become its low or high
  assert.deepEqual(decimateIndex([NaN, 5, 1, 3, -Infinity, 2, 9, 4], 4), [1, 2, 5, 6]);
  // the highest before the lowest stays in step order; ties keep the first
  assert.deepEqual(decimateIndex([9, 1, 9, 1, 2, 2, 2, 2], 4), [0, 1, 4]);
  // a last, shorter bucket: 9 points, max 4 → buckets of 5, the last of 4
  assert.deepEqual(decimateIndex([5, 4, 3, 2, 1, 7, 6, 8, 0], 4), [0, 4, 7, 8]);
  // max 3 on 4 points: buckets of ⌈8/3⌉ = 3
  assert.deepEqual(decimateIndex([1, 3, 2, 0], 3), [0, 1, 3]);
  // 2 values at max 1 → buckets of ⌈4/2⌉ = 2: both
  assert.deepEqual(decimateIndex([2, 1], 1), [0, 1]);
});
