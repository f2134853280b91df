/** Number and value formatting for tables and captions. */
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
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) {
    const items = (v as Array<number | string>).slice(0, 20).map((x) => (typeof x === 'number' ? fmt(x) : x));
    return `[${items.join(', ')}${v.length > 20 ? `, … (${v.length} in all)` : ''}]`;
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

/** Plain names for the metrics and columns scenarios report (`val_pr_auc` → `val PR-AUC`). */
const METRIC_LABELS: Record<string, [string, string]> = {
  train_loss: ['train loss', 'Mean loss over the training set'],
  val_loss: ['val loss', 'Loss on the held-out validation set'],
  accuracy: ['accuracy', 'Share of correct predictions'],
  f1: ['F1', 'Harmonic mean of precision and recall of the positive class (threshold 0.5)'],
  best_f1: ['best F1', 'F1 at the threshold that maximises it'],
  best_f1_threshold: ['best-F1 threshold', 'The probability threshold that maximises F1'],
  precision: ['precision', 'Share of predicted positives that are positive (threshold 0.5)'],
  recall: ['recall', 'Share of positives found (threshold 0.5)'],
  pr_auc: ['PR-AUC', 'Area under the precision–recall curve (chance = the positive rate)'],
  roc_auc: ['ROC-AUC', 'Area under the ROC curve (chance = 0.5)'],
  micro_roc_auc: ['micro ROC-AUC', 'ROC-AUC over all labels pooled'],
  ece: ['ECE', 'Expected calibration error: gap between confidence and accuracy (lower is better)'],
  macro_f1: ['macro F1', 'F1 averaged over the classes, each counting equally'],
  min_class_recall: ['smallest class recall', 'Recall of the class the model finds worst'],
  balanced_accuracy: ['balanced accuracy', 'Recall averaged over the classes'],
  majority_rate: ['majority-class rate', 'Accuracy of always predicting the most frequent class'],
  positive_rate: ['positive rate', 'Share of positives in the data'],
  exact_match: ['exact match', 'Share of samples with every label right'],
  mse: ['MSE', 'Mean squared error'],
  rmse: ['RMSE', 'Root mean squared error'],
  mae: ['MAE', 'Mean absolute error'],
  r2: ['R²', 'Coefficient of determination (1 is perfect, 0 is predicting the mean)'],
  padding_share: ['padding share', 'Share of positions that are padding'],
  accuracy_with_padding: ['accuracy incl. padding', 'Accuracy counting padded positions (inflated)'],
  epochs_to_target: ['epochs to target', 'First epoch whose loss reached the target'],
  label_smoothing: ['label smoothing ε', 'CrossEntropyLoss(label_smoothing=ε)'],
  pos_weight: ['pos_weight', 'BCEWithLogitsLoss(pos_weight=…): weight of the positive class'],
};

export function metricLabel(key: string): string {
  const val = /^val_/.test(key);
  const test = /^test_/.test(key);
  const base = key.replace(/^(val|test)_/, '');
  const known = METRIC_LABELS[key] ?? METRIC_LABELS[base];
  if (known && (key in METRIC_LABELS)) return known[0];
  if (known) return `${val ? 'val ' : test ? 'test ' : ''}${known[0]}`;
  return humanize(key);
}

export function metricTip(key: string): string {
  const base = key.replace(/^(val|test)_/, '');
  const known = METRIC_LABELS[key] ?? METRIC_LABELS[base];
  const where = /^val_/.test(key) ? ' (held-out validation set)' : /^test_/.test(key) ? ' (test set)' : '';
  return known ? `${known[1]}${where}` : '';
}
