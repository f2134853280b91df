import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  atThreshold, averagePrecision, bestF1, binarySummary, prCurve, rocAuc,
} from '../../../../src/engine/metrics/binary';

const close = (a: number, b: number, tol = 1e-12): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);
};

// scikit-learn's documentation example for average_precision_score / roc_auc_score / precision_recall_curve.
const Y = [0, 0, 1, 1];
const S = [0.1, 0.4, 0.35, 0.8];

test('sklearn doc example: AP 0.8333, ROC-AUC 0.75', () => {
  close(averagePrecision(S, Y), 5 / 6);
  close(rocAuc(S, Y), 0.75);
});

test('sklearn doc example: the PR curve points', () => {
  // sklearn: precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
  const c = prCurve(S, Y);
  assert.deepEqual(c.map((p) => p.threshold), [0.8, 0.4, 0.35, 0.1]);
  const prec = c.map((p) => p.precision);
  [1, 0.5, 2 / 3, 0.5].forEach((v, i) => close(prec[i], v));
  assert.deepEqual(c.map((p) => p.recall), [0.5, 0.5, 1, 1]);
});

test('ties enter together (no optimistic ordering inside a tie)', () => {
  // All scores tied: one threshold, precision = prevalence, AP = prevalence, AUC = 0.5.
  close(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0]), 0.25);
  close(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0]), 0.5);
  // A positive tied with a negative at the top: precision 1/2 at recall 1/2, then 2/3 at recall 1.
  close(averagePrecision([0.9, 0.9, 0.8, 0.1], [1, 0, 1, 0]), 0.5 * 0.5 + 0.5 * (2 / 3));
  // AUC by hand: pos 0.9 vs negs {0.9 tie, 0.1 win} = 1.5; pos 0.8 vs {0.9 lose, 0.1 win} = 1 -> 2.5/4
  close(rocAuc([0.9, 0.9, 0.8, 0.1], [1, 0, 1, 0]), 0.625);
});

test('perfect and inverted rankings', () => {
  close(averagePrecision([3, 2, 1, 0], [1, 1, 0, 0]), 1);
  close(rocAuc([3, 2, 1, 0], [1, 1, 0, 0]), 1);
  close(rocAuc([0, 1, 2, 3], [1, 1, 0, 0]), 0);
  // inverted: positives at ranks 3 and 4: AP = 0.5*(1/3) + 0.5*(2/4)
  close(averagePrecision([0, 1, 2, 3], [1, 1, 0, 0]), 0.5 / 3 + 0.25);
});

test('undefined cases are NaN; NaN scores are skipped; infinities are ordinary scores', () => {
  assert.ok(Number.isNaN(averagePrecision([0.1, 0.2], [0, 0])));
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
  assert.ok(Number.isNaN(rocAuc([], [])));
  close(rocAuc([NaN, 0.9, 0.1], [0, 1, 0]), 1);
  close(rocAuc([Infinity, -Infinity, Infinity], [1, 0, 0]), 0.75);
  assert.throws(() => rocAuc([1, 2], [1]), /2 scores but 1 labels/);
});

test('atThreshold: confusion counts, >= convention, zero-division', () => {
  const m = atThreshold(S, Y, 0.35);
  assert.deepEqual([m.tp, m.fp, m.tn, m.fn], [2, 1, 1, 0]);
  close(m.precision, 2 / 3);
  close(m.recall, 1);
  close(m.f1, 0.8);
  const none = atThreshold(S, Y, 2);
  assert.equal(none.precision, 0);
  assert.equal(none.f1, 0);
  assert.equal(none.recall, 0);
});

test('bestF1 on the doc example picks 0.35 (F1 0.8)', () => {
  const b = bestF1(S, Y);
  assert.equal(b.threshold, 0.35);
  close(b.f1, 0.8);
  assert.ok(Number.isNaN(bestF1([1, 2], [0, 0]).f1));
});

test('soft labels count as positive at >= 0.5', () => {
  close(rocAuc([0.1, 0.9, 0.5], [0.2, 0.7, 0.5]), 1);
});

// Brute-force references: enumerate thresholds and pairs directly.
function bruteAp(s: number[], y: number[]): number {
  const P = y.filter((v) => v >= 0.5).length;
  const ts = [...new Set(s)].sort((a, b) => b - a);
  let ap = 0;
  let prevR = 0;
  for (const t of ts) {
    let tp = 0;
    let pp = 0;
    s.forEach((v, i) => { if (v >= t) { pp++; if (y[i] >= 0.5) tp++; } });
    const r = tp / P;
    ap += (r - prevR) * (tp / pp);
    prevR = r;
  }
  return ap;
}
function bruteAuc(s: number[], y: number[]): number {
  let w = 0;
  let n = 0;
  s.forEach((si, i) => s.forEach((sj, j) => {
    if (y[i] >= 0.5 && y[j] < 0.5) { n++; w += si > sj ? 1 : si === sj ? 0.5 : 0; }
  }));
  return w / n;
}
function bruteBestF1(s: number[], y: number[]): number {
  let best = -1;
  for (const t of new Set(s)) {
    let tp = 0; let fp = 0; let fn = 0;
    s.forEach((v, i) => {
      const p = y[i] >= 0.5;
      if (v >= t) { if (p) tp++; else fp++; } else if (p) fn++;
    });
    best = Math.max(best, (2 * tp) / (2 * tp + fp + fn));
  }
  return best;
}

const sample = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 12 }).map((v) => v / 4), fc.integer({ min: 0, max: 1 })),
  { minLength: 2, maxLength: 40 },
).filter((a) => a.some(([, l]) => l === 1) && a.some(([, l]) => l === 0));

test('property: AP, ROC-AUC and best F1 match brute force (many ties)', () => {
  fc.assert(fc.property(sample, (a) => {
    const s = a.map(([v]) => v);
    const y = a.map(([, l]) => l);
    close(averagePrecision(s, y), bruteAp(s, y), 1e-12);
    close(rocAuc(s, y), bruteAuc(s, y), 1e-12);
    close(bestF1(s, y).f1, bruteBestF1(s, y), 1e-12);
    const b = bestF1(s, y);
    close(atThreshold(s, y, b.threshold).f1, b.f1, 1e-12);
  }), { numRuns: 300, seed: 7 });
});

test('binarySummary bundles the metrics', () => {
  const r = binarySummary(S, Y, 0.5);
  assert.equal(r.n, 4);
  assert.equal(r.positives, 2);
  close(r.prevalence, 0.5);
  close(r.averagePrecision, 5 / 6);
  close(r.rocAuc, 0.75);
  assert.equal(r.at.tp, 1);
  assert.equal(r.best.threshold, 0.35);
});
