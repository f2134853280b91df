/**
 * Evidence tables that carry the argument: per rule, the few numbers that make the case (plain labels,
 * a tooltip saying what each is); the rest behind "more". Keys no table names keep their order and a
 * readable label; the bookkeeping ones (sampling flags, extremes) go behind "more".
 */
import { humanize } from './format';

/** The numbers that carry each rule's argument, in the order to read them. */
const PRIMARY: Record<string, string[]> = {
  'double-softmax': ['rowsSummingToOne', 'rows', 'loss', 'lossFloor', 'lossIfLogitsWereUsed'],
  'double-sigmoid': ['min', 'max', 'loss', 'lossFloor'],
  'decision-threshold': ['prevalence', 'f1At05', 'bestF1', 'bestThresholdProb', 'prAuc'],
  'base-rate-metrics': ['positive_rate', 'val_accuracy', 'val_pr_auc', 'val_roc_auc', 'chance_band'],
  'class-imbalance': ['ratio', 'majorityClass', 'minorityClass', 'counts', 'suggestedWeight'],
  'loss-plateau': ['first', 'last', 'constantModelLoss', 'levelVsConstant', 'plateauStart'],
  'missing-ignore-index': ['padValue', 'padShare', 'ignoreIndex', 'lossWithPadding', 'lossWithoutPadding'],
  'label-smoothing-risk': ['labelSmoothing', 'rareClasses', 'rareShares', 'numClasses'],
  'regression-target-scale': ['targetStd', 'targetMean', 'inputStd', 'loss'],
  'bce-clamped-log': ['clampedTerms', 'elements', 'clampedShareOfLoss', 'loss'],
  'initial-loss': ['first', 'expectedUntrained', 'expectedConstant', 'ratio'],
  'extreme-logits': ['maxAbsLogit', 'maxMargin', 'saturatedShare', 'dtype'],
};

/** Plain labels and what each number means. */
const LABELS: Record<string, [string, string]> = {
  rows: ['rows checked', 'Rows of the input the rule looked at'],
  numClasses: ['classes (K)', 'Number of classes'],
  rowsSummingToOne: ['rows summing to 1', 'Rows of the input that already sum to 1, i.e. look like probabilities'],
  loss: ['loss', 'The loss recomputed from the case'],
  lossFloor: ['lowest reachable loss', 'The smallest loss possible with inputs like these (e.g. probabilities fed as logits)'],
  lossIfLogitsWereUsed: ['loss on logits', 'The loss if the same predictions were passed as logits'],
  gradientRatio: ['gradient ratio', 'Gradient size relative to the correct setup'],
  prevalence: ['positive rate', 'Share of positive targets'],
  f1At05: ['F1 at threshold 0.5', 'F1 when predicting positive above probability 0.5'],
  precisionAt05: ['precision at 0.5', 'Precision at probability threshold 0.5'],
  recallAt05: ['recall at 0.5', 'Recall at probability threshold 0.5'],
  bestF1: ['best F1', 'F1 at the best threshold'],
  bestThresholdProb: ['best threshold', 'Probability threshold with the best F1'],
  bestThresholdLogit: ['best threshold (logit)', 'The best threshold as a logit'],
  precisionAtBest: ['precision at best threshold', ''],
  recallAtBest: ['recall at best threshold', ''],
  prAuc: ['PR-AUC', 'Area under the precision–recall curve (chance = the positive rate)'],
  rocAuc: ['ROC-AUC', 'Area under the ROC curve (chance = 0.5)'],
  sampled: ['computed on a sample', 'Whether only a sample of the rows was used'],
  sampledRows: ['rows sampled', 'Rows used when the case was sampled'],
  positive_rate: ['positive rate', 'Share of positive targets'],
  val_accuracy: ['val accuracy', ''],
  val_pr_auc: ['val PR-AUC', 'Area under the precision–recall curve on validation'],
  val_roc_auc: ['val ROC-AUC', 'Area under the ROC curve on validation'],
  chance_band: ['chance band', 'How far from chance a metric must be to mean anything at this sample size'],
  ratio: ['majority / minority', 'Count of the largest class over the smallest'],
  majorityClass: ['largest class', ''],
  minorityClass: ['smallest class', ''],
  counts: ['counts per class', ''],
  suggestedWeight: ['suggested weight', 'Weight that balances the classes'],
  suggestedSqrtWeight: ['suggested weight (√)', 'A milder, square-root weight'],
  first: ['first value', ''],
  last: ['last value', ''],
  constantModelLoss: ['constant-prediction loss', 'Loss of a model that always predicts the class frequencies'],
  levelVsConstant: ['level / constant', 'Plateau level relative to the constant-prediction loss (≈ 1: nothing learned)'],
  plateauStart: ['plateau from step', ''],
  dropBeforePlateau: ['drop before the plateau', ''],
  logK: ['ln K', 'Loss of a uniform guess over K classes'],
  doubleSoftmaxFloor: ['double-softmax floor', ''],
  padValue: ['padding value', 'Target value used for padding'],
  padShare: ['padding share', 'Share of targets that are padding'],
  padCount: ['padded targets', ''],
  ignoreIndex: ['ignore_index', 'The ignore_index the loss uses'],
  lossWithPadding: ['loss with padding', 'The loss as computed (padding counted)'],
  lossWithoutPadding: ['loss without padding', 'The loss with padding ignored'],
  labelSmoothing: ['label smoothing ε', ''],
  rareClasses: ['rare classes', ''],
  rareShares: ['their shares', ''],
  expectedUntrained: ['expected untrained loss', 'ln K for a fresh model'],
  expectedConstant: ['constant-prediction loss', ''],
  maxAbsLogit: ['largest |logit|', ''],
  maxMargin: ['largest margin', ''],
  saturatedShare: ['saturated share', ''],
};

const SECONDARY = /^(sampled|sampledRows|rowSum(Min|Max|Mean)|input(Min|Max)|worstIndex|float16SpacingAtMax|units|curve|steps)$/;

export function evidenceLabel(key: string): string {
  const known = LABELS[key];
  if (known) return known[0];
  return humanize(key.replace(/At05$/, ' at 0.5').replace(/Auc/g, 'AUC').replace(/^pr(?=[A-Z])/, 'PR ').replace(/^roc(?=[A-Z])/, 'ROC '));
}

export function evidenceTip(key: string): string {
  return LABELS[key]?.[1] ?? '';
}

/** The evidence split into what carries the argument (at most five) and the rest. */
export function splitEvidence<T>(rule: string, entries: Array<[string, T]>): { main: Array<[string, T]>; more: Array<[string, T]> } {
  const primary = PRIMARY[rule];
  let main: Array<[string, T]>;
  if (primary) {
    main = primary.map((k) => entries.find(([e]) => e === k)).filter((e): e is [string, T] => e !== undefined);
  } else {
    main = entries.filter(([k]) => !SECONDARY.test(k)).slice(0, 5);
  }
  const inMain = new Set(main.map(([k]) => k));
  return { main, more: entries.filter(([k]) => !inMain.has(k)) };
}
