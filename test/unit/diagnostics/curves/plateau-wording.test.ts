/**
 * loss-plateau's "constant level" clause says what a model stuck there has learned, per kind of
 * loss: a classifier (class or binary cross-entropy) the label frequencies, a regression model one
 * value for every input (MSE/L1/Huber/SmoothL1 have no labels), an unknown loss only "no better than
 * a constant prediction". Checked on the clause itself, through the case rule (history) and through
 * the curve rule (a run whose levels come from its snapshot case or from nothing), in English and Korean.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constantKind, levelText } from '../../../../src/diagnostics/curves/plateau';
import { runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import { referenceFromCase } from '../../../../src/diagnostics/curves/reference';
import { lossPlateau, lossReference } from '../../../../src/diagnostics/rules/loss-plateau';
import { CaseStats } from '../../../../src/diagnostics/stats';
import { fmt } from '../../../../src/diagnostics/format';
import { setL10n } from '../../../../src/l10n';
import type { L10nBundle } from '../../../../src/shapes/l10n';
import { check, mkCase, type CaseInit } from '../harness';

const CLASSIFIER = 'the model has learned the label frequencies and nothing from the inputs';
const REGRESSOR = 'the model predicts the same value for every input and has learned nothing from the inputs';
const UNKNOWN = 'the model does no better than a constant prediction and has learned nothing from the inputs';

test('constantKind: class and binary cross-entropy are classification, the four regression losses regression, anything else unknown', () => {
  for (const t of ['CrossEntropyLoss', 'NLLLoss', 'BCELoss', 'BCEWithLogitsLoss']) assert.equal(constantKind(t), 'classification', t);
  for (const t of ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss']) assert.equal(constantKind(t), 'regression', t);
  for (const t of [undefined, 'KLDivLoss', 'CTCLoss', '', 'mse']) assert.equal(constantKind(t), 'unknown', String(t));
});

test('levelText.constant: one whole sentence per kind, with the level, the constant and what the constant is', () => {
  assert.equal(levelText.constant(0.8612, 0.86, 'predicting the class frequencies', 'CrossEntropyLoss'),
    `at 0.8612 ≈ 0.86, the loss of predicting the class frequencies: ${CLASSIFIER}`);
  assert.equal(levelText.constant(0.5, 0.5, 'predicting the base rate', 'BCEWithLogitsLoss'), `at 0.5 ≈ 0.5, the loss of predicting the base rate: ${CLASSIFIER}`);
  assert.equal(levelText.constant(20, 20, 'predicting the target mean (the target variance)', 'MSELoss'),
    `at 20 ≈ 20, the loss of predicting the target mean (the target variance): ${REGRESSOR}`);
  assert.equal(levelText.constant(1.5, 1.5, 'predicting the target median', 'L1Loss'), `at 1.5 ≈ 1.5, the loss of predicting the target median: ${REGRESSOR}`);
  assert.equal(levelText.constant(1.5, 1.5, undefined, 'HuberLoss'), `at 1.5 ≈ 1.5, the loss of the best constant prediction: ${REGRESSOR}`);
  assert.equal(levelText.constant(1.5, 1.5, undefined, undefined), `at 1.5 ≈ 1.5, the loss of the best constant prediction: ${UNKNOWN}`);
  assert.equal(levelText.constant(1.5, 1.5, 'x', 'KLDivLoss'), `at 1.5 ≈ 1.5, the loss of x: ${UNKNOWN}`);
});

/** A case whose history is flat at its own constant model's loss (16 steps), and that loss. */
function flatAtConstant(init: Omit<CaseInit, 'history'>): { level: number; message: string; constantText: string } {
  const c0 = mkCase(init);
  const ref = lossReference(c0, new CaseStats(c0));
  assert.ok(ref, 'a reference level');
  const fs = check(lossPlateau, mkCase({ ...init, history: { train: new Array<number>(16).fill(ref.constant) } }));
  assert.equal(fs.length, 1, 'one plateau finding');
  assert.equal(fs[0].evidence.levelVsConstant, 1);
  return { level: ref.constant, message: fs[0].message, constantText: ref.constantText };
}

test('case rule: each regression loss stuck at its constant model says "the same value for every input", never "label frequencies"', () => {
  const regression: CaseInit['loss'][] = ['MSELoss', 'L1Loss', { type: 'HuberLoss', delta: 1 }, { type: 'SmoothL1Loss', beta: 1 }];
  for (const loss of regression) {
    const r = flatAtConstant({ loss, input: [0, 0, 0, 0], target: [-6, -2, 2, 6] });
    const name = typeof loss === 'string' ? loss : loss.type;
    assert.equal(r.message, `The train loss is flat from the start (16 steps), at ${fmt(r.level, 4)} ≈ ${fmt(r.level, 4)}, the loss of ${r.constantText}: ${REGRESSOR}.`, name);
    assert.doesNotMatch(r.message, /label/, name);
  }
});

test('case rule: class and binary cross-entropy stuck at the constant model keep "the label frequencies"', () => {
  // 3 classes, prior (6, 1, 1)/8: the constant level (≈ 0.86) is far from log 3 and from the softmax floor
  const ce = flatAtConstant({ loss: 'CrossEntropyLoss', input: new Array(8).fill([0, 0, 0]), target: [0, 0, 0, 0, 0, 0, 1, 2] });
  assert.equal(ce.message, `The train loss is flat from the start (16 steps), at ${fmt(ce.level, 4)} ≈ ${fmt(ce.level, 4)}, the loss of predicting the class frequencies: ${CLASSIFIER}.`);
  const bce = flatAtConstant({ loss: 'BCEWithLogitsLoss', input: [0, 0, 0, 0, 0, 0, 0, 0], target: [1, 0, 0, 0, 0, 0, 0, 0], targetDtype: 'float32' });
  assert.equal(bce.message, `The train loss is flat from the start (16 steps), at ${fmt(bce.level, 4)} ≈ ${fmt(bce.level, 4)}, the loss of predicting the base rate: ${CLASSIFIER}.`);
});

test('case rule, short history (6 points) of an L1 model at its constant level: the regression sentence', () => {
  const init = { loss: 'L1Loss' as const, input: [0, 0, 0, 0], target: [-6, -2, 2, 6] };
  const c0 = mkCase(init);
  const ref = lossReference(c0, new CaseStats(c0));
  assert.ok(ref);
  const [f] = check(lossPlateau, mkCase({ ...init, history: { train: new Array<number>(6).fill(ref.constant) } }));
  assert.ok(f);
  assert.match(f.message, new RegExp(`, at ${fmt(ref.constant, 4)} ≈ ${fmt(ref.constant, 4)}, the loss of predicting the target median: ${REGRESSOR}\\. A few points`));
});

const steps = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const series = (name: string, values: number[]): CurveSeries => ({ name, steps: steps(values.length), values });

test('curve rule: a run whose snapshot case is an MSE regression, flat at the target variance, gets the regression sentence', () => {
  const c = mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [-6, -2, 2, 6] });
  const reference = referenceFromCase(c, 'snapshot cases/step_0.losscase.json');
  assert.ok(reference);
  const fs = runCurveRules([series('train/loss', new Array<number>(40).fill(20))], { reference }).filter((f) => f.rule === 'loss-plateau');
  assert.equal(fs.length, 1);
  assert.equal(fs[0].message, `'train/loss' is flat from the start (40 points), at 20 ≈ 20, the loss of predicting the target mean (the target variance): ${REGRESSOR} (levels from snapshot cases/step_0.losscase.json).`);
});

test('curve rule: levels without a loss type (a constant alone) get the hedged sentence; a healthy regression run stays silent', () => {
  const fs = runCurveRules([series('loss', new Array<number>(40).fill(2))], { reference: { constant: 2, source: 'a header' } }).filter((f) => f.rule === 'loss-plateau');
  assert.equal(fs.length, 1);
  assert.equal(fs[0].message, `'loss' is flat from the start (40 points), at 2 ≈ 2, the loss of the best constant prediction: ${UNKNOWN} (levels from a header).`);
  // an MSE run that falls from the target variance (20) to 0.5 and converges there: nothing to say
  const c = mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [-6, -2, 2, 6] });
  const reference = referenceFromCase(c, 'snapshot');
  assert.ok(reference);
  const healthy = Array.from({ length: 60 }, (_, i) => 0.5 + 19.5 * Math.exp(-i / 6));
  assert.deepEqual(runCurveRules([series('train_loss', healthy)], { reference }).map((f) => f.rule), []);
});

test('Korean: the three sentences are translated, with the values in place', () => {
  const bundle = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as L10nBundle;
  setL10n({ language: 'ko', bundle });
  try {
    assert.equal(levelText.constant(20, 20, 'x', 'MSELoss'), '수준이 20 ≈ 20, 즉 x의 손실입니다. 모델이 모든 입력에 같은 값을 예측하며 입력에서는 아무것도 배우지 못했습니다');
    assert.equal(levelText.constant(2, 2, 'x', undefined), '수준이 2 ≈ 2, 즉 x의 손실입니다. 모델이 상수 예측보다 나을 것이 없으며 입력에서는 아무것도 배우지 못했습니다');
    assert.equal(levelText.constant(2, 2, 'x', 'NLLLoss'), '수준이 2 ≈ 2, 즉 x의 손실입니다. 모델이 라벨 빈도만 배웠고 입력에서는 아무것도 배우지 못했습니다');
  } finally {
    setL10n();
  }
});
