/**
 * Messages between the extension host and its engine worker (dist/worker.js).
 *
 * host → worker: `{ kind: 'request', id, method, params }` and `{ kind: 'cancel', id }`.
 * worker → host: `{ kind: 'progress', id, progress }`, `{ kind: 'result', id, result }`,
 *                `{ kind: 'error', id, error }`, and once at start-up `{ kind: 'ready' }`.
 */
import type { CaseView } from './case-view';
import type { LintRequest, LintResult } from './code';
import type { WorkerErrorInfo } from './error';
import type { Finding, Severity } from './finding';
import type { L10nSetup } from './l10n';
import type { LiveUpdate } from './logs';
import type { ProgressMessage } from './messages';
import type { ScenarioInfo, ScenarioResult } from './train';

/**
 * What the host hands a worker when it starts it (`workerData` of the engine worker and the lint
 * worker): the display language and its bundle, set with `setL10n` before any request is handled.
 */
export interface WorkerInit {
  l10n?: L10nSetup;
}

/** A position in a text document, 0-based, `character` in UTF-16 code units (as VS Code counts). */
export interface TextPos {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPos;
  end: TextPos;
}

/** User settings that shape an inspection (from `lossDebugger.*`). */
export interface InspectSettings {
  /** Per rule id: option overrides. */
  options: Record<string, Record<string, number>>;
  disabled: string[];
  dtype: 'float64' | 'float32';
  maxFileBytes: number;
  /** Memory budget for one case (bytes). */
  maxMemoryBytes: number;
  /** Folders besides a case's own that its side files may be in (empty in untrusted workspaces). */
  allowedRoots: string[];
}

/** A finding with the place in the case file it concerns (the Problems panel's view of it). */
export type PlacedFinding = Omit<Finding, 'evidence'> & { range: TextRange };

export interface InspectResult {
  /** The file inspected (absolute path). */
  file: string;
  /** A short title for the panel. */
  title: string;
  /** The panel's view: it carries the findings, the recomputed loss and the file, once. */
  view: CaseView;
  /** Per finding of `view.findings`, in the same order: where it goes in the file. */
  ranges: TextRange[];
  /** Where the `loss` value sits in the file (for quick fixes), when known. */
  lossRange?: TextRange;
  /** Time spent in the worker. */
  ms: number;
}

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
}

/** A loss case assembled from tensor files (`.npy` / `.safetensors`). */
export interface InspectTensorsParams {
  /** The file holding the input (logits / predictions). */
  inputFile: string;
  /** Tensor name inside a `.safetensors` file. */
  inputName?: string;
  /** The target: another file, or another tensor of the same `.safetensors` file. */
  targetFile: string;
  targetName?: string;
  /** The loss: a loss type (`CrossEntropyLoss`) or a loss object as in a case file. */
  loss: string | Record<string, unknown>;
  settings: InspectSettings;
}

/**
 * Progress of an inspection whose input is read in chunks of rows: `read` the first pass over the
 * file, `rule` a rule asking for more of it (another pass, or rows read back); `rows` of `of` done.
 */
export interface InspectProgress {
  stage: 'read' | 'rule';
  rows: number;
  of: number;
  rule?: string;
}

/** Progress of `runScenario` as the worker sends it: the panel's message, and where the scenario stands. */
export interface ScenarioProgressUpdate {
  message: ProgressMessage;
  /** 0-based index of the run and the number of runs. */
  runIndex: number;
  runCount: number;
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: string;
  defaults: Record<string, number>;
}

/** How the test-build-only `crash` request takes the worker down (tests of the restart path). */
export type CrashHow = 'throw' | 'oom' | 'exit' | 'hang';

/** Every request the worker answers: its parameters, its result and its progress messages. */
export interface WorkerMethods {
  ping: { params: Record<string, never>; result: { pid: number; threadId: number }; progress: never };
  /**
   * `text`: the editor's current text (unsaved or untitled), parsed instead of the file on disk;
   * `baseDir`: the folder its side files are relative to (for an untitled buffer).
   */
  inspect: { params: { file: string; text?: string; baseDir?: string; settings: InspectSettings }; result: InspectResult; progress: InspectProgress };
  inspectTensors: { params: InspectTensorsParams; result: InspectResult; progress: InspectProgress };
  listTensors: { params: { file: string }; result: TensorEntry[]; progress: never };
  listScenarios: { params: Record<string, never>; result: ScenarioInfo[]; progress: never };
  runScenario: {
    params: { id: string; seed: number; epochs?: number };
    result: ScenarioResult;
    progress: ScenarioProgressUpdate;
  };
  listRules: { params: Record<string, never>; result: RuleInfo[]; progress: never };
  /** Finished training logs, one update per path (Open Training Log…). */
  readRuns: { params: { paths: string[]; settings: InspectSettings; classes?: number; maxPoints?: number }; result: LiveUpdate[]; progress: never };
  /** Follows a run being written until cancelled (Watch Training Run…): an update whenever something changed. */
  watchRun: {
    params: { path: string; settings: InspectSettings; classes?: number; intervalMs?: number; maxPoints?: number };
    result: { polls: number; resets: number };
    progress: LiveUpdate;
  };
  /** Answered by the lint worker (dist/lint-worker.js, src/lint/worker.ts): the open Python documents linted as one project. */
  lint: { params: LintRequest; result: LintResult; progress: never };
  /** The lint worker: forget the incremental parse state of closed documents. */
  lintClose: { params: { files: string[] }; result: null; progress: never };
  /** Test builds only (src/worker/test-hooks.ts). */
  crash: { params: { how: CrashHow }; result: never; progress: never };
}

export type WorkerMethod = keyof WorkerMethods;
export type ParamsOf<M extends WorkerMethod> = WorkerMethods[M]['params'];
export type ResultOf<M extends WorkerMethod> = WorkerMethods[M]['result'];
export type ProgressOf<M extends WorkerMethod> = WorkerMethods[M]['progress'];

export type HostToWorker =
  | { kind: 'request'; id: number; method: WorkerMethod; params: unknown }
  | { kind: 'cancel'; id: number };

export type WorkerToHost =
  | { kind: 'ready' }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: WorkerErrorInfo };
