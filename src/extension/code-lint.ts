/**
 * The source linter in the editor: the open `.py` documents and Jupyter notebooks are linted as one
 * project in the lint worker (dist/lint-worker.js) as the user types (debounced), findings go to the
 * Problems panel (source "Loss Debugger", the rule id linking to its page, the consuming call as
 * related information), and the rules' mechanical edits become quick fixes. The host only maps
 * places to documents and applies edits; parsing, dataflow and rules run in the worker.
 */
import * as vscode from 'vscode';
import type { CodeFinding, CodeFix, L10nSetup, LintDocument, LintResult, Site, Span } from '../shapes/index';
import { DIAGNOSTIC_SOURCE } from './case-diagnostics';
import { ignoreCommentEdit } from './helpers';
import { rulePage } from './language';
import { LintSchedule } from './lint-schedule';
import { readSettings } from './settings';
import { WorkerBridge } from './worker-bridge';

/** Quiet period after the last keystroke before the project is re-linted. */
const DEBOUNCE_MS = 300;
/** Lint worker crashes after which linting stops for the session (a file that kills the parser). */
const MAX_CRASHES = 3;

type Target = { kind: 'text'; doc: vscode.TextDocument } | { kind: 'notebook'; nb: vscode.NotebookDocument };

interface Placed {
  rule: string;
  range: vscode.Range;
  fixes: CodeFix[];
}

interface UriState {
  /** Document version the findings were computed on (open documents). */
  version?: number;
  placed: Placed[];
}

function toRange(s: Span): vscode.Range {
  return new vscode.Range(s.line, s.column, s.endLine, s.endColumn);
}

function severityOf(s: CodeFinding['severity']): vscode.DiagnosticSeverity {
  if (s === 'error') return vscode.DiagnosticSeverity.Error;
  if (s === 'warning') return vscode.DiagnosticSeverity.Warning;
  return vscode.DiagnosticSeverity.Information;
}

/** The path the linter knows a document by: its file, or a made-up absolute one for unsaved documents. */
export function lintId(uri: vscode.Uri, notebook: boolean): string {
  let id = uri.scheme === 'file' ? uri.fsPath : `/untitled/${uri.scheme}/${uri.path.replace(/^\/+/, '')}`;
  if (notebook && !id.toLowerCase().endsWith('.ipynb')) id += '.ipynb';
  return id;
}

function isPythonText(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'python' && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

function isLintedNotebook(nb: vscode.NotebookDocument): boolean {
  return nb.notebookType === 'jupyter-notebook';
}

export class CodeLint implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('lossDebugger.lint');
  readonly schedule: LintSchedule;
  private readonly bridge: WorkerBridge;
  private readonly state = new Map<string, UriState>();
  private readonly subs: vscode.Disposable[] = [];
  /** Where the ids of the last published run are (for the quick fixes' edits). */
  private targets = new Map<string, Target>();
  /** Ids sent in the last run (closed ones are forgotten by the worker). */
  private lastIds = new Set<string>();
  private stopped = false;
  /** Time the worker took for the last run (ms). */
  lastMs = 0;

  constructor(private readonly extensionUri: vscode.Uri, log: vscode.OutputChannel, l10n?: L10nSetup) {
    this.bridge = new WorkerBridge({
      script: vscode.Uri.joinPath(extensionUri, 'dist', 'lint-worker.js').fsPath,
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
      ...(l10n ? { init: { l10n } } : {}),
      log: (line) => log.appendLine(`lint: ${line}`),
      onCrash: (info) => {
        if (info.crashes < MAX_CRASHES) return;
        this.stopped = true;
        this.collection.clear();
        void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger: the Python linter stopped after {0} crashes ({1}); reload the window to start it again. See the Loss Debugger log.', info.crashes, info.reason));
      },
    });
    this.schedule = new LintSchedule(() => this.run(), DEBOUNCE_MS, (e) => log.appendLine(`lint failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    const poke = (): void => this.schedule.poke();
    const w = vscode.workspace;
    this.subs.push(
      w.onDidOpenTextDocument((d) => { if (isPythonText(d)) poke(); }),
      w.onDidCloseTextDocument((d) => { if (isPythonText(d)) poke(); }),
      w.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && (isPythonText(e.document) || e.document.uri.scheme === 'vscode-notebook-cell')) poke();
      }),
      w.onDidSaveTextDocument((d) => { if (d.languageId === 'python') poke(); }),
      w.onDidOpenNotebookDocument((nb) => { if (isLintedNotebook(nb)) poke(); }),
      w.onDidCloseNotebookDocument((nb) => { if (isLintedNotebook(nb)) poke(); }),
      w.onDidChangeNotebookDocument((e) => { if (isLintedNotebook(e.notebook) && e.contentChanges.length) poke(); }),
      w.onDidChangeWorkspaceFolders(poke),
      w.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('lossDebugger')) poke(); }),
    );
    // Project files changed by other tools (git checkout, a formatter): imports may now read differently.
    const watcher = w.createFileSystemWatcher('**/*.py');
    this.subs.push(watcher, watcher.onDidChange(poke), watcher.onDidCreate(poke), watcher.onDidDelete(poke));
    poke();
  }

  private enabled(): boolean {
    return !this.stopped && vscode.workspace.getConfiguration('lossDebugger').get<unknown>('lint.enabled') !== false;
  }

  private async run(): Promise<void> {
    if (!this.enabled()) {
      this.collection.clear();
      this.state.clear();
      return;
    }
    const docs: LintDocument[] = [];
    const targets = new Map<string, Target>();
    const versions = new Map<vscode.TextDocument, number>();
    for (const doc of vscode.workspace.textDocuments) {
      if (!isPythonText(doc)) continue;
      const id = lintId(doc.uri, false);
      if (targets.has(id)) continue;
      targets.set(id, { kind: 'text', doc });
      versions.set(doc, doc.version);
      docs.push({ file: id, text: doc.getText() });
    }
    for (const nb of vscode.workspace.notebookDocuments) {
      if (!isLintedNotebook(nb)) continue;
      const id = lintId(nb.uri, true);
      if (targets.has(id)) continue;
      targets.set(id, { kind: 'notebook', nb });
      const cells = nb.getCells().map((c, index) => {
        versions.set(c.document, c.document.version);
        return { index, text: c.document.getText(), language: c.kind === vscode.NotebookCellKind.Code ? c.document.languageId : 'markdown' };
      });
      docs.push({ file: id, cells });
    }
    const closed = [...this.lastIds].filter((id) => !targets.has(id));
    this.lastIds = new Set(targets.keys());
    if (closed.length) await this.bridge.request('lintClose', { files: closed });
    if (!docs.length) {
      this.collection.clear();
      this.state.clear();
      return;
    }
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const result = await this.bridge.request('lint', { docs, roots, disabled: readSettings().disabled });
    this.lastMs = result.ms;
    // Edited while the worker was busy: the places are stale; the edit has already asked for another run.
    for (const [doc, v] of versions) if (doc.version !== v) return;
    if (!this.enabled()) return;
    this.publish(result, targets, versions);
  }

  /** The document a place is in: an open document, a notebook's cell, or a project file on disk. */
  private uriOf(site: Site, targets: Map<string, Target>): vscode.Uri | undefined {
    const t = targets.get(site.file);
    if (t?.kind === 'text') return t.doc.uri;
    if (t?.kind === 'notebook') {
      if (site.cell === undefined || site.cell >= t.nb.cellCount) return undefined;
      return t.nb.cellAt(site.cell).document.uri;
    }
    return vscode.Uri.file(site.file);
  }

  private publish(result: LintResult, targets: Map<string, Target>, versions: Map<vscode.TextDocument, number>): void {
    const diags = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    this.state.clear();
    const add = (uri: vscode.Uri, d: vscode.Diagnostic, placed?: Placed): void => {
      const k = uri.toString();
      let e = diags.get(k);
      if (!e) {
        e = { uri, list: [] };
        diags.set(k, e);
      }
      e.list.push(d);
      let st = this.state.get(k);
      if (!st) {
        st = { placed: [] };
        const v = [...versions].find(([doc]) => doc.uri.toString() === k);
        if (v) st.version = v[1];
        this.state.set(k, st);
      }
      if (placed) st.placed.push(placed);
    };
    for (const r of result.files) {
      const t = targets.get(r.path);
      if (r.error) {
        // A document open in the editor that could not be linted (too long, binary): say so once.
        const uri = t?.kind === 'text' ? t.doc.uri : t?.kind === 'notebook' && t.nb.cellCount ? t.nb.cellAt(0).document.uri : undefined;
        if (!uri) continue;
        const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), vscode.l10n.t('Loss Debugger did not lint this file: {0}.', r.error), vscode.DiagnosticSeverity.Information);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = 'lint-skipped';
        add(uri, d);
        continue;
      }
      for (const f of r.findings) {
        const uri = this.uriOf(f.site, targets);
        if (!uri) continue;
        const range = toRange(f.site.span);
        const d = new vscode.Diagnostic(range, `${f.title}: ${f.message}`, severityOf(f.severity));
        d.source = DIAGNOSTIC_SOURCE;
        const page = rulePage(this.extensionUri, f.rule);
        d.code = page ? { value: f.rule, target: page } : f.rule;
        const related: vscode.DiagnosticRelatedInformation[] = [];
        for (const rel of f.related ?? []) {
          const ru = this.uriOf(rel.site, targets);
          if (ru) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(ru, toRange(rel.site.span)), rel.message));
        }
        if (related.length) d.relatedInformation = related;
        add(uri, d, { rule: f.rule, range, fixes: this.mappable(f.fixes ?? [], targets) });
      }
    }
    this.collection.clear();
    for (const { uri, list } of diags.values()) this.collection.set(uri, list);
    this.targets = targets;
  }

  /** Fixes whose every edit lands in a document we can name. */
  private mappable(fixes: CodeFix[], targets: Map<string, Target>): CodeFix[] {
    return fixes.filter((f) => f.edits.every((e) => this.uriOf(e, targets)));
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const st = this.state.get(doc.uri.toString());
    if (!st || (st.version !== undefined && st.version !== doc.version)) return [];
    if (ctx.only && !ctx.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const ours = ctx.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'object');
    // Diagnostics in the context when VS Code has them; else (palette, markers not caught up) the findings under the range.
    const picked: { p: Placed; d?: vscode.Diagnostic }[] = [];
    for (const d of ours) {
      const rule = typeof d.code === 'object' ? String(d.code.value) : '';
      const p = st.placed.find((x) => x.rule === rule && x.range.isEqual(d.range));
      if (p) picked.push({ p, d });
    }
    if (!picked.length) for (const p of st.placed) if (p.range.intersection(range)) picked.push({ p });
    const actions: vscode.CodeAction[] = [];
    for (const { p, d } of picked) {
      for (const [i, fix] of p.fixes.entries()) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const we = new vscode.WorkspaceEdit();
        for (const e of fix.edits) we.replace(this.uriOf(e, this.targets)!, toRange(e.span), e.newText);
        a.edit = we;
        a.isPreferred = i === 0;
        if (d) a.diagnostics = [d];
        actions.push(a);
      }
      const ignore = ignoreCommentEdit(doc.lineAt(p.range.start.line).text, p.rule);
      if (ignore) {
        const a = new vscode.CodeAction(vscode.l10n.t('Ignore {0} on this line', p.rule), vscode.CodeActionKind.QuickFix);
        a.edit = new vscode.WorkspaceEdit();
        a.edit.replace(doc.uri, new vscode.Range(p.range.start.line, ignore.start, p.range.start.line, ignore.end), ignore.newText);
        if (d) a.diagnostics = [d];
        actions.push(a);
      }
      const explainTitle = vscode.l10n.t('Explain rule {0}', p.rule);
      const explain = new vscode.CodeAction(explainTitle, vscode.CodeActionKind.QuickFix);
      explain.command = { command: 'lossDebugger.showRule', title: explainTitle, arguments: [p.rule] };
      if (d) explain.diagnostics = [d];
      actions.push(explain);
    }
    return actions;
  }

  dispose(): void {
    this.schedule.dispose();
    for (const s of this.subs) s.dispose();
    this.collection.dispose();
    void this.bridge.dispose();
  }
}
