/**
 * Expected calibration error with its reliability diagram. Confidence is the maximum predicted
 * probability of a row and a row is correct when its argmax equals the label. Rows go into `bins`
 * equal-width bins of confidence over [0, 1] (bin b holds (b/B, (b+1)/B], the first bin also 0);
 * ECE = Σ_b (n_b / n)·|accuracy_b − confidence_b|.
 */
import { sigmoid } from '../numeric';

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence of the rows in the bin (NaN when empty). */
  confidence: number;
  /** Accuracy of the rows in the bin (NaN when empty). */
  accuracy: number;
}

export interface Calibration {
  ece: number;
  /** Maximum calibration error over non-empty bins. */
  mce: number;
  bins: CalibrationBin[];
}

/** ECE from per-row confidences and correctness flags. */
export function calibrationFrom(confidence: ArrayLike<number>, correct: ArrayLike<number | boolean>, bins = 15): Calibration {
  const n = confidence.length;
  const cnt = new Float64Array(bins), conf = new Float64Array(bins), acc = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const c = confidence[i];
    // (b/B, (b+1)/B]: ceil(c·B) − 1, clamped so that 0 lands in the first bin.
    let b = Math.ceil(c * bins) - 1;
    if (b < 0) b = 0;
    if (b >= bins) b = bins - 1;
    cnt[b]++;
    conf[b] += c;
    acc[b] += correct[i] ? 1 : 0;
  }
  let ece = 0, mce = 0;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const k = cnt[b];
    const mc = k ? conf[b] / k : NaN;
    const ma = k ? acc[b] / k : NaN;
    if (k) {
      const gap = Math.abs(ma - mc);
      ece += (k / n) * gap;
      if (gap > mce) mce = gap;
    }
    out.push({ lo: b / bins, hi: (b + 1) / bins, count: k, confidence: mc, accuracy: ma });
  }
  return { ece: n ? ece : NaN, mce: n ? mce : NaN, bins: out };
}

/** ECE of a multi-class model from probabilities [rows × cols] (rows sum to 1) and class labels. */
export function expectedCalibrationError(probs: ArrayLike<number>, rows: number, cols: number, labels: ArrayLike<number>, bins = 15): Calibration {
  const confidence = new Float64Array(rows);
  const correct = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let best = 0, bv = probs[o];
    for (let j = 1; j < cols; j++) if (probs[o + j] > bv) { bv = probs[o + j]; best = j; }
    confidence[r] = bv;
    correct[r] = best === labels[r] ? 1 : 0;
  }
  return calibrationFrom(confidence, correct, bins);
}

/** Row-wise softmax of logits [rows × cols] into a new array. */
export function softmaxRows(logits: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (logits[o + j] > m) m = logits[o + j];
    let s = 0;
    for (let j = 0; j < cols; j++) { const e = Math.exp(logits[o + j] - m); out[o + j] = e; s += e; }
    for (let j = 0; j < cols; j++) out[o + j] /= s;
  }
  return out;
}

/** Elementwise logistic sigmoid into a new array. */
export function sigmoidAll(z: ArrayLike<number>): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = sigmoid(z[i]);
  return out;
}
