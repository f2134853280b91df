/**
 * Realistic loss cases for the quality test: seeded, fast to generate even at (2048, 32000).
 * `clean*` builders are correct setups; each `planted*` builder plants exactly one mistake.
 */
import { tensor } from '../../../src/engine/tensor';
import type { LossCase } from '../../../src/io/types';
import { classifierLogits, mkCase, seeded } from './harness';

/** Fast LCG-based bell-shaped noise (sum of 2 uniforms: triangular, unit variance). */
export function fastNoise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return () => (u() + u() - 1) * Math.sqrt(6);
}

/**
 * Language-model logits (rows, V) in float32: a Zipf-like log-prior over the vocabulary plus noise,
 * and `margin` on the target token (a partly trained model). Targets follow the same prior.
 */
export function lmLogits(opts: { rows: number; V: number; seed: number; margin?: number; noise?: number }): { logits: Float32Array; labels: Float64Array } {
  const { rows, V, seed } = opts;
  const margin = opts.margin ?? 4;
  const noise = opts.noise ?? 1.2;
  const nz = fastNoise(seed);
  const r = seeded(seed + 1);
  const prior = new Float32Array(V);
  for (let c = 0; c < V; c++) prior[c] = -0.6 * Math.log(c + 2);
  const labels = new Float64Array(rows);
  const x = new Float32Array(rows * V);
  for (let i = 0; i < rows; i++) {
    // Zipf-ish token: floor(V^u) - 1 is heavy on small ids.
    const y = Math.min(V - 1, Math.floor(Math.pow(V, r.uniform())) - 1);
    labels[i] = y;
    const off = i * V;
    for (let c = 0; c < V; c++) x[off + c] = prior[c] + noise * nz();
    x[off + y] += margin;
  }
  return { logits: x, labels };
}

/** Row softmax in place (float32 buffer, float64 arithmetic). */
export function softmaxInPlace(x: Float32Array | Float64Array, rows: number, k: number): void {
  for (let i = 0; i < rows; i++) {
    const off = i * k;
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (x[off + c] > m) m = x[off + c];
    let s = 0;
    for (let c = 0; c < k; c++) { const e = Math.exp(x[off + c] - m); x[off + c] = e; s += e; }
    for (let c = 0; c < k; c++) x[off + c] /= s;
  }
}

export function logSoftmaxInPlace(x: Float32Array | Float64Array, rows: number, k: number): void {
  softmaxInPlace(x, rows, k);
  for (let i = 0; i < x.length; i++) x[i] = Math.log(x[i]);
}

/**
 * Token targets for B sequences of length L, right-padded with `pad` after a random length in
 * [minLen, L]; token ids from `labels` (cycled). Returned flat (B·L).
 */
export function paddedTargets(labels: ArrayLike<number>, B: number, L: number, pad: number, seed: number, minLen = 4): Float64Array {
  const r = seeded(seed);
  const out = new Float64Array(B * L);
  let j = 0;
  for (let b = 0; b < B; b++) {
    const len = minLen + r.int(L - minLen + 1);
    for (let l = 0; l < L; l++) out[b * L + l] = l < len ? labels[j++ % labels.length] : pad;
  }
  return out;
}

const sig = (z: number): number => 1 / (1 + Math.exp(-z));

/** Binary scores: logits with a class-dependent mean, labels with the given positive rate. */
export function binaryLogits(n: number, rate: number, seed: number, labels = 1): { x: Float64Array; y: Float64Array } {
  const r = seeded(seed);
  const x = new Float64Array(n * labels), y = new Float64Array(n * labels);
  for (let i = 0; i < n * labels; i++) {
    const pos = r.uniform() < rate;
    y[i] = pos ? 1 : 0;
    x[i] = r.normal() * 1.3 + (pos ? 1.2 : -1.2) + Math.log(rate / (1 - rate));
  }
  return { x, y };
}

/** Student and teacher logits (rows, k) for distillation, both already divided by the temperature T. */
export function distillLogits(rows: number, k: number, seed: number, T: number): { student: Float32Array; teacher: Float32Array } {
  const c = classifierLogits({ n: rows, k, seed });
  const r = seeded(seed + 1);
  const student = new Float32Array(rows * k), teacher = new Float32Array(rows * k);
  for (let i = 0; i < rows * k; i++) {
    student[i] = c.logits[i] / T;
    teacher[i] = (c.logits[i] + r.normal()) / T;
  }
  return { student, teacher };
}

// ---------------------------------------------------------------------------------------------

export interface QualityCase {
  name: string;
  /** The one rule that must fire (as warning/error), or null for a clean case. */
  planted: string | null;
  build: () => LossCase;
}

export const CLEAN_CASES: QualityCase[] = [
  {
    name: 'clean 10-class classifier (logits, class indices)',
    planted: null,
    build: () => {
      const c = classifierLogits({ n: 512, k: 10, seed: 101 });
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [512, 10], 'float32'), target: tensor(c.labels, [512], 'int64') });
    },
  },
  {
    name: 'clean 3-class classifier, small batch',
    planted: null,
    build: () => {
      const c = classifierLogits({ n: 32, k: 3, seed: 102 });
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [32, 3], 'float32'), target: tensor(c.labels, [32], 'int64') });
    },
  },
  {
    name: 'clean token-level LM (B·L, V) = (512, 2000), pad → -100, ignore_index -100',
    planted: null,
    build: () => {
      const B = 16, L = 32, V = 2000;
      const lm = lmLogits({ rows: B * L, V, seed: 103 });
      const t = paddedTargets(lm.labels, B, L, -100, 104);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(lm.logits, [B * L, V], 'float32'), target: tensor(t, [B * L], 'int64'), meta: { pad_token_id: 0 } });
    },
  },
  {
    name: 'clean LM with ignore_index = pad id = 0, (B, V, L) layout',
    planted: null,
    build: () => {
      const B = 8, L = 24, V = 300;
      const lm = lmLogits({ rows: B * L, V, seed: 105 });
      // (B·L, V) -> (B, V, L)
      const x = new Float32Array(B * V * L);
      for (let b = 0; b < B; b++) for (let l = 0; l < L; l++) for (let v = 0; v < V; v++) x[b * V * L + v * L + l] = lm.logits[(b * L + l) * V + v];
      const labels = lm.labels.map((y) => Math.max(1, y));
      const t = paddedTargets(labels, B, L, 0, 106);
      return mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: tensor(x, [B, V, L], 'float32'), target: tensor(t, [B, L], 'int64') });
    },
  },
  {
    name: 'clean imbalanced fraud (3% positives) with pos_weight',
    planted: null,
    build: () => {
      const b = binaryLogits(2000, 0.03, 107);
      let pos = 0;
      for (const v of b.y) pos += v;
      return mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [(2000 - pos) / pos] }, input: tensor(b.x, [2000, 1], 'float32'), target: tensor(b.y, [2000, 1], 'float32') });
    },
  },
  {
    name: 'clean imbalanced multiclass with inverse-frequency weight',
    planted: null,
    build: () => {
      const c = classifierLogits({ n: 600, k: 4, seed: 108, classProbs: [0.8, 0.1, 0.07, 0.03] });
      const counts = [0, 0, 0, 0];
      for (const y of c.labels) counts[y]++;
      const w = counts.map((n) => 600 / (4 * n));
      const m = w.reduce((a, v) => a + v, 0) / 4;
      return mkCase({ loss: { type: 'CrossEntropyLoss', weight: w.map((v) => v / m) }, input: tensor(c.logits, [600, 4], 'float32'), target: tensor(c.labels, [600], 'int64') });
    },
  },
  {
    name: 'clean balanced binary BCEWithLogits',
    planted: null,
    build: () => {
      const b = binaryLogits(400, 0.4, 109);
      return mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(b.x, [400], 'float32'), target: tensor(b.y, [400], 'float32') });
    },
  },
  {
    name: 'clean multilabel BCEWithLogits (5 labels, rates ~30%)',
    planted: null,
    build: () => {
      const b = binaryLogits(200, 0.3, 110, 5);
      return mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(b.x, [200, 5], 'float32'), target: tensor(b.y, [200, 5], 'float32') });
    },
  },
  {
    name: 'clean BCELoss on probabilities',
    planted: null,
    build: () => {
      const b = binaryLogits(300, 0.45, 111);
      return mkCase({ loss: 'BCELoss', input: tensor(b.x.map(sig), [300], 'float32'), target: tensor(b.y, [300], 'float32') });
    },
  },
  {
    name: 'clean NLLLoss on log_softmax',
    planted: null,
    build: () => {
      const c = classifierLogits({ n: 256, k: 6, seed: 112 });
      logSoftmaxInPlace(c.logits, 256, 6);
      return mkCase({ loss: 'NLLLoss', input: tensor(c.logits, [256, 6], 'float32'), target: tensor(c.labels, [256], 'int64') });
    },
  },
  {
    name: 'clean CrossEntropyLoss on log_softmax output (idempotent, fine)',
    planted: null,
    build: () => {
      const c = classifierLogits({ n: 256, k: 6, seed: 113 });
      logSoftmaxInPlace(c.logits, 256, 6);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [256, 6], 'float32'), target: tensor(c.labels, [256], 'int64') });
    },
  },
  {
    name: 'clean regression (standardised targets, MSE, same shapes)',
    planted: null,
    build: () => {
      const r = seeded(114);
      const y = Float64Array.from({ length: 256 }, () => r.normal());
      const p = y.map((v) => v * 0.8 + 0.3 * r.normal());
      return mkCase({ loss: 'MSELoss', input: tensor(p, [256, 1], 'float32'), target: tensor(y, [256, 1], 'float32') });
    },
  },
  {
    name: 'clean soft-target (distillation) cross-entropy',
    planted: null,
    build: () => {
      const c = classifierLogits({ n: 128, k: 5, seed: 115 });
      const teacher = classifierLogits({ n: 128, k: 5, seed: 115, noise: 1 }).logits;
      softmaxInPlace(teacher, 128, 5);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [128, 5], 'float32'), target: tensor(Float64Array.from(teacher), [128, 5], 'float32') });
    },
  },
  {
    name: 'clean distillation: KLDivLoss(batchmean)(log_softmax(s / T), softmax(t / T)), T = 4, batch of 16',
    planted: null,
    build: () => {
      const { student, teacher } = distillLogits(16, 100, 116, 4);
      logSoftmaxInPlace(student, 16, 100);
      softmaxInPlace(teacher, 16, 100);
      return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(student, [16, 100], 'float32'), target: tensor(teacher, [16, 100], 'float32') });
    },
  },
];

export const PLANTED_CASES: QualityCase[] = [
  {
    name: 'distillation with softmax(student / T) as the KLDivLoss input',
    planted: 'kl-div-expects-log-probabilities',
    build: () => {
      const { student, teacher } = distillLogits(128, 10, 220, 2);
      softmaxInPlace(student, 128, 10);
      softmaxInPlace(teacher, 128, 10);
      return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(student, [128, 10], 'float32'), target: tensor(teacher, [128, 10], 'float32') });
    },
  },
  {
    name: 'distillation with a log_softmax teacher target but log_target=False',
    planted: 'kl-div-expects-log-probabilities',
    build: () => {
      const { student, teacher } = distillLogits(128, 10, 221, 2);
      logSoftmaxInPlace(student, 128, 10);
      logSoftmaxInPlace(teacher, 128, 10);
      return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(student, [128, 10], 'float32'), target: tensor(teacher, [128, 10], 'float32') });
    },
  },
  {
    name: 'softmax before CrossEntropyLoss, 10 classes',
    planted: 'double-softmax',
    build: () => {
      const c = classifierLogits({ n: 512, k: 10, seed: 201 });
      softmaxInPlace(c.logits, 512, 10);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [512, 10], 'float32'), target: tensor(c.labels, [512], 'int64') });
    },
  },
  {
    name: 'softmax before CrossEntropyLoss, LM (512, 2000) with ignore_index',
    planted: 'double-softmax',
    build: () => {
      const lm = lmLogits({ rows: 512, V: 2000, seed: 202 });
      softmaxInPlace(lm.logits, 512, 2000);
      const t = paddedTargets(lm.labels, 16, 32, -100, 203);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(lm.logits, [512, 2000], 'float32'), target: tensor(t, [512], 'int64') });
    },
  },
  {
    name: 'sigmoid before BCEWithLogitsLoss',
    planted: 'double-sigmoid',
    build: () => {
      const b = binaryLogits(500, 0.35, 204);
      return mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(b.x.map(sig), [500], 'float32'), target: tensor(b.y, [500], 'float32') });
    },
  },
  {
    name: 'logits into NLLLoss',
    planted: 'nll-expects-log-probabilities',
    build: () => {
      const c = classifierLogits({ n: 256, k: 5, seed: 205 });
      return mkCase({ loss: 'NLLLoss', input: tensor(c.logits, [256, 5], 'float32'), target: tensor(c.labels, [256], 'int64') });
    },
  },
  {
    name: 'LM padding id 0 counted (meta.pad_token_id), flattened (B·L, V)',
    planted: 'missing-ignore-index',
    build: () => {
      const B = 16, L = 32, V = 2000;
      const lm = lmLogits({ rows: B * L, V, seed: 206 });
      const t = paddedTargets(lm.labels.map((y) => Math.max(1, y)), B, L, 0, 207);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(lm.logits, [B * L, V], 'float32'), target: tensor(t, [B * L], 'int64'), meta: { pad_token_id: 0 } });
    },
  },
  {
    name: 'LM padding detected from trailing runs, (B, V, L)',
    planted: 'missing-ignore-index',
    build: () => {
      const B = 8, L = 24, V = 300;
      const lm = lmLogits({ rows: B * L, V, seed: 208 });
      const x = new Float32Array(B * V * L);
      for (let b = 0; b < B; b++) for (let l = 0; l < L; l++) for (let v = 0; v < V; v++) x[b * V * L + v * L + l] = lm.logits[(b * L + l) * V + v];
      const t = paddedTargets(lm.labels.map((y) => Math.max(1, y)), B, L, 0, 209);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [B, V, L], 'float32'), target: tensor(t, [B, L], 'int64') });
    },
  },
  {
    name: 'a batch with every label masked',
    planted: 'all-targets-ignored',
    build: () => {
      const lm = lmLogits({ rows: 64, V: 500, seed: 210 });
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(lm.logits, [64, 500], 'float32'), target: tensor(new Float64Array(64).fill(-100), [64], 'int64') });
    },
  },
  {
    name: 'unweighted 4-class imbalance (80/10/7/3)',
    planted: 'class-imbalance',
    build: () => {
      const c = classifierLogits({ n: 600, k: 4, seed: 211, classProbs: [0.8, 0.1, 0.07, 0.03] });
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [600, 4], 'float32'), target: tensor(c.labels, [600], 'int64') });
    },
  },
  {
    name: 'fraud (3% positives) without pos_weight',
    planted: 'class-imbalance',
    build: () => {
      const b = binaryLogits(2000, 0.03, 212);
      return mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(b.x, [2000, 1], 'float32'), target: tensor(b.y, [2000, 1], 'float32') });
    },
  },
  {
    name: 'LM labels padded with -100 but ignore_index = 0',
    planted: 'target-out-of-range',
    build: () => {
      const lm = lmLogits({ rows: 512, V: 2000, seed: 213 });
      const t = paddedTargets(lm.labels, 16, 32, -100, 214);
      return mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: tensor(lm.logits, [512, 2000], 'float32'), target: tensor(t, [512], 'int64') });
    },
  },
  {
    name: '(B, L, V) logits straight from the LM head',
    planted: 'class-dim-misplaced',
    build: () => {
      const B = 4, L = 32, V = 500;
      const lm = lmLogits({ rows: B * L, V, seed: 215 });
      const t = paddedTargets(lm.labels, B, L, -100, 216);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(lm.logits, [B, L, V], 'float32'), target: tensor(t, [B, L], 'int64') });
    },
  },
  {
    name: 'regression (N, 1) predictions vs (N,) targets',
    planted: 'shape-mismatch',
    build: () => {
      const r = seeded(217);
      const y = Float64Array.from({ length: 128 }, () => r.normal());
      const p = y.map((v) => v * 0.8 + 0.3 * r.normal());
      return mkCase({ loss: 'MSELoss', input: tensor(p, [128, 1], 'float32'), target: tensor(y, [128], 'float32') });
    },
  },
  {
    name: 'logits into BCELoss',
    planted: 'bce-expects-probabilities',
    build: () => {
      const b = binaryLogits(300, 0.4, 218);
      return mkCase({ loss: 'BCELoss', input: tensor(b.x, [300], 'float32'), target: tensor(b.y, [300], 'float32') });
    },
  },
  {
    name: 'NaN in a few logits of a classifier',
    planted: 'non-finite-values',
    build: () => {
      const c = classifierLogits({ n: 256, k: 10, seed: 219 });
      c.logits[37 * 10 + 4] = NaN;
      c.logits[200 * 10 + 9] = NaN;
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [256, 10], 'float32'), target: tensor(c.labels, [256], 'int64') });
    },
  },
];

/** Float32 LM dumps with V = 32000: softmax-before-CE (planted) and clean logits; N rows (B·L). */
export function bigLmCase(planted: boolean, N = 2048): LossCase {
  const V = 32000;
  const lm = lmLogits({ rows: N, V, seed: planted ? 301 : 302 });
  if (planted) softmaxInPlace(lm.logits, N, V);
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(lm.logits, [N, V], 'float32'), target: tensor(lm.labels, [N], 'int64') });
}
