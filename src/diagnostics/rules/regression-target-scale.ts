/**
 * regression-target-scale: MSELoss/L1Loss/HuberLoss/SmoothL1Loss targets far from unit scale
 * (|mean| or std above `maxScale`). The loss and its gradients scale with the targets (squared for
 * MSE), so learning rates tuned for unit-scale problems misbehave, the output layer must learn a
 * large bias first, and Huber's delta / SmoothL1's beta (in target units) lose their meaning.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { fmt, round } from '../format';
import { REGRESSION_LOSSES } from '../../engine/losses/spec';
import type { Finding, Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';

/** Column means and stds for a 2-D (N, D) target with a few columns, else undefined. */
function columnStats(data: ArrayLike<number>, shape: readonly number[], maxCols: number): { mean: number[]; std: number[] } | undefined {
  if (shape.length !== 2 || shape[1] < 2 || shape[1] > maxCols || shape[0] < 2) return undefined;
  const [N, D] = shape;
  const mean = new Array<number>(D).fill(0);
  const sq = new Array<number>(D).fill(0);
  for (let i = 0; i < N; i++) {
    for (let d = 0; d < D; d++) {
      const v = data[i * D + d];
      mean[d] += v;
      sq[d] += v * v;
    }
  }
  const std = mean.map((s, d) => Math.sqrt(Math.max(sq[d] / N - (s / N) ** 2, 0)));
  return { mean: mean.map((s) => s / N), std };
}

export const regressionTargetScale: Rule = {
  id: 'regression-target-scale',
  severity: 'warning',
  title: 'Regression targets far from unit scale',
  defaults: { maxScale: 10, minSamples: 2 },
  appliesTo: REGRESSION_LOSSES,
  check(ctx: RuleContext): Finding[] {
    const spec = ctx.case.loss;
    const t = ctx.stats.target;
    if (t.size - t.nonFinite < Math.max(2, ctx.options.minSamples)) return [];
    const lim = ctx.options.maxScale;
    const big = Math.abs(t.mean) > lim || t.std > lim;
    if (!big) return [];
    const cols = columnStats(ctx.case.target.data, ctx.case.target.shape, 16);
    const mean = round(t.mean, 4);
    const std = round(t.std > 0 ? t.std : 1, 4);
    const inp = ctx.stats.input;
    const lossValue = scalarLoss(ctx.result) ?? null;
    const thresholdNote = spec.type === 'HuberLoss'
      ? ` ${l10n.t('HuberLoss(delta={0}) is in target units: at this scale almost every residual is beyond delta, so it behaves like L1.', fmt(spec.delta))}`
      : spec.type === 'SmoothL1Loss'
        ? ` ${l10n.t('SmoothL1Loss(beta={0}) is in target units: at this scale it behaves like L1.', fmt(spec.beta))}`
        : '';
    const fixLines = cols
      ? [
        `# ${l10n.t('standardise each target column with training-set statistics')}`,
        `y_mean = torch.tensor([${cols.mean.map((v) => fmt(round(v, 5))).join(', ')}])`,
        `y_std = torch.tensor([${cols.std.map((v) => fmt(round(v > 0 ? v : 1, 5))).join(', ')}])`,
      ]
      : [
        `# ${l10n.t('standardise the targets with training-set statistics')}`,
        `y_mean, y_std = ${fmt(mean)}, ${fmt(std)}   # y_train.mean(), y_train.std()`,
      ];
    fixLines.push(
      'loss = criterion(model(x), (y - y_mean) / y_std)',
      `pred = model(x) * y_std + y_mean   # ${l10n.t('back to original units for metrics and inference')}`,
    );
    if (spec.type === 'MSELoss' && t.min > 0 && t.max / Math.max(t.min, 1e-300) > 100) {
      fixLines.push(`# ${l10n.t('targets spanning orders of magnitude (prices, counts): consider regressing log1p(y) instead')}`);
    }
    return [finding(regressionTargetScale, {
      message: (spec.type === 'MSELoss'
        ? l10n.t('The {0} targets have mean {1} and std {2} (range {3}…{4}), far from unit scale (limit {5}). The loss{6} and its gradients grow with the target scale squared, so usual learning rates and initialisations are off, and the output layer first has to learn the offset.',
          spec.type, fmt(t.mean), fmt(t.std), fmt(t.min), fmt(t.max), fmt(lim), lossValue !== null ? ` (${fmt(lossValue)})` : '')
        : l10n.t('The {0} targets have mean {1} and std {2} (range {3}…{4}), far from unit scale (limit {5}). The loss{6} and its gradients grow with the target scale, so usual learning rates and initialisations are off, and the output layer first has to learn the offset.',
          spec.type, fmt(t.mean), fmt(t.std), fmt(t.min), fmt(t.max), fmt(lim), lossValue !== null ? ` (${fmt(lossValue)})` : '')) +
        thresholdNote,
      evidence: {
        targetMean: round(t.mean, 6),
        targetStd: round(t.std, 6),
        targetMin: t.min,
        targetMax: t.max,
        inputMean: round(inp.mean, 6),
        inputStd: round(inp.std, 6),
        maxScale: lim,
        loss: lossValue,
      },
      fix: fixLines.join('\n'),
      field: 'target',
    })];
  },
};
