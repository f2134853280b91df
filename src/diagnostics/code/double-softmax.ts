/**
 * double-softmax in code: a softmax output reaches CrossEntropyLoss / F.cross_entropy (which applies
 * log_softmax itself), or softmax/log_softmax is applied to a softmax output.
 */
import { l10n } from '../../l10n';
import { codeFinding, fixOf, where } from './helpers';
import type { CodeFinding, CodeRule } from './types';

export const doubleSoftmaxCode: CodeRule = {
  id: 'double-softmax',
  severity: 'warning',
  title: 'Softmax applied before CrossEntropyLoss',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const u of facts.losses) {
      if (u.loss !== 'CrossEntropyLoss') continue;
      const a = u.input.act;
      if (!a || a.kind !== 'softmax') continue;
      out.push(codeFinding(doubleSoftmaxCode, {
        site: a.site,
        message: l10n.t('{0} turns the logits into probabilities, and {1} at {2} applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.', a.form, u.name, where(u.call)),
        fix: `logits = model(x)                      # ${l10n.t('no softmax before the loss')}\nloss = nn.CrossEntropyLoss()(logits, target)\nprobs = logits.softmax(dim=1)           # ${l10n.t('only for predictions and metrics')}`,
        related: [{ site: u.call, message: l10n.t('{0} applies log_softmax itself', u.name) }],
        fixes: fixOf(l10n.t('Remove the softmax (CrossEntropyLoss applies it)'), a.drop),
      }));
    }
    for (const op of facts.ops) {
      if (op.op !== 'activation-of-activation' || !op.act || op.act.kind !== 'softmax' || !op.outer) continue;
      out.push(codeFinding(doubleSoftmaxCode, {
        site: op.act.site,
        message: op.outerForm !== undefined
          ? l10n.t('{0} produces probabilities, and {1} at {2} applies softmax to them again. Softmax of probabilities is nearly uniform (its inputs differ by at most 1), so the loss stalls at a floor and the gradient shrinks. Apply softmax/log_softmax once, to the logits.', op.act.form, op.outerForm, where(op.outer))
          : l10n.t('{0} produces probabilities, and a second softmax at {1} applies softmax to them again. Softmax of probabilities is nearly uniform (its inputs differ by at most 1), so the loss stalls at a floor and the gradient shrinks. Apply softmax/log_softmax once, to the logits.', op.act.form, where(op.outer)),
        fix: `log_probs = F.log_softmax(logits, dim=1)   # ${l10n.t('once, on the logits')}`,
        related: [{ site: op.outer, message: l10n.t('second softmax') }],
        fixes: fixOf(l10n.t('Remove the first softmax'), op.act.drop),
      }));
    }
    return out;
  },
};
