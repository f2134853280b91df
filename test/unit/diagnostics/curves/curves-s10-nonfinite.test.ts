/**
 * non-finite-loss, session 10: the folding does not depend on the order the log lists its series
 * in — rank 0 is judged before its rank copies and the training losses before the validation ones,
 * so a copy or a validation loss listed first is still folded into the training loss's finding.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';

const s = (name: string, values: number[]): CurveSeries => ({ name, steps: values.map((_, i) => 10 * i), values });
const N = NaN;
const nonFinite = (series: CurveSeries[]) => runCurveRules(series).filter((f) => f.rule === 'non-finite-loss');
const TAIL = ' Once NaN reaches the weights every later step is NaN.';

test('a rank copy listed before rank 0 is folded into rank 0\'s finding', () => {
  const f = nonFinite([s('rank1/loss', [2, 1.9, N, N, N]), s('loss', [2, 1.9, N, N, N])]);
  assert.equal(f.length, 1);
  assert.equal(f[0].message, `'loss' becomes NaN at step 20, after 1.9 at step 10; 3 of 5 logged values are not finite; then also 'rank1/loss' (step 20).${TAIL}`);
  assert.deepEqual([f[0].evidence.series, f[0].evidence.alsoIn, f[0].evidence.alsoInSteps], ['loss', ['rank1/loss'], [20]]);
});

test('two rank copies listed first, failing after rank 0: both named, in the order listed', () => {
  const f = nonFinite([s('rank2/loss', [2, 1.9, 1.8, N, N]), s('rank1/loss', [2, 1.9, N, N, N]), s('loss', [2, N, N, N, N])]);
  assert.equal(f.length, 1);
  assert.equal(f[0].message, `'loss' becomes NaN at step 10, after 2 at step 0; 4 of 5 logged values are not finite; then also 'rank2/loss' (step 30), 'rank1/loss' (step 20).${TAIL}`);
  assert.deepEqual([f[0].evidence.alsoIn, f[0].evidence.alsoInSteps], [['rank2/loss', 'rank1/loss'], [30, 20]]);
});

test('a validation loss listed before the training loss is still folded into it', () => {
  const f = nonFinite([s('val_loss', [2, 1.9, N, N, N]), s('loss', [2, 1.9, N, N, N])]);
  assert.equal(f.length, 1);
  assert.equal(f[0].message, `'loss' becomes NaN at step 20, after 1.9 at step 10; 3 of 5 logged values are not finite; then also 'val_loss' (step 20).${TAIL}`);
  // two validation losses and no training failure: each its own finding, neither folded into the other
  const v = nonFinite([s('val_loss', [2, N, N]), s('test_loss', [2, 1, N])]);
  assert.deepEqual(v.map((x) => [x.evidence.series, x.evidence.step, x.evidence.alsoIn]), [['val_loss', 10, undefined], ['test_loss', 20, undefined]]);
});

test('the growth before the failure, by hand: the smoothed level just before it against its lowest point', () => {
  // [1, 1, 1, 1, 3, 9, +Inf]: the six finite points make blocks [1, 1, 1, 1, 3] (median 1, centre 2) and
  // [9] (centre 5); the log level is (i − 2)/3 · log 9, from −(2/3) log 9 at 0 to log 9 at 5: × 9^(5/3) = 38.94
  const [f] = nonFinite([s('loss', [1, 1, 1, 1, 3, 9, Infinity])]);
  assert.equal(f.evidence.growthBeforeNonFinite, Number((9 ** (5 / 3)).toPrecision(4)));
  assert.equal(f.message, `'loss' becomes Infinity at step 60, after 9 at step 50 (its smoothed level had already grown 38.9× from its lowest); 1 of 7 logged values are not finite.${TAIL}`);
  // the same growth measured on the points before the failure only, whatever follows a recovery
  const [g] = nonFinite([s('loss', [1, 1, 1, 1, 3, 9, Infinity, 0.001, 0.001, 0.001, 0.001, 0.001])]);
  assert.equal(g.evidence.growthBeforeNonFinite, Number((9 ** (5 / 3)).toPrecision(4)));
  assert.match(g.message, /already grown 38\.9× from its lowest\); 1 of 12 logged values are not finite \(later values are finite again/);
});
