/**
 * loss-divergence: the loss curve becomes NaN/Inf, or grows for a sustained stretch after reaching
 * a minimum (the last third trends up and ends far above the lowest smoothed value).
 *
 * Minibatch losses are noisy, so growth is measured on a moving average (window n/10), never on
 * single points: a noisy but converged curve is not reported.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { fmt } from '../format';
import type { Finding, Rule, RuleContext } from '../types';
import { movingAverage } from './loss-plateau';
import { lowerLearningRateLines } from '../curves/divergence';

function fix(): string {
  return [
    ...lowerLearningRateLines(),
    `# ${l10n.t('find the first operation that produces NaN/Inf')}`,
    'torch.autograd.set_detect_anomaly(True)',
    `# ${l10n.t('no hand-written log(sigmoid(x)) / log(softmax(x)): use BCEWithLogitsLoss / CrossEntropyLoss on logits;')}`,
    `# ${l10n.t('with float16 autocast, use torch.cuda.amp.GradScaler() and keep the loss in float32')}`,
  ].join('\n');
}

interface CurveFinding {
  curve: string;
  values: number[];
}

export const lossDivergence: Rule = {
  id: 'loss-divergence',
  severity: 'warning',
  title: 'Loss diverges',
  defaults: { minSteps: 8, growthFactor: 2, minRise: 0.1 },
  check(ctx: RuleContext): Finding[] {
    const h = ctx.case.history;
    if (!h) return [];
    const curves: CurveFinding[] = [];
    if (h.train && h.train.length) curves.push({ curve: 'train', values: h.train });
    if (h.val && h.val.length) curves.push({ curve: 'val', values: h.val });
    const out: Finding[] = [];
    for (const { curve, values: v } of curves) {
      // 1) non-finite values
      const bad = v.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) {
        const lastFinite = bad > 0 ? v[bad - 1] : null;
        const kind = Number.isNaN(v[bad]) ? 'NaN' : v[bad] > 0 ? 'Infinity' : '-Infinity';
        let nonFinite = 0;
        for (const x of v) if (!Number.isFinite(x)) nonFinite++;
        let minBefore = Infinity;
        for (let i = 0; i < bad; i++) if (v[i] < minBefore) minBefore = v[i];
        const args = [kind, String(bad), String(v.length), fmt(lastFinite ?? NaN), fmt(v[bad - 1] / Math.max(minBefore, 1e-300)), String(nonFinite)];
        out.push(finding(lossDivergence, {
          message: lastFinite === null
            ? (curve === 'train'
              ? l10n.t('The train loss becomes {0} at step {1} of {2}; {5} of {2} values are not finite. Once a NaN reaches the weights, training cannot recover.', ...args)
              : l10n.t('The val loss becomes {0} at step {1} of {2}; {5} of {2} values are not finite. Once a NaN reaches the weights, training cannot recover.', ...args))
            : bad > 1
              ? (curve === 'train'
                ? l10n.t('The train loss becomes {0} at step {1} of {2} (last finite value {3}, {4}× its minimum so far); {5} of {2} values are not finite. Once a NaN reaches the weights, training cannot recover.', ...args)
                : l10n.t('The val loss becomes {0} at step {1} of {2} (last finite value {3}, {4}× its minimum so far); {5} of {2} values are not finite. Once a NaN reaches the weights, training cannot recover.', ...args))
              : (curve === 'train'
                ? l10n.t('The train loss becomes {0} at step {1} of {2} (last finite value {3}); {5} of {2} values are not finite. Once a NaN reaches the weights, training cannot recover.', ...args)
                : l10n.t('The val loss becomes {0} at step {1} of {2} (last finite value {3}); {5} of {2} values are not finite. Once a NaN reaches the weights, training cannot recover.', ...args)),
          evidence: {
            curve, steps: v.length, firstNonFiniteStep: bad, value: kind, lastFinite, nonFiniteSteps: nonFinite,
          },
          fix: fix(),
          field: 'history',
        }));
        continue;
      }
      // 2) sustained growth
      const n = v.length;
      if (n < Math.max(4, ctx.options.minSteps)) continue;
      const ma = movingAverage(v, Math.max(1, Math.round(n / 10)));
      let iMin = 0;
      for (let i = 1; i < n; i++) if (ma[i] < ma[iMin]) iMin = i;
      const minMa = ma[iMin];
      const end = ma[n - 1];
      const thirdStart = Math.floor((2 * n) / 3);
      const startOfThird = ma[thirdStart];
      const growth = minMa > 0 ? end / minMa : end > minMa ? Infinity : 1;
      const risingThird = end > startOfThird * (1 + ctx.options.minRise) && end - startOfThird > 1e-9;
      if (iMin >= thirdStart || !risingThird || !(growth >= ctx.options.growthFactor)) continue;
      out.push(finding(lossDivergence, {
        message: curve === 'train'
          ? l10n.t('The train loss grows again after step {0}: its smoothed value rose from {1} to {2} (×{3}) and is still rising over the last third of the {4} steps. A rising training loss usually means the learning rate is too high for this stage (or the optimizer state blew up).', String(iMin), fmt(minMa), fmt(end), fmt(growth), String(n))
          : l10n.t('The val loss grows again after step {0}: its smoothed value rose from {1} to {2} (×{3}) and is still rising over the last third of the {4} steps. A rising validation loss while training continues is overfitting or divergence; compare with the training curve.', String(iMin), fmt(minMa), fmt(end), fmt(growth), String(n)),
        evidence: {
          curve, steps: n, minStep: iMin, minSmoothed: minMa, endSmoothed: end, growthFactor: growth,
          lastThirdRise: startOfThird > 0 ? end / startOfThird : null,
        },
        fix: curve === 'train'
          ? fix()
          : `# ${l10n.t('keep the checkpoint with the best validation loss and stop early')}\nif val_loss < best: best = val_loss; torch.save(model.state_dict(), "best.pt")\n# ${l10n.t('and regularise: weight_decay, dropout, data augmentation, or a smaller learning rate')}`,
        field: 'history',
      }));
    }
    return out;
  },
};
