/**
 * Loss Debugger's VS Code entry point. Activation only wires things up (commands, the panel
 * serializer, diagnostics, code actions); the engine lives in a worker thread started on first use.
 */
import * as vscode from 'vscode';
import { CaseDiagnostics } from './case-diagnostics';
import { Controller, type InspectOutcome } from './controller';
import { PANEL_VIEW_TYPE } from './panel';
import { WorkerBridge } from './worker-bridge';
import type { CrashHow } from './worker-protocol';

/** What `activate` returns: used by the extension tests (and usable by other extensions). */
export interface LossDebuggerApi {
  readonly activationMs: number;
  inspect(uri: vscode.Uri): Promise<InspectOutcome>;
  /** A case from tensor files (what Inspect asks for interactively on a .npy / .safetensors file). */
  inspectTensors(p: { inputFile: string; inputName?: string; targetFile: string; targetName?: string; loss: string }): Promise<InspectOutcome>;
  runScenario(id: string, opts?: { seed?: number; epochs?: number }): Promise<'finished' | 'cancelled' | 'failed' | 'busy'>;
  /** Open panels' keys (`case:<file>`, `scenario:<id>`). */
  panelKeys(): string[];
  /** Feeds a raw message to a panel as if its webview sent it; returns whether it was accepted. */
  simulateWebviewMessage(key: string, message: unknown): boolean;
  ignoredWebviewMessages(): number;
  /** Cancels the job of a panel. */
  cancel(key: string): void;
  worker(): { starts: number; crashes: number };
  /** Takes the engine worker down (tests of the restart path). */
  crashWorker(how: CrashHow): Promise<string>;
}

export function activate(context: vscode.ExtensionContext): LossDebuggerApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Loss Debugger');
  const bridge = new WorkerBridge({
    script: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
    log: (line) => log.appendLine(line),
    onCrash: (info) => {
      void vscode.window.showErrorMessage(
        `Loss Debugger: the engine stopped unexpectedly (${info.reason}). It has been reset; ${info.failed.length ? 'the running job failed — ' : ''}run the command again.`,
        'Show Log',
      ).then((c) => (c === 'Show Log' ? log.show() : undefined));
    },
  });
  const diagnostics = new CaseDiagnostics(context.extensionUri);
  const ctl = new Controller(context.extensionUri, bridge, diagnostics, log, context.workspaceState);

  const guard = <A extends unknown[]>(name: string, f: (...a: A) => Promise<unknown>) => async (...a: A): Promise<void> => {
    try {
      await f(...a);
    } catch (e) {
      log.appendLine(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Loss Debugger: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  context.subscriptions.push(
    log,
    diagnostics,
    ctl,
    { dispose: () => void bridge.dispose() },
    vscode.commands.registerCommand('lossDebugger.inspectFile', guard('inspectFile', (uri?: unknown) => ctl.inspectCommand(uri))),
    vscode.commands.registerCommand('lossDebugger.runScenario', guard('runScenario', (id?: unknown) =>
      typeof id === 'string' ? ctl.runScenario(id) : ctl.pickAndRun(false))),
    vscode.commands.registerCommand('lossDebugger.runSweep', guard('runSweep', (id?: unknown) =>
      typeof id === 'string' ? ctl.runScenario(id) : ctl.pickAndRun(true))),
    vscode.commands.registerCommand('lossDebugger.showRule', guard('showRule', (id?: unknown) => ctl.showRule(id))),
    vscode.commands.registerCommand('lossDebugger.newCase', guard('newCase', () => ctl.newCase())),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, ctl.panels),
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'json' }, { language: 'jsonc' }],
      diagnostics,
      { providedCodeActionKinds: CaseDiagnostics.kinds },
    ),
    vscode.workspace.onDidSaveTextDocument((doc) => void ctl.onSaved(doc).catch((e: unknown) => log.appendLine(`re-inspect on save failed: ${String(e)}`))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lossDebugger')) void ctl.reinspectAll().catch((err: unknown) => log.appendLine(`re-inspect after a settings change failed: ${String(err)}`));
    }),
    vscode.workspace.onDidDeleteFiles((ev) => ev.files.forEach((f) => diagnostics.clear(f))),
  );

  const activationMs = performance.now() - t0;
  log.appendLine(`activate took ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    inspect: (uri) => ctl.inspectCase(uri),
    inspectTensors: (p) => ctl.inspectTensors(p),
    runScenario: (id, opts) => ctl.runScenario(id, opts),
    panelKeys: () => ctl.panels.keys(),
    simulateWebviewMessage: (key, message) => {
      const entry = ctl.panels.get(key);
      return entry ? ctl.panels.receive(entry, message) : false;
    },
    ignoredWebviewMessages: () => ctl.panels.ignoredMessages,
    cancel: (key) => ctl.panels.get(key)?.job?.abort(),
    worker: () => ({ starts: bridge.starts, crashes: bridge.crashes }),
    crashWorker: async (how) => {
      try {
        await bridge.request('crash', { how });
        return 'no crash';
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the worker is terminated there).
}
