/**
 * log-of-softmax [source only]: `torch.log(F.softmax(x))` / `torch.log(torch.sigmoid(x))`.
 * Softmax underflows to 0 for a strongly negative logit and log(0) = −inf: a NaN loss or gradient.
 * log_softmax / logsigmoid compute the same thing stably.
 */
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
        message: `${op.outerForm ?? 'log'} of ${op.act.form}: ${sig ? 'sigmoid rounds to exactly 0 for a logit below about −88' : 'softmax rounds to exactly 0 for a logit about 104 below the largest'} (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. ${sig ? 'F.logsigmoid' : 'log_softmax'} computes the same values stably.`,
        fix: sig ? 'log_p = F.logsigmoid(logits)' : 'log_probs = F.log_softmax(logits, dim=1)',
        related: [{ site: op.act.site, message: `${sig ? 'sigmoid' : 'softmax'} here` }],
        fixes: fixOf(sig ? 'Use F.logsigmoid' : 'Use log_softmax', op.fix),
      }));
    }
    return out;
  },
};
