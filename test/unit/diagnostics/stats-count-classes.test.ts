/**
 * countClasses (src/diagnostics/stats.ts): class ids in [0, C) counted per class, ignore_index apart,
 * everything else out of range; of those, the ones that are no whole number — 1.5, NaN and ±Infinity
 * (Math.floor(±Infinity) equals ±Infinity, but no class id is infinite) — counted as non-integer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../../src/engine/tensor';
import { countClasses } from '../../../src/diagnostics/stats';

test('countClasses: valid, ignored, out of range, and non-integer (1.5, NaN, ±Infinity) targets', () => {
  const t = tensor(Float64Array.from([0, 2, 2, -100, 3, -1, 1.5, NaN, Infinity, -Infinity, 7, 1]), [3, 4], 'float64');
  const cc = countClasses(t, 3, -100);
  assert.deepEqual(cc.counts, [1, 1, 2]);
  assert.deepEqual([cc.total, cc.ignored, cc.valid, cc.outOfRangeCount, cc.nonInteger], [12, 1, 4, 7, 4]);
  assert.deepEqual([...cc.outOfRange.keys()], [3, -1, 1.5, NaN, Infinity, -Infinity, 7]);
  // the first five out-of-range positions, as indices into the (3, 4) target
  assert.deepEqual(cc.firstOutOfRange, [[1, 0], [1, 1], [1, 2], [1, 3], [2, 0]]);
});

test('countClasses: whole-number ids only (in and out of range): no non-integer target', () => {
  const cc = countClasses(tensor(Float64Array.from([0, 1, 5, -2, 1e6]), [5], 'float64'), 2, -100);
  assert.deepEqual([cc.valid, cc.outOfRangeCount, cc.nonInteger], [2, 3, 0]);
  assert.deepEqual(cc.firstOutOfRange, [[2], [3], [4]]);
});
