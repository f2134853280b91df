/**
 * The streamed inspection's driver, shared by `lossdbg inspect` and the engine worker (the panel): a
 * case whose input is read in chunks of rows from a `RowSource` (io's `NpyRows`) goes through
 * `StreamAccumulator` (./stream.ts), then the rules run; rows a rule samples, losses it recomputes with
 * another spec and per-row or per-column statistics are read from the source when it asks
 * (`InputNeeded`) and the rule runs again. A rule that needs the whole input in memory is reported as
 * not checked.
 *
 * Pure: the source does the reading. Between chunks the driver awaits `tick` (the worker passes one
 * that yields to its message loop, so Cancel arrives) and stops when `signal` is aborted; `progress`
 * hears of every chunk.
 */
import { l10n } from '../l10n';
import type { LossSpec } from '../engine/losses/spec';
import type { LossResult } from '../engine/losses/types';
import { numel, type Data, type Tensor } from '../engine/tensor';
import { DEFAULT_CHUNK_BYTES, type InspectProgress, type LossCase, type StreamInfo } from '../shapes/index';
import { assembleReport, enabledRules, runRule, type DiagnosticsReport, type RunOptions } from './run';
import { ChunkedLoss, StreamAccumulator, streamRowValues } from './stream';
import { columnExpInto, columnSumMaxInto, columnsOf, isInputNeeded, rowLseInto, rowStatsInto, type RowStats, type StreamPass, type StreamedInput } from './stats';
import type { Finding, Rule } from './types';

/** Where a streamed input's values come from (io's `NpyRows` is one). */
export interface RowSource {
  /** File bytes per value. */
  readonly itemBytes: number;
  /** Values start … start + count − 1, in C order. */
  readValues(start: number, count: number): Data;
}

export interface StreamControl {
  /** File bytes per chunk (whole rows, at least one; default 64 MiB). */
  chunkBytes?: number;
  /** Stops the inspection between two reads (it then throws `StreamCancelled`). */
  signal?: AbortSignal;
  /** Awaited before every read: lets a worker handle its messages (Cancel) during a long stream. */
  tick?: () => Promise<void>;
  progress?: (p: InspectProgress) => void;
}

/** Thrown when `StreamControl.signal` is aborted. */
export class StreamCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export type StreamedReport = DiagnosticsReport & { streamed: StreamInfo };

/** How many times one rule may ask for more of the input (a rule asks for a handful: rows, then maybe a loss). */
const MAX_REQUESTS = 16;

/** Reads the source as `rows` rows of `unit` values (`streamRowValues`). */
class Reader {
  private readonly per: number;
  constructor(private readonly src: RowSource, private readonly rows: number, private readonly unit: number, private readonly ctl: StreamControl) {
    this.per = Math.max(1, Math.floor((ctl.chunkBytes ?? DEFAULT_CHUNK_BYTES) / Math.max(1, unit * src.itemBytes)));
  }

  private read(r0: number, n: number): Data {
    return this.src.readValues(r0 * this.unit, n * this.unit);
  }

  private async pause(): Promise<void> {
    if (this.ctl.tick) await this.ctl.tick();
    if (this.ctl.signal?.aborted) throw new StreamCancelled();
  }

  /** Every row in order, a chunk at a time; returns the number of chunks. */
  async eachChunk(f: (r0: number, chunk: Data) => void, stage: InspectProgress['stage'], rule?: string): Promise<number> {
    const N = this.rows;
    let chunks = 0;
    for (let r0 = 0; r0 < N; r0 += this.per) {
      await this.pause();
      const n = Math.min(this.per, N - r0);
      f(r0, this.read(r0, n));
      chunks++;
      this.ctl.progress?.({ stage, rows: r0 + n, of: N, ...(rule !== undefined ? { rule } : {}) });
    }
    return chunks;
  }

  /** The listed rows (ascending; consecutive ones in one read of at most a chunk) into `into`. */
  async readRows(rows: readonly number[], into: StreamedInput['rows'], rule: string): Promise<void> {
    const C = this.unit;
    const most = Math.min(this.per, 64);
    for (let i = 0; i < rows.length;) {
      await this.pause();
      let j = i + 1;
      while (j < rows.length && rows[j] === rows[j - 1] + 1 && j - i < most) j++;
      const block = this.read(rows[i], j - i);
      for (let k = i; k < j; k++) into.set(rows[k], block.subarray((k - i) * C, (k - i + 1) * C));
      i = j;
      this.ctl.progress?.({ stage: 'rule', rows: i, of: rows.length, rule });
    }
  }
}

async function streamLoss(rd: Reader, c: LossCase, spec: LossSpec, target: Tensor, rule: string): Promise<LossResult | Error> {
  let l: ChunkedLoss;
  try {
    l = new ChunkedLoss(spec, c.input.shape, c.input.dtype, target);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  await rd.eachChunk((r0, chunk) => l.add(r0, chunk), 'rule', rule);
  return l.result();
}

/** Another pass over the input for a per-row or per-column statistic a rule asked for; the passes it took. */
async function pass(rd: Reader, c: LossCase, s: StreamedInput, what: StreamPass, rule: string): Promise<number> {
  const [N, C] = c.input.shape;
  const g = { C, rows: N, stride: 1 };
  if (what === 'rowStats') {
    const out: RowStats = { rows: N, C, sum: new Float64Array(N), min: new Float64Array(N), max: new Float64Array(N) };
    await rd.eachChunk((r0, chunk) => rowStatsInto(chunk, g, r0, r0 + chunk.length / C, r0 * C, out), 'rule', rule);
    s.rowStats = out;
    return 1;
  }
  if (what === 'rowLse') {
    const out = new Float64Array(N);
    await rd.eachChunk((r0, chunk) => rowLseInto(chunk, g, r0, r0 + chunk.length / C, r0 * C, out), 'rule', rule);
    s.rowLseAll = out;
    return 1;
  }
  const sum = new Float64Array(C), max = new Float64Array(C).fill(-Infinity), e = new Float64Array(C);
  await rd.eachChunk((_r0, chunk) => columnSumMaxInto(chunk, C, sum, max), 'rule', rule);
  await rd.eachChunk((_r0, chunk) => columnExpInto(chunk, C, max, e), 'rule', rule);
  s.columns = columnsOf(sum, max, e);
  return 2;
}

/**
 * Diagnoses a case whose input (`c.input`: shape and dtype, no values) is read from `src` in chunks:
 * the same findings as in memory, and what could not be checked (`streamed`).
 */
export async function inspectStreamed(c: LossCase, src: RowSource, opts: RunOptions = {}, ctl: StreamControl = {}): Promise<StreamedReport> {
  const acc = new StreamAccumulator(c);
  const unit = streamRowValues(c);
  const rows = unit ? numel(c.input.shape) / unit : 0;
  const rd = new Reader(src, rows, unit, ctl);
  const chunks = await rd.eachChunk((r0, chunk) => acc.add(r0, chunk), 'read');
  const p = acc.finish();
  const s = p.stats.streamed;
  if (!s) throw new Error('inspectStreamed: not a streamed case');
  const notChecked: StreamInfo['notChecked'] = [];
  const requests = { rows: 0, losses: 0, passes: 0 };

  const runOne = async (rule: Rule): Promise<Finding[]> => {
    try {
      for (let attempt = 0; attempt < MAX_REQUESTS; attempt++) {
        try {
          return runRule(rule, p, opts.options?.[rule.id]);
        } catch (e) {
          if (!isInputNeeded(e)) throw e;
          const q = e.request;
          // rows, losses and passes are of an (N, C) input (the classes-last family has only its summary)
          if (q.kind !== 'whole' && c.input.shape.length !== 2) { notChecked.push({ rule: rule.id, needs: l10n.t('per-row values of a {0}-dimensional input', c.input.shape.length) }); return []; }
          if (q.kind === 'rows') { await rd.readRows(q.rows, s.rows, rule.id); requests.rows += q.rows.length; }
          else if (q.kind === 'loss' && q.dtype === 'float64') { s.losses.set(q.key, await streamLoss(rd, c, q.spec, q.target, rule.id)); requests.losses++; }
          else if (q.kind === 'pass') requests.passes += await pass(rd, c, s, q.what, rule.id);
          else { notChecked.push({ rule: rule.id, needs: q.kind === 'whole' ? q.why : l10n.t('a float32 recomputation') }); return []; }
        }
      }
      notChecked.push({ rule: rule.id, needs: l10n.t('more reads than allowed') });
      return [];
    } finally {
      // rows read back for one rule are not kept for the next (the working set stays one rule's sample)
      s.rows.clear();
    }
  };

  const findings: Finding[] = [];
  for (const rule of enabledRules(opts)) findings.push(...await runOne(rule));
  return { ...assembleReport(p, findings), streamed: { rows, chunks, notChecked, requests } };
}
