/**
 * weighted-probability-targets: CrossEntropyLoss(weight=w, reduction='mean') with probability
 * (one-hot, mixup, soft) targets. With class-index targets PyTorch divides the weighted sum by the
 * summed weights of the targets, Σ_n w[y_n]; with probability targets it divides by the number of
 * rows N. The same predictions then give a loss s = Σ_n Σ_c w_c·t_nc / N times larger (or smaller)
 * than with index targets, and the gradient is scaled by s too (an s-times learning rate for SGD).
 * Fires when s is outside [1/maxScale, maxScale].
 */
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
    const kind = allOneHot ? 'one-hot' : oneHot > 0 ? `probability (${oneHot} of ${rows} rows one-hot)` : 'probability';
    const scaleText = s >= 1 ? `${fmt(s)}× larger` : `${fmt(1 / s)}× smaller`;
    const lossText = loss !== undefined && asIndex !== undefined
      ? ` Here the loss is ${fmt(loss)}; normalised by the weights (what class-index targets give${allOneHot ? ' for these one-hot rows' : ''}) it is ${fmt(asIndex)}.`
      : '';
    return [finding(weightedProbabilityTargets, {
      message: `CrossEntropyLoss(weight=…, reduction='mean') with ${kind} targets divides the weighted sum by the ${rows} rows, not by the summed target weights Σ w·target = ${fmt(W)} as it does for class-index targets. The loss and its gradient are ${scaleText} than the same data with index targets (mean weight per row ${fmt(s)}), so learning rates, loss curves and comparisons with index-target runs are off by that factor.${lossText}`,
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
          'target = target.argmax(dim=1)   # one-hot -> class indices: the mean is then divided by the summed weights',
          'loss = nn.CrossEntropyLoss(weight=class_weights)(logits, target)',
        ].join('\n')
        : [
          '# normalise by the summed target weights by hand (what index targets do):',
          "per_row = F.cross_entropy(logits, target, weight=class_weights, reduction='none')",
          'loss = per_row.sum() / (target * class_weights.view(1, -1)).sum()',
          '# or normalise the weights so that their mean over your targets is 1',
        ].join('\n'),
      field: 'loss.weight',
    })];
  },
};
