/**
 * weighted-probability-targets: CrossEntropyLoss(weight=w, reduction='mean') with probability
 * (one-hot, mixup, soft) targets. With class-index targets PyTorch divides the weighted sum by the
 * summed weights of the targets, Σ_n w[y_n]; with probability targets it divides by the number of
 * rows N. The same predictions then give a loss s = Σ_n Σ_c w_c·t_nc / N times larger (or smaller)
 * than with index targets, and the gradient is scaled by s too (an s-times learning rate for SGD).
 * Fires when s is outside [1/maxScale, maxScale].
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { rowOffset } from '../../engine/losses/class-rows';
import { fmt } from '../format';
import type { Finding, Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';

export const weightedProbabilityTargets: Rule = {
  id: 'weighted-probability-targets',
  severity: 'warning',
  title: 'Class weights with probability targets: mean divides by N, not by the weights',
  defaults: { maxScale: 2, oneHotTolerance: 1e-6 },
  appliesTo: ['CrossEntropyLoss'],
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const spec = c.loss;
    if (spec.reduction !== 'mean' || !spec.weight) return [];
    const layout = ctx.stats.layout;
    if (!layout || layout.targetKind !== 'probs' || layout.rows === 0 || spec.weight.data.length !== layout.C) return [];
    const w = spec.weight.data;
    const t = c.target.data;
    const { rows, C, stride } = layout;
    const tol = ctx.options.oneHotTolerance;
    let W = 0, oneHot = 0;
    for (let r = 0; r < rows; r++) {
      const off = rowOffset(layout, r);
      let hot = 0, zero = 0;
      for (let k = 0, i = off; k < C; k++, i += stride) {
        const v = t[i];
        W += w[k] * v;
        if (Math.abs(v - 1) <= tol) hot++;
        else if (Math.abs(v) <= tol) zero++;
      }
      if (hot === 1 && zero === C - 1) oneHot++;
    }
    if (!Number.isFinite(W) || W <= 0) return [];
    const s = W / rows;
    const maxScale = ctx.options.maxScale;
    if (s < maxScale && s > 1 / maxScale) return [];
    const loss = scalarLoss(ctx.result);
    const asIndex = loss !== undefined && Number.isFinite(loss) ? loss / s : undefined;
    const allOneHot = oneHot === rows;
    const kind = allOneHot ? l10n.t('one-hot') : oneHot > 0 ? l10n.t('probability ({0} of {1} rows one-hot)', String(oneHot), String(rows)) : l10n.t('probability');
    const lossText = loss !== undefined && asIndex !== undefined
      ? ` ${allOneHot
        ? l10n.t('Here the loss is {0}; normalised by the weights (what class-index targets give for these one-hot rows) it is {1}.', fmt(loss), fmt(asIndex))
        : l10n.t('Here the loss is {0}; normalised by the weights (what class-index targets give) it is {1}.', fmt(loss), fmt(asIndex))}`
      : '';
    const args = [kind, String(rows), fmt(W), fmt(s >= 1 ? s : 1 / s), fmt(s)];
    return [finding(weightedProbabilityTargets, {
      message: (s >= 1
        ? l10n.t("CrossEntropyLoss(weight=…, reduction='mean') with {0} targets divides the weighted sum by the {1} rows, not by the summed target weights Σ w·target = {2} as it does for class-index targets. The loss and its gradient are {3}× larger than the same data with index targets (mean weight per row {4}), so learning rates, loss curves and comparisons with index-target runs are off by that factor.", ...args)
        : l10n.t("CrossEntropyLoss(weight=…, reduction='mean') with {0} targets divides the weighted sum by the {1} rows, not by the summed target weights Σ w·target = {2} as it does for class-index targets. The loss and its gradient are {3}× smaller than the same data with index targets (mean weight per row {4}), so learning rates, loss curves and comparisons with index-target runs are off by that factor.", ...args)) + lossText,
      evidence: {
        rows,
        numClasses: C,
        summedTargetWeight: W,
        meanWeightPerRow: s,
        oneHotRows: oneHot,
        loss: loss ?? null,
        lossNormalisedByWeights: asIndex ?? null,
        maxScale,
      },
      fix: allOneHot
        ? [
          `target = target.argmax(dim=1)   # ${l10n.t('one-hot -> class indices: the mean is then divided by the summed weights')}`,
          'loss = nn.CrossEntropyLoss(weight=class_weights)(logits, target)',
        ].join('\n')
        : [
          `# ${l10n.t('normalise by the summed target weights by hand (what index targets do):')}`,
          "per_row = F.cross_entropy(logits, target, weight=class_weights, reduction='none')",
          'loss = per_row.sum() / (target * class_weights.view(1, -1)).sum()',
          `# ${l10n.t('or normalise the weights so that their mean over your targets is 1')}`,
        ].join('\n'),
      field: 'loss.weight',
    })];
  },
};
