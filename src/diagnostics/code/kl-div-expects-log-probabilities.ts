/**
 * kl-div-expects-log-probabilities in code: KLDivLoss / F.kl_div given probabilities (softmax) or raw
 * scores as input, or a target whose form does not match `log_target`.
 */
import { l10n } from '../../l10n';
import { codeFinding, fixOf, where } from './helpers';
import type { CodeFinding, CodeFix, CodeRule } from './types';

export const klDivExpectsLogProbabilitiesCode: CodeRule = {
  id: 'kl-div-expects-log-probabilities',
  severity: 'warning',
  title: 'KLDivLoss input or target in the wrong form',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const u of facts.losses) {
      if (u.loss !== 'KLDivLoss') continue;
      const a = u.input.act;
      if (a && (a.kind === 'softmax' || a.kind === 'sigmoid')) {
        out.push(codeFinding(klDivExpectsLogProbabilitiesCode, {
          site: a.site,
          message: l10n.t('{0} at {1} expects its input as log-probabilities, but it comes from {2}: probabilities. The loss is then Σ t·(log t − p), not KL(t‖p): it can go negative and its minimum is not at p = t. Use log_softmax for the input (the student, in distillation).', u.name, where(u.call), a.form),
          fix: 'loss = F.kl_div(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1), reduction="batchmean") * T * T',
          related: [{ site: u.call, message: l10n.t('{0} consumes it here', u.name) }],
          fixes: a.kind === 'softmax' ? fixOf(l10n.t('Use log_softmax for the input'), a.toLog) : [],
        }));
      } else if (!a && u.input.raw) {
        out.push(codeFinding(klDivExpectsLogProbabilitiesCode, {
          site: u.call,
          message: l10n.t('{0} expects log-probabilities as input, but it comes straight from {1} at {2}: raw scores. Apply log_softmax first.', u.name, u.input.raw.form, where(u.input.raw.site)),
          fix: 'loss = F.kl_div(F.log_softmax(logits, dim=1), target_probs, reduction="batchmean")',
          related: [{ site: u.input.raw.site, message: l10n.t('raw scores come from here') }],
        }));
      }
      const t = u.target.act;
      const lt = u.args.log_target;
      if ('**' in u.args || (lt && lt.value === undefined)) continue;
      const logTarget = lt?.value === true;
      if (t && (t.kind === 'log_softmax' || t.kind === 'log_of_softmax') && !logTarget) {
        const fixes: CodeFix[] = [];
        if (u.argInsert && !lt) fixes.push({ title: l10n.t('Set log_target=True'), edits: [{ file: u.argInsert.site.file, span: u.argInsert.site.span, newText: `${u.argInsert.needsComma ? ', ' : ''}log_target=True` }] });
        out.push(codeFinding(klDivExpectsLogProbabilitiesCode, {
          site: t.site,
          message: l10n.t('The target of {0} at {1} comes from {2} (log-probabilities), but log_target is not set, so PyTorch reads it as probabilities: the loss is wrong and can go negative. Pass log_target=True, or give the target as probabilities (softmax).', u.name, where(u.call), t.form),
          fix: 'loss = F.kl_div(log_p, log_q, reduction="batchmean", log_target=True)',
          related: [{ site: u.call, message: l10n.t('{0} consumes it here', u.name) }],
          fixes,
        }));
      } else if (t && t.kind === 'softmax' && logTarget) {
        out.push(codeFinding(klDivExpectsLogProbabilitiesCode, {
          site: t.site,
          message: l10n.t('The target of {0} at {1} comes from {2} (probabilities), but log_target=True makes PyTorch read it as log-probabilities. Use log_softmax for the target, or drop log_target=True.', u.name, where(u.call), t.form),
          fix: 'loss = F.kl_div(log_p, F.log_softmax(teacher_logits, dim=1), reduction="batchmean", log_target=True)',
          related: [{ site: u.call, message: l10n.t('{0} consumes it here', u.name) }],
          fixes: fixOf(l10n.t('Use log_softmax for the target'), t.toLog),
        }));
      }
    }
    return out;
  },
};
