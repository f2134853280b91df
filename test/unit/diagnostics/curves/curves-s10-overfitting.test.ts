/**
 * overfitting with few evaluations after the best, session 10: the trend after the best is the sign
 * of a least-squares line through the (log) evaluations after it — two points rising are a trend,
 * two falling are not, one point is never one. Five evaluations every 10 steps against a training
 * loss 2·e^(−t/40) + 0.1 logged every step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';

const train: CurveSeries = { name: 'train_loss', steps: Array.from({ length: 91 }, (_, i) => i), values: Array.from({ length: 91 }, (_, i) => 2 * Math.exp(-i / 40) + 0.1) };
const val = (values: number[]): CurveSeries => ({ name: 'val_loss', steps: values.map((_, i) => 10 * i), values });
const over = (values: number[], options: Record<string, number>) => runCurveRules([train, val(values)], { options: { overfitting: options } }).filter((f) => f.rule === 'overfitting');

test('two evaluations after the best (minAfter 2): rising is overfitting, with its numbers', () => {
  const [f] = over([2, 1.5, 1.0, 1.3, 1.6], { minAfter: 2 });
  assert.ok(f);
  assert.deepEqual(f.evidence, {
    series: 'val_loss', train: 'train_loss', bestStep: 20, bestValue: 1, lastStep: 40, lastValue: 1.6, valRise: 0.45, endSmoothed: 1.45,
    riseInNoiseUnits: 5.212, trainAtBest: 1.31686, trainAtEnd: 0.936332, trainDrop: 0.289, evaluationsAfterBest: 2,
  });
  assert.equal(f.message, "'val_loss' was lowest at step 20 (1); over the 2 evaluations since it rose to 1.45 (+45.0%, smoothed) by step 40, while 'train_loss' kept falling (1.32 → 0.936, −28.9%). The model is memorising the training set; the checkpoint of step 20 generalises best.");
  // under the default minAfter (3): not enough evaluations after the best
  assert.deepEqual(over([2, 1.5, 1.0, 1.3, 1.6], {}), []);
});

test('two evaluations after the best, falling back (1.6 then 1.3): no trend, silent even with no noise test', () => {
  // the end (1.45) and the later half (1.3) are both high enough; only the falling line says no
  assert.deepEqual(over([2, 1.5, 1.0, 1.6, 1.3], { minAfter: 2, minNoiseUnits: 0 }), []);
});

test('one evaluation after the best is never a trend, however high', () => {
  assert.deepEqual(over([2, 1.5, 1.2, 1.0, 1.6], { minAfter: 1, minNoiseUnits: 0 }), []);
  assert.deepEqual(over([2, 1.5, 1.2, 1.0, 3], { minAfter: 0, minNoiseUnits: 0 }), []);
});

// The evaluations of curve-evidence.test.ts: lowest (1.0) at step 40, then up to 1.6 at step 90.
const VAL = [2, 1.6, 1.3, 1.1, 1.0, 1.05, 1.15, 1.3, 1.45, 1.6];
const trainOf = (n: number, f: (i: number) => number = (i) => 2 * Math.exp(-i / 40) + 0.1): CurveSeries => ({ name: 'train_loss', steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => f(i)) });
const overWith = (series: CurveSeries[]) => runCurveRules(series).filter((f) => f.rule === 'overfitting');

test('the training level at the end is the mean over the last evaluation span (steps 80–90): a log that stops at 79 says nothing', () => {
  assert.deepEqual(overWith([trainOf(80), val(VAL)]), []);
  // logged up to step 84: the level over 80–84
  const [f] = overWith([trainOf(85), val(VAL)]);
  const mean = [80, 81, 82, 83, 84].reduce((s, i) => s + 2 * Math.exp(-i / 40) + 0.1, 0) / 5;
  assert.deepEqual([f.evidence.trainAtBest, f.evidence.trainAtEnd, f.evidence.trainDrop], [0.83806, Number(mean.toPrecision(6)), Number((1 - mean / 0.83806).toPrecision(4))]);
  assert.equal(f.message, "'val_loss' was lowest at step 40 (1); over the 5 evaluations since it rose to 1.52 (+52.5%, smoothed) by step 90, while 'train_loss' kept falling (0.838 → 0.358, −57.3%). The model is memorising the training set; the checkpoint of step 40 generalises best.");
});

test('a training level of 0 around the best step is nothing to compare with: silent', () => {
  assert.deepEqual(overWith([trainOf(91, (i) => (i < 30 ? 1 : i < 50 ? 0 : 0.5)), val(VAL)]), []);
});

test('a noise-free (log-linear) rise is measured against the 1e-9 noise floor', () => {
  const rising = [2, 1.5, 1.2, 1.0, Math.exp(0.1), Math.exp(0.2), Math.exp(0.3), Math.exp(0.4), Math.exp(0.5), Math.exp(0.6)];
  const [f] = overWith([trainOf(91), val(rising)]);
  // the second differences of the log values are 0 except around the turn: their median is 0, the
  // noise is the floor. The rise is measured from the smoothed best, median(1.2, 1.0, e^0.1) = e^0.1,
  // to the end, the mean of the last three.
  const end = (Math.exp(0.4) + Math.exp(0.5) + Math.exp(0.6)) / 3;
  assert.deepEqual([f.evidence.bestStep, f.evidence.endSmoothed, f.evidence.riseInNoiseUnits], [30, Number(end.toPrecision(6)), Number(((Math.log(end) - 0.1) / 1e-9).toPrecision(4))]);
});

test('three evaluation sets overfitting: one finding, the other two named in order with their best steps and rises', () => {
  const f = overWith([trainOf(91), val(VAL), { ...val(VAL.map((v) => v * 1.1)), name: 'test_loss' }, { ...val(VAL.map((v, i) => (i > 4 ? v * 1.2 : v))), name: 'eval_g0_loss' }]);
  assert.equal(f.length, 1);
  assert.equal(f[0].message, "'val_loss' was lowest at step 40 (1); over the 5 evaluations since it rose to 1.52 (+52.5%, smoothed) by step 90, while 'train_loss' kept falling (0.838 → 0.34, −59.5%). The model is memorising the training set; the checkpoint of step 40 generalises best. The same on 'test_loss' (lowest at step 40, +52.5% since), 'eval_g0_loss' (lowest at step 40, +74.0% since).");
  assert.deepEqual([f[0].evidence.alsoIn, f[0].evidence.alsoInBestSteps], [['test_loss', 'eval_g0_loss'], [40, 40]]);
});

test('a training loss that reached exactly 0 (a memorised training set, as HF logs "loss": 0.0) while validation rises is overfitting, −100 %', () => {
  // 2·e^(−t/40) + 0.1 until step 75, then 0.0: around the best (steps 35–45) 0.83806, over the last span (80–90) 0
  const [f] = overWith([trainOf(91, (i) => (i < 76 ? 2 * Math.exp(-i / 40) + 0.1 : 0)), val(VAL)]);
  assert.ok(f, 'fires');
  assert.equal(f.message, "'val_loss' was lowest at step 40 (1); over the 5 evaluations since it rose to 1.52 (+52.5%, smoothed) by step 90, while 'train_loss' kept falling (0.838 → 0, −100.0%). The model is memorising the training set; the checkpoint of step 40 generalises best.");
  assert.deepEqual([f.evidence.trainAtBest, f.evidence.trainAtEnd, f.evidence.trainDrop], [0.83806, 0, 1]);
});

test('training at 0 around the best step, or not logged there, says nothing about a fall: silent', () => {
  assert.deepEqual(overWith([trainOf(91, () => 0), val(VAL)]), [], 'training at 0 all along');
  // logged from step 50 on only: no training level around the best step (35–45)
  const late: CurveSeries = { name: 'train_loss', steps: Array.from({ length: 41 }, (_, i) => 50 + i), values: Array.from({ length: 41 }, (_, i) => 2 * Math.exp(-(50 + i) / 40) + 0.1) };
  assert.deepEqual(overWith([late, val(VAL)]), []);
  // a negative training level (a log-likelihood loss) around the best: no relative fall to speak of
  assert.deepEqual(overWith([trainOf(91, (i) => (i < 50 ? -1 : 0.5)), val(VAL)]), []);
});
