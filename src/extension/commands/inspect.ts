/**
 * `Inspect Loss Case…`: a case file (or bare tensor files) → the worker → the panel and the Problems
 * panel, with progress and Cancel for large files; re-inspection on save and on settings changes.
 */
import { mkdtempSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import * as vscode from 'vscode';
import { LOSS_TYPES, type InspectProgress, type InspectResult, type InspectTensorsParams, type WorkerErrorInfo } from '../../shapes/index';
import { asWorkerError, showFailure, SLOW_JOB_MS, withCancellableProgress } from '../jobs';
import { caseKey } from '../panel';
import type { Services } from '../services';
import { readSettings } from '../settings';
import type { Trace } from '../trace';

/** How far an inspection whose input is read in chunks is, in the progress notification. */
function progressText(p: InspectProgress): string {
  const pct = p.of > 0 ? Math.floor((100 * p.rows) / p.of) : 100;
  if (p.stage === 'read') return vscode.l10n.t('{0} of {1} rows read ({2}%)', p.rows, p.of, pct);
  return vscode.l10n.t('{0}: reading more of the input ({1}%)', p.rule ?? '', pct);
}

/** A fresh empty folder: side files of an untitled buffer outside any workspace resolve nowhere. */
let empty: string | undefined;
function emptyDir(): string {
  empty ??= mkdtempSync(join(tmpdir(), 'lossdbg-untitled-'));
  return empty;
}

/** Files bigger than this get a cancellable notification while they are inspected. */
const NOTIFY_BYTES = 4 * 1024 * 1024;

/** The losses offered for a bare tensor file, the most common first. */
export const LOSS_TYPES_FOR_TENSORS: readonly string[] = [
  ...(['CrossEntropyLoss', 'BCEWithLogitsLoss', 'MSELoss'] as const),
  ...LOSS_TYPES.filter((t) => t !== 'CrossEntropyLoss' && t !== 'BCEWithLogitsLoss' && t !== 'MSELoss'),
];

export interface InspectOutcome {
  ok: boolean;
  result?: InspectResult;
  error?: WorkerErrorInfo;
}

/** What `inspectTensors` needs: the tensor files and the loss (settings are read from VS Code). */
export type TensorCaseParams = Omit<InspectTensorsParams, 'settings' | 'loss'> & { loss: string };

const CASE_FILE = /\.(json|npy|safetensors)$/i;

/**
 * The file the user is looking at: the active text editor's, else the active tab's (the editor may
 * not be reported yet right after opening, and a focused webview panel has no text editor), else
 * the only visible editor holding a case file.
 */
function activeCaseFile(): vscode.Uri | undefined {
  const isCase = (u: vscode.Uri | undefined): u is vscode.Uri => !!u && u.scheme === 'file' && CASE_FILE.test(u.fsPath);
  const active = vscode.window.activeTextEditor?.document;
  // an untitled JSON buffer (New Loss Case…) is inspected from its text
  if (active?.isUntitled && active.languageId === 'json') return active.uri;
  const fromEditor = active?.uri;
  if (isCase(fromEditor)) return fromEditor;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputText && isCase(tab.uri)) return tab.uri;
  const visible = vscode.window.visibleTextEditors.map((e) => e.document.uri).filter(isCase);
  return visible.length === 1 ? visible[0] : undefined;
}

/** The `Inspect Loss Case…` command: an explorer file, the active editor's file, or a picker. */
export async function inspectCommand(svc: Services, arg?: unknown): Promise<void> {
  const trace = svc.tracer.begin('inspect');
  // Every way on needs the engine (a picker can take the user seconds): its start overlaps them.
  svc.bridge.prewarm();
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  uri ??= activeCaseFile();
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Inspect'),
      title: vscode.l10n.t('Inspect a loss case'),
      filters: { [vscode.l10n.t('Loss cases and tensors')]: ['json', 'npy', 'safetensors'] },
    });
    uri = picked?.[0];
  }
  if (!uri) return;
  if (uri.scheme === 'untitled') {
    await inspectCase(svc, uri, { trace });
    return;
  }
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger reads files from disk only; save the file first.'));
    return;
  }
  const ext = extname(uri.fsPath).toLowerCase();
  if (ext === '.npy' || ext === '.safetensors') await inspectTensorsInteractive(svc, uri);
  else await inspectCase(svc, uri, { trace });
}

/** Inspects a case file: panel, Problems panel, progress with Cancel for large files. */
export async function inspectCase(svc: Services, uri: vscode.Uri, opts: { reveal?: boolean; trace?: Trace } = {}): Promise<InspectOutcome> {
  const untitled = uri.scheme === 'untitled';
  const file = untitled ? uri.path : uri.fsPath;
  // Unsaved changes (or an untitled buffer) are inspected as the editor shows them; the file on
  // disk is never saved behind the user's back.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = doc && (doc.isDirty || doc.isUntitled) ? doc.getText() : undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  const baseDir = untitled ? (folder?.uri.scheme === 'file' ? folder.uri.fsPath : emptyDir()) : undefined;
  const trace = opts.trace ?? svc.tracer.begin('inspect');
  trace.label = `inspect ${basename(file)}`;
  const key = caseKey(file);
  // A newer inspection of the same file cancels the running one (and its result is dropped if it
  // still arrives).
  svc.panels.get(key)?.job?.abort();
  const job = new AbortController();
  const settings = readSettings(uri);
  const params = { file, settings, ...(text !== undefined ? { text } : {}), ...(baseDir !== undefined ? { baseDir } : {}) };
  // The engine starts on the case at once: the panel is created (and its webview loads) meanwhile.
  trace.mark('request');
  // A streamed case's progress goes to the status bar (and notification) once run() below has them.
  let reportProgress: ((message: string) => void) | undefined;
  let lastProgress: string | undefined;
  const pending = svc.bridge.request('inspect', params, {
    signal: job.signal,
    onProgress: (p) => {
      lastProgress = progressText(p);
      reportProgress?.(lastProgress);
    },
  });
  pending.catch(() => undefined); // awaited in run() below; never an unhandled rejection before
  trace.mark('panel-open');
  const entry = svc.panels.open(key, vscode.l10n.t('Loss: {0}', basename(file)), {
    reveal: opts.reveal ?? true, preserveFocus: true, file,
    skeleton: { title: basename(file), status: vscode.l10n.t('Computing the findings…') },
  });
  trace.mark('panel-created');
  if (entry.ready) trace.mark('webview-ready');
  entry.trace = trace;
  entry.file = file;
  entry.job = job;
  const stale = (): boolean => entry.job !== job || job.signal.aborted;
  let size = 0;
  try {
    size = text !== undefined ? text.length : (await stat(file)).size;
  } catch {
    // the worker reports the missing file with its own words
  }
  const run = async (report: (message: string) => void): Promise<InspectOutcome> => {
    reportProgress = report;
    if (lastProgress !== undefined) report(lastProgress);
    try {
      const result = await pending;
      const w = svc.bridge.workerTimes;
      if (w) {
        trace.mark('worker-start', w.started);
        if (w.ready !== undefined) trace.mark('worker-ready', w.ready);
      }
      trace.mark('result');
      if (stale()) return { ok: false, error: { kind: 'cancelled', message: 'superseded by a newer inspection' } };
      svc.diagnostics.setResult(uri, result);
      svc.panels.post(entry, { type: 'showCase', view: result.view });
      svc.log.appendLine(`inspected ${file}: ${result.view.findings.length} finding(s) in ${result.ms} ms`);
      return { ok: true, result };
    } catch (e) {
      const info = asWorkerError(e);
      if (stale()) return { ok: false, error: info };
      if (info.kind === 'input') svc.diagnostics.setError(uri, info);
      showFailure(svc, entry, info, file, 'inspection');
      return { ok: false, error: info };
    } finally {
      if (entry.job === job) delete entry.job;
    }
  };
  const title = size >= NOTIFY_BYTES
    ? vscode.l10n.t('Inspecting {0} ({1} MB)', basename(file), (size / 1048576).toFixed(0))
    : vscode.l10n.t('Inspecting {0}', basename(file));
  return withCancellableProgress(title, job, size >= NOTIFY_BYTES ? 0 : SLOW_JOB_MS, run);
}

async function pickTargetFile(near: vscode.Uri): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    defaultUri: vscode.Uri.joinPath(near, '..'),
    openLabel: vscode.l10n.t('Use as target'),
    title: vscode.l10n.t('Choose the target tensor file'),
    filters: { [vscode.l10n.t('Tensors')]: ['npy', 'safetensors'] },
  });
  return picked?.[0]?.fsPath;
}

/** A bare tensor file: ask for the loss and the target, then inspect the assembled case. */
export async function inspectTensorsInteractive(svc: Services, uri: vscode.Uri): Promise<InspectOutcome | undefined> {
  const file = uri.fsPath;
  const isSafe = file.toLowerCase().endsWith('.safetensors');
  let inputName: string | undefined;
  let targetFile = '';
  let targetName: string | undefined;
  if (isSafe) {
    let names: string[];
    try {
      names = (await svc.bridge.request('listTensors', { file })).map((t) => t.name);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger: {0}', asWorkerError(e).message));
      return undefined;
    }
    if (names.length === 0) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger: {0} holds no tensors.', basename(file)));
      return undefined;
    }
    inputName = await vscode.window.showQuickPick(names, { title: vscode.l10n.t('Which tensor is the input (logits / predictions)?') });
    if (!inputName) return undefined;
    const others = names.filter((n) => n !== inputName);
    const fromFile = vscode.l10n.t('Another file…');
    const t = await vscode.window.showQuickPick([...others, fromFile], { title: vscode.l10n.t('Which tensor is the target?') });
    if (!t) return undefined;
    if (t === fromFile) {
      const f = await pickTargetFile(uri);
      if (!f) return undefined;
      targetFile = f;
    } else {
      targetFile = file;
      targetName = t;
    }
  }
  const loss = await vscode.window.showQuickPick([...LOSS_TYPES_FOR_TENSORS], { title: vscode.l10n.t('Which loss is applied to {0}?', `${basename(file)}${inputName ? `:${inputName}` : ''}`) });
  if (!loss) return undefined;
  if (!isSafe) {
    const f = await pickTargetFile(uri);
    if (!f) return undefined;
    targetFile = f;
  }
  if (targetFile.toLowerCase().endsWith('.safetensors') && targetName === undefined) {
    try {
      const names = (await svc.bridge.request('listTensors', { file: targetFile })).map((t) => t.name);
      targetName = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { title: vscode.l10n.t('Which tensor is the target?') });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger: {0}', asWorkerError(e).message));
      return undefined;
    }
    if (!targetName) return undefined;
  }
  return inspectTensors(svc, { inputFile: file, targetFile, loss, ...(inputName ? { inputName } : {}), ...(targetName ? { targetName } : {}) });
}

/** A case assembled from tensor files, shown in its own panel (no Problems-panel entries). */
export async function inspectTensors(svc: Services, p: TensorCaseParams): Promise<InspectOutcome> {
  const label = p.inputName ? `${p.inputFile}#${p.inputName}` : p.inputFile;
  const shown = `${basename(p.inputFile)}${p.inputName ? `:${p.inputName}` : ''}`;
  const entry = svc.panels.open(caseKey(label), vscode.l10n.t('Loss: {0}', shown), { file: p.inputFile, skeleton: { title: shown, status: vscode.l10n.t('Computing the findings…') } });
  entry.rerun = () => inspectTensors(svc, p);
  entry.job?.abort();
  const job = new AbortController();
  entry.job = job;
  return withCancellableProgress(vscode.l10n.t('Inspecting {0}', basename(p.inputFile)), job, SLOW_JOB_MS, async (report) => {
    try {
      const result = await svc.bridge.request('inspectTensors', { ...p, settings: readSettings() }, { signal: job.signal, onProgress: (pg) => report(progressText(pg)) });
      svc.panels.post(entry, { type: 'showCase', view: result.view });
      return { ok: true, result };
    } catch (e) {
      const info = asWorkerError(e);
      showFailure(svc, entry, info, p.inputFile, 'inspection');
      return { ok: false, error: info };
    } finally {
      if (entry.job === job) delete entry.job;
    }
  });
}

/** Settings changed: inspect the case files shown in panels again (quietly). */
export async function reinspectAll(svc: Services): Promise<void> {
  const files = new Set<string>();
  for (const key of svc.panels.keys()) {
    const entry = svc.panels.get(key);
    if (entry?.file && key === caseKey(entry.file) && extname(entry.file).toLowerCase() === '.json') files.add(entry.file);
  }
  await Promise.all([...files].map((f) => inspectCase(svc, vscode.Uri.file(f), { reveal: false })));
}

/** Re-inspects a saved case file that was inspected before (without stealing focus). */
export async function onSaved(svc: Services, doc: vscode.TextDocument): Promise<void> {
  if (doc.uri.scheme !== 'file') return;
  if (!svc.diagnostics.has(doc.uri) && !svc.panels.get(caseKey(doc.uri.fsPath))) return;
  await inspectCase(svc, doc.uri, { reveal: false });
}
