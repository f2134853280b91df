/**
 * non-finite-loss folds what follows from one failure into one finding and keeps the rest apart:
 * a validation loss or another rank of the same series failing at the same step or later is named
 * in the first finding ("then also …", each with its step); one failing earlier, another training
 * term, another rank's other term, or ranks with no rank 0 get their own finding. The four message
 * forms (recovered or not, with or without "then also") word for word.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules } from '../../../../src/diagnostics/curves/index';
import type { CurveSeries } from '../../../../src/diagnostics/curves/types';

const s = (name: string, values: number[]): CurveSeries => ({ name, steps: values.map((_, i) => 10 * i), values });
const N = NaN;
const nonFinite = (series: CurveSeries[]) => runCurveRules(series).filter((f) => f.rule === 'non-finite-loss');
const TAIL = ' Once NaN reaches the weights every later step is NaN.';
const TRAIN = s('loss', [2, 1.9, N, N, N]);
const TRAIN_FIRST = "'loss' becomes NaN at step 20, after 1.9 at step 10; 3 of 5 logged values are not finite";

test('a validation loss failing at the same step as training: one finding, "then also" with its step', () => {
  const f = nonFinite([TRAIN, s('val_loss', [2, 1.9, N, N])]);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.equal(f[0].message, `${TRAIN_FIRST}; then also 'val_loss' (step 20).${TAIL}`);
  assert.deepEqual(f[0].evidence, { series: 'loss', step: 20, value: 'NaN', index: 2, lastFinite: 1.9, lastFiniteStep: 10, nonFiniteValues: 3, points: 5, growthBeforeNonFinite: null, alsoIn: ['val_loss'], alsoInSteps: [20] });
});

test('a validation loss failing before training did: its own finding (recovered form)', () => {
  const f = nonFinite([TRAIN, s('val_loss', [2, N, 1, 1])]);
  assert.deepEqual(f.map((x) => x.message), [
    `${TRAIN_FIRST}.${TAIL}`,
    `'val_loss' becomes NaN at step 10, after 2 at step 0; 1 of 4 logged values are not finite (later values are finite again: AMP skipped steps or the job restarted from a checkpoint).${TAIL}`,
  ]);
  assert.equal(f[0].evidence.alsoIn, undefined);
});

test('other ranks of the same series at the same step or later are folded in order; one failing earlier is not', () => {
  const f = nonFinite([TRAIN, s('rank1/loss', [2, 1.9, N, N, N]), s('rank2/loss', [2, 1.9, 1.8, Infinity, 1])]);
  assert.equal(f.length, 1);
  assert.equal(f[0].message, `${TRAIN_FIRST}; then also 'rank1/loss' (step 20), 'rank2/loss' (step 30).${TAIL}`);
  assert.deepEqual([f[0].evidence.alsoIn, f[0].evidence.alsoInSteps], [['rank1/loss', 'rank2/loss'], [20, 30]]);
  const early = nonFinite([TRAIN, s('rank1/loss', [2, N, N, N, N])]);
  assert.deepEqual(early.map((x) => [x.evidence.series, x.evidence.step]), [['loss', 20], ['rank1/loss', 10]]);
});

test('a recovered training loss with a validation loss after it: the recovered form with "then also"', () => {
  const f = nonFinite([s('loss', [2, 1.9, N, 1.5, 1.4]), s('val_loss', [2, 1.9, 1.8, N])]);
  assert.equal(f.length, 1);
  assert.equal(f[0].message, `'loss' becomes NaN at step 20, after 1.9 at step 10; 1 of 5 logged values are not finite (later values are finite again: AMP skipped steps or the job restarted from a checkpoint); then also 'val_loss' (step 30).${TAIL}`);
});

test('another training term, another rank\'s other term, ranks without rank 0: each its own finding', () => {
  const aux = nonFinite([TRAIN, s('aux_loss', [2, 1.9, 1, N, N])]);
  assert.deepEqual(aux.map((x) => x.message), [`${TRAIN_FIRST}.${TAIL}`, `'aux_loss' becomes NaN at step 30, after 1 at step 20; 2 of 5 logged values are not finite.${TAIL}`]);
  assert.deepEqual(nonFinite([TRAIN, s('rank1/aux_loss', [2, 1.9, 1, N, N])]).map((x) => x.evidence.series), ['loss', 'rank1/aux_loss']);
  assert.deepEqual(nonFinite([s('rank1/loss', [2, 1.9, 1, N, N]), s('rank2/loss', [2, 1.9, 1, 1, N])]).map((x) => [x.evidence.series, x.evidence.step]), [['rank1/loss', 30], ['rank2/loss', 40]]);
});

test('series that are not losses are not judged; a finite loss gives nothing', () => {
  assert.deepEqual(nonFinite([s('lr', [1, N, N]), s('grad_norm', [1, Infinity]), s('loss_scale', [65536, Infinity])]), []);
  assert.deepEqual(nonFinite([s('loss', [2, 1, 0.5])]), []);
});
