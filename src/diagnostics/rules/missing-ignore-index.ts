/**
 * Padding counted in the loss: the pad value appears among class targets and is not ignore_index.
 * The pad value comes from `meta.pad_value` / `meta.pad_token_id`, or, for sequence targets ((B, L)
 * or more dims, the last dim being the sequence), from the value most rows end with in runs of
 * varying length (right padding) — when nearly all its occurrences are in those trailing runs, it
 * rarely opens a row, and the other values look like tokens (short runs). Background is not padding:
 * a segmentation mask's background also runs to the end of image rows, but its classes come in long
 * runs (regions) and `ignore_index=0` would drop the background from training.
 *
 * Silent when the padding is already labelled with ignore_index (rows end in runs of it: the pad id
 * in meta is the inputs' pad id and label values equal to it are real labels), and when the pad value
 * is also a real class (padding-is-a-real-class: `ignore_index=PAD` would drop that class too).
 */
import { l10n } from '../../l10n';
import { makeSpec, CLASS_LOSSES } from '../../engine/losses/spec';
import { finding } from '../finding';
import { declaredPad, indexTargets, paddingMasked, realLabelEvidence, segmentPadding, targetRuns } from '../padding';
import { fmt, pct, round } from '../format';
import { isInputNeeded, type TrailingRuns } from '../stats';
import type { Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';

/** Where a pad value was found, for messages: the meta field as is, the two detections in words. */
export function padSourceText(source: string): string {
  if (source === 'trailing runs') return l10n.t('trailing runs');
  if (source === 'segment padding') return l10n.t('segment padding');
  return source;
}

/** Rows of a (rows, L) buffer whose first element is `value`. */
function leadingRows(d: ArrayLike<number>, L: number, value: number): number {
  let n = 0;
  for (let i = 0; i < d.length; i += L) if (d[i] === value) n++;
  return n;
}

/** Significant digits that show two different numbers differently (3 to 8). */
function digitsApart(a: number, b: number): number {
  let k = 3;
  while (k < 8 && a !== b && fmt(a, k) === fmt(b, k)) k++;
  return k;
}

/** Right padding: the value most rows end with, in trailing runs of varying length. */
function rightPadding(ctx: RuleContext, runs: TrailingRuns): { pad: number; source: string; end?: number } | undefined {
  const o = ctx.options;
  const c = ctx.case;
  // Right padding never starts a sequence; a value that also opens most rows (silence before
  // and after an utterance, background on both sides) is a class.
  if (leadingRows(c.target.data, c.target.shape[c.target.shape.length - 1], runs.value) > o.maxLeadingShare * runs.rows) return undefined;
  if (runs.rows < o.minRows || runs.rowsEndingWith / runs.rows < o.minRowShare) return undefined;
  const lengths = new Set(runs.runLengths.filter((n) => n > 0));
  if (lengths.size < 2) return undefined;
  const trailingTotal = runs.runLengths.reduce((a, b) => a + b, 0);
  if (trailingTotal / Math.max(runs.occurrences, 1) < o.minTrailingShare) return undefined;
  return { pad: runs.value, source: 'trailing runs' };
}

/** A padded fixed-length first segment (text padded to its length, then image tokens): no row ends with it. */
function segment(ctx: RuleContext): { pad: number; source: string; end: number } | undefined {
  const o = ctx.options;
  const seg = segmentPadding(ctx.case.target, { minRows: o.minRows, minRowShare: o.minRowShare, minTrailingShare: o.minTrailingShare });
  if (!seg) return undefined;
  const L = ctx.case.target.shape[ctx.case.target.shape.length - 1];
  if (leadingRows(ctx.case.target.data, L, seg.value) > o.maxLeadingShare * seg.rows) return undefined;
  return { pad: seg.value, source: 'segment padding', end: seg.end };
}

export const missingIgnoreIndex: Rule = {
  id: 'missing-ignore-index',
  severity: 'warning',
  title: 'Padding targets are not ignored (ignore_index not set)',
  defaults: { minRows: 4, minRowShare: 0.5, minTrailingShare: 0.8, minPadRun: 2, maxLeadingShare: 0.1, maxOtherRun: 2 },
  appliesTo: CLASS_LOSSES,
  check(ctx) {
    const c = ctx.case;
    const targets = indexTargets(ctx);
    if (!targets) return [];
    const C = targets.C;
    const ign = c.loss.ignore_index;

    let pad: number | undefined;
    let source: string;
    let segmentEnd: number | undefined;
    const declared = declaredPad(c);
    const runs = ctx.stats.trailing;
    if (declared) {
      pad = declared.pad;
      source = declared.source;
    } else {
      if (c.target.shape.length < 2 || !runs) return [];
      const found = rightPadding(ctx, runs) ?? segment(ctx);
      if (!found) return [];
      ({ pad, source } = found);
      segmentEnd = found.end;
    }
    if (pad === ign) return [];
    // Out-of-range pad values are target-out-of-range's job (PyTorch raises for them).
    if (!(pad >= 0 && pad < C)) return [];
    if (paddingMasked(ctx, pad)) return [];
    if (realLabelEvidence(c, targetRuns(ctx, pad), pad, ctx.options.minTrailingShare)) return [];
    const d = c.target.data;
    let count = 0;
    for (let i = 0; i < d.length; i++) if (d[i] === pad) count++;
    if (count === 0) return [];
    const share = count / d.length;
    // When the labels already use ignore_index (masking is in place), a pad id that occurs only as
    // isolated tokens is a real token sharing the id (GPT-2 style pad = eos), not padding.
    let runsOfPad = 0, runsOfOther = 0;
    for (let i = 0; i < d.length; i++) {
      if (i > 0 && d[i - 1] === d[i]) continue;
      if (d[i] === pad) runsOfPad++;
      else runsOfOther++;
    }
    const meanRun = runsOfPad ? count / runsOfPad : 0;
    const otherRun = runsOfOther ? (d.length - count) / runsOfOther : 0;
    // Background is not padding: in dense labels ((B, H, W) masks, frame labels) the other classes
    // also come in long runs (regions, segments), while real tokens next to padding rarely repeat.
    if (source !== 'meta.pad_token_id' && source !== 'meta.pad_value' && otherRun > ctx.options.maxOtherRun) return [];
    if (source === 'meta.pad_token_id' || source === 'meta.pad_value') {
      if (ctx.stats.classCounts && ctx.stats.classCounts.ignored > 0 && meanRun < ctx.options.minPadRun) return [];
      // Sequence targets where the pad id only ever stands alone in a row (one token at the end, or
      // inside): a real token sharing the id — GPT-2 style pad = eos, every row ending in its one
      // <|endoftext|> — not padding, which fills the rest of the shorter rows.
      const pr = targetRuns(ctx, pad); // undefined for 1-D targets
      if (pr && pr.maxOtherRun <= 1 && Math.max(0, ...pr.trailing) <= 1) return [];
      // 1-D targets: flattened (B·L) tokens have padding in runs while other values rarely repeat.
      // Plain classification labels (pad id 0 = an ordinary class 0) repeat like every other class.
      if (c.target.shape.length <= 1 && !(meanRun >= ctx.options.minPadRun && meanRun >= 2 * otherRun)) return [];
    }

    let lossWith: number | null = null;
    let lossWithout: number | null = null;
    const now = scalarLoss(ctx.result);
    if (ctx.result && now !== undefined) {
      lossWith = now;
      const rows = ctx.result.rows;
      if (rows && rows.length === d.length && ctx.stats.classCounts?.ignored === 0) {
        // The recomputed per-position losses re-reduced without the pad positions: what computeLoss
        // with ignore_index=pad gives (same terms, same order), without another pass over the input.
        // Only a float64 recomputation carries them (computeLoss gives no `rows` in float32, and a
        // streamed case runs in float64): float32 takes the recomputation below.
        const w = c.loss.weight?.data;
        let total = 0, denom = 0;
        for (let i = 0; i < d.length; i++) {
          const v = d[i];
          if (v === pad) continue;
          total += rows[i];
          denom += w ? w[v] : 1;
        }
        lossWithout = c.loss.reduction === 'mean' ? total / denom : total;
      } else {
        try {
          const spec = makeSpec(c.loss.type, { ...c.loss, ignore_index: pad });
          lossWithout = scalarLoss(ctx.stats.lossOf(spec, c.target, ctx.dtype)) ?? null;
        } catch (e) {
          if (isInputNeeded(e)) throw e;
          lossWithout = null;
        }
      }
    }
    const rowsInfo = source === 'trailing runs' && runs
      ? ` ${l10n.t('({0} of {1} rows end in runs of {2})', String(runs.rowsEndingWith), String(runs.rows), fmt(pad))}`
      : segmentEnd !== undefined ? ` ${l10n.t('(runs of {0} of varying length ending at position {1} in most rows: a fixed-length segment padded before the next one)', fmt(pad), String(segmentEnd))}` : '';
    const lossInfo = lossWith !== null && lossWithout !== null
      ? ` ${l10n.t('The loss is {0} with the padding and {1} without it.', fmt(lossWith, digitsApart(lossWith, lossWithout)), fmt(lossWithout, digitsApart(lossWith, lossWithout)))}`
      : '';
    return [finding(missingIgnoreIndex, {
      message: l10n.t('{0} of {1} targets ({2}) are the padding value {3} (from {4}){5}, but ignore_index is {6}: the model is trained to predict padding and the loss is averaged over pad positions.{7}',
        String(count), String(d.length), pct(share), fmt(pad), padSourceText(source), rowsInfo, String(ign), lossInfo),
      evidence: {
        padValue: pad,
        source,
        padCount: count,
        padShare: round(share, 6),
        meanPadRun: round(meanRun, 4),
        meanOtherRun: round(otherRun, 4),
        ignoreIndex: ign,
        lossWithPadding: lossWith,
        lossWithoutPadding: lossWithout,
        ...(runs && source === 'trailing runs' ? { rowsEndingWithPad: runs.rowsEndingWith, rows: runs.rows } : {}),
        ...(segmentEnd !== undefined ? { segmentEnd } : {}),
      },
      fix: [
        `PAD = ${fmt(pad)}`,
        `criterion = nn.${c.loss.type}(ignore_index=PAD)`,
        `# ${l10n.t('or mask the labels once in the collator (Hugging Face style):')}`,
        `labels[labels == PAD] = -100   # ${l10n.t('-100 is the default ignore_index')}`,
      ].join('\n'),
      field: 'loss.ignore_index',
      edit: { path: ['loss', 'ignore_index'], value: pad },
    })];
  },
};
