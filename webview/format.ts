/** Number and value formatting for tables and captions. */
import { l10n, perLanguage } from '../src/l10n';
import type { EvidenceValue } from '../src/shapes/index';

export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(Math.max(1, digits - 2));
  return String(Number(v.toPrecision(digits)));
}

export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}

export function fmtValue(v: number | string | null): string {
  return typeof v === 'number' || v === null ? fmt(v) : v;
}

export function fmtEvidence(v: EvidenceValue): string {
  if (v === null) return '—';
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? l10n.t('yes') : l10n.t('no');
  if (Array.isArray(v)) {
    const items = (v as Array<number | string>).slice(0, 20).map((x) => (typeof x === 'number' ? fmt(x) : x));
    return `[${items.join(', ')}${v.length > 20 ? `, … (${l10n.t('{0} in all', v.length)})` : ''}]`;
  }
  return Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'number' || x === null ? fmt(x) : x}`).join(', ');
}

/** `rows_summing_to_one` and `rowsSummingToOne` → `rows summing to one` (acronyms like `prAuc` → `pr auc`). */
export function humanize(key: string): string {
  return key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/\b([A-Z])([a-z])/g, (_m, a: string, b: string) => a.toLowerCase() + b);
}

/** Plain names for the metrics and columns scenarios report (`val_pr_auc` → `val PR-AUC`), in the page's language. */
const metricLabels = perLanguage((): Record<string, [string, string]> => ({
  train_loss: [l10n.t('train loss'), l10n.t('Mean loss over the training set')],
  val_loss: [l10n.t('val loss'), l10n.t('Loss on the held-out validation set')],
  accuracy: [l10n.t('accuracy'), l10n.t('Share of correct predictions')],
  f1: [l10n.t('F1'), l10n.t('Harmonic mean of precision and recall of the positive class (threshold 0.5)')],
  best_f1: [l10n.t('best F1'), l10n.t('F1 at the threshold that maximises it')],
  best_f1_threshold: [l10n.t('best-F1 threshold'), l10n.t('The probability threshold that maximises F1')],
  precision: [l10n.t('precision'), l10n.t('Share of predicted positives that are positive (threshold 0.5)')],
  recall: [l10n.t('recall'), l10n.t('Share of positives found (threshold 0.5)')],
  pr_auc: [l10n.t('PR-AUC'), l10n.t('Area under the precision–recall curve (chance = the positive rate)')],
  roc_auc: [l10n.t('ROC-AUC'), l10n.t('Area under the ROC curve (chance = 0.5)')],
  micro_roc_auc: [l10n.t('micro ROC-AUC'), l10n.t('ROC-AUC over all labels pooled')],
  ece: [l10n.t('ECE'), l10n.t('Expected calibration error: gap between confidence and accuracy (lower is better)')],
  macro_f1: [l10n.t('macro F1'), l10n.t('F1 averaged over the classes, each counting equally')],
  min_class_recall: [l10n.t('smallest class recall'), l10n.t('Recall of the class the model finds worst')],
  balanced_accuracy: [l10n.t('balanced accuracy'), l10n.t('Recall averaged over the classes')],
  majority_rate: [l10n.t('majority-class rate'), l10n.t('Accuracy of always predicting the most frequent class')],
  positive_rate: [l10n.t('positive rate'), l10n.t('Share of positives in the data')],
  exact_match: [l10n.t('exact match'), l10n.t('Share of samples with every label right')],
  mse: [l10n.t('MSE'), l10n.t('Mean squared error')],
  rmse: [l10n.t('RMSE'), l10n.t('Root mean squared error')],
  mae: [l10n.t('MAE'), l10n.t('Mean absolute error')],
  r2: [l10n.t('R²'), l10n.t('Coefficient of determination (1 is perfect, 0 is predicting the mean)')],
  padding_share: [l10n.t('padding share'), l10n.t('Share of positions that are padding')],
  accuracy_with_padding: [l10n.t('accuracy incl. padding'), l10n.t('Accuracy counting padded positions (inflated)')],
  epochs_to_target: [l10n.t('epochs to target'), l10n.t('First epoch whose loss reached the target')],
  label_smoothing: [l10n.t('label smoothing ε'), l10n.t('CrossEntropyLoss(label_smoothing=ε)')],
  pos_weight: [l10n.t('pos_weight'), l10n.t('BCEWithLogitsLoss(pos_weight=…): weight of the positive class')],
}));

export function metricLabel(key: string): string {
  const val = /^val_/.test(key);
  const test = /^test_/.test(key);
  const base = key.replace(/^(val|test)_/, '');
  const labels = metricLabels();
  const known = labels[key] ?? labels[base];
  if (known && (key in labels)) return known[0];
  if (known) return val ? l10n.t('val {0}', known[0]) : test ? l10n.t('test {0}', known[0]) : known[0];
  // a prose header of a scenario's comparison table (translated with the scenario texts)
  const fired = /^(\S+) fired$/.exec(key);
  if (fired) return l10n.t('{0} fired', fired[1]);
  const translated = l10n.t(key);
  return translated !== key ? translated : humanize(key);
}

export function metricTip(key: string): string {
  const base = key.replace(/^(val|test)_/, '');
  const labels = metricLabels();
  const known = labels[key] ?? labels[base];
  if (!known) return '';
  return /^val_/.test(key) ? l10n.t('{0} (held-out validation set)', known[1]) : /^test_/.test(key) ? l10n.t('{0} (test set)', known[1]) : known[1];
}
