/**
 * Gradient accumulation: what a training loop logs when it splits the batch into k micro-batches
 * (contiguous chunks along dim 0) and reduces each one on its own. Pure arithmetic on per-sample
 * loss sums and 'mean' denominators, so a rule can compare the variants with a reported number
 * without recomputing the loss.
 */

import { l10n } from '../l10n';
import { pyComment } from './format';

/** Meta keys under which users record their accumulation steps (PyTorch loops, HF, Lightning). */
export const ACCUMULATION_KEYS = ['gradient_accumulation_steps', 'grad_accum_steps', 'accumulation_steps', 'accumulate_grad_batches'] as const;

/** The accumulation steps recorded in meta, if any (a whole number ≥ 2). */
export function accumulationSteps(meta: Record<string, unknown>): number | undefined {
  for (const k of ACCUMULATION_KEYS) {
    const v = meta[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 2) return v;
  }
  return undefined;
}

/** Split counts to try: the recorded one, else every k in [2, maxK] that divides the samples. */
export function candidateSplits(samples: number, recorded: number | undefined, maxK = 16): number[] {
  if (recorded !== undefined) return samples % recorded === 0 ? [recorded] : [];
  const out: number[] = [];
  for (let k = 2; k <= Math.min(maxK, samples); k++) if (samples % k === 0) out.push(k);
  return out;
}

export interface AccumulationVariant {
  kind: 'meanOfMeans' | 'sumOfMeans' | 'last' | 'lastDivided' | 'divided';
  k: number;
  value: number;
}

/**
 * The logged values of the usual accumulation loops for a split into k equal micro-batches:
 * - meanOfMeans: Σ_i loss_i / k (each micro loss divided by k before backward, then summed: the
 *   usual loop; differs from the full-batch mean when micro-batches have different denominators);
 * - sumOfMeans: Σ_i loss_i (accumulated without dividing by k);
 * - last / lastDivided: only the last micro-batch's loss (overwritten each micro step), or it / k.
 * `sums[n]` is sample n's summed loss, `denoms[n]` its share of the 'mean' denominator (token
 * count, or summed class weights). For reduction 'sum' each micro loss is its sum.
 */
export function accumulationVariants(
  sums: ArrayLike<number>, denoms: ArrayLike<number>, reduction: 'mean' | 'sum' | 'batchmean', k: number,
): AccumulationVariant[] {
  const N = sums.length;
  if (k < 2 || N % k !== 0) return [];
  const per = N / k;
  const micro: number[] = [];
  for (let i = 0; i < k; i++) {
    let s = 0, d = 0;
    for (let n = i * per; n < (i + 1) * per; n++) { s += sums[n]; d += denoms[n]; }
    if (reduction === 'sum') micro.push(s);
    else if (reduction === 'batchmean') micro.push(s / per);
    else micro.push(d > 0 ? s / d : NaN);
  }
  const out: AccumulationVariant[] = [];
  const total = micro.reduce((a, b) => a + b, 0);
  if (Number.isFinite(total)) {
    out.push({ kind: 'meanOfMeans', k, value: total / k });
    out.push({ kind: 'sumOfMeans', k, value: total });
  }
  const last = micro[k - 1];
  if (Number.isFinite(last)) {
    out.push({ kind: 'last', k, value: last });
    out.push({ kind: 'lastDivided', k, value: last / k });
  }
  return out;
}

/** The full-batch loss divided by k (logged after `loss = loss / k`): needs no split of the batch. */
export function dividedVariant(full: number, k: number): AccumulationVariant | undefined {
  return Number.isFinite(full) && k >= 2 ? { kind: 'divided', k, value: full / k } : undefined;
}

/** How a variant is named in findings: English, also a key of the evidence (`accumulationText` is the message's). */
export function accumulationName(v: Pick<AccumulationVariant, 'kind' | 'k'>, samples: number): string {
  const chunk = `${v.k} micro-batches of ${samples / v.k} samples`;
  switch (v.kind) {
    case 'meanOfMeans': return `mean of the micro-batch means (gradient accumulation over ${chunk})`;
    case 'sumOfMeans': return `sum of the micro-batch means (accumulated over ${chunk} without dividing by ${v.k})`;
    case 'last': return `the last micro-batch's mean only (of ${chunk})`;
    case 'lastDivided': return `the last micro-batch's mean / ${v.k} (of ${chunk}: the loss scaled for accumulation, logged for one micro-batch)`;
    case 'divided': return `the loss / ${v.k} (divided by ${v.k} gradient-accumulation steps before logging)`;
  }
}

/** The variant's name in the language of the messages (`accumulationName` in English). */
export function accumulationText(v: Pick<AccumulationVariant, 'kind' | 'k'>, samples: number): string {
  const per = samples / v.k;
  switch (v.kind) {
    case 'meanOfMeans': return l10n.t('mean of the micro-batch means (gradient accumulation over {0} micro-batches of {1} samples)', v.k, per);
    case 'sumOfMeans': return l10n.t('sum of the micro-batch means (accumulated over {0} micro-batches of {1} samples without dividing by {0})', v.k, per);
    case 'last': return l10n.t("the last micro-batch's mean only (of {0} micro-batches of {1} samples)", v.k, per);
    case 'lastDivided': return l10n.t("the last micro-batch's mean / {0} (of {0} micro-batches of {1} samples: the loss scaled for accumulation, logged for one micro-batch)", v.k, per);
    case 'divided': return l10n.t('the loss / {0} (divided by {0} gradient-accumulation steps before logging)', v.k);
  }
}

/** What the loop probably does for a variant, and the fix. */
export function accumulationFix(kind: AccumulationVariant['kind'], k: number): string[] {
  switch (kind) {
    case 'meanOfMeans': return [
      pyComment(l10n.t('the loop logs the mean of {0} micro-batch means: each micro-batch is averaged over its own targets, so\nwith padding/ignore_index or class weights tokens count unequally (the gradient is biased the same way).\nNormalise every micro-batch by the target count of the whole accumulated batch:', k)),
      "n_total = sum((t != criterion.ignore_index).sum() for t in micro_targets)",
      `loss = F.cross_entropy(logits, target, reduction='sum') / n_total   # ${l10n.t('then {0}, no {1}', 'loss.backward()', '/ k')}`,
    ];
    case 'sumOfMeans': return [
      pyComment(l10n.t('the loop adds {0} micro-batch losses without dividing by {0}: the gradient is {0}× too large', k)),
      `loss = criterion(logits, target) / ${k}   # ${l10n.t('before backward() and before logging')}`,
    ];
    case 'last': return [
      pyComment(l10n.t('the logged value is the last of {0} micro-batches only: log the mean over the accumulation window', k)),
      `logged += loss.detach() / ${k}   # ${l10n.t('inside the micro-batch loop')}`,
    ];
    case 'lastDivided': return [
      pyComment(l10n.t('the logged value is the last micro-batch loss already divided by {0}: log the accumulated sum', k)),
      `logged += loss.detach()          # ${l10n.t('{0}, summed over the micro-batches', 'loss = criterion(...) / k')}`,
    ];
    case 'divided': return [
      pyComment(l10n.t('the logged value is the loss divided by {0} accumulation steps: multiply back (or sum over the steps)', k)),
      `print(loss.item() * ${k})`,
    ];
  }
}
