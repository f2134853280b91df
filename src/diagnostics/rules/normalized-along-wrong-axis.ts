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
    if (n < 2 || numel(c.input.shape) === 0) return undefined;
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
    if (c.input.shape[classDim] < 2 || normalisedAlong(ctx, classDim)) return undefined;
    for (let d = 0; d < n; d++) {
      if (d === classDim || c.input.shape[d] < 2) continue;
      const kind = normalisedAlong(ctx, d);
      if (kind) return { classDim, dim: d, kind, rows: numel(c.input.shape) / c.input.shape[d], K: c.input.shape[d] };
    }
    return undefined;
  });
}

const axisWord = (d: number, n: number): string => (d === 0 ? 'dim 0, the batch' : d === n - 1 ? `dim ${d} (dim=-1), the last axis` : `dim ${d}`);

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
    const consequence = c.loss.type === 'CrossEntropyLoss'
      ? `CrossEntropyLoss normalises along dim 1 again, so each class gets a bias that depends on the other ${w.K - 1} ${w.dim === 0 ? 'samples of the batch' : 'entries of that axis'}: predictions change with the batch they are in`
      : `each ${c.loss.type === 'KLDivLoss' ? 'distribution' : 'row'} along the class axis is then no distribution (its exp does not sum to 1), so the loss${loss !== null ? ` (${fmt(loss)})` : ''} is not ${c.loss.type === 'KLDivLoss' ? 'a KL divergence and can be negative' : 'a negative log-likelihood and can be negative'}, and ${w.dim === 0 ? 'every sample\'s output depends on the rest of the batch' : 'the classes compete across the wrong axis'}`;
    const dimArg = c.loss.type === 'KLDivLoss' && w.classDim === n - 1 ? '-1' : String(w.classDim);
    return [finding(normalizedAlongWrongAxis, {
      message: `The ${c.loss.type} input of shape ${shapeStr(c.input.shape)} is ${w.kind} along ${axisWord(w.dim, n)} (every one of its ${w.rows} rows ${w.kind === 'log-probabilities' ? 'has logsumexp 0' : 'sums to 1'}), not along the class axis dim ${w.classDim} (${c.input.shape[w.classDim]} classes): ${fn} was applied with dim=${w.dim} instead of dim=${dimArg}. ${consequence[0].toUpperCase()}${consequence.slice(1)}.`,
      evidence: {
        inputShape: [...c.input.shape],
        normalisedDim: w.dim,
        classDim: w.classDim,
        kind: w.kind,
        rows: w.rows,
        loss: loss === null ? null : round(loss, 6),
      },
      fix: [
        `x = F.${fn}(logits, dim=${dimArg})   # normalise over the classes, not dim=${w.dim}`,
        ...(c.loss.type === 'CrossEntropyLoss' ? ['# CrossEntropyLoss normalises itself: pass the raw logits and drop the softmax'] : []),
        "# nn.LogSoftmax() / F.log_softmax(x) without dim picks dim 0 for 0-, 1- and 3-D inputs: always pass dim",
      ].join('\n'),
      field: 'input',
    })];
  },
};
