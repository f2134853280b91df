/** bce-expects-probabilities in code: raw scores straight from a Linear/Conv layer reach BCELoss / F.binary_cross_entropy. */
import { l10n } from '../../l10n';
import { codeFinding, where } from './helpers';
import type { CodeFinding, CodeFix, CodeRule } from './types';

export const bceExpectsProbabilitiesCode: CodeRule = {
  id: 'bce-expects-probabilities',
  severity: 'error',
  title: 'BCELoss given values outside [0, 1]',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const u of facts.losses) {
      if (u.loss !== 'BCELoss') continue;
      const raw = u.input.raw;
      if (!raw || u.input.act) continue;
      const fixes: CodeFix[] = [];
      if (u.renameAt) {
        const newName = u.form === 'module' ? 'BCEWithLogitsLoss' : 'binary_cross_entropy_with_logits';
        fixes.push({ title: l10n.t('Use {0} (it applies sigmoid itself)', newName), edits: [{ file: u.renameAt.file, span: u.renameAt.span, newText: newName }] });
      }
      out.push(codeFinding(bceExpectsProbabilitiesCode, {
        site: u.call,
        message: l10n.t('{0} expects probabilities in [0, 1], but its input comes straight from {1} at {2} with no sigmoid after it: raw scores. PyTorch raises on values outside [0, 1] (or, on GPU, asserts). Use BCEWithLogitsLoss on the raw scores: it applies sigmoid inside, in a numerically stable way.', u.name, raw.form, where(raw.site)),
        fix: `criterion = nn.BCEWithLogitsLoss()        # ${l10n.t('takes raw logits')}\nloss = criterion(logits, target.float())`,
        related: [{ site: raw.site, message: l10n.t('raw scores come from here') }, ...(u.form === 'module' ? [{ site: u.ctor, message: l10n.t('{0} constructed here', u.name) }] : [])],
        fixes,
      }));
    }
    return out;
  },
};
