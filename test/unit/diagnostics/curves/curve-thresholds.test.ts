/**
 * Curve rules on the edges the other tables leave: loss-plateau's "near the constant model" levels
 * (flat from the start against highLevel, after a drop against nearConstant, each exactly on its
 * threshold and just past it, with and without the reference's wording), the inferred log K's
 * distance in words, overfitting's training drop exactly at minTrainDrop, non-finite-loss folding
 * (a recovered training loss followed by validation; two validation losses each on their own), a
 * rule that throws becoming an info finding, and the smoothing of short series (one block; a short
 * last block).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeries } from '../../../../src/diagnostics/curves/analyse';
import { runCurveRules, type CurveReference, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import { findSpikes, lossSpikes } from '../../../../src/diagnostics/curves/loss-spikes';
import { canonicalName } from '../../../../src/diagnostics/curves/roles';
import type { Finding } from '../../../../src/diagnostics/types';

/** A series logged every 10 steps. */
const s = (values: number[], name = 'loss'): CurveSeries => ({ name, steps: values.map((_, i) => 10 * i), values });
const ofRule = (series: CurveSeries[], rule: string, reference?: CurveReference, options: Record<string, number> = {}): Finding[] =>
  runCurveRules(series, { ...(reference ? { reference } : {}), options: { [rule]: options } }).filter((f) => f.rule === rule);

test('loss-plateau flat from the start: named near the constant model from highLevel × constant on (inclusive)', () => {
  const flat = s([1.5, 1.5, 1.5, 1.5, 1.5]);
  const ref: CurveReference = { source: 'snapshot cases/a.json', constant: 2 };
  const [f] = ofRule([flat], 'loss-plateau', ref);
  assert.equal(f.message, "'loss' is flat over all 5 logged points, at 1.5, 75.0% of the 2 a constant model gets (the best constant prediction) (levels from snapshot cases/a.json).");
  assert.equal(f.evidence.levelKind, 'near-constant');
  assert.equal(f.evidence.constantModelLoss, 2);
  assert.equal(f.severity, 'warning');
  // 0.75 × 2 = 1.5 exactly: named; a hair above: nothing to name, silent
  assert.equal(ofRule([flat], 'loss-plateau', ref, { highLevel: 0.75 }).length, 1);
  assert.deepEqual(ofRule([flat], 'loss-plateau', ref, { highLevel: 0.7500001 }), []);
  // flat from the start, so nearConstant does not apply
  assert.equal(ofRule([flat], 'loss-plateau', ref, { nearConstant: 0.9 }).length, 1);
  // the reference's own words for the constant model
  const [g] = ofRule([flat], 'loss-plateau', { ...ref, constantText: 'predicting the class frequencies' });
  assert.equal(g.message, "'loss' is flat over all 5 logged points, at 1.5, 75.0% of the 2 a constant model gets (predicting the class frequencies) (levels from snapshot cases/a.json).");
  // no constant, or a constant of 0: nothing to compare with
  assert.deepEqual(ofRule([flat], 'loss-plateau', { source: 'x' }), []);
  assert.deepEqual(ofRule([flat], 'loss-plateau', { source: 'x', constant: 0 }), []);
});

test('loss-plateau after a drop: named near the constant model from nearConstant × constant on (inclusive)', () => {
  // 8 points at 4, then 32 at 1: a 75 % drop, then flat at 1 exactly
  const dropped = s(Array.from({ length: 40 }, (_, i) => (i < 8 ? 4 : 1)));
  const ref: CurveReference = { source: 'snapshot cases/a.json', constant: 2 };
  assert.deepEqual(ofRule([dropped], 'loss-plateau', ref), [], '1 is below 0.85 of the constant 2');
  const [f] = ofRule([dropped], 'loss-plateau', ref, { nearConstant: 0.5 });
  assert.equal(f.message, "'loss' is flat since step 120 (after falling 75.0%), at 1, 50.0% of the 2 a constant model gets (the best constant prediction) (levels from snapshot cases/a.json).");
  assert.equal(f.evidence.dropBeforePlateau, 0.75);
  assert.deepEqual(ofRule([dropped], 'loss-plateau', ref, { nearConstant: 0.5000001 }), []);
  // not flat from the start, so highLevel does not apply
  assert.deepEqual(ofRule([dropped], 'loss-plateau', ref, { highLevel: 0.4 }), []);
});

test('loss-plateau: an inferred log K says how close the level is, in percent', () => {
  const L = Math.log(3) * 1.005;
  const [f] = ofRule([s([L, L, L, L, L])], 'loss-plateau');
  assert.equal(f.message, "'loss' is flat over all 5 logged points, at 1.104 = log 3 to within 0.5%: if the task has 3 classes, the model predicts uniform probabilities (chance).");
  const M = Math.log(4) * 0.992;
  const [g] = ofRule([s([M, M, M, M, M])], 'loss-plateau');
  assert.equal(g.message, "'loss' is flat over all 5 logged points, at 1.375 = log 4 to within 0.8%: if the task has 4 classes, the model predicts uniform probabilities (chance).");
});

// overfitting: the series of curve-evidence.test.ts (lowest validation at step 40, training falling all along)
const VAL = [2, 1.6, 1.3, 1.1, 1.0, 1.05, 1.15, 1.3, 1.45, 1.6];
const trainF = (i: number): number => 2 * Math.exp(-i / 40) + 0.1;
const train: CurveSeries = { name: 'train_loss', steps: Array.from({ length: 91 }, (_, i) => i), values: Array.from({ length: 91 }, (_, i) => trainF(i)) };

test('overfitting: a training drop exactly minTrainDrop counts', () => {
  // the means over steps 35..45 (around the best) and 80..90 (the last evaluation's span), summed in step order
  const mean = (a: number, b: number): number => { let sum = 0; for (let i = a; i <= b; i++) sum += trainF(i); return sum / (b - a + 1); };
  const drop = 1 - mean(80, 90) / mean(35, 45);
  const val = s(VAL, 'val_loss');
  assert.equal(ofRule([train, val], 'overfitting', undefined, { minTrainDrop: drop }).length, 1);
  assert.deepEqual(ofRule([train, val], 'overfitting', undefined, { minTrainDrop: drop * (1 + 1e-12) }), []);
});

test('non-finite-loss: a recovered training loss names the validation loss that followed, in one finding', () => {
  const f = ofRule([s([3, 2, NaN, 0.9, 0.8, 0.7], 'train_loss'), s([1, 1, 1, NaN, 1], 'val_loss')], 'non-finite-loss');
  assert.equal(f.length, 1);
  assert.equal(f[0].message, "'train_loss' becomes NaN at step 20, after 2 at step 10; 1 of 6 logged values are not finite (later values are finite again: AMP skipped steps or the job restarted from a checkpoint); then also 'val_loss' (step 30). Once NaN reaches the weights every later step is NaN.");
  assert.deepEqual(f[0].evidence.alsoIn, ['val_loss']);
  assert.deepEqual(f[0].evidence.alsoInSteps, [30]);
});

test('non-finite-loss: two validation losses failing with a finite training loss are two findings', () => {
  const f = ofRule([s([3, 2, 1, 0.9, 0.8, 0.7], 'train_loss'), s([1, 1, NaN, NaN], 'val_loss'), s([1, 1, 1, NaN], 'val_nll_loss')], 'non-finite-loss');
  assert.deepEqual(f.map((x) => x.message), [
    "'val_loss' becomes NaN at step 20, after 1 at step 10; 2 of 4 logged values are not finite. Once NaN reaches the weights every later step is NaN.",
    "'val_nll_loss' becomes NaN at step 30, after 1 at step 20; 1 of 4 logged values are not finite. Once NaN reaches the weights every later step is NaN.",
  ]);
  assert.equal(f[0].evidence.alsoIn, undefined);
});

test('a curve rule that throws becomes an info finding naming the error, and the others still run', () => {
  const values = [3, 2, 1, 0.5, 0.4, 0.3];
  const unreadable = new Proxy(values, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error(`value ${key} unreadable`);
      return Reflect.get(target, key) as unknown;
    },
  });
  const found = runCurveRules([{ name: 'loss', steps: [0, 1, 2, 3, 4, 5], values: unreadable }]);
  assert.ok(found.length >= 1);
  const f = found.find((x) => x.rule === 'non-finite-loss');
  assert.deepEqual(f, {
    rule: 'non-finite-loss', severity: 'info', title: 'Loss became NaN or infinite', message: 'internal error in this rule: value 0 unreadable',
    evidence: {}, fix: 'please report this with the log file', docs: 'docs/rules/non-finite-loss.md',
  });
  for (const x of found) assert.equal(x.severity, 'info', x.rule);
});

test('analyseSeries: five points make one block whose median is the smooth level everywhere', () => {
  const a = analyseSeries({ name: 'loss', steps: [0, 1, 2, 3, 4], values: [0, 4, 1, 3, 2] });
  assert.equal(a.log, false, 'a 0: linear space');
  assert.equal(a.block, 5);
  assert.deepEqual(Array.from(a.smooth), [2, 2, 2, 2, 2]);
  // residuals 2, 2, 1, 1, 0: median 1
  assert.equal(a.sigma, 1.4826);
});

test('analyseSeries: a short last block takes its own residuals only', () => {
  // 7 points, blocks of 5 and 2 (centres 2 and 5.5), levels 0 and 10: the smooth line is 10·(i − 2)/3.5.
  // First block's residuals 40/7, 20/7, 0, 20/7, 40/7: median 20/7; the second's |10 − 60/7| = |10 − 80/7|
  // = 10/7 (not the first block's leftovers); σ = 1.4826 · median(20/7, 10/7) = 1.4826 · 15/7
  const a = analyseSeries({ name: 'loss', steps: [0, 1, 2, 3, 4, 5, 6], values: [0, 0, 0, 0, 0, 10, 10] });
  assert.deepEqual(Array.from(a.level), [0, 10]);
  assert.deepEqual(Array.from(a.centers), [2, 5.5]);
  assert.ok(Math.abs(a.sigma - 1.4826 * (15 / 7)) < 1e-12, String(a.sigma));
  assert.ok(Math.abs(a.blockSigma[1] - 1.4826 * (15 / 7)) < 1e-12, String(a.blockSigma[1]));
});

test('rank copies: a leading rank<k>/ of any number of digits is dropped from the name, nowhere else', () => {
  assert.equal(canonicalName('rank12/loss'), canonicalName('loss'));
  assert.equal(canonicalName('rank3/train_loss'), canonicalName('train_loss'));
  assert.notEqual(canonicalName('xrank1/loss'), canonicalName('loss'));
  assert.notEqual(canonicalName('runs/rank1/loss'), canonicalName('runs/loss'));
});

test('loss-spikes: one spike whose ratio is exactly severeRatio is a warning', () => {
  // a flat loss of 1 with ±2 % deterministic noise and one point 5×
  const values = Array.from({ length: 2000 }, (_, i) => (1 + 0.02 * Math.sin(i * 1.7)) * (i === 1200 ? 5 : 1));
  const series: CurveSeries = { name: 'loss', steps: values.map((_, i) => i), values };
  const { spikes } = findSpikes(analyseSeries(series), { ...lossSpikes.defaults });
  assert.equal(spikes.length, 1);
  const ratio = spikes[0].ratio;
  assert.deepEqual(ofRule([series], 'loss-spikes', undefined, { severeRatio: ratio }).map((f) => f.severity), ['warning']);
  assert.deepEqual(ofRule([series], 'loss-spikes', undefined, { severeRatio: ratio * (1 + 1e-12) }).map((f) => f.severity), ['info']);
});
