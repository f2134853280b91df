/** Multilabel metrics: scores and 0/1 labels laid out [rows × labels], each label a binary problem. */
import { averagePrecision, rocAuc } from './binary';
import { binaryPRF, type BinaryPRF } from './classification';

export interface LabelMetrics extends BinaryPRF {
  label: number;
  /** Share of rows where the label is true. */
  prevalence: number;
  prAuc: number;
  rocAuc: number;
}

export interface MultilabelMetrics {
  perLabel: LabelMetrics[];
  /** Mean over labels. */
  macro: { precision: number; recall: number; f1: number; prAuc: number; rocAuc: number };
  /** Over all (row, label) entries pooled. */
  micro: BinaryPRF & { prAuc: number; rocAuc: number };
  /** Share of rows with every label right. */
  exactMatch: number;
  /** Share of (row, label) entries right (1 − Hamming loss). */
  elementAccuracy: number;
}

function column(a: ArrayLike<number>, rows: number, cols: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = a[r * cols + j];
  return out;
}

/** `scores` are probabilities (or any score where >= threshold means positive). */
export function multilabelMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, rows: number, cols: number, threshold = 0.5): MultilabelMetrics {
  const perLabel: LabelMetrics[] = [];
  for (let j = 0; j < cols; j++) {
    const s = column(scores, rows, cols, j), l = column(labels, rows, cols, j);
    let pos = 0;
    for (let r = 0; r < rows; r++) if (l[r] >= 0.5) pos++;
    perLabel.push({ label: j, ...binaryPRF(s, l, threshold), prevalence: rows ? pos / rows : NaN, prAuc: averagePrecision(s, l), rocAuc: rocAuc(s, l) });
  }
  const mean = (f: (m: LabelMetrics) => number): number => perLabel.reduce((a, m) => a + f(m), 0) / Math.max(1, cols);
  let exact = 0;
  for (let r = 0; r < rows; r++) {
    let ok = true;
    for (let j = 0; j < cols; j++) if ((scores[r * cols + j] >= threshold) !== (labels[r * cols + j] >= 0.5)) { ok = false; break; }
    if (ok) exact++;
  }
  const micro = binaryPRF(scores, labels, threshold);
  return {
    perLabel,
    macro: { precision: mean((m) => m.precision), recall: mean((m) => m.recall), f1: mean((m) => m.f1), prAuc: mean((m) => m.prAuc), rocAuc: mean((m) => m.rocAuc) },
    micro: { ...micro, prAuc: averagePrecision(scores, labels), rocAuc: rocAuc(scores, labels) },
    exactMatch: rows ? exact / rows : NaN,
    elementAccuracy: micro.accuracy,
  };
}
