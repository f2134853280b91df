/** mse-on-class-labels in code: class indices (argmax outputs) as the target of MSELoss. */
import { l10n } from '../../l10n';
import { codeFinding, where } from './helpers';
import type { CodeFinding, CodeRule } from './types';

export const mseOnClassLabelsCode: CodeRule = {
  id: 'mse-on-class-labels',
  severity: 'warning',
  title: 'MSE used on class labels',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const u of facts.losses) {
      if (u.loss !== 'MSELoss') continue;
      const c = u.target.classIndex;
      if (!c) continue;
      out.push(codeFinding(mseOnClassLabelsCode, {
        site: u.call,
        message: l10n.t('The target of {0} comes from {1} at {2}: class indices. MSE treats them as numbers on a line (class 3 is "closer" to 2 than to 7) and its gradient vanishes for confident mistakes. Use CrossEntropyLoss on logits with the class indices.', u.name, c.form, where(c.site)),
        fix: 'loss = nn.CrossEntropyLoss()(logits, class_indices)',
        related: [{ site: c.site, message: l10n.t('class indices come from here') }],
      }));
    }
    return out;
  },
};
