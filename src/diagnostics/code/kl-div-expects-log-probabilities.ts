/**
 * kl-div-expects-log-probabilities in code: KLDivLoss / F.kl_div given probabilities (softmax) or raw
 * scores as input, or a target whose form does not match `log_target`.
 */
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
          message: `${u.name} at ${where(u.call)} expects its input as log-probabilities, but it comes from ${a.form}: probabilities. The loss is then Σ t·(log t − p), not KL(t‖p): it can go negative and its minimum is not at p = t. Use log_softmax for the input (the student, in distillation).`,
          fix: 'loss = F.kl_div(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1), reduction="batchmean") * T * T',
          related: [{ site: u.call, message: `${u.name} consumes it here` }],
          fixes: a.kind === 'softmax' ? fixOf('Use log_softmax for the input', a.toLog) : [],
        }));
      } else if (!a && u.input.raw) {
        out.push(codeFinding(klDivExpectsLogProbabilitiesCode, {
          site: u.call,
          message: `${u.name} expects log-probabilities as input, but it comes straight from ${u.input.raw.form} at ${where(u.input.raw.site)}: raw scores. Apply log_softmax first.`,
          fix: 'loss = F.kl_div(F.log_softmax(logits, dim=1), target_probs, reduction="batchmean")',
          related: [{ site: u.input.raw.site, message: 'raw scores come from here' }],
        }));
      }
      const t = u.target.act;
      const lt = u.args.log_target;
      if ('**' in u.args || (lt && lt.value === undefined)) continue;
      const logTarget = lt?.value === true;
      if (t && (t.kind === 'log_softmax' || t.kind === 'log_of_softmax') && !logTarget) {
        const fixes: CodeFix[] = [];
        if (u.argInsert && !lt) fixes.push({ title: 'Set log_target=True', edits: [{ file: u.argInsert.site.file, span: u.argInsert.site.span, newText: `${u.argInsert.needsComma ? ', ' : ''}log_target=True` }] });
        out.push(codeFinding(klDivExpectsLogProbabilitiesCode, {
          site: t.site,
          message: `The target of ${u.name} at ${where(u.call)} comes from ${t.form} (log-probabilities), but log_target is not set, so PyTorch reads it as probabilities: the loss is wrong and can go negative. Pass log_target=True, or give the target as probabilities (softmax).`,
          fix: 'loss = F.kl_div(log_p, log_q, reduction="batchmean", log_target=True)',
          related: [{ site: u.call, message: `${u.name} consumes it here` }],
          fixes,
        }));
      } else if (t && t.kind === 'softmax' && logTarget) {
        out.push(codeFinding(klDivExpectsLogProbabilitiesCode, {
          site: t.site,
          message: `The target of ${u.name} at ${where(u.call)} comes from ${t.form} (probabilities), but log_target=True makes PyTorch read it as log-probabilities. Use log_softmax for the target, or drop log_target=True.`,
          fix: 'loss = F.kl_div(log_p, F.log_softmax(teacher_logits, dim=1), reduction="batchmean", log_target=True)',
          related: [{ site: u.call, message: `${u.name} consumes it here` }],
          fixes: fixOf('Use log_softmax for the target', t.toLog),
        }));
      }
    }
    return out;
  },
};
