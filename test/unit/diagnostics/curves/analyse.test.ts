/** curves/analyse.ts: the median every curve rule uses counts NaN (as the largest value) and ±Infinity. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseSeries, median } from '../../../../src/diagnostics/curves/analyse';

describe('curves median', () => {
  it('odd and even counts, arrays and typed arrays, unsorted input left as it is', () => {
    const a = [9, 1, 5];
    assert.equal(median(a), 5);
    assert.deepEqual(a, [9, 1, 5]);
    assert.equal(median(Float64Array.of(4, 1, 3, 2)), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('keeps NaN and ±Infinity as values: NaN sorts above +Infinity', () => {
    assert.equal(median([1, NaN, 3]), 3);
    assert.equal(median([NaN, 0.2, 0.1, 0.3, NaN]), 0.3);
    assert.ok(Number.isNaN(median([NaN, 1])));
    assert.ok(Number.isNaN(median([NaN, NaN, 2])));
    assert.equal(median([-Infinity, 7, Infinity]), 7);
    assert.equal(median([Infinity, Infinity, 1]), Infinity);
  });
});

describe('analyseSeries', () => {
  it('block levels are block medians in log space; σ from the residuals', () => {
    // 10 points, blocks of 5: levels are the medians of log values of each block
    const values = [4, 1, 2, 8, 2, 1, 1, 1, 1, 1];
    const a = analyseSeries({ name: 'train', steps: values.map((_, i) => i), values });
    assert.equal(a.log, true);
    assert.equal(a.block, 5);
    assert.ok(Math.abs(a.level[0] - Math.log(2)) < 1e-15);
    assert.equal(a.level[1], 0);
    assert.ok(a.sigma > 0);
  });

  it('non-finite points are counted and left out of the levels', () => {
    const values = [1, NaN, 0.9, 0.8, Infinity, 0.7, 0.6];
    const a = analyseSeries({ name: 'val', steps: values.map((_, i) => i), values });
    assert.equal(a.firstNonFinite, 1);
    assert.equal(a.nonFiniteCount, 2);
    assert.equal(a.values.length, 5);
    assert.ok(a.level.every(Number.isFinite));
  });
});
