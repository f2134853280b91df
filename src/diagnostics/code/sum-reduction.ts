/** sum-reduction in code: a loss with reduction='sum' that is backpropagated without being divided by the batch size. */
import { l10n } from '../../l10n';
import { codeFinding, siteKey, where } from './helpers';
import type { CodeFinding, CodeRule } from './types';

export const sumReductionCode: CodeRule = {
  id: 'sum-reduction',
  severity: 'info',
  title: "reduction='sum' scales the loss and gradient with the batch size",
  check(facts) {
    const out: CodeFinding[] = [];
    // One loss site can be reached along several paths: fire only if none divides it.
    const byCall = new Map<string, { divided: boolean; backward: boolean; u: (typeof facts.losses)[number] }>();
    for (const u of facts.losses) {
      const r = u.args.reduction;
      if (!r || r.value !== 'sum') continue;
      const k = siteKey(u.call);
      const cur = byCall.get(k);
      if (cur) { cur.divided ||= u.divided; cur.backward ||= u.backward; } else byCall.set(k, { divided: u.divided, backward: u.backward, u });
    }
    for (const { divided, backward, u } of byCall.values()) {
      if (divided || !backward) continue;
      out.push(codeFinding(sumReductionCode, {
        site: u.ctor,
        message: l10n.t("{0} uses reduction='sum' and the loss computed at {1} is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.", u.name, where(u.call)),
        fix: `criterion = nn.CrossEntropyLoss()            # reduction='mean'\n# ${l10n.t('or:')} loss = criterion(logits, y) / y.numel()`,
        related: [{ site: u.call, message: l10n.t('loss computed here, then backpropagated') }],
      }));
    }
    return out;
  },
};
