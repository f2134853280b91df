/**
 * KLDivLoss(reduction='mean'): PyTorch's own runtime warning, with the numbers. 'mean' divides the
 * summed divergence by every element (batch × support), not by the batch, so the value is the true
 * KL divided by the support size, and so is the gradient: a distillation term weighted as in the
 * paper is K times too weak. PyTorch 1.13 warns on every call ("'mean' divides the total loss by
 * both the batch size and the support size. 'batchmean' divides only by the batch size, and aligns
 * with the KL div math definition.") and recommends 'batchmean'. Silent when the two agree (a 1-D
 * input: one distribution, numel = size(0)).
 */
import { numel, shapeStr } from '../../engine/tensor';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, round } from '../format';
import type { Rule } from '../types';
import { scalarLoss } from '../../engine/losses/result';

export const klDivMeanReduction: Rule = {
  id: 'kl-div-mean-reduction',
  severity: 'warning',
  title: "KLDivLoss(reduction='mean') is not the KL divergence (PyTorch warns: use 'batchmean')",
  defaults: {},
  appliesTo: ['KLDivLoss'],
  check(ctx) {
    const c = ctx.case;
    if (c.loss.reduction !== 'mean') return [];
    const s = c.input.shape;
    if (s.length === 0) return [];
    const n = numel(s);
    const N = s[0];
    if (N === 0 || n === N) return [];
    const factor = n / N;
    const loss = scalarLoss(ctx.result) ?? null;
    // a NaN or infinite loss (log-probability targets without log_target, a NaN in the batch) has no
    // 'batchmean' value worth quoting: the other findings of this case say why it is not finite
    const batchmean = loss === null || !Number.isFinite(loss) ? null : loss * factor;
    return [finding(klDivMeanReduction, {
      message: `${loss !== null && batchmean !== null
        ? l10n.t("KLDivLoss(reduction='mean') divides the summed divergence by all {0} elements of the {1} input, not by the batch size {2}: the loss ({3}) and its gradient are the KL divergence divided by {4}; reduction='batchmean' gives {5}, the true KL per sample.", n, shapeStr(s), N, fmt(loss), fmt(factor), fmt(batchmean))
        : l10n.t("KLDivLoss(reduction='mean') divides the summed divergence by all {0} elements of the {1} input, not by the batch size {2}: the loss and its gradient are the KL divergence divided by {3}.", n, shapeStr(s), N, fmt(factor))} ${l10n.t("PyTorch prints a UserWarning for this on every call and will change 'mean' to mean 'batchmean'.")}`,
      evidence: {
        inputShape: [...s],
        elements: n,
        batchSize: N,
        factor: round(factor, 6),
        loss: loss === null ? null : round(loss, 6),
        lossBatchmean: batchmean === null ? null : round(batchmean, 6),
      },
      fix: [
        `criterion = nn.KLDivLoss(reduction='batchmean')   # ${l10n.t('sum over classes, mean over the batch')}`,
        `# ${l10n.t("if the weight of this term was tuned with 'mean', divide it by the support size to keep the same scale:")}`,
        `# loss = alpha / ${fmt(factor)} * criterion(log_probs, target)`,
      ].join('\n'),
      field: 'loss.reduction',
      edit: { path: ['loss', 'reduction'], value: 'batchmean' },
    })];
  },
};
