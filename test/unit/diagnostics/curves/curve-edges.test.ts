/**
 * Curve-rule paths the other tables leave open (found by the mutation run of the logs area): the
 * growth before a non-finite value ignores the points after it, the checkpoint to keep when the raw
 * and the smoothed minimum differ, a late rise of two evaluations after a long flat stretch, three
 * evaluation sets in one finding, the plateau's short-history wording, its drop measured from the
 * first twentieth of the curve, a known class count not second-guessed, the double-softmax floor's
 * tolerance relative to the floor, and the largest of several spikes at a level other than 1.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveReference, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import { nameLevel } from '../../../../src/diagnostics/curves/plateau';
import type { Finding } from '../../../../src/diagnostics/types';

const s = (values: number[], name = 'loss', every = 10): CurveSeries => ({ name, steps: values.map((_, i) => every * i), values });
const ofRule = (series: CurveSeries[], rule: string, reference?: CurveReference): Finding[] => runCurveRules(series, reference ? { reference } : {}).filter((x) => x.rule === rule);

test('non-finite-loss: the growth before the failure is measured on the points before it, not on a recovery after it', () => {
  const [f] = ofRule([s([2, 1.8, 1.6, 1.4, 1.2, 1.0, NaN, 5, 6, 7, 8])], 'non-finite-loss');
  assert.equal(f.evidence.growthBeforeNonFinite, 1);
  assert.match(f.message, /^'loss' becomes NaN at step 60, after 1 at step 50; 1 of 11 logged values are not finite \(later values are finite again/);
});

const train = (): CurveSeries => ({ name: 'train_loss', steps: Array.from({ length: 201 }, (_, i) => i), values: Array.from({ length: 201 }, (_, i) => 2 * Math.exp(-i / 60) + 0.1) });

test('overfitting: the lowest raw evaluation is the checkpoint when it is not among the last minAfter; else the smoothed one', () => {
  const early = ofRule([train(), s([2, 1.6, 1.3, 0.95, 1.2, 1.1, 1.15, 1.3, 1.45, 1.6], 'val_loss')], 'overfitting');
  assert.deepEqual(early.map((f) => [f.evidence.bestStep, f.evidence.bestValue]), [[30, 0.95]], 'raw minimum at step 30; the smoothed one is at step 40');
  const late = ofRule([train(), s([2, 1.6, 1.3, 1.1, 1.0, 1.05, 1.15, 1.3, 0.9, 1.6], 'val_loss')], 'overfitting');
  assert.deepEqual(late.map((f) => [f.evidence.bestStep, f.evidence.bestValue]), [[40, 1]], 'the raw minimum (0.9 at step 80) is one of the last three: the smoothed best is kept');
});

test('overfitting: a rise in the last two evaluations after a long flat stretch is not yet a trend (later half not above the best)', () => {
  const flat = Array(20).fill(1).map((x: number, i) => x + (i % 2) * 0.001);
  const v = s([2, 1.5, 1.2, ...flat, 1.3, 1.35], 'val_loss');
  assert.deepEqual(ofRule([train(), v], 'overfitting'), []);
  const longer = s([2, 1.5, 1.2, ...flat.slice(0, 6), 1.3, 1.35, 1.4, 1.45, 1.5, 1.55], 'val_loss');
  assert.equal(ofRule([train(), longer], 'overfitting').length, 1, 'the same rise held over the later half is');
});

test('overfitting: three evaluation sets make one finding naming the other two', () => {
  const VAL = [2, 1.6, 1.3, 1.1, 1.0, 1.05, 1.15, 1.3, 1.45, 1.6];
  const f = ofRule([train(), s(VAL, 'val_loss'), s(VAL.map((x) => x * 1.1), 'test_loss'), s(VAL.map((x) => x * 1.2), 'eval_loss')], 'overfitting');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /\. The same on 'test_loss' \(lowest at step 40, \+52\.5% since\), 'eval_loss' \(lowest at step 40, \+52\.5% since\)\.$/);
});

const L10 = Math.log(10);
const ref10: CurveReference = { source: 'snapshot a', logK: L10, numClasses: 10 };

test('loss-plateau: its title; a short history is "flat over all n logged points"; a long one "flat from the start"', () => {
  const [short] = ofRule([s([L10, L10 * 1.01, L10 * 0.99, L10, L10 * 1.005, L10])], 'loss-plateau', ref10);
  assert.equal(short.title, 'Loss stuck on a plateau');
  assert.equal(short.message, "'loss' is flat over all 6 logged points, at 2.305 ≈ log K = 2.303 (K = 10): the model predicts uniform probabilities, i.e. chance (levels from snapshot a).");
  const long = s(Array.from({ length: 40 }, (_, i) => L10 * (1 + 0.002 * Math.sin(i))));
  const [f] = ofRule([long], 'loss-plateau', ref10);
  assert.match(f.message, /^'loss' is flat from the start \(40 points\), at 2\.30[0-9] ≈ log K = 2\.303 \(K = 10\)/);
});

test('loss-plateau: the drop before the plateau is measured from the mean of the first twentieth of the points', () => {
  // 100 points: 5 points 8, 7, 6, 5, 4 (mean 6), then the level log 10 exactly.
  const values = [8, 7, 6, 5, 4, ...Array(95).fill(L10)];
  const [f] = ofRule([s(values)], 'loss-plateau', ref10);
  assert.equal(f.evidence.dropBeforePlateau, Number(((6 - L10) / 6).toPrecision(4)));
  assert.match(f.message, /^'loss' is flat since step \d+ \(after falling 61\.6%\)/);
});

test('loss-plateau: with the class count known, a level at log of another K is not named by inference', () => {
  const atLog5 = s(Array.from({ length: 40 }, (_, i) => Math.log(5) * (1 + 0.002 * Math.sin(i))));
  assert.equal(ofRule([atLog5], 'loss-plateau').length, 1, 'no reference: log 5 inferred');
  assert.deepEqual(ofRule([atLog5], 'loss-plateau', ref10), [], '10 classes known: log 5 names nothing');
});

test('loss-plateau: the double-softmax floor\'s tolerance is relative to the floor (floor 2)', () => {
  const o = { floorTolerance: 0.25, levelTolerance: 0.25 };
  const r: CurveReference = { source: 't', doubleSoftmaxFloor: 2, numClasses: 30 };
  assert.equal(nameLevel(2.5, r, o)?.kind, 'floor');
  assert.equal(nameLevel(1.5, r, o)?.kind, 'floor');
  assert.equal(nameLevel(2.5000001, r, o), undefined);
});

const spiky = (level: number, at: Record<number, number>): CurveSeries => ({ name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i), values: Array.from({ length: 2000 }, (_, i) => level * (1 + 0.02 * Math.sin(i * 1.7)) * (at[i] ?? 1)) });

test('loss-spikes at a level of 10: the largest of three spikes gives maxZ ≈ log(ratio) / σ; the steps listed in order', () => {
  const [f] = ofRule([spiky(10, { 500: 3, 1000: 8, 1500: 4 })], 'loss-spikes');
  const e = f.evidence;
  assert.deepEqual(e.steps, [500, 1000, 1500]);
  const ratios = e.ratios as number[];
  assert.ok(Math.abs(ratios[1] - 8) < 0.4, String(ratios));
  const z = e.maxZ as number, noise = e.noise as number;
  assert.ok(Math.abs(z - Math.log(ratios[1]) / noise) / z < 0.05, `maxZ ${z} vs log(${ratios[1]}) / ${noise}`);
  assert.match(f.message, /: step 500 \([0-9.]+× the level\), step 1000 \([0-9.]+× the level\), step 1500 \([0-9.]+× the level\)\. /);
});

test('loss-spikes on a loss with values ≤ 0 (linear noise): maxZ is the largest spike\'s, wherever it is in the list', () => {
  const base = (i: number): number => -1 + 0.02 * Math.sin(i * 1.7);
  const series: CurveSeries = { name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i), values: Array.from({ length: 2000 }, (_, i) => base(i) + (i === 600 ? 2 : i === 1200 ? 5 : 0)) };
  const [f] = ofRule([series], 'loss-spikes');
  assert.deepEqual([f.evidence.noiseSpace, f.evidence.steps], ['linear', [600, 1200]]);
  const z = f.evidence.maxZ as number, noise = f.evidence.noise as number;
  assert.ok(Math.abs(z - 5 / noise) / z < 0.05, `maxZ ${z} is the +5 spike's (σ ${noise})`);
});
