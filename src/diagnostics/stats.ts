/**
 * Shared statistics for diagnostic rules. Everything here is pure and works on flat C-order buffers.
 * Numeric helpers live in src/engine/numeric.ts, number formatting in ./format.ts.
 *
 * Rules should not re-scan big inputs: `CaseStats` (one per case, on `ctx.stats`) computes each
 * statistic lazily the first time a rule asks for it and then keeps it. A (2048, 32000) float32 dump
 * is 65M values; one pass is ~0.1-0.3 s, so each pass should happen at most once per case.
 */
import { computeLoss } from '../engine/losses/index';
import { isClassLoss, isBinaryLoss, type LossSpec } from '../engine/losses/spec';
import { rowOffset, type RowGeometry } from '../engine/losses/class-rows';
import { logsumexp, spreadIndices, unravelIndex } from '../engine/numeric';
import { isFloatDType, numel, sameShape, type Data, type Tensor } from '../engine/tensor';
import type { LossCase } from '../shapes/index';
import { summaryF32 } from '../engine/kernels/summary';

// ---------------------------------------------------------------------------------------------
// Whole-tensor summary

export interface TensorSummary {
  shape: readonly number[];
  dtype: string;
  size: number;
  /** Over finite values only; NaN when there are none. */
  min: number;
  max: number;
  mean: number;
  std: number;
  nan: number;
  posInf: number;
  negInf: number;
  /** nan + posInf + negInf. */
  nonFinite: number;
  /** Multi-dim indices of the first non-finite values (at most 5). */
  firstNonFinite: number[][];
  /** Finite values < 0, and finite values in [0, 1]. */
  negatives: number;
  inUnit: number;
  /** Every finite value is a whole number. */
  allInteger: boolean;
  /** Number of distinct finite values, counted up to 64 (then 65 means "more"). */
  distinct: number;
}

export function summarize(t: Tensor): TensorSummary {
  const d = t.data;
  let min = Infinity, max = -Infinity, sum = 0, sumSq = 0, finite = 0;
  let nan = 0, posInf = 0, negInf = 0, negatives = 0, inUnit = 0;
  const firstFlat: number[] = [];
  // Large float32 inputs: one SIMD pass (kernels/summary.ts); the first non-finite positions, if any,
  // by a scan that stops at the fifth.
  const simd = d instanceof Float32Array && d.length >= 4096 ? summaryF32(d) : undefined;
  if (simd) {
    ({ min, max, sum, sumSq, nan, posInf, negInf, negatives, inUnit } = simd);
    if (nan + posInf + negInf > 0) for (let i = 0; i < d.length && firstFlat.length < 5; i++) if (d[i] - d[i] !== 0) firstFlat.push(i);
  }
  // Otherwise one tight pass for the moments (keep the loop body small).
  for (let i = 0; i < (simd ? 0 : d.length); i++) {
    const v = d[i];
    if (v - v !== 0) {
      if (v !== v) nan++;
      else if (v > 0) posInf++;
      else negInf++;
      if (firstFlat.length < 5) firstFlat.push(i);
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
    if (v < 0) negatives++;
    else if (v <= 1) inUnit++;
  }
  finite = d.length - nan - posInf - negInf;
  // These two stop early on float data: the first fraction, the 65th distinct value.
  let allInteger = true;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v === 0 && Math.floor(v) !== v) { allInteger = false; break; }
  }
  const seen = new Set<number>();
  for (let i = 0; i < d.length && seen.size <= 64; i++) {
    const v = d[i];
    if (v - v === 0) seen.add(v);
  }
  const mean = finite ? sum / finite : NaN;
  const variance = finite ? Math.max(sumSq / finite - mean * mean, 0) : NaN;
  return {
    shape: t.shape,
    dtype: t.dtype,
    size: d.length,
    min: finite ? min : NaN,
    max: finite ? max : NaN,
    mean,
    std: Math.sqrt(variance),
    nan,
    posInf,
    negInf,
    nonFinite: nan + posInf + negInf,
    firstNonFinite: firstFlat.map((i) => unravelIndex(i, t.shape)),
    negatives,
    inUnit,
    allInteger,
    distinct: seen.size,
  };
}

// ---------------------------------------------------------------------------------------------
// Class layout (cross-entropy / NLL)

/**
 * How a CrossEntropyLoss/NLLLoss input is laid out: classes on dim 1 (dim 0 for a 1-D input).
 * Row r (one sample/position) holds its C class scores at `offset(r) + c·stride`.
 */
export interface RowLayout extends RowGeometry {
  /** 'index': target holds class indices (input shape without dim 1); 'probs': target has the input's shape (float); 'mismatch': neither. */
  targetKind: 'index' | 'probs' | 'mismatch';
}

export function classLayout(input: Tensor, target: Tensor): RowLayout {
  const s = input.shape;
  let C: number, rows: number, stride: number, indexShape: number[];
  if (s.length === 0) {
    C = 0; rows = 0; stride = 1; indexShape = [];
  } else if (s.length === 1) {
    C = s[0]; rows = 1; stride = 1; indexShape = [];
  } else {
    C = s[1];
    stride = numel(s.slice(2));
    rows = s[0] * stride;
    indexShape = [s[0], ...s.slice(2)];
  }
  let targetKind: RowLayout['targetKind'] = 'mismatch';
  if (sameShape(target.shape, indexShape)) targetKind = 'index';
  else if (sameShape(target.shape, s) && isFloatDType(target.dtype)) targetKind = 'probs';
  return { C, rows, stride, targetKind };
}


/** Per-row statistics over the class dimension. */
export interface RowStats {
  rows: number;
  C: number;
  /** Per row: sum, min, max of the finite class scores (NaN rows stay NaN in `sum`). */
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

export function rowStats(data: Data, layout: RowLayout): RowStats {
  const { rows, C, stride } = layout;
  const sum = new Float64Array(rows), min = new Float64Array(rows), max = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const off = rowOffset(layout, r);
    let s = 0, lo = Infinity, hi = -Infinity;
    if (stride === 1) {
      for (let i = off, e = off + C; i < e; i++) {
        const v = data[i];
        s += v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    } else {
      for (let c = 0, i = off; c < C; c++, i += stride) {
        const v = data[i];
        s += v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    sum[r] = s; min[r] = lo; max[r] = hi;
  }
  return { rows, C, sum, min, max };
}

/** logsumexp over the class dimension, per row (or for the given rows only). */
export function rowLogsumexp(data: Data, layout: RowLayout, which?: readonly number[]): Float64Array {
  const rs = which ?? Array.from({ length: layout.rows }, (_, i) => i);
  const out = new Float64Array(rs.length);
  for (let j = 0; j < rs.length; j++) out[j] = logsumexp(data, rowOffset(layout, rs[j]), layout.C, layout.stride);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Class counts (index targets)

export interface ClassCounts {
  C: number;
  /** counts[k]: targets equal to class k (ignored ones excluded). */
  counts: number[];
  total: number;
  /** Targets equal to ignore_index. */
  ignored: number;
  /** Targets counted in `counts`. */
  valid: number;
  /** Targets outside [0, C) that are not ignore_index, by value (non-integers and NaN under their text). */
  outOfRange: Map<number, number>;
  outOfRangeCount: number;
  /** Multi-dim indices of the first out-of-range targets (at most 5). */
  firstOutOfRange: number[][];
  /** Non-integer (including non-finite) targets. */
  nonInteger: number;
}

export function countClasses(target: Tensor, C: number, ignoreIndex: number): ClassCounts {
  const d = target.data;
  const counts = new Array<number>(C).fill(0);
  let ignored = 0, valid = 0, nonInteger = 0, outOfRangeCount = 0;
  const outOfRange = new Map<number, number>();
  const first: number[] = [];
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v === ignoreIndex) { ignored++; continue; }
    if (v >= 0 && v < C && Math.floor(v) === v) { counts[v]++; valid++; continue; }
    if (!(Math.floor(v) === v)) nonInteger++;
    outOfRangeCount++;
    outOfRange.set(v, (outOfRange.get(v) ?? 0) + 1);
    if (first.length < 5) first.push(i);
  }
  return {
    C, counts, total: d.length, ignored, valid, outOfRange, outOfRangeCount,
    firstOutOfRange: first.map((i) => unravelIndex(i, target.shape)), nonInteger,
  };
}

// ---------------------------------------------------------------------------------------------
// Binary targets (BCE)

export interface BinaryCounts {
  /** Labels: the size of the last dimension for a 2-D+ target, else 1. */
  labels: number;
  /** Per label: targets ≥ 0.5 (positives), all targets, and soft targets strictly inside (0, 1). */
  positives: number[];
  totals: number[];
  soft: number;
  /** Targets outside [0, 1] or non-finite. */
  invalid: number;
}

export function countBinary(target: Tensor): BinaryCounts {
  const d = target.data;
  const labels = target.shape.length >= 2 ? target.shape[target.shape.length - 1] : 1;
  const positives = new Array<number>(labels).fill(0);
  const totals = new Array<number>(labels).fill(0);
  let soft = 0, invalid = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    const l = labels === 1 ? 0 : i % labels;
    if (!(v >= 0 && v <= 1)) { invalid++; continue; }
    totals[l]++;
    if (v >= 0.5) positives[l]++;
    if (v > 0 && v < 1) soft++;
  }
  return { labels, positives, totals, soft, invalid };
}

// ---------------------------------------------------------------------------------------------
// Sequences: trailing runs (padding detection)

export interface TrailingRuns {
  /** The value most rows end with. */
  value: number;
  /** Rows (last dimension = sequence) ending in that value. */
  rowsEndingWith: number;
  rows: number;
  /** Length of the trailing run of `value` per row (0 if the row does not end with it). */
  runLengths: number[];
  /** Occurrences of `value` anywhere in the target, and the target size. */
  occurrences: number;
  size: number;
}

/** For a target of 2+ dims, treat the last dimension as the sequence and measure trailing runs. */
export function trailingRuns(target: Tensor): TrailingRuns | undefined {
  const s = target.shape;
  if (s.length < 2) return undefined;
  const L = s[s.length - 1];
  const rows = L === 0 ? 0 : target.data.length / L;
  if (rows === 0 || L < 2) return undefined;
  const d = target.data;
  const lastCounts = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    const v = d[r * L + L - 1];
    lastCounts.set(v, (lastCounts.get(v) ?? 0) + 1);
  }
  let value = NaN, best = -1;
  for (const [v, n] of lastCounts) if (n > best) { best = n; value = v; }
  const runLengths: number[] = [];
  for (let r = 0; r < rows; r++) {
    let k = 0;
    while (k < L && d[r * L + L - 1 - k] === value) k++;
    runLengths.push(k);
  }
  let occurrences = 0;
  for (let i = 0; i < d.length; i++) if (d[i] === value) occurrences++;
  return { value, rowsEndingWith: best, rows, runLengths, occurrences, size: d.length };
}

// ---------------------------------------------------------------------------------------------
// Per-case memo

/** Lazily computed statistics of one case, shared by all rules. Each getter computes once. */
export class CaseStats {
  private memo = new Map<string, unknown>();
  constructor(readonly c: LossCase) {}

  private once<T>(key: string, f: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = f();
    this.memo.set(key, v);
    return v;
  }

  get spec(): LossSpec { return this.c.loss; }

  get input(): TensorSummary { return this.once('input', () => summarize(this.c.input)); }
  get target(): TensorSummary { return this.once('target', () => summarize(this.c.target)); }

  /** Class layout for CrossEntropyLoss/NLLLoss, undefined for other losses. */
  get layout(): RowLayout | undefined {
    return this.once('layout', () => (isClassLoss(this.c.loss.type) ? classLayout(this.c.input, this.c.target) : undefined));
  }

  /** Class counts for index targets of CrossEntropyLoss/NLLLoss (undefined otherwise). */
  get classCounts(): ClassCounts | undefined {
    return this.once('classCounts', () => {
      const l = this.layout;
      if (!l || l.targetKind !== 'index') return undefined;
      return countClasses(this.c.target, l.C, this.c.loss.ignore_index);
    });
  }

  /** Per-row sum/min/max over classes (class losses with index or probability targets). */
  get rows(): RowStats | undefined {
    return this.once('rows', () => {
      const l = this.layout;
      if (!l || l.targetKind === 'mismatch' || l.C === 0) return undefined;
      return rowStats(this.c.input.data, l);
    });
  }

  /**
   * logsumexp per row for up to `maxRows` rows spread evenly (all rows when fewer). Returns the
   * row numbers and values. Memoised per `maxRows`.
   */
  rowLse(maxRows = 4096): { rows: number[]; lse: Float64Array } | undefined {
    return this.once(`rowLse:${maxRows}`, () => {
      const l = this.layout;
      if (!l || l.targetKind === 'mismatch' || l.C === 0) return undefined;
      const rows = spreadIndices(l.rows, maxRows);
      return { rows, lse: rowLogsumexp(this.c.input.data, l, rows) };
    });
  }

  /** Positive counts per label for BCELoss/BCEWithLogitsLoss (undefined otherwise). */
  get binary(): BinaryCounts | undefined {
    return this.once('binary', () => (isBinaryLoss(this.c.loss.type) ? countBinary(this.c.target) : undefined));
  }

  /**
   * The per-element loss (the case's loss with reduction 'none', float64), or undefined when it
   * cannot be computed. Shared by the rules and the panel's view.
   */
  get perElementLoss(): Tensor | undefined {
    return this.once('perElementLoss', () => {
      try {
        return computeLoss({ ...this.c.loss, reduction: 'none' }, this.c.input, this.c.target, { grad: false }).value;
      } catch {
        return undefined;
      }
    });
  }

  /** Trailing runs of the target's last dimension (2-D+ index targets). */
  get trailing(): TrailingRuns | undefined {
    return this.once('trailing', () => trailingRuns(this.c.target));
  }

  /** Any other shared value, memoised under a rule-chosen key. */
  memoise<T>(key: string, f: () => T): T {
    return this.once(`custom:${key}`, f);
  }
}
