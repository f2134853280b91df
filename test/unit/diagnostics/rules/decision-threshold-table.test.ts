/**
 * decision-threshold, literally. The metrics are derived by hand in the comments (sklearn's
 * average_precision_score and roc_auc_score definitions; F1 = 2TP / (2TP + FP + FN)), on scores
 * that are easy to rank: 20 logits 10.5, 9.5, …, −8.5 with the positives at ranks 1, 2, 4 and 12.
 */
import { ruleTable, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { decisionThreshold } from '../../../../src/diagnostics/rules/decision-threshold';
import { literal } from './literal';

const S = Array.from({ length: 20 }, (_, i) => 10.5 - i);
const POS = new Set([0, 1, 3, 11]);
const Y = S.map((_, i) => (POS.has(i) ? 1 : 0));
// AP = (1/1 + 2/2 + 3/4 + 4/12) / 4 = 0.770833; ROC-AUC = (16 + 16 + 15 + 8) / 64 = 0.859375.
// At logit 0 (probability 0.5): the 11 scores ≥ 0.5 hold 3 positives: P = 3/11, R = 3/4, F1 = 6/15 = 0.4.
// Best F1 at the 4th score (7.5): TP 3, FP 1, FN 1: F1 = 6/8 = 0.75, P = R = 0.75; σ(7.5) = 0.9994472.
const EV = {
  samples: 20, positives: 4, prevalence: 0.2, prAuc: 0.7708, rocAuc: 0.8594, f1At05: 0.4, precisionAt05: 0.2727, recallAt05: 0.75,
  bestF1: 0.75, bestThresholdProb: 0.9994, bestThresholdLogit: 7.5, precisionAtBest: 0.75, recallAtBest: 0.75, sampled: false,
};
const fixFor = (probs: string, best: string): string => [
  '# pick the threshold on validation data by F1 (or the precision/recall your use case needs)',
  'from sklearn.metrics import precision_recall_curve, average_precision_score',
  `probs = ${probs}.flatten().cpu().numpy()`,
  'prec, rec, thr = precision_recall_curve(y_val.flatten().cpu().numpy(), probs)',
  'f1 = 2 * prec * rec / (prec + rec + 1e-12)',
  `threshold = thr[f1[:-1].argmax()]   # on this batch: ${best}`,
  'preds = probs >= threshold',
].join('\n');
const CHOOSE = 'Choose the threshold on validation data, not on the training batch.';

/** n positives scored 2, 3, …, one negative at 1 (above the default threshold), five negatives below 0. */
function nearlySeparated(nPos: number) {
  const x = [...Array.from({ length: nPos }, (_, i) => 2 + i), 1, -1, -2, -3, -4, -5];
  const y = [...Array.from({ length: nPos }, () => 1), 0, 0, 0, 0, 0, 0];
  return mkCase({ loss: 'BCEWithLogitsLoss', input: x, target: y, inputDtype: 'float64' });
}
const big = (n: number, cols: number) => {
  const x = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 100 - 5);
  const y = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
  return mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(x, cols === 1 ? [n] : [n / cols, cols], 'float64'), target: tensor(y, cols === 1 ? [n] : [n / cols, cols], 'float32') });
};

ruleTable(decisionThreshold, {
  severity: 'info',
  fires: [
    {
      // F1 at 0.5 = 2·1 / (2·1 + 98) = 0.02 (the positive and 98 negatives at logit ≥ 0); the best F1 is at the
      // positive's logit 3 with 48 negatives above it: 2 / 50 = 0.04. The gain is exactly 0.02 (in doubles too):
      // not more than 0.02, so 0.5 is called about right. PR-AUC 1/49, ROC-AUC 51/99, σ(3) = 0.9526.
      name: 'a best F1 exactly 0.02 above F1 at 0.5 (0.04 vs 0.02): about right',
      case: () => {
        const x = [...new Array<number>(48).fill(5), 3, ...new Array<number>(50).fill(1), -1];
        return mkCase({ loss: 'BCEWithLogitsLoss', input: x, target: x.map((_, i) => (i === 48 ? 1 : 0)), inputDtype: 'float64' });
      },
      expect: literal({
        message: 'PR-AUC 0.0204 (prevalence 0.01, the PR-AUC of random scores), ROC-AUC 0.515. At the default threshold 0.5 F1 is 0.02 (precision 0.0101, recall 1); the best F1 on this batch is 0.04 at probability 0.953 (logit 3), so 0.5 is about right here. ' + CHOOSE,
        evidence: { samples: 100, positives: 1, prevalence: 0.01, prAuc: 0.02041, rocAuc: 0.5152, f1At05: 0.02, precisionAt05: 0.0101, recallAt05: 1, bestF1: 0.04, bestThresholdProb: 0.9526, bestThresholdLogit: 3, precisionAtBest: 0.02041, recallAtBest: 1, sampled: false },
      }),
    },
    {
      name: 'BCEWithLogitsLoss: 20 logits, 4 positives',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: S, target: Y, inputDtype: 'float64' }),
      expect: literal({
        message: `PR-AUC 0.771 (prevalence 0.2, the PR-AUC of random scores), ROC-AUC 0.859. At the default threshold 0.5 F1 is 0.4 (precision 0.273, recall 0.75); the best F1 on this batch is 0.75 at probability 0.999 (logit 7.5), 0.35 better. ${CHOOSE}`,
        evidence: EV,
        fix: fixFor('torch.sigmoid(val_logits)', '0.999 (logit 7.5)'),
        field: 'input',
      }),
    },
    {
      // p = (s + 10) / 21: the same ranking; 0.5 = (0.5 + 10) / 21 exactly, so the same 11 at ≥ 0.5;
      // best at p = 17.5 / 21 = 0.833333, logit ln(0.8333 / 0.1667) = ln 5 = 1.609438
      name: 'BCELoss: the same ranking as probabilities',
      case: mkCase({ loss: 'BCELoss', input: S.map((s) => (s + 10) / 21), target: Y, inputDtype: 'float64' }),
      expect: literal({
        message: `PR-AUC 0.771 (prevalence 0.2, the PR-AUC of random scores), ROC-AUC 0.859. At the default threshold 0.5 F1 is 0.4 (precision 0.273, recall 0.75); the best F1 on this batch is 0.75 at probability 0.833 (logit 1.61), 0.35 better. ${CHOOSE}`,
        evidence: { ...EV, bestThresholdProb: 0.8333, bestThresholdLogit: 1.609 },
        fix: fixFor('val_probs', '0.833 (logit 1.61)'),
      }),
    },
    {
      name: 'BCELoss given a pos_weight (not one of its arguments): no pos_weight sentence',
      case: mkCase({ loss: { type: 'BCELoss', pos_weight: [2] }, input: S.map((s) => (s + 10) / 21), target: Y, inputDtype: 'float64' }),
      expect: literal({ message: `PR-AUC 0.771 (prevalence 0.2, the PR-AUC of random scores), ROC-AUC 0.859. At the default threshold 0.5 F1 is 0.4 (precision 0.273, recall 0.75); the best F1 on this batch is 0.75 at probability 0.833 (logit 1.61), 0.35 better. ${CHOOSE}` }),
    },
    {
      // (10, 2): label 0 scores 5, 4, …, −4 with the top two positive; label 1 scores −10, −11, … without positives.
      // Over all 20: AP 1, AUC 1; at 0: 6 predicted, TP 2: P = 1/3, R = 1, F1 = 4/8 = 0.5; best F1 1 at logit 4 (σ(4) = 0.982014)
      name: 'multilabel (10, 2) with pos_weight: per-label thresholds, a label without positives',
      case: mkCase({
        loss: { type: 'BCEWithLogitsLoss', pos_weight: [1, 1] },
        input: Array.from({ length: 10 }, (_, i) => [5 - i, -10 - i]),
        target: Array.from({ length: 10 }, (_, i) => [i < 2 ? 1 : 0, 0]),
        inputDtype: 'float64',
      }),
      expect: literal({
        message: 'PR-AUC 1 (prevalence 0.1, the PR-AUC of random scores), ROC-AUC 1. At the default threshold 0.5 F1 is 0.5 (precision 0.333, recall 1); the best F1 on this batch is 1 at probability 0.982 (logit 4), 0.5 better. ' +
          'pos_weight shifts the predicted probabilities (up for pos_weight > 1), which moves the best threshold away from 0.5. Per label, the best thresholds are 0.982, – (−1 in the evidence: no positives). ' + CHOOSE,
        evidence: {
          samples: 20, positives: 2, prevalence: 0.1, prAuc: 1, rocAuc: 1, f1At05: 0.5, precisionAt05: 0.3333, recallAt05: 1,
          bestF1: 1, bestThresholdProb: 0.982, bestThresholdLogit: 4, precisionAtBest: 1, recallAtBest: 1, sampled: false,
          perLabelBestThresholdProb: [0.982, -1], perLabelPrAuc: [1, -1],
        },
      }),
    },
    {
      // 25 positives above one negative at 1: F1 at 0 = 50/51, best 1 at logit 2 (σ(2) = 0.880797): gain 1/51 = 0.0196 ≤ 0.02
      name: 'gain 0.0196 (≤ 0.02): 0.5 is about right',
      case: nearlySeparated(25),
      expect: literal({
        message: `PR-AUC 1 (prevalence 0.806, the PR-AUC of random scores), ROC-AUC 1. At the default threshold 0.5 F1 is 0.98 (precision 0.962, recall 1); the best F1 on this batch is 1 at probability 0.881 (logit 2), so 0.5 is about right here. ${CHOOSE}`,
      }),
    },
    {
      // 24 positives: F1 at 0 = 48/49, gain 1/49 = 0.0204 > 0.02
      name: 'gain 0.0204 (> 0.02): the better threshold is named',
      case: nearlySeparated(24),
      expect: literal({
        message: `PR-AUC 1 (prevalence 0.8, the PR-AUC of random scores), ROC-AUC 1. At the default threshold 0.5 F1 is 0.98 (precision 0.96, recall 1); the best F1 on this batch is 1 at probability 0.881 (logit 2), 0.0204 better. ${CHOOSE}`,
      }),
    },
    {
      name: 'exactly minSamples (20) targets, maxLabels 1 for a (10, 2) target: no per-label part',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 10 }, (_, i) => [5 - i, -10 - i]), target: Array.from({ length: 10 }, (_, i) => [i < 2 ? 1 : 0, 0]), inputDtype: 'float64' }),
      options: { maxLabels: 1 },
      expect: (f) => { if ('perLabelPrAuc' in f.evidence || f.message.includes('Per label')) throw new Error('per-label part with maxLabels 1'); },
    },
    {
      name: 'BCEWithLogitsLoss on values in [−0.01, 1]: logits (one below 0)',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: S.map((s, i) => (i === 19 ? -0.01 : (s + 10) / 21)), target: Y, inputDtype: 'float64' }),
      expect: { evidence: { samples: 20, positives: 4 } },
    },
    {
      name: 'BCEWithLogitsLoss on values in [0, 1.01]: logits (one above 1)',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: S.map((s, i) => (i === 0 ? 1.01 : (s + 10) / 21)), target: Y, inputDtype: 'float64' }),
      expect: { evidence: { samples: 20, positives: 4 } },
    },
    { name: '200,000 scores: all analysed', case: () => big(200_000, 1), expect: { evidence: { samples: 200_000, positives: 20_000, sampled: false } } },
    { name: '200,002 scores: an evenly spread sample, no per-label part', case: () => big(200_002, 2), expect: (f) => {
      if (f.evidence.sampled !== true || f.evidence.samples !== 200_002 || 'perLabelPrAuc' in f.evidence) throw new Error(JSON.stringify(f.evidence));
    } },
  ],
  silent: [
    { name: '19 targets (below minSamples 20)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S.slice(0, 19), target: Y.slice(0, 19), inputDtype: 'float64' }) },
    { name: 'no positive', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S, target: S.map(() => 0), inputDtype: 'float64' }) },
    { name: 'only positives', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S, target: S.map(() => 1), inputDtype: 'float64' }) },
    { name: 'a soft target 0.5', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S, target: Y.map((v, i) => (i === 5 ? 0.5 : v)), inputDtype: 'float64' }) },
    { name: 'a target 2 (bce-target-out-of-range), minSamples 10', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S, target: Y.map((v, i) => (i === 5 ? 2 : v)), inputDtype: 'float64' }), options: { minSamples: 10 } },
    { name: 'a NaN input', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S.map((s, i) => (i === 5 ? NaN : s)), target: Y, inputDtype: 'float64' }) },
    { name: 'an empty input', case: mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(new Float64Array(0), [0], 'float32'), target: Y }) },
    { name: 'BCEWithLogitsLoss on probabilities in [0, 1], both ends included (double-sigmoid\'s finding)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S.map((_, i) => i / 19), target: Y, inputDtype: 'float64' }) },
    { name: 'BCELoss on logits (bce-expects-probabilities)', case: mkCase({ loss: 'BCELoss', input: S, target: Y, inputDtype: 'float64' }) },
    { name: 'more targets than inputs', case: mkCase({ loss: 'BCEWithLogitsLoss', input: S.slice(0, 10), target: Y, inputDtype: 'float64' }) },
  ],
});
