/** double-sigmoid in code: a sigmoid output reaches BCEWithLogitsLoss, or sigmoid is applied twice. */
import { l10n } from '../../l10n';
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
        message: l10n.t('{0} turns the logits into probabilities, and {1} at {2} applies sigmoid to them again: its inputs then live in [0, 1], so predictions are squeezed into [0.5, 0.73], the loss has a floor and the gradient shrinks. Pass the raw logits to {1}.', a.form, u.name, where(u.call)),
        fix: `logits = model(x)                      # ${l10n.t('no sigmoid before the loss')}\nloss = nn.BCEWithLogitsLoss()(logits, target)\nprobs = torch.sigmoid(logits)           # ${l10n.t('only for predictions and metrics')}`,
        related: [{ site: u.call, message: l10n.t('{0} applies sigmoid itself', u.name) }],
        fixes: fixOf(l10n.t('Remove the sigmoid (BCEWithLogitsLoss applies it)'), a.drop),
      }));
    }
    for (const op of facts.ops) {
      if (op.op !== 'activation-of-activation' || !op.act || op.act.kind !== 'sigmoid' || !op.outer) continue;
      out.push(codeFinding(doubleSigmoidCode, {
        site: op.act.site,
        message: op.outerForm !== undefined
          ? l10n.t('{0} produces probabilities, and {1} at {2} applies sigmoid again: outputs are squeezed into [0.5, 0.73].', op.act.form, op.outerForm, where(op.outer))
          : l10n.t('{0} produces probabilities, and a second sigmoid at {1} applies sigmoid again: outputs are squeezed into [0.5, 0.73].', op.act.form, where(op.outer)),
        fix: `probs = torch.sigmoid(logits)   # ${l10n.t('once, on the logits')}`,
        related: [{ site: op.outer, message: l10n.t('second sigmoid') }],
        fixes: fixOf(l10n.t('Remove the first sigmoid'), op.act.drop),
      }));
    }
    return out;
  },
};
