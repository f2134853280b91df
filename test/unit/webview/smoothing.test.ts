import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ema, movingAverage, smooth, toPoints } from '../../../webview/smoothing';

describe('smoothing', () => {
  it('moving average over a trailing window', () => {
    assert.deepEqual(movingAverage([1, 2, 3, 4, 5], 2), [1, 1.5, 2.5, 3.5, 4.5]);
    assert.deepEqual(movingAverage([1, null, 3], 3), [1, null, 2]);
  });
  it('EMA with α the weight of the newest point', () => {
    assert.deepEqual(ema([4, 0, 0], 0.5), [4, 2, 1]);
    assert.deepEqual(ema([1, 2, 3], 1), [1, 2, 3]);
  });
  it('keeps length, stays within the data range, and is the identity for window 1', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }).map((i) => i / 7), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (xs, w, a) => {
      const lo = Math.min(...xs), hi = Math.max(...xs);
      for (const s of [movingAverage(xs, w), ema(xs, a)]) {
        assert.equal(s.length, xs.length);
        for (const v of s) assert.ok(v !== null && v >= lo - 1e-6 * Math.abs(lo) - 1e-9 && v <= hi + 1e-6 * Math.abs(hi) + 1e-9);
      }
      assert.deepEqual(movingAverage(xs, 1), xs);
    }));
  });
  it('drops non-finite values and non-positive ones on a log axis', () => {
    assert.deepEqual(smooth([1, NaN, Infinity, 2], { kind: 'none', window: 1, alpha: 1 }), [1, null, null, 2]);
    assert.deepEqual(toPoints([0, 1, -1, null], true), [{ x: 1, y: null }, { x: 2, y: 1 }, { x: 3, y: null }, { x: 4, y: null }]);
    assert.deepEqual(toPoints([0, 1], false), [{ x: 1, y: 0 }, { x: 2, y: 1 }]);
  });
});
