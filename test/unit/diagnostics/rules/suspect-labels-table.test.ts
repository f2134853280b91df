/**
 * suspect-labels, guard by guard: firing cases state the message, the evidence and the fix
 * literally; every threshold has a case just inside and just outside. Probabilities are derived by
 * hand below (softmax of rows such as [6, 0, 0]), not read from the rule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import type { Finding } from '../../../../src/diagnostics/types';
import { suspectLabels } from '../../../../src/diagnostics/rules/suspect-labels';

// A row [L, 0, 0] gives class 0 the probability e^L / (e^L + 2) and classes 1, 2 each 1 / (e^L + 2).
const pOther = (L: number): number => 1 / (Math.exp(L) + 2);
const pTop = (L: number): number => Math.exp(L) / (Math.exp(L) + 2);
const r4 = (x: number): number => Number(x.toPrecision(4));
const fmt3 = (x: number): string => String(Number(x.toPrecision(3)));

/**
 * CrossEntropyLoss over rows [L, 0, 0] (class 0 predicted): `labels[i]` is row i's label, `L[i]` its
 * top logit (6 unless given). Float64 logits so that no rounding enters.
 */
function ce(labels: number[], L: (i: number) => number = () => 6, extra: Record<string, unknown> = {}, meta?: LossCase['meta']): LossCase {
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...extra }, input: labels.map((_, i) => [L(i), 0, 0]), target: labels, inputDtype: 'float64', meta });
}
/** Ten rows, class 0 predicted with p = 0.995; the rows in `bad` are labelled 1. */
const tenWith = (bad: number[]): number[] => Array.from({ length: 10 }, (_, i) => (bad.includes(i) ? 1 : 0));

const FIX = (idx: number[]): string => [
  '# review the suspects (indices into this batch) before training further',
  `suspects = [${idx.join(', ')}]`,
  'for i in suspects:',
  '    print(i, "label", y[i].item(), "predicted", logits[i].argmax().item(), logits[i].softmax(0).max().item())',
  '# relabel or drop confirmed errors; for noisy datasets, label smoothing or cleanlab.find_label_issues helps',
].join('\n');
const FEW = 'These are candidates for label errors: review them (with held-out probabilities, this is what Cleanlab calls confident learning).';
const MANY = 'That many suggests a systematic problem (labels shifted or shuffled against the inputs, a class-index mapping mismatch) rather than a few noisy labels.';

function exactly(message: string, evidence: Record<string, unknown>, fixIdx: number[]): (f: Finding, all: Finding[]) => void {
  return (f, all) => {
    assert.equal(all.length, 1);
    assert.equal(f.message, message);
    assert.deepEqual(f.evidence, evidence);
    assert.equal(f.fix, FIX(fixIdx));
    assert.equal(f.field, 'target');
  };
}
const indicesOf = (f: Finding): unknown => f.evidence.indices;

// p(label) = 1/(e^6 + 2) = 0.0024665…, p(predicted) = e^6/(e^6 + 2) = 0.99507
const P6 = pOther(6), T6 = pTop(6);
assert.ok(Math.abs(P6 - 0.0024665) < 1e-7 && Math.abs(T6 - 0.99507) < 1e-5);

ruleTable(suspectLabels, {
  severity: 'info',
  fires: [
    {
      name: '2 of 10 labels at p = 0.00247 against p = 0.995 (share 0.2: not yet "many")',
      case: ce(tenWith([3, 7])),
      expect: exactly(
        `2 of 10 samples (20.0%) have a label the model gives probability < 0.01 while it is ≥ 0.95 sure of another class: #3 labelled 1 (p=0.00247) but predicted 0 (p=0.995); #7 labelled 1 (p=0.00247) but predicted 0 (p=0.995). ${FEW}`,
        { suspects: 2, checked: 10, share: 0.2, medianTargetProb: r4(T6), indices: [3, 7], targets: [1, 1], predicted: [0, 0], pTarget: [r4(P6), r4(P6)], pPredicted: [r4(T6), r4(T6)] },
        [3, 7]),
    },
    {
      name: '3 of 10 (share 0.3 > 0.2: "systematic"), class names from the meta, most suspicious first',
      // row 8 has L = 8: p(label) = 1/(e^8 + 2) = 3.355e-4 (listed first), p(top) = 0.99933
      case: ce(tenWith([1, 5, 8]), (i) => (i === 8 ? 8 : 6), {}, { class_names: ['cat', 'dog', 'eel'] }),
      expect: exactly(
        `3 of 10 samples (30.0%) have a label the model gives probability < 0.01 while it is ≥ 0.95 sure of another class: #8 labelled dog (p=0.000335) but predicted cat (p=0.999); #1 labelled dog (p=0.00247) but predicted cat (p=0.995); #5 labelled dog (p=0.00247) but predicted cat (p=0.995). ${MANY}`,
        { suspects: 3, checked: 10, share: 0.3, medianTargetProb: r4(T6), indices: [8, 1, 5], targets: [1, 1, 1], predicted: [0, 0, 0], pTarget: [r4(pOther(8)), r4(P6), r4(P6)], pPredicted: [r4(pTop(8)), r4(T6), r4(T6)] },
        [8, 1, 5]),
    },
    {
      name: 'six suspects among 14: five listed in the message, then "…"; a class name that is not a string prints the index',
      case: ce([1, 0, 2, 0, 1, 0, 2, 0, 1, 0, 2, 0, 0, 0], (i) => 6 + i / 10, {}, { class_names: ['cat', 7 as unknown as string] }),
      expect: (f) => {
        // p(label) = 1/(e^(6 + i/10) + 2) falls with i: the last suspect (i = 10) first.
        assert.deepEqual(indicesOf(f), [10, 8, 6, 4, 2, 0]);
        // 1/(e^7 + 2) = 9.10e-4, e^7/(e^7 + 2) = 0.998; the fifth, i = 2 (L = 6.2): 1/(e^6.2 + 2) and e^6.2/(e^6.2 + 2) = 0.996
        assert.ok(f.message.startsWith(`6 of 14 samples (42.9%) have a label the model gives probability < 0.01 while it is ≥ 0.95 sure of another class: #10 labelled 2 (p=0.00091) but predicted cat (p=${fmt3(pTop(7))}); #8 labelled 1 (p=`), f.message);
        assert.ok(f.message.endsWith(`; #2 labelled 2 (p=${fmt3(pOther(6.2))}) but predicted cat (p=0.996); …. ${MANY}`), f.message);
        assert.ok(!f.message.includes('#0 labelled'), 'the sixth is not in the message');
        assert.equal(f.evidence.checked, 14);
      },
    },
    {
      name: 'exactly five suspects: all five in the message, no "…"',
      case: ce([1, 0, 2, 0, 1, 0, 2, 0, 1, 0, 0, 0, 0, 0], (i) => 6 + i / 10),
      expect: (f) => {
        assert.deepEqual(indicesOf(f), [8, 6, 4, 2, 0]);
        assert.ok(f.message.endsWith(`#0 labelled 1 (p=0.00247) but predicted 0 (p=0.995). ${MANY}`), f.message);
      },
    },
    {
      name: 'maxListed 2 of 3 suspects: the evidence and the fix list 2, the count stays 3',
      case: ce(tenWith([1, 5, 8])),
      options: { maxListed: 2 },
      expect: (f) => {
        assert.deepEqual(f.evidence.indices, [1, 5]);
        assert.equal(f.evidence.suspects, 3);
        assert.equal(f.fix, FIX([1, 5]));
        assert.ok(f.message.includes('#1 labelled 1') && !f.message.includes('#8 labelled'), f.message);
      },
    },
    { name: 'maxListed 2.9 lists 2 (floored)', case: ce(tenWith([1, 5, 8])), options: { maxListed: 2.9 }, expect: (f) => assert.deepEqual(f.evidence.indices, [1, 5]) },
    { name: 'maxListed 0 still lists 1', case: ce(tenWith([1, 5, 8])), options: { maxListed: 0 }, expect: (f) => assert.deepEqual(f.evidence.indices, [1]) },
    { name: 'exactly minSamples (10) rows', case: ce(tenWith([4])), expect: { evidence: { checked: 10, suspects: 1 } } },
    { name: 'C = maxClasses (3)', case: ce(tenWith([4])), options: { maxClasses: 3 }, expect: { evidence: { suspects: 1 } } },
    {
      name: 'ignored rows (ignore_index = 2) are neither checked nor in the median: 4 suspects among 10 checked, 4 ignored',
      // Median of the 10 checked: 0.995 (6 of 10). With the 4 ignored counted as 0, it would be 0.00247.
      case: ce([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2], () => 6, { ignore_index: 2 }),
      expect: { evidence: { checked: 10, suspects: 4, medianTargetProb: r4(T6), share: 0.4 } },
    },
    {
      name: 'labels out of range (3 with C = 3, −1) are skipped, not counted',
      case: ce([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, -1], () => 6, { ignore_index: -100 }),
      expect: { evidence: { checked: 10, suspects: 1, indices: [0] } },
    },
    {
      name: 'NLLLoss on log-probabilities (max exactly 1e-6, the rounding margin)',
      case: mkCase({ loss: 'NLLLoss', input: tenWith([2]).map(() => [1e-6, Math.log(P6), Math.log(P6)]), target: tenWith([2]), inputDtype: 'float64' }),
      expect: { evidence: { suspects: 1, indices: [2] } },
    },
    {
      name: 'CrossEntropyLoss logits just below 0 (min −0.01): logits, so judged (with looser thresholds)',
      // rows [1, −0.01]: p(class 1) = 1/(1 + e^1.01) = 0.2669, p(class 0) = 0.7331
      case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([3]).map(() => [1, -0.01]), target: tenWith([3]), inputDtype: 'float64' }),
      options: { maxTargetProb: 0.3, minConfidence: 0.7 },
      expect: { evidence: { suspects: 1, pTarget: [r4(1 / (1 + Math.exp(1.01)))], pPredicted: [r4(1 / (1 + Math.exp(-1.01)))] } },
    },
    {
      name: 'CrossEntropyLoss logits just above 1 (max 1.01)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([3]).map(() => [1.01, 0]), target: tenWith([3]), inputDtype: 'float64' }),
      options: { maxTargetProb: 0.3, minConfidence: 0.7 },
      expect: { evidence: { suspects: 1 } },
    },
    {
      name: 'the median (0.995…, 1 suspect of 10) just above minMedianTargetProb',
      case: ce(tenWith([4])),
      options: { minMedianTargetProb: T6 * (1 - 1e-12) },
      expect: { evidence: { suspects: 1 } },
    },
  ],
  silent: [
    { name: 'every label is the predicted class', case: ce(tenWith([])) },
    { name: '9 rows (below minSamples 10)', case: ce(tenWith([4]).slice(0, 9)) },
    { name: 'C = 3 above maxClasses 2', case: ce(tenWith([4])), options: { maxClasses: 2 } },
    { name: 'a (10, 3, 1) input: one label per position, not per sample', case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([4]).map(() => [[6], [0], [0]]), target: tenWith([4]).map((y) => [y]), inputDtype: 'float64' }) },
    { name: 'soft (probability) targets', case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([4]).map(() => [6, 0, 0]), target: tenWith([4]).map((y) => [1 - y, y, 0]), inputDtype: 'float64', targetDtype: 'float32' }) },
    { name: 'a NaN logit in another row', case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([4]).map((_, i) => (i === 9 ? [NaN, 0, 0] : [6, 0, 0])), target: tenWith([4]), inputDtype: 'float64' }) },
    {
      name: 'CrossEntropyLoss inputs exactly in [0, 1] (probabilities: other rules report them), even with loose thresholds',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([3]).map(() => [1, 0]), target: tenWith([3]), inputDtype: 'float64' }),
      options: { maxTargetProb: 0.3, minConfidence: 0.7 },
    },
    {
      name: 'NLLLoss input with max 2e-6 (above the 1e-6 margin: not log-probabilities)',
      case: mkCase({ loss: 'NLLLoss', input: tenWith([2]).map(() => [2e-6, Math.log(P6), Math.log(P6)]), target: tenWith([2]), inputDtype: 'float64' }),
    },
    { name: 'the suspects\' label is ignore_index (1)', case: ce(tenWith([3, 7]), () => 6, { ignore_index: 1 }) },
    {
      name: 'p(label) = 0.0113 just above maxTargetProb 0.01 (row [4.5, 0, 0]: 1/(e^4.5 + 2))',
      case: ce(tenWith([3]), (i) => (i === 3 ? 4.5 : 6)),
    },
    {
      name: 'p(predicted) = 0.918 below minConfidence 0.95 while p(label) = 0.0062 < 0.01 (row [5, 2.5, 0] labelled 2: e^5/(e^5 + e^2.5 + 1), 1/(e^5 + e^2.5 + 1))',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([]).map((_, i) => (i === 3 ? [5, 2.5, 0] : [6, 0, 0])), target: tenWith([]).map((_, i) => (i === 3 ? 2 : 0)), inputDtype: 'float64' }),
    },
    {
      name: 'the label is the model\'s top class even though p(label) < maxTargetProb (0.6 with rows [0.1, 0]: p = 0.525)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tenWith([]).map(() => [0.1, -0.001]), target: tenWith([]), inputDtype: 'float64' }),
      options: { maxTargetProb: 0.6, minConfidence: 0.5, minMedianTargetProb: 0.1 },
    },
    { name: '5 suspects of 10: median (0.00247 + 0.995)/2 = 0.499 < 0.5, the model is no judge', case: ce(tenWith([0, 2, 4, 6, 8])) },
    { name: 'the median just below minMedianTargetProb', case: ce(tenWith([4])), options: { minMedianTargetProb: T6 * (1 + 1e-9) } },
  ],
});

describe('suspect-labels: minConfidence boundary', () => {
  it('p(top) just below minConfidence is silent, at it fires', () => {
    const c = ce(tenWith([3]));
    assert.equal(check(suspectLabels, c, { minConfidence: T6 * (1 + 1e-9) }).length, 0);
    assert.equal(check(suspectLabels, c, { minConfidence: T6 * (1 - 1e-12) }).length, 1);
  });
  it('p(label) just at maxTargetProb is not a suspect, just above it is', () => {
    const c = ce(tenWith([3]));
    assert.equal(check(suspectLabels, c, { maxTargetProb: P6 * (1 - 1e-9) }).length, 0);
    assert.equal(check(suspectLabels, c, { maxTargetProb: P6 * (1 + 1e-9) }).length, 1);
  });
});
