/** engine/numeric.ts: medians (finite-only and every-value), the stable sigmoid, unravelIndex. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, medianSorted, quantiles, sigmoid, unravelIndex } from '../../../src/engine/numeric';

describe('medians', () => {
  it('medianSorted: the middle value, or the mean of the two middle ones; NaN if empty', () => {
    assert.equal(medianSorted(Float64Array.of(1, 2, 7)), 2);
    assert.equal(medianSorted([1, 2, 4, 7]), 3);
    assert.equal(medianSorted([5]), 5);
    assert.ok(Number.isNaN(medianSorted([])));
  });

  it('medianSorted counts every value: ±Infinity, and NaN where the typed-array sort puts it (last)', () => {
    assert.equal(medianSorted(Float64Array.of(1, NaN, 3).sort()), 3);
    assert.equal(medianSorted(Float64Array.of(-Infinity, 1, Infinity).sort()), 1);
    assert.equal(medianSorted(Float64Array.of(2, Infinity).sort()), Infinity);
    assert.ok(Number.isNaN(medianSorted(Float64Array.of(1, NaN).sort())));
  });

  it('median leaves out non-finite values (unlike medianSorted)', () => {
    assert.equal(median([1, NaN, 3]), 2);
    assert.equal(median([Infinity, 4, -Infinity]), 4);
    assert.ok(Number.isNaN(median([NaN, Infinity])));
    assert.deepEqual(quantiles([4, 1, 3, 2], [0, 0.5, 1]), [1, 2.5, 4]);
  });
});

describe('sigmoid', () => {
  it('matches 1 / (1 + e^-x) and stays finite and exact at the ends', () => {
    for (const x of [-5, -1, -1e-3, 0, 0.3, 2, 8]) assert.ok(Math.abs(sigmoid(x) - 1 / (1 + Math.exp(-x))) < 1e-15, String(x));
    assert.equal(sigmoid(0), 0.5);
    assert.equal(sigmoid(800), 1);
    assert.equal(sigmoid(-800), 0);
    // e^-x overflows for x = -800 in the naive form; the stable one keeps tiny values exact
    assert.ok(Math.abs(sigmoid(-700) / Math.exp(-700) - 1) < 1e-12);
    assert.ok(Number.isNaN(sigmoid(NaN)));
  });
});

describe('unravelIndex', () => {
  it('C order, scalars, and the last position', () => {
    assert.deepEqual(unravelIndex(17, [4, 5]), [3, 2]);
    assert.deepEqual(unravelIndex(0, []), []);
    assert.deepEqual(unravelIndex(23, [2, 3, 4]), [1, 2, 3]);
  });
});
