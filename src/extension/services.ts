/** What every command of the VS Code layer works with: the panels, the workers, the Problems panel, the log. */
import type * as vscode from 'vscode';
import type { RuleInfo, ScenarioInfo } from '../shapes/index';
import type { CaseDiagnostics } from './case-diagnostics';
import type { CodeLint } from './code-lint';
import type { Panels } from './panel';
import type { Tracer } from './trace';
import type { WorkerBridge } from './worker-bridge';

export interface Services {
  readonly extensionUri: vscode.Uri;
  readonly panels: Panels;
  readonly bridge: WorkerBridge;
  readonly diagnostics: CaseDiagnostics;
  /** The Python linter in the editor (its own worker). */
  readonly codeLint: CodeLint;
  readonly log: vscode.OutputChannel;
  /** Debug traces of a panel's way to its first content (./trace.ts). */
  readonly tracer: Tracer;
  /** Lists asked of the worker once per session. */
  cache: { scenarios?: ScenarioInfo[]; rules?: RuleInfo[] };
}
