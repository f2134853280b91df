/**
 * loss-spikes: isolated points far above the curve's own level, measured against the curve's own
 * noise. A spike is at most `maxWidth` consecutive points whose residual above the smoothed level
 * (log space for positive losses) exceeds `zThreshold` robust σ of the local noise AND the value is
 * at least `minRatio` × the level, and the points on each side of it sit at the level (a jump out
 * of an already erratic stretch, such as the first chaotic steps, is not isolated). When more than
 * `maxShare` of all points (+1) are at least `minRatio` × the level and 3 σ above it, the noise is
 * heavy-tailed by nature (tiny batches, per-sample logging, a per-batch loss near zero) and nothing
 * is reported: such a curve has many large excursions, of which the few past 6 σ are not special.
 * With a total loss logged next to its terms, the total is judged (and the validation curves).
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { fmt, pct } from '../format';
import type { Finding } from '../types';
import { median, toValue, type SeriesAnalysis } from './analyse';
import { foldByGroup } from './roles';
import type { CurveRule, CurveSeries } from './types';

function fix(): string {
  return [
    `# ${l10n.t('look at the batches of the spike steps: a corrupt sample, a wrong label, an outlier target?')}`,
    `# ${l10n.t('then keep one bad batch from blowing up the weights:')}`,
    'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
    `# ${l10n.t('with Adam: a larger eps (1e-6..1e-8 -> 1e-6) or a lower peak learning rate / longer warmup')}`,
    `# ${l10n.t('with float16: use bfloat16 or a GradScaler')}`,
  ].join('\n');
}

export interface Spike {
  step: number;
  value: number;
  level: number;
  ratio: number;
  z: number;
  width: number;
}

/** The spikes of one series (empty when the series is short or the noise is heavy-tailed). */
export function findSpikes(a: SeriesAnalysis, o: Record<string, number>): { spikes: Spike[]; candidates: number } {
  const f = a.y.length;
  if (f < o.minPoints || a.centers.length < 3) return { spikes: [], candidates: 0 };
  const minLog = a.log ? Math.log(o.minRatio) : 0;
  const flagged: number[] = [];
  let tail = 0;
  // Skip the first block: the start of training moves too fast for a level to be meaningful.
  for (let i = a.block; i < f; i++) {
    const b = Math.min(a.blockSigma.length - 1, Math.floor(i / a.block));
    const sd = Math.max(a.blockSigma[b], a.sigma * 0.5, 1e-12);
    const r = a.y[i] - a.smooth[i];
    const large = r >= minLog && (a.log || r > (o.minRatio - 1) * Math.abs(toValue(a, a.smooth[i])));
    if (large && r > 3 * sd) tail++;
    if (large && r > o.zThreshold * sd) flagged.push(i);
  }
  if (tail > o.maxShare * f + 1) return { spikes: [], candidates: flagged.length };
  const spikes: Spike[] = [];
  for (let k = 0; k < flagged.length;) {
    let e = k;
    while (e + 1 < flagged.length && flagged[e + 1] === flagged[e] + 1) e++;
    const width = e - k + 1;
    // Isolated: the points on each side sit at the level (a shift of the whole curve is not a
    // spike, nor is the peak of an erratic stretch).
    const before: number[] = [], after: number[] = [];
    for (let i = Math.max(0, flagged[k] - 5); i < flagged[k]; i++) before.push(a.y[i] - a.smooth[i]);
    for (let i = flagged[e] + 1; i <= Math.min(f - 1, flagged[e] + 5); i++) after.push(a.y[i] - a.smooth[i]);
    const b0 = Math.min(a.blockSigma.length - 1, Math.floor(flagged[k] / a.block));
    const near = 2 * Math.max(a.blockSigma[b0], a.sigma * 0.5, 1e-12);
    let top = flagged[k];
    for (let j = k; j <= e; j++) if (a.y[flagged[j]] > a.y[top]) top = flagged[j];
    // ...and the spike stands `minRatio` above the values on each side, not only above the
    // smoothed level (which cuts corners where the curve drops in one step).
    const side = (lo: number, hi: number): number[] => Array.from(a.y.subarray(Math.max(0, lo), Math.min(f, hi)));
    const above = (ys: number[]): boolean => {
      if (!ys.length) return true;
      const m = median(ys);
      return a.log ? a.y[top] - m >= minLog : a.y[top] - m > (o.minRatio - 1) * Math.abs(m);
    };
    const isolated = before.length + after.length > 0 && (!before.length || median(before) <= near) && (!after.length || median(after) <= near) &&
      above(side(flagged[k] - 5, flagged[k])) && above(side(flagged[e] + 1, flagged[e] + 6));
    if (width <= o.maxWidth && isolated) {
      const b = Math.min(a.blockSigma.length - 1, Math.floor(top / a.block));
      const sd = Math.max(a.blockSigma[b], a.sigma * 0.5, 1e-12);
      const level = toValue(a, a.smooth[top]);
      spikes.push({ step: a.steps[top], value: a.values[top], level, ratio: a.log ? a.values[top] / level : NaN, z: (a.y[top] - a.smooth[top]) / sd, width });
    }
    k = e + 1;
  }
  return { spikes, candidates: flagged.length };
}

export const lossSpikes: CurveRule = {
  id: 'loss-spikes',
  severity: 'warning',
  title: 'Isolated loss spikes',
  defaults: { zThreshold: 6, minRatio: 2, maxWidth: 3, maxShare: 0.002, minPoints: 50, severeRatio: 10, warnCount: 3 },
  check(ctx) {
    const out: Finding[] = [];
    const list: CurveSeries[] = [...ctx.roles.judgedTrain, ...ctx.roles.val];
    for (const s of list) {
      const a = ctx.analysis(s);
      const { spikes } = findSpikes(a, ctx.options);
      if (!spikes.length) continue;
      const worst = spikes.reduce((p, q) => ((q.ratio || q.z) > (p.ratio || p.z) ? q : p));
      const severe = spikes.length >= ctx.options.warnCount || (worst.ratio || 0) >= ctx.options.severeRatio;
      const shown = spikes.slice(0, 8).map((p) => (a.log ? l10n.t('step {0} ({1}× the level)', String(p.step), fmt(p.ratio)) : l10n.t('step {0} (+{1})', String(p.step), fmt(p.value - p.level)))).join(', ');
      const list = `${shown}${spikes.length > 8 ? ', …' : ''}`;
      const noise = a.log ? `±${pct(Math.expm1(a.sigma))}` : `±${fmt(a.sigma)}`;
      out.push(finding(lossSpikes, {
        severity: severe ? 'warning' : 'info',
        message: spikes.length > 1
          ? l10n.t("'{0}' has {1} isolated spikes far above its measured noise: {2}. Typical point-to-point noise is {3}; the largest spike is {4} σ above the smoothed curve. One batch with a far larger loss means an unusual batch (corrupt sample, wrong label) or an update that jumped too far (learning rate, Adam epsilon, float16).",
            s.name, String(spikes.length), list, noise, fmt(worst.z))
          : l10n.t("'{0}' has {1} isolated spike far above its measured noise: {2}. Typical point-to-point noise is {3}; the largest spike is {4} σ above the smoothed curve. One batch with a far larger loss means an unusual batch (corrupt sample, wrong label) or an update that jumped too far (learning rate, Adam epsilon, float16).",
            s.name, String(spikes.length), list, noise, fmt(worst.z)),
        evidence: {
          series: s.name, spikes: spikes.length, steps: spikes.map((p) => p.step), values: spikes.map((p) => p.value),
          ratios: a.log ? spikes.map((p) => Number(p.ratio.toPrecision(4))) : [], maxZ: Number(worst.z.toPrecision(4)),
          noise: Number(a.sigma.toPrecision(4)), noiseSpace: a.log ? 'log' : 'linear', points: a.n,
        },
        fix: fix(),
        field: s.name,
      }));
    }
    return foldByGroup(out);
  },
};
