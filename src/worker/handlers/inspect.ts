/** `inspect` (a case file) and `inspectTensors` (a case assembled from .npy / .safetensors files). */
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { LossDebuggerError } from '../../errors';
import { l10n } from '../../l10n';
import { runDiagnostics, type DiagnosticsReport } from '../../diagnostics/run';
import { streamRefusal } from '../../diagnostics/stream';
import { inspectStreamed } from '../../diagnostics/stream-run';
import { loadCaseFile, loadTensorFile, parseCase, parseLossSpec, type JsonValue } from '../../io/index';
import { formatBytes } from '../../io/limits';
import { loadDeferred, NpyRows } from '../../io/npy-rows';
import { buildCaseView } from '../../report/case-view';
import type { InspectProgress, InspectResult, InspectSettings, LossCase, StreamInfo, Tensor } from '../../shapes/index';
import type { Handler } from '../handler';
import { placeFindings } from '../place';

/**
 * File bytes per chunk of a streamed input in the worker: at most 16 MiB, small enough that Cancel
 * (handled between chunks) answers within the bridge's grace, large enough that a chunk's overhead
 * does not show; and at most 1/64 of the file, so that progress moves in small steps on any file.
 */
export function workerChunkBytes(fileBytes: number): number {
  return Math.min(16 * 1024 * 1024, Math.max(1, Math.ceil(fileBytes / 64)));
}

/** Yields to the worker's message loop (a Cancel is handled here). */
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

interface Job { signal: AbortSignal; progress: (p: InspectProgress) => void }

/**
 * The report of a case: in memory, or read in chunks from `reader` (its input over the file-size
 * setting); such a case must be one the streamed inspection takes, else the refusal says how to load
 * it whole.
 */
async function diagnose(c: LossCase, reader: NpyRows | undefined, size: number, settings: InspectSettings, job: Job): Promise<DiagnosticsReport & { streamed?: StreamInfo }> {
  const opts = { options: settings.options, disabled: settings.disabled, dtype: settings.dtype };
  if (!reader) return runDiagnostics(c, opts);
  try {
    const why = streamRefusal(c) ?? (settings.dtype !== 'float64' ? l10n.t('streamed inspection runs in float64 (set lossDebugger.dtype to float64)') : undefined);
    if (why) {
      throw new LossDebuggerError('file', l10n.t('the input file is {0}, over the {1} limit, and cannot be inspected in chunks: {2}', formatBytes(size), formatBytes(settings.maxFileBytes), why),
        { file: reader.file }, l10n.t('raise the setting lossDebugger.maxFileSizeMB to load it whole, or dump fewer rows'));
    }
    // Cancel stops it between two reads (StreamCancelled; the message loop reports the job as cancelled).
    return await inspectStreamed(c, reader, opts, { chunkBytes: workerChunkBytes(size), signal: job.signal, tick, progress: job.progress });
  } finally {
    reader.close();
  }
}

async function inspectCase(c: LossCase, reader: NpyRows | undefined, size: number, file: string, title: string, settings: InspectSettings, job: Job, t0: number, placeOnFile: boolean, text?: string): Promise<InspectResult> {
  const report = await diagnose(c, reader, size, settings, job);
  const view = { ...buildCaseView(report), file };
  const { ranges, lossRange } = placeFindings(c, view.findings, placeOnFile ? file : undefined, text);
  const r: InspectResult = { file, title, view, ranges, ms: 0 };
  if (lossRange) r.lossRange = lossRange;
  r.ms = Math.round(performance.now() - t0);
  return r;
}

function loadOptions(settings: InspectSettings): { maxFileBytes: number; maxMemoryBytes: number; allowedRoots: string[] } {
  return { maxFileBytes: settings.maxFileBytes, maxMemoryBytes: settings.maxMemoryBytes, allowedRoots: settings.allowedRoots };
}

export const inspect: Handler<'inspect'> = async ({ file, text, baseDir, settings }, signal, progress) => {
  const t0 = performance.now();
  const lo = loadOptions(settings);
  // The editor's text when it has unsaved changes (never saved behind the user's back). An input
  // `.npy` over the file-size setting stays on disk and is read in chunks.
  const { c, reader, size } = loadDeferred((deferInput) => (text !== undefined
    ? parseCase(text, { ...lo, file, baseDir: baseDir ?? dirname(resolve(file)), deferInput })
    : loadCaseFile(file, { ...lo, deferInput })), settings.maxFileBytes, false);
  return inspectCase(c, reader, size, file, basename(file), settings, { signal, progress }, t0, true, text);
};

export const inspectTensors: Handler<'inspectTensors'> = async (p, signal, progress) => {
  const t0 = performance.now();
  const lim = { maxFileBytes: p.settings.maxFileBytes, maxMemoryBytes: p.settings.maxMemoryBytes };
  // A bare `.npy` input over the file-size setting is read in chunks, as a case file's would be.
  let size = 0;
  try { size = statSync(p.inputFile).size; } catch { /* loadTensorFile reports the missing file */ }
  const deferred = p.inputName === undefined && /\.npy$/i.test(p.inputFile) && size > lim.maxFileBytes;
  const reader = deferred ? new NpyRows(p.inputFile) : undefined;
  let c: LossCase;
  try {
    const input: Tensor = reader ? { shape: reader.shape, data: new Float64Array(0), dtype: reader.dtype } : loadTensorFile(p.inputFile, { ...lim, ...(p.inputName !== undefined ? { name: p.inputName } : {}) });
    const target = loadTensorFile(p.targetFile, { ...lim, ...(p.targetName !== undefined ? { name: p.targetName } : {}) });
    const loss = parseLossSpec(p.loss as JsonValue, 'loss');
    c = { file: p.inputFile, loss, input, target, meta: {}, spans: {} };
  } catch (e) {
    reader?.close();
    throw e;
  }
  const label = p.inputName ? `${basename(p.inputFile)}:${p.inputName}` : basename(p.inputFile);
  return inspectCase(c, reader, size, p.inputFile, label, p.settings, { signal, progress }, t0, false);
};
