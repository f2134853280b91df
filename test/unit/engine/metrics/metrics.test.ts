import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accuracy, argmaxRows, binaryPRF, calibrationFrom, confusionMatrix, expectedCalibrationError, macroPRF,
  multilabelMetrics, regressionMetrics,
} from '../../../../src/engine/metrics/index';

const near = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('accuracy, argmax and the confusion matrix', () => {
  assert.equal(accuracy([0, 1, 2, 2], [0, 2, 2, 1]), 0.5);
  assert.ok(Number.isNaN(accuracy([], [])));
  assert.deepEqual(Array.from(argmaxRows([1, 3, 3, 0, -1, -2], 2, 3)), [1, 0], 'first maximum wins ties');
  assert.deepEqual(confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1], 3), [[1, 0, 0], [0, 0, 1], [0, 1, 1]]);
});

test('macro precision/recall/F1 by hand', () => {
  // truth 0 0 1 1 2, pred 0 1 1 1 0
  // class 0: tp1 predPos2 support2 → P .5 R .5 F .5; class 1: tp2 predPos3 support2 → P 2/3 R 1 F .8; class 2: P0 R0 F0
  const m = macroPRF([0, 1, 1, 1, 0], [0, 0, 1, 1, 2], 3);
  near(m.precision, (0.5 + 2 / 3 + 0) / 3);
  near(m.recall, (0.5 + 1 + 0) / 3);
  near(m.f1, (0.5 + 0.8 + 0) / 3);
  assert.equal(m.perClass[1].support, 2);
});

test('binary precision/recall/F1 at a threshold', () => {
  // scores .9 .6 .4 .2 .7, labels 1 0 1 0 0 at .5 → tp1 fp2 fn1 tn1
  const r = binaryPRF([0.9, 0.6, 0.4, 0.2, 0.7], [1, 0, 1, 0, 0], 0.5);
  assert.deepEqual([r.tp, r.fp, r.fn, r.tn], [1, 2, 1, 1]);
  near(r.precision, 1 / 3);
  near(r.recall, 0.5);
  near(r.f1, 2 / 5);
  near(r.accuracy, 2 / 5);
  const none = binaryPRF([0.1, 0.2], [1, 0], 0.5);
  assert.equal(none.precision, 0, 'zero_division = 0');
});

test('ECE with 15 equal-width bins by hand', () => {
  // Confidences .95 (right), .95 (wrong), .55 (right), .30 (wrong):
  // bin (14/15, 1]: 2 rows, conf .95, acc .5 → gap .45; bin (8/15, 9/15]: .55 right → gap .45;
  // bin (4/15, 5/15]: .30 wrong → gap .30. ECE = (2·.45 + .45 + .30)/4 = .4125
  const c = calibrationFrom([0.95, 0.95, 0.55, 0.3], [1, 0, 1, 0], 15);
  near(c.ece, 0.4125);
  near(c.mce, 0.45);
  assert.equal(c.bins.length, 15);
  assert.equal(c.bins[14].count, 2);
  near(c.bins[14].confidence, 0.95);
  near(c.bins[14].accuracy, 0.5);
  assert.equal(c.bins[8].count, 1);
  assert.equal(c.bins[4].count, 1);
  assert.ok(Number.isNaN(c.bins[0].confidence));
  // Boundary: 1/15 belongs to the first bin (b/B, (b+1)/B].
  assert.equal(calibrationFrom([1 / 15], [1]).bins[0].count, 1);
  // From probabilities: two rows, max prob .8 (right) and .6 (wrong).
  const e = expectedCalibrationError([0.8, 0.2, 0.4, 0.6], 2, 2, [0, 0]);
  near(e.ece, (Math.abs(1 - 0.8) + Math.abs(0 - 0.6)) / 2);
});

test('regression metrics by hand', () => {
  // pred 1 2 3, target 1 3 5: errors 0 -1 -2 → MSE 5/3, MAE 1, SS_tot = 8 → R² = 1 - 5/8
  const r = regressionMetrics([1, 2, 3], [1, 3, 5]);
  near(r.mse, 5 / 3);
  near(r.rmse, Math.sqrt(5 / 3));
  near(r.mae, 1);
  near(r.r2, 1 - 5 / 8);
  assert.ok(Number.isNaN(regressionMetrics([1, 2], [3, 3]).r2));
});

test('multilabel metrics per label and pooled', () => {
  // 3 rows × 2 labels
  const scores = [0.9, 0.2, 0.4, 0.8, 0.7, 0.6];
  const labels = [1, 0, 1, 1, 0, 0];
  const m = multilabelMetrics(scores, labels, 3, 2);
  // label 0: scores .9 .4 .7 labels 1 1 0 → at .5: tp1 fp1 fn1 → F1 .5; AP: ranks .9(+) .7(-) .4(+) → (1 + 2/3)/2
  near(m.perLabel[0].f1, 0.5);
  near(m.perLabel[0].prAuc, (1 + 2 / 3) / 2);
  near(m.perLabel[0].prevalence, 2 / 3);
  // label 1: scores .2 .8 .6, labels 0 1 0 → tp1 fp1 → precision .5 recall 1; ROC-AUC 1
  near(m.perLabel[1].precision, 0.5);
  near(m.perLabel[1].recall, 1);
  near(m.perLabel[1].rocAuc, 1);
  near(m.macro.f1, (0.5 + 2 / 3) / 2);
  // exact rows: row0 (1,0 vs pred 1,0) ✓; row1 (1,1 vs 0,1) ✗; row2 (0,0 vs 1,1) ✗
  near(m.exactMatch, 1 / 3);
  near(m.elementAccuracy, 3 / 6);
});
