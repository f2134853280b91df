/** double-sigmoid in code: a sigmoid output reaches BCEWithLogitsLoss, or sigmoid is applied twice. */
import { codeFinding, fixOf, where } from './helpers';
import type { CodeFinding, CodeRule } from './types';

export const doubleSigmoidCode: CodeRule = {
  id: 'double-sigmoid',
  severity: 'warning',
  title: 'Sigmoid applied before BCEWithLogitsLoss',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const u of facts.losses) {
      if (u.loss !== 'BCEWithLogitsLoss') continue;
      const a = u.input.act;
      if (!a || a.kind !== 'sigmoid') continue;
      out.push(codeFinding(doubleSigmoidCode, {
        site: a.site,
        message: `${a.form} turns the logits into probabilities, and ${u.name} at ${where(u.call)} applies sigmoid to them again: its inputs then live in [0, 1], so predictions are squeezed into [0.5, 0.73], the loss has a floor and the gradient shrinks. Pass the raw logits to ${u.name}.`,
        fix: 'logits = model(x)                      # no sigmoid before the loss\nloss = nn.BCEWithLogitsLoss()(logits, target)\nprobs = torch.sigmoid(logits)           # only for predictions and metrics',
        related: [{ site: u.call, message: `${u.name} applies sigmoid itself` }],
        fixes: fixOf('Remove the sigmoid (BCEWithLogitsLoss applies it)', a.drop),
      }));
    }
    for (const op of facts.ops) {
      if (op.op !== 'activation-of-activation' || !op.act || op.act.kind !== 'sigmoid' || !op.outer) continue;
      out.push(codeFinding(doubleSigmoidCode, {
        site: op.act.site,
        message: `${op.act.form} produces probabilities, and ${op.outerForm ?? 'a second sigmoid'} at ${where(op.outer)} applies sigmoid again: outputs are squeezed into [0.5, 0.73].`,
        fix: 'probs = torch.sigmoid(logits)   # once, on the logits',
        related: [{ site: op.outer, message: 'second sigmoid' }],
        fixes: fixOf('Remove the first sigmoid', op.act.drop),
      }));
    }
    return out;
  },
};
