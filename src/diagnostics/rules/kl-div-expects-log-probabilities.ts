/**
 * KLDivLoss fed the wrong kind of distribution. Its input must be log-probabilities (≤ 0, exp of a
 * row sums to 1); its target probabilities (log_target=False) or log-probabilities (log_target=True).
 * The classic slip is distillation with `softmax(student_logits)` as input, or a teacher's
 * `log_softmax` target without `log_target=True`.
 * Detection, along the distribution dimension (the last one; dim 1 too for 3-D+ tensors, as in
 * segmentation distillation): an input with values > 0 (log-probabilities never are), or entirely
 * in [0, 1] with rows summing to 1; a target all ≤ 0 (with negatives) under log_target=False; a
 * target in [0, 1] with rows summing to 1 under log_target=True.
 */
import { computeLoss } from '../../engine/losses/index';
import type { LossSpec } from '../../engine/losses/spec';
import { numel, sameShape, tensor, type Tensor } from '../../engine/tensor';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { logsumexp, quantiles, spreadIndices } from '../../engine/numeric';
import { fmt, round } from '../format';
import type { TensorSummary } from '../stats';
import type { Finding, Rule, RuleContext } from '../types';
import { wrongNormalisationAxis } from './normalized-along-wrong-axis';
import { scalarLoss } from '../../engine/losses/result';

/** Per-row sums and logsumexps along one dimension, for up to `maxRows` evenly spread rows. */
interface DistRows {
  dim: number;
  C: number;
  /** Rows in the tensor, and rows examined. */
  rows: number;
  checked: number;
  sum: Float64Array;
  lse: Float64Array;
}

export function distRows(t: Tensor, dim: number, maxRows: number): DistRows {
  const s = t.shape;
  const C = s[dim];
  const inner = numel(s.slice(dim + 1));
  const rows = C === 0 ? 0 : t.data.length / C;
  const which = spreadIndices(rows, maxRows);
  const sum = new Float64Array(which.length), lse = new Float64Array(which.length);
  for (let j = 0; j < which.length; j++) {
    const r = which[j];
    const off = Math.floor(r / inner) * C * inner + (r % inner);
    let acc = 0;
    for (let k = 0, i = off; k < C; k++, i += inner) acc += t.data[i];
    sum[j] = acc;
    lse[j] = logsumexp(t.data, off, C, inner);
  }
  return { dim, C, rows, checked: which.length, sum, lse };
}

/** Dimensions a distribution may lie along: the last one, and dim 1 for 3-D+ tensors; size ≥ 2. */
function candidateDims(shape: readonly number[]): number[] {
  const n = shape.length;
  if (n === 0) return [];
  const dims = [n - 1];
  if (n >= 3) dims.push(1);
  return dims.filter((d) => shape[d] >= 2);
}

/** (r.checked ≥ 1: only non-empty tensors are examined, along a dimension of size ≥ 2) */
function share(r: DistRows, ok: (sum: number, lse: number) => boolean): number {
  let n = 0;
  for (let j = 0; j < r.checked; j++) if (ok(r.sum[j], r.lse[j])) n++;
  return n / r.checked;
}

/** The candidate dimension whose rows best satisfy `ok`, with that share (undefined when there is none). */
function bestDim(ctx: RuleContext, which: 'input' | 'target', ok: (sum: number, lse: number) => boolean): { rows: DistRows; share: number } | undefined {
  const t = which === 'input' ? ctx.case.input : ctx.case.target;
  const maxRows = Math.max(1, Math.floor(ctx.options.sampleRows));
  let best: { rows: DistRows; share: number } | undefined;
  for (const d of candidateDims(t.shape)) {
    const rows = ctx.stats.memoise(`kl-div-rows:${which}:${d}:${maxRows}`, () => distRows(t, d, maxRows));
    const sh = share(rows, ok);
    if (!best || sh > best.share) best = { rows, share: sh };
  }
  return best;
}

const medianOf = (a: Float64Array): number => quantiles(a, [0.5])[0];

/** Sound enough to look at: no NaN or +Inf (−Inf is log 0, fine). */
const usable = (s: TensorSummary): boolean => s.nan === 0 && s.posInf === 0 && s.size > 0;

/** The scalar loss for this spec and these tensors, or null (reduction 'none', or an error). */
function lossWith(ctx: RuleContext, spec: LossSpec, input: Tensor, target: Tensor): number | null {
  try {
    const r = computeLoss(spec, input, target, { dtype: ctx.dtype, grad: false });
    const v = scalarLoss(r);
    return v === undefined ? null : round(v, 6);
  } catch {
    return null;
  }
}

/** log_softmax along `dim`. */
function logSoftmax(t: Tensor, dim: number): Tensor {
  const s = t.shape;
  const C = s[dim];
  const inner = numel(s.slice(dim + 1));
  const out = new Float64Array(t.data.length);
  const rows = C === 0 ? 0 : t.data.length / C;
  for (let r = 0; r < rows; r++) {
    const off = Math.floor(r / inner) * C * inner + (r % inner);
    const l = logsumexp(t.data, off, C, inner);
    for (let k = 0, i = off; k < C; k++, i += inner) out[i] = t.data[i] - l;
  }
  return tensor(out, [...s], 'float64');
}

// Functions, not constants: the comments are translated when the finding is made.
const fixInput = (): string => [
  `T = 2.0  # ${l10n.t('distillation temperature')}`,
  "kl = nn.KLDivLoss(reduction='batchmean')",
  `loss = kl(F.log_softmax(student_logits / T, dim=-1),   # ${l10n.t('input: LOG-probabilities')}`,
  `          F.softmax(teacher_logits / T, dim=-1)) * T * T  # ${l10n.t('target: probabilities')}`,
].join('\n');

const fixLogTarget = (): string => [
  "kl = nn.KLDivLoss(reduction='batchmean', log_target=True)",
  'loss = kl(F.log_softmax(student_logits / T, dim=-1),',
  `          F.log_softmax(teacher_logits / T, dim=-1)) * T * T  # ${l10n.t('both in log space')}`,
].join('\n');

const fixProbTarget = (): string => [
  `kl = nn.KLDivLoss(reduction='batchmean')            # ${l10n.t('log_target=False: the target is probabilities')}`,
  'loss = kl(F.log_softmax(student_logits / T, dim=-1),',
  '          F.softmax(teacher_logits / T, dim=-1)) * T * T',
].join('\n');

export const klDivExpectsLogProbabilities: Rule = {
  id: 'kl-div-expects-log-probabilities',
  severity: 'warning',
  title: 'KLDivLoss input is not log-probabilities (or the target does not match log_target)',
  defaults: { positiveTolerance: 0.001, sumTolerance: 0.01, minRowShare: 0.9, sampleRows: 4096 },
  appliesTo: ['KLDivLoss'],
  check(ctx) {
    const c = ctx.case;
    const o = ctx.options;
    const out: Finding[] = [];
    const inp = ctx.stats.input;
    const tgt = ctx.stats.target;
    const same = sameShape(c.input.shape, c.target.shape);
    const now = scalarLoss(ctx.result);
    const lossNow = now === undefined ? null : round(now, 6);
    const sumsToOne = (sum: number): boolean => Math.abs(sum - 1) <= o.sumTolerance;
    const tgtOk = same && usable(tgt);

    // Where the target's distribution lies (to place log_softmax for the fixed loss).
    const tgtDist = tgtOk
      ? (c.loss.log_target ? bestDim(ctx, 'target', (_s, l) => Math.abs(l) <= o.sumTolerance) : bestDim(ctx, 'target', (s) => sumsToOne(s)))
      : undefined;

    // ---- the input (normalised along another axis: normalized-along-wrong-axis says which)
    if (usable(inp) && !wrongNormalisationAxis(ctx)) {
      const probs = bestDim(ctx, 'input', (s) => sumsToOne(s));
      const inUnit = inp.min >= 0 && inp.max <= 1;
      const looksProbs = inUnit && probs !== undefined && probs.share >= o.minRowShare;
      const positive = inp.max > o.positiveTolerance;
      if (looksProbs || positive) {
        let positives = 0;
        const d = c.input.data;
        for (let i = 0; i < d.length; i++) if (d[i] > o.positiveTolerance) positives++;
        const rows = looksProbs && probs ? probs.rows
          : (tgtDist && tgtDist.share >= o.minRowShare ? ctx.stats.memoise(`kl-div-rows:input:${tgtDist.rows.dim}:${Math.max(1, Math.floor(o.sampleRows))}`, () => distRows(c.input, tgtDist.rows.dim, Math.max(1, Math.floor(o.sampleRows))))
            : probs?.rows);
        const looksLike = looksProbs ? 'probabilities' : inUnit ? 'scores in [0, 1]' : 'logits';
        let lossFixed: number | null = null;
        let fixApplied = '';
        if (same) {
          if (looksProbs) {
            fixApplied = 'log(input)';
            lossFixed = lossWith(ctx, c.loss, tensor(Float64Array.from(c.input.data, (v) => Math.log(Math.max(v, 1e-12))), [...c.input.shape], 'float64'), c.target);
          } else if (rows) {
            fixApplied = `log_softmax(input, dim=${rows.dim})`;
            lossFixed = lossWith(ctx, c.loss, logSoftmax(c.input, rows.dim), c.target);
          }
        }
        const medSum = rows ? medianOf(rows.sum) : NaN;
        const medExpSum = rows ? Math.exp(medianOf(rows.lse)) : NaN;
        const what = looksProbs
          ? rows
            ? l10n.t('its values lie in [{0}, {1}] and {2}% of the rows along dim {3} sum to 1: these are probabilities (softmax without the log)', fmt(inp.min), fmt(inp.max), Math.round((probs?.share ?? 0) * 100), rows.dim)
            : l10n.t('its values lie in [{0}, {1}] and rows sum to 1: these are probabilities (softmax without the log)', fmt(inp.min), fmt(inp.max))
          : looksLike === 'logits'
            ? l10n.t('{0} of {1} values are > 0 (max {2}), which no log-probability can be: this looks like raw logits (no log_softmax)', positives, inp.size, fmt(inp.max))
            : l10n.t('{0} of {1} values are > 0 (max {2}), which no log-probability can be: this looks like scores in [0, 1], not log-probabilities', positives, inp.size, fmt(inp.max));
        // (no scalar loss, reduction='none', means no scalar fixed loss either: the same reduction)
        const consequence = lossNow !== null
          ? lossFixed !== null
            ? l10n.t('The loss ({0}) is then not a KL divergence and its gradient pulls the wrong way; with {1} it would be {2}.', fmt(lossNow), fixApplied, fmt(lossFixed))
            : l10n.t('The loss ({0}) is then not a KL divergence and its gradient pulls the wrong way.', fmt(lossNow))
          : l10n.t('The loss is then not a KL divergence and its gradient pulls the wrong way.');
        out.push(finding(klDivExpectsLogProbabilities, {
          message: `${l10n.t('KLDivLoss expects its input as log-probabilities (all ≤ 0, exp of each row sums to 1), but {0}.', what)} ${consequence}`,
          evidence: {
            inputMin: inp.min,
            inputMax: inp.max,
            positiveValues: positives,
            positiveShare: round(positives / Math.max(inp.size, 1), 6),
            looksLike,
            dim: rows ? rows.dim : null,
            numClasses: rows ? rows.C : null,
            rowsChecked: rows ? rows.checked : 0,
            rowsSummingToOne: rows ? Math.round(share(rows, (s) => sumsToOne(s)) * rows.checked) : 0,
            medianRowSum: rows ? round(medSum, 6) : null,
            medianExpRowSum: rows && Number.isFinite(medExpSum) ? round(medExpSum, 6) : null,
            targetMin: tgt.min,
            targetMax: tgt.max,
            logTarget: c.loss.log_target,
            loss: lossNow,
            lossWithFix: lossFixed,
            fixApplied,
          },
          fix: fixInput(),
          field: 'input',
        }));
      }
    }

    // ---- the target against log_target
    if (tgtOk) {
      // ≤ 0 with negatives, and not rows summing to 1: those (a 1000-class target near uniform, all
      // ≤ 0.001, with a negative entry) are probabilities, target-not-a-distribution's finding
      const probabilityRows = tgtDist !== undefined && tgtDist.share >= o.minRowShare;
      if (!c.loss.log_target && tgt.negatives > 0 && tgt.max <= o.positiveTolerance && !probabilityRows) {
        const lse = bestDim(ctx, 'target', (_s, l) => Math.abs(l) <= o.sumTolerance);
        const flipped = { ...c.loss, log_target: true };
        const lossFixed = lossWith(ctx, flipped, c.input, c.target);
        const medExp = lse ? Math.exp(medianOf(lse.rows.lse)) : NaN;
        out.push(finding(klDivExpectsLogProbabilities, {
          message: `${lse && lse.share >= o.minRowShare
            ? l10n.t('With log_target=False KLDivLoss expects the target as probabilities in [0, 1], but every target value is ≤ 0 (range [{0}, {1}]) and exp of each row sums to 1 (median {2}): these are log-probabilities.', fmt(tgt.min), fmt(tgt.max), fmt(medExp))
            : l10n.t('With log_target=False KLDivLoss expects the target as probabilities in [0, 1], but every target value is ≤ 0 (range [{0}, {1}]): these are log-probabilities.', fmt(tgt.min), fmt(tgt.max))} ${lossNow !== null
            ? lossFixed !== null
              ? l10n.t('t·log t is NaN for t < 0, so the loss ({0}) is meaningless; with log_target=True it would be {1}.', fmt(lossNow), fmt(lossFixed))
              : l10n.t('t·log t is NaN for t < 0, so the loss ({0}) is meaningless.', fmt(lossNow))
            : l10n.t('t·log t is NaN for t < 0, so the loss is meaningless.')}`,
          evidence: {
            targetMin: tgt.min,
            targetMax: tgt.max,
            targetNegatives: tgt.negatives,
            dim: lse ? lse.rows.dim : null,
            rowsChecked: lse ? lse.rows.checked : 0,
            targetMedianExpRowSum: lse && Number.isFinite(medExp) ? round(medExp, 6) : null,
            logTarget: false,
            loss: lossNow,
            lossWithFix: lossFixed,
            fixApplied: 'log_target=True',
          },
          fix: fixLogTarget(),
          field: 'target',
          edit: { path: ['loss', 'log_target'], value: true },
        }));
      } else if (c.loss.log_target && tgt.min >= 0 && tgt.max <= 1) {
        const probs = bestDim(ctx, 'target', (s) => sumsToOne(s));
        if (probs && probs.share >= o.minRowShare) {
          const flipped = { ...c.loss, log_target: false };
          const lossFixed = lossWith(ctx, flipped, c.input, c.target);
          const medSum = medianOf(probs.rows.sum);
          const medExp = Math.exp(medianOf(probs.rows.lse));
          out.push(finding(klDivExpectsLogProbabilities, {
            message: `${l10n.t('With log_target=True KLDivLoss expects the target as log-probabilities (≤ 0), but the target lies in [{0}, {1}] and its rows along dim {2} sum to 1 (median {3}): these are probabilities.', fmt(tgt.min), fmt(tgt.max), probs.rows.dim, fmt(medSum))} ${lossNow !== null
              ? lossFixed !== null
                ? l10n.t('exp(target) is then no distribution (its rows sum to {0}), so the loss ({1}) is not a KL divergence; with log_target=False it would be {2}.', fmt(medExp), fmt(lossNow), fmt(lossFixed))
                : l10n.t('exp(target) is then no distribution (its rows sum to {0}), so the loss ({1}) is not a KL divergence.', fmt(medExp), fmt(lossNow))
              : l10n.t('exp(target) is then no distribution (its rows sum to {0}), so the loss is not a KL divergence.', fmt(medExp))}`,
            evidence: {
              targetMin: tgt.min,
              targetMax: tgt.max,
              dim: probs.rows.dim,
              rowsChecked: probs.rows.checked,
              targetRowsSummingToOne: Math.round(probs.share * probs.rows.checked),
              targetMedianRowSum: round(medSum, 6),
              targetMedianExpRowSum: round(medExp, 6),
              logTarget: true,
              loss: lossNow,
              lossWithFix: lossFixed,
              fixApplied: 'log_target=False',
            },
            fix: fixProbTarget(),
            field: 'loss.log_target',
            edit: { path: ['loss', 'log_target'], value: false },
          }));
        }
      }
    }
    return out;
  },
};
