/**
 * bce-weight-not-pos-weight, literally: the single and plural messages, both fixes (BCEWithLogitsLoss
 * with the edit, BCELoss without), the suggested pos_weight = negatives / max(positives, 1), and the
 * boundaries of minSamples (50), maxPositiveRate (0.1) and minWeightRatio (1.5).
 */
import { ruleTable, mkCase } from '../harness';
import { bceWeightNotPosWeight } from '../../../../src/diagnostics/rules/bce-weight-not-pos-weight';
import { literal } from './literal';

/** n samples, label k positive in its first pos[k] rows; logits (or probabilities) in between. */
function multi(n: number, pos: number[], weight: number[] | undefined, type: 'BCEWithLogitsLoss' | 'BCELoss' = 'BCEWithLogitsLoss', extra: Record<string, unknown> = {}) {
  const target = Array.from({ length: n }, (_, i) => pos.map((p) => (i < p ? 1 : 0)));
  const input = target.map((row, i) => row.map((_, k) => (type === 'BCELoss' ? 0.2 + 0.1 * ((i + k) % 7) : ((i * 7 + k * 3) % 5) - 2)));
  return mkCase({ loss: { type, ...(weight ? { weight } : {}), ...extra }, input, target });
}

const WHY = ' weight[k] scales the positive AND the negative term of label k, so within each label the positives are still outnumbered as before: the model still learns "always negative" for the rare labels. To up-weight positives use pos_weight (negatives / positives per label).';

ruleTable(bceWeightNotPosWeight, {
  severity: 'warning',
  fires: [
    {
      // label 0: 2 of 50 positive (4 %), pos_weight 48 / 2 = 24; label 1: 25 of 50, 25 / 25 = 1
      name: 'BCEWithLogitsLoss, weight [1, 3], label 0 at 4 % positives',
      case: multi(50, [2, 25], [1, 3]),
      expect: literal({
        message: 'BCEWithLogitsLoss(weight=…) has one weight per label (2 labels, 1…3) and no pos_weight, while 1 label is imbalanced (label 0: 4% positives, weight 1).' + WHY,
        evidence: { labels: 2, weight: [1, 3], positiveRate: [0.04, 0.5], rareLabels: [0], suggestedPosWeight: [24, 1] },
        fix: [
          'pos = target.sum(dim=0); neg = target.shape[0] - pos      # per label, over the training set',
          'criterion = nn.BCEWithLogitsLoss(pos_weight=neg / pos.clamp_min(1))',
          '# here: pos_weight = torch.tensor([24, 1])',
        ].join('\n'),
        field: 'loss.weight',
        edit: { path: ['loss', 'pos_weight'], value: [24, 1] },
      }),
    },
    {
      name: 'BCELoss (no pos_weight there): the fix switches to logits, no edit',
      case: multi(50, [2, 25], [1, 3], 'BCELoss'),
      expect: literal({
        message: 'BCELoss(weight=…) has one weight per label (2 labels, 1…3) and no pos_weight, while 1 label is imbalanced (label 0: 4% positives, weight 1).' + WHY,
        fix: [
          '# BCELoss has no pos_weight: switch to logits, or weight the positive elements yourself',
          'criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([24, 1]))   # on logits',
          '# or: w = torch.where(target == 1, pos_weight, 1.0); F.binary_cross_entropy(probs, target, weight=w)',
        ].join('\n'),
        field: 'loss.weight',
        edit: undefined,
      }),
    },
    {
      // 7 labels of 50 samples, 6 rare (0, 1, 2, 3, 4, 5 positives): only 5 shown; pos_weight of a label
      // without positives is 50 / max(0, 1) = 50; label 6 has 30 positives: 20 / 30 = 0.667
      name: 'six rare labels (one without positives): plural, the first five shown',
      case: multi(50, [0, 1, 2, 3, 4, 5, 30], [1, 2, 3, 4, 5, 6, 0.5]),
      expect: literal({
        message: 'BCEWithLogitsLoss(weight=…) has one weight per label (7 labels, 0.5…6) and no pos_weight, while 6 labels are imbalanced (label 0: 0.0% positives, weight 1; label 1: 2% positives, weight 2; label 2: 4% positives, weight 3; label 3: 6% positives, weight 4; label 4: 8% positives, weight 5).' + WHY,
        evidence: {
          labels: 7, weight: [1, 2, 3, 4, 5, 6, 0.5], positiveRate: [0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.6],
          rareLabels: [0, 1, 2, 3, 4, 5], suggestedPosWeight: [50, 49, 24, 15.7, 11.5, 9, 0.667],
        },
      }),
    },
    { name: 'positive rate exactly maxPositiveRate (5 of 50 = 0.1)', case: multi(50, [5, 25], [1, 3]), expect: literal({ evidence: { labels: 2, weight: [1, 3], positiveRate: [0.1, 0.5], rareLabels: [0], suggestedPosWeight: [9, 1] } }) },
    { name: 'weight ratio exactly minWeightRatio (1 … 1.5)', case: multi(50, [2, 25], [1, 1.5]) },
    { name: 'soft positives (≥ 0.5 counts as positive): 0.75 in 2 of 50 rows', case: () => {
      const c = multi(50, [2, 25], [1, 3]);
      const t = c.target.data as Float64Array;
      t[0] = 0.75; t[2] = 0.75;
      return c;
    }, expect: literal({ evidence: { labels: 2, weight: [1, 3], positiveRate: [0.04, 0.5], rareLabels: [0], suggestedPosWeight: [24, 1] } }) },
  ],
  silent: [
    { name: 'pos_weight is given as well', case: multi(50, [2, 25], [1, 3], 'BCEWithLogitsLoss', { pos_weight: [24, 1] }) },
    { name: 'no weight', case: multi(50, [2, 25], undefined) },
    { name: 'only 49 samples per label (minSamples 50)', case: multi(49, [2, 25], [1, 3]) },
    { name: 'positive rate 6 of 50 = 0.12 (above 0.1)', case: multi(50, [6, 25], [1, 3]) },
    { name: 'weight ratio 1.49 (below 1.5)', case: multi(50, [2, 25], [1, 1.49]) },
    { name: 'equal weights', case: multi(50, [2, 25], [2, 2]) },
    { name: 'a zero weight (not a balancing weight)', case: multi(50, [2, 25], [0, 3]) },
    { name: 'a negative weight', case: multi(50, [2, 25], [-1, 3]) },
    { name: 'a NaN weight', case: multi(50, [2, 25], [NaN, 3]) },
    { name: 'an infinite weight', case: multi(50, [2, 25], [1, Infinity]) },
    { name: 'a single label (L = 1), even with minWeightRatio 1', case: multi(50, [2], [3]), options: { minWeightRatio: 1 } },
    { name: 'a weight of 3 values for 2 labels', case: multi(50, [2, 25], [1, 2, 3]) },
    { name: 'a per-element (50, 2) weight', case: multi(50, [2, 25], Array.from({ length: 50 }, () => [1, 3]) as unknown as number[]) },
    { name: 'a (2, 1) weight (broadcasts along rows, not labels)', case: multi(50, [2, 25], [[1], [3]] as unknown as number[]) },
    {
      name: 'a 1-D input with a (50, 2) target (a shape mismatch, not a per-label weight)',
      case: () => {
        const c = multi(50, [2, 25], [1, 3]);
        return { ...c, input: { ...c.input, data: c.input.data.slice(0, 2), shape: [2] } };
      },
    },
    {
      name: 'a target value outside [0, 1] (bce-target-out-of-range\'s business)',
      case: () => {
        const c = multi(50, [2, 25], [1, 3]);
        (c.target.data as Float64Array)[1] = 255;
        return c;
      },
    },
    {
      name: 'the target has 3 label columns, the input 2',
      case: () => {
        const c = multi(50, [2, 25, 25], [1, 3]);
        const x = multi(50, [2, 25], [1, 3]);
        return { ...c, loss: x.loss, input: x.input };
      },
    },
  ],
});
