import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clampWeight, debiasedEma, smooth, toPoints } from '../../../webview/smoothing';

/**
 * TensorBoard's scalar smoothing, written out independently from its description: last = last·w +
 * (1 − w)·x over the finite points (last starts at 0), shown divided by 1 − w^n (n finite points so
 * far); non-finite points are passed through; a constant series is left as it is.
 */
function tensorboard(xs: Array<number | null>, w: number): Array<number | null> {
  const finite = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  const constant = finite.every((x) => x === finite[0]);
  let last = 0;
  let n = 0;
  return xs.map((x) => {
    if (x === null || !Number.isFinite(x)) return null;
    if (constant) return x;
    last = last * w + (1 - w) * x;
    n += 1;
    const debias = w === 1 ? 1 : 1 - w ** n;
    return last / debias;
  });
}

describe('smoothing (TensorBoard debiased EMA)', () => {
  it('matches hand-computed values', () => {
    // w = 0.5: 0.5/0.5 = 1; (0.25 + 1)/0.75 = 1.6667; (0.625 + 1.5)/0.875 = 2.428571
    const s = debiasedEma([1, 2, 3], 0.5) as number[];
    assert.ok(Math.abs(s[0] - 1) < 1e-12);
    assert.ok(Math.abs(s[1] - 5 / 3) < 1e-12);
    assert.ok(Math.abs(s[2] - 2.125 / 0.875) < 1e-12);
  });
  it('is the identity at weight 0, starts at the first value (debiased), skips missing points', () => {
    assert.deepEqual(debiasedEma([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
    assert.equal(debiasedEma([7, 1], 0.99)[0], 7);
    const s = debiasedEma([2, null, 4], 0.5);
    assert.equal(s[1], null);
    // the missing point neither counts nor resets: (0.5·1 + 0.5·4)/(1 − 0.25) = 3.3333
    assert.ok(Math.abs((s[2] as number) - 2.5 / 0.75) < 1e-12);
  });
  it('agrees with TensorBoard\'s formula on random series, keeps length and stays within the data range', () => {
    const value = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }).map((i) => i / 7), fc.constant(null));
    fc.assert(fc.property(fc.array(value, { maxLength: 80 }), fc.integer({ min: 0, max: 99 }).map((i) => i / 100), (xs, w) => {
      const ours = debiasedEma(xs, w);
      const ref = tensorboard(xs, w);
      assert.equal(ours.length, xs.length);
      const fin = xs.filter((x): x is number => x !== null);
      const lo = Math.min(...fin), hi = Math.max(...fin);
      ours.forEach((v, i) => {
        const r = ref[i];
        if (r === null) { assert.equal(v, null); return; }
        assert.ok(v !== null && Math.abs(v - r) <= 1e-9 * Math.max(1, Math.abs(r)), `point ${i}: ${v} vs ${r}`);
        assert.ok(v >= lo - 1e-6 * Math.max(1, Math.abs(lo)) && v <= hi + 1e-6 * Math.max(1, Math.abs(hi)));
      });
    }));
  });
  it('clamps the slider to [0, 0.99] and leaves constant series flat', () => {
    assert.equal(clampWeight(5), 0.99);
    assert.equal(clampWeight(-1), 0);
    assert.equal(clampWeight('x'), 0);
    assert.deepEqual(debiasedEma([0.1, 0.1, 0.1], 0.9), [0.1, 0.1, 0.1]);
  });
  it('drops non-finite values and non-positive ones on a log axis', () => {
    assert.deepEqual(smooth([1, NaN, Infinity, 2], { weight: 0 }), [1, null, null, 2]);
    assert.deepEqual(toPoints([0, 1, -1, null], true), [{ x: 1, y: null }, { x: 2, y: 1 }, { x: 3, y: null }, { x: 4, y: null }]);
    assert.deepEqual(toPoints([0, 1], false), [{ x: 1, y: 0 }, { x: 2, y: 1 }]);
    assert.deepEqual(toPoints([5, 6, 7], false, [0, null, 2.5]), [{ x: 0, y: 5 }, { x: 2.5, y: 7 }]);
  });
});
