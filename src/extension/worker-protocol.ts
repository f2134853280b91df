/**
 * Messages between the extension host and its engine worker (dist/worker.js). Types only: the
 * extension host imports this file without pulling any engine code into its bundle.
 *
 * host → worker: `{ kind: 'request', id, method, params }` and `{ kind: 'cancel', id }`.
 * worker → host: `{ kind: 'progress', id, progress }`, `{ kind: 'result', id, result }`,
 *                `{ kind: 'error', id, error }`, and once at start-up `{ kind: 'ready' }`.
 */
import type { Severity } from '../diagnostics/types';
import type { ScenarioInfo } from '../scenarios/types';
import type { CaseViewPayload, ScenarioProgressPayload, ScenarioResultPayload } from './engine-types';

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
}

/** A finding with the place in the case file it concerns. */
export interface PlacedFinding {
  rule: string;
  severity: Severity;
  title: string;
  message: string;
  fix: string;
  docs: string;
  field?: string;
  edit?: { path: string[]; value: unknown };
  /** Where the diagnostic goes (the field's value, or the top of the file when unknown). */
  range: TextRange;
}

export interface InspectResult {
  /** The file inspected (absolute path). */
  file: string;
  /** A short title for the panel. */
  title: string;
  view: CaseViewPayload;
  findings: PlacedFinding[];
  /** Where the `loss` value sits in the file (for quick fixes), when known. */
  lossRange?: TextRange;
  /** The recomputed loss, when it is a scalar. */
  lossValue: number | null;
  lossError?: string;
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

export type { ScenarioInfo } from '../scenarios/types';

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: string;
  defaults: Record<string, number>;
}

/** How `crash` takes the worker down (for tests of the restart path). */
export type CrashHow = 'throw' | 'oom' | 'exit' | 'hang';

/** Every request the worker answers: its parameters, its result and its progress messages. */
export interface WorkerMethods {
  ping: { params: Record<string, never>; result: { pid: number; threadId: number }; progress: never };
  inspect: { params: { file: string; settings: InspectSettings }; result: InspectResult; progress: never };
  inspectTensors: { params: InspectTensorsParams; result: InspectResult; progress: never };
  listTensors: { params: { file: string }; result: TensorEntry[]; progress: never };
  listScenarios: { params: Record<string, never>; result: ScenarioInfo[]; progress: never };
  runScenario: {
    params: { id: string; seed: number; epochs?: number };
    result: ScenarioResultPayload;
    progress: ScenarioProgressPayload;
  };
  listRules: { params: Record<string, never>; result: RuleInfo[]; progress: never };
  crash: { params: { how: CrashHow }; result: never; progress: never };
}

export type WorkerMethod = keyof WorkerMethods;
export type ParamsOf<M extends WorkerMethod> = WorkerMethods[M]['params'];
export type ResultOf<M extends WorkerMethod> = WorkerMethods[M]['result'];
export type ProgressOf<M extends WorkerMethod> = WorkerMethods[M]['progress'];

/** An error as it crosses the thread boundary. `kind: 'input'` is a LossDebuggerError (bad input). */
export interface WorkerErrorInfo {
  kind: 'input' | 'cancelled' | 'crashed' | 'internal';
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  where?: { file?: string; path?: string; line?: number; column?: number };
}

export type HostToWorker =
  | { kind: 'request'; id: number; method: WorkerMethod; params: unknown }
  | { kind: 'cancel'; id: number };

export type WorkerToHost =
  | { kind: 'ready' }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: WorkerErrorInfo };
