/**
 * referenceFromCase, session 10: the levels a run's snapshot case gives the curve rules, as a whole
 * object — a class loss gives K, log K (and, for CrossEntropyLoss only, the double-softmax floor
 * log(1 + (K−1)/e)); a regression loss only its constant model's loss; a case without a reference
 * level (reduction 'sum') nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceFromCase } from '../../../../src/diagnostics/curves/reference';
import { mkCase } from '../harness';

// 8 rows, 3 classes, targets 6 × class 0, 1 × class 1, 1 × class 2: the prior's entropy
// −(0.75 ln 0.75 + 2 × 0.125 ln 0.125) plus the Miller–Madow correction (3 − 1) / (2 × 8)
const PRIOR = -(0.75 * Math.log(0.75) + 2 * 0.125 * Math.log(0.125)) + 2 / 16;
const classCase = (loss: 'CrossEntropyLoss' | 'NLLLoss') => mkCase({ loss, input: new Array(8).fill([0, 0, 0]), target: [0, 0, 0, 0, 0, 0, 1, 2] });

test('CrossEntropyLoss: K, log K, the double-softmax floor and the class-prior level', () => {
  const r = referenceFromCase(classCase('CrossEntropyLoss'), 'snapshot cases/step_0.losscase.json');
  assert.ok(r);
  assert.ok(Math.abs((r.constant as number) - PRIOR) < 1e-12, String(r.constant));
  assert.ok(Math.abs((r.doubleSoftmaxFloor as number) - Math.log(1 + 2 / Math.E)) < 1e-12, String(r.doubleSoftmaxFloor));
  assert.deepEqual({ ...r, constant: 0, doubleSoftmaxFloor: 0 }, {
    constant: 0, constantText: 'predicting the class frequencies', lossType: 'CrossEntropyLoss', source: 'snapshot cases/step_0.losscase.json',
    numClasses: 3, logK: Math.log(3), doubleSoftmaxFloor: 0,
  });
});

test('NLLLoss: K and log K, no softmax floor', () => {
  const r = referenceFromCase(classCase('NLLLoss'), 's');
  assert.ok(r);
  assert.deepEqual(Object.keys(r).sort(), ['constant', 'constantText', 'logK', 'lossType', 'numClasses', 'source']);
  assert.deepEqual([r.numClasses, r.logK, r.lossType, r.source], [3, Math.log(3), 'NLLLoss', 's']);
});

test('MSELoss: the target variance only; reduction sum: no reference', () => {
  const target = [-6, -2, 2, 6];
  assert.deepEqual(referenceFromCase(mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target }), 'snap'), {
    constant: 20, constantText: 'predicting the target mean (the target variance)', lossType: 'MSELoss', source: 'snap',
  });
  assert.equal(referenceFromCase(mkCase({ loss: { type: 'MSELoss', reduction: 'sum' }, input: [0, 0, 0, 0], target }), 'snap'), undefined);
});
