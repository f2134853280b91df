/** BCELoss on values outside [0, 1]: PyTorch raises; the input is logits and wants BCEWithLogitsLoss. */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, pct } from '../format';
import type { Rule } from '../types';

export const bceExpectsProbabilities: Rule = {
  id: 'bce-expects-probabilities',
  severity: 'error',
  title: 'BCELoss input outside [0, 1] (use BCEWithLogitsLoss on logits)',
  defaults: {},
  appliesTo: ['BCELoss'],
  check(ctx) {
    const s = ctx.stats.input;
    const finite = s.size - s.nonFinite;
    const outside = finite - s.inUnit;
    if (outside <= 0) return [];
    return [finding(bceExpectsProbabilities, {
      message: l10n.t('{0} of {1} BCELoss inputs ({2}) are outside [0, 1] (min {3}, max {4}). BCELoss takes probabilities and PyTorch raises "all elements of input should be between 0 and 1". These look like raw logits: give them to BCEWithLogitsLoss, which applies the sigmoid itself, stably.', outside, s.size, pct(outside / Math.max(s.size, 1)), fmt(s.min), fmt(s.max)),
      evidence: { outside, total: s.size, share: outside / Math.max(s.size, 1), min: s.min, max: s.max, negatives: s.negatives },
      fix: [
        `criterion = nn.BCEWithLogitsLoss()   # ${l10n.t('takes raw logits; no sigmoid in the model')}`,
        'loss = criterion(logits, target.float())',
        `# ${l10n.t('at inference: {0}', 'probs = torch.sigmoid(logits)')}`,
      ].join('\n'),
      field: 'loss',
      edit: { path: ['loss', 'type'], value: 'BCEWithLogitsLoss' },
    })];
  },
};
