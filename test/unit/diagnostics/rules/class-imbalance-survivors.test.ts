/**
 * class-imbalance: cases written for the mutants that survived the StrykerJS run of 2026-12-02
 * (docs/testing.md): the label axis statistics (χ² heterogeneity, its degrees of freedom, the
 * most heterogeneous of two candidate dims), element-to-label mapping with trailing dims, the PR-AUC
 * of the flagged labels only, targets of exactly 0.5, the pooled-label edges and the texts.
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { classImbalance } from '../../../../src/diagnostics/rules/class-imbalance';

/**
 * (100, 3) targets with 5, 10 and 15 positives per label: p = 0.1 overall, χ² = 25/9 + 0 + 25/9
 * = 5.556 with 2 degrees of freedom, z = (χ² − df) / √(2·df) = 1.778: the labels are separate for
 * homogeneitySigmas below 1.778 and pooled above.
 */
function threeRates(): LossCase {
  const pos = [5, 10, 15];
  const y = Array.from({ length: 100 }, (_, i) => pos.map((p) => (i < p ? 1 : 0)));
  return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r, i) => r.map((v, k) => (v ? -2 : Math.sin(i + k)))), target: y });
}

/** (B, K, T) = (20, 3, 5): label k positive at the positions where `pos(b, k, t)`, scores `score(...)`. */
function bkt(pos: (b: number, k: number, t: number) => boolean, score: (v: number, b: number, k: number, t: number) => number, meta: Record<string, unknown> = {}): LossCase {
  const y = Array.from({ length: 20 }, (_, b) => Array.from({ length: 3 }, (_, k) => Array.from({ length: 5 }, (_, t) => (pos(b, k, t) ? 1 : 0))));
  return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r, b) => r.map((c, k) => c.map((v, t) => score(v, b, k, t)))), target: y, meta });
}
const noisy = (v: number, b: number, k: number, t: number): number => (v ? -2 : Math.sin(b + 3 * k + 7 * t));

ruleTable(classImbalance, {
  severity: 'warning',
  fires: [
    {
      name: 'χ² heterogeneity just above homogeneitySigmas (z = 1.778 > 1.77): three labels on dim 1',
      case: threeRates(),
      options: { homogeneitySigmas: 1.77 },
      expect: { evidence: { labelAxis: 1, totals: [100, 100, 100], positives: [5, 10, 15], flaggedLabels: [0, 1] } },
    },
    {
      name: 'χ² heterogeneity just below homogeneitySigmas (1.778 < 1.78): pooled',
      case: threeRates(),
      options: { homogeneitySigmas: 1.78 },
      expect: { evidence: { labelAxis: null, totals: [300], positives: [30] } },
    },
    {
      name: '(B, K, T): labels on the last dim when they differ there (dim 1 and dim 2 both candidates)',
      // label t = 0 of the last dim is positive in 10 of 20 rows, the rest never: rates differ along dim 2 only
      case: bkt((b, _k, t) => t === 0 && b < 10, noisy),
      expect: { evidence: { labelAxis: 2, totals: [60, 60, 60, 60, 60], positives: [30, 0, 0, 0, 0], flaggedLabels: [1, 2, 3, 4] } },
    },
    {
      name: '(B, K, T): the more heterogeneous of the two candidate dims wins (dim 1 here)',
      // dim 1: label 0 positive at t < 4, labels 1 and 2 never (z ≈ 108); dim 2: t < 4 in 20 of 60, t = 4
      // never (z ≈ 8, also past homogeneitySigmas 3): dim 1, the more heterogeneous, is the label axis
      case: bkt((_b, k, t) => k === 0 && t < 4, noisy),
      expect: { evidence: { labelAxis: 1, totals: [100, 100, 100], positives: [80, 0, 0] } },
    },
    {
      name: '(B, K, T) with meta.label_dim = 1: elements mapped to labels across the trailing dim (inner = T)',
      case: bkt((b, k, t) => (k === 0 && b < 2) || (k === 2 && t === 1 && b < 10), noisy, { label_dim: 1 }),
      expect: { evidence: { labelAxis: 1, totals: [100, 100, 100], positives: [10, 0, 10] } },
    },
    {
      name: '(B, C, H, W) with the rates differing by channel: per channel, counted over H·W',
      case: () => {
        // channel 0: 40 of 200 positive (20 %), channel 1: 4 of 200 (2 %)
        const y = Array.from({ length: 4 }, (_, b) => Array.from({ length: 2 }, (_, c) => Array.from({ length: 5 }, (_, h) => Array.from({ length: 10 }, (_, w) => (c === 0 ? (w < 2 ? 1 : 0) : (b === 0 && h === 0 && w < 4 ? 1 : 0))))));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r) => r.map((c) => c.map((h) => h.map((v, w) => (v ? -2 : Math.sin(w)))))), target: y });
      },
      expect: { evidence: { labelAxis: 1, totals: [200, 200], positives: [40, 4], flaggedLabels: [1] } },
    },
    {
      name: 'meta.label_dim = −2 on a 2-D target is dim 0 (counted from the end)',
      case: () => {
        const y = Array.from({ length: 60 }, (_, i) => [i < 3 ? 1 : 0, 0, 0]);
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r, i) => r.map((v, k) => (v ? -2 : Math.sin(i + k)))), target: y, meta: { label_dim: -2 } });
      },
      options: { minSamples: 3 },
      expect: (f) => assert.equal(f.evidence.labelAxis, 0),
    },
    {
      name: 'targets of exactly 0.5 count as positives (≥ 0.5)',
      case: () => {
        const y = Array.from({ length: 100 }, (_, i) => (i < 10 ? 0.5 : 0));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((v, i) => (v ? -2 : Math.sin(i))), target: y });
      },
      expect: { evidence: { positives: [10], totals: [100] } },
    },
    {
      name: 'label_dim = null: the message says why the positions were pooled',
      case: () => {
        const y = Array.from({ length: 50 }, (_, i) => [0, 1, 2, 3].map((j) => ((i * 4 + j) % 40 === 0 ? 1 : 0)));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((row) => row.map(() => 0)), target: y, meta: { label_dim: null } });
      },
      expect: { message: /^only 5 of 200 targets are positive \(2\.5%\), counted together: meta\.label_dim is null, and BCEWithLogitsLoss/ },
    },
    {
      name: 'a (B, T, K) target with the same rate on both candidate dims: both named in the message',
      case: bkt((b, k, t) => b === (k * 5 + t) % 20, noisy),
      expect: { message: /counted together: the positive rate is the same along dim 1 \(3\) and dim 2 \(5\), so those positions share one label/ },
    },
    {
      name: 'a (100, 1) target: no candidate label dim, no pooling text',
      case: () => {
        const y = Array.from({ length: 100 }, (_, i) => [i < 10 ? 1 : 0]);
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map(([v], i) => [v ? -2 : Math.sin(i)]), target: y });
      },
      expect: { message: /^only 10 of 100 targets are positive \(10\.0%\), and BCEWithLogitsLoss has no pos_weight: /, evidence: { labelAxis: null } },
    },
    {
      name: 'many labels pooled at exactly minSamples (2 rows × 25 labels = 50 targets, 5 positive = maxPositiveRate)',
      case: () => {
        const y = Array.from({ length: 2 }, (_, i) => Array.from({ length: 25 }, (_, k) => (i === 0 && k < 5 ? 1 : 0)));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r, i) => r.map((v, k) => (v ? -2 : Math.sin(i + k)))), target: y, meta: { label_dim: 1 } });
      },
      expect: { evidence: { totals: [50], positives: [5] }, message: /each of the 25 labels has at most 2 targets here/ },
    },
    {
      name: 'BCELoss with pos_weight = n_pos / n_neg: reported, but no edit (BCELoss takes no pos_weight)',
      case: () => mkCase({ loss: { type: 'BCELoss', pos_weight: [0.25] }, input: Array.from({ length: 100 }, () => 0.5), target: Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0)) }),
      expect: (f) => {
        assert.equal(f.field, 'loss.pos_weight');
        assert.equal(f.edit, undefined);
      },
    },
    {
      name: 'pos_weight 0.25 with exactly minSamples (50) targets',
      case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.25] }, input: Array.from({ length: 50 }, (_, i) => (i < 5 ? -2 : Math.sin(i))), target: Array.from({ length: 50 }, (_, i) => (i < 5 ? 1 : 0)) }),
      expect: { evidence: { total: 50, positives: 5 } },
    },
    {
      name: 'per-element weights: the whole fix',
      case: () => {
        const y = Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: y.map((t) => (t ? 1 : 3)) }, input: y.map((v, i) => (v ? -2 : Math.sin(i))), target: y });
      },
      expect: { fix: /^# weight each sample by the inverse frequency of its own class:\nsample_weight = torch\.where\(target > 0\.5, n_neg \/ n_pos, 1\.0\)\n# or drop the weight and use pos_weight = torch\.tensor\(\[9\]\) with BCEWithLogitsLoss$/ },
    },
    {
      name: 'binary without pos_weight: the whole fix and the field',
      case: () => {
        const y = Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((v, i) => (v ? -2 : Math.sin(i))), target: y });
      },
      expect: {
        field: 'loss',
        fix: /^pos = train_targets\.sum\(dim=0\) +# positives per label\nneg = train_targets\.shape\[0\] - pos\npos_weight = neg \/ pos\.clamp_min\(1\) +# N_neg \/ N_pos\n# here: pos_weight = torch\.tensor\(\[9\]\) +\(gentler: its sqrt, \[3\]\)\ncriterion = nn\.BCEWithLogitsLoss\(pos_weight=pos_weight\)\n# also tune the decision threshold on validation data instead of using 0\.5,\n# or rebalance batches with torch\.utils\.data\.WeightedRandomSampler$/,
      },
    },
    {
      name: 'multiclass: an absent class 0 is listed, class names shorter than K fall back to "class k"',
      case: () => {
        const counts = [0, 200, 20, 80];
        const y = counts.flatMap((n, k) => new Array<number>(n).fill(k));
        return mkCase({ loss: 'CrossEntropyLoss', input: y.map((_, i) => counts.map((_, k) => Math.sin(i + 3 * k))), target: y, meta: { class_names: ['bg', 'cat'] } });
      },
      expect: (f) => {
        assert.deepEqual(f.evidence.absentClasses, [0]);
        assert.match(f.message, /'cat' has 200 samples \(66\.7%\) and class 2 only 20 \(6\.7%\)/);
        assert.match(f.message, / Class 0 never occurs in this case\.$/);
      },
    },
    {
      name: 'multiclass: no absent class, nothing said about absent classes',
      case: () => {
        const counts = [200, 20, 80];
        const y = counts.flatMap((n, k) => new Array<number>(n).fill(k));
        return mkCase({ loss: 'CrossEntropyLoss', input: y.map((_, i) => counts.map((_, k) => Math.sin(i + 3 * k))), target: y });
      },
      expect: { message: /a model that ignores the rare ones still looks good\.$/, evidence: { absentClasses: [] } },
    },
    {
      name: 'multiclass: at most ten absent classes are listed',
      case: () => {
        const counts = [300, 30, 30, 30, 30, 30, 30, 30, ...new Array<number>(12).fill(0)];
        const y = counts.flatMap((n, k) => new Array<number>(n).fill(k));
        return mkCase({ loss: 'CrossEntropyLoss', input: y.map((_, i) => counts.map((_, k) => Math.sin(i + 3 * k))), target: y });
      },
      expect: (f) => {
        assert.equal((f.evidence.absentClasses as number[]).length, 12);
        assert.match(f.message, / Classes 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 never occur in this case\.$/);
      },
    },
    {
      name: 'ignored labels in runs of 1 and 2 (not padding runs of 3+): still judged',
      case: () => {
        const counts = [120, 16];
        const y = counts.flatMap((n, k) => new Array<number>(n).fill(k));
        const out: number[] = [];
        y.forEach((v, i) => { out.push(v); if (i % 20 === 0) out.push(-100); if (i % 20 === 10) out.push(-100, -100); });
        return mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: -100 }, input: out.map((_, i) => [Math.sin(i), Math.cos(i)]), target: out });
      },
      expect: { evidence: { counts: [120, 16] } },
    },
  ],
  silent: [
    { name: 'one class present, even with minRatio 1 and no noise margin', case: () => mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 300 }, (_, i) => [Math.sin(i), 0, 1, 2]), target: new Array<number>(300).fill(0) }), options: { minRatio: 1, noiseSigmas: 0 } },
    {
      name: '(N, C, L) index targets (token level) are not judged',
      case: () => mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 150 }, (_, i) => [[Math.sin(i), 0], [0, 1], [1, Math.cos(i)]]), target: Array.from({ length: 150 }, (_, i) => [i < 140 ? 0 : 1, 0]) }),
    },
    { name: 'class weight of the wrong length (3 for 4 classes): not judged', case: () => mkCase({ loss: { type: 'CrossEntropyLoss', weight: [2, 0.25, 1] }, input: Array.from({ length: 300 }, (_, i) => [0, 1, 2, 3].map((k) => Math.sin(i + k))), target: Array.from({ length: 300 }, (_, i) => (i < 200 ? 0 : i < 220 ? 1 : 3)) }) },
    { name: 'an empty pos_weight says nothing about the positives', case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [] }, input: Array.from({ length: 100 }, () => 0.5), target: Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0)) }) },
    { name: 'negative targets (−1 = unknown) are another rule\'s business', case: () => mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 100 }, (_, i) => Math.sin(i)), target: Array.from({ length: 100 }, (_, i) => (i < 5 ? 1 : i < 10 ? -1 : 0)) }) },
    { name: 'MSELoss on 0/1 targets is not a classification loss (the rule does not apply)', case: () => mkCase({ loss: 'MSELoss', input: Array.from({ length: 100 }, (_, i) => Math.sin(i)), target: Array.from({ length: 100 }, (_, i) => (i < 5 ? 1 : 0)) }) },
    {
      name: 'many labels pooled: 2 × 25 = 50 targets with minSamples 51',
      case: () => {
        const y = Array.from({ length: 2 }, (_, i) => Array.from({ length: 25 }, (_, k) => (i === 0 && k < 5 ? 1 : 0)));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r, i) => r.map((v, k) => (v ? -2 : Math.sin(i + k)))), target: y, meta: { label_dim: 1 } });
      },
      options: { minSamples: 51 },
    },
    {
      name: 'targets of exactly 0.5 perfectly separated by the scores (PR-AUC 1): already learned',
      case: () => {
        const y = Array.from({ length: 80 }, (_, i) => (i < 8 ? 0.5 : 0));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((v, i) => (v ? 5 + i : -5 - i)), target: y });
      },
    },
    {
      name: '(B, K, T), label_dim 1: the flagged label (2) perfectly separated, the others not — PR-AUC of label 2 only',
      case: bkt((b, k, t) => (k === 0 && b < 10) || (k === 2 && t === 1 && b < 10), (v, b, k, t) => (k === 2 ? (v ? 5 : -5) : v ? -3 : 3 + Math.sin(b + t)), { label_dim: 1 }),
      options: { maxPositiveRate: 0.1 },
    },
  ],
});
