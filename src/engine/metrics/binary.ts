/**
 * Binary ranking metrics from (scores, labels): the precision-recall curve, average precision,
 * ROC-AUC, precision/recall/F1 at a threshold and the best-F1 threshold.
 *
 * Conventions (those of scikit-learn):
 * - a sample is predicted positive when `score >= threshold`;
 * - a label counts as positive when it is >= 0.5 (so 0/1 labels and soft labels both work);
 * - samples whose score is NaN (or whose label is NaN) are skipped;
 * - average precision is sklearn's `average_precision_score`: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the
 *   distinct score thresholds in decreasing order (tied scores enter together, no interpolation);
 * - ROC-AUC is the probability that a random positive scores above a random negative, ties ½
 *   (sklearn's `roc_auc_score`, the Mann–Whitney U statistic).
 * Metrics that are undefined (no positives for AP and recall, a single class for ROC-AUC) are NaN.
 *
 * Pure: no I/O. O(n log n) time (one sort), O(n) memory.
 */

export type Scores = ArrayLike<number>;
export type Labels = ArrayLike<number>;

export interface PRPoint {
  /** Samples with score >= threshold are predicted positive. */
  threshold: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ThresholdMetrics extends Confusion {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Scores sorted in decreasing order with their binary labels (NaN pairs dropped). */
interface Sorted {
  scores: Float64Array;
  pos: Uint8Array;
  nPos: number;
  n: number;
}

function sortDesc(scores: Scores, labels: Labels): Sorted {
  if (scores.length !== labels.length) {
    throw new RangeError(`binary metrics: ${scores.length} scores but ${labels.length} labels`);
  }
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isNaN(scores[i]) && !Number.isNaN(labels[i])) idx.push(i);
  }
  idx.sort((a, b) => scores[b] - scores[a] || a - b);
  const n = idx.length;
  const s = new Float64Array(n);
  const p = new Uint8Array(n);
  let nPos = 0;
  for (let k = 0; k < n; k++) {
    s[k] = scores[idx[k]];
    if (labels[idx[k]] >= 0.5) { p[k] = 1; nPos++; }
  }
  return { scores: s, pos: p, nPos, n };
}

/** Walks the distinct thresholds in decreasing order, calling `visit` with cumulative counts. */
function walk(sorted: Sorted, visit: (threshold: number, tp: number, fp: number) => void): void {
  let tp = 0;
  let fp = 0;
  const { scores, pos, n } = sorted;
  for (let k = 0; k < n; k++) {
    if (pos[k]) tp++; else fp++;
    // Scores equal to the next one join the same threshold (ties enter together). Infinity === Infinity.
    if (k === n - 1 || scores[k + 1] !== scores[k]) visit(scores[k], tp, fp);
  }
}

/**
 * The precision-recall curve: one point per distinct score, thresholds decreasing (recall
 * non-decreasing). Recall is NaN when there are no positives.
 */
export function prCurve(scores: Scores, labels: Labels): PRPoint[] {
  const sorted = sortDesc(scores, labels);
  const out: PRPoint[] = [];
  walk(sorted, (threshold, tp, fp) => {
    out.push({ threshold, precision: tp / (tp + fp), recall: sorted.nPos ? tp / sorted.nPos : NaN, tp, fp });
  });
  return out;
}

/** sklearn's `average_precision_score` (step-wise, no interpolation). NaN without positives. */
export function averagePrecision(scores: Scores, labels: Labels): number {
  return apSorted(sortDesc(scores, labels));
}

function apSorted(sorted: Sorted): number {
  if (sorted.nPos === 0) return NaN;
  let ap = 0;
  let prevTp = 0;
  walk(sorted, (_t, tp, fp) => {
    if (tp !== prevTp) {
      ap += ((tp - prevTp) / sorted.nPos) * (tp / (tp + fp));
      prevTp = tp;
    }
  });
  return ap;
}

/** ROC-AUC with ties counted ½. NaN when only one class is present. */
export function rocAuc(scores: Scores, labels: Labels): number {
  return aucSorted(sortDesc(scores, labels));
}

function aucSorted(sorted: Sorted): number {
  const nNeg = sorted.n - sorted.nPos;
  if (sorted.nPos === 0 || nNeg === 0) return NaN;
  // Walk groups of tied scores from the top: each positive beats every negative below its group
  // and ties with the negatives in its group.
  let wins = 0;
  let negAbove = 0;
  let tpPrev = 0;
  let fpPrev = 0;
  walk(sorted, (_t, tp, fp) => {
    const gPos = tp - tpPrev;
    const gNeg = fp - fpPrev;
    // Positives in this group beat negatives strictly below: nNeg − negAbove − gNeg; tie gNeg.
    wins += gPos * (nNeg - negAbove - gNeg) + 0.5 * gPos * gNeg;
    negAbove += gNeg;
    tpPrev = tp;
    fpPrev = fp;
  });
  return wins / (sorted.nPos * nNeg);
}

function metricsFrom(threshold: number, c: Confusion): ThresholdMetrics {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : NaN;
  const denom = 2 * c.tp + c.fp + c.fn;
  const f1 = denom > 0 ? (2 * c.tp) / denom : NaN;
  return { threshold, precision, recall, f1, ...c };
}

/**
 * Precision, recall and F1 when predicting positive for `score >= threshold`. Precision with no
 * predicted positives is 0 (sklearn's `zero_division=0`); recall without positives is NaN; F1 is
 * 2·TP / (2·TP + FP + FN), NaN only when there are neither positives nor predicted positives.
 */
export function atThreshold(scores: Scores, labels: Labels, threshold: number): ThresholdMetrics {
  if (scores.length !== labels.length) {
    throw new RangeError(`binary metrics: ${scores.length} scores but ${labels.length} labels`);
  }
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    const l = labels[i];
    if (Number.isNaN(s) || Number.isNaN(l)) continue;
    const pos = l >= 0.5;
    if (s >= threshold) { if (pos) c.tp++; else c.fp++; } else if (pos) c.fn++; else c.tn++;
  }
  return metricsFrom(threshold, c);
}

/**
 * The threshold (one of the distinct scores) that maximises F1, predicting positive for
 * `score >= threshold`. On ties the highest such threshold wins. NaN fields without positives.
 */
export function bestF1(scores: Scores, labels: Labels): ThresholdMetrics {
  return bestF1Sorted(sortDesc(scores, labels));
}

function bestF1Sorted(sorted: Sorted): ThresholdMetrics {
  const nNeg = sorted.n - sorted.nPos;
  if (sorted.nPos === 0) {
    return { threshold: NaN, precision: NaN, recall: NaN, f1: NaN, tp: 0, fp: 0, tn: nNeg, fn: 0 };
  }
  let best: ThresholdMetrics | undefined;
  walk(sorted, (threshold, tp, fp) => {
    const f1 = (2 * tp) / (2 * tp + fp + (sorted.nPos - tp));
    if (best === undefined || f1 > best.f1) {
      best = metricsFrom(threshold, { tp, fp, tn: nNeg - fp, fn: sorted.nPos - tp });
    }
  });
  return best as ThresholdMetrics;
}

/** Everything at once for a report: AP, ROC-AUC, prevalence, metrics at `threshold` and at the best-F1 threshold. */
export interface BinarySummary {
  n: number;
  positives: number;
  prevalence: number;
  averagePrecision: number;
  rocAuc: number;
  at: ThresholdMetrics;
  best: ThresholdMetrics;
}

export function binarySummary(scores: Scores, labels: Labels, threshold: number): BinarySummary {
  const sorted = sortDesc(scores, labels);
  return {
    n: sorted.n,
    positives: sorted.nPos,
    prevalence: sorted.n ? sorted.nPos / sorted.n : NaN,
    averagePrecision: apSorted(sorted),
    rocAuc: aucSorted(sorted),
    at: atThreshold(scores, labels, threshold),
    best: bestF1Sorted(sorted),
  };
}
