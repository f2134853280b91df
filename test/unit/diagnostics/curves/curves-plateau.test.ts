/**
 * loss-plateau without a reference: log K is named only when the first points (the mean of the
 * first round(n/20), at least one) sit within 2 × inferTolerance of the same log K, and the distance
 * is said no finer than 0.1 % — a float32 loss logged at exactly log 3 (a model whose outputs are
 * all equal) is 1e-8 off, which used to read "to within 0.000001%".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules } from '../../../../src/diagnostics/curves/index';

const L3 = Math.log(3);
const flat = (level: number, n = 40, head?: { value: number; points: number }) => ({
  name: 'loss', steps: Array.from({ length: n }, (_, i) => 10 * i),
  values: Array.from({ length: n }, (_, i) => (head && i < head.points ? head.value : level)),
});
const plateau = (s: ReturnType<typeof flat>) => runCurveRules([s]).filter((f) => f.rule === 'loss-plateau');
const sentence = (level: string, within: string, n = 40): string => `'loss' is flat from the start (${n} points), at ${level} = log 3 to within ${within}: if the task has 3 classes, the model predicts uniform probabilities (chance).`;

test('a float32 log of exactly log 3, or log 3 itself: "to within 0.1%", the evidence as measured', () => {
  const [f] = plateau(flat(Math.fround(L3)));
  assert.ok(f);
  assert.equal(f.message, sentence('1.099', '0.1%'));
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.evidence, {
    series: 'loss', points: 40, first: Math.fround(L3), level: 1.09861, levelKind: 'logK', plateauStartStep: 0, dropBeforePlateau: 0,
    logK: L3, numClasses: 3, constantModelLoss: null, doubleSoftmaxFloor: null, referenceFrom: 'inferred',
  });
  assert.equal(plateau(flat(L3))[0].message, sentence('1.099', '0.1%'));
});

test('the distance in percent from 0.1 % on: 0.1 %, 0.15 %, 0.5 %', () => {
  assert.equal(plateau(flat(L3 * 1.001))[0].message, sentence('1.1', '0.1%'));
  assert.equal(plateau(flat(L3 * 1.0015))[0].message, sentence('1.1', '0.15%'));
  assert.equal(plateau(flat(L3 * 0.995))[0].message, sentence('1.093', '0.5%'));
});

test('the first points must sit within 2 × inferTolerance (2 %) of the same log K, above or below', () => {
  // 40 points: the first round(40/20) = 2 make the head
  assert.equal(plateau(flat(L3, 40, { value: L3 * 1.019, points: 2 })).length, 1);
  assert.deepEqual(plateau(flat(L3, 40, { value: L3 * 1.021, points: 2 })), []);
  assert.equal(plateau(flat(L3, 40, { value: L3 * 0.981, points: 2 })).length, 1);
  assert.deepEqual(plateau(flat(L3, 40, { value: L3 * 0.979, points: 2 })), []);
  const [f] = plateau(flat(L3, 40, { value: L3 * 1.019, points: 2 }));
  assert.deepEqual([f.evidence.first, f.evidence.dropBeforePlateau, f.evidence.plateauStartStep], [L3 * 1.019, Number((0.019 / 1.019).toPrecision(4)), 0]);
  // one first point 3 % off: alone it is the head of 29 points (round(1.45) = 1), half of it at 30 (round(1.5) = 2)
  assert.deepEqual(plateau(flat(L3, 29, { value: L3 * 1.03, points: 1 })), []);
  assert.equal(plateau(flat(L3, 30, { value: L3 * 1.03, points: 1 }))[0].message, sentence('1.099', '0.1%', 30));
  // a wider inferTolerance widens the head's band too
  assert.equal(runCurveRules([flat(L3, 40, { value: L3 * 1.021, points: 2 })], { options: { 'loss-plateau': { inferTolerance: 0.011 } } }).filter((x) => x.rule === 'loss-plateau').length, 1);
});

// the long path (10 points or more) against a constant-model level of 1 from a snapshot
const REF = { constant: 1, source: 'snapshot s.json' };
const curve = (f: (i: number) => number, n = 40) => ({ name: 'loss', steps: Array.from({ length: n }, (_, i) => 10 * i), values: Array.from({ length: n }, (_, i) => f(i)) });
const atConstant = (s: ReturnType<typeof curve>) => runCurveRules([s], { reference: REF }).filter((f) => f.rule === 'loss-plateau');
const CONST = 'the loss of the best constant prediction: the model does no better than a constant prediction and has learned nothing from the inputs (levels from snapshot s.json).';

test('flat since a step after a fall; flat from the start when the smoothed level never fell (only the raw first points were higher)', () => {
  const [fall] = atConstant(curve((i) => (i < 12 ? 2 - i / 12 : 1)));
  assert.equal(fall.message, `'loss' is flat since step 120 (after falling 48.9%), at 1 ≈ 1, ${CONST}`);
  assert.deepEqual([fall.evidence.plateauStartStep, fall.evidence.dropBeforePlateau], [120, 0.4894]);
  // the first two points 10 % / 12 % higher: under minDrop, or over it but smoothed away — both "from the start"
  for (const [head, drop] of [[1.1, 0.09091], [1.12, 0.1071]]) {
    const [f] = atConstant(curve((i) => (i < 2 ? head : 1)));
    assert.equal(f.message, `'loss' is flat from the start (40 points), at 1 ≈ 1, ${CONST}`, String(head));
    assert.deepEqual([f.evidence.plateauStartStep, f.evidence.dropBeforePlateau], [0, drop]);
  }
});

test('flat: the last quarter within flatTolerance (3 %) of the third, and not above the first quarter by more', () => {
  assert.equal(atConstant(curve((i) => (i < 30 ? 1.02 : 1))).length, 1);
  assert.deepEqual(atConstant(curve((i) => (i < 30 ? 1.05 : 1))), [], 'the third quarter 5 % above the last: still falling');
  assert.equal(atConstant(curve((i) => 0.97 + (0.03 * i) / 39)).length, 1, 'rising 3 %: flat');
  assert.deepEqual(atConstant(curve((i) => 0.95 + (0.05 * i) / 39)), [], 'rising 5 %');
  assert.deepEqual(atConstant(curve((i) => (i < 20 ? 1 : 0))), [], 'a level of 0 is nothing to name');
});

test('lengths: under 5 points nothing, 5–9 the short path, from 10 the long one; a NaN anywhere: nothing', () => {
  assert.deepEqual(atConstant(curve(() => 1, 4)), []);
  assert.equal(atConstant(curve(() => 1, 9))[0].message, `'loss' is flat over all 9 logged points, at 1 ≈ 1, ${CONST}`);
  assert.equal(atConstant(curve(() => 1, 10))[0].message, `'loss' is flat from the start (10 points), at 1 ≈ 1, ${CONST}`);
  assert.deepEqual(atConstant(curve((i) => (i === 20 ? NaN : 1))), []);
  // only a validation curve: it is the one judged
  const [v] = runCurveRules([{ name: 'val_loss', steps: [0, 1, 2, 3, 4, 5], values: [1, 1, 1, 1, 1, 1] }], { reference: REF }).filter((f) => f.rule === 'loss-plateau');
  assert.equal(v.message, `'val_loss' is flat over all 6 logged points, at 1 ≈ 1, ${CONST}`);
});

test('a loss whose first points are 0 (linear space): no drop measured from a head of 0', () => {
  const [f] = atConstant(curve((i) => (i < 2 ? 0 : 1)));
  assert.equal(f.message, `'loss' is flat from the start (40 points), at 1 ≈ 1, ${CONST}`);
  assert.deepEqual([f.evidence.first, f.evidence.dropBeforePlateau, f.evidence.plateauStartStep], [0, 0, 0]);
});
