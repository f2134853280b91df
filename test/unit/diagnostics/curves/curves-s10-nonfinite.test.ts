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
