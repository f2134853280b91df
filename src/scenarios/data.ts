/**
 * Synthetic data sets of the scenarios. The four tutorial problems follow the tutorial's recipe
 * (shapes, distributions, label rules); the "learnable" variants used by mistakes and sweeps make the
 * labels depend on X so that a fix shows up in the metrics.
 *
 * Each generator draws the training rows first and then `nVal` held-out rows of the same distribution
 * (the same true weights), so the training data is exactly the tutorial's and validation is a fresh
 * sample rather than a split that would shrink the training set.
 */
import type { Dataset } from '../engine/data/loader';
import type { Rng } from '../engine/data/rng';

export interface Split {
  train: Dataset;
  val: Dataset;
}

function normals(rng: Rng, n: number): Float64Array {
  return rng.fillNormal(new Float64Array(n));
}

/** X·W for X [n × d] and W [d × k]. */
function matmul(x: Float64Array, w: Float64Array, n: number, d: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += x[i * d + t] * w[t * k + j];
      out[i * k + j] = s;
    }
  }
  return out;
}

/** Regression: X ~ N(0,1) [n × d], w ~ N(0,1) [d × 1], y = X·w + noise·ε (noise 0.3 by default), times `scale`. */
export function regressionData(rng: Rng, n = 1024, nVal = 256, d = 16, scale = 1, noise = 0.3): Split {
  const x = normals(rng, n * d);
  const w = normals(rng, d);
  const make = (xs: Float64Array, rows: number): Dataset => {
    const y = matmul(xs, w, rows, d, 1);
    for (let i = 0; i < rows; i++) y[i] = scale * (y[i] + noise * rng.normal());
    return { x: xs, y, n: rows, xCols: d, yCols: 1 };
  };
  const train = make(x, n);
  const val = make(normals(rng, nVal * d), nVal);
  return { train, val };
}

/** Tutorial fraud: X ~ N(0,1) [n × 20], y ~ Bernoulli(0.05), independent of X. */
export function fraudData(rng: Rng, n = 2000, nVal = 400, d = 20, p = 0.05): Split {
  const make = (rows: number): Dataset => {
    const x = normals(rng, rows * d);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) y[i] = rng.uniform() < p ? 1 : 0;
    return { x, y, n: rows, xCols: d, yCols: 1 };
  };
  const train = make(n);
  return { train, val: make(nVal) };
}

/** Tutorial tags: X ~ N(0,1) [n × 32], 4 labels each true with probability 0.3, independent of X. */
export function tagsData(rng: Rng, n = 800, nVal = 160, d = 32, k = 4, p = 0.3): Split {
  const make = (rows: number): Dataset => {
    const x = normals(rng, rows * d);
    const y = new Float64Array(rows * k);
    for (let i = 0; i < rows * k; i++) y[i] = rng.uniform() > 1 - p ? 1 : 0;
    return { x, y, n: rows, xCols: d, yCols: k };
  };
  const train = make(n);
  return { train, val: make(nVal) };
}

/** Tutorial news: X ~ N(0,1) [n × 24], W ~ N(0,1) [24 × 5], y = argmax(X·W). */
export function newsData(rng: Rng, n = 1500, nVal = 300, d = 24, k = 5): Split {
  const x = normals(rng, n * d);
  const w = normals(rng, d * k);
  const make = (xs: Float64Array, rows: number): Dataset => {
    const s = matmul(xs, w, rows, d, k);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (s[i * k + j] > s[i * k + best]) best = j;
      y[i] = best;
    }
    return { x: xs, y, n: rows, xCols: d, yCols: 1 };
  };
  const train = make(x, n);
  return { train, val: make(normals(rng, nVal * d), nVal) };
}

/**
 * Learnable rare positives: y = 1[X·w/|w| + σ·ε > q], with q set from the normal quantile so that
 * about `p` of the rows are positive.
 */
export function rareBinaryData(rng: Rng, n = 2048, nVal = 1024, d = 20, p = 0.05, sigma = 0.6): Split {
  const w = normals(rng, d);
  let norm = 0;
  for (const v of w) norm += v * v;
  norm = Math.sqrt(norm);
  const q = normalQuantile(1 - p) * Math.sqrt(1 + sigma * sigma);
  const make = (rows: number): Dataset => {
    const x = normals(rng, rows * d);
    const s = matmul(x, w, rows, d, 1);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) y[i] = s[i] / norm + sigma * rng.normal() > q ? 1 : 0;
    return { x, y, n: rows, xCols: d, yCols: 1 };
  };
  const train = make(n);
  return { train, val: make(nVal) };
}

/** Learnable multilabel: label j true when (X·W)_j/|W_j| + σ·ε exceeds the quantile for rate `rates[j]`. */
export function learnableTagsData(rng: Rng, rates: number[], n = 1024, nVal = 512, d = 32, sigma = 0.8): Split {
  const k = rates.length;
  const w = normals(rng, d * k);
  const norms = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += w[t * k + j] ** 2;
    norms[j] = Math.sqrt(s);
  }
  const qs = rates.map((r) => normalQuantile(1 - r) * Math.sqrt(1 + sigma * sigma));
  const make = (rows: number): Dataset => {
    const x = normals(rng, rows * d);
    const s = matmul(x, w, rows, d, k);
    const y = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < k; j++) y[i * k + j] = s[i * k + j] / norms[j] + sigma * rng.normal() > qs[j] ? 1 : 0;
    }
    return { x, y, n: rows, xCols: d, yCols: k };
  };
  const train = make(n);
  return { train, val: make(nVal) };
}

export interface TaggingSplit extends Split {
  positions: number;
  padTag: number;
  tags: number;
}

/**
 * A toy sequence-tagging task: sentences of 2–`T` tokens from a vocabulary of `vocab` words, padded
 * to length T with token 0 (PAD). Each word has a fixed random embedding of `d` features (PAD's is
 * zero) and a tag in 1..`tags`; tag 0 marks padding. A dataset row is one sentence: T·d features,
 * T targets. Short sentences make padding about half of all positions.
 */
export function taggingData(rng: Rng, n = 512, nVal = 256, T = 16, vocab = 60, d = 16, tags = 4): TaggingSplit {
  const emb = normals(rng, vocab * d);
  emb.fill(0, 0, d);
  const tagOf = new Int32Array(vocab);
  for (let v = 1; v < vocab; v++) tagOf[v] = 1 + rng.int(tags);
  const make = (rows: number): Dataset => {
    const x = new Float64Array(rows * T * d);
    const y = new Float64Array(rows * T);
    for (let i = 0; i < rows; i++) {
      const len = 2 + rng.int(T - 1 - Math.floor(T / 3));
      for (let t = 0; t < T; t++) {
        const tok = t < len ? 1 + rng.int(vocab - 1) : 0;
        // Word embedding plus a little noise, so that the task is not a pure lookup.
        for (let f = 0; f < d; f++) x[(i * T + t) * d + f] = emb[tok * d + f] + (tok ? 0.3 * rng.normal() : 0);
        y[i * T + t] = tagOf[tok];
      }
    }
    return { x, y, n: rows, xCols: T * d, yCols: T };
  };
  const train = make(n);
  return { train, val: make(nVal), positions: T, padTag: 0, tags: tags + 1 };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const dd = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Gaussian classes: label k drawn with probability `shares[k]`, then x = μ_k + N(0, I) with class
 * means μ_k = `sep` · u_k for random orthonormal u_k (so every pair of classes is √2·sep apart,
 * whatever the seed), shared by the training and held-out rows. The classes overlap, so the
 * Bayes-optimal rule favours frequent classes: a loss that ignores the imbalance under-predicts the
 * rare ones. Needs d ≥ the number of classes.
 */
export function gaussianClassesData(rng: Rng, shares: number[], n: number, nVal: number, d: number, sep: number): Split {
  const k = shares.length;
  if (d < k) throw new RangeError(`gaussianClassesData: ${k} classes need at least ${k} features, got ${d}`);
  const mu = normals(rng, k * d);
  // Gram–Schmidt, then scale to length sep.
  for (let c = 0; c < k; c++) {
    for (let b = 0; b < c; b++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += mu[c * d + t] * mu[b * d + t];
      for (let t = 0; t < d; t++) mu[c * d + t] -= (dot / (sep * sep)) * mu[b * d + t];
    }
    let s = 0;
    for (let t = 0; t < d; t++) s += mu[c * d + t] ** 2;
    const f = sep / Math.sqrt(s);
    for (let t = 0; t < d; t++) mu[c * d + t] *= f;
  }
  const cdf: number[] = [];
  let acc = 0;
  for (const s of shares) cdf.push((acc += s));
  const make = (rows: number): Dataset => {
    const x = new Float64Array(rows * d);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const u = rng.uniform() * acc;
      let c = 0;
      while (c < k - 1 && u >= cdf[c]) c++;
      y[i] = c;
      for (let t = 0; t < d; t++) x[i * d + t] = mu[c * d + t] + rng.normal();
    }
    return { x, y, n: rows, xCols: d, yCols: 1 };
  };
  const train = make(n);
  return { train, val: make(nVal) };
}

/**
 * A copy of a class-label data set with a share `rate` of the labels replaced by a different class
 * drawn uniformly (symmetric label noise). Returns the copy and how many labels changed.
 */
export function withLabelNoise(rng: Rng, d: Dataset, k: number, rate: number): { data: Dataset; flipped: number } {
  const y = Float64Array.from(d.y);
  let flipped = 0;
  for (let i = 0; i < y.length; i++) {
    if (rng.uniform() >= rate) continue;
    const other = rng.int(k - 1);
    y[i] = other >= y[i] ? other + 1 : other;
    flipped++;
  }
  return { data: { ...d, y }, flipped };
}

/**
 * A copy of a regression data set where a share `rate` of the targets are gross outliers: the target
 * plus ± `size` times the targets' standard deviation (sign at random), as a data-entry or sensor error.
 */
export function withOutliers(rng: Rng, d: Dataset, rate: number, size: number): { data: Dataset; outliers: number } {
  const y = Float64Array.from(d.y);
  let m = 0;
  for (const v of y) m += v;
  m /= y.length;
  let s2 = 0;
  for (const v of y) s2 += (v - m) ** 2;
  const sd = Math.sqrt(s2 / y.length);
  let outliers = 0;
  for (let i = 0; i < y.length; i++) {
    if (rng.uniform() >= rate) continue;
    y[i] += (rng.uniform() < 0.5 ? -1 : 1) * size * sd;
    outliers++;
  }
  return { data: { ...d, y }, outliers };
}

/** Splits a data set's rows into the first `n` and the rest (no shuffling: rows are i.i.d. already). */
export function splitRows(d: Dataset, n: number): [Dataset, Dataset] {
  const part = (a: number, b: number): Dataset => ({
    x: d.x.slice(a * d.xCols, b * d.xCols), y: d.y.slice(a * d.yCols, b * d.yCols), n: b - a, xCols: d.xCols, yCols: d.yCols,
  });
  return [part(0, n), part(n, d.n)];
}

/** A copy of a data set with every input feature multiplied by `scale` (unnormalised raw features). */
export function scaleFeatures(d: Dataset, scale: number): Dataset {
  return { ...d, x: d.x.map((v) => v * scale) };
}
