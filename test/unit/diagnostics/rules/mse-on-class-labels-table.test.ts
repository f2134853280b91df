/**
 * mse-on-class-labels, the whole rule: binary {0, 1} and {−1, 1}, one-hot rows, integer classes 0..K−1
 * and 1..K, each with and without probability-like outputs (exactly 0 and 1 count), the message, fix,
 * counts and evidence literally; minSamples and maxDistinct on their edges; non-finite targets left
 * out; one-hot rows broken (two ones, no one, a 3-D target, one column) fall back to the value sets.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { mseOnClassLabels } from '../../../../src/diagnostics/rules/mse-on-class-labels';

const PROB = ' with sigmoid/softmax outputs';
const body = (prob: boolean, tail: string): string => `This is classification: MSE on labels${prob ? PROB : ''} gives vanishing gradients to confidently wrong predictions, does not yield calibrated probabilities, and ${tail}`;
const NUMBERS = 'treats the labels as numbers.';
const ORDERED = 'treats class codes as ordered numbers (class 2 is "between" 1 and 3).';
const BIN_FIX = (pm1: boolean): string => [
  '# binary classification: one logit per sample (no sigmoid in the model) + BCEWithLogitsLoss',
  'criterion = nn.BCEWithLogitsLoss()',
  pm1 ? 'loss = criterion(logit, (y > 0).float())      # map {-1, 1} to {0, 1}' : 'loss = criterion(logit, y.float())',
  'prob = torch.sigmoid(logit)                    # for predictions',
].join('\n');
const ONEHOT_FIX = '# classification: logits (no softmax) + cross-entropy on class indices\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(logits, y_onehot.argmax(dim=1))';
const MULTI_FIX = (K: number, target: string): string => [
  `# ${K}-class classification: the model outputs ${K} logits per sample + CrossEntropyLoss on class indices`,
  `model.head = nn.Linear(hidden, ${K})`,
  'criterion = nn.CrossEntropyLoss()',
  `loss = criterion(logits, ${target})   # targets in 0..${K - 1}`,
  '# (if the classes are ordered ratings and you want regression, keep MSE on purpose)',
].join('\n');
/** n targets cycling through `values`; outputs in [0, 1] (exactly 0 and 1 included) or spread over [−1, 2]. */
function mse(values: number[], n: number, prob: boolean, extra: number[] = []) {
  const t = [...Array.from({ length: n }, (_, i) => values[i % values.length]), ...extra];
  const x = t.map((_, i) => (prob ? (i % 5) / 4 : -1 + (i % 4)));
  return mkCase({ loss: 'MSELoss', input: x, target: t, inputDtype: 'float64', targetDtype: 'float64' });
}
const onehot = (n: number, K: number, prob: boolean) => {
  const t = Array.from({ length: n }, (_, i) => Array.from({ length: K }, (_, k) => (k === i % K ? 1 : 0)));
  return mkCase({ loss: 'MSELoss', input: t.map((r) => r.map((v) => (prob ? 0.5 * v + 0.25 : 3 * v - 1))), target: t, inputDtype: 'float64', targetDtype: 'float64' });
};

ruleTable(mseOnClassLabels, {
  severity: 'warning',
  fires: [
    {
      name: 'binary {0, 1}, 16 targets (minSamples), outputs in [0, 1] with 0 and 1 themselves',
      case: mse([0, 1], 16, true),
      expect: (f) => {
        assert.equal(f.message, `MSELoss is used on binary labels {0, 1} (16 targets, all whole numbers). ${body(true, NUMBERS)}`);
        assert.deepEqual(f.evidence, { distinctValues: [0, 1], counts: { 0: 8, 1: 8 }, oneHot: false, targets: 16, inputMin: 0, inputMax: 1, inputLooksLikeProbabilities: true, suggestedLoss: 'BCEWithLogitsLoss' });
        assert.equal(f.fix, BIN_FIX(false));
        assert.equal(f.field, 'loss');
      },
    },
    { name: 'binary {0, 1}, raw outputs', case: mse([0, 1], 16, false), expect: (f) => { assert.equal(f.message, `MSELoss is used on binary labels {0, 1} (16 targets, all whole numbers). ${body(false, NUMBERS)}`); assert.equal(f.evidence.inputLooksLikeProbabilities, false); } },
    {
      name: '{−1, 1}: the fix maps them to {0, 1}; NaN and Infinity targets left out of the counts',
      case: mse([-1, 1], 16, false, [NaN, Infinity]),
      expect: (f) => {
        assert.equal(f.message, `MSELoss is used on binary labels {-1, 1} (16 targets, all whole numbers). ${body(false, NUMBERS)}`);
        assert.deepEqual(f.evidence.counts, { '-1': 8, 1: 8 });
        assert.equal(f.fix, BIN_FIX(true));
      },
    },
    {
      name: 'one-hot rows over 3 classes, outputs in [0, 1]',
      case: onehot(6, 3, true),
      expect: (f) => {
        assert.equal(f.message, `MSELoss is used on one-hot rows over 3 classes (18 targets, all whole numbers). ${body(true, NUMBERS)}`);
        assert.deepEqual([f.evidence.oneHot, f.evidence.suggestedLoss, f.evidence.counts], [true, 'CrossEntropyLoss', { 0: 12, 1: 6 }]);
        assert.equal(f.fix, ONEHOT_FIX);
      },
    },
    { name: 'one-hot rows, raw outputs', case: onehot(8, 2, false), expect: (f) => assert.equal(f.message, `MSELoss is used on one-hot rows over 2 classes (16 targets, all whole numbers). ${body(false, NUMBERS)}`) },
    {
      name: 'classes 0..3: K logits and y.long()',
      case: mse([0, 1, 2, 3], 20, true),
      expect: (f) => {
        assert.equal(f.message, `MSELoss is used on 4 integer classes {0, 1, 2, 3} (20 targets, all whole numbers). ${body(true, ORDERED)}`);
        assert.equal(f.fix, MULTI_FIX(4, 'y.long()'));
        assert.equal(f.evidence.suggestedLoss, 'CrossEntropyLoss');
      },
    },
    {
      name: 'ratings 1..5: shifted by 1, raw outputs',
      case: mse([1, 2, 3, 4, 5], 20, false),
      expect: (f) => {
        assert.equal(f.message, `MSELoss is used on 5 integer classes {1, 2, 3, 4, 5} (20 targets, all whole numbers). ${body(false, ORDERED)}`);
        assert.equal(f.fix, MULTI_FIX(5, '(y - 1).long()'));
      },
    },
    { name: 'exactly maxDistinct (10) classes 0..9', case: mse([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20, false), expect: { evidence: { distinctValues: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] } } },
    { name: 'maxDistinct 1 still allows two values', case: mse([0, 1], 16, false), options: { maxDistinct: 1 }, expect: { evidence: { distinctValues: [0, 1] } } },
    { name: 'a (N, 2) target with a row of two ones: binary, not one-hot', case: mkCase({ loss: 'MSELoss', input: Array.from({ length: 8 }, () => [0.5, 0.5]), target: Array.from({ length: 8 }, (_, i) => (i === 0 ? [1, 1] : [i % 2, 1 - (i % 2)])) }), expect: { evidence: { oneHot: false, suggestedLoss: 'BCEWithLogitsLoss' } } },
    { name: 'a (N, 2) target with a row of zeros: binary, not one-hot', case: mkCase({ loss: 'MSELoss', input: Array.from({ length: 8 }, () => [0.5, 0.5]), target: Array.from({ length: 8 }, (_, i) => (i === 0 ? [0, 0] : [i % 2, 1 - (i % 2)])) }), expect: { evidence: { oneHot: false } } },
    { name: 'a (N, 1) column of 0/1: binary', case: mkCase({ loss: 'MSELoss', input: Array.from({ length: 16 }, () => [0.5]), target: Array.from({ length: 16 }, (_, i) => [i % 2]) }), expect: { evidence: { oneHot: false } } },
    { name: 'a (2, 4, 2) target of one-hot pairs: not judged as one-hot rows', case: mkCase({ loss: 'MSELoss', input: Array.from({ length: 2 }, () => Array.from({ length: 4 }, () => [0.5, 0.5])), target: Array.from({ length: 2 }, () => Array.from({ length: 4 }, (_, i) => [i % 2, 1 - (i % 2)])) }), expect: { evidence: { oneHot: false, suggestedLoss: 'BCEWithLogitsLoss' } } },
    { name: 'a (16, 2, 1) target one-hot along dim 1: 3-D, not judged as one-hot rows', case: mkCase({ loss: 'MSELoss', input: Array.from({ length: 16 }, () => [[0.5], [0.5]]), target: Array.from({ length: 16 }, (_, i) => [[i % 2], [1 - (i % 2)]]) }), expect: { evidence: { oneHot: false, suggestedLoss: 'BCEWithLogitsLoss' } } },
    { name: 'outputs slightly outside [0, 1] are not probabilities', case: mkCase({ loss: 'MSELoss', input: [...new Array<number>(15).fill(0.5), 1.001], target: Array.from({ length: 16 }, (_, i) => i % 2) }), expect: { evidence: { inputLooksLikeProbabilities: false } } },
    { name: 'outputs slightly below 0 are not probabilities', case: mkCase({ loss: 'MSELoss', input: [...new Array<number>(15).fill(0.5), -0.001], target: Array.from({ length: 16 }, (_, i) => i % 2) }), expect: { evidence: { inputLooksLikeProbabilities: false } } },
  ],
  silent: [
    { name: '15 targets (below minSamples 16)', case: mse([0, 1], 15, true) },
    { name: '15 finite targets and a NaN', case: mse([0, 1], 15, true, [NaN]) },
    { name: '11 distinct classes 0..10 (above maxDistinct)', case: mse([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 22, false) },
    { name: 'non-integer targets', case: mse([0, 0.5, 1], 18, true) },
    { name: 'one value only', case: mse([1], 16, true) },
    { name: '{0, 2}: not contiguous', case: mse([0, 2], 16, false) },
    { name: '{2, 3, 4}: starts at 2', case: mse([2, 3, 4], 18, false) },
    { name: '{−1, 0, 1}: three values from −1', case: mse([-1, 0, 1], 18, false) },
    { name: '{−1, 0}', case: mse([-1, 0], 16, false) },
    { name: '{−2, 2}', case: mse([-2, 2], 16, false) },
    { name: '{−1, 1, 2}: ±1 only with exactly two values', case: mse([-1, 1, 2], 18, false) },
  ],
});
