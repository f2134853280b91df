/** nll-expects-log-probabilities in code: softmax probabilities, sigmoid outputs or raw scores reach NLLLoss / F.nll_loss. */
import { l10n } from '../../l10n';
import { codeFinding, fixOf, where } from './helpers';
import type { CodeFinding, CodeFix, CodeRule } from './types';

export const nllExpectsLogProbabilitiesCode: CodeRule = {
  id: 'nll-expects-log-probabilities',
  severity: 'warning',
  title: 'NLLLoss given probabilities or logits instead of log-probabilities',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const u of facts.losses) {
      if (u.loss !== 'NLLLoss') continue;
      const a = u.input.act;
      if (a && (a.kind === 'softmax' || a.kind === 'sigmoid')) {
        out.push(codeFinding(nllExpectsLogProbabilitiesCode, {
          site: a.site,
          message: l10n.t('{0} at {1} expects log-probabilities, but its input comes from {2}: probabilities in [0, 1]. NLLLoss only negates the picked entry, so the loss is −p_y (between −1 and 0), not −log p_y, and its gradient does not train the model properly. Use log_softmax.', u.name, where(u.call), a.form),
          fix: `log_probs = F.log_softmax(logits, dim=1)\nloss = F.nll_loss(log_probs, target)      # ${l10n.t('or F.cross_entropy(logits, target)')}`,
          related: [{ site: u.call, message: l10n.t('{0} consumes it here', u.name) }],
          fixes: a.kind === 'softmax' ? fixOf(l10n.t('Use log_softmax'), a.toLog) : [],
        }));
      } else if (!a && u.input.raw) {
        const fixes: CodeFix[] = [];
        if (u.renameAt) fixes.push({ title: l10n.t('Use {0} (log_softmax + NLL)', u.form === 'module' ? 'CrossEntropyLoss' : 'cross_entropy'), edits: [{ file: u.renameAt.file, span: u.renameAt.span, newText: u.form === 'module' ? 'CrossEntropyLoss' : 'cross_entropy' }] });
        out.push(codeFinding(nllExpectsLogProbabilitiesCode, {
          site: u.call,
          message: l10n.t('{0} expects log-probabilities, but its input comes straight from {1} at {2}: raw scores. The loss is then −z_y, unbounded below, and training pushes the picked logit to infinity. Apply log_softmax first, or use CrossEntropyLoss on the logits.', u.name, u.input.raw.form, where(u.input.raw.site)),
          fix: 'loss = F.cross_entropy(logits, target)     # = nll_loss(log_softmax(logits, 1), target)',
          related: [{ site: u.input.raw.site, message: l10n.t('raw scores come from here') }],
          fixes,
        }));
      }
    }
    return out;
  },
};
