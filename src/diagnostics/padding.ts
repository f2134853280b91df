/**
 * Where a value sits in sequence targets: shared by the padding rules (missing-ignore-index,
 * padding-is-a-real-class, ignore-index-is-real-class).
 *
 * Targets of 2+ dims are read as rows whose last dim is the sequence. For a value v:
 * - its trailing run per row (right padding is a trailing run),
 * - its other runs (leading and interior): real labels come there, padding never does,
 * - whether the other values look like tokens or tags (short runs) or like regions (long runs:
 *   segmentation masks, frame labels, where a class naturally fills whole rows).
 * Pure; one pass over the target per value.
 */
import { isInputNeeded } from './stats';
import { makeSpec } from '../engine/losses/spec';
import type { LossCase, Tensor } from '../shapes/index';
import { classesLast } from './rules/class-dim-misplaced';
import type { RuleContext } from './types';
import { scalarLoss } from '../engine/losses/result';

/**
 * The class count of a CrossEntropyLoss/NLLLoss case with integer class-index targets (also when the
 * classes sit last, which class-dim-misplaced reports); undefined otherwise.
 */
export function indexTargets(ctx: RuleContext): { C: number } | undefined {
  const c = ctx.case;
  const layout = ctx.stats.layout;
  if (!layout) return undefined;
  const misplaced = classesLast(c);
  if (layout.targetKind !== 'index' && !misplaced) return undefined;
  if (!ctx.stats.target.allInteger) return undefined;
  return { C: misplaced ? c.input.shape[c.input.shape.length - 1] : layout.C };
}

export interface ValueRuns {
  value: number;
  rows: number;
  /** Sequence length (the last dim). */
  L: number;
  /** Rows whose last element is `value`. */
  rowsEnding: number;
  /** Trailing run of `value` per row (0 when the row does not end with it). */
  trailing: number[];
  /** Rows made of `value` only (no evidence either way: an empty example, a background row). */
  rowsFull: number;
  /** Longest run of `value` that does not reach the row end (leading and interior runs). */
  maxOtherRun: number;
  /** Occurrences of `value` outside its trailing runs, and the rows holding them. */
  inside: number;
  rowsInside: number;
  /** Distinct columns where a run of `value` outside the trailing run ends (a fixed-span block has 1). */
  insideRunEnds: number;
  /** Rows (not full) whose trailing run is at least 2 and longer than every other run of `value`. */
  rowsLongTrail: number;
  /** Distinct non-zero trailing run lengths (padding to the batch's longest row varies). */
  trailingLengths: number;
  occurrences: number;
  /** Mean run length of the other values (tokens and tags: about 1; regions: long). */
  otherValueRun: number;
}

/** Runs of `value` along the last dim of a 2+-dim target; undefined for 0/1-dim or empty targets. */
export function valueRuns(target: Tensor, value: number): ValueRuns | undefined {
  const s = target.shape;
  if (s.length < 2) return undefined;
  const L = s[s.length - 1];
  if (L < 2) return undefined;
  const d = target.data;
  const rows = d.length / L;
  if (rows === 0) return undefined;
  const trailing = new Array<number>(rows).fill(0);
  let rowsEnding = 0, rowsFull = 0, maxOtherRun = 0, inside = 0, rowsInside = 0, occurrences = 0;
  let otherRuns = 0, otherCount = 0;
  const ends = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const o = r * L;
    let t = 0;
    while (t < L && d[o + L - 1 - t] === value) t++;
    trailing[r] = t;
    occurrences += t;
    if (t > 0) rowsEnding++;
    if (t === L) { rowsFull++; continue; }
    const stop = L - t;
    let rowInside = 0;
    for (let i = 0; i < stop; ) {
      let j = i;
      while (j < stop && d[o + j] === d[o + i]) j++;
      if (d[o + i] === value) {
        rowInside += j - i;
        if (j - i > maxOtherRun) maxOtherRun = j - i;
        ends.add(j - 1);
      } else {
        otherRuns++;
        otherCount += j - i;
      }
      i = j;
    }
    if (rowInside > 0) { rowsInside++; inside += rowInside; occurrences += rowInside; }
  }
  let rowsLongTrail = 0;
  const lengths = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const t = trailing[r];
    if (t === 0 || t === L) continue;
    lengths.add(t);
    if (t >= 2 && t > maxOtherRun) rowsLongTrail++;
  }
  return {
    value, rows, L, rowsEnding, trailing, rowsFull, maxOtherRun, inside, rowsInside,
    insideRunEnds: ends.size, rowsLongTrail, trailingLengths: lengths.size, occurrences,
    otherValueRun: otherRuns ? otherCount / otherRuns : 0,
  };
}

/** Memoised `valueRuns` of the case's target. */
export function targetRuns(ctx: RuleContext, value: number): ValueRuns | undefined {
  return ctx.stats.memoise(`valueRuns:${value}`, () => valueRuns(ctx.case.target, value));
}

/** Names of pad and ignore labels (`PAD`, `[PAD]`, `<pad>`, AllenNLP's `@@PADDING@@`, BERT-NER's `X`, `void`, ...). */
const PAD_NAME = /^[\s<[(@_-]*(pad|padding|pad_label|x|null|none|ignore|ignored|void|unlabeled|unlabelled|dummy)[\s>\])@_-]*$/i;

/** The class name of `v` from meta.class_names when it names a real class (not a pad or ignore label). */
export function realClassName(c: LossCase, v: number): string | undefined {
  const names = c.meta.class_names;
  if (!Array.isArray(names) || !Number.isInteger(v) || v < 0 || v >= names.length) return undefined;
  const n = names[v];
  if (typeof n !== 'string' || n.trim() === '' || PAD_NAME.test(n)) return undefined;
  return n;
}

/**
 * Evidence that `v` is a real label in these targets (not only padding): its class name, or its
 * occurrences outside the trailing runs, in 2+ rows, ending at 2+ different columns (a block of
 * padding at a fixed place, like text padding before image tokens, ends at one column), with the
 * trailing runs holding less than `trailingShareBelow` of all its occurrences. A few stray occurrences
 * inside leave it padding (missing-ignore-index passes its `minTrailingShare`: the same boundary).
 */
export function realLabelEvidence(c: LossCase, runs: ValueRuns | undefined, v: number, trailingShareBelow: number): { by: 'class name' | 'inside sequences'; name?: string } | undefined {
  const name = realClassName(c, v);
  if (name !== undefined) return { by: 'class name', name };
  if (runs && runs.rowsInside >= 2 && runs.insideRunEnds >= 2 && (runs.occurrences - runs.inside) / runs.occurrences < trailingShareBelow) return { by: 'inside sequences' };
  return undefined;
}

/**
 * The right-padding signature of `v`: in at least max(2, minShare of the rows that are not all `v`)
 * rows, the trailing run of `v` is longer than any run of `v` elsewhere; the trailing lengths vary;
 * the other values come in short runs (tokens, tags), not regions (masks, frames).
 */
export function paddingSignature(runs: ValueRuns | undefined, o: { minShare: number; maxOtherValueRun: number }): boolean {
  if (!runs) return false;
  const rows = runs.rows - runs.rowsFull;
  if (rows < 2) return false;
  if (runs.otherValueRun > o.maxOtherValueRun) return false;
  if (runs.trailingLengths < 2) return false;
  return runs.rowsLongTrail >= Math.max(2, Math.ceil(o.minShare * rows));
}

/**
 * Padding already labelled with ignore_index: 2+-dim targets whose rows mostly end in runs of
 * ignore_index; 1-dim (flattened) targets whose ignore_index runs are at least twice as long as the
 * longest run of `pad`. Then a pad id in meta is the inputs' pad id, and label values equal to it are
 * real labels.
 */
export function paddingMasked(ctx: RuleContext, pad: number): boolean {
  const c = ctx.case;
  const ign = c.loss.ignore_index;
  if (c.target.shape.length >= 2) {
    const r = targetRuns(ctx, ign);
    return !!r && r.rowsEnding > 0 && r.rowsEnding >= 0.5 * r.rows;
  }
  const d = c.target.data;
  let maxIgn = 0, maxPad = 0;
  for (let i = 0; i < d.length; ) {
    let j = i;
    while (j < d.length && d[j] === d[i]) j++;
    if (d[i] === ign && j - i > maxIgn) maxIgn = j - i;
    if (d[i] === pad && j - i > maxPad) maxPad = j - i;
    i = j;
  }
  return maxIgn >= 2 && maxIgn >= 2 * maxPad;
}

/** The pad value the user declared in meta: `pad_value` (what targets are padded with) or `pad_token_id` (the tokenizer's). */
export function declaredPad(c: LossCase): { pad: number; source: 'meta.pad_value' | 'meta.pad_token_id' } | undefined {
  const pv = c.meta.pad_value;
  if (typeof pv === 'number' && Number.isInteger(pv)) return { pad: pv, source: 'meta.pad_value' };
  const pt = c.meta.pad_token_id;
  if (typeof pt === 'number' && Number.isInteger(pt)) return { pad: pt, source: 'meta.pad_token_id' };
  return undefined;
}

/**
 * The loss recomputed with the trailing runs of `runs.value` (when `relabel`) set to `ignoreIndex`,
 * and `ignoreIndex` as the loss's ignore_index: what labelling the padded positions as ignored gives.
 * Null when it cannot be computed or is not a scalar.
 */
export function lossIgnoringTrailing(ctx: RuleContext, runs: ValueRuns, ignoreIndex: number, relabel = true): number | null {
  const c = ctx.case;
  const t = Float64Array.from(c.target.data);
  if (relabel) for (let r = 0; r < runs.rows; r++) for (let k = 0; k < runs.trailing[r]; k++) t[r * runs.L + runs.L - 1 - k] = ignoreIndex;
  const target: Tensor = { shape: c.target.shape, data: t, dtype: c.target.dtype };
  try {
    return scalarLoss(ctx.stats.lossOf(makeSpec(c.loss.type, { ...c.loss, ignore_index: ignoreIndex }), target, ctx.dtype)) ?? null;
  } catch (e) {
    if (isInputNeeded(e)) throw e;
    return null;
  }
}

export interface SegmentPadding {
  value: number;
  /** The column where the padding block ends in every padded row (before the next segment). */
  end: number;
  rowsPadded: number;
  rows: number;
}

/**
 * Padding of a fixed-length first segment (text padded to its length, then image tokens): a value
 * that in at least max(minRows, minRowShare·rows) rows forms a run ending at the same column before
 * the row end, of varying lengths, starting after some content, holding at least minTrailingShare of
 * the value's occurrences. 2+-dim targets only.
 */
export function segmentPadding(target: Tensor, o: { minRows: number; minRowShare: number; minTrailingShare: number }): SegmentPadding | undefined {
  const s = target.shape;
  if (s.length < 2) return undefined;
  const L = s[s.length - 1];
  const d = target.data;
  const rows = L > 0 ? d.length / L : 0;
  if (rows < o.minRows || L < 3) return undefined;
  // (value, end column) -> rows, run lengths, occurrences in those runs
  const blocks = new Map<string, { value: number; end: number; rows: number; lengths: Set<number>; count: number }>();
  for (let r = 0; r < rows; r++) {
    const off = r * L;
    for (let i = 0; i < L; ) {
      let j = i;
      while (j < L && d[off + j] === d[off + i]) j++;
      if (i > 0 && j < L) {
        const key = `${d[off + i]}:${j - 1}`;
        let b = blocks.get(key);
        if (!b) blocks.set(key, (b = { value: d[off + i], end: j - 1, rows: 0, lengths: new Set(), count: 0 }));
        b.rows++;
        b.lengths.add(j - i);
        b.count += j - i;
      }
      i = j;
    }
  }
  let best: { value: number; end: number; rows: number; lengths: Set<number>; count: number } | undefined;
  for (const b of blocks.values()) if (!best || b.rows > best.rows) best = b;
  if (!best || best.rows < Math.max(o.minRows, o.minRowShare * rows) || best.lengths.size < 2) return undefined;
  let occurrences = 0;
  for (let i = 0; i < d.length; i++) if (d[i] === best.value) occurrences++;
  if (best.count < o.minTrailingShare * occurrences) return undefined;
  return { value: best.value, end: best.end, rowsPadded: best.rows, rows };
}
