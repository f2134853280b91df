/**
 * What the commands do: inspect case and tensor files, run scenarios, explain rules, start a new
 * case. Heavy work goes to the engine worker; this file only moves messages and talks to VS Code.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import * as vscode from 'vscode';
import { LOSS_TYPES } from '../engine/losses/spec';
import type { CaseErrorView, HostToWebview, ProgressMessage, RunKind, WebviewToHost } from '../protocol';
import { CaseDiagnostics, isLargeDocument } from './case-diagnostics';
import { locateJsonField } from './json-edit';
import { caseKey, scenarioKey, type PanelEntry, Panels } from './panel';
import { readSettings } from './settings';
import { WorkerJobError, type WorkerBridge } from './worker-bridge';
import type { InspectResult, RuleInfo, ScenarioInfo, WorkerErrorInfo } from './worker-protocol';

/** Files bigger than this get a cancellable notification while they are inspected. */
const NOTIFY_BYTES = 4 * 1024 * 1024;
/** Jobs still running after this long get a cancellable notification. */
const SLOW_JOB_MS = 800;

/** The losses offered for a bare tensor file, the most common first. */
export const LOSS_TYPES_FOR_TENSORS: readonly string[] = [
  ...(['CrossEntropyLoss', 'BCEWithLogitsLoss', 'MSELoss'] as const),
  ...LOSS_TYPES.filter((t) => t !== 'CrossEntropyLoss' && t !== 'BCEWithLogitsLoss' && t !== 'MSELoss'),
];

export const DUMP_ONE_LINER = 'from lossdbg_dump import dump_case; dump_case("case.losscase.json", criterion, logits, target)';

export interface InspectOutcome {
  ok: boolean;
  result?: InspectResult;
  error?: WorkerErrorInfo;
}

function errorView(e: WorkerErrorInfo, file?: string): CaseErrorView {
  const v: CaseErrorView = { message: e.detail ?? e.message };
  const w = e.where ?? {};
  const f = w.file ?? file;
  if (f !== undefined) v.file = f;
  if (w.path !== undefined) v.path = w.path;
  if (w.line !== undefined) v.line = w.line;
  if (w.column !== undefined) v.column = w.column;
  if (e.hint !== undefined) v.hint = e.hint;
  if (e.code !== undefined) v.code = e.code;
  return v;
}

function asWorkerError(e: unknown): WorkerErrorInfo {
  if (e instanceof WorkerJobError) return e.info;
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export class Controller implements vscode.Disposable {
  readonly panels: Panels;
  private scenarioCache: ScenarioInfo[] | undefined;
  private ruleCache: RuleInfo[] | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly bridge: WorkerBridge,
    readonly diagnostics: CaseDiagnostics,
    readonly log: vscode.OutputChannel,
    memento?: vscode.Memento,
  ) {
    this.panels = new Panels(extensionUri, log, (entry, msg) => this.onWebviewMessage(entry, msg), memento);
    this.panels.onRestored = (entry, state) => this.restored(entry, state);
  }

  /**
   * A panel came back after a reload. A run that was going on is gone with the old extension host:
   * say so (the panel offers Run again). A case panel that had not saved its view is inspected again.
   */
  private restored(entry: PanelEntry, state: unknown): void {
    const st = (typeof state === 'object' && state !== null ? state : {}) as { mode?: unknown; train?: { status?: unknown }; caseView?: unknown; error?: unknown };
    if (entry.scenario) {
      if (!st.train) {
        const started: HostToWebview = { type: 'runStarted', scenario: entry.scenario, title: entry.panel.title.replace(/^Training: /, ''), runs: [], kind: 'tutorial' };
        this.panels.post(entry, started);
        this.panels.post(entry, { type: 'runCancelled', scenario: entry.scenario });
      } else if (st.train.status === 'running') {
        this.panels.post(entry, { type: 'runCancelled', scenario: entry.scenario });
      }
    } else if (entry.file && !st.caseView && !st.error && extname(entry.file).toLowerCase() === '.json') {
      void this.inspectCase(vscode.Uri.file(entry.file), { reveal: false });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Inspect
  // -------------------------------------------------------------------------------------------

  /** The `Inspect Loss Case…` command: an explorer file, the active editor's file, or a picker. */
  async inspectCommand(arg?: unknown): Promise<void> {
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    uri ??= activeCaseFile();
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Inspect',
        title: 'Inspect a loss case',
        filters: { 'Loss cases and tensors': ['json', 'npy', 'safetensors'] },
      });
      uri = picked?.[0];
    }
    if (!uri) return;
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Loss Debugger reads files from disk only; save the file first.');
      return;
    }
    const ext = extname(uri.fsPath).toLowerCase();
    if (ext === '.npy' || ext === '.safetensors') await this.inspectTensorsInteractive(uri);
    else {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
      if (doc?.isDirty) await doc.save();
      await this.inspectCase(uri);
    }
  }

  /** Inspects a case file: panel, Problems panel, progress with Cancel for large files. */
  async inspectCase(uri: vscode.Uri, opts: { reveal?: boolean } = {}): Promise<InspectOutcome> {
    const file = uri.fsPath;
    const entry = this.panels.open(caseKey(file), `Loss: ${basename(file)}`, { reveal: opts.reveal ?? true, preserveFocus: true, file });
    entry.file = file;
    // A newer inspection supersedes a running one: the old result is dropped when it arrives
    // (aborting it could force a worker restart while it is busy in synchronous parsing).
    const job = new AbortController();
    entry.job = job;
    const stale = (): boolean => entry.job !== job && !job.signal.aborted;
    const settings = readSettings(uri);
    let size = 0;
    try {
      size = (await stat(file)).size;
    } catch {
      // the worker reports the missing file with its own words
    }
    const run = async (): Promise<InspectOutcome> => {
      try {
        const result = await this.bridge.request('inspect', { file, settings }, { signal: job.signal });
        if (stale()) return { ok: false, error: { kind: 'cancelled', message: 'superseded by a newer inspection' } };
        this.diagnostics.setResult(uri, result);
        this.panels.post(entry, { type: 'showCase', view: { ...result.view, file } });
        this.log.appendLine(`inspected ${file}: ${result.findings.length} finding(s) in ${result.ms} ms`);
        return { ok: true, result };
      } catch (e) {
        const info = asWorkerError(e);
        if (stale()) return { ok: false, error: info };
        if (info.kind === 'input') this.diagnostics.setError(uri, info);
        this.showFailure(entry, info, file, 'inspection');
        return { ok: false, error: info };
      } finally {
        if (entry.job === job) delete entry.job;
      }
    };
    const title = `Inspecting ${basename(file)}${size >= NOTIFY_BYTES ? ` (${(size / 1048576).toFixed(0)} MB)` : ''}`;
    return this.withCancellableProgress(title, job, size >= NOTIFY_BYTES ? 0 : SLOW_JOB_MS, run);
  }

  /**
   * Runs `work` with a status-bar progress; a cancellable notification appears at once (`delayMs`
   * 0: big files) or once the job has taken `delayMs` (side files, slow disks). Cancel aborts `job`.
   */
  private async withCancellableProgress<T>(title: string, job: AbortController, delayMs: number, work: () => Promise<T>): Promise<T> {
    const p = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, work);
    let settled = false;
    void p.then(() => { settled = true; }, () => { settled = true; });
    if (delayMs > 0) {
      await Promise.race([p.then(() => undefined, () => undefined), new Promise((r) => setTimeout(r, delayMs))]);
    }
    if (!settled) {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_pr, token) => {
        token.onCancellationRequested(() => job.abort());
        return p.then(() => undefined, () => undefined);
      });
    }
    return p;
  }

  private showFailure(entry: PanelEntry, info: WorkerErrorInfo, file: string | undefined, what: string): void {
    if (info.kind === 'cancelled') {
      this.panels.post(entry, { type: 'caseError', error: { message: `The ${what} was cancelled.`, hint: 'Run it again from the command palette or with Rerun.', ...(file ? { file } : {}) } });
      return;
    }
    this.log.appendLine(`${what} failed (${info.kind}): ${info.message}`);
    this.panels.post(entry, { type: 'caseError', error: errorView(info, file) });
  }

  /** A bare tensor file: ask for the loss and the target, then inspect the assembled case. */
  async inspectTensorsInteractive(uri: vscode.Uri): Promise<InspectOutcome | undefined> {
    const file = uri.fsPath;
    const isSafe = file.toLowerCase().endsWith('.safetensors');
    let inputName: string | undefined;
    let targetFile = '';
    let targetName: string | undefined;
    if (isSafe) {
      let names: string[];
      try {
        names = (await this.bridge.request('listTensors', { file })).map((t) => t.name);
      } catch (e) {
        void vscode.window.showErrorMessage(`Loss Debugger: ${asWorkerError(e).message}`);
        return undefined;
      }
      if (names.length === 0) {
        void vscode.window.showErrorMessage(`Loss Debugger: ${basename(file)} holds no tensors.`);
        return undefined;
      }
      inputName = await vscode.window.showQuickPick(names, { title: 'Which tensor is the input (logits / predictions)?' });
      if (!inputName) return undefined;
      const others = names.filter((n) => n !== inputName);
      const fromFile = 'Another file…';
      const t = await vscode.window.showQuickPick([...others, fromFile], { title: 'Which tensor is the target?' });
      if (!t) return undefined;
      if (t === fromFile) {
        const f = await this.pickTargetFile(uri);
        if (!f) return undefined;
        targetFile = f;
      } else {
        targetFile = file;
        targetName = t;
      }
    }
    const loss = await vscode.window.showQuickPick([...LOSS_TYPES_FOR_TENSORS], { title: `Which loss is applied to ${basename(file)}${inputName ? `:${inputName}` : ''}?` });
    if (!loss) return undefined;
    if (!isSafe) {
      const f = await this.pickTargetFile(uri);
      if (!f) return undefined;
      targetFile = f;
    }
    if (targetFile.toLowerCase().endsWith('.safetensors') && targetName === undefined) {
      try {
        const names = (await this.bridge.request('listTensors', { file: targetFile })).map((t) => t.name);
        targetName = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { title: 'Which tensor is the target?' });
      } catch (e) {
        void vscode.window.showErrorMessage(`Loss Debugger: ${asWorkerError(e).message}`);
        return undefined;
      }
      if (!targetName) return undefined;
    }
    return this.inspectTensors({ inputFile: file, targetFile, loss, ...(inputName ? { inputName } : {}), ...(targetName ? { targetName } : {}) });
  }

  private async pickTargetFile(near: vscode.Uri): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: vscode.Uri.joinPath(near, '..'),
      openLabel: 'Use as target',
      title: 'Choose the target tensor file',
      filters: { Tensors: ['npy', 'safetensors'] },
    });
    return picked?.[0]?.fsPath;
  }

  async inspectTensors(p: { inputFile: string; inputName?: string; targetFile: string; targetName?: string; loss: string }): Promise<InspectOutcome> {
    const label = p.inputName ? `${p.inputFile}#${p.inputName}` : p.inputFile;
    const entry = this.panels.open(caseKey(label), `Loss: ${basename(p.inputFile)}${p.inputName ? `:${p.inputName}` : ''}`, { file: p.inputFile });
    entry.rerun = () => this.inspectTensors(p);
    entry.job?.abort();
    const job = new AbortController();
    entry.job = job;
    return this.withCancellableProgress(`Inspecting ${basename(p.inputFile)}`, job, SLOW_JOB_MS, async () => {
      try {
        const result = await this.bridge.request('inspectTensors', { ...p, settings: readSettings() }, { signal: job.signal });
        this.panels.post(entry, { type: 'showCase', view: result.view });
        return { ok: true, result };
      } catch (e) {
        const info = asWorkerError(e);
        this.showFailure(entry, info, p.inputFile, 'inspection');
        return { ok: false, error: info };
      } finally {
        if (entry.job === job) delete entry.job;
      }
    });
  }

  /** Settings changed: inspect the case files shown in panels again (quietly). */
  async reinspectAll(): Promise<void> {
    const files = new Set<string>();
    for (const key of this.panels.keys()) {
      const entry = this.panels.get(key);
      if (entry?.file && key === caseKey(entry.file) && extname(entry.file).toLowerCase() === '.json') files.add(entry.file);
    }
    await Promise.all([...files].map((f) => this.inspectCase(vscode.Uri.file(f), { reveal: false })));
  }

  /** Re-inspects a saved case file that was inspected before (without stealing focus). */
  async onSaved(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== 'file') return;
    if (!this.diagnostics.has(doc.uri) && !this.panels.get(caseKey(doc.uri.fsPath))) return;
    await this.inspectCase(doc.uri, { reveal: false });
  }

  // -------------------------------------------------------------------------------------------
  // Scenarios
  // -------------------------------------------------------------------------------------------

  async scenarios(): Promise<ScenarioInfo[]> {
    this.scenarioCache ??= await this.bridge.request('listScenarios', {});
    return this.scenarioCache;
  }

  /** Quick pick of scenarios (`sweeps`: only the sweeps, otherwise all but the sweeps), then run. */
  async pickAndRun(sweeps: boolean): Promise<void> {
    let all: ScenarioInfo[];
    try {
      all = await this.scenarios();
    } catch (e) {
      void vscode.window.showErrorMessage(`Loss Debugger: could not list the scenarios: ${asWorkerError(e).message}`);
      return;
    }
    const list = all.filter((s) => (s.kind === 'sweep') === sweeps);
    if (list.length === 0) {
      void vscode.window.showInformationMessage(sweeps ? 'Loss Debugger ships no sweeps.' : 'Loss Debugger ships no scenarios.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      list.map((s) => ({ label: s.title, description: `${s.id} · ${s.kind}`, detail: s.description, id: s.id })),
      { title: sweeps ? 'Run a sweep' : 'Run a training scenario', matchOnDescription: true, matchOnDetail: true },
    );
    if (pick) await this.runScenario(pick.id);
  }

  /** Trains a scenario, streaming per-epoch progress into its panel; Cancel stops it promptly. */
  async runScenario(id: string, opts: { seed?: number; epochs?: number } = {}): Promise<'finished' | 'cancelled' | 'failed' | 'busy'> {
    const info = (await this.scenarios().catch(() => [] as ScenarioInfo[])).find((s) => s.id === id);
    const title = info?.title ?? id;
    const entry = this.panels.open(scenarioKey(id), `Training: ${title}`, { scenario: id });
    entry.scenario = id;
    if (entry.job) {
      void vscode.window.showInformationMessage(`${title} is already running.`);
      return 'busy';
    }
    const job = new AbortController();
    entry.job = job;
    const kind: RunKind = info && (info.kind === 'tutorial' || info.kind === 'mistake' || info.kind === 'sweep') ? info.kind : 'tutorial';
    const started: HostToWebview = { type: 'runStarted', scenario: id, title, runs: [], kind };
    if (info?.description) started.description = info.description;
    if (opts.epochs !== undefined) started.epochs = opts.epochs;
    this.panels.post(entry, started);
    const seed = opts.seed ?? 0;
    // Start once the panel listens, so the curve is seen growing from the first epoch.
    await this.panels.whenReady(entry, 5000, job.signal);
    if (job.signal.aborted) {
      if (entry.job === job) delete entry.job;
      return 'cancelled';
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${title}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => job.abort());
        let done = 0;
        try {
          const result = await this.bridge.request('runScenario', { id, seed, ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}) }, {
            signal: job.signal,
            onProgress: (p) => {
              const msg: ProgressMessage = {
                type: 'progress', run: p.run, epoch: p.epoch, epochs: p.epochs,
                train_loss: Number.isFinite(p.train_loss) ? p.train_loss : null,
                val_loss: Number.isFinite(p.val_loss) ? p.val_loss : null,
                metrics: Object.fromEntries(Object.entries(p.metrics ?? {}).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
              };
              this.panels.post(entry, msg);
              const frac = (p.runIndex + p.epoch / Math.max(1, p.epochs)) / Math.max(1, p.runCount);
              const inc = Math.max(0, frac * 100 - done);
              done += inc;
              progress.report({ increment: inc, message: `${p.run}: epoch ${p.epoch}/${p.epochs}` });
            },
          });
          this.panels.post(entry, { type: 'runFinished', result });
          this.log.appendLine(`scenario ${id} finished in ${result.seconds.toFixed(1)} s`);
          return 'finished' as const;
        } catch (e) {
          const err = asWorkerError(e);
          if (err.kind === 'cancelled' || job.signal.aborted) {
            this.panels.post(entry, { type: 'runCancelled', scenario: id });
            this.log.appendLine(`scenario ${id} cancelled`);
            return 'cancelled' as const;
          }
          this.panels.post(entry, { type: 'runFailed', scenario: id, message: err.message });
          this.log.appendLine(`scenario ${id} failed: ${err.message}`);
          return 'failed' as const;
        } finally {
          if (entry.job === job) delete entry.job;
        }
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // Rules, new case
  // -------------------------------------------------------------------------------------------

  async rules(): Promise<RuleInfo[]> {
    this.ruleCache ??= await this.bridge.request('listRules', {});
    return this.ruleCache;
  }

  /** `Explain Rule…`: the rule's page (docs/rules/<id>.md) in the markdown preview. */
  async showRule(arg?: unknown): Promise<vscode.Uri | undefined> {
    let id = typeof arg === 'string' ? arg : undefined;
    if (!id) {
      let rules: RuleInfo[] = [];
      try {
        rules = await this.rules();
      } catch (e) {
        this.log.appendLine(`could not list the rules: ${asWorkerError(e).message}`);
      }
      const pick = await vscode.window.showQuickPick(
        rules.map((r) => ({ label: r.id, description: r.severity, detail: r.title })),
        { title: 'Explain a Loss Debugger rule', matchOnDetail: true },
      );
      id = pick?.label;
    }
    if (!id) return undefined;
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      void vscode.window.showErrorMessage(`Loss Debugger: no rule '${id}'.`);
      return undefined;
    }
    const doc = vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${id}.md`);
    try {
      await vscode.workspace.fs.stat(doc);
    } catch {
      void vscode.window.showErrorMessage(`Loss Debugger: no documentation page for rule '${id}'.`);
      return undefined;
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreview', doc);
    } catch {
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return doc;
  }

  /** `New Loss Case…`: an untitled JSON case to start from, and the Python one-liner. */
  async newCase(): Promise<vscode.TextDocument> {
    const schema = vscode.Uri.joinPath(this.extensionUri, 'schema', 'losscase.schema.json').toString();
    // Four samples of a 3-class classifier: logits (not probabilities), class-index targets.
    const text = [
      '{',
      `  "$schema": ${JSON.stringify(schema)},`,
      '  "loss": {"type": "CrossEntropyLoss", "reduction": "mean", "ignore_index": -100},',
      '  "input": [',
      '    [2.1, 0.3, -1.2],',
      '    [0.2, 1.7, 0.1],',
      '    [-0.5, 0.4, 2.6],',
      '    [1.3, 1.1, -0.2]',
      '  ],',
      '  "target": [0, 1, 2, 1],',
      '  "meta": {"class_names": ["cat", "dog", "bird"], "reported_loss": 0.42}',
      '}',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await vscode.window.showTextDocument(doc);
    void vscode.window
      .showInformationMessage(`Dump a real case from PyTorch: ${DUMP_ONE_LINER}`, 'Copy')
      .then((choice) => (choice === 'Copy' ? vscode.env.clipboard.writeText(DUMP_ONE_LINER) : undefined));
    return doc;
  }

  // -------------------------------------------------------------------------------------------
  // Webview messages
  // -------------------------------------------------------------------------------------------

  private async onWebviewMessage(entry: PanelEntry, msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        vscode.window.setStatusBarMessage('Loss Debugger: copied', 2000);
        return;
      case 'openRule':
        await this.showRule(msg.rule);
        return;
      case 'revealField':
        await this.revealField(entry, msg.field);
        return;
      case 'cancelRun':
        entry.job?.abort();
        return;
      case 'rerun':
        if (entry.rerun) await entry.rerun();
        else if (entry.scenario) await this.runScenario(entry.scenario);
        else if (entry.file && extname(entry.file).toLowerCase() === '.json') await this.inspectCase(vscode.Uri.file(entry.file));
        return;
      case 'webviewError':
        this.log.appendLine(`panel ${entry.key}: ${msg.message}`);
        return;
    }
  }

  /** Opens the panel's case file and selects the field's value (or its closest parent). */
  async revealField(entry: PanelEntry, field: string): Promise<vscode.Range | undefined> {
    if (!entry.file || extname(entry.file).toLowerCase() !== '.json') return undefined;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(entry.file));
    let range: vscode.Range | undefined;
    if (!isLargeDocument(doc)) {
      // A small document: find the field in its current text (it may have been edited since).
      const span = locateJsonField(doc.getText(), field);
      if (span) range = new vscode.Range(doc.positionAt(span.start), doc.positionAt(Math.min(span.end, span.start + 20_000)));
    } else {
      // A big one: scanning it here would block the extension host; use where the worker placed it.
      range = this.diagnostics.rangeOf(doc.uri, field);
    }
    range ??= new vscode.Range(0, 0, 0, 0);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return range;
  }

  dispose(): void {
    this.panels.dispose();
  }
}

const CASE_FILE = /\.(json|npy|safetensors)$/i;

/**
 * The file the user is looking at: the active text editor's, else the active tab's (the editor may
 * not be reported yet right after opening, and a focused webview panel has no text editor), else
 * the only visible editor holding a case file.
 */
function activeCaseFile(): vscode.Uri | undefined {
  const isCase = (u: vscode.Uri | undefined): u is vscode.Uri => !!u && u.scheme === 'file' && CASE_FILE.test(u.fsPath);
  const fromEditor = vscode.window.activeTextEditor?.document.uri;
  if (isCase(fromEditor)) return fromEditor;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputText && isCase(tab.uri)) return tab.uri;
  const visible = vscode.window.visibleTextEditors.map((e) => e.document.uri).filter(isCase);
  return visible.length === 1 ? visible[0] : undefined;
}

