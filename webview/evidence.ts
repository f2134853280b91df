/**
 * Evidence tables that carry the argument: per rule, the few numbers that make the case (plain labels,
 * a tooltip saying what each is); the rest behind "more". Keys no table names keep their order and a
 * readable label; the bookkeeping ones (sampling flags, extremes) go behind "more".
 */
import { l10n, perLanguage } from '../src/l10n';
import { humanize, metricLabel, metricTip } from './format';

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

/** Plain labels and what each number means (in the page's language: built when asked). */
const labels = perLanguage((): Record<string, [string, string]> => ({
  rows: [l10n.t('rows checked'), l10n.t('Rows of the input the rule looked at')],
  numClasses: [l10n.t('classes (K)'), l10n.t('Number of classes')],
  rowsSummingToOne: [l10n.t('rows summing to 1'), l10n.t('Rows of the input that already sum to 1, i.e. look like probabilities')],
  loss: [l10n.t('loss'), l10n.t('The loss recomputed from the case')],
  lossFloor: [l10n.t('lowest reachable loss'), l10n.t('The smallest loss possible with inputs like these (e.g. probabilities fed as logits)')],
  lossIfLogitsWereUsed: [l10n.t('loss on logits'), l10n.t('The loss if the same predictions were passed as logits')],
  gradientRatio: [l10n.t('gradient ratio'), l10n.t('Gradient size relative to the correct setup')],
  prevalence: [l10n.t('positive rate'), l10n.t('Share of positive targets')],
  f1At05: [l10n.t('F1 at threshold 0.5'), l10n.t('F1 when predicting positive above probability 0.5')],
  precisionAt05: [l10n.t('precision at 0.5'), l10n.t('Precision at probability threshold 0.5')],
  recallAt05: [l10n.t('recall at 0.5'), l10n.t('Recall at probability threshold 0.5')],
  bestF1: [l10n.t('best F1'), l10n.t('F1 at the best threshold')],
  bestThresholdProb: [l10n.t('best threshold'), l10n.t('Probability threshold with the best F1')],
  bestThresholdLogit: [l10n.t('best threshold (logit)'), l10n.t('The best threshold as a logit')],
  precisionAtBest: [l10n.t('precision at best threshold'), ''],
  recallAtBest: [l10n.t('recall at best threshold'), ''],
  prAuc: [l10n.t('PR-AUC'), l10n.t('Area under the precision–recall curve (chance = the positive rate)')],
  rocAuc: [l10n.t('ROC-AUC'), l10n.t('Area under the ROC curve (chance = 0.5)')],
  sampled: [l10n.t('computed on a sample'), l10n.t('Whether only a sample of the rows was used')],
  sampledRows: [l10n.t('rows sampled'), l10n.t('Rows used when the case was sampled')],
  chance_band: [l10n.t('chance band'), l10n.t('How far from chance a metric must be to mean anything at this sample size')],
  ratio: [l10n.t('majority / minority'), l10n.t('Count of the largest class over the smallest')],
  majorityClass: [l10n.t('largest class'), ''],
  minorityClass: [l10n.t('smallest class'), ''],
  counts: [l10n.t('counts per class'), ''],
  suggestedWeight: [l10n.t('suggested weight'), l10n.t('Weight that balances the classes')],
  suggestedSqrtWeight: [l10n.t('suggested weight (√)'), l10n.t('A milder, square-root weight')],
  first: [l10n.t('first value'), ''],
  last: [l10n.t('last value'), ''],
  constantModelLoss: [l10n.t('constant-prediction loss'), l10n.t('Loss of a model that always predicts the class frequencies')],
  levelVsConstant: [l10n.t('level / constant'), l10n.t('Plateau level relative to the constant-prediction loss (≈ 1: nothing learned)')],
  plateauStart: [l10n.t('plateau from step'), ''],
  dropBeforePlateau: [l10n.t('drop before the plateau'), ''],
  logK: [l10n.t('ln K'), l10n.t('Loss of a uniform guess over K classes')],
  doubleSoftmaxFloor: [l10n.t('double-softmax floor'), ''],
  padValue: [l10n.t('padding value'), l10n.t('Target value used for padding')],
  padShare: [l10n.t('padding share'), l10n.t('Share of targets that are padding')],
  padCount: [l10n.t('padded targets'), ''],
  ignoreIndex: [l10n.t('ignore_index'), l10n.t('The ignore_index the loss uses')],
  lossWithPadding: [l10n.t('loss with padding'), l10n.t('The loss as computed (padding counted)')],
  lossWithoutPadding: [l10n.t('loss without padding'), l10n.t('The loss with padding ignored')],
  labelSmoothing: [l10n.t('label smoothing ε'), ''],
  rareClasses: [l10n.t('rare classes'), ''],
  rareShares: [l10n.t('their shares'), ''],
  expectedUntrained: [l10n.t('expected untrained loss'), l10n.t('ln K for a fresh model')],
  expectedConstant: [l10n.t('constant-prediction loss'), ''],
  maxAbsLogit: [l10n.t('largest |logit|'), ''],
  maxMargin: [l10n.t('largest margin'), ''],
  saturatedShare: [l10n.t('saturated share'), ''],
}));

const SECONDARY = /^(sampled|sampledRows|rowSum(Min|Max|Mean)|input(Min|Max)|worstIndex|float16SpacingAtMax|units|curve|steps)$/;

export function evidenceLabel(key: string): string {
  const known = labels()[key];
  if (known) return known[0];
  if (key.includes('_')) return metricLabel(key); // scenario metrics (val_pr_auc, positive_rate): the panel's own names
  return humanize(key.replace(/At05$/, ' at 0.5').replace(/Auc/g, 'AUC').replace(/^pr(?=[A-Z])/, 'PR ').replace(/^roc(?=[A-Z])/, 'ROC '));
}

export function evidenceTip(key: string): string {
  return labels()[key]?.[1] ?? (key.includes('_') ? metricTip(key) : '');
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
