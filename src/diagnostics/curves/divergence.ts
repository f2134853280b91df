/**
 * loss-divergence on a logged curve: after reaching its lowest smoothed level, the loss grows by
 * `growthFactor` or more and is still up at the end — far beyond what its own noise explains.
 * NaN/Inf values are `non-finite-loss`'s business; a spike that recovers is `loss-spikes`'.
 * With a total logged next to its terms, the total is judged (a term rising while the total falls
 * is a trade-off, not divergence); `x_step`/`x_epoch` twins make one finding.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { fmt } from '../format';
import type { Finding } from '../types';
import { toValue, type SeriesAnalysis } from './analyse';
import { foldByGroup } from './roles';
import type { CurveRule, CurveSeries } from './types';

/** The first lines of every divergence fix: a lower learning rate and gradient clipping. */
export function lowerLearningRateLines(): string[] {
  return [
    `# ${l10n.t('lower the learning rate (often the cause) and clip gradients')}`,
    'optimizer = torch.optim.AdamW(model.parameters(), lr=base_lr / 10)',
    'loss.backward()',
    'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
    'optimizer.step()',
  ];
}

/** The fix for a diverging loss (its comments in the current language). */
export function divergenceFix(): string {
  return [
    ...lowerLearningRateLines(),
    `# ${l10n.t('use a schedule that decays (and warms up): torch.optim.lr_scheduler.OneCycleLR / CosineAnnealingLR')}`,
    `# ${l10n.t('with float16 autocast, use torch.cuda.amp.GradScaler() or bfloat16')}`,
  ].join('\n');
}

export interface Divergence {
  minStep: number;
  minLevel: number;
  endLevel: number;
  growth: number;
  /** Rise in units of the level's own noise. */
  rise: number;
}

/** Sustained growth after the minimum of the smoothed curve, or undefined. */
export function divergenceOf(a: SeriesAnalysis, o: Record<string, number>): Divergence | undefined {
  const f = a.y.length;
  if (f < o.minPoints) return undefined;
  const sm = a.smooth;
  // The last point at the minimum: a curve that sits flat at its lowest level grows again only after it.
  let iMin = 0;
  for (let i = 1; i < f; i++) if (sm[i] <= sm[iMin]) iMin = i;
  // The end: the mean of the last 10% of the smoothed curve (at least one block).
  const tail = Math.max(a.block, Math.ceil(f / 10));
  const from = Math.max(iMin + 1, f - tail);
  if (from >= f) return undefined;
  let end = 0;
  for (let i = from; i < f; i++) end += sm[i];
  end /= f - from;
  // Still up over the whole last stretch (not one late spike): every point of the tail is above
  // the midpoint between minimum and end.
  const mid = 0.5 * (sm[iMin] + end);
  for (let i = from; i < f; i++) if (sm[i] < mid) return undefined;
  const rise = (end - sm[iMin]) / Math.max(a.levelSigma, 1e-12);
  const minLevel = toValue(a, sm[iMin]);
  const endLevel = toValue(a, end);
  let growth: number;
  if (a.log) growth = Math.exp(end - sm[iMin]);
  else {
    // values ≤ 0 present: compare the rise with the descent before the minimum
    const start = sm[0];
    const descent = start - sm[iMin];
    growth = descent > 0 ? 1 + (end - sm[iMin]) / descent : 1;
  }
  if (!(growth >= o.growthFactor) || rise < o.minNoiseUnits) return undefined;
  // The stretch after the minimum must be long enough to be a trend (not the last few points).
  if (f - 1 - iMin < Math.max(3, o.minPoints / 4)) return undefined;
  return { minStep: a.steps[iMin], minLevel, endLevel, growth, rise };
}

export const curveDivergence: CurveRule = {
  id: 'loss-divergence',
  severity: 'warning',
  title: 'Loss diverges',
  defaults: { growthFactor: 2, minPoints: 8, minNoiseUnits: 6 },
  check(ctx) {
    const out: Finding[] = [];
    // The total training loss when one is logged (its terms trade off by design); a validation
    // curve only when there is no training curve to compare it with.
    const list: CurveSeries[] = [...ctx.roles.judgedTrain];
    if (!list.length) list.push(...ctx.roles.val);
    for (const s of list) {
      const a = ctx.analysis(s);
      const d = divergenceOf(a, ctx.options);
      if (!d) continue;
      const lastStep = a.steps[a.steps.length - 1];
      out.push(finding(curveDivergence, {
        message: a.log
          ? l10n.t("'{0}' grows again after step {1}: its smoothed level rose from {2} to {3} (×{4}) by step {5}, {6} times the level's own noise. A training loss that climbs back after a good descent usually means the learning rate is too high for this stage, or the optimizer state blew up.",
            s.name, String(d.minStep), fmt(d.minLevel), fmt(d.endLevel), fmt(d.growth), String(lastStep), fmt(d.rise))
          : l10n.t("'{0}' grows again after step {1}: its smoothed level rose from {2} to {3} ({4}× the earlier descent) by step {5}, {6} times the level's own noise. A training loss that climbs back after a good descent usually means the learning rate is too high for this stage, or the optimizer state blew up.",
            s.name, String(d.minStep), fmt(d.minLevel), fmt(d.endLevel), fmt(d.growth), String(lastStep), fmt(d.rise)),
        evidence: {
          series: s.name, minStep: d.minStep, minLevel: d.minLevel, endLevel: d.endLevel, growthFactor: Number(d.growth.toPrecision(4)),
          riseInNoiseUnits: Number(d.rise.toPrecision(4)), lastStep, points: a.n,
        },
        fix: divergenceFix(),
        field: s.name,
      }));
    }
    return foldByGroup(out);
  },
};
