/**
 * lossReference (src/diagnostics/rules/loss-plateau.ts: the levels loss-plateau, initial-loss and the
 * curve rules compare a loss with) on batches that carry no prior: an empty binary target gives no
 * reference rather than 0/0 levels, and neither do all-zero probability targets (no mass to take a
 * prior from; a 0/0 prior would be NaN); the Huber and SmoothL1 levels; and loss-plateau's 5 % band
 * around the constant level, on its edge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { CaseStats } from '../../../../src/diagnostics/stats';
import { lossPlateau, lossReference } from '../../../../src/diagnostics/rules/loss-plateau';

test('an empty BCE target: no reference levels', () => {
  for (const type of ['BCEWithLogitsLoss', 'BCELoss'] as const) {
    const c = mkCase({ loss: type, input: tensor(new Float64Array(0), [0]), target: tensor(new Float64Array(0), [0]) });
    assert.equal(lossReference(c, new CaseStats(c)), undefined, type);
  }
});

test('all-zero probability targets: no prior mass, no reference levels (target-not-a-distribution reports them)', () => {
  for (const label_smoothing of [0, 0.1]) {
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing }, input: [[1, 2, 0], [0, 1, 2]], target: [[0, 0, 0], [0, 0, 0]], targetDtype: 'float32' });
    assert.equal(lossReference(c, new CaseStats(c)), undefined);
  }
});

test('probability targets: the prior is the mean target row, normalised', () => {
  // rows [1, 0, 0] and [0, 0.5, 0.5]: mean [0.5, 0.25, 0.25], entropy 1.5 ln 2
  const c = mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 0], [0, 1, 2]], target: [[1, 0, 0], [0, 0.5, 0.5]], targetDtype: 'float64' });
  const r = lossReference(c, new CaseStats(c));
  assert.ok(r);
  assert.ok(Math.abs(r.constant - 1.5 * Math.LN2) < 1e-15, String(r.constant));
});

test('HuberLoss and SmoothL1Loss levels: predicting 0 and the target median, per element', () => {
  // targets [0.5, 1, 4], median 1, δ = β = 1: residuals from 0 are 0.5, 1, 4; from the median −0.5, 0, 3
  const huber = (r: number, d: number): number => (Math.abs(r) < d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d));
  const h = mkCase({ loss: { type: 'HuberLoss', delta: 1 }, input: [0, 0, 0], target: [0.5, 1, 4] });
  const rh = lossReference(h, new CaseStats(h));
  assert.ok(rh);
  assert.equal(rh.init, (0.125 + 0.5 + 3.5) / 3);
  assert.equal(rh.constant, (0.125 + 0 + 2.5) / 3);
  // δ = 2: 0.5 r² up to |r| < 2, then 2·(|r| − 1)
  const h2 = mkCase({ loss: { type: 'HuberLoss', delta: 2 }, input: [0, 0, 0], target: [0.5, 1, 4] });
  const rh2 = lossReference(h2, new CaseStats(h2));
  assert.ok(rh2);
  assert.equal(rh2.init, (huber(0.5, 2) + huber(1, 2) + huber(4, 2)) / 3);
  assert.equal(rh2.init, (0.125 + 0.5 + 6) / 3);
  // SmoothL1 (β = 2): 0.5 r²/β below β, |r| − β/2 above
  const s = mkCase({ loss: { type: 'SmoothL1Loss', beta: 2 }, input: [0, 0, 0], target: [0.5, 1, 4] });
  const rs = lossReference(s, new CaseStats(s));
  assert.ok(rs);
  assert.equal(rs.init, (0.0625 + 0.25 + 3) / 3);
});

test('loss-plateau names the constant level up to 5 % of it exactly (MSE, target variance 20: a plateau at 21 is "≈", at 21.25 "of the")', () => {
  // targets [−6, −2, 2, 6]: mean 0, variance (36 + 4 + 4 + 36)/4 = 20; 0.05 · 20 = 1 = |21 − 20| exactly
  const mk = (level: number) => mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [-6, -2, 2, 6], history: { train: new Array<number>(12).fill(level) } });
  const [at] = check(lossPlateau, mk(21));
  assert.ok(at);
  assert.equal(at.message, 'The train loss is flat from the start (12 steps), at 21 ≈ 20, the loss of predicting the target mean (the target variance): the model predicts the same value for every input and has learned nothing from the inputs.');
  const [near] = check(lossPlateau, mk(21.25));
  assert.ok(near);
  assert.equal(near.message, 'The train loss is flat from the start (12 steps), at 21.25, 106.3% of the 20 a constant model gets (predicting the target mean (the target variance)).');
});
