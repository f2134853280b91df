/**
 * sum-reduction [info]: `reduction='sum'` makes the loss, and so the gradient, grow with the batch
 * size (and, for sequences, with the number of tokens), which couples the learning rate to it.
 */
import { l10n } from '../../l10n';
import { isClassLoss } from '../../engine/losses/spec';
import { finding } from '../finding';
import { fmt } from '../format';
import type { Finding, Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';

/** How many terms the sum adds (non-ignored positions for class losses with index targets). */
function termCount(ctx: RuleContext): { terms: number; what: string } {
  const c = ctx.case;
  if (isClassLoss(c.loss.type)) {
    const cc = ctx.stats.classCounts;
    if (cc) return { terms: cc.total - cc.ignored, what: l10n.t('non-ignored targets') };
    const l = ctx.stats.layout;
    if (l) return { terms: l.rows, what: l10n.t('positions') };
  }
  return { terms: c.input.data.length, what: l10n.t('elements') };
}

export const sumReduction: Rule = {
  id: 'sum-reduction',
  severity: 'info',
  title: "reduction='sum' scales the loss and gradient with the batch size",
  defaults: {},
  check(ctx: RuleContext): Finding[] {
    const spec = ctx.case.loss;
    if (spec.reduction !== 'sum') return [];
    const { terms, what } = termCount(ctx);
    const value = scalarLoss(ctx.result) ?? NaN;
    const perTerm = terms > 0 ? value / terms : NaN;
    const kl = spec.type === 'KLDivLoss';
    const target = kl ? 'batchmean' : 'mean';
    const batch = ctx.case.input.shape.length > 0 ? ctx.case.input.shape[0] : 1;
    const message = Number.isFinite(value)
      ? l10n.t("{0}(reduction='sum') adds up {1} {2} (loss {3}, {4} per term): the loss and every gradient are ×{1} what the mean would give, so the right learning rate depends on the batch size (and sequence length), and a change of batch size silently changes the step size.",
        spec.type, String(terms), what, fmt(value), fmt(perTerm))
      : l10n.t("{0}(reduction='sum') adds up {1} {2}: the loss and every gradient are ×{1} what the mean would give, so the right learning rate depends on the batch size (and sequence length), and a change of batch size silently changes the step size.",
        spec.type, String(terms), what);
    const fix = kl
      ? `criterion = nn.KLDivLoss(reduction='batchmean')  # ${l10n.t('the true KL divergence per sample')}\n` +
        `# ${l10n.t("or keep 'sum' and divide the learning rate by the batch size ({0})", String(batch))}`
      : `criterion = nn.${spec.type}(reduction='mean')  # ${l10n.t('other arguments unchanged')}\n` +
        `# ${l10n.t("or keep 'sum' on purpose and scale the learning rate: lr = base_lr / {0}", String(terms))}`;
    return [finding(sumReduction, {
      message,
      evidence: { terms, batchSize: batch, loss: Number.isFinite(value) ? value : null, lossPerTerm: Number.isFinite(perTerm) ? perTerm : null },
      fix,
      field: 'loss.reduction',
      edit: { path: ['loss', 'reduction'], value: target },
    })];
  },
};
