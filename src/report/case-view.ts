/**
 * The view model of an inspected loss case: everything the panel (and the HTML report) shows, as
 * small plain data. Tensors stay here; only histograms, per-class aggregates, curves and the top
 * samples travel to the webview, so a 65M-logit case ships a few kilobytes.
 *
 * Pure: no I/O, no vscode. O(n) passes over the input, plus one sort for the PR curve (on at most
 * MAX_RANKED elements, a deterministic stride sample beyond that).
 */
import { l10n } from '../l10n';
import { LOSS_ARGS, defaultSpec, isBinaryLoss, isRegressionLoss, type LossSpec } from '../engine/losses/spec';
import { binarySummary, prCurve } from '../engine/metrics/binary';
import { sameShape, type Data, type Tensor } from '../engine/tensor';
import type { PreparedCase } from '../diagnostics/run';
import { rowOffset } from '../engine/losses/class-rows';
import type { ClassCounts, RowLayout, StreamedInput, TensorSummary } from '../diagnostics/stats';
import type { Finding } from '../diagnostics/types';
import type { LossCase, Series, StreamedCaseView, StreamInfo } from '../shapes/index';
import type {
  BarsView, CaseView, CurvePoint, HistogramView, PRView, ReliabilityBin, ReliabilityView, SampleRow, StatRow,
} from '../shapes/index';
import { scalarLoss } from '../engine/losses/result';
import { sigmoid, unravelIndex } from '../engine/numeric';
import { indexStr } from '../diagnostics/format';

/**
 * What buildCaseView needs from `runDiagnostics` (a DiagnosticsReport is one): the prepared case —
 * its recomputed loss and the statistics the rules already computed (layout, ranges, class counts,
 * the per-element loss) — and the findings.
 */
export interface CaseViewDiagnostics {
  prepared: PreparedCase;
  findings: Finding[];
  /** Set when the input was read in chunks (`inspectStreamed`): the view is built without its values. */
  streamed?: StreamInfo;
}

export interface CaseViewOptions {
  /** Histogram bins (default 60). */
  bins?: number;
  /** Classes listed before "other" (default 50). */
  topClasses?: number;
  /** Top loss-contributing samples (default 20). */
  topSamples?: number;
  /** Reliability bins (default 15). */
  reliabilityBins?: number;
  /** PR curve points kept (default 300). */
  prPoints?: number;
}

/** Elements ranked for the PR curve at most; larger inputs are sampled with a fixed stride. */
export const MAX_RANKED = 200_000;

function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

function shapeText(s: readonly number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

/**
 * A number for the panel's tables: 4 significant digits, exponent outside [1e-3, 1e5) — the panel
 * shows raw values more often than finding messages do (`diagnostics/format.ts` `fmt`: 3 digits, 1e-4..1e6).
 */
function num(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

interface Range { min: number; max: number; mean: number; finite: number; nonFinite: number }

function range(d: Data): Range {
  let min = Infinity, max = -Infinity, sum = 0, finite = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    finite++;
  }
  return { min, max, mean: finite ? sum / finite : NaN, finite, nonFinite: d.length - finite };
}

/** The histogram's range from the summary the rules already computed (±Infinity bounds when nothing is finite). */
function rangeOf(t: TensorSummary): Range {
  const finite = t.size - t.nonFinite;
  return { min: finite ? t.min : Infinity, max: finite ? t.max : -Infinity, mean: t.mean, finite, nonFinite: t.nonFinite };
}

/**
 * The 0.1% and 99.9% quantiles of the finite values (from a stride sample of at most 100k), used
 * when a few extreme values would squeeze everything else into one bin.
 */
function robustRange(d: Data, r: Range): { lo: number; hi: number } | undefined {
  if (r.finite < 1000) return undefined;
  const step = Math.max(1, Math.floor(d.length / 100_000));
  const sample: number[] = [];
  for (let i = 0; i < d.length; i += step) if (Number.isFinite(d[i])) sample.push(d[i]);
  sample.sort((a, b) => a - b);
  const q = (p: number) => sample[Math.min(sample.length - 1, Math.max(0, Math.round(p * (sample.length - 1))))];
  const lo = q(0.001), hi = q(0.999);
  if (!(hi > lo) || r.max - r.min <= 20 * (hi - lo)) return undefined;
  return { lo, hi };
}

/**
 * A histogram of the finite values in `bins` equal bins over [min, max], or over the 0.1%–99.9%
 * quantile range when outliers would squeeze the rest into a bin or two (then `below`/`above`
 * count what was left out).
 */
export function histogram(d: Data, bins: number, r: Range = range(d)): Omit<HistogramView, 'interpretation'> {
  let lo = r.min, hi = r.max;
  const robust = robustRange(d, r);
  if (robust) { lo = robust.lo; hi = robust.hi; }
  if (!r.finite) { lo = 0; hi = 1; }
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  let inUnit = 0, below = 0, above = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isFinite(v)) continue;
    if (v >= 0 && v <= 1) inUnit++;
    if (v < lo) { below++; continue; }
    if (v > hi) { above++; continue; }
    let b = Math.floor((v - lo) / width);
    if (b >= bins) b = bins - 1;
    if (b < 0) b = 0;
    counts[b]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const h: Omit<HistogramView, 'interpretation'> = { edges, counts, min: r.min, max: r.max, nonFinite: r.nonFinite, total: d.length, inUnitInterval: r.finite ? inUnit / r.finite : 0 };
  if (robust) { h.below = below; h.above = above; }
  return h;
}

/**
 * The class layout for the view: index targets, or probability targets (the input's shape, any
 * dtype: the engine reads a whole-number one-hot target as probabilities too); none for a 0-D input
 * or a target of another shape.
 */
function viewLayout(c: LossCase, l: RowLayout | undefined): { layout: RowLayout; prob: boolean } | undefined {
  if (!l || c.input.shape.length === 0) return undefined;
  if (l.targetKind === 'index') return { layout: l, prob: false };
  if (l.targetKind === 'probs' || sameShape(c.target.shape, c.input.shape)) return { layout: l, prob: true };
  return undefined;
}

function interpretation(spec: LossSpec, input: Tensor, r: Range, rowsSumToOne: boolean | undefined): string {
  if (!r.finite) return l10n.t('The input holds no finite values.');
  const inUnit = r.min >= 0 && r.max <= 1;
  const lo = num(r.min), hi = num(r.max);
  switch (spec.type) {
    case 'CrossEntropyLoss':
      if (inUnit && rowsSumToOne) return l10n.t('Values from {0} to {1}, every row sums to 1: these look like probabilities, but CrossEntropyLoss expects raw logits.', lo, hi);
      if (r.max <= 0) return l10n.t('Values from {0} to {1}, all ≤ 0: these look like log-probabilities; CrossEntropyLoss expects raw logits (log_softmax again is harmless but hides a mistake).', lo, hi);
      if (inUnit) return l10n.t('Values from {0} to {1}, all inside [0, 1]: check that these are logits, not probabilities.', lo, hi);
      return l10n.t('Values from {0} to {1}: raw logits, as CrossEntropyLoss expects.', lo, hi);
    case 'NLLLoss':
      if (r.max <= 0) return l10n.t('Values from {0} to {1}, all ≤ 0: log-probabilities, as NLLLoss expects.', lo, hi);
      return l10n.t('Values from {0} to {1}: NLLLoss expects log-probabilities (log_softmax output, all ≤ 0); these are not.', lo, hi);
    case 'BCEWithLogitsLoss':
      if (inUnit) return l10n.t('Values from {0} to {1}, all inside [0, 1]: these look like probabilities, but BCEWithLogitsLoss expects logits (it applies the sigmoid itself).', lo, hi);
      return l10n.t('Values from {0} to {1}: logits, as BCEWithLogitsLoss expects.', lo, hi);
    case 'BCELoss':
      if (inUnit) return l10n.t('Values from {0} to {1}: probabilities, as BCELoss expects.', lo, hi);
      return l10n.t('Values from {0} to {1}: BCELoss needs probabilities in [0, 1]; pass logits to BCEWithLogitsLoss instead.', lo, hi);
    case 'KLDivLoss':
      if (r.max <= 0) return l10n.t('Values from {0} to {1}, all ≤ 0: log-probabilities, as KLDivLoss expects for its input.', lo, hi);
      return l10n.t('Values from {0} to {1}: KLDivLoss expects log-probabilities as input (all ≤ 0); these are not.', lo, hi);
    default:
      return l10n.t('Values from {0} to {1} ({2} values).', lo, hi, input.data.length);
  }
}

function lossArgs(spec: LossSpec): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = { reduction: spec.reduction };
  const defaults = defaultSpec(spec.type) as unknown as Record<string, unknown>;
  const s = spec as unknown as Record<string, unknown>;
  for (const [k, info] of Object.entries(LOSS_ARGS[spec.type] ?? {})) {
    if (k === 'reduction') continue;
    const v = s[k];
    if (v === undefined) continue;
    if (info.kind === 'tensor') {
      const t = v as Tensor;
      out[k] = `tensor${shapeText(t.shape)}`;
    } else if (k === 'smoothing_mode' && spec.label_smoothing === 0) {
      continue;
    } else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {
      if (v !== defaults[k] || k === 'ignore_index' || k === 'label_smoothing') out[k] = v;
    }
  }
  return out;
}

/** Keeps the k largest (value, index) pairs. */
class TopK {
  vals: number[] = [];
  idx: number[] = [];
  constructor(private k: number) {}
  push(v: number, i: number): void {
    if (!(v > 0) && !(v < 0) && v !== 0) return;
    const n = this.vals.length;
    if (n === this.k && v <= this.vals[n - 1]) return;
    let p = n === this.k ? n - 1 : n;
    while (p > 0 && this.vals[p - 1] < v) {
      if (p < this.k) { this.vals[p] = this.vals[p - 1]; this.idx[p] = this.idx[p - 1]; }
      p--;
    }
    this.vals[p] = v;
    this.idx[p] = i;
  }
}

function reliability(conf: ArrayLike<number>, hit: ArrayLike<number>, nBins: number, label: string): ReliabilityView {
  const count = new Array<number>(nBins).fill(0);
  const sc = new Array<number>(nBins).fill(0);
  const sh = new Array<number>(nBins).fill(0);
  let n = 0;
  for (let i = 0; i < conf.length; i++) {
    const c = conf[i];
    const y = hit[i];
    if (!Number.isFinite(c) || !Number.isFinite(y)) continue;
    let b = Math.floor(c * nBins);
    if (b >= nBins) b = nBins - 1;
    if (b < 0) b = 0;
    count[b]++; sc[b] += c; sh[b] += y >= 0.5 ? 1 : 0; n++;
  }
  let ece = 0;
  const bins: ReliabilityBin[] = count.map((k, b) => {
    const confidence = k ? sc[b] / k : null;
    const accuracy = k ? sh[b] / k : null;
    if (k) ece += (k / n) * Math.abs((accuracy as number) - (confidence as number));
    return { lo: b / nBins, hi: (b + 1) / nBins, count: k, confidence, accuracy };
  });
  return { bins, ece: n ? ece : null, label };
}

/** Bars for per-class values: all classes when ≤ top, else the top classes by `rank` and "other". */
function classBars(labels: string[], values: number[], rank: number[], top: number, combine: 'sum' | 'mean', counts?: number[]): BarsView {
  const C = labels.length;
  if (C <= top) {
    const b: BarsView = { labels, values };
    if (counts) b.counts = counts;
    return b;
  }
  const order = Array.from({ length: C }, (_, i) => i).sort((a, b) => rank[b] - rank[a] || a - b);
  // List only classes that occur (rank > 0); the rest, zeros included, go to "other".
  let nKeep = 0;
  while (nKeep < top && nKeep < C && rank[order[nKeep]] > 0) nKeep++;
  const keep = order.slice(0, Math.max(1, nKeep));
  const rest = order.slice(keep.length);
  const b: BarsView = { labels: keep.map((i) => labels[i]), values: keep.map((i) => values[i]), otherCount: rest.length };
  if (counts) b.counts = keep.map((i) => counts[i]);
  if (combine === 'sum') {
    b.other = rest.reduce((s, i) => s + values[i], 0);
  } else {
    let w = 0, s = 0;
    for (const i of rest) { const k = counts ? counts[i] : 1; if (k > 0 && Number.isFinite(values[i])) { s += values[i] * k; w += k; } }
    b.other = w ? s / w : 0;
  }
  return b;
}

function downsample(points: CurvePoint[], max: number): CurvePoint[] {
  if (points.length <= max) return points;
  const out: CurvePoint[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}

function stat(label: string, value: number | string | null, note?: string): StatRow {
  const r: StatRow = { label, value: typeof value === 'number' && !Number.isFinite(value) ? null : value };
  if (note) r.note = note;
  return r;
}

/** Most points per history series sent to the panel or written to a report. */
export const MAX_HISTORY_POINTS = 4000;

/**
 * Every value as a number or null (non-finite); with `every` > 1, each run of `every` values becomes
 * its first value, replaced by the run's minimum and maximum in their order when they differ, so
 * spikes and dips survive (at most 2/every of the points remain). A non-finite value in a run is kept
 * as null.
 */
export function downsampleSeries(xs: readonly number[], every: number): Series {
  if (every <= 1) return xs.map((v) => (Number.isFinite(v) ? v : null));
  const out: Series = [];
  for (let i = 0; i < xs.length; i += every) {
    let lo = i, hi = i, bad = false;
    const end = Math.min(xs.length, i + every);
    for (let j = i; j < end; j++) {
      const v = xs[j];
      if (!Number.isFinite(v)) { bad = true; continue; }
      if (!Number.isFinite(xs[lo]) || v < xs[lo]) lo = j;
      if (!Number.isFinite(xs[hi]) || v > xs[hi]) hi = j;
    }
    if (bad) out.push(null);
    if (!Number.isFinite(xs[lo])) continue;
    if (lo === hi) out.push(xs[lo]);
    else out.push(xs[Math.min(lo, hi)], xs[Math.max(lo, hi)]);
  }
  return out;
}

export function buildCaseView(report: CaseViewDiagnostics, opts: CaseViewOptions = {}): CaseView {
  const p = report.prepared;
  const c = p.case;
  const st = p.stats;
  const bins = opts.bins ?? 60;
  const topClasses = opts.topClasses ?? 50;
  const topN = opts.topSamples ?? 20;
  const relBins = opts.reliabilityBins ?? 15;
  const spec = c.loss;
  const input = c.input;
  const target = c.target;
  const x = input.data;
  const names = Array.isArray(c.meta.class_names) ? c.meta.class_names : undefined;
  const className = (k: number) => (names && typeof names[k] === 'string' ? `${names[k]} (${k})` : String(k));

  const lossValue = scalarLoss(p.result) ?? null;
  const view: CaseView = {
    title: c.file ? basename(c.file) : l10n.t('loss case'),
    lossType: spec.type,
    lossArgs: lossArgs(spec),
    lossValue,
    summary: [],
    metrics: [],
    findings: report.findings.map((f) => ({ ...f })),
  };
  if (c.file) view.file = c.file;
  if (p.resultError !== undefined) view.lossError = p.resultError;
  if (typeof c.meta.reported_loss === 'number') view.reportedLoss = c.meta.reported_loss;
  if (c.history && (c.history.train?.length || c.history.val?.length)) {
    view.history = {};
    const longest = Math.max(c.history.train?.length ?? 0, c.history.val?.length ?? 0);
    // Millions of points would make a huge message and a slow chart: keep each bucket's extremes.
    const every = Math.ceil(longest / MAX_HISTORY_POINTS);
    if (c.history.train) view.history.train = downsampleSeries(c.history.train, every);
    if (c.history.val) view.history.val = downsampleSeries(c.history.val, every);
    if (every > 1) view.history.downsampledFrom = longest;
  }

  const r = rangeOf(st.input);
  const vl = viewLayout(c, st.layout);
  const layout = vl?.layout;
  // A streamed case (its input read in chunks, not held): the view is built from what was
  // accumulated; what needs the values themselves is left out and listed with why.
  const sIn = st.streamed;
  const unavailable: StreamedCaseView['unavailable'] = [];

  // Rows summing to one (CrossEntropyLoss on probabilities) — checked on the class dimension, on at
  // most ~10k evenly strided rows (streamed: only when a rule already had the row sums read).
  let rowsSumToOne: boolean | undefined;
  const knownSums = sIn ? sIn.rowStats?.sum : st.rows?.sum;
  if (layout && layout.rows > 0 && (!sIn || knownSums)) {
    rowsSumToOne = true;
    const sums = knownSums;
    const step = Math.max(1, Math.floor(layout.rows / 10_000));
    for (let row = 0; row < layout.rows && rowsSumToOne; row += step) {
      const s = sums ? sums[row] : rowSum(x, layout, row);
      if (!(Math.abs(s - 1) < 1e-3)) rowsSumToOne = false;
    }
  }
  if (sIn) {
    // the bars from a stride sample (every value up to 65 536 of them); the extremes, the NaN/Inf
    // count and the share in [0, 1] of every value
    const { values, every } = sIn.viewSample;
    view.histogram = { ...histogram(values, bins, r), interpretation: interpretation(spec, input, r, rowsSumToOne), total: st.input.size, inUnitInterval: r.finite ? st.input.inUnit / r.finite : 0 };
    if (every > 1) view.histogram.sample = { values: values.length, every };
  } else {
    view.histogram = { ...histogram(x, bins, r), interpretation: interpretation(spec, input, r, rowsSumToOne) };
  }
  if (!isRegressionLoss(spec.type)) view.histogram.markUnitInterval = true;

  view.summary.push(stat(l10n.t('input'), `${shapeText(input.shape)} ${input.dtype}`));
  view.summary.push(stat(l10n.t('target'), `${shapeText(target.shape)} ${target.dtype}`));
  view.summary.push(stat(l10n.t('input min'), r.min), stat(l10n.t('input max'), r.max), stat(l10n.t('input mean'), r.mean));
  if (r.nonFinite) view.summary.push(stat(l10n.t('NaN/Inf in input'), r.nonFinite));
  if (st.target.nonFinite) view.summary.push(stat(l10n.t('NaN/Inf in target'), st.target.nonFinite));

  // The per-element loss (reduction 'none'), computed once for the rules and this view.
  const perLoss = st.perElementLoss;
  const per: Data | undefined = perLoss?.data;
  const perShape: readonly number[] = perLoss?.shape ?? [];

  /** Elements that do not count in the mean (ignored targets). */
  let excluded = 0;
  let target2text: (i: number) => string = (i) => num(target.data[i]);
  let pred2text: (i: number) => string = () => '';

  if (layout && !vl.prob) {
    const counts = st.classCounts;
    if (counts) excluded = classView(view, c, layout, counts, per, className, topClasses, relBins, (t, p) => { target2text = t; pred2text = p; }, sIn && { s: sIn, unavailable });
  } else if (layout && vl?.prob) {
    const { C } = layout;
    const argmax = (data: Data, off: number) => { let b = 0; for (let k = 1; k < C; k++) if (data[off + k * layout.stride] > data[off + b * layout.stride]) b = k; return b; };
    let hits = 0;
    for (let row = 0; row < layout.rows; row++) {
      const off = rowOffset(layout, row);
      if (argmax(x, off) === argmax(target.data, off)) hits++;
    }
    view.summary.push(stat(l10n.t('classes'), C), stat(l10n.t('rows'), layout.rows), stat(l10n.t('target kind'), l10n.t('class probabilities')));
    view.metrics.push(stat(l10n.t('accuracy'), layout.rows ? hits / layout.rows : null, l10n.t('argmax of input vs argmax of target')));
    target2text = (row) => l10n.t('{0} (soft)', className(argmax(target.data, rowOffset(layout, row))));
    pred2text = (row) => className(argmax(x, rowOffset(layout, row)));
  } else if (isBinaryLoss(spec.type) && target.data.length === x.length) {
    binaryView(view, c, per, className, topClasses, relBins, opts.prPoints ?? 300);
    const logits = spec.type === 'BCEWithLogitsLoss';
    pred2text = (i) => `p=${num(logits ? sigmoid(x[i]) : x[i], 3)}`;
  } else if (isRegressionLoss(spec.type) && target.data.length === x.length) {
    let se = 0, ae = 0, maxAe = 0, n = 0, tSum = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - target.data[i];
      if (!Number.isFinite(d)) continue;
      se += d * d; ae += Math.abs(d); maxAe = Math.max(maxAe, Math.abs(d)); tSum += target.data[i]; n++;
    }
    const tMean = n ? tSum / n : NaN;
    let ss = 0;
    for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i] - target.data[i])) ss += (target.data[i] - tMean) ** 2;
    view.metrics.push(stat(l10n.t('MAE'), n ? ae / n : null), stat(l10n.t('RMSE'), n ? Math.sqrt(se / n) : null),
      stat(l10n.t('max |error|'), n ? maxAe : null), stat(l10n.t('R²'), n && ss > 0 ? 1 - se / ss : null));
    pred2text = (i) => num(x[i]);
  }

  // The samples that carry most of the loss.
  if (per && per.length > 1) {
    const top = new TopK(topN);
    let total = 0;
    for (let i = 0; i < per.length; i++) {
      const v = per[i];
      if (!Number.isFinite(v)) continue;
      total += v;
      top.push(v, i);
    }
    if (total > 0) {
      const rows: SampleRow[] = top.vals.map((v, j) => {
        const i = top.idx[j];
        return { index: i, position: indexStr(unravelIndex(i, perShape)), target: target2text(i), predicted: pred2text(i), loss: v, share: v / total };
      });
      view.topSamples = rows;
      view.topSamplesShare = rows.reduce((s, row) => s + row.share, 0);
      const counted = per.length - excluded;
      if (counted > 0) view.metrics.push(stat(l10n.t('mean per-element loss'), total / counted, excluded ? l10n.t('over {0} non-ignored elements', counted) : undefined));
    }
  }
  if (report.streamed) view.streamed = { ...report.streamed, unavailable };
  return view;
}

/** What `classView` reads of a streamed case instead of the input's values. */
interface StreamedRows {
  s: StreamedInput;
  /** Views left out, with why. */
  unavailable: StreamedCaseView['unavailable'];
}

/**
 * Each row's max probability on a streamed case, from what was accumulated: exp(top) for NLLLoss;
 * exp(top − logsumexp) for CrossEntropyLoss, the row's logsumexp read by a rule's pass or, without
 * label smoothing, from its loss (loss = w_y·(logsumexp − x_y)). Undefined when neither is known.
 */
function streamedConfidence(c: LossCase, s: StreamedInput, per: Data | undefined): ((row: number, y: number) => number) | undefined {
  if (!s.rowTops) return undefined;
  const top = s.rowTops.top;
  if (c.loss.type === 'NLLLoss') return (row) => Math.exp(top[row]);
  const lse = s.rowLseAll;
  if (lse) return (row) => Math.exp(top[row] - lse[row]);
  const w = c.loss.weight?.data;
  if (c.loss.label_smoothing !== 0 || !per || (w && !Array.from(w).every((v) => v > 0 && Number.isFinite(v)))) return undefined;
  const tl = s.targetLogits;
  if (!tl) return undefined;
  return (row, y) => Math.exp(top[row] - (per[row] / (w ? w[y] : 1) + tl[row]));
}

/** The sum of one row's class scores (when the rules did not need the per-row sums). */
function rowSum(x: Data, l: RowLayout, row: number): number {
  const off = rowOffset(l, row);
  let s = 0;
  for (let k = 0; k < l.C; k++) s += x[off + k * l.stride];
  return s;
}

function classView(
  view: CaseView, c: LossCase, l: RowLayout, cc: ClassCounts, per: Data | undefined, className: (k: number) => string,
  topClasses: number, relBins: number, setText: (t: (i: number) => string, p: (i: number) => string) => void,
  streamed?: StreamedRows,
): number {
  const { C, rows, stride: inner } = l;
  const x = c.input.data;
  const t = c.target.data;
  const ignore = c.loss.ignore_index;
  const { counts, ignored, outOfRangeCount: invalid, valid } = cc;
  const lossSum = new Array<number>(C).fill(0);
  const lossN = new Array<number>(C).fill(0);
  const conf = new Float64Array(rows);
  const hit = new Float64Array(rows);
  const pred = new Int32Array(rows);
  let hits = 0, top5 = 0, confSum = 0;
  const logProbs = c.loss.type === 'NLLLoss';
  const sConf = streamed && streamedConfidence(c, streamed.s, per);
  const withConf = !streamed || sConf !== undefined;
  for (let row = 0; row < rows; row++) {
    let best = 0, p = NaN;
    const y = t[row];
    const counted = !(y === ignore || !Number.isInteger(y) || y < 0 || y >= C);
    if (streamed) {
      // the row's argmax (first largest non-NaN, 0 when none) from the streamed row tops
      best = Math.max(0, streamed.s.rowTops?.arg[row] ?? 0);
      if (sConf && counted) p = sConf(row, y);
    } else {
      const off = rowOffset(l, row);
      // argmax and max probability of the row (softmax of logits; exp of log-probabilities for NLL).
      let mx = -Infinity;
      for (let k = 0; k < C; k++) { const v = x[off + k * inner]; if (v > mx) { mx = v; best = k; } }
      let z = 0;
      if (!logProbs) for (let k = 0; k < C; k++) z += Math.exp(x[off + k * inner] - mx);
      p = logProbs ? Math.exp(mx) : 1 / z;
    }
    pred[row] = best;
    if (!counted) { conf[row] = NaN; hit[row] = NaN; continue; }
    conf[row] = p; confSum += p;
    hit[row] = best === y ? 1 : 0;
    if (best === y) hits++;
    if (C > 5 && !streamed) {
      const off = rowOffset(l, row);
      const ty = x[off + y * inner];
      let above = 0;
      for (let k = 0; k < C && above < 5; k++) if (x[off + k * inner] > ty) above++;
      if (above < 5) top5++;
    }
    if (per && Number.isFinite(per[row])) { lossSum[y] += per[row]; lossN[y]++; }
  }
  const labels = Array.from({ length: C }, (_, k) => className(k));
  view.summary.push(stat(l10n.t('classes'), C), stat(l10n.t('samples (positions)'), rows));
  if (ignored) view.summary.push(stat(l10n.t('ignored targets'), ignored, l10n.t('ignore_index {0}, {1}%', ignore, (100 * ignored / rows).toFixed(1))));
  if (invalid) view.summary.push(stat(l10n.t('targets out of range'), invalid));
  const present = counts.filter((k) => k > 0).length;
  view.summary.push(stat(l10n.t('classes present'), present));
  if (present > 1) {
    const nonzero = counts.filter((k) => k > 0);
    view.summary.push(stat(l10n.t('imbalance (max/min count)'), Math.max(...nonzero) / Math.min(...nonzero)));
  }
  view.metrics.push(stat(l10n.t('accuracy'), valid ? hits / valid : null, l10n.t('argmax vs target')));
  if (C > 5 && !streamed) view.metrics.push(stat(l10n.t('top-5 accuracy'), valid ? top5 / valid : null));
  else if (C > 5) streamed?.unavailable.push({ view: l10n.t('top-5 accuracy'), why: l10n.t('it needs the rank of the target among all classes of every row, which is not kept when the input is read in chunks') });
  if (withConf) {
    view.metrics.push(stat(l10n.t('mean confidence'), valid ? confSum / valid : null, logProbs ? 'max exp(input)' : l10n.t('max softmax probability')));
    const rel = reliability(conf, hit, relBins, logProbs ? l10n.t('max exp(log-probability)') : l10n.t('max softmax probability'));
    view.reliability = rel;
    view.metrics.push(stat(l10n.t('ECE'), rel.ece, l10n.t('{0} bins', relBins)));
  } else {
    streamed?.unavailable.push({ view: l10n.t('mean confidence, ECE and the reliability diagram'), why: l10n.t("they need each row's logsumexp: the loss gives it only without label smoothing (and with positive class weights), otherwise it takes one more pass over the input") });
  }

  view.classFrequency = classBars(labels, counts, counts, topClasses, 'sum');
  view.classFrequency.caption = ignored ? l10n.t('{0} targets, {1} ignored', valid, ignored) : l10n.t('{0} targets', valid);
  if (per) {
    const means = lossSum.map((s, k) => (lossN[k] ? s / lossN[k] : 0));
    view.perClassLoss = classBars(labels, means, counts, topClasses, 'mean', lossN);
    view.perClassLoss.caption = c.loss.weight ? l10n.t('mean of the weighted per-sample loss') : l10n.t('mean per-sample loss by target class');
  }
  setText(
    (row) => (t[row] === ignore ? `ignored (${ignore})` : Number.isInteger(t[row]) && t[row] >= 0 && t[row] < C ? className(t[row]) : num(t[row])),
    (row) => `${className(pred[row])}`,
  );
  return ignored;
}

function binaryView(
  view: CaseView, c: LossCase, per: Data | undefined, className: (k: number) => string,
  topClasses: number, relBins: number, prPoints: number,
): void {
  const x = c.input.data;
  const y = c.target.data;
  const n = x.length;
  const logits = c.loss.type === 'BCEWithLogitsLoss';
  const stride = n > MAX_RANKED ? Math.ceil(n / MAX_RANKED) : 1;
  const m = Math.ceil(n / stride);
  const probs = new Float64Array(m);
  const labels = new Float64Array(m);
  for (let j = 0, i = 0; i < n; i += stride, j++) {
    probs[j] = logits ? sigmoid(x[i]) : x[i];
    labels[j] = y[i];
  }
  const sum = binarySummary(probs, labels, 0.5);
  const sampled = stride > 1 ? l10n.t('every {0}th of {1} elements', stride, n) : undefined;
  view.summary.push(stat(l10n.t('elements'), n), stat(l10n.t('positives (target ≥ 0.5)'), sum.positives, sampled), stat(l10n.t('prevalence'), sum.prevalence));
  view.metrics.push(
    stat(l10n.t('average precision'), sum.averagePrecision, sampled),
    stat(l10n.t('ROC-AUC'), sum.rocAuc),
    stat(l10n.t('precision @0.5'), sum.at.precision), stat(l10n.t('recall @0.5'), sum.at.recall), stat(l10n.t('F1 @0.5'), sum.at.f1),
    stat(l10n.t('best F1'), sum.best.f1, Number.isFinite(sum.best.threshold) ? l10n.t('at p ≥ {0}', num(sum.best.threshold, 3)) : undefined),
  );
  if (sum.positives > 0) {
    const curve = prCurve(probs, labels);
    const pts: CurvePoint[] = [{ x: 0, y: 1 }, ...curve.map((p) => ({ x: p.recall, y: p.precision }))];
    const pr: PRView = { points: downsample(pts, prPoints), averagePrecision: sum.averagePrecision, prevalence: sum.prevalence, label: sampled ? l10n.t('precision ({0})', sampled) : l10n.t('precision') };
    view.pr = pr;
  }
  const rel = reliability(probs, labels, relBins, logits ? 'sigmoid(input)' : l10n.t('input probability'));
  view.reliability = rel;
  view.metrics.push(stat(l10n.t('ECE'), rel.ece, l10n.t('{0} bins', relBins)));

  // Multi-label (…, L) with L > 1: per-label positives and mean loss; otherwise negatives vs positives.
  const shape = c.input.shape;
  const L = shape.length >= 2 ? shape[shape.length - 1] : 1;
  if (L > 1) {
    const pos = new Array<number>(L).fill(0);
    const ls = new Array<number>(L).fill(0);
    const ln = new Array<number>(L).fill(0);
    for (let i = 0; i < n; i++) {
      const k = i % L;
      if (y[i] >= 0.5) pos[k]++;
      if (per && Number.isFinite(per[i])) { ls[k] += per[i]; ln[k]++; }
    }
    const labels2 = Array.from({ length: L }, (_, k) => className(k));
    view.classFrequency = classBars(labels2, pos, pos, topClasses, 'sum');
    view.classFrequency.caption = l10n.t('positives per label (of {0} each)', n / L);
    if (per) {
      view.perClassLoss = classBars(labels2, ls.map((s, k) => (ln[k] ? s / ln[k] : 0)), pos, topClasses, 'mean', ln);
      view.perClassLoss.caption = l10n.t('mean per-element loss by label');
    }
  } else {
    let p = 0, lp = 0, lq = 0;
    for (let i = 0; i < n; i++) {
      const isPos = y[i] >= 0.5;
      if (isPos) p++;
      if (per && Number.isFinite(per[i])) { if (isPos) lp += per[i]; else lq += per[i]; }
    }
    view.classFrequency = { labels: [l10n.t('negative (0)'), l10n.t('positive (1)')], values: [n - p, p], caption: l10n.t('{0} targets', n) };
    if (per) view.perClassLoss = { labels: [l10n.t('negative (0)'), l10n.t('positive (1)')], values: [n - p ? lq / (n - p) : 0, p ? lp / p : 0], counts: [n - p, p], caption: l10n.t('mean per-element loss by target') };
  }
}
