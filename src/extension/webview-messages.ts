/**
 * What the host does with the panel's messages (already validated by src/protocol.ts), and what it
 * sends a panel restored after a reload.
 */
import { extname } from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview, PanelState, WebviewToHost } from '../shapes/index';
import { isLargeDocument } from './case-diagnostics';
import { inspectCase } from './commands/inspect';
import { runScenario } from './commands/run-scenario';
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
      vscode.window.setStatusBarMessage('Loss Debugger: copied', 2000);
      return;
    case 'openRule':
      await showRule(svc, msg.rule);
      return;
    case 'revealField':
      await revealField(svc, entry, msg.field);
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

/** Opens the panel's case file and selects the field's value (or its closest parent). */
export async function revealField(svc: Services, entry: PanelEntry, field: string): Promise<vscode.Range | undefined> {
  if (!entry.file || extname(entry.file).toLowerCase() !== '.json') return undefined;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(entry.file));
  let range: vscode.Range | undefined;
  if (!isLargeDocument(doc)) {
    // A small document: find the field in its current text (it may have been edited since).
    const span = locateJsonField(doc.getText(), field);
    if (span) range = new vscode.Range(doc.positionAt(span.start), doc.positionAt(Math.min(span.end, span.start + 20_000)));
  } else {
    // A big one: scanning it here would block the extension host; use where the worker placed it.
    range = svc.diagnostics.rangeOf(doc.uri, field);
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
      const started: HostToWebview = { type: 'runStarted', scenario: entry.scenario, title: entry.panel.title.replace(/^Training: /, ''), runs: [], kind: 'tutorial' };
      svc.panels.post(entry, started);
      svc.panels.post(entry, { type: 'runCancelled', scenario: entry.scenario });
    } else if (st.train.status === 'running') {
      svc.panels.post(entry, { type: 'runCancelled', scenario: entry.scenario });
    }
  } else if (entry.file && !st.caseView && !st.error && extname(entry.file).toLowerCase() === '.json') {
    void inspectCase(svc, vscode.Uri.file(entry.file), { reveal: false });
  }
}
