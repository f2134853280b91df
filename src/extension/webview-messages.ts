/**
 * What the host does with the panel's messages (already validated by src/protocol.ts), and what it
 * sends a panel restored after a reload.
 */
import { basename, dirname, extname } from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview, PanelState, WebviewToHost } from '../shapes/index';
import { isLargeDocument } from './case-diagnostics';
import { inspectCase } from './commands/inspect';
import { runScenario, titleOfTrainingPanel } from './commands/run-scenario';
import { showRule } from './commands/show-rule';
import { allowedSnapshot, watchRun } from './commands/watch-run';
import { isRecord } from './helpers';
import { locateJsonField } from './json-edit';
import type { PanelEntry } from './panel';
import type { Services } from './services';

export async function onWebviewMessage(svc: Services, entry: PanelEntry, msg: WebviewToHost): Promise<void> {
  switch (msg.type) {
    case 'ready':
      return;
    case 'copy':
      await vscode.env.clipboard.writeText(msg.text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Loss Debugger: copied'), 2000);
      return;
    case 'openRule':
      await showRule(svc, msg.rule);
      return;
    case 'revealField':
      if (msg.field !== undefined) await revealField(svc, entry, msg.field, msg.line !== undefined ? { line: msg.line, column: msg.column ?? 1 } : undefined);
      else if (msg.line !== undefined) await revealPlace(entry, msg.line, msg.column ?? 1);
      return;
    case 'saveExport':
      await saveExport(svc, entry, msg.name, msg.text !== undefined ? { text: msg.text } : { dataUrl: msg.dataUrl ?? '' });
      return;
    case 'applyFix':
      await applyFix(svc, entry, msg.rule, msg.field);
      return;
    case 'cancelRun':
      entry.job?.abort();
      return;
    case 'rerun':
      if (entry.rerun) await entry.rerun();
      else if (entry.scenario) await runScenario(svc, entry.scenario);
      else if (entry.file && extname(entry.file).toLowerCase() === '.json') await inspectCase(svc, vscode.Uri.file(entry.file));
      return;
    case 'webviewError':
      svc.log.appendLine(`panel ${entry.key}: ${msg.message}`);
      return;
    case 'openSnapshot':
      if (allowedSnapshot(entry, msg.file)) await inspectCase(svc, vscode.Uri.file(msg.file));
      else svc.log.appendLine(`panel ${entry.key}: refused to open ${msg.file} (not a snapshot of this run)`);
      return;
  }
}

/** The panel's case document: an open editor's (an untitled New Loss Case buffer has no file on disk yet), else the file. */
async function caseDocument(file: string): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'untitled' && d.uri.path === file);
  return open ?? vscode.workspace.openTextDocument(vscode.Uri.file(file));
}

/** Opens the panel's case file at a 1-based line and column (where a malformed file stops parsing). */
export async function revealPlace(entry: PanelEntry, line: number, column: number): Promise<vscode.Range | undefined> {
  if (!entry.file || extname(entry.file).toLowerCase() !== '.json') return undefined;
  const doc = await caseDocument(entry.file);
  const l = Math.min(Math.max(0, line - 1), Math.max(0, doc.lineCount - 1));
  const c = Math.min(Math.max(0, column - 1), doc.lineAt(l).text.length);
  const range = new vscode.Range(l, c, l, c);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return range;
}

/** Saves a chart export (PNG or CSV) where the user says, next to the panel's file by default. */
export async function saveExport(svc: Services, entry: PanelEntry, name: string, content: { text: string } | { dataUrl: string }): Promise<vscode.Uri | undefined> {
  const folder = entry.file ? vscode.Uri.file(dirname(entry.file)) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: name.endsWith('.png') ? { [vscode.l10n.t('PNG image')]: ['png'] } : { CSV: ['csv'] },
    title: name.endsWith('.png') ? vscode.l10n.t('Save the chart as PNG') : vscode.l10n.t('Save the chart data as CSV'),
  });
  if (!target) return undefined;
  const bytes = 'text' in content ? Buffer.from(content.text, 'utf8') : Buffer.from(content.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
  svc.log.appendLine(`saved ${target.fsPath} (${bytes.length} bytes) from panel ${entry.key}`);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Loss Debugger: saved {0}', basename(target.fsPath)), 3000);
  return target;
}

/** Applies the quick fix of the panel's finding to its case file (the editor shows the change; saving re-inspects). */
export async function applyFix(svc: Services, entry: PanelEntry, rule: string, field?: string): Promise<boolean> {
  if (!entry.file || extname(entry.file).toLowerCase() !== '.json') return false;
  const doc = await caseDocument(entry.file);
  const action = svc.diagnostics.fixForRule(doc, rule, field);
  if (!action?.edit) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Loss Debugger could not apply this fix to the file as it is now; edit the loss object by hand.'));
    return false;
  }
  const ok = await vscode.workspace.applyEdit(action.edit);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  if (ok) vscode.window.setStatusBarMessage(vscode.l10n.t('Loss Debugger: {0} — save to inspect again', action.title), 4000);
  return ok;
}

/** Opens the panel's case file and selects the field's value (or its closest parent; or `near`, 1-based). */
export async function revealField(svc: Services, entry: PanelEntry, field: string, near?: { line: number; column: number }): Promise<vscode.Range | undefined> {
  if (!entry.file || extname(entry.file).toLowerCase() !== '.json') return undefined;
  const doc = await caseDocument(entry.file);
  let range: vscode.Range | undefined;
  if (!isLargeDocument(doc)) {
    // A small document: find the field in its current text (it may have been edited since).
    const span = locateJsonField(doc.getText(), field);
    if (span) range = new vscode.Range(doc.positionAt(span.start), doc.positionAt(Math.min(span.end, span.start + 20_000)));
  } else {
    // A big one: scanning it here would block the extension host; use where the worker placed it.
    range = svc.diagnostics.rangeOf(doc.uri, field);
  }
  if (!range && near) {
    const l = Math.min(Math.max(0, near.line - 1), Math.max(0, doc.lineCount - 1));
    const c = Math.min(Math.max(0, near.column - 1), doc.lineAt(l).text.length);
    range = new vscode.Range(l, c, l, c);
  }
  range ??= new vscode.Range(0, 0, 0, 0);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return range;
}

/**
 * A panel came back after a reload. A run that was going on is gone with the old extension host:
 * say so (the panel offers Run again). A case panel that had not saved its view is inspected again.
 */
export function onRestored(svc: Services, entry: PanelEntry, state: unknown): void {
  const st: Partial<PanelState> = isRecord(state) ? state : {};
  // A watched run: follow it again (the files are read from the start in the new worker).
  if (entry.key.startsWith('run:')) { void watchRun(svc, entry.key.slice(4)); return; }
  if (entry.scenario) {
    if (!st.train) {
      const started: HostToWebview = { type: 'runStarted', scenario: entry.scenario, title: titleOfTrainingPanel(entry.panel.title), runs: [], kind: 'tutorial' };
      svc.panels.post(entry, started);
      svc.panels.post(entry, { type: 'runCancelled', scenario: entry.scenario });
    } else if (st.train.status === 'running') {
      svc.panels.post(entry, { type: 'runCancelled', scenario: entry.scenario });
    }
  } else if (entry.file && !st.caseView && !st.error && extname(entry.file).toLowerCase() === '.json') {
    void inspectCase(svc, vscode.Uri.file(entry.file), { reveal: false });
  }
}
