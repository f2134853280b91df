/**
 * log-of-softmax [source only]: `torch.log(F.softmax(x))` / `torch.log(torch.sigmoid(x))`.
 * Softmax underflows to 0 for a strongly negative logit and log(0) = −inf: a NaN loss or gradient.
 * log_softmax / logsigmoid compute the same thing stably.
 */
import { l10n } from '../../l10n';
import { codeFinding, fixOf } from './helpers';
import type { CodeFinding, CodeRule } from './types';

export const logOfSoftmaxCode: CodeRule = {
  id: 'log-of-softmax',
  severity: 'warning',
  title: 'log of softmax/sigmoid instead of log_softmax/logsigmoid',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const op of facts.ops) {
      if (op.op !== 'log-of-activation' || !op.act) continue;
      const sig = op.act.kind === 'sigmoid';
      out.push(codeFinding(logOfSoftmaxCode, {
        site: op.site,
        message: sig
          ? l10n.t('{0} of {1}: sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.', op.outerForm ?? 'log', op.act.form)
          : l10n.t('{0} of {1}: softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.', op.outerForm ?? 'log', op.act.form),
        fix: sig ? 'log_p = F.logsigmoid(logits)' : 'log_probs = F.log_softmax(logits, dim=1)',
        related: [{ site: op.act.site, message: sig ? l10n.t('sigmoid here') : l10n.t('softmax here') }],
        fixes: fixOf(sig ? l10n.t('Use F.logsigmoid') : l10n.t('Use log_softmax'), op.fix),
      }));
    }
    return out;
  },
};
