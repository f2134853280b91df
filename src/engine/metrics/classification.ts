/**
 * Classification metrics from predicted and true class indices (multi-class), or from scores and
 * 0/1 labels (binary). Conventions follow scikit-learn: precision with no predicted positives is 0
 * (zero_division=0); recall of a class with no true members is 0 for the macro average as well.
 */

/** Fraction of positions where `pred[i] === truth[i]` (NaN for empty input). */
export function accuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (pred.length !== truth.length) throw new RangeError(`accuracy: ${pred.length} predictions but ${truth.length} labels`);
  if (pred.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) ok++;
  return ok / pred.length;
}

/** Row-wise argmax of a row-major [rows × cols] matrix (first maximum on ties, like torch.argmax). */
export function argmaxRows(scores: ArrayLike<number>, rows: number, cols: number, out: Int32Array = new Int32Array(rows)): Int32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let best = 0;
    let bv = scores[o];
    for (let j = 1; j < cols; j++) {
      const v = scores[o + j];
      if (v > bv || (Number.isNaN(v) && !Number.isNaN(bv))) { bv = v; best = j; }
    }
    out[r] = best;
  }
  return out;
}

/** counts[t][p]: rows are the true class, columns the predicted class. Out-of-range labels are skipped. */
export function confusionMatrix(pred: ArrayLike<number>, truth: ArrayLike<number>, numClasses: number): number[][] {
  const m: number[][] = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < pred.length; i++) {
    const t = truth[i], p = pred[i];
    if (t >= 0 && t < numClasses && p >= 0 && p < numClasses && Number.isInteger(t) && Number.isInteger(p)) m[t][p]++;
  }
  return m;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall and F1 of one class from a confusion matrix (zero_division = 0). */
export function classPRF(cm: number[][], k: number): PRF {
  const tp = cm[k][k];
  let predPos = 0, support = 0;
  for (let i = 0; i < cm.length; i++) { predPos += cm[i][k]; support += cm[k][i]; }
  const precision = predPos > 0 ? tp / predPos : 0;
  const recall = support > 0 ? tp / support : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support };
}

export interface MacroPRF {
  precision: number;
  recall: number;
  f1: number;
  perClass: PRF[];
}

/** Unweighted mean over classes of per-class precision, recall and F1 (sklearn's average='macro'). */
export function macroPRF(pred: ArrayLike<number>, truth: ArrayLike<number>, numClasses: number): MacroPRF {
  const cm = confusionMatrix(pred, truth, numClasses);
  const perClass = cm.map((_, k) => classPRF(cm, k));
  const mean = (f: (p: PRF) => number): number => perClass.reduce((s, p) => s + f(p), 0) / Math.max(1, numClasses);
  return { precision: mean((p) => p.precision), recall: mean((p) => p.recall), f1: mean((p) => p.f1), perClass };
}

export interface BinaryPRF {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Binary metrics predicting positive when `score >= threshold` (labels are positive when >= 0.5).
 * Precision with no predicted positives is 0, recall with no positives 0, F1 = 2TP / (2TP + FP + FN)
 * (0 when that is 0/0).
 */
export function binaryPRF(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): BinaryPRF {
  if (scores.length !== labels.length) throw new RangeError(`binaryPRF: ${scores.length} scores but ${labels.length} labels`);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pos = labels[i] >= 0.5;
    if (scores[i] >= threshold) { if (pos) tp++; else fp++; } else if (pos) fn++; else tn++;
  }
  const n = tp + fp + tn + fn;
  const d = 2 * tp + fp + fn;
  return {
    tp, fp, tn, fn,
    accuracy: n ? (tp + tn) / n : NaN,
    precision: tp + fp ? tp / (tp + fp) : 0,
    recall: tp + fn ? tp / (tp + fn) : 0,
    f1: d ? (2 * tp) / d : 0,
  };
}
