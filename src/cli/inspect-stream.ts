/**
 * Streamed `lossdbg inspect`: a case whose input `.npy` is larger than --max-file-size (or any case
 * with --stream) is diagnosed without holding the input — `NpyRows` reads it in chunks of rows into
 * `StreamAccumulator` (diagnostics/stream.ts), then the rules run; rows a rule samples and losses it
 * recomputes with another spec are read back when it asks (`InputNeeded`) and the rule runs again.
 * A rule that needs the whole input in memory is reported as not checked.
 */
import { statSync } from 'node:fs';
import { LossDebuggerError } from '../errors';
import { l10n } from '../l10n';
import { loadCaseFile } from '../io/index';
import { formatBytes } from '../io/limits';
import { NpyRows, DEFAULT_CHUNK_BYTES } from '../io/npy-rows';
import { reportFor, runRule, type DiagnosticsReport, type RunOptions } from '../diagnostics/run';
import { ChunkedLoss, StreamAccumulator, streamRefusal } from '../diagnostics/stream';
import { columnExpInto, columnSumMaxInto, columnsOf, isInputNeeded, rowLseInto, rowStatsInto, type RowStats, type StreamPass, type StreamedInput } from '../diagnostics/stats';
import type { LossResult } from '../engine/losses/types';
import type { LossSpec } from '../engine/losses/spec';
import type { Tensor } from '../engine/tensor';
import type { LossCase } from '../shapes/index';

export interface StreamInfo {
  rows: number;
  chunks: number;
  /** Rules that could not run on the streamed input, with what they needed. */
  notChecked: { rule: string; needs: string }[];
  /** What the rules asked for: rows read back, losses recomputed and extra passes over the file. */
  requests: { rows: number; losses: number; passes: number };
}

/**
 * Loads a case for inspect. Its input `.npy` is left on disk (returned as `reader`) when `force` or
 * when it is larger than `maxFileBytes`; such a case must be one `streamRefusal` accepts.
 */
export function loadForInspect(path: string, opts: { maxFileBytes: number; maxMemoryBytes: number; allowedRoots: string[] }, force: boolean): { c: LossCase; reader?: NpyRows } {
  let reader: NpyRows | undefined;
  let size = 0;
  try {
    const c = loadCaseFile(path, {
      ...opts,
      deferInput: (file) => {
        try { size = statSync(file).size; } catch { return undefined; }
        if (!force && size <= opts.maxFileBytes) return undefined;
        reader = new NpyRows(file);
        return { shape: reader.shape, dtype: reader.dtype };
      },
    });
    if (reader) {
      const why = streamRefusal(c);
      if (why && size > opts.maxFileBytes) {
        throw new LossDebuggerError('file', l10n.t('the input file is {0}, over the {1} limit, and cannot be inspected in chunks: {2}', formatBytes(size), formatBytes(opts.maxFileBytes), why),
          { file: reader.file }, l10n.t('raise the limit with --max-file-size <MB> to load it whole, or dump fewer rows'));
      }
      if (why) throw new LossDebuggerError('unsupported', l10n.t('--stream: this case cannot be inspected in chunks: {0}', why), { file: reader.file }, l10n.t('leave out --stream to load it whole'));
    }
    return reader ? { c, reader } : { c };
  } catch (e) {
    reader?.close();
    throw e;
  }
}

function streamLoss(reader: NpyRows, c: LossCase, spec: LossSpec, target: Tensor, chunkBytes: number): LossResult | Error {
  try {
    const l = new ChunkedLoss(spec, c.input.shape, c.input.dtype, target);
    reader.forEachChunk((r0, chunk) => l.add(r0, chunk), chunkBytes);
    return l.result();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Reads the listed rows (consecutive ones in one read) into `into`. */
function readRows(reader: NpyRows, rows: readonly number[], into: StreamedInput['rows']): void {
  for (let i = 0; i < rows.length;) {
    let j = i + 1;
    while (j < rows.length && rows[j] === rows[j - 1] + 1 && j - i < 64) j++;
    const block = reader.readRows(rows[i], j - i);
    const C = reader.rowValues;
    for (let k = i; k < j; k++) into.set(rows[k], block.subarray((k - i) * C, (k - i + 1) * C));
    i = j;
  }
}

/** Another pass over the input for a per-row or per-column statistic a rule asked for. */
function pass(reader: NpyRows, c: LossCase, s: StreamedInput, what: StreamPass, chunkBytes: number): void {
  const [N, C] = c.input.shape;
  const g = { C, rows: N, stride: 1 };
  if (what === 'rowStats') {
    const out: RowStats = { rows: N, C, sum: new Float64Array(N), min: new Float64Array(N), max: new Float64Array(N) };
    reader.forEachChunk((r0, chunk) => rowStatsInto(chunk, g, r0, r0 + chunk.length / C, r0 * C, out), chunkBytes);
    s.rowStats = out;
    return;
  }
  if (what === 'rowLse') {
    const out = new Float64Array(N);
    reader.forEachChunk((r0, chunk) => rowLseInto(chunk, g, r0, r0 + chunk.length / C, r0 * C, out), chunkBytes);
    s.rowLseAll = out;
    return;
  }
  const sum = new Float64Array(C), max = new Float64Array(C).fill(-Infinity), e = new Float64Array(C);
  reader.forEachChunk((_r0, chunk) => columnSumMaxInto(chunk, C, sum, max), chunkBytes);
  reader.forEachChunk((_r0, chunk) => columnExpInto(chunk, C, max, e), chunkBytes);
  s.columns = columnsOf(sum, max, e);
}

/** Diagnoses a case whose input is read from `reader` in chunks of about `chunkBytes`. */
export function inspectStreamed(c: LossCase, reader: NpyRows, opts: RunOptions = {}, chunkBytes = DEFAULT_CHUNK_BYTES): DiagnosticsReport & { streamed: StreamInfo } {
  const acc = new StreamAccumulator(c);
  let chunks = 0;
  reader.forEachChunk((r0, chunk) => { acc.add(r0, chunk); chunks++; }, chunkBytes);
  const p = acc.finish();
  const s = p.stats.streamed;
  if (!s) throw new Error('inspectStreamed: not a streamed case');
  const notChecked: StreamInfo['notChecked'] = [];
  const requests = { rows: 0, losses: 0, passes: 0 };
  const report = reportFor(p, opts, (rule, prepared, userOptions) => {
    try {
      // Each request is answered once; a rule asks for a handful (rows, then maybe a loss).
      for (let attempt = 0; attempt < 16; attempt++) {
        try {
          return runRule(rule, prepared, userOptions);
        } catch (e) {
          if (!isInputNeeded(e)) throw e;
          const q = e.request;
          if (q.kind === 'rows') { readRows(reader, q.rows, s.rows); requests.rows += q.rows.length; }
          else if (q.kind === 'loss' && q.dtype === 'float64') { s.losses.set(q.key, streamLoss(reader, c, q.spec, q.target, chunkBytes)); requests.losses++; }
          else if (q.kind === 'pass') { pass(reader, c, s, q.what, chunkBytes); requests.passes += q.what === 'columns' ? 2 : 1; }
          else { notChecked.push({ rule: rule.id, needs: q.kind === 'whole' ? q.why : 'a float32 recomputation' }); return []; }
        }
      }
      notChecked.push({ rule: rule.id, needs: 'more reads than allowed' });
      return [];
    } finally {
      s.rows.clear();
    }
  });
  return { ...report, streamed: { rows: acc.c.input.shape[0], chunks, notChecked, requests } };
}
