/**
 * overfitting: the validation loss rises while the training loss keeps falling. Reports the best
 * validation step (the checkpoint to keep) and how far both curves moved since.
 *
 * Validation curves are short (one point per evaluation), so the judgement is on the points
 * themselves, lightly smoothed (3-point median) when there are 7 or more: the minimum is followed
 * by at least `minAfter` evaluations, the last ones are `minRise` above it, the rise is several
 * times the curve's own point-to-point noise, and the paired training curve fell meanwhile.
 * Several evaluation sets overfitting make one finding that names them all.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { fmt, pct } from '../format';
import type { Finding } from '../types';
import { median } from './analyse';
import type { CurveRule, CurveSeries } from './types';

function fix(): string {
  return [
    `# ${l10n.t('keep the checkpoint with the best validation loss and stop early')}`,
    'if val_loss < best_val:',
    '    best_val = val_loss',
    '    torch.save(model.state_dict(), "best.pt")',
    '# Lightning: EarlyStopping(monitor="val_loss", patience=3) + ModelCheckpoint(monitor="val_loss")',
    '# HF Trainer: load_best_model_at_end=True, metric_for_best_model="eval_loss", EarlyStoppingCallback(3)',
    `# ${l10n.t('and regularise: weight_decay, dropout, data augmentation, more data, a smaller model')}`,
  ].join('\n');
}

function finiteOf(s: CurveSeries): { steps: number[]; values: number[] } {
  const steps: number[] = [], values: number[] = [];
  for (let i = 0; i < s.values.length; i++) {
    if (Number.isFinite(s.values[i])) { steps.push(s.steps[i]); values.push(s.values[i]); }
  }
  return { steps, values };
}

function median3(v: number[]): number[] {
  if (v.length < 7) return v.slice();
  return v.map((x, i) => (i === 0 || i === v.length - 1 ? x : median([v[i - 1], x, v[i + 1]])));
}

/** Least-squares slope of v against its index. */
function slope(v: number[]): number {
  const n = v.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2, my = v.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (i - mx) * (v[i] - my); sxx += (i - mx) ** 2; }
  return sxy / sxx;
}

/** Mean of a series' finite values with step in [a, b]. */
function meanBetween(s: { steps: number[]; values: number[] }, a: number, b: number): number {
  let sum = 0, n = 0;
  for (let i = 0; i < s.steps.length; i++) if (s.steps[i] >= a && s.steps[i] <= b) { sum += s.values[i]; n++; }
  return n ? sum / n : NaN;
}

export const overfitting: CurveRule = {
  id: 'overfitting',
  severity: 'warning',
  title: 'Validation loss rising while training loss falls',
  defaults: { minPoints: 5, minAfter: 3, minRise: 0.1, minNoiseUnits: 3, minTrainDrop: 0.02 },
  check(ctx) {
    const o = ctx.options;
    const out: Finding[] = [];
    for (const vs of ctx.roles.val) {
      const tr = ctx.roles.partnerOf(vs);
      if (!tr) continue;
      const v = finiteOf(vs);
      const n = v.values.length;
      if (n < o.minPoints || v.values.some((x) => x <= 0)) continue;
      const sm = median3(v.values);
      let best = 0;
      for (let i = 1; i < n; i++) if (sm[i] < sm[best]) best = i;
      const after = n - 1 - best;
      if (after < o.minAfter) continue;
      const lastK = Math.max(2, Math.min(3, Math.floor(after / 2)));
      const end = sm.slice(n - lastK).reduce((x, y) => x + y, 0) / lastK;
      const rise = end / sm[best] - 1;
      if (rise < o.minRise) continue;
      // A trend, not one bad evaluation: the later half of the evaluations after the best is clearly
      // above it on average, and a straight line through them (log scale) rises.
      const post = sm.slice(best + 1);
      const late = post.slice(Math.floor(post.length / 2));
      if (late.reduce((x, y) => x + y, 0) / late.length < sm[best] * (1 + o.minRise / 2)) continue;
      if (!(slope(post.map(Math.log)) > 0)) continue;
      // The rise against the validation curve's own noise, measured around its trend: second
      // differences of log values (a straight or gently curved trend cancels out), σ = MAD/√1.5.
      const lv = v.values.map(Math.log);
      const d2: number[] = [];
      for (let i = 1; i < n - 1; i++) d2.push(Math.abs(lv[i] - 0.5 * (lv[i - 1] + lv[i + 1])));
      const noise = Math.max((1.4826 * median(d2)) / Math.sqrt(1.5), 1e-9);
      const units = Math.log(end / sm[best]) / noise;
      if (units < o.minNoiseUnits) continue;
      // The checkpoint to keep: the lowest evaluation actually measured (as EarlyStopping would),
      // unless that is one of the last evaluations.
      let rawBest = 0;
      for (let i = 1; i < n; i++) if (v.values[i] < v.values[rawBest]) rawBest = i;
      if (rawBest > n - 1 - o.minAfter) rawBest = best;
      best = rawBest;
      // Training fell over the same stretch.
      const t = finiteOf(tr);
      const bestStep = v.steps[best], lastStep = v.steps[n - 1];
      const span = Math.max(1, (lastStep - bestStep) / Math.max(1, after));
      const trainAtBest = meanBetween(t, bestStep - span / 2, bestStep + span / 2);
      const trainAtEnd = meanBetween(t, lastStep - span, lastStep);
      // a training loss at exactly 0 at the end (a memorised training set) fell all the way: −100 %
      if (!(trainAtBest > 0) || !(trainAtEnd >= 0)) continue;
      const trainDrop = 1 - trainAtEnd / trainAtBest;
      if (trainDrop < o.minTrainDrop) continue;
      const fromBest = end / v.values[best] - 1;
      out.push(finding(overfitting, {
        message: l10n.t("'{0}' was lowest at step {1} ({2}); over the {3} evaluations since it rose to {4} (+{5}, smoothed) by step {6}, while '{7}' kept falling ({8} → {9}, −{10}). The model is memorising the training set; the checkpoint of step {1} generalises best.",
          vs.name, String(bestStep), fmt(v.values[best]), String(n - 1 - best), fmt(end), pct(fromBest), String(lastStep), tr.name, fmt(trainAtBest), fmt(trainAtEnd), pct(trainDrop)),
        evidence: {
          series: vs.name, train: tr.name, bestStep, bestValue: v.values[best], lastStep, lastValue: v.values[n - 1],
          valRise: Number(fromBest.toPrecision(4)), endSmoothed: Number(end.toPrecision(6)), riseInNoiseUnits: Number(units.toPrecision(4)),
          trainAtBest: Number(trainAtBest.toPrecision(6)), trainAtEnd: Number(trainAtEnd.toPrecision(6)), trainDrop: Number(trainDrop.toPrecision(4)),
          evaluationsAfterBest: n - 1 - best,
        },
        fix: fix(),
        field: vs.name,
      }));
    }
    return foldEvalSets(out);
  },
};

/**
 * Several evaluation sets (`eval_g0_loss` … `eval_g5_loss`, `val_loss` and `test_loss`) rising
 * after their best step are one problem: one finding (the first set's numbers), naming the others
 * with their best steps and rises.
 */
function foldEvalSets(found: Finding[]): Finding[] {
  if (found.length < 2) return found;
  const [first, ...rest] = found;
  first.evidence.alsoIn = rest.map((f) => String(f.evidence.series));
  first.evidence.alsoInBestSteps = rest.map((f) => Number(f.evidence.bestStep));
  const others = rest.map((f) => l10n.t("'{0}' (lowest at step {1}, +{2} since)", String(f.evidence.series), String(f.evidence.bestStep), pct(Number(f.evidence.valRise))));
  first.message += ` ${l10n.t('The same on {0}.', others.join(', '))}`;
  return [first];
}
