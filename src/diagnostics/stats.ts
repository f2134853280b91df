/**
 * Shared statistics for diagnostic rules. Everything here is pure and works on flat C-order buffers.
 * Numeric helpers live in src/engine/numeric.ts, number formatting in ./format.ts.
 *
 * Rules should not re-scan big inputs: `CaseStats` (one per case, on `ctx.stats`) computes each
 * statistic lazily the first time a rule asks for it and then keeps it. A (2048, 32000) float32 dump
 * is 65M values; one pass is ~0.1-0.3 s, so each pass should happen at most once per case.
 */
import { l10n } from '../l10n';
import { computeLoss } from '../engine/losses/index';
import { isClassLoss, isBinaryLoss, type LossSpec } from '../engine/losses/spec';
import { rowOffset, type RowGeometry } from '../engine/losses/class-rows';
import { logsumexp, spreadIndices, unravelIndex } from '../engine/numeric';
import { isFloatDType, numel, sameShape, type Data, type Tensor } from '../engine/tensor';
import type { LossCase } from '../shapes/index';
import type { LossResult } from '../engine/losses/types';
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

/**
 * The mergeable part of a summary, over one stretch of a tensor's values (the whole tensor, or one
 * chunk of rows of a streamed input): merged with `mergeSummaryParts`, finished with `finishSummary`.
 */
export interface SummaryPart {
  size: number;
  min: number; max: number; sum: number; sumSq: number;
  nan: number; posInf: number; negInf: number; negatives: number; inUnit: number;
  /** Flat indices (from the tensor's start) of the first non-finite values, at most 5. */
  firstFlat: number[];
  allInteger: boolean;
  /** Distinct finite values, collected until there are 65. */
  seen: Set<number>;
}

/** The summary part of `d`, whose first value is the tensor's value number `flatStart`. */
export function summaryPart(d: Data, flatStart = 0): SummaryPart {
  let min = Infinity, max = -Infinity, sum = 0, sumSq = 0;
  let nan = 0, posInf = 0, negInf = 0, negatives = 0, inUnit = 0;
  const firstFlat: number[] = [];
  // Large float32 inputs: one SIMD pass (kernels/summary.ts); the first non-finite positions, if any,
  // by a scan that stops at the fifth.
  const simd = d instanceof Float32Array && d.length >= 4096 ? summaryF32(d) : undefined;
  if (simd) {
    ({ min, max, sum, sumSq, nan, posInf, negInf, negatives, inUnit } = simd);
    if (nan + posInf + negInf > 0) for (let i = 0; i < d.length && firstFlat.length < 5; i++) if (d[i] - d[i] !== 0) firstFlat.push(flatStart + i);
  }
  // Otherwise one tight pass for the moments (keep the loop body small).
  for (let i = 0; i < (simd ? 0 : d.length); i++) {
    const v = d[i];
    if (v - v !== 0) {
      if (v !== v) nan++;
      else if (v > 0) posInf++;
      else negInf++;
      if (firstFlat.length < 5) firstFlat.push(flatStart + i);
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
    if (v < 0) negatives++;
    else if (v <= 1) inUnit++;
  }
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
  return { size: d.length, min, max, sum, sumSq, nan, posInf, negInf, negatives, inUnit, firstFlat, allInteger, seen };
}

/** Two consecutive parts as one (`b` follows `a`). Counts, extremes and flags merge exactly; Σ and Σ² are added. */
export function mergeSummaryParts(a: SummaryPart, b: SummaryPart): SummaryPart {
  const seen = new Set(a.seen);
  for (const v of b.seen) { if (seen.size > 64) break; seen.add(v); }
  return {
    // ties keep the earlier part's value, as the one-pass scan does (0 before -0 stays 0; Math.min would give -0)
    size: a.size + b.size, min: b.min < a.min ? b.min : a.min, max: b.max > a.max ? b.max : a.max, sum: a.sum + b.sum, sumSq: a.sumSq + b.sumSq,
    nan: a.nan + b.nan, posInf: a.posInf + b.posInf, negInf: a.negInf + b.negInf, negatives: a.negatives + b.negatives, inUnit: a.inUnit + b.inUnit,
    firstFlat: [...a.firstFlat, ...b.firstFlat].slice(0, 5), allInteger: a.allInteger && b.allInteger, seen,
  };
}

export function finishSummary(p: SummaryPart, shape: readonly number[], dtype: string): TensorSummary {
  const nonFinite = p.nan + p.posInf + p.negInf;
  const finite = p.size - nonFinite;
  const mean = finite ? p.sum / finite : NaN;
  const variance = finite ? Math.max(p.sumSq / finite - mean * mean, 0) : NaN;
  return {
    shape, dtype, size: p.size,
    min: finite ? p.min : NaN,
    max: finite ? p.max : NaN,
    mean,
    std: Math.sqrt(variance),
    nan: p.nan, posInf: p.posInf, negInf: p.negInf, nonFinite,
    firstNonFinite: p.firstFlat.map((i) => unravelIndex(i, shape)),
    negatives: p.negatives, inUnit: p.inUnit, allInteger: p.allInteger,
    distinct: Math.min(p.seen.size, 65),
  };
}

export function summarize(t: Tensor): TensorSummary {
  return finishSummary(summaryPart(t.data), t.shape, t.dtype);
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
  const { rows, C } = layout;
  const out: RowStats = { rows, C, sum: new Float64Array(rows), min: new Float64Array(rows), max: new Float64Array(rows) };
  rowStatsInto(data, layout, 0, rows, 0, out);
  return out;
}

/**
 * Rows r0 ≤ r < r1 of `rowStats` into `out`. `data` holds the input from flat index `shift` on (0 for
 * the whole input; a streamed chunk of whole rows of an (N, C) input starts at r0·C).
 */
export function rowStatsInto(data: Data, layout: RowGeometry, r0: number, r1: number, shift: number, out: RowStats): void {
  const { C, stride } = layout;
  const { sum, min, max } = out;
  for (let r = r0; r < r1; r++) {
    const off = rowOffset(layout, r) - shift;
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
}

/** Per row over the classes: the top value, the runner-up, where the top is, and the row's argmax. */
export interface RowTops {
  rows: number;
  /** Largest and second largest non-NaN value (−∞ when none); `arg` the class of `top` (first one, −1 if none). */
  top: Float64Array;
  second: Float64Array;
  arg: Int32Array;
  /** The row holds a NaN that was neither top nor runner-up when seen. */
  bad: Uint8Array;
  /** argmax as `x[k] > x[argmax]` from class 0 finds it (0 when nothing beats class 0, e.g. a NaN there). */
  argmax: Int32Array;
}

export function emptyRowTops(rows: number): RowTops {
  return { rows, top: new Float64Array(rows), second: new Float64Array(rows), arg: new Int32Array(rows), bad: new Uint8Array(rows), argmax: new Int32Array(rows) };
}

/** Rows r0 ≤ r < r1 of `RowTops` into `out` (`shift` as for `rowStatsInto`). */
export function rowTopsInto(data: Data, layout: RowGeometry, r0: number, r1: number, shift: number, out: RowTops): void {
  const { C, stride } = layout;
  for (let r = r0; r < r1; r++) {
    const off = rowOffset(layout, r) - shift;
    let top = -Infinity, second = -Infinity, arg = -1, bad = 0;
    for (let k = 0, i = off; k < C; k++, i += stride) {
      const v = data[i];
      if (v > top) { second = top; top = v; arg = k; } else if (v > second) second = v;
      else if (v !== v) bad = 1;
    }
    out.top[r] = top; out.second[r] = second; out.arg[r] = arg; out.bad[r] = bad;
    // `x[k] > x[argmax]` from class 0 finds the first largest non-NaN value, i.e. `arg` — unless
    // class 0 is NaN (nothing beats it) or no value beats −∞ (arg −1): then it stays at 0.
    const x0 = data[off];
    out.argmax[r] = x0 !== x0 || arg < 0 ? 0 : arg;
  }
}

/** Rows r0 ≤ r < r1: the input at each row's target class, NaN when the target is no class index (`shift` as for `rowStatsInto`). */
export function targetLogitsInto(data: Data, target: Data, layout: RowGeometry, r0: number, r1: number, shift: number, out: Float64Array): void {
  for (let r = r0; r < r1; r++) {
    const y = target[r];
    out[r] = y >= 0 && y < layout.C && Number.isInteger(y) ? data[rowOffset(layout, r) - shift + y * layout.stride] : NaN;
  }
}

/** Rows r0 ≤ r < r1 of `rowLogsumexp` into `out` (`shift` as for `rowStatsInto`). */
export function rowLseInto(data: Data, layout: RowGeometry, r0: number, r1: number, shift: number, out: Float64Array): void {
  for (let r = r0; r < r1; r++) out[r] = logsumexp(data, rowOffset(layout, r) - shift, layout.C, layout.stride);
}

/** The step of `CaseStats.spreadValues` for n values (and of the view's sample, `want` 65 536). */
export function spreadStep(n: number, want = 2048): number {
  return Math.max(1, Math.floor(n / want));
}

/**
 * Column (dim 0) Σ and max of an (N, C) input, rows of one chunk at a time (`sumsAlong(input, 0)`'s
 * first loop: each column's values in row order); then `columnExpInto` with the finished max.
 */
export function columnSumMaxInto(chunk: Data, C: number, sum: Float64Array, max: Float64Array): void {
  const n = C ? chunk.length / C : 0;
  for (let c = 0; c < C; c++) {
    let s = sum[c], m = max[c];
    for (let k = 0, i = c; k < n; k++, i += C) {
      const v = chunk[i];
      s += v;
      if (v > m) m = v;
    }
    sum[c] = s; max[c] = m;
  }
}

/** Σ exp(x − max) per column, a chunk at a time (columns whose max is not finite are skipped). */
export function columnExpInto(chunk: Data, C: number, max: Float64Array, e: Float64Array): void {
  const n = C ? chunk.length / C : 0;
  for (let c = 0; c < C; c++) {
    const m = max[c];
    if (!Number.isFinite(m)) continue;
    let acc = e[c];
    for (let k = 0, i = c; k < n; k++, i += C) acc += Math.exp(chunk[i] - m);
    e[c] = acc;
  }
}

/** The column statistics from the finished passes: Σ, and logsumexp = max + log Σ exp(x − max) (the max itself where it is not finite). */
export function columnsOf(sum: Float64Array, max: Float64Array, e: Float64Array): { sum: Float64Array; lse: Float64Array } {
  return { sum, lse: Float64Array.from(max, (m, k) => (Number.isFinite(m) ? m + Math.log(e[k]) : m)) };
}

/** logsumexp per row over the class dimension (or for the given rows only). */
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
    if (!Number.isInteger(v)) nonInteger++;
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

/**
 * A streamed case (an input too large to hold, read in chunks of rows by the io layer): `c.input`
 * has its shape and dtype but no values (`data` is empty). What the rules read of it was accumulated
 * chunk by chunk (`diagnostics/stream.ts`) or is supplied on request (`InputNeeded`).
 */
export interface StreamedInput {
  summary: TensorSummary;
  /** Per-row class statistics: (N, C) inputs with class-index targets only (the classes-last family has none). */
  rowTops?: RowTops;
  /** The per-position loss (reduction 'none'), when it could be computed. */
  perElementLoss?: Tensor;
  /** Rows read back for the rules: row number → its C values. */
  rows: Map<number, Data>;
  /** The input's value at each row's target class (`CaseStats.targetLogits`); as `rowTops`. */
  targetLogits?: Float64Array;
  /** Values at flat positions 0, step, 2·step, … (`CaseStats.spreadValues`, 2048 of them). */
  spread: Float64Array;
  /** A larger stride sample for the case view's histogram: every `every`-th value (about 65 536 of them). */
  viewSample: { values: Float64Array; every: number };
  /** Filled on request (`InputRequest` 'pass'): per-row Σ/min/max, logsumexp of every row; per column (dim 0) Σ and logsumexp. */
  rowStats?: RowStats;
  rowLseAll?: Float64Array;
  columns?: { sum: Float64Array; lse: Float64Array };
  /** Losses recomputed over the whole input with another spec or target, by `lossKey`. */
  losses: Map<string, LossResult | Error>;
}

/** What a rule asked of a streamed input that is not in memory. */
export type InputRequest =
  | { kind: 'rows'; rows: number[] }
  | { kind: 'loss'; key: string; spec: LossSpec; target: Tensor; dtype: 'float64' | 'float32' }
  | { kind: 'pass'; what: StreamPass }
  | { kind: 'whole'; why: string };

/** Statistics a streamed input gets by one more pass over the file (two for 'columns'), when a rule asks. */
export type StreamPass = 'rowStats' | 'rowLse' | 'columns';

/**
 * Thrown by `CaseStats` on a streamed case when a rule needs input values that are not in memory. The
 * driver reads them (io), hands them over (`StreamedInput.rows` / `.losses`) and runs the rule again
 * (rules are pure, so a re-run gives the same findings); `whole` means the rule cannot run streamed.
 * Rules that catch errors around a loss computation must let it through (`isInputNeeded`).
 */
export class InputNeeded extends Error {
  constructor(readonly request: InputRequest) {
    super(request.kind === 'whole' ? `needs the whole input in memory: ${request.why}` : `needs ${request.kind === 'pass' ? request.what : request.kind} of the streamed input`);
  }
}

export function isInputNeeded(e: unknown): e is InputNeeded {
  return e instanceof InputNeeded;
}

/** Where row r's C values sit: `data[off + k·stride]`. */
export interface RowRef { data: Data; off: number; stride: number }

/** A key naming one recomputed loss (spec and target contents). */
export function lossKey(spec: LossSpec, target: Tensor, dtype: string): string {
  let h = 0x811c9dc5;
  const t = target.data;
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ (t[i] | 0) ^ (t[i] !== (t[i] | 0) ? 0x5bd1e995 : 0), 16777619) >>> 0;
  const plain = Object.entries(spec).map(([k, v]) => [k, v && typeof v === 'object' && 'data' in v ? Array.from((v as Tensor).data) : v]);
  return `${dtype}|${JSON.stringify(plain)}|${target.shape.join('x')}|${t.length}|${h}`;
}

/** Lazily computed statistics of one case, shared by all rules. Each getter computes once. */
export class CaseStats {
  private memo = new Map<string, unknown>();
  constructor(readonly c: LossCase, readonly streamed?: StreamedInput) {
    if (streamed) {
      this.memo.set('input', streamed.summary);
      if (streamed.rowTops) this.memo.set('rowTops', streamed.rowTops);
      this.memo.set('perElementLoss', streamed.perElementLoss);
    }
  }

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
      if (!this.streamed) return rowStats(this.c.input.data, l);
      if (!this.streamed.rowStats) throw new InputNeeded({ kind: 'pass', what: 'rowStats' });
      return this.streamed.rowStats;
    });
  }

  /** Per-row top, runner-up and argmax over classes (class losses with index or probability targets). */
  get rowTops(): RowTops | undefined {
    return this.once('rowTops', () => {
      const l = this.layout;
      if (!l || l.targetKind === 'mismatch' || l.C === 0) return undefined;
      const out = emptyRowTops(l.rows);
      rowTopsInto(this.c.input.data, l, 0, l.rows, 0, out);
      return out;
    });
  }

  /**
   * The values of the listed rows of a class-loss input (`at(r)`: where row r's classes sit). In
   * memory a view of the input; on a streamed case the rows read back for the rules (a rule asking
   * for rows not read yet gets them on its next run).
   */
  inputRows(rows: readonly number[]): { at(r: number): RowRef } {
    const l = this.layout;
    if (!l) throw new Error('inputRows: not a class loss');
    const s = this.streamed;
    if (!s) {
      const data = this.c.input.data;
      return { at: (r) => ({ data, off: rowOffset(l, r), stride: l.stride }) };
    }
    const missing = rows.filter((r) => !s.rows.has(r));
    if (missing.length) throw new InputNeeded({ kind: 'rows', rows: [...new Set(missing)].sort((a, b) => a - b) });
    return {
      at: (r) => {
        const data = s.rows.get(r);
        if (!data) throw new InputNeeded({ kind: 'rows', rows: [r] });
        return { data, off: 0, stride: 1 };
      },
    };
  }

  /** The whole input, for a statistic that has no streamed form yet (`why` names it). */
  wholeInput(why: string): Tensor {
    if (this.streamed) throw new InputNeeded({ kind: 'whole', why });
    return this.c.input;
  }

  /** The loss recomputed over the whole input with another spec or target (no gradient). */
  lossOf(spec: LossSpec, target: Tensor, dtype: 'float64' | 'float32'): LossResult {
    const s = this.streamed;
    if (!s) return computeLoss(spec, this.c.input, target, { dtype, grad: false });
    const key = lossKey(spec, target, dtype);
    const r = s.losses.get(key);
    if (r === undefined) throw new InputNeeded({ kind: 'loss', key, spec, target, dtype });
    if (r instanceof Error) throw r;
    return r;
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
      if (this.streamed) {
        const all = this.rowLseAll;
        return all ? { rows, lse: Float64Array.from(rows, (r) => all[r]) } : undefined;
      }
      return { rows, lse: rowLogsumexp(this.c.input.data, l, rows) };
    });
  }

  /** logsumexp over the classes of every row (class losses; one more pass over a streamed input). */
  get rowLseAll(): Float64Array | undefined {
    return this.once('rowLseAll', () => {
      const l = this.layout;
      if (!l || l.targetKind === 'mismatch' || l.C === 0) return undefined;
      if (!this.streamed) return rowLogsumexp(this.c.input.data, l);
      if (!this.streamed.rowLseAll) throw new InputNeeded({ kind: 'pass', what: 'rowLse' });
      return this.streamed.rowLseAll;
    });
  }

  /** Per row of an index-target class loss: the input at the target class (NaN where the target is no class index). */
  get targetLogits(): Float64Array | undefined {
    return this.once('targetLogits', () => {
      const l = this.layout;
      if (!l || l.targetKind !== 'index') return undefined;
      if (this.streamed) return this.streamed.targetLogits;
      const out = new Float64Array(l.rows);
      targetLogitsInto(this.c.input.data, this.c.target.data, l, 0, l.rows, 0, out);
      return out;
    });
  }

  /** The input's values at flat positions 0, step, 2·step, … with step = max(1, ⌊n / 2048⌋) (what `decimalsOf` samples). */
  get spreadValues(): Float64Array {
    return this.once('spreadValues', () => {
      if (this.streamed) return this.streamed.spread;
      const d = this.c.input.data;
      const step = spreadStep(d.length);
      const out = new Float64Array(Math.ceil(d.length / step));
      for (let i = 0, j = 0; i < d.length; i += step, j++) out[j] = d[i];
      return out;
    });
  }

  /**
   * `sumsAlong(input, dim)` (invariants.ts): per-row Σ and logsumexp along `dim`. On a streamed (N, C)
   * input, dim 1 from the per-row statistics and dim 0 from a column pass; other dims are not streamed.
   */
  sumsAlong(dim: number, f: (t: Tensor, dim: number) => { g: { dim: number; K: number; rows: number; inner: number }; sum: Float64Array; lse: Float64Array }): ReturnType<typeof f> {
    return this.once(`sumsAlong:${dim}`, () => {
      const s = this.streamed;
      if (!s) return f(this.c.input, dim);
      const [N, C] = this.c.input.shape;
      if (dim === 1 && this.rows && this.rowLseAll) return { g: { dim, K: C, rows: N, inner: 1 }, sum: this.rows.sum, lse: this.rowLseAll };
      if (dim === 0) {
        if (!s.columns) throw new InputNeeded({ kind: 'pass', what: 'columns' });
        return { g: { dim, K: N, rows: C, inner: C }, sum: s.columns.sum, lse: s.columns.lse };
      }
      throw new InputNeeded({ kind: 'whole', why: l10n.t('sums along dim {0}', dim) });
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
