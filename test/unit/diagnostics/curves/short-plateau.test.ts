/**
 * loss-plateau on a short logged curve (shortMinSteps ≤ points < minSteps): every point must sit
 * within shortTolerance of the mean. Exactly on the band it is a plateau; a point past it, anywhere
 * in the curve (first, middle, last), makes a curve that moves, which is no plateau even when its
 * mean is exactly a reference level. Values are powers of two so the band's edge is exact.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveReference } from '../../../../src/diagnostics/curves/index';

const ref: CurveReference = { constant: 2, lossType: 'MSELoss', constantText: 'predicting the target mean (the target variance)', source: 'a snapshot' };
const options = { 'loss-plateau': { shortTolerance: 0.25 } };
const plateau = (values: number[]) => runCurveRules([{ name: 'loss', steps: values.map((_, i) => i), values }], { reference: ref, options })
  .filter((f) => f.rule === 'loss-plateau');

test('short curve: points exactly shortTolerance from the mean are flat; the finding names the constant level', () => {
  // mean 2, band 0.25 · 2 = 0.5: 2.5 and 1.5 sit on its edges
  const [f] = plateau([2.5, 2, 2, 1.5, 2, 2]);
  assert.ok(f);
  assert.equal(f.message, "'loss' is flat over all 6 logged points, at 2 ≈ 2, the loss of predicting the target mean (the target variance): the model predicts the same value for every input and has learned nothing from the inputs (levels from a snapshot).");
  assert.deepEqual([f.evidence.points, f.evidence.level, f.evidence.levelKind], [6, 2, 'constant']);
});

test('short curve: one point past the band, first, in the middle or last, is no plateau (mean still exactly the constant)', () => {
  // each has mean 2 and one pair of points 0.625 from it (past the 0.5 band)
  assert.deepEqual(plateau([2.625, 2, 2, 2, 1.375, 2]), [], 'first');
  assert.deepEqual(plateau([2, 2, 2.625, 1.375, 2, 2]), [], 'middle');
  assert.deepEqual(plateau([2, 2, 2, 2, 1.375, 2.625]), [], 'last');
  assert.equal(plateau([2, 2, 2, 2, 1.5, 2.5]).length, 1, 'the same places on the band fire');
});
