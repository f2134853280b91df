/**
 * double-softmax in code: a softmax output reaches CrossEntropyLoss / F.cross_entropy (which applies
 * log_softmax itself), or softmax/log_softmax is applied to a softmax output.
 */
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
        message: `${a.form} turns the logits into probabilities, and ${u.name} at ${where(u.call)} applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.`,
        fix: 'logits = model(x)                      # no softmax before the loss\nloss = nn.CrossEntropyLoss()(logits, target)\nprobs = logits.softmax(dim=1)           # only for predictions and metrics',
        related: [{ site: u.call, message: `${u.name} applies log_softmax itself` }],
        fixes: fixOf('Remove the softmax (CrossEntropyLoss applies it)', a.drop),
      }));
    }
    for (const op of facts.ops) {
      if (op.op !== 'activation-of-activation' || !op.act || op.act.kind !== 'softmax' || !op.outer) continue;
      out.push(codeFinding(doubleSoftmaxCode, {
        site: op.act.site,
        message: `${op.act.form} produces probabilities, and ${op.outerForm ?? 'a second softmax'} at ${where(op.outer)} applies softmax to them again. Softmax of probabilities is nearly uniform (its inputs differ by at most 1), so the loss stalls at a floor and the gradient shrinks. Apply softmax/log_softmax once, to the logits.`,
        fix: 'log_probs = F.log_softmax(logits, dim=1)   # once, on the logits',
        related: [{ site: op.outer, message: 'second softmax' }],
        fixes: fixOf('Remove the first softmax', op.act.drop),
      }));
    }
    return out;
  },
};
