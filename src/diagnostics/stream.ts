/**
 * Streamed diagnosis of a case whose input is too large to hold (an LM's (N, V) logits): the io
 * layer reads the input in chunks of whole rows and hands each one here; what every case needs is
 * accumulated per chunk — the summary, each row's top/runner-up/argmax (`rowTopsInto`), the input at
 * each target, a spread sample of values, the per-position loss — and the rules then run on a
 * `CaseStats` built from them. What only some rules need — rows they sample, losses recomputed with
 * another spec or target, per-row Σ/min/max or logsumexp, column sums — they request with
 * `InputNeeded`, and the driver (`./stream-run.ts`, used by the CLI and the worker) supplies it with
 * more reads of the file. Pure: no I/O here.
 *
 * Same findings as in memory: counts, extremes, per-row values and the loss are computed by the same
 * code in the same order (the loss's Σ runs over positions in order, so it is bit-identical); only the
 * input's mean and standard deviation add per-chunk partial sums, so they can differ in the last bits
 * (relative 1e-12 at most on these sizes; tested).
 *
 * Scope: CrossEntropyLoss and NLLLoss with class-index targets on an (N, C) input, float64 arithmetic;
 * and the classes-last family ((B, L, V) logits with (B, L) or (B·L,) targets, refused by PyTorch),
 * whose rules read only the input's summary (`perRowCase`).
 */
import { LossDebuggerError } from '../errors';
import { l10n } from '../l10n';
import { computeLoss } from '../engine/losses/index';
import { checkIndexTargets, classWeight } from '../engine/losses/classes';
import type { LossSpec } from '../engine/losses/spec';
import type { LossResult } from '../engine/losses/types';
import { isFloatDType, numel, shapeStr, type Data, type Tensor } from '../engine/tensor';
import type { LossCase } from '../shapes/index';
import { lossErrorText, type PreparedCase } from './run';
import { classesLast } from './rules/class-dim-misplaced';
import {
  CaseStats, classLayout, emptyRowTops, finishSummary, mergeSummaryParts, rowTopsInto, spreadStep, summaryPart, targetLogitsInto,
  type RowTops, type StreamedInput, type SummaryPart,
} from './stats';

/**
 * Whether a streamed case of this shape gets per-row class statistics: an (N, C) input with class-index
 * targets. The other streamed cases are the classes-last family — an LM's (B, L, V) logits with (B, L)
 * or (B·L,) targets, which PyTorch refuses (`class-dim-misplaced`) — whose rules read only the input's
 * summary and the target: only that is accumulated for them.
 */
function perRowCase(c: Pick<LossCase, 'input'>): boolean {
  return c.input.shape.length === 2;
}

/**
 * The values of one streamed row: C for an (N, C) input; for the classes-last family the last
 * dimension (V of (B, L, V)), so that a chunk never has to hold a whole (L, V) slice.
 */
export function streamRowValues(c: Pick<LossCase, 'input'>): number {
  const s = c.input.shape;
  return s.length ? s[s.length - 1] : 0;
}

/** Why this case cannot be diagnosed streamed (undefined when it can). */
export function streamRefusal(c: Pick<LossCase, 'loss' | 'input' | 'target'>, dtype: 'float64' | 'float32' = 'float64'): string | undefined {
  if (c.loss.type !== 'CrossEntropyLoss' && c.loss.type !== 'NLLLoss') return l10n.t('streamed inspection supports CrossEntropyLoss and NLLLoss, not {0}', c.loss.type);
  const last = c.input.shape.length >= 3 && numel(c.input.shape.slice(1)) > 0 && classesLast(c as LossCase) !== false;
  if (!last && (c.input.shape.length !== 2 || c.input.shape[1] === 0)) return l10n.t('streamed inspection needs an (N, C) input with C ≥ 1, not shape {0}', shapeStr(c.input.shape));
  if (!isFloatDType(c.input.dtype)) return l10n.t('the input is {0}, not floating point', c.input.dtype);
  const l = classLayout(c.input, c.target);
  if (!last && l.targetKind !== 'index') return l10n.t('streamed inspection needs class-index targets of shape (N,)');
  if (dtype !== 'float64') return l10n.t('streamed inspection runs in float64 (leave --dtype at its default)');
  return undefined;
}

/**
 * CrossEntropyLoss or NLLLoss over an (N, C) input fed in chunks of rows: each chunk's per-position losses
 * (reduction 'none', the same arithmetic as a whole-input call), their Σ in position order. Throws
 * at construction what the whole-input call would throw (spec, weight, targets).
 */
export class ChunkedLoss {
  private readonly perPos: Float64Array;
  private readonly denom: number;
  private readonly C: number;
  constructor(private readonly spec: LossSpec, shape: readonly number[], private readonly inputDtype: Tensor['dtype'], private readonly target: Tensor) {
    const [N, C] = shape;
    this.C = C;
    // The same checks, in the same order, as the loss on the whole input: spec and shapes on an
    // empty input, then every target.
    computeLoss(spec, { shape: [0, C], data: new Float64Array(0), dtype: inputDtype }, { shape: [0], data: new Float64Array(0), dtype: target.dtype }, { grad: false });
    if (target.shape.length !== 1 || target.shape[0] !== N) computeLoss(spec, { shape: [...shape], data: new Float64Array(0), dtype: inputDtype }, target, { grad: false });
    this.denom = checkIndexTargets(spec.type, target, C, spec.ignore_index, classWeight(spec.type, spec.weight, C, false));
    this.perPos = new Float64Array(N);
  }

  /** Rows r0 … r0 + n − 1 (`chunk` holds their n·C values). */
  add(r0: number, chunk: Data): void {
    const n = chunk.length / this.C;
    const r = computeLoss({ ...this.spec, reduction: 'none' }, { shape: [n, this.C], data: chunk, dtype: this.inputDtype },
      { shape: [n], data: this.target.data.subarray(r0, r0 + n), dtype: this.target.dtype }, { grad: false });
    this.perPos.set(r.value.data, r0);
  }

  /** The loss as computeLoss(spec, input, target, { grad: false, rows: true }) returns it. */
  result(): LossResult {
    const perPos = this.perPos;
    if (this.spec.reduction === 'none') return { value: { shape: [perPos.length], data: perPos, dtype: 'float64' }, grad: new Float64Array(0) };
    // The whole-input call adds the losses of the counted positions in order; ignored ones are +0 here.
    let total = 0;
    for (let i = 0; i < perPos.length; i++) total += perPos[i];
    const value = this.spec.reduction === 'mean' ? total / this.denom : total;
    const r: LossResult = { value: { shape: [], data: Float64Array.of(value), dtype: 'float64' }, grad: new Float64Array(0) };
    // the per-position losses ride along where the whole-input call provides them (CrossEntropyLoss)
    if (this.spec.type === 'CrossEntropyLoss') r.rows = perPos;
    return r;
  }

  /** The per-position loss (reduction 'none'), as `CaseStats.perElementLoss`. */
  perPosition(): Tensor {
    return { shape: [this.perPos.length], data: this.perPos, dtype: 'float64' };
  }
}

/** Values in the case view's histogram sample of a streamed input (about; a stride sample). */
const VIEW_SAMPLE = 65_536;

/** Accumulates a streamed case's statistics chunk by chunk; `finish()` gives the prepared case. */
export class StreamAccumulator {
  private part: SummaryPart | undefined;
  /** Per-row class statistics (an (N, C) input), else undefined (classes last: `perRowCase`). */
  private readonly rowTops?: RowTops;
  private readonly targetLogits?: Float64Array;
  /** Rows and values per row (`streamRowValues`). */
  private readonly rows: number;
  private readonly rowValues: number;
  private readonly spread: Float64Array;
  private readonly step: number;
  private readonly sample: Float64Array;
  private readonly sampleStep: number;
  private readonly loss?: ChunkedLoss;
  private readonly lossError?: string;
  private readonly layout;
  private next = 0;

  /** `c.input` carries the shape and dtype only. */
  constructor(readonly c: LossCase) {
    const why = streamRefusal(c);
    if (why) throw new LossDebuggerError('unsupported', why, { file: c.file });
    this.layout = classLayout(c.input, c.target);
    this.rowValues = streamRowValues(c);
    const n = numel(c.input.shape);
    this.rows = this.rowValues ? n / this.rowValues : 0;
    if (perRowCase(c)) {
      this.rowTops = emptyRowTops(this.rows);
      this.targetLogits = new Float64Array(this.rows);
    }
    this.step = spreadStep(n);
    this.spread = new Float64Array(Math.ceil(n / this.step));
    this.sampleStep = spreadStep(n, VIEW_SAMPLE);
    this.sample = new Float64Array(Math.ceil(n / this.sampleStep));
    try {
      if (perRowCase(c)) this.loss = new ChunkedLoss(c.loss, c.input.shape, c.input.dtype, c.target);
      else {
        // classes last: PyTorch refuses the shapes, so does the loss on the shapes alone
        computeLoss(c.loss, { ...c.input, data: new Float64Array(0) }, c.target, { grad: false });
        throw new Error(`a ${shapeStr(c.input.shape)} input with a ${shapeStr(c.target.shape)} target was expected to be refused`);
      }
    } catch (e) {
      this.lossError = lossErrorText(e);
    }
  }

  /** The next chunk: rows r0 … r0 + n − 1, in order. */
  add(r0: number, chunk: Data): void {
    const C = this.rowValues;
    const n = C ? chunk.length / C : 0;
    if (r0 !== this.next || !Number.isInteger(n)) throw new Error(`streamed chunks must be whole rows in order (got row ${r0}, expected ${this.next})`);
    const p = summaryPart(chunk, r0 * C);
    this.part = this.part ? mergeSummaryParts(this.part, p) : p;
    if (this.rowTops) rowTopsInto(chunk, this.layout, r0, r0 + n, r0 * C, this.rowTops);
    if (this.targetLogits) targetLogitsInto(chunk, this.c.target.data, this.layout, r0, r0 + n, r0 * C, this.targetLogits);
    const f0 = r0 * C, f1 = f0 + chunk.length;
    for (let j = Math.ceil(f0 / this.step), i = j * this.step; i < f1; j++, i += this.step) this.spread[j] = chunk[i - f0];
    for (let j = Math.ceil(f0 / this.sampleStep), i = j * this.sampleStep; i < f1; j++, i += this.sampleStep) this.sample[j] = chunk[i - f0];
    this.loss?.add(r0, chunk);
    this.next = r0 + n;
  }

  finish(): PreparedCase {
    const c = this.c;
    if (this.next !== this.rows) throw new Error(`streamed input ended after ${this.next} of ${this.rows} rows`);
    const part = this.part ?? summaryPart(new Float64Array(0));
    const s: StreamedInput = {
      summary: finishSummary(part, c.input.shape, c.input.dtype),
      spread: this.spread,
      viewSample: { values: this.sample, every: this.sampleStep },
      rows: new Map(),
      losses: new Map(),
    };
    if (this.rowTops) s.rowTops = this.rowTops;
    if (this.targetLogits) s.targetLogits = this.targetLogits;
    if (this.loss) s.perElementLoss = this.loss.perPosition();
    const p: PreparedCase = { case: c, stats: new CaseStats(c, s), dtype: 'float64' };
    if (this.loss) p.result = this.loss.result();
    if (this.lossError !== undefined) p.resultError = this.lossError;
    return p;
  }
}
