/**
 * Multi-label BCE balanced with a per-class `weight=` where `pos_weight=` was meant. `weight[k]`
 * multiplies BOTH terms of label k (positives and negatives alike), so each label's balance between
 * its positives and negatives is unchanged: a label with 2 % positives is still learned as "always
 * negative". Only `pos_weight[k]` (or a per-element weight built from the target) shifts that
 * balance. Fires when the weight is per label (it broadcasts along the last dimension, L ≥ 2 labels,
 * not all equal), there is no pos_weight, and some label is imbalanced (positive rate ≤
 * maxPositiveRate with at least minSamples targets per label).
 */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, pct, round } from '../format';
import type { Rule } from '../types';
import { BINARY_LOSSES } from '../../engine/losses/spec';

export const bceWeightNotPosWeight: Rule = {
  id: 'bce-weight-not-pos-weight',
  severity: 'warning',
  title: 'Multi-label BCE balanced with weight= (both terms) instead of pos_weight=',
  defaults: { maxPositiveRate: 0.1, minSamples: 50, minWeightRatio: 1.5 },
  appliesTo: BINARY_LOSSES,
  check(ctx) {
    const c = ctx.case;
    const type = c.loss.type;
    if (!c.loss.weight || c.loss.pos_weight) return [];
    const w = c.loss.weight;
    const s = c.input.shape;
    if (s.length < 2) return [];
    const L = s[s.length - 1];
    if (L < 2 || w.data.length !== L || w.shape[w.shape.length - 1] !== L) return []; // a 0-d weight has no last dimension
    const wv = Array.from(w.data);
    if (!wv.every((v) => Number.isFinite(v) && v > 0)) return [];
    const wMin = Math.min(...wv), wMax = Math.max(...wv);
    if (wMax / wMin < ctx.options.minWeightRatio) return [];
    const b = ctx.stats.binary;
    if (!b || b.labels !== L || b.invalid > 0) return [];
    const o = ctx.options;
    const rates = b.totals.map((n, k) => (n ? b.positives[k] / n : NaN));
    const rare = rates.map((r, k) => ({ r, k })).filter(({ r, k }) => b.totals[k] >= o.minSamples && r <= o.maxPositiveRate);
    if (rare.length === 0) return [];
    const pw = b.totals.map((n, k) => round((n - b.positives[k]) / Math.max(b.positives[k], 1), 3));
    const shown = rare.slice(0, 5).map(({ r, k }) => l10n.t('label {0}: {1} positives, weight {2}', k, pct(r), fmt(wv[k]))).join('; ');
    const head = rare.length > 1
      ? l10n.t('{0}(weight=…) has one weight per label ({1} labels, {2}…{3}) and no pos_weight, while {4} labels are imbalanced ({5}).', type, L, fmt(wMin), fmt(wMax), rare.length, shown)
      : l10n.t('{0}(weight=…) has one weight per label ({1} labels, {2}…{3}) and no pos_weight, while {4} label is imbalanced ({5}).', type, L, fmt(wMin), fmt(wMax), rare.length, shown);
    return [finding(bceWeightNotPosWeight, {
      message: `${head} ${l10n.t('weight[k] scales the positive AND the negative term of label k, so within each label the positives are still outnumbered as before: the model still learns "always negative" for the rare labels. To up-weight positives use pos_weight (negatives / positives per label).')}`,
      evidence: {
        labels: L,
        weight: wv.map((v) => round(v, 4)),
        positiveRate: rates.map((r) => round(r, 4)),
        rareLabels: rare.map(({ k }) => k),
        suggestedPosWeight: pw,
      },
      fix: type === 'BCEWithLogitsLoss'
        ? [
          `pos = target.sum(dim=0); neg = target.shape[0] - pos      # ${l10n.t('per label, over the training set')}`,
          'criterion = nn.BCEWithLogitsLoss(pos_weight=neg / pos.clamp_min(1))',
          `# ${l10n.t('here: {0}', `pos_weight = torch.tensor([${pw.join(', ')}])`)}`,
        ].join('\n')
        : [
          `# ${l10n.t('BCELoss has no pos_weight: switch to logits, or weight the positive elements yourself')}`,
          `criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([${pw.join(', ')}]))   # ${l10n.t('on logits')}`,
          `# ${l10n.t('or: {0}', 'w = torch.where(target == 1, pos_weight, 1.0); F.binary_cross_entropy(probs, target, weight=w)')}`,
        ].join('\n'),
      field: 'loss.weight',
      ...(type === 'BCEWithLogitsLoss' ? { edit: { path: ['loss', 'pos_weight'], value: pw } } : {}),
    })];
  },
};
