/**
 * Log-probabilities or probabilities normalised along the wrong axis: `log_softmax(x, dim=0)` (over
 * the batch) or `softmax(x, dim=-1)` on a `(N, C, L)` tensor (over positions) fed to NLLLoss,
 * CrossEntropyLoss or KLDivLoss, whose class axis is dim 1 (KLDivLoss: the target's distribution
 * axis). Detection: the input is NOT normalised along the class axis, and IS normalised along
 * another axis of size ≥ 2 — every row there has logsumexp 0 (log-probabilities, all ≤ 0) or sums
 * to 1 within float rounding (probabilities in [0, 1]). Random logits never pass that for every row.
 * nll-expects-log-probabilities and kl-div-expects-log-probabilities defer to this rule, which says
 * which axis it was instead of calling the input raw logits.
 */
import { l10n } from '../../l10n';
import { numel, shapeStr } from '../../engine/tensor';
import { finding } from '../finding';
import { rowSumSlack, sumsAlong } from '../invariants';
import { fmt, round } from '../format';
import type { Rule, RuleContext } from '../types';
import { judgedTargetRows } from './target-not-a-distribution';
import { scalarLoss } from '../../engine/losses/result';

export interface WrongAxis {
  classDim: number;
  dim: number;
  kind: 'log-probabilities' | 'probabilities';
  rows: number;
  K: number;
}

/** log-probabilities along `dim`: all ≤ tol and every row's logsumexp within tol of 0. */
function normalisedAlong(ctx: RuleContext, dim: number): 'log-probabilities' | 'probabilities' | undefined {
  const s = ctx.stats.input;
  if (s.nonFinite > 0 && !(s.nan === 0 && s.posInf === 0)) return undefined;
  // Only log-probabilities (all ≤ 0) or probabilities (all in [0, 1]) qualify: decide before any pass.
  const maybeLog = s.max <= 1e-6, maybeProbs = s.min >= 0 && s.max <= 1 && s.nonFinite === 0;
  if (!maybeLog && !maybeProbs) return undefined;
  const r = ctx.stats.sumsAlong(dim, sumsAlong);
  if (r.g.rows === 0 || r.g.K < 2) return undefined;
  if (maybeLog) {
    const tol = 1e-4 + r.g.K * 1e-6;
    let ok = true;
    for (let i = 0; i < r.lse.length && ok; i++) if (!(Math.abs(r.lse[i]) <= tol)) ok = false;
    if (ok) return 'log-probabilities';
  }
  if (maybeProbs) {
    const slack = rowSumSlack({ data: ctx.stats.spreadValues, dtype: ctx.case.input.dtype }, r.g.K);
    let ok = true;
    for (let i = 0; i < r.sum.length && ok; i++) if (!(Math.abs(r.sum[i] - 1) <= slack)) ok = false;
    if (ok) return 'probabilities';
  }
  return undefined;
}

/** The axis the input is normalised along when it is not the class axis (memoised per case). */
export function wrongNormalisationAxis(ctx: RuleContext): WrongAxis | undefined {
  return ctx.stats.memoise('normalized-along-wrong-axis', () => {
    const c = ctx.case;
    const type = c.loss.type;
    const n = c.input.shape.length;
    if (n < 2) return undefined; // an empty input has no rows: normalisedAlong says no on every axis
    let classDim: number;
    if (type === 'NLLLoss' || type === 'CrossEntropyLoss') {
      const l = ctx.stats.layout;
      if (!l || l.targetKind === 'mismatch' || l.C < 2) return undefined;
      classDim = 1;
    } else if (type === 'KLDivLoss') {
      const r = judgedTargetRows(ctx);
      if (!r || r.badRows > 0 || r.negatives > 0 || r.axis.from !== r.axis.to) return undefined;
      classDim = r.axis.from;
    } else {
      return undefined;
    }
    // The class axis has at least 2 entries here (layout.C ≥ 2; klAxes keeps axes of 2 or more).
    if (normalisedAlong(ctx, classDim)) return undefined;
    for (let d = 0; d < n; d++) {
      if (d === classDim || c.input.shape[d] < 2) continue;
      const kind = normalisedAlong(ctx, d);
      if (kind) return { classDim, dim: d, kind, rows: numel(c.input.shape) / c.input.shape[d], K: c.input.shape[d] };
    }
    return undefined;
  });
}

const axisWord = (d: number, n: number): string => (d === 0 ? l10n.t('dim 0, the batch') : d === n - 1 ? l10n.t('dim {0} (dim=-1), the last axis', String(d)) : `dim ${d}`);

export const normalizedAlongWrongAxis: Rule = {
  id: 'normalized-along-wrong-axis',
  severity: 'warning',
  title: 'Input normalised (log_softmax / softmax) along the wrong axis',
  defaults: {},
  check(ctx) {
    const w = wrongNormalisationAxis(ctx);
    if (!w) return [];
    const c = ctx.case;
    const n = c.input.shape.length;
    const loss = scalarLoss(ctx.result) ?? null;
    const fn = w.kind === 'log-probabilities' ? 'log_softmax' : 'softmax';
    const lossText = loss !== null ? ` (${fmt(loss)})` : '';
    const tail = w.dim === 0 ? l10n.t("every sample's output depends on the rest of the batch") : l10n.t('the classes compete across the wrong axis');
    const consequence = c.loss.type === 'CrossEntropyLoss'
      ? (w.dim === 0
        ? l10n.t('CrossEntropyLoss normalises along dim 1 again, so each class gets a bias that depends on the other {0} samples of the batch: predictions change with the batch they are in', String(w.K - 1))
        : l10n.t('CrossEntropyLoss normalises along dim 1 again, so each class gets a bias that depends on the other {0} entries of that axis: predictions change with the batch they are in', String(w.K - 1)))
      : c.loss.type === 'KLDivLoss'
        ? l10n.t('each distribution along the class axis is then no distribution (its exp does not sum to 1), so the loss{0} is not a KL divergence and can be negative, and {1}', lossText, tail)
        : l10n.t('each row along the class axis is then no distribution (its exp does not sum to 1), so the loss{0} is not a negative log-likelihood and can be negative, and {1}', lossText, tail);
    const dimArg = c.loss.type === 'KLDivLoss' && w.classDim === n - 1 ? '-1' : String(w.classDim);
    return [finding(normalizedAlongWrongAxis, {
      message: w.kind === 'log-probabilities'
        ? l10n.t('The {0} input of shape {1} is log-probabilities along {2} (every one of its {3} rows has logsumexp 0), not along the class axis dim {4} ({5} classes): {6} was applied with dim={7} instead of dim={8}. {9}.',
          c.loss.type, shapeStr(c.input.shape), axisWord(w.dim, n), String(w.rows), String(w.classDim), String(c.input.shape[w.classDim]), fn, String(w.dim), dimArg, `${consequence[0].toUpperCase()}${consequence.slice(1)}`)
        : l10n.t('The {0} input of shape {1} is probabilities along {2} (every one of its {3} rows sums to 1), not along the class axis dim {4} ({5} classes): {6} was applied with dim={7} instead of dim={8}. {9}.',
          c.loss.type, shapeStr(c.input.shape), axisWord(w.dim, n), String(w.rows), String(w.classDim), String(c.input.shape[w.classDim]), fn, String(w.dim), dimArg, `${consequence[0].toUpperCase()}${consequence.slice(1)}`),
      evidence: {
        inputShape: [...c.input.shape],
        normalisedDim: w.dim,
        classDim: w.classDim,
        kind: w.kind,
        rows: w.rows,
        loss: loss === null ? null : round(loss, 6),
      },
      fix: [
        `x = F.${fn}(logits, dim=${dimArg})   # ${l10n.t('normalise over the classes, not dim={0}', String(w.dim))}`,
        ...(c.loss.type === 'CrossEntropyLoss' ? [`# ${l10n.t('CrossEntropyLoss normalises itself: pass the raw logits and drop the softmax')}`] : []),
        `# ${l10n.t('nn.LogSoftmax() / F.log_softmax(x) without dim picks dim 0 for 0-, 1- and 3-D inputs: always pass dim')}`,
      ].join('\n'),
      field: 'input',
    })];
  },
};
