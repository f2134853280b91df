/**
 * label-smoothing-risk, the whole rule: a large ε (on maxEpsilon; PyTorch's and the 'others' smoothing),
 * rare classes (minorityShare against 0.5/K, minTargets, maxClasses, K = 2, absent classes, names, more
 * than eight listed), and the weighted takeover (victims over minTakeoverRatio, the ones over 1, names,
 * more than four, a zero-weight or absent class, 'others' smoothing, the samples already predicted as
 * the top-weighted class). Ratios are derived here: a class j's samples have their loss optimum at
 * p_top/p_j = (ε/K·w_top) / ((1 − ε + ε/K)·w_j) (ε/(K−1) and 1 − ε for 'others').
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import type { LossCase } from '../../../../src/io/types';
import { labelSmoothingRisk } from '../../../../src/diagnostics/rules/label-smoothing-risk';

/**
 * CrossEntropyLoss over K classes with `counts[k]` targets of class k (in order); row i's logits are
 * 2 at class `pred(i, y)` (default: its own label) and 0 elsewhere.
 */
function ls(counts: number[], loss: Record<string, unknown>, opts: { names?: string[]; pred?: (i: number, y: number) => number } = {}): LossCase {
  const K = counts.length;
  const labels: number[] = [];
  counts.forEach((n, k) => { for (let i = 0; i < n; i++) labels.push(k); });
  const logits = new Float32Array(labels.length * K);
  labels.forEach((y, i) => { logits[i * K + (opts.pred ? opts.pred(i, y) : y)] = 2; });
  return mkCase({
    loss: { type: 'CrossEntropyLoss', ...loss },
    input: tensor(logits, [labels.length, K]),
    target: tensor(Float64Array.from(labels), [labels.length], 'int64'),
    meta: opts.names ? { class_names: opts.names } : {},
  });
}
const LARGE_TAIL = "Above ~0.3 the model is trained towards flat, under-confident predictions, accuracy and calibration usually get worse, and the loss cannot go below the smoothed targets' entropy.";
const RARE_TAIL = 'Smoothing trains the model to be less confident everywhere; a rare class, whose logit rarely wins the argmax anyway, loses recall first.';
const RARE_FIX = (eps: string, weighted = false): string => [
  `criterion = nn.CrossEntropyLoss(label_smoothing=${eps}${weighted ? ', weight=class_weights' : ''})  # or 0.0 for rare-class detection`,
  '# compare per-class recall with and without smoothing on the validation set',
  'from sklearn.metrics import classification_report',
  'print(classification_report(y_val, logits_val.argmax(1)))',
].join('\n');
const TAKE_FIX = (eps: string): string => [
  'criterion = nn.CrossEntropyLoss(weight=class_weights)   # label_smoothing=0: class weights and smoothing do not mix',
  '# or keep smoothing but weight each sample by its own class only (the smoothed target is not reweighted):',
  `per_sample = F.cross_entropy(logits, target, label_smoothing=${eps}, reduction='none')`,
  'loss = (per_sample * class_weights[target]).sum() / class_weights[target].sum()',
].join('\n');
/** The takeover ratio as the rule must compute it (same operations, so equal to the last bit). */
const ratio = (eps: number, K: number, wTop: number, wj: number, others = false): number =>
  ((others ? eps / (K - 1) : eps / K) * wTop) / ((others ? 1 - eps : 1 - eps + eps / K) * wj);

ruleTable(labelSmoothingRisk, {
  severity: 'warning',
  fires: [
    {
      name: 'ε = 0.4 over 4 classes: 0.7 kept on the true class (one finding, 20 targets)',
      case: ls([5, 5, 5, 5], { label_smoothing: 0.4 }),
      expect: (f, all) => {
        assert.equal(all.length, 1);
        assert.equal(f.message, `label_smoothing=0.4 is large: each target keeps only 0.7 on its true class and spreads 0.4 over all 4 classes. ${LARGE_TAIL}`);
        assert.deepEqual(f.evidence, { labelSmoothing: 0.4, numClasses: 4, trueClassTarget: 0.7, maxEpsilon: 0.3 });
        assert.equal(f.fix, 'criterion = nn.CrossEntropyLoss(label_smoothing=0.1)  # typical values: 0.05 to 0.2');
        assert.equal(f.field, 'loss.label_smoothing');
        assert.deepEqual(f.edit, { path: ['loss', 'label_smoothing'], value: 0.1 });
      },
    },
    {
      name: "ε = 0.4 with 'others' smoothing: 1 − ε = 0.6 kept",
      case: ls([5, 5, 5, 5], { label_smoothing: 0.4, smoothing_mode: 'others' }),
      expect: (f) => assert.equal(f.message, `label_smoothing=0.4 is large: each target keeps only 0.6 on its true class and spreads 0.4 over all 4 classes. ${LARGE_TAIL}`),
    },
    { name: 'ε just above maxEpsilon (option 0.2, ε 0.25)', case: ls([5, 5, 5, 5], { label_smoothing: 0.25 }), options: { maxEpsilon: 0.2 }, expect: { evidence: { maxEpsilon: 0.2, trueClassTarget: 0.8125 } } },
    {
      // a 0-d input has no class axis: K = 0, so 1 − ε is kept and no class count is given
      name: 'ε 0.5 on a 0-d input: "over all the classes"',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.5 }, input: 1.5, target: 0, targetDtype: 'int64' }),
      expect: (f) => {
        assert.equal(f.message, `label_smoothing=0.5 is large: each target keeps only 0.5 on its true class and spreads 0.5 over all the classes. ${LARGE_TAIL}`);
        assert.deepEqual(f.evidence, { labelSmoothing: 0.5, numClasses: null, trueClassTarget: 0.5, maxEpsilon: 0.3 });
      },
    },
    {
      // a weight that does not fit K (PyTorch raises for it) leaves the rare-class check, which names the weights
      name: 'a class weight of the wrong length: rare classes, "class weights do not undo this"',
      case: ls([60, 36, 4], { label_smoothing: 0.1, weight: [1, 2] }),
      expect: (f) => {
        assert.equal(f.message, 'label_smoothing=0.1 with rare classes: 2: 4 of 100 (4%). Smoothing trains the model to be less confident everywhere; a rare class, whose logit rarely wins the argmax anyway, loses recall first (class weights do not undo this: they rescale the smoothed terms too).');
        assert.equal(f.fix, RARE_FIX('0.05', true));
        assert.equal(f.evidence.classWeights, true);
      },
    },
    {
      name: 'class names that are not strings are left out',
      case: ls([90, 10], { label_smoothing: 0.1, weight: [1, 49] }, { names: [7 as unknown as string, 'car'] }),
      expect: (f) => assert.match(f.message, /^label_smoothing=0\.1 with class weights from 1 \(class 0\) to 49 \(class 1 \(car\)\)/),
    },
    { name: 'a rare class whose name is not a string: its number only', case: ls([60, 36, 4], { label_smoothing: 0.1 }, { names: ['a', 'b', 5 as unknown as string] }), expect: (f) => assert.match(f.message, /rare classes: 2: 4 of 100 \(4%\)\./) },
    {
      name: 'two classes, 3 of 100 (K = 2: limit min(0.05, 0.25))',
      case: ls([97, 3], { label_smoothing: 0.1 }),
      expect: (f) => {
        assert.equal(f.message, `label_smoothing=0.1 with rare classes: 1: 3 of 100 (3%). ${RARE_TAIL}`);
        assert.deepEqual(f.evidence, { labelSmoothing: 0.1, numClasses: 2, rareClasses: [1], rareShares: { 1: 0.03 }, minorityShare: 0.05, targets: 100, classWeights: false });
        assert.equal(f.fix, RARE_FIX('0.05'));
        assert.equal(f.field, 'loss.label_smoothing');
        assert.equal(f.edit, undefined);
      },
    },
    {
      name: 'exactly minTargets (50) targets, class 2 at 2 (4%); ε 0.02 suggested as is; names',
      case: ls([30, 18, 2], { label_smoothing: 0.02 }, { names: ['cat', 'dog', 'eel'] }),
      expect: (f) => {
        assert.equal(f.message, `label_smoothing=0.02 with rare classes: 2 (eel): 2 of 50 (4%). ${RARE_TAIL}`);
        assert.equal(f.fix, RARE_FIX('0.02'));
        assert.equal(f.evidence.targets, 50);
      },
    },
    {
      name: 'an absent rare class is in the shares, not in the list',
      case: ls([60, 36, 4, 0], { label_smoothing: 0.1 }),
      expect: (f) => {
        assert.equal(f.message, `label_smoothing=0.1 with rare classes: 2: 4 of 100 (4%). ${RARE_TAIL}`);
        assert.deepEqual(f.evidence.rareClasses, [2]);
        assert.deepEqual(f.evidence.rareShares, { 2: 0.04, 3: 0 });
      },
    },
    {
      // K = 20: limit min(0.05, 0.5/20) = 0.025; class 19 at 4 of 200 (2 %)
      name: 'many classes: the limit is 0.5/K, below minorityShare',
      case: ls([...new Array<number>(19).fill(10), 6].map((n, k) => (k === 19 ? 4 : k === 0 ? 16 : n)), { label_smoothing: 0.1 }),
      expect: { evidence: { minorityShare: 0.025, rareClasses: [19], targets: 200 } },
    },
    {
      // K = 12: limit 0.5/12; nine classes at 1 of 100 each
      name: 'nine rare classes: eight listed, then …',
      case: ls([31, 30, 30, 1, 1, 1, 1, 1, 1, 1, 1, 1], { label_smoothing: 0.1 }),
      expect: (f) => {
        assert.equal(f.message, `label_smoothing=0.1 with rare classes: ${[3, 4, 5, 6, 7, 8, 9, 10].map((k) => `${k}: 1 of 100 (1%)`).join(', ')}, …. ${RARE_TAIL}`);
        assert.deepEqual(f.evidence.rareClasses, [3, 4, 5, 6, 7, 8, 9, 10, 11]);
      },
    },
    { name: 'K equal to maxClasses (3)', case: ls([60, 36, 4], { label_smoothing: 0.1 }), options: { maxClasses: 3 }, expect: { evidence: { rareClasses: [2] } } },
    {
      name: 'ε 0.4 and a rare class: both findings',
      case: ls([60, 36, 4], { label_smoothing: 0.4 }),
      expect: (f, all) => {
        assert.equal(all.length, 2);
        assert.match(f.message, /^label_smoothing=0\.4 is large: each target keeps only 0\.733 on its true class and spreads 0\.4 over all 3 classes\./);
        assert.equal(all[1].message, `label_smoothing=0.4 with rare classes: 2: 4 of 100 (4%). ${RARE_TAIL}`);
      },
    },
    {
      // ε 0.1, K 2, weights [1, 49]: ratio 0.05·49 / (0.95·1) ≈ 2.58 ≥ 1; every sample predicted as its label
      name: 'weighted takeover over 1: "takes over the prediction", none predicted as class 1 yet',
      case: ls([90, 10], { label_smoothing: 0.1, weight: [1, 49] }),
      expect: (f, all) => {
        assert.equal(all.length, 1);
        const R = ratio(0.1, 2, 49, 1);
        assert.equal(f.message, "label_smoothing=0.1 with class weights from 1 (class 0) to 49 (class 1): PyTorch multiplies the smoothing mass ε/K = 0.05 given to every class by that class's weight, so class 1 takes over the prediction on the samples of class 0 (90.0% of the targets): the optimum there gives it 2.58× the probability of the true class. The weighted rare class is predicted on majority samples; it does not lose recall, precision collapses instead. In this batch 0 of those 90 samples are already predicted as class 1.");
        assert.deepEqual(f.evidence, {
          labelSmoothing: 0.1, numClasses: 2, topWeightClass: 1, topWeight: 49, weightRatio: 49, takeoverRatio: Number(R.toPrecision(4)),
          affectedClasses: [0], affectedShare: 0.9, predictedAsTopClass: 0, affectedSamples: 90, minTakeoverRatio: 0.5,
        });
        assert.equal(f.fix, TAKE_FIX('0.1'));
        assert.equal(f.field, 'loss.label_smoothing');
        assert.deepEqual(f.edit, { path: ['loss', 'label_smoothing'], value: 0 });
      },
    },
    {
      // weights [1, 12]: ratio 0.05·12/0.95 ≈ 0.632, between 0.5 and 1; 7 of the 90 rows predicted as class 1
      name: 'weighted takeover under 1: "barely keeps the argmax", the rows already predicted as the top class',
      case: ls([90, 10], { label_smoothing: 0.1, weight: [1, 12] }, { pred: (i, y) => (i < 7 ? 1 : y) }),
      expect: (f) => {
        assert.equal(f.message, "label_smoothing=0.1 with class weights from 1 (class 0) to 12 (class 1): PyTorch multiplies the smoothing mass ε/K = 0.05 given to every class by that class's weight, so on the samples of class 0 (90.0% of the targets) the optimum gives class 1 0.632× the probability of the true class: the majority class barely keeps the argmax, a small shift of the features hands it to class 1, and the probabilities are badly calibrated. In this batch 7 of those 90 samples are already predicted as class 1.");
        assert.equal(f.evidence.predictedAsTopClass, 7);
      },
    },
    {
      // ε 0.5, K 2, weights [1, 3]: (0.25·3) / (0.75·1) = 1 exactly (every operand a binary fraction)
      name: 'a takeover ratio of exactly 1 "takes over the prediction"',
      case: ls([60, 10], { label_smoothing: 0.5, weight: [1, 3] }),
      options: { maxEpsilon: 0.5 },
      expect: (f, all) => {
        assert.equal(all.length, 1);
        assert.equal(ratio(0.5, 2, 3, 1), 1);
        assert.equal(f.message, "label_smoothing=0.5 with class weights from 1 (class 0) to 3 (class 1): PyTorch multiplies the smoothing mass ε/K = 0.25 given to every class by that class's weight, so class 1 takes over the prediction on the samples of class 0 (85.7% of the targets): the optimum there gives it 1× the probability of the true class. The weighted rare class is predicted on majority samples; it does not lose recall, precision collapses instead. In this batch 0 of those 60 samples are already predicted as class 1.");
        assert.equal(f.evidence.takeoverRatio, 1);
      },
    },
    {
      // weights [1, 2.9]: 0.25·2.9/0.75 = 0.967, under 1
      name: 'a takeover ratio just under 1 "barely keeps the argmax"',
      case: ls([60, 10], { label_smoothing: 0.5, weight: [1, 2.9] }),
      options: { maxEpsilon: 0.5 },
      expect: (f) => assert.match(f.message, /so on the samples of class 0 \(85\.7% of the targets\) the optimum gives class 1 0\.967× the probability of the true class: the majority class barely keeps the argmax/),
    },
    {
      name: 'the takeover ratio exactly on minTakeoverRatio',
      case: ls([90, 10], { label_smoothing: 0.1, weight: [1, 12] }),
      options: { minTakeoverRatio: ratio(0.1, 2, 12, 1) },
      expect: { evidence: { affectedClasses: [0] } },
    },
    {
      // K 4, weights [2, 0, 1, 40], class 2 absent: class 1 (weight 0) and class 2 are no victims; 'others': ε/(K−1)
      name: "'others' smoothing, a zero-weight class and an absent class left out, names",
      case: ls([50, 20, 0, 5], { label_smoothing: 0.3, smoothing_mode: 'others', weight: [2, 0, 1, 40] }, { names: ['bg', 'car', 'bus', 'person'] }),
      expect: (f) => {
        const R = ratio(0.3, 4, 40, 2, true);
        assert.equal(f.message, `label_smoothing=0.3 with class weights from 2 (class 0 (bg)) to 40 (class 3 (person)): PyTorch multiplies the smoothing mass ε/K−1 = 0.1 given to every class by that class's weight, so class 3 (person) takes over the prediction on the samples of class 0 (bg) (66.7% of the targets): the optimum there gives it ${Number(R.toPrecision(3))}× the probability of the true class. The weighted rare class is predicted on majority samples; it does not lose recall, precision collapses instead. In this batch 0 of those 50 samples are already predicted as class 3 (person).`);
        assert.deepEqual([f.evidence.affectedClasses, f.evidence.weightRatio, f.evidence.topWeightClass], [[0], 20, 3]);
      },
    },
    {
      // K 6, weights 1 × 5 and 99: five victims, all over 1
      name: 'five victims: four named, then …',
      case: ls([20, 20, 20, 20, 15, 5], { label_smoothing: 0.1, weight: [1, 1, 1, 1, 1, 99] }),
      expect: (f) => {
        assert.match(f.message, /so class 5 takes over the prediction on the samples of class 0, class 1, class 2, class 3, … \(95\.0% of the targets\)/);
        assert.deepEqual(f.evidence.affectedClasses, [0, 1, 2, 3, 4]);
        assert.equal(f.evidence.affectedShare, 0.95);
      },
    },
    {
      // ε 0.3, K 3, weights [1, 20, 30]: class 0 at 0.1·30/(0.8·1) = 3.75, class 1 at 0.1875 (no victim)
      name: 'one victim among two classes: the worst class named, the other not',
      case: ls([50, 40, 10], { label_smoothing: 0.3, weight: [1, 20, 30] }),
      expect: (f) => {
        assert.match(f.message, /^label_smoothing=0\.3 with class weights from 1 \(class 0\) to 30 \(class 2\): PyTorch multiplies the smoothing mass ε\/K = 0\.1 given/);
        assert.match(f.message, /takes over the prediction on the samples of class 0 \(50\.0% of the targets\): the optimum there gives it 3\.75×/);
        assert.deepEqual(f.evidence.affectedClasses, [0]);
        assert.equal(f.evidence.takeoverRatio, 3.75);
      },
    },
    {
      // the first class is the heavily weighted one (ratio 0.05·49/0.95 on class 1's samples)
      name: 'class 0 carries the top weight',
      case: ls([10, 90], { label_smoothing: 0.1, weight: [49, 1] }),
      expect: (f) => assert.deepEqual([f.evidence.topWeightClass, f.evidence.affectedClasses, f.evidence.takeoverRatio], [0, [1], Number(ratio(0.1, 2, 49, 1).toPrecision(4))]),
    },
    {
      // a tie for the top weight at the first class: class 0 is the top, class 1 (as heavy) no victim
      name: 'classes 0 and 1 share the top weight: class 0 is the top',
      case: ls([10, 10, 80], { label_smoothing: 0.1, weight: [40, 40, 1] }),
      expect: (f) => assert.deepEqual([f.evidence.topWeightClass, f.evidence.affectedClasses], [0, [2]]),
    },
    {
      // equal weights, minTakeoverRatio 0.05: every other class's ratio is ε/K / (1 − ε + ε/K) = 0.0526; the top class is never its own victim
      name: 'equal weights under a low minTakeoverRatio: the top class is not among the affected',
      case: ls([60, 40], { label_smoothing: 0.1, weight: [1, 1] }),
      options: { minTakeoverRatio: 0.05 },
      expect: (f) => assert.deepEqual([f.evidence.topWeightClass, f.evidence.affectedClasses, f.evidence.affectedSamples], [0, [1], 40]),
    },
    {
      // tied top weights: the first is the top class; the other, as heavy, is no victim (ratio ε/K / (1 − ε + ε/K))
      name: 'two classes share the top weight: the first one is the top',
      case: ls([80, 10, 10], { label_smoothing: 0.1, weight: [1, 40, 40] }),
      expect: (f) => assert.deepEqual([f.evidence.topWeightClass, f.evidence.affectedClasses], [1, [0]]),
    },
  ],
  silent: [
    { name: 'no smoothing, rare class', case: ls([60, 36, 4], { label_smoothing: 0 }) },
    { name: 'ε exactly maxEpsilon (0.3), balanced', case: ls([5, 5, 5, 5], { label_smoothing: 0.3 }) },
    { name: 'ε 0.25 on maxEpsilon 0.25', case: ls([5, 5, 5, 5], { label_smoothing: 0.25 }), options: { maxEpsilon: 0.25 } },
    { name: '49 targets (below minTargets), class 2 at 2', case: ls([30, 17, 2], { label_smoothing: 0.1 }) },
    { name: 'K above maxClasses (option 2, K 3)', case: ls([60, 36, 4], { label_smoothing: 0.1 }), options: { maxClasses: 2 } },
    { name: 'one class only', case: ls([60], { label_smoothing: 0.1 }) },
    { name: 'one class only, under a minorityShare of 1 (no class to compare with)', case: ls([60], { label_smoothing: 0.1 }), options: { minorityShare: 1 } },
    { name: 'the only rare class is absent', case: ls([60, 40, 0], { label_smoothing: 0.1 }) },
    { name: 'K = 20, class 19 at 6 of 200 (3 %): above 0.5/K', case: ls([...new Array<number>(19).fill(10), 6].map((n, k) => (k === 0 ? 4 + n : n)), { label_smoothing: 0.1 }) },
    { name: 'weights [1, 12] with minTakeoverRatio just above the ratio', case: ls([90, 10], { label_smoothing: 0.1, weight: [1, 12] }), options: { minTakeoverRatio: ratio(0.1, 2, 12, 1) * (1 + 1e-12) } },
    { name: 'weights [1, 5]: ratio 0.26, no takeover (and the rare-class branch is not taken)', case: ls([90, 10], { label_smoothing: 0.1, weight: [1, 5] }) },
    { name: 'all weights zero', case: ls([60, 36, 4], { label_smoothing: 0.1, weight: [0, 0, 0] }) },
    { name: 'weighted, only 40 targets', case: ls([36, 4], { label_smoothing: 0.1, weight: [1, 49] }) },
  ],
});
