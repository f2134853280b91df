/** `inspect` (a case file) and `inspectTensors` (a case assembled from .npy / .safetensors files). */
import { basename, dirname, resolve } from 'node:path';
import { runDiagnostics } from '../../diagnostics/run';
import { loadCaseFile, loadTensorFile, parseCase, parseLossSpec, type JsonValue } from '../../io/index';
import { buildCaseView } from '../../report/case-view';
import type { InspectResult, InspectSettings, LossCase } from '../../shapes/index';
import type { Handler } from '../handler';
import { placeFindings } from '../place';

function inspectCase(c: LossCase, file: string, title: string, settings: InspectSettings, t0: number, placeOnFile: boolean, text?: string): InspectResult {
  const report = runDiagnostics(c, { options: settings.options, disabled: settings.disabled, dtype: settings.dtype });
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

export const inspect: Handler<'inspect'> = ({ file, text, baseDir, settings }) => {
  const t0 = performance.now();
  // The editor's text when it has unsaved changes (never saved behind the user's back).
  const c = text !== undefined
    ? parseCase(text, { ...loadOptions(settings), file, baseDir: baseDir ?? dirname(resolve(file)) })
    : loadCaseFile(file, loadOptions(settings));
  return inspectCase(c, file, basename(file), settings, t0, true, text);
};

export const inspectTensors: Handler<'inspectTensors'> = (p) => {
  const t0 = performance.now();
  const lim = { maxFileBytes: p.settings.maxFileBytes, maxMemoryBytes: p.settings.maxMemoryBytes };
  const input = loadTensorFile(p.inputFile, { ...lim, ...(p.inputName !== undefined ? { name: p.inputName } : {}) });
  const target = loadTensorFile(p.targetFile, { ...lim, ...(p.targetName !== undefined ? { name: p.targetName } : {}) });
  const loss = parseLossSpec(p.loss as JsonValue, 'loss');
  const c: LossCase = { file: p.inputFile, loss, input, target, meta: {}, spans: {} };
  const label = p.inputName ? `${basename(p.inputFile)}:${p.inputName}` : basename(p.inputFile);
  return inspectCase(c, p.inputFile, label, p.settings, t0, false);
};
