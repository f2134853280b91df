/** `inspect` (a case file) and `inspectTensors` (a case assembled from .npy / .safetensors files). */
import { basename } from 'node:path';
import { runDiagnostics } from '../../diagnostics/run';
import { loadCaseFile, loadTensorFile, parseLossSpec, type JsonValue } from '../../io/index';
import { buildCaseView } from '../../report/case-view';
import type { InspectResult, InspectSettings, LossCase } from '../../shapes/index';
import type { Handler } from '../handler';
import { placeFindings } from '../place';

function inspectCase(c: LossCase, file: string, title: string, settings: InspectSettings, t0: number, placeOnFile: boolean): InspectResult {
  const report = runDiagnostics(c, { options: settings.options, disabled: settings.disabled, dtype: settings.dtype });
  const view = { ...buildCaseView(c, report), file };
  const { ranges, lossRange } = placeFindings(c, view.findings, placeOnFile ? file : undefined);
  const r: InspectResult = { file, title, view, ranges, ms: 0 };
  if (lossRange) r.lossRange = lossRange;
  r.ms = Math.round(performance.now() - t0);
  return r;
}

export const inspect: Handler<'inspect'> = ({ file, settings }) => {
  const t0 = performance.now();
  const c = loadCaseFile(file, { maxFileBytes: settings.maxFileBytes });
  return inspectCase(c, file, basename(file), settings, t0, true);
};

export const inspectTensors: Handler<'inspectTensors'> = (p) => {
  const t0 = performance.now();
  const max = p.settings.maxFileBytes;
  const input = loadTensorFile(p.inputFile, { maxFileBytes: max, ...(p.inputName !== undefined ? { name: p.inputName } : {}) });
  const target = loadTensorFile(p.targetFile, { maxFileBytes: max, ...(p.targetName !== undefined ? { name: p.targetName } : {}) });
  const loss = parseLossSpec(p.loss as JsonValue, 'loss');
  const c: LossCase = { file: p.inputFile, loss, input, target, meta: {}, spans: {} };
  const label = p.inputName ? `${basename(p.inputFile)}:${p.inputName}` : basename(p.inputFile);
  return inspectCase(c, p.inputFile, label, p.settings, t0, false);
};
