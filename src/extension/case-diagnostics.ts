/**
 * Findings of inspected case files in the Problems panel, and quick fixes for the findings whose
 * fix is a JSON edit (`finding.edit`).
 */
import * as vscode from 'vscode';
import { fixTitle } from './helpers';
import { rulePage } from './language';
import { planJsonEdit } from './json-edit';
import type { InspectResult, PlacedFinding, TextRange, WorkerErrorInfo } from '../shapes/index';

export const DIAGNOSTIC_SOURCE = 'Loss Debugger';

/** Documents larger than this (characters) get their quick-fix edits computed on demand. */
const LAZY_FIX_CHARS = 1_000_000;

/** Whether a document is too big to scan on the extension host's thread (see LAZY_FIX_CHARS). */
export function isLargeDocument(doc: vscode.TextDocument): boolean {
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) > LAZY_FIX_CHARS;
}

interface FileState {
  findings: PlacedFinding[];
  lossRange?: TextRange;
}

function toRange(r: TextRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function severityOf(s: PlacedFinding['severity']): vscode.DiagnosticSeverity {
  if (s === 'error') return vscode.DiagnosticSeverity.Error;
  if (s === 'warning') return vscode.DiagnosticSeverity.Warning;
  return vscode.DiagnosticSeverity.Information;
}

export class CaseDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('lossDebugger');
  private readonly files = new Map<string, FileState>();
  private readonly docsRoot: vscode.Uri;
  private readonly lazy = new WeakMap<vscode.CodeAction, { doc: vscode.TextDocument; edit: { path: string[]; value: unknown }; state?: FileState }>();

  constructor(extensionUri: vscode.Uri) {
    this.docsRoot = extensionUri;
  }

  /** Where the last inspection placed a finding about `field` (computed in the worker). */
  rangeOf(uri: vscode.Uri, field: string): vscode.Range | undefined {
    const f = this.files.get(uri.toString())?.findings.find((x) => x.field === field);
    return f ? toRange(f.range) : undefined;
  }

  /** The quick fix of the last inspection's finding `rule` (about `field`, when given) in `doc`, if it has one. */
  fixForRule(doc: vscode.TextDocument, rule: string, field?: string): vscode.CodeAction | undefined {
    const state = this.files.get(doc.uri.toString());
    const f = state?.findings.find((x) => x.rule === rule && x.edit && (field === undefined || x.field === field));
    if (!f?.edit) return undefined;
    const action = this.fixFor(doc, f.edit, state);
    return action && !action.edit ? this.resolveCodeAction(action) : action;
  }

  /** Files inspected so far (their diagnostics are refreshed on save). */
  has(uri: vscode.Uri): boolean {
    return this.files.has(uri.toString());
  }

  setResult(uri: vscode.Uri, r: InspectResult): void {
    const findings = r.view.findings.map(({ evidence: _evidence, ...f }, i): PlacedFinding => ({ ...f, range: r.ranges[i] }));
    const state: FileState = { findings };
    if (r.lossRange) state.lossRange = r.lossRange;
    this.files.set(uri.toString(), state);
    this.collection.set(uri, findings.map((f) => this.diagnostic(f)));
  }

  /** A file that could not be read: one diagnostic at the error's position. */
  setError(uri: vscode.Uri, e: WorkerErrorInfo): void {
    this.files.set(uri.toString(), { findings: [] });
    const w = e.where ?? {};
    const sameFile = w.file === undefined || w.file === uri.fsPath;
    const line = sameFile && w.line !== undefined ? Math.max(0, w.line - 1) : 0;
    const col = sameFile && w.column !== undefined ? Math.max(0, w.column - 1) : 0;
    let text = e.detail ?? e.message;
    if (w.path) text = `${w.path}: ${text}`;
    if (!sameFile && w.file) text = `${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${text}`;
    if (e.hint) text += ` (${e.hint})`;
    const d = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1), text, vscode.DiagnosticSeverity.Error);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = e.code ? `input-${e.code}` : 'input';
    this.collection.set(uri, [d]);
  }

  clear(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
    this.collection.delete(uri);
  }

  private diagnostic(f: PlacedFinding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f.range), `${f.title}: ${f.message}`, severityOf(f.severity));
    d.source = DIAGNOSTIC_SOURCE;
    const page = rulePage(this.docsRoot, f.rule);
    d.code = page ? { value: f.rule, target: page } : f.rule;
    return d;
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const state = this.files.get(doc.uri.toString());
    if (!state) return [];
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const d of ctx.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const rule = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      const f = state.findings.find((x) => x.rule === rule && x.edit && toRange(x.range).isEqual(d.range));
      if (!f?.edit) continue;
      const key = `${rule}:${JSON.stringify(f.edit)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const action = this.fixFor(doc, f.edit, state);
      if (!action) continue;
      action.diagnostics = [d];
      actions.push(action);
    }
    // The range on a finding without its diagnostic in the context (invoked from the command
    // palette, or asked before the editor's markers caught up with a fresh inspection): offer the
    // fixes whose range meets the requested one.
    const wantsQuickFix = ctx.only === undefined || ctx.only.contains(vscode.CodeActionKind.QuickFix);
    if (actions.length === 0 && wantsQuickFix) {
      for (const f of state.findings) {
        if (!f.edit || !toRange(f.range).intersection(range)) continue;
        const action = this.fixFor(doc, f.edit, state);
        if (action) actions.push(action);
      }
    }
    return actions;
  }

  /**
   * The quick fix applying a finding's JSON edit to the document. For small documents the edit is
   * computed now (and an impossible edit offers no action); for large ones it is computed only
   * when the action is chosen (`resolveCodeAction`), to keep the editor responsive.
   */
  fixFor(doc: vscode.TextDocument, edit: { path: string[]; value: unknown }, state?: FileState): vscode.CodeAction | undefined {
    const t = fixTitle(edit);
    const title = t.parent ? vscode.l10n.t('Set "{0}": {1} in {2}', t.key, t.value, t.parent) : vscode.l10n.t('Set "{0}": {1}', t.key, t.value);
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.isPreferred = true;
    const st = state ?? this.files.get(doc.uri.toString());
    if (isLargeDocument(doc)) {
      this.lazy.set(action, { doc, edit, ...(st ? { state: st } : {}) });
      return action;
    }
    const we = this.workspaceEdit(doc, edit, st);
    if (!we) return undefined;
    action.edit = we;
    return action;
  }

  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    const pending = this.lazy.get(action);
    if (pending) {
      const we = this.workspaceEdit(pending.doc, pending.edit, pending.state);
      if (we) action.edit = we;
      else void vscode.window.showWarningMessage(vscode.l10n.t('Loss Debugger could not apply this fix to the file as it is now; edit the loss object by hand.'));
    }
    return action;
  }

  private workspaceEdit(doc: vscode.TextDocument, edit: { path: string[]; value: unknown }, st?: FileState): vscode.WorkspaceEdit | undefined {
    const hint = edit.path[0] === 'loss' && st?.lossRange ? doc.offsetAt(toRange(st.lossRange).start) : undefined;
    const plan = planJsonEdit(doc.getText(), edit.path, edit.value, hint !== undefined ? { hint } : {});
    if (!plan) return undefined;
    const we = new vscode.WorkspaceEdit();
    we.replace(doc.uri, new vscode.Range(doc.positionAt(plan.offset), doc.positionAt(plan.offset + plan.length)), plan.newText);
    return we;
  }

  dispose(): void {
    this.collection.dispose();
    this.files.clear();
  }
}
