/**
 * Probability targets that are not probability distributions: CrossEntropyLoss with class
 * probabilities, KLDivLoss targets (probabilities, or log-probabilities with log_target=True). Each
 * target row must be non-negative and sum to 1 along the class axis. Otherwise the cross-entropy
 * drops below its minimum (the targets' entropy) and the "KL divergence" goes negative, without
 * bound: multi-hot rows, counts or histograms, a mask multiplied in, a missing normalisation.
 *
 * Slack is principled: a float32 row of K values sums to 1 ± K·1e-6 (more for half precision, and
 * K·0.5·10^-d for values written with d decimals). All-zero rows (masked positions) are skipped.
 * For KLDivLoss the distribution's axis is not given, so the rule only fires when no plausible axis
 * (the last dimension, dim 1, or all trailing dimensions together, as for spatial heatmaps) makes
 * the target a distribution.
 */
import { l10n } from '../../l10n';
import { isFloatDType, sameShape, shapeStr, type Tensor } from '../../engine/tensor';
import { finding } from '../finding';
import { ruleFindings, rowSumSlack, rowsAlong, rowStart, type Rows } from '../invariants';
import { quantiles } from '../../engine/numeric';
import { fmt, pct, round } from '../format';
import type { Rule, RuleContext } from '../types';
import { klDivExpectsLogProbabilities } from './kl-div-expects-log-probabilities';
import { scalarLoss } from '../../engine/losses/result';

/** A grouping of trailing dims treated as one distribution axis: [from, to] inclusive. */
interface Axis { from: number; to: number }

const axisName = (a: Axis, n: number): string =>
  a.from === a.to ? `dim ${a.from}` : a.to === n - 1 ? `dims ${a.from}…${a.to} together` : `dims ${a.from}…${a.to}`;

export interface TargetRows {
  axis: Axis;
  K: number;
  rows: number;
  /** Rows whose entries are all zero (masked positions), skipped. */
  zeroRows: number;
  checked: number;
  /** Checked rows that are no distribution: a sum outside 1 ± slack, or a negative entry. */
  badRows: number;
  negatives: number;
  /** Row sums (of exp(target) under log_target) of the checked rows. */
  sums: Float64Array;
  slack: number;
  firstBad: number[];
  /** Every entry is 0 or 1 (probability targets; not measured under log_target). */
  binary: boolean;
  /** Every entry is a whole number ≥ 0 (probability targets; not measured under log_target). */
  counts: boolean;
}

/** Rows of `t` along a single dim (from = to) or trailing dims flattened (to = n−1). */
function geometry(shape: readonly number[], a: Axis): Rows {
  if (a.from === a.to) return rowsAlong(shape, a.from);
  const flat = [...shape.slice(0, a.from), shape.slice(a.from).reduce((x, y) => x * y, 1)];
  return rowsAlong(flat, a.from);
}

export function targetRows(t: Tensor, a: Axis, logTarget: boolean): TargetRows {
  const g = geometry(t.shape, a);
  const d = t.data;
  const slack = rowSumSlack(t, g.K);
  const sums: number[] = [];
  let zeroRows = 0, badRows = 0, negatives = 0, binary = true, counts = true;
  const firstBad: number[] = [];
  for (let r = 0; r < g.rows; r++) {
    const off = rowStart(g, r);
    // the row's own tallies, merged only when the row is finite: a row skipped for a NaN adds no
    // negative entry (its count would contradict the 'n of m rows' of the checked rows)
    let s = 0, nonzero = false, m = -Infinity, finite = true, rowNegatives = 0, rowBinary = true, rowCounts = true;
    for (let k = 0, i = off; k < g.K; k++, i += g.inner) {
      const v = d[i];
      if (v - v !== 0 && !(logTarget && v === -Infinity)) { finite = false; break; }
      if (logTarget) {
        if (v > m) m = v;
      } else {
        if (v !== 0) nonzero = true;
        if (v < 0) rowNegatives++;
        if (v !== 0 && v !== 1) rowBinary = false;
        if (!(v >= 0 && Math.floor(v) === v)) rowCounts = false;
        s += v;
      }
    }
    if (!finite) continue; // non-finite-values reports these
    negatives += rowNegatives;
    binary &&= rowBinary;
    counts &&= rowCounts;
    if (logTarget) {
      if (m === -Infinity) { zeroRows++; continue; }
      let e = 0;
      for (let k = 0, i = off; k < g.K; k++, i += g.inner) e += Math.exp(d[i] - m);
      s = Math.exp(m) * e;
    } else if (!nonzero) {
      zeroRows++;
      continue;
    }
    sums.push(s);
    // a row with a negative entry is no distribution even when it sums to 1
    if (Math.abs(s - 1) > slack || rowNegatives > 0) {
      badRows++;
      if (firstBad.length < 5) firstBad.push(r);
    }
  }
  return { axis: a, K: g.K, rows: g.rows, zeroRows, checked: sums.length, badRows, negatives, sums: Float64Array.from(sums), slack, firstBad, binary, counts };
}

/** Candidate distribution axes for a KLDivLoss target of this shape. */
function klAxes(shape: readonly number[]): Axis[] {
  const n = shape.length;
  if (n === 0) return [];
  const out: Axis[] = [{ from: n - 1, to: n - 1 }];
  if (n >= 3) out.push({ from: 1, to: 1 });
  for (let f = n - 2; f >= 1; f--) out.push({ from: f, to: n - 1 });
  if (n === 1) return out;
  return out.filter((a) => (a.from === a.to ? shape[a.from] : shape.slice(a.from).reduce((x, y) => x * y, 1)) >= 2);
}

/** (A checked row with a negative entry is a bad row: no bad row means no negative entry.) */
function isDistribution(r: TargetRows): boolean {
  return r.checked > 0 && r.badRows === 0;
}

/** The target rows judged for this case, or undefined when the rule does not apply. */
export function judgedTargetRows(ctx: RuleContext): TargetRows | undefined {
  return ctx.stats.memoise('target-not-a-distribution', () => {
    const c = ctx.case;
    const t = c.target;
    if (!isFloatDType(t.dtype) || t.data.length === 0) return undefined;
    if (c.loss.type === 'CrossEntropyLoss') {
      const l = ctx.stats.layout;
      if (!l || l.targetKind !== 'probs' || l.C < 2) return undefined;
      const dim = c.input.shape.length === 1 ? 0 : 1;
      return targetRows(t, { from: dim, to: dim }, false);
    }
    if (c.loss.type === 'KLDivLoss') {
      if (!sameShape(c.input.shape, t.shape)) return undefined;
      const axes = klAxes(t.shape);
      if (axes.length === 0) return undefined;
      const all = axes.map((a) => targetRows(t, a, c.loss.log_target));
      if (all.some(isDistribution)) return all.find(isDistribution);
      // Report along the axis the input is normalised on (log_softmax's dim), else the last one.
      const inputAxis = axes.findIndex((a) => {
        const r = targetRows(c.input, a, true);
        return r.checked > 0 && r.badRows === 0;
      });
      return all[inputAxis >= 0 ? inputAxis : 0];
    }
    return undefined;
  });
}

export const targetNotADistribution: Rule = {
  id: 'target-not-a-distribution',
  severity: 'warning',
  title: 'Probability targets are not distributions (negative, or rows not summing to 1)',
  defaults: {},
  check(ctx) {
    const c = ctx.case;
    const r = judgedTargetRows(ctx);
    if (!r || isDistribution(r) || r.checked === 0) return [];
    // Log-probabilities passed with log_target=False (or probabilities with log_target=True) are
    // kl-div-expects-log-probabilities' finding, with the flag to flip: one finding per cause.
    // (ruleFindings is empty outside KLDivLoss, the other rule's only loss)
    if (ruleFindings(ctx, klDivExpectsLogProbabilities).some((f) => f.field !== 'input')) return [];
    const n = c.target.shape.length;
    const logT = c.loss.type === 'KLDivLoss' && c.loss.log_target;
    const [lo, med, hi] = quantiles(r.sums, [0, 0.5, 1]);
    const loss = scalarLoss(ctx.result) ?? null;
    const kl = c.loss.type === 'KLDivLoss';
    const where = axisName(r.axis, n);
    const belowMin = loss !== null && loss < 0;
    let pattern: string;
    if (logT) pattern = l10n.t('exp(target) sums to {0} per row (median) instead of 1: the target is not log-probabilities', fmt(med));
    else if (r.negatives > 0) pattern = l10n.t('{0} entries are negative', String(r.negatives));
    else if (r.binary && med >= 2) pattern = l10n.t('every entry is 0 or 1 and rows sum to {0}…{1}: multi-hot labels, not one distribution per row', fmt(lo), fmt(hi));
    else if (r.counts && med > 1) pattern = l10n.t('entries are whole numbers and rows sum to {0}…{1}: counts, not probabilities', fmt(lo), fmt(hi));
    else pattern = l10n.t('rows sum to {0}…{1} (median {2}) instead of 1', fmt(lo), fmt(hi), fmt(med));
    const lossText = loss !== null ? fmt(loss) : '';
    const consequence = kl
      ? (belowMin
        ? l10n.t('The KL(target ‖ input) ≥ 0 only holds when both sides are distributions: here the loss ({0}, negative) is not a divergence and training can push it below 0 without bound', lossText)
        : loss !== null
          ? l10n.t('The KL(target ‖ input) ≥ 0 only holds when both sides are distributions: here the loss ({0}) is not a divergence and training can push it below 0 without bound', lossText)
          : l10n.t('The KL(target ‖ input) ≥ 0 only holds when both sides are distributions: here the loss is not a divergence and training can push it below 0 without bound'))
      : (belowMin
        ? l10n.t("The cross-entropy with probability targets is at least the targets' entropy only for distributions: here the loss ({0}, negative) has no floor and its gradient (softmax·Σtarget − target) does not vanish at the right answer", lossText)
        : loss !== null
          ? l10n.t("The cross-entropy with probability targets is at least the targets' entropy only for distributions: here the loss ({0}) has no floor and its gradient (softmax·Σtarget − target) does not vanish at the right answer", lossText)
          : l10n.t("The cross-entropy with probability targets is at least the targets' entropy only for distributions: here the loss has no floor and its gradient (softmax·Σtarget − target) does not vanish at the right answer"));
    const dimArg = r.axis.from === r.axis.to ? (r.axis.from === n - 1 ? '-1' : String(r.axis.from)) : `tuple(range(${r.axis.from}, ${n}))`;
    let fix: string;
    if (logT) {
      fix = [
        `target = F.log_softmax(teacher_logits, dim=${dimArg})   # ${l10n.t('log-probabilities for log_target=True')}`,
        `# ${l10n.t("or pass probabilities and drop log_target: nn.KLDivLoss(reduction='batchmean')(log_probs, probs)")}`,
      ].join('\n');
    } else if (!kl && r.binary && med >= 2) {
      fix = [
        `# ${l10n.t('several labels per sample: a multi-label loss, one sigmoid per class')}`,
        `criterion = nn.BCEWithLogitsLoss()   # ${l10n.t('logits (N, C), target (N, C) of 0/1')}`,
        `# ${l10n.t('or, to keep CrossEntropyLoss with soft targets, normalise each row:')}`,
        `target = target / target.sum(dim=${dimArg}, keepdim=True)`,
      ].join('\n');
    } else if (r.negatives > 0) {
      fix = [
        `# ${l10n.t('probability targets must be >= 0: build them with softmax (e.g. F.softmax(teacher_logits / T, dim={0}))', dimArg)}`,
        `target = target.clamp_min(0); target = target / target.sum(dim=${dimArg}, keepdim=True)`,
      ].join('\n');
    } else {
      fix = [
        `target = target / target.sum(dim=${dimArg}, keepdim=True)   # ${l10n.t('each row sums to 1')}`,
        `# ${l10n.t('(teacher outputs: F.softmax(teacher_logits / T, dim={0}), not the raw logits or an unnormalised exp)', dimArg)}`,
      ].join('\n');
    }
    const severity = r.negatives > 0 || belowMin ? 'error' : 'warning';
    return [finding(targetNotADistribution, {
      severity,
      message: logT
        ? l10n.t('{0} expects log-probability targets whose rows along the class axis ({1}, {2} classes) are distributions, but {3} of {4} rows ({5}) are not (allowed slack ±{6}): {7}. {8}.',
          c.loss.type, where, String(r.K), String(r.badRows), String(r.checked), pct(r.badRows / r.checked), fmt(r.slack), pattern, consequence)
        : l10n.t('{0} expects probability targets whose rows along the class axis ({1}, {2} classes) are distributions, but {3} of {4} rows ({5}) are not (allowed slack ±{6}): {7}. {8}.',
          c.loss.type, where, String(r.K), String(r.badRows), String(r.checked), pct(r.badRows / r.checked), fmt(r.slack), pattern, consequence),
      evidence: {
        axis: where,
        numClasses: r.K,
        rows: r.rows,
        rowsChecked: r.checked,
        zeroRows: r.zeroRows,
        badRows: r.badRows,
        negativeEntries: r.negatives,
        rowSumMin: round(lo, 6),
        rowSumMedian: round(med, 6),
        rowSumMax: round(hi, 6),
        slack: round(r.slack, 4),
        firstBadRows: r.firstBad,
        logTarget: logT,
        targetShape: shapeStr(c.target.shape),
        loss: loss === null ? null : round(loss, 6),
        belowMinimum: belowMin,
      },
      fix,
      field: 'target',
    })];
  },
};
