/**
 * mse-outliers: MSELoss residuals so heavy-tailed that a few samples dominate the loss (and the
 * gradient). Measured by the share of the summed squared error carried by the largest 1 % of the
 * residuals: about 8.5 % for Gaussian residuals, 16 % for Laplace ones; default threshold 40 %.
 * Suggests HuberLoss/SmoothL1Loss with a delta from the residual quantiles.
 */
import { l10n } from '../../l10n';
import { sameShape } from '../../engine/tensor';
import { finding } from '../finding';
import { spreadIndices, unravelIndex } from '../../engine/numeric';
import { fmt, indexStr, pct, round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';

/** Up to this many residuals are analysed (evenly spread sample above it). */
const MAX_RESIDUALS = 1_000_000;

export const mseOutliers: Rule = {
  id: 'mse-outliers',
  severity: 'warning',
  title: 'A few outliers dominate the MSE loss',
  defaults: { topShare: 0.01, maxTopContribution: 0.4, minSamples: 50, huberQuantile: 0.9 },
  appliesTo: ['MSELoss'],
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    if (!sameShape(c.input.shape, c.target.shape)) return [];
    const x = c.input.data;
    const y = c.target.data;
    const idx = x.length > MAX_RESIDUALS ? spreadIndices(x.length, MAX_RESIDUALS) : undefined;
    const n0 = idx ? idx.length : x.length;
    const r = new Float64Array(n0);
    const pos = new Float64Array(n0);
    let n = 0;
    for (let j = 0; j < n0; j++) {
      const i = idx ? idx[j] : j;
      const d = x[i] - y[i];
      if (!Number.isFinite(d)) continue;
      r[n] = d;
      pos[n] = i;
      n++;
    }
    if (n < Math.max(2, ctx.options.minSamples)) return [];
    // |residual| sorted ascending (typed-array sort); the top k are the last k.
    const abs = Float64Array.from(r.subarray(0, n), Math.abs).sort();
    let total = 0, mean = 0;
    for (let j = 0; j < n; j++) { total += r[j] * r[j]; mean += r[j]; }
    mean /= n;
    if (!(total > 0)) return [];
    const k = Math.max(1, Math.ceil(ctx.options.topShare * n));
    let top = 0;
    for (let j = n - k; j < n; j++) top += abs[j] * abs[j];
    const share = top / total;
    if (share < ctx.options.maxTopContribution) return [];

    const q = (p: number): number => {
      const at = p * (n - 1);
      const lo = Math.floor(at);
      const hi = Math.min(lo + 1, n - 1);
      return abs[lo] + (abs[hi] - abs[lo]) * (at - lo);
    };
    let m2 = 0, m4 = 0;
    for (let j = 0; j < n; j++) {
      const d = r[j] - mean;
      m2 += d * d;
      m4 += d * d * d * d;
    }
    m2 /= n; m4 /= n;
    const kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3 : NaN;
    // The five largest residuals, by one scan.
    const cut = abs[Math.max(0, n - 5)];
    const order: number[] = [];
    for (let j = 0; j < n; j++) if (Math.abs(r[j]) >= cut) order.push(j);
    order.sort((a, b) => Math.abs(r[b]) - Math.abs(r[a]) || a - b);
    const delta = round(q(ctx.options.huberQuantile), 3);
    const medianAbs = q(0.5);
    const worst = order.slice(0, 5).map((j) => ({ at: unravelIndex(pos[j], c.input.shape), res: r[j] }));
    const worstText = worst.map((w) => `${indexStr(w.at)} (${fmt(w.res)})`).join(', ');
    return [finding(mseOutliers, {
      message: l10n.t('The largest {0} of the residuals ({1} of {2}) carry {3} of the squared error (about 8.5% for Gaussian residuals; excess kurtosis {4}). MSE lets these few samples dominate the loss and the gradient. Largest: {5}; median |residual| is {6}.',
        pct(k / n), String(k), String(n), pct(share), fmt(kurtosis), worstText, fmt(medianAbs)),
      evidence: {
        samples: n,
        topCount: k,
        topContribution: round(share, 4),
        excessKurtosis: round(kurtosis, 4),
        medianAbsResidual: round(medianAbs, 6),
        p90AbsResidual: round(q(0.9), 6),
        p99AbsResidual: round(q(0.99), 6),
        maxAbsResidual: abs[n - 1],
        suggestedDelta: delta,
        worstIndices: worst.map((w) => indexStr(w.at)),
        worstResiduals: worst.map((w) => w.res),
      },
      fix: [
        `# ${l10n.t('quadratic for {0} of the residuals, linear (bounded gradient) for the largest', pct(ctx.options.huberQuantile))}`,
        `criterion = nn.HuberLoss(delta=${fmt(delta)})        # ${l10n.t('or nn.SmoothL1Loss(beta={0})', fmt(delta))}`,
        `# ${l10n.t('and look at the worst samples: outliers are often label or unit errors')}`,
        'res = (pred - y).abs().flatten()',
        'print(res.topk(10))',
      ].join('\n'),
      field: 'target',
      edit: { path: ['loss'], value: { type: 'HuberLoss', reduction: c.loss.reduction, delta } },
    })];
  },
};
