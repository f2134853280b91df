/**
 * loss-plateau's guards and paths, session 10: a level of 0 or below is never named (even against
 * reference levels that are 0 themselves, as K = 1 would give), on the short path (5–9 points) and
 * on the long one; the quarters' flatness test on each edge; where the plateau starts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveReference, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import type { Finding } from '../../../../src/diagnostics/types';

const curve = (values: number[], name = 'loss'): CurveSeries => ({ name, steps: values.map((_, i) => 10 * i), values });
const plateau = (s: CurveSeries, reference?: CurveReference, options: Record<string, number> = {}): Finding[] =>
  runCurveRules([s], { ...(reference ? { reference } : {}), options: { 'loss-plateau': options } }).filter((f) => f.rule === 'loss-plateau');

// Levels of 0: the double-softmax floor log(1 + (K−1)/e) and log K of one class, and a constant of 0.
const ZERO: CurveReference = { numClasses: 1, logK: 0, doubleSoftmaxFloor: 0, source: 'a reference of zeros' };

test('a loss flat at 0 is named by no level, short or long, whatever the reference', () => {
  for (const n of [5, 9, 10, 40]) {
    assert.deepEqual(plateau(curve(new Array<number>(n).fill(0)), ZERO), [], `${n} points`);
    assert.deepEqual(plateau(curve(new Array<number>(n).fill(0)), { ...ZERO, lossType: 'NLLLoss' }), [], `${n} points, log K only`);
  }
  // after a fall to exactly 0 (linear space): nothing either
  assert.deepEqual(plateau(curve(Array.from({ length: 40 }, (_, i) => (i < 10 ? 1 - i / 10 : 0))), ZERO), []);
  // the same reference names a level just above 0 when it sits within the tolerance of log K = 0.01
  const tiny: CurveReference = { numClasses: 1, logK: 0.01, source: 'tiny' };
  const [f] = plateau(curve(new Array<number>(40).fill(0.01)), tiny);
  assert.ok(f, 'a positive level is named');
  assert.equal(f.message, "'loss' is flat from the start (40 points), at 0.01 ≈ log K = 0.01 (K = 1): the model predicts uniform probabilities, i.e. chance (levels from tiny).");
});

test('a negative loss flat at a level is never a plateau to name', () => {
  for (const n of [6, 40]) assert.deepEqual(plateau(curve(new Array<number>(n).fill(-2)), { numClasses: 7, logK: Math.log(7), constant: 2, source: 's' }), [], String(n));
});

// The long path (≥ 10 points): the mean smoothed level per quarter; flat when the last quarter is
// within flatTolerance of the third and not above the first quarter by more than flatTolerance.
const REF: CurveReference = { constant: 1, source: 'snapshot s.json' };
const quarters = (q1: number, q3: number, q4: number, q2 = q1): CurveSeries =>
  curve(Array.from({ length: 40 }, (_, i) => [q1, q2, q3, q4][Math.floor(i / 10)]));

test('the last quarter within flatTolerance of the third: on the edge flat, past it not', () => {
  // linear space is not used here (all positive): the smoothed level of a step curve blends the
  // quarters, so the tolerance is set around the measured edge instead of the raw values
  assert.equal(plateau(quarters(1, 1, 1), REF).length, 1);
  assert.equal(plateau(quarters(1.02, 1.02, 1), REF).length, 1);
  assert.deepEqual(plateau(quarters(1.2, 1.2, 1), REF), [], 'the third quarter 20 % above: still falling');
  assert.deepEqual(plateau(quarters(0.8, 0.8, 1), REF), [], 'rising 25 % into the last quarter');
  // the last quarter far above the first (a curve that climbed), third and last equal: not flat
  assert.deepEqual(plateau(quarters(0.5, 1, 1), REF), []);
  // a wider tolerance accepts the same curves
  assert.equal(plateau(quarters(1.2, 1.2, 1), REF, { flatTolerance: 0.3 }).length, 1);
});

test('where a plateau starts after a fall: the first step whose smoothed level is within 2 × flatTolerance of the last quarter', () => {
  // 2 → 1 linearly over the first 15 points, then 1 (60 points, blocks of 5): block medians 1.867,
  // 1.533, 1.2, 1, … at indices 2, 7, 12, 17; between 12 and 17 the level is 1.2^((17 − i)/5):
  // 1.037 at 16, 1.076 at 15, 1.116 at 14, 1.2 at 12. The head (first 3 points) is 1.933: a 48.3 % fall.
  const s = curve(Array.from({ length: 60 }, (_, i) => (i < 15 ? 2 - i / 15 : 1)));
  const startOf = (flatTolerance: number): unknown => plateau(s, REF, { flatTolerance })[0]?.evidence.plateauStartStep;
  const [f] = plateau(s, REF);
  assert.equal(f.message, "'loss' is flat since step 160 (after falling 48.3%), at 1 ≈ 1, the loss of the best constant prediction: the model does no better than a constant prediction and has learned nothing from the inputs (levels from snapshot s.json).");
  assert.deepEqual([f.evidence.plateauStartStep, f.evidence.dropBeforePlateau, f.evidence.first, f.evidence.level, f.evidence.levelKind], [160, 0.4828, 2, 1, 'constant']);
  // band 0.06: 1.037 in, 1.076 out → 160; band 0.1: 1.076 in, 1.116 out → 150; band 0.2: down to 1.2 → 120
  assert.deepEqual([startOf(0.03), startOf(0.05), startOf(0.1)], [160, 150, 120]);
});

test('short path: not descending — the last point may sit exactly shortTolerance below the first, not lower', () => {
  const ref: CurveReference = { constant: 1.75, lossType: 'MSELoss', source: 's' };
  const opts = { shortTolerance: 0.25 };
  // mean 1.75, band ±0.4375: every point inside; the last 1.5 = 2 × (1 − 0.25) exactly
  const [f] = plateau(curve([2, 1.75, 1.75, 1.75, 1.5]), ref, opts);
  assert.ok(f);
  assert.equal(f.message, "'loss' is flat over all 5 logged points, at 1.75 ≈ 1.75, the loss of the best constant prediction: the model predicts the same value for every input and has learned nothing from the inputs (levels from s).");
  assert.deepEqual([f.evidence.points, f.evidence.first, f.evidence.level, f.evidence.plateauStartStep, f.evidence.dropBeforePlateau], [5, 2, 1.75, 0, 0]);
  // the last point 1.4375: still inside the band around the mean 1.7375, but below 1.5: descending
  assert.deepEqual(plateau(curve([2, 1.75, 1.75, 1.75, 1.4375]), ref, opts), []);
  // rising by as much is not descending
  assert.equal(plateau(curve([1.5, 1.75, 1.75, 1.75, 2]), ref, opts).length, 1);
});

/** The evidence with the drop checked apart (a flat curve's drop is 0 to within rounding: ±2e-16). */
function evidenceOf(f: Finding, drop: number): Record<string, unknown> {
  const { dropBeforePlateau, ...rest } = f.evidence;
  assert.ok(Math.abs((dropBeforePlateau as number) - drop) < 1e-12, String(dropBeforePlateau));
  return rest;
}

test('the evidence and message of each way a level is named: log K and the floor from --classes, a constant without a source, K inferred beside a reference', () => {
  const K10: CurveReference = { numClasses: 10, logK: Math.log(10), doubleSoftmaxFloor: Math.log(1 + 9 / Math.E), lossType: 'CrossEntropyLoss', source: '--classes 10' };
  const [logK] = plateau(curve(new Array<number>(40).fill(Math.log(10))), K10);
  assert.equal(logK.message, "'loss' is flat from the start (40 points), at 2.303 ≈ log K = 2.303 (K = 10): the model predicts uniform probabilities, i.e. chance (levels from --classes 10).");
  assert.deepEqual(evidenceOf(logK, 0), {
    series: 'loss', points: 40, first: Math.log(10), level: 2.30259, levelKind: 'logK', plateauStartStep: 0,
    logK: Math.log(10), numClasses: 10, constantModelLoss: null, doubleSoftmaxFloor: Math.log(1 + 9 / Math.E), referenceFrom: '--classes 10',
  });
  // from 2.3 down to the floor log(1 + 9/e) = 1.4612 in 8 points: flat since step 110, after a fall from the first two points' 2.275
  const floor = Math.log(1 + 9 / Math.E);
  const [atFloor] = plateau(curve(Array.from({ length: 40 }, (_, i) => (i < 8 ? 2.3 - i * 0.05 : floor))), K10);
  assert.equal(atFloor.message, "'loss' is flat since step 110 (after falling 35.8%), at 1.461, which is log(1 + (K−1)/e) = 1.461 for K = 10: the lowest value CrossEntropyLoss can reach when it is given softmax probabilities instead of logits (double softmax) (levels from --classes 10).");
  assert.equal(atFloor.fix.split('\n')[0], '# CrossEntropyLoss applies log_softmax itself: feed it raw logits');
  assert.deepEqual(evidenceOf(atFloor, Number((1 - floor / 2.275).toPrecision(4))), {
    series: 'loss', points: 40, first: 2.3, level: Number(floor.toPrecision(6)), levelKind: 'floor', plateauStartStep: 110,
    logK: Math.log(10), numClasses: 10, constantModelLoss: null, doubleSoftmaxFloor: floor, referenceFrom: '--classes 10',
  });
  // levels without a source: no "(levels from …)", referenceFrom null — long and short
  const [noSource] = plateau(curve(new Array<number>(40).fill(1.5)), { constant: 1.5, source: '' });
  assert.equal(noSource.message, "'loss' is flat from the start (40 points), at 1.5 ≈ 1.5, the loss of the best constant prediction: the model does no better than a constant prediction and has learned nothing from the inputs.");
  assert.deepEqual(evidenceOf(noSource, 0), {
    series: 'loss', points: 40, first: 1.5, level: 1.5, levelKind: 'constant', plateauStartStep: 0,
    logK: null, numClasses: null, constantModelLoss: 1.5, doubleSoftmaxFloor: null, referenceFrom: null,
  });
  assert.equal(plateau(curve(new Array<number>(6).fill(1.5)), { constant: 1.5, source: '' })[0].message, "'loss' is flat over all 6 logged points, at 1.5 ≈ 1.5, the loss of the best constant prediction: the model does no better than a constant prediction and has learned nothing from the inputs.");
  // a reference without K whose constant is far off: K inferred from log 3, the message names no source
  const L3 = Math.log(3);
  const [inferred] = plateau(curve(new Array<number>(40).fill(L3)), { constant: 100, source: 'x' });
  assert.equal(inferred.message, "'loss' is flat from the start (40 points), at 1.099 = log 3 to within 0.1%: if the task has 3 classes, the model predicts uniform probabilities (chance).");
  assert.deepEqual(evidenceOf(inferred, 0), {
    series: 'loss', points: 40, first: L3, level: 1.09861, levelKind: 'logK', plateauStartStep: 0,
    logK: L3, numClasses: 3, constantModelLoss: 100, doubleSoftmaxFloor: null, referenceFrom: 'inferred',
  });
  // with K known, no inference: the same curve against --classes 4 is named by nothing
  assert.deepEqual(plateau(curve(new Array<number>(40).fill(L3)), { numClasses: 4, logK: Math.log(4), source: '--classes 4' }), []);
});

test('minDrop on its edge: a fall of exactly minDrop is a fall (nearConstant applies), a hair less is flat from the start (highLevel applies)', () => {
  // the first two of 40 points at 1, then 0.75: the head (2 points) 1, the level 0.75, a fall of 0.25 exactly
  const s = curve(Array.from({ length: 40 }, (_, i) => (i < 2 ? 1 : 0.75)));
  const ref: CurveReference = { constant: 1, source: 'r' };
  assert.deepEqual(plateau(s, ref, { minDrop: 0.25 }), [], 'a fall: 0.75 is under nearConstant × 1');
  const [f] = plateau(s, ref, { minDrop: 0.2500001 });
  assert.equal(f.message, "'loss' is flat from the start (40 points), at 0.75, 75.0% of the 1 a constant model gets (the best constant prediction) (levels from r).");
  assert.deepEqual([f.evidence.dropBeforePlateau, f.evidence.levelKind, f.evidence.plateauStartStep], [0.25, 'near-constant', 0]);
});

test('without levels, log K is inferred only for a curve flat from the start: one that fell onto log 3 names nothing', () => {
  const L3 = Math.log(3);
  assert.deepEqual(plateau(curve(Array.from({ length: 40 }, (_, i) => (i < 8 ? 2 : L3)))), []);
  assert.equal(plateau(curve(new Array<number>(40).fill(L3))).length, 1);
});
