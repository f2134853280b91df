/**
 * non-finite-loss: a logged loss became NaN or ±Infinity. Reports the first step where it
 * happened, the last finite value before it and how many values are not finite.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { fmt } from '../format';
import type { Finding } from '../types';
import { analyseSeries } from './analyse';
import { canonicalName } from './roles';
import type { CurveRule } from './types';

/** The fix for a NaN/Inf loss (its comments in the current language). */
export function nonFiniteFix(): string {
  return [
    `# ${l10n.t('find the first operation that produces NaN/Inf (slow: only around the failing step)')}`,
    'torch.autograd.set_detect_anomaly(True)',
    `# ${l10n.t('usual causes and fixes:')}`,
    `#  - ${l10n.t('learning rate too high: lower it, add warmup, clip gradients')}`,
    'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
    `#  - ${l10n.t('log(0) / log(sigmoid(x)) / log(softmax(x)) written by hand: use BCEWithLogitsLoss / CrossEntropyLoss on logits')}`,
    `#  - ${l10n.t('float16 overflow: use torch.autocast(..., dtype=torch.bfloat16) or a GradScaler, keep the loss in float32')}`,
    `#  - ${l10n.t('NaN in the data: assert torch.isfinite(x).all() and torch.isfinite(y).all() in the loader')}`,
    `#  - ${l10n.t('every target ignored in a batch (mean over zero targets is NaN)')}`,
  ].join('\n');
}

interface MessageParts {
  name: string;
  kind: string;
  step: number;
  /** Where it came from: a translated clause. */
  before: string;
  bad: number;
  n: number;
  /** Finite again at the end of the log. */
  recovered: boolean;
  /** The other series that followed (empty: none). */
  also: string;
}

function nonFiniteMessage(p: MessageParts): string {
  const args = [p.name, p.kind, String(p.step), p.before, String(p.bad), String(p.n), p.also];
  if (p.recovered) {
    return p.also
      ? l10n.t("'{0}' becomes {1} at step {2}, {3}; {4} of {5} logged values are not finite (later values are finite again: AMP skipped steps or the job restarted from a checkpoint); then also {6}. Once NaN reaches the weights every later step is NaN.", ...args)
      : l10n.t("'{0}' becomes {1} at step {2}, {3}; {4} of {5} logged values are not finite (later values are finite again: AMP skipped steps or the job restarted from a checkpoint). Once NaN reaches the weights every later step is NaN.", ...args.slice(0, 6));
  }
  return p.also
    ? l10n.t("'{0}' becomes {1} at step {2}, {3}; {4} of {5} logged values are not finite; then also {6}. Once NaN reaches the weights every later step is NaN.", ...args)
    : l10n.t("'{0}' becomes {1} at step {2}, {3}; {4} of {5} logged values are not finite. Once NaN reaches the weights every later step is NaN.", ...args.slice(0, 6));
}

export const nonFiniteLoss: CurveRule = {
  id: 'non-finite-loss',
  severity: 'error',
  title: 'Loss became NaN or infinite',
  defaults: {},
  check(ctx) {
    const out: Finding[] = [];
    // What follows from one failure is folded into its finding instead of repeated: another rank of the
    // same series failing at that step or later (the gradient all-reduce carries NaN to every rank), and
    // a validation loss failing at or after a training loss's first non-finite step (the weights are NaN).
    const firstTrain: Array<{ canonical: string; step: number; f: Finding; also: string[]; alsoSteps: number[]; parts: Omit<MessageParts, 'also'> }> = [];
    const isVal = new Set(ctx.roles.val);
    const ordered = [...ctx.roles.train, ...ctx.roles.val].sort((p, q) => Number(ctx.roles.isRankCopy(p)) - Number(ctx.roles.isRankCopy(q)));
    for (const s of ordered) {
      const a = ctx.analysis(s);
      if (a.firstNonFinite < 0) continue;
      const at = s.steps[a.firstNonFinite];
      const cause = firstTrain.find((t) => t.step <= at && (isVal.has(s) || (ctx.roles.isRankCopy(s) && t.canonical === canonicalName(s.name))));
      if (cause) {
        cause.also.push(s.name);
        cause.alsoSteps.push(at);
        cause.f.evidence.alsoIn = [...cause.also];
        cause.f.evidence.alsoInSteps = [...cause.alsoSteps];
        continue;
      }
      const i = a.firstNonFinite;
      const v = s.values[i];
      const kind = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      const step = s.steps[i];
      let lastFinite: number | null = null, lastFiniteStep: number | null = null;
      for (let j = i - 1; j >= 0; j--) {
        if (Number.isFinite(s.values[j])) { lastFinite = s.values[j]; lastFiniteStep = s.steps[j]; break; }
      }
      // Was it already growing? The smoothed level just before, against its lowest point so far —
      // smoothed over the points before the failure only (values after a recovery must not count).
      let growth: number | null = null;
      if (i >= 5) {
        const pre = i === a.steps.length ? a : analyseSeries({ name: s.name, steps: Array.from({ length: i }, (_, j) => s.steps[j]), values: Array.from({ length: i }, (_, j) => s.values[j]) });
        if (pre.log) {
          let lo = Infinity;
          for (let j = 0; j < i; j++) lo = Math.min(lo, pre.smooth[j]);
          growth = Math.exp(pre.smooth[i - 1] - lo);
        }
      }
      const recovered = Number.isFinite(s.values[s.values.length - 1]);
      const before = lastFinite === null ? l10n.t('from its first logged value')
        : growth !== null && growth > 2
          ? l10n.t('after {0} at step {1} (its smoothed level had already grown {2}× from its lowest)', fmt(lastFinite), String(lastFiniteStep), fmt(growth))
          : l10n.t('after {0} at step {1}', fmt(lastFinite), String(lastFiniteStep));
      const f = finding(nonFiniteLoss, {
        message: nonFiniteMessage({ name: s.name, kind, step, before, bad: a.nonFiniteCount, n: a.n, recovered, also: '' }),
        evidence: {
          series: s.name, step, value: kind, index: i, lastFinite, lastFiniteStep, nonFiniteValues: a.nonFiniteCount, points: a.n,
          growthBeforeNonFinite: growth === null ? null : Number(growth.toPrecision(4)),
        },
        fix: nonFiniteFix(),
        field: s.name,
      });
      if (!isVal.has(s)) firstTrain.push({ canonical: canonicalName(s.name), step, f, also: [], alsoSteps: [], parts: { name: s.name, kind, step, before, bad: a.nonFiniteCount, n: a.n, recovered } });
      out.push(f);
    }
    for (const t of firstTrain) {
      if (t.also.length === 0) continue;
      const list = t.also.map((n, j) => l10n.t("'{0}' (step {1})", n, String(t.alsoSteps[j]))).join(', ');
      t.f.message = nonFiniteMessage({ ...t.parts, also: list });
    }
    return out;
  },
};
