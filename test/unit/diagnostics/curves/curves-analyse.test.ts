/**
 * analyseSeries' numbers: the block size on each side of its rounding steps, series of fewer than 5
 * points (each point its own block, the level is the values), empty and all-NaN series (no noise),
 * the noise per block pooled over the two blocks on each side, and the level's own noise
 * σ · 1.2533 / √m.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeries, blockSize, median, toValue } from '../../../../src/diagnostics/curves/analyse';

test('blockSize: round(n / 40) made odd, from 5 to 51', () => {
  const sizes = [[0, 5], [100, 5], [219, 5], [220, 7], [259, 7], [260, 7], [299, 7], [300, 9], [379, 9], [380, 11], [2000, 51], [2100, 51], [100000, 51]];
  for (const [n, m] of sizes) assert.equal(blockSize(n), m, String(n));
});

test('fewer than 5 points: blocks of one, the level is the (log) values, no noise', () => {
  const a = analyseSeries({ name: 'x', steps: [0, 1, 2, 3], values: [1, 2, 4, 8] });
  assert.deepEqual([a.block, Array.from(a.centers), a.sigma, a.levelSigma, a.log], [1, [0, 1, 2, 3], 0, 0, true]);
  assert.deepEqual(Array.from(a.smooth), [0, Math.log(2), Math.log(4), Math.log(8)]);
  assert.deepEqual(Array.from(a.level), Array.from(a.smooth));
  assert.equal(toValue(a, Math.log(4)), 4);
});

test('empty and all-NaN series: no blocks, no noise', () => {
  const e = analyseSeries({ name: 'x', steps: [], values: [] });
  assert.deepEqual([e.n, e.block, e.centers.length, e.smooth.length, e.sigma, e.levelSigma, e.firstNonFinite], [0, 1, 0, 0, 0, 0, -1]);
  const n = analyseSeries({ name: 'x', steps: [0, 1, 2], values: [NaN, Infinity, NaN] });
  assert.deepEqual([n.n, n.firstNonFinite, n.nonFiniteCount, n.values.length, n.sigma, n.levelSigma], [3, 0, 3, 0, 0, 0]);
});

test('30 points in linear space: block medians, centres, each block\'s noise pooled over ±2 blocks, σ and the level\'s noise', () => {
  const v = [0, 4, 1, 3, 2, 10, 10, 10, 10, 10, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 7, 7, 7, 7, 7, 1, 1, 1, 1, 1];
  const a = analyseSeries({ name: 'x', steps: v.map((_, i) => i), values: v });
  assert.deepEqual([a.log, a.block, Array.from(a.level), Array.from(a.centers)], [false, 5, [2, 10, 5, 0, 7, 1], [2, 7, 12, 17, 22, 27]]);
  // the level at the centres is the block median, linear in between
  assert.deepEqual([a.smooth[2], a.smooth[7], a.smooth[12]], [2, 10, 5]);
  assert.equal(a.smooth[4], 2 + (2 / 5) * 8);
  // per block: the median |residual| around the level; pooled: 1.4826 × the median over blocks b−2..b+2
  const mad = Array.from({ length: 6 }, (_, b) => median(Array.from({ length: 5 }, (_, k) => Math.abs(a.y[5 * b + k] - a.smooth[5 * b + k]))));
  const pooled = mad.map((_, b) => 1.4826 * median(mad.slice(Math.max(0, b - 2), Math.min(6, b + 3))));
  assert.deepEqual(Array.from(a.blockSigma), pooled);
  assert.equal(a.sigma, 1.4826 * median(mad));
  assert.equal(a.levelSigma, (a.sigma * 1.2533) / Math.sqrt(5));
  // not every block pools the same neighbours: the first and the third differ here
  assert.notEqual(a.blockSigma[0], a.blockSigma[2]);
});
