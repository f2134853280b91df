/**
 * overfitting's numbers on hand-made evaluation curves (ten or fewer evaluations, every 10 steps,
 * against a training loss 2·e^(−t/40) + 0.1 logged every step): the 3-point median from 7
 * evaluations on, the end level as the mean of the last 2 or 3 smoothed evaluations (half the
 * evaluations after the best, at least 2, at most 3), the checkpoint at the lowest raw evaluation
 * unless that is one of the last `minAfter`, and the training level around each step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules } from '../../../../src/diagnostics/curves/index';
import type { CurveSeries } from '../../../../src/diagnostics/curves/types';

const train: CurveSeries = { name: 'train_loss', steps: Array.from({ length: 91 }, (_, i) => i), values: Array.from({ length: 91 }, (_, i) => 2 * Math.exp(-i / 40) + 0.1) };
const val = (values: number[]): CurveSeries => ({ name: 'val_loss', steps: values.map((_, i) => 10 * i), values });
const over = (values: number[], options: Record<string, number> = {}) => runCurveRules([train, val(values)], { options: { overfitting: options } }).filter((f) => f.rule === 'overfitting');
/** Mean of the training curve over integer steps [a, b]. */
const trainMean = (a: number, b: number): number => {
  let s = 0, n = 0;
  for (let i = Math.ceil(a); i <= b; i++) { s += 2 * Math.exp(-i / 40) + 0.1; n++; }
  return s / n;
};
const p6 = (x: number): number => Number(x.toPrecision(6));

test('six evaluations after the best: the end is the mean of the last three smoothed ones', () => {
  // smoothed: 2 1.5 1.2 1.1 1.1 1.2 1.3 1.4 1.5 1.6 → best at index 3 (the first 1.1), end (1.4 + 1.5 + 1.6) / 3
  const [f] = over([2, 1.5, 1.2, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]);
  assert.ok(f);
  const e = f.evidence;
  assert.deepEqual([e.bestStep, e.bestValue, e.lastStep, e.lastValue, e.endSmoothed, e.valRise, e.evaluationsAfterBest], [30, 1, 90, 1.6, 1.5, 0.5, 6]);
  // the training level: ±span/2 around the best step and the last span before the end, span = 60 / 6
  assert.deepEqual([e.trainAtBest, e.trainAtEnd], [p6(trainMean(25, 35)), p6(trainMean(80, 90))]);
  assert.equal(f.message, "'val_loss' was lowest at step 30 (1); over the 6 evaluations since it rose to 1.5 (+50.0%, smoothed) by step 90, while 'train_loss' kept falling (1.05 → 0.34, −67.6%). The model is memorising the training set; the checkpoint of step 30 generalises best.");
});

test('four evaluations after the best: the last two; seven: still the last three', () => {
  const four = over([2, 1.5, 1.2, 1.0, 1.1, 1.2, 1.3, 1.4])[0].evidence;
  assert.deepEqual([four.bestStep, four.endSmoothed, four.valRise, four.evaluationsAfterBest, four.lastStep], [30, 1.35, 0.35, 4, 70]);
  assert.deepEqual([four.trainAtBest, four.trainAtEnd], [p6(trainMean(25, 35)), p6(trainMean(60, 70))]);
  const seven = over([2, 1.2, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7])[0].evidence;
  assert.deepEqual([seven.bestStep, seven.endSmoothed, seven.valRise, seven.evaluationsAfterBest], [20, 1.6, 0.6, 7]);
});

test('six evaluations are not smoothed: the raw minimum and the last two raw values', () => {
  const [f] = over([2, 1.0, 1.2, 1.4, 1.6, 1.8]);
  assert.deepEqual([f.evidence.bestStep, f.evidence.endSmoothed, f.evidence.valRise, f.evidence.evaluationsAfterBest], [10, 1.7, 0.7, 4]);
  assert.equal(f.message, "'val_loss' was lowest at step 10 (1); over the 4 evaluations since it rose to 1.7 (+70.0%, smoothed) by step 50, while 'train_loss' kept falling (1.66 → 0.751, −54.8%). The model is memorising the training set; the checkpoint of step 10 generalises best.");
});

test('the checkpoint: the lowest raw evaluation, unless it is one of the last minAfter (3)', () => {
  // raw minimum 0.99 at index 6 = n − 1 − minAfter: kept (3 evaluations after it)
  const at6 = over([2, 1.5, 1.2, 1.0, 1.1, 1.2, 0.99, 1.4, 1.5, 1.6], { minNoiseUnits: 2 })[0].evidence;
  assert.deepEqual([at6.bestStep, at6.bestValue, at6.evaluationsAfterBest, at6.valRise], [60, 0.99, 3, Number((1.5 / 0.99 - 1).toPrecision(4))]);
  // the span stays the smoothed stretch's (60 steps over 6 evaluations), around the raw best's step
  assert.equal(at6.trainAtBest, p6(trainMean(57.5, 62.5)));
  // at index 7: one of the last three, the smoothed best (index 3, raw value 1.0) is the checkpoint
  const at7 = over([2, 1.5, 1.2, 1.0, 1.1, 1.2, 1.3, 0.99, 1.5, 1.6], { minNoiseUnits: 2 })[0].evidence;
  assert.deepEqual([at7.bestStep, at7.bestValue, at7.evaluationsAfterBest], [30, 1, 6]);
  // the same curve is just under the default noise test (2.996 and 2.778 noise units < 3): silent
  assert.deepEqual(over([2, 1.5, 1.2, 1.0, 1.1, 1.2, 0.99, 1.4, 1.5, 1.6]), []);
});

test('a late raw dip (index 8) leaves the checkpoint at the smoothed best', () => {
  const [f] = over([2, 1.5, 1.2, 1.0, 1.1, 1.2, 1.3, 1.4, 0.95, 1.6]);
  assert.deepEqual([f.evidence.bestStep, f.evidence.bestValue, f.evidence.endSmoothed], [30, 1, p6((1.3 + 1.4 + 1.6) / 3)]);
});

// a longer training curve (0..190) for the 20-evaluation curves below
const longTrain: CurveSeries = { name: 'train_loss', steps: Array.from({ length: 191 }, (_, i) => i), values: Array.from({ length: 191 }, (_, i) => 2 * Math.exp(-i / 80) + 0.1) };
const overLong = (values: number[], name = 'val_loss', extra: CurveSeries[] = [longTrain]) => runCurveRules([...extra, { name, steps: values.map((_, i) => 10 * i), values }]).filter((f) => f.rule === 'overfitting');

test('a trend, not the last evaluations: the later half after the best must average minRise / 2 above it', () => {
  // best at index 2, flat at the best level, then the last 3 (of 17 after it) at 1.12: the later
  // half (9 evaluations) averages 1.04 < 1.05 — not yet a trend; with the last 4 it is 1.053
  const flatThen = (k: number): number[] => [2, 1.5, ...Array<number>(14).fill(1), ...Array<number>(k).fill(1.12)];
  assert.deepEqual(overLong(flatThen(3)), []);
  const [f] = overLong(flatThen(4));
  assert.deepEqual([f.evidence.bestStep, f.evidence.endSmoothed, f.evidence.evaluationsAfterBest], [20, 1.12, 17]);
});

test('a validation loss that jumped after its best and is coming down again is no overfitting (falling trend)', () => {
  assert.deepEqual(overLong([2, 1.0, 1.6, 1.5, 1.4, 1.3]), []);
  // silent by the trend alone: with no noise test and no training-drop test, still nothing
  assert.deepEqual(runCurveRules([longTrain, { name: 'val_loss', steps: [0, 10, 20, 30, 40, 50], values: [2, 1.0, 1.6, 1.5, 1.4, 1.3] }], { options: { overfitting: { minNoiseUnits: 0, minTrainDrop: -1 } } }).filter((f) => f.rule === 'overfitting'), []);
  assert.equal(overLong([2, 1.0, 1.3, 1.4, 1.5, 1.6]).length, 1);
});

test('the training partner: the same quantity\'s training curve, else the main training loss', () => {
  const kl: CurveSeries = { name: 'train/kl_loss', steps: longTrain.steps, values: longTrain.values };
  const total: CurveSeries = { name: 'train/loss', steps: longTrain.steps, values: Array.from(longTrain.values, (v) => 1.5 * v) };
  const rising = [2, 1.0, 1.3, 1.4, 1.5, 1.6];
  assert.equal(overLong(rising, 'val/kl_loss', [kl, total])[0].evidence.train, 'train/kl_loss');
  assert.equal(overLong(rising, 'val/recon_loss', [kl, total])[0].evidence.train, 'train/loss');
  // both: one finding naming the other set
  const both = runCurveRules([kl, total, { name: 'val/kl_loss', steps: rising.map((_, i) => 10 * i), values: rising }, { name: 'val/recon_loss', steps: rising.map((_, i) => 10 * i), values: [2, 1.0, 1.3, 1.4, 1.5, 1.7] }]).filter((f) => f.rule === 'overfitting');
  assert.equal(both.length, 1);
  assert.equal(both[0].message, "'val/kl_loss' was lowest at step 10 (1); over the 4 evaluations since it rose to 1.55 (+55.0%, smoothed) by step 50, while 'train/kl_loss' kept falling (1.87 → 1.24, −33.5%). The model is memorising the training set; the checkpoint of step 10 generalises best. The same on 'val/recon_loss' (lowest at step 10, +60.0% since).");
  assert.deepEqual([both[0].evidence.alsoIn, both[0].evidence.alsoInBestSteps], [['val/recon_loss'], [10]]);
});

test('seven evaluations are smoothed: the rise in noise units is measured from the smoothed best (1.2), not the raw one (1.0)', () => {
  // smoothed: 2 1.5 1.2 1.4 1.4 1.6 1.8 — best 1.2 at index 2, end (1.6 + 1.8) / 2; the raw 1.0 (index 1) is the checkpoint
  const [f] = over([2, 1.0, 1.5, 1.2, 1.4, 1.6, 1.8], { minNoiseUnits: 0 });
  assert.deepEqual([f.evidence.bestStep, f.evidence.endSmoothed, f.evidence.valRise, f.evidence.riseInNoiseUnits, f.evidence.evaluationsAfterBest], [10, 1.7, 0.7, 1.525, 5]);
  // under the default 3 noise units: silent
  assert.deepEqual(over([2, 1.0, 1.5, 1.2, 1.4, 1.6, 1.8]), []);
});
