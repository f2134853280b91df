/**
 * BCEWithLogitsLoss fed probabilities (sigmoid output): the loss applies the sigmoid again.
 * A sigmoid output is never negative; genuine logits of any real model are, somewhere.
 */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, pct, round } from '../format';
import type { Rule } from '../types';
import { scalarLoss } from '../../engine/losses/result';

const FLOOR_POS = Math.log(1 + Math.exp(-1)); // y = 1, best input 1
const FLOOR_NEG = Math.LN2; // y = 0, best input 0

export const doubleSigmoid: Rule = {
  id: 'double-sigmoid',
  severity: 'warning',
  title: 'Sigmoid applied before BCEWithLogitsLoss',
  defaults: { minElements: 16 },
  appliesTo: ['BCEWithLogitsLoss'],
  check(ctx) {
    const s = ctx.stats.input;
    const finite = s.size - s.nonFinite;
    if (finite < ctx.options.minElements) return [];
    if (!(s.min >= 0 && s.max <= 1)) return []; // min is the smallest finite value: no negatives
    // All exactly 0 (zero-initialised logits) or a single value is not evidence of a sigmoid.
    if (s.distinct < 2) return [];
    const b = ctx.stats.binary;
    let pos = 0, tot = 0;
    if (b) for (let l = 0; l < b.labels; l++) { pos += b.positives[l]; tot += b.totals[l]; }
    const posShare = tot ? pos / tot : NaN;
    const floor = tot ? posShare * FLOOR_POS + (1 - posShare) * FLOOR_NEG : NaN;
    const lossNow = scalarLoss(ctx.result) ?? null;
    return [finding(doubleSigmoid, {
      message: `${l10n.t('All {0} BCEWithLogitsLoss inputs lie in [0, 1] (min {1}, max {2}, mean {3}) and none is negative: they look like sigmoid outputs, not logits.', finite, fmt(s.min), fmt(s.max), fmt(s.mean))} ${Number.isFinite(floor)
        ? l10n.t('BCEWithLogitsLoss applies the sigmoid again, so a positive can never score below log(1 + 1/e) ≈ 0.313 and a negative below log 2 ≈ 0.693; with {0} positives the mean loss cannot go below {1}, and predictions can never become confident.', pct(posShare), fmt(floor))
        : l10n.t('BCEWithLogitsLoss applies the sigmoid again, so a positive can never score below log(1 + 1/e) ≈ 0.313 and a negative below log 2 ≈ 0.693, and predictions can never become confident.')}`,
      evidence: {
        elements: finite,
        min: s.min,
        max: s.max,
        mean: s.mean,
        floorPositive: round(FLOOR_POS, 6),
        floorNegative: round(FLOOR_NEG, 6),
        positiveShare: tot ? round(posShare, 6) : null,
        lossFloor: Number.isFinite(floor) ? round(floor, 6) : null,
        loss: lossNow,
      },
      fix: [
        `# ${l10n.t('return raw logits from the model: remove the final torch.sigmoid / nn.Sigmoid')}`,
        'logits = model(x)',
        'loss = nn.BCEWithLogitsLoss()(logits, target.float())',
        `probs = torch.sigmoid(logits)   # ${l10n.t('only for metrics and inference')}`,
      ].join('\n'),
      field: 'input',
    })];
  },
};
