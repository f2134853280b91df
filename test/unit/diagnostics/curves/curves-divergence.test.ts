/**
 * loss-divergence's "still up over the whole last stretch" test on its edge: every point of the tail
 * must be at or above the midpoint between the minimum and the end level. Series of 16 and 17 points
 * whose smoothed level is exact in binary (blocks of 5 with one value each, linear space because of
 * the zeros), so the edge is met exactly rather than approximately.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeries } from '../../../../src/diagnostics/curves/analyse';
import { divergenceOf } from '../../../../src/diagnostics/curves/divergence';
import { runCurveRules } from '../../../../src/diagnostics/curves/index';

const DEFAULTS = { growthFactor: 2, minPoints: 8, minNoiseUnits: 6 };
const series = (values: number[]) => ({ name: 'loss', steps: values.map((_, i) => 10 * i), values });
// blocks of 5: 1.5, 1, 0, then the last (partial) block
const HEAD = [1.5, 1.5, 1.5, 1.5, 1.5, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];

test('loss-divergence: a tail whose first point sits exactly on the midpoint is still up (fires)', () => {
  const values = [...HEAD, 3];
  const a = analyseSeries(series(values));
  // block centres 2, 7, 12, 15: the minimum at index 12, then 1, 2, 3 (end 2, midpoint 1)
  assert.deepEqual(Array.from(a.smooth.subarray(12)), [0, 1, 2, 3]);
  const d = divergenceOf(a, DEFAULTS);
  assert.ok(d, 'the first tail point equals the midpoint: not below it');
  assert.equal(d.minStep, 120);
  assert.equal(d.minLevel, 0);
  assert.equal(d.endLevel, 2);
  // linear space: 1 + rise / descent, the descent from sm[0] = 1.7
  assert.equal(d.growth, 1 + 2 / 1.7);
  const [f] = runCurveRules([series(values)]);
  assert.equal(f.rule, 'loss-divergence');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, "'loss' grows again after step 120: its smoothed level rose from 0 to 2 (2.18× the earlier descent) by step 150, 16 times the level's own noise. A training loss that climbs back after a good descent usually means the learning rate is too high for this stage, or the optimizer state blew up.");
  assert.deepEqual(f.evidence, { series: 'loss', minStep: 120, minLevel: 0, endLevel: 2, growthFactor: 2.176, riseInNoiseUnits: 16.05, lastStep: 150, points: 16 });
});

test('loss-divergence: a tail whose first point is below the midpoint is not sustained (silent)', () => {
  // 17 points: the last block's centre at 15.5, so the tail after the minimum reads 6/7, 12/7, 18/7, 24/7
  // of the last block's value: end 15/7, midpoint 7.5/7 above the first tail point
  const values = [...HEAD, 3, 3];
  const a = analyseSeries(series(values));
  const sm = Array.from(a.smooth.subarray(13));
  const end = sm.reduce((x, y) => x + y, 0) / sm.length;
  assert.ok(sm[0] < end / 2 && sm.slice(1).every((v) => v >= end / 2), sm.join(' '));
  assert.equal(divergenceOf(a, DEFAULTS), undefined);
  // the rest of the test passes: growth and noise are well over their thresholds
  assert.ok(1 + end / 1.7 >= 2 && end / a.levelSigma > 6);
  assert.deepEqual(runCurveRules([series(values)]), []);
});

test('loss-divergence: the growth threshold, the noise threshold and the length of the rise on this exact curve', () => {
  const a = analyseSeries(series([...HEAD, 3]));
  const d = divergenceOf(a, DEFAULTS);
  assert.ok(d);
  assert.ok(divergenceOf(a, { ...DEFAULTS, growthFactor: d.growth }), 'growth exactly growthFactor');
  assert.equal(divergenceOf(a, { ...DEFAULTS, growthFactor: d.growth + 1e-12 }), undefined);
  assert.ok(divergenceOf(a, { ...DEFAULTS, minNoiseUnits: d.rise }), 'rise exactly minNoiseUnits');
  assert.equal(divergenceOf(a, { ...DEFAULTS, minNoiseUnits: d.rise + 1e-9 }), undefined);
  // three points after the minimum: enough for minPoints up to 12 (max(3, 12/4) = 3), not for 13 (3.25)
  assert.ok(divergenceOf(a, { ...DEFAULTS, minPoints: 12 }));
  assert.equal(divergenceOf(a, { ...DEFAULTS, minPoints: 13 }), undefined);
});
