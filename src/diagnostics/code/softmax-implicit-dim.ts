/**
 * softmax-implicit-dim [source only]: softmax/log_softmax called without `dim`. PyTorch warns and
 * picks dim=0 for 0-, 1- and 3-D inputs and dim=1 otherwise, so a (B, L, V) tensor is normalised over
 * the batch.
 */
import { l10n } from '../../l10n';
import { codeFinding } from './helpers';
import type { CodeFinding, CodeRule } from './types';

export const softmaxImplicitDimCode: CodeRule = {
  id: 'softmax-implicit-dim',
  severity: 'info',
  title: 'softmax without dim',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const op of facts.ops) {
      if (op.op !== 'softmax-no-dim' || !op.act) continue;
      out.push(codeFinding(softmaxImplicitDimCode, {
        site: op.site,
        message: l10n.t('{0} is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.', op.act.form),
        fix: `probs = F.softmax(logits, dim=-1)   # ${l10n.t('the class axis')}`,
      }));
    }
    return out;
  },
};
