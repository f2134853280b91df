/**
 * class-imbalance: the label axis on its exact edges. The χ² heterogeneity statistic of binary
 * counts can land exactly on homogeneitySigmas (the positive rates then do not differ by *more* than
 * that many standard deviations: pooled), and two candidate dims can tie (a target symmetric in dim 1
 * and the last dim: the first candidate, dim 1, is the label axis). Also: a float64 per-element weight
 * is read as given, not rounded to float32 (its mean sits next to a 6-digit rounding edge); a
 * meta.label_dim outside [−n, n) is ignored (the label axis is found from the data, as without it); the
 * PR-AUC needs one score per target (an input of another length has none: the targets are judged alone).
 */
import { ruleTable, mkCase } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { tensor } from '../../../../src/engine/tensor';
import { classImbalance } from '../../../../src/diagnostics/rules/class-imbalance';
import { literal } from './literal';

const TAIL = 'and BCEWithLogitsLoss has no pos_weight: predicting "negative" everywhere already gives a low loss and high accuracy, so the positives are learned slowly or not at all.';

/**
 * (100, 3) targets with `pos` positives per column, scores 0 (no separation). With [0, 7, 8]:
 * p = 15 / 300 = 0.05, n·p·(1 − p) = 4.75, χ² = (25 + 4 + 9) / 4.75 = 8 exactly, df = 2,
 * z = (8 − 2) / √4 = 3 = homogeneitySigmas.
 */
function columns(pos: number[], meta: Record<string, unknown> = {}): LossCase {
  const y = Array.from({ length: 100 }, (_, i) => pos.map((p) => (i < p ? 1 : 0)));
  return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r) => r.map(() => 0)), target: y, meta });
}
const ABOVE3 = {
  message: `3 of 3 labels (dim 1) have a positive rate ≤ 10.0% (label 0: 0 of 100, 0.0%), ${TAIL} Label 0 has no positive at all here (no pos_weight can be computed from this batch; use the training-set counts).`,
  evidence: { positives: [0, 7, 9], totals: [100, 100, 100], positiveRate: [0, 0.07, 0.09], flaggedLabels: [0, 1, 2], labelAxis: 1, suggestedPosWeight: [1, 13.29, 10.11], suggestedSqrtPosWeight: [1, 3.645, 3.18] },
  edit: { path: ['loss', 'pos_weight'], value: [1, 13.29, 10.11] },
};

/**
 * (20, 3, 3) targets symmetric in dims 1 and 2: positive on the diagonal (b, k, k) for b < [12, 3, 1][k].
 * Both candidate dims count 12, 3 and 1 positives of 60 per label: the same z (far above 3).
 */
function symmetric(): LossCase {
  const n = [12, 3, 1];
  const y = Array.from({ length: 20 }, (_, b) => Array.from({ length: 3 }, (_, i) => Array.from({ length: 3 }, (_, j) => (i === j && b < n[i] ? 1 : 0))));
  return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((r, b) => r.map((c, i) => c.map((_, j) => Math.sin(b + 3 * i + 7 * j)))), target: y });
}

ruleTable(classImbalance, {
  severity: 'warning',
  fires: [
    {
      name: 'z exactly 3 = homogeneitySigmas ([0, 7, 8] positives of 100 per column): pooled into one label',
      case: columns([0, 7, 8]),
      expect: literal({
        message: `only 15 of 300 targets are positive (5%), counted together: the positive rate is the same along dim 1 (3), so those positions share one label, ${TAIL}`,
        evidence: { positives: [15], totals: [300], positiveRate: [0.05], flaggedLabels: [0], labelAxis: null, suggestedPosWeight: [19], suggestedSqrtPosWeight: [4.359] },
        edit: { path: ['loss', 'pos_weight'], value: [19] },
      }),
    },
    {
      // χ² = (25 + 4 + 16) / 4.7667 = 9.44 for [0, 7, 9] (p = 16 / 300): z = 3.72 > 3
      name: 'z above 3 ([0, 7, 9]): three labels on dim 1',
      case: columns([0, 7, 9]),
      expect: literal(ABOVE3),
    },
    // meta.label_dim of a 2-D target must lie in [−2, 2): −3 and 2 are ignored, the data decide (dim 1)
    ...[-3, 2].map((d) => ({ name: `meta.label_dim ${d} (out of range for 2 dims): ignored, dim 1 from the data`, case: columns([0, 7, 9], { label_dim: d }), expect: literal(ABOVE3) })),
    {
      // an input of 50 scores for 100 targets: no PR-AUC (its first 50 pairs would separate the 5 positives
      // perfectly, AP 1, and silence the rule); the targets alone are judged
      name: 'an input shorter than the target (50 scores, 100 targets with 5 positives): no PR-AUC, fires',
      case: () => {
        const y = Array.from({ length: 100 }, (_, i) => (i < 5 ? 1 : 0));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 50 }, (_, i) => (i < 5 ? 10 : -10)), target: y, inputDtype: 'float64' });
      },
      expect: literal({
        message: `only 5 of 100 targets are positive (5%), ${TAIL}`,
        evidence: { positives: [5], totals: [100], positiveRate: [0.05], flaggedLabels: [0], labelAxis: null, suggestedPosWeight: [19], suggestedSqrtPosWeight: [4.359] },
      }),
    },
    {
      // a 3-D target's candidates are dim 1 and the last dim; equally heterogeneous, the first stays
      name: 'dim 1 and the last dim equally heterogeneous (a symmetric (20, 3, 3) target): dim 1, no edit',
      case: symmetric(),
      expect: literal({
        message: `2 of 3 labels (dim 1) have a positive rate ≤ 10.0% (label 1: 3 of 60, 5%), ${TAIL}`,
        evidence: { positives: [12, 3, 1], totals: [60, 60, 60], positiveRate: [0.2, 0.05, 0.01667], flaggedLabels: [1, 2], labelAxis: 1, suggestedPosWeight: [4, 19, 59], suggestedSqrtPosWeight: [2, 4.359, 7.681] },
        edit: undefined,
      }),
    },
    {
      // 0.1000015000002 reads 0.100002 at 6 digits; its float32 rounding 0.1000014990568 would read 0.100001
      name: 'a float64 per-element weight 0.1000015000002 on the 5 positives of 50 (1 on the negatives): read as given',
      case: () => {
        const w = 0.1000015000002;
        const y = Array.from({ length: 50 }, (_, i) => (i < 5 ? 1 : 0));
        const weight = tensor(Float64Array.from(y, (v) => (v ? w : 1)), [50], 'float64');
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight }, input: y.map(() => 0), target: y, inputDtype: 'float64' });
      },
      expect: literal({
        evidence: { positives: 5, total: 50, meanWeightPositives: 0.100002, meanWeightNegatives: 1, weightedPositiveShare: 0.0109892, suggestedPosWeight: 9 },
        field: 'loss.weight',
      }),
    },
  ],
  silent: [
    {
      // 100 inputs with a per-element weight (0.1 where the first 5 targets are positive), 50 targets: the weights
      // cannot be matched to the targets, so their means are not judged
      name: 'a per-element weight for 100 inputs beside 50 targets (5 positives): not paired, silent',
      case: () => {
        const weight = tensor(Float64Array.from({ length: 100 }, (_, i) => (i < 5 ? 0.1 : 1)), [100], 'float64');
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight }, input: new Array<number>(100).fill(0), target: Array.from({ length: 50 }, (_, i) => (i < 5 ? 1 : 0)), inputDtype: 'float64' });
      },
    },
    { name: 'equal columns of 11 positives in 100 (pooled rate 0.11, above maxPositiveRate 0.1)', case: columns([11, 11, 11]) },
  ],
});
