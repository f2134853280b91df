/**
 * Loss Debugger's VS Code entry point. Activation only wires things up (commands, the panel
 * serializer, diagnostics, code actions); the engine lives in a worker thread started on first use.
 * Each command is one file in ./commands/.
 */
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { CaseDiagnostics } from './case-diagnostics';
import { CodeLint } from './code-lint';
import { inspectCase, inspectCommand, inspectTensors, onSaved, reinspectAll, type InspectOutcome, type TensorCaseParams } from './commands/inspect';
import { newCase } from './commands/new-case';
import { installPythonHelper, openExamples } from './commands/open-examples';
import { pickAndRun, runScenario, type RunOutcome } from './commands/run-scenario';
import { showRule } from './commands/show-rule';
import { openTrainingLog, runStatus, watchRun } from './commands/watch-run';
import { hostL10n, workerMessages } from './language';
import { PANEL_VIEW_TYPE, Panels } from './panel';
import type { Services } from './services';
import { testHooks, type TestHooks } from './test-hooks';
import { formatTrace, traceNow, Tracer, type TraceRecord } from './trace';
import { onRestored, onWebviewMessage } from './webview-messages';
import { WorkerBridge } from './worker-bridge';

/** What `activate` returns: used by the extension tests (and usable by other extensions). */
export interface LossDebuggerApi {
  readonly activationMs: number;
  inspect(uri: vscode.Uri): Promise<InspectOutcome>;
  /** A case from tensor files (what Inspect asks for interactively on a .npy / .safetensors file). */
  inspectTensors(p: TensorCaseParams): Promise<InspectOutcome>;
  runScenario(id: string, opts?: { seed?: number; epochs?: number }): Promise<RunOutcome>;
  /** Open panels' keys (`case:<file>`, `scenario:<id>`). */
  panelKeys(): string[];
  ignoredWebviewMessages(): number;
  /** Cancels the job of a panel. */
  cancel(key: string): void;
  worker(): { starts: number; crashes: number };
  /** Test builds only. */
  test?: TestHooks;
}

/** When this bundle's code started running (the extension host had read it): the start of a trace. */
const loadedAt = traceNow();

export function activate(context: vscode.ExtensionContext): LossDebuggerApi {
  const t0 = performance.now();
  const activateAt = traceNow();
  const log = vscode.window.createOutputChannel('Loss Debugger', { log: true });
  // Test builds: the host tests read the traces from this file (test/vscode/run.ts).
  let traceFile: string | undefined;
  // eslint-disable-next-line no-unused-labels
  TEST_BUILD: traceFile = process.env.LOSSDBG_TRACE_FILE;
  const tracer = new Tracer((t: TraceRecord) => {
    log.debug(formatTrace(t));
    if (traceFile) {
      try { appendFileSync(traceFile, JSON.stringify(t) + '\n'); } catch { /* a trace is never worth an error */ }
    }
  });
  const l10n = hostL10n();
  const bridge = new WorkerBridge({
    script: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
    init: { l10n },
    log: (line) => log.appendLine(line),
    messages: workerMessages,
    onCrash: (info) => {
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window.showErrorMessage(
        info.failed.length
          ? vscode.l10n.t('Loss Debugger: the engine stopped unexpectedly ({0}). It has been reset; the running job failed — run the command again.', info.reason)
          : vscode.l10n.t('Loss Debugger: the engine stopped unexpectedly ({0}). It has been reset; run the command again.', info.reason),
        showLog,
      ).then((c) => (c === showLog ? log.show() : undefined));
    },
  });
  const diagnostics = new CaseDiagnostics(context.extensionUri);
  const panels = new Panels(context.extensionUri, log, (entry, msg) => onWebviewMessage(svc, entry, msg), context.workspaceState, l10n);
  const codeLint = new CodeLint(context.extensionUri, log, l10n);
  const svc: Services = { extensionUri: context.extensionUri, panels, bridge, diagnostics, codeLint, log, tracer, cache: {} };
  panels.onRestored = (entry, state) => onRestored(svc, entry, state);

  const guard = <A extends unknown[]>(name: string, f: (...a: A) => Promise<unknown>) => async (...a: A): Promise<void> => {
    try {
      await f(...a);
    } catch (e) {
      log.appendLine(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger: {0}', e instanceof Error ? e.message : String(e)));
    }
  };

  context.subscriptions.push(
    log,
    diagnostics,
    codeLint,
    panels,
    { dispose: () => void bridge.dispose() },
    vscode.commands.registerCommand('lossDebugger.inspectFile', guard('inspectFile', (uri?: unknown) => inspectCommand(svc, uri))),
    vscode.commands.registerCommand('lossDebugger.runScenario', guard('runScenario', (id?: unknown) =>
      typeof id === 'string' ? runScenario(svc, id) : pickAndRun(svc, false))),
    vscode.commands.registerCommand('lossDebugger.runSweep', guard('runSweep', (id?: unknown) =>
      typeof id === 'string' ? runScenario(svc, id) : pickAndRun(svc, true))),
    vscode.commands.registerCommand('lossDebugger.showRule', guard('showRule', (id?: unknown) => showRule(svc, id))),
    vscode.commands.registerCommand('lossDebugger.newCase', guard('newCase', () => newCase(svc))),
    vscode.commands.registerCommand('lossDebugger.watchRun', guard('watchRun', (uri?: unknown) => watchRun(svc, uri))),
    vscode.commands.registerCommand('lossDebugger.openExamples', guard('openExamples', (open?: unknown, parent?: unknown) => openExamples(svc, context.globalState, open, parent))),
    vscode.commands.registerCommand('lossDebugger.installPythonHelper', guard('installPythonHelper', (parent?: unknown) => installPythonHelper(svc, context.globalState, parent))),
    vscode.commands.registerCommand('lossDebugger.openTrainingLog', guard('openTrainingLog', (uri?: unknown, uris?: unknown) => openTrainingLog(svc, uri, uris))),
    runStatus,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'json' }, { language: 'jsonc' }],
      diagnostics,
      { providedCodeActionKinds: CaseDiagnostics.kinds },
    ),
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, codeLint, { providedCodeActionKinds: CodeLint.kinds }),
    vscode.workspace.onDidSaveTextDocument((doc) => void onSaved(svc, doc).catch((e: unknown) => log.appendLine(`re-inspect on save failed: ${String(e)}`))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lossDebugger')) void reinspectAll(svc).catch((err: unknown) => log.appendLine(`re-inspect after a settings change failed: ${String(err)}`));
    }),
    vscode.workspace.onDidDeleteFiles((ev) => ev.files.forEach((f) => diagnostics.clear(f))),
  );

  const activationMs = performance.now() - t0;
  tracer.startupMarks([{ name: 'extension-loaded', at: loadedAt }, { name: 'activate', at: activateAt }, { name: 'activated', at: traceNow() }]);
  log.appendLine(`activate took ${activationMs.toFixed(1)} ms`);
  const api: LossDebuggerApi = {
    activationMs,
    inspect: (uri) => inspectCase(svc, uri),
    inspectTensors: (p) => inspectTensors(svc, p),
    runScenario: (id, opts) => runScenario(svc, id, opts),
    panelKeys: () => panels.keys(),
    ignoredWebviewMessages: () => panels.ignoredMessages,
    cancel: (key) => panels.get(key)?.job?.abort(),
    worker: () => ({ starts: bridge.starts, crashes: bridge.crashes }),
  };
  // Test hooks: esbuild drops statements labelled TEST_BUILD from release bundles (esbuild.mjs).
  // eslint-disable-next-line no-unused-labels
  TEST_BUILD: api.test = testHooks(svc);
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the worker is terminated there).
}
