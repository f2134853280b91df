/**
 * The messages between the extension host and the webview, and the plain data they carry.
 *
 * Both sides import this file, so it imports nothing: the shapes of findings, training results and
 * the case view are mirrored here as plain, structured-clone-friendly types (no classes, no typed
 * arrays). Every message is an object tagged by `type`.
 *
 * Messages from the webview are untrusted input for the host: it must check each one with
 * `isWebviewToHost` and ignore (and log) anything that does not pass. `isHostToWebview` is the
 * webview's lighter check of what it receives.
 */

export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Shared data
// ---------------------------------------------------------------------------------------------

export type Severity = 'error' | 'warning' | 'info';

export type EvidenceValue =
  | number | string | boolean | null | number[] | string[] | Record<string, number | string | null>;

/** Mirrors `Finding` in src/diagnostics/types.ts (a Finding is assignable to it). */
export interface FindingView {
  rule: string;
  severity: Severity;
  title: string;
  message: string;
  evidence: Record<string, EvidenceValue>;
  /** PyTorch code, possibly several lines. */
  fix: string;
  /** Relative path of the rule's doc page, e.g. `docs/rules/double-softmax.md`. */
  docs: string;
  /** The JSON field the finding concerns (`loss.ignore_index`, `input`, ...). */
  field?: string;
  edit?: { path: string[]; value: unknown };
}

export type RunKind = 'tutorial' | 'mistake' | 'sweep';

/** A curve; `null` stands for a value JSON could not carry (NaN, ±Inf). */
export type Series = Array<number | null>;

/** One training run of a scenario, as the training engine reports it when the run is over. */
export interface RunResult {
  name: string;
  /** The loss configuration of this run (free-form, shown as given). */
  loss: Record<string, unknown>;
  /** Per epoch: `train_loss`, usually `val_loss`, and one series per metric. */
  history: Record<string, Series>;
  /** Values after the last epoch: `train_loss` and the metrics. */
  final: Record<string, number | null>;
  findings: FindingView[];
}

/** The result of a scenario: what `lossdbg train --json` prints. */
export interface TrainReport {
  scenario: string;
  seed: number;
  runs: RunResult[];
  seconds: number;
  /** Optional extras a producer may add. */
  title?: string;
  kind?: RunKind;
  /** For sweeps and mistakes: one row per run with the metrics to compare. */
  summary?: { columns: string[]; rows: Array<Array<string | number | null>> };
}

/** A one-line error about a case file: where it is and how to fix it. Never leaves a blank panel. */
export interface CaseErrorView {
  message: string;
  file?: string;
  /** JSON path such as `input[3][17]` or `loss.label_smoothing`. */
  path?: string;
  line?: number;
  column?: number;
  hint?: string;
  /** `LossDebuggerError.code` when known (syntax, shape, value, ...). */
  code?: string;
}

/** A label and a value for summary and metrics tables. */
export interface StatRow {
  label: string;
  value: number | string | null;
  /** A short explanation shown next to the value. */
  note?: string;
}

export interface HistogramView {
  /** bins + 1 edges, increasing. */
  edges: number[];
  counts: number[];
  min: number;
  max: number;
  /** Values that are NaN or ±Inf (not in any bin). */
  nonFinite: number;
  total: number;
  /** Share of finite values inside [0, 1]. */
  inUnitInterval: number;
  /** One sentence: "looks like probabilities" / "looks like logits" / ... */
  interpretation: string;
  /** Outliers left out when the bins cover a robust range (0.1%–99.9% quantiles) instead of [min, max]. */
  below?: number;
  above?: number;
  /** Highlight the bins inside [0, 1] (where probabilities live): set for classification losses. */
  markUnitInterval?: boolean;
}

export interface BarsView {
  labels: string[];
  values: number[];
  /** The sum over the classes not listed (big vocabularies), when any. */
  other?: number;
  otherCount?: number;
  /** Optional counts behind each bar (e.g. samples per class for a mean). */
  counts?: number[];
  caption?: string;
}

export interface CurvePoint { x: number; y: number }

export interface PRView {
  /** Points ordered by recall. */
  points: CurvePoint[];
  averagePrecision: number | null;
  prevalence: number;
  label?: string;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean predicted confidence of the samples in the bin. */
  confidence: number | null;
  /** Observed frequency of being right (positive) in the bin. */
  accuracy: number | null;
}

export interface ReliabilityView {
  bins: ReliabilityBin[];
  /** Expected calibration error. */
  ece: number | null;
  label: string;
}

export interface SampleRow {
  /** Flat index into the per-element loss, and its multi-index as text (`[3, 17]`). */
  index: number;
  position: string;
  target: string;
  predicted: string;
  loss: number;
  /** Share of the total loss (0..1). */
  share: number;
}

/** Everything the panel shows for an inspected loss case. Small: never the raw tensors. */
export interface CaseView {
  file?: string;
  title: string;
  lossType: string;
  lossArgs: Record<string, string | number | boolean | null>;
  /** The recomputed loss (null for reduction 'none' or when it failed). */
  lossValue: number | null;
  lossError?: string;
  reportedLoss?: number;
  summary: StatRow[];
  metrics: StatRow[];
  histogram?: HistogramView;
  classFrequency?: BarsView;
  perClassLoss?: BarsView;
  pr?: PRView;
  reliability?: ReliabilityView;
  topSamples?: SampleRow[];
  /** Share of the total loss carried by the listed top samples. */
  topSamplesShare?: number;
  /** Loss history from the case file, when it has one. */
  history?: { train?: Series; val?: Series };
  findings: FindingView[];
}

// ---------------------------------------------------------------------------------------------
// Host → webview
// ---------------------------------------------------------------------------------------------

export interface ShowCaseMessage { type: 'showCase'; view: CaseView }
export interface CaseErrorMessage { type: 'caseError'; error: CaseErrorView }
export interface RunStartedMessage {
  type: 'runStarted';
  scenario: string;
  title: string;
  runs: string[];
  kind: RunKind;
  epochs?: number;
  description?: string;
}
export interface ProgressMessage {
  type: 'progress';
  run: string;
  /** 1-based epoch that just finished. */
  epoch: number;
  epochs: number;
  train_loss: number | null;
  val_loss?: number | null;
  metrics?: Record<string, number | null>;
}
export interface RunFinishedMessage { type: 'runFinished'; result: TrainReport }
export interface RunFailedMessage { type: 'runFailed'; scenario: string; message: string }
export interface RunCancelledMessage { type: 'runCancelled'; scenario: string }
/** A rule's documentation as plain text (markdown source), shown in the panel. */
export interface RuleDocMessage { type: 'ruleDoc'; rule: string; title: string; text: string }

export type HostToWebview =
  | ShowCaseMessage | CaseErrorMessage | RunStartedMessage | ProgressMessage
  | RunFinishedMessage | RunFailedMessage | RunCancelledMessage | RuleDocMessage;

// ---------------------------------------------------------------------------------------------
// Webview → host
// ---------------------------------------------------------------------------------------------

export interface ReadyMessage { type: 'ready' }
/** Copy text to the clipboard (the webview also tries navigator.clipboard itself). */
export interface CopyMessage { type: 'copy'; text: string }
export interface OpenRuleMessage { type: 'openRule'; rule: string; docs?: string }
/** Reveal a JSON field (`loss.ignore_index`) of the case file in the editor. */
export interface RevealFieldMessage { type: 'revealField'; field: string; file?: string }
export interface CancelRunMessage { type: 'cancelRun'; scenario?: string }
export interface RerunMessage { type: 'rerun'; scenario?: string }
/** Something went wrong inside the webview; the host logs it. */
export interface WebviewErrorMessage { type: 'webviewError'; message: string }

export type WebviewToHost =
  | ReadyMessage | CopyMessage | OpenRuleMessage | RevealFieldMessage
  | CancelRunMessage | RerunMessage | WebviewErrorMessage;

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** Limits for untrusted strings from the webview. */
export const MAX_COPY_CHARS = 1_000_000;
export const MAX_ID_CHARS = 200;
export const MAX_MESSAGE_CHARS = 10_000;

/** Rule ids: `double-softmax`, `missing-ignore-index`. */
const RULE_ID = /^[a-z0-9][a-z0-9._-]*$/;
/** Doc paths: relative, no `..`, no scheme. */
const DOC_PATH = /^(?!.*\.\.)(?![a-zA-Z][a-zA-Z0-9+.-]*:)[A-Za-z0-9._/-]+$/;
/** JSON fields: `loss.ignore_index`, `input[3][17]`, `meta.class_names`. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
/** Scenario ids. */
const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasOnly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

function str(v: unknown, max: number, re?: RegExp): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= max && (re === undefined || re.test(v));
}

function optStr(o: Record<string, unknown>, key: string, max: number, re?: RegExp): boolean {
  return !(key in o) || o[key] === undefined || str(o[key], max, re);
}

/**
 * Full validation of a message from the webview: known `type`, required fields of the right type
 * and size, no unknown keys. Anything else (junk, prototype tricks, huge strings) is rejected.
 */
export function isWebviewToHost(msg: unknown): msg is WebviewToHost {
  if (!isRecord(msg)) return false;
  const proto: unknown = Object.getPrototypeOf(msg);
  if (proto !== Object.prototype && proto !== null) return false;
  switch (msg.type) {
    case 'ready':
      return hasOnly(msg, ['type']);
    case 'copy':
      return hasOnly(msg, ['type', 'text']) && typeof msg.text === 'string' && msg.text.length <= MAX_COPY_CHARS;
    case 'openRule':
      return hasOnly(msg, ['type', 'rule', 'docs']) && str(msg.rule, MAX_ID_CHARS, RULE_ID)
        && optStr(msg, 'docs', MAX_ID_CHARS, DOC_PATH);
    case 'revealField':
      return hasOnly(msg, ['type', 'field', 'file']) && str(msg.field, MAX_ID_CHARS, FIELD)
        && optStr(msg, 'file', 4096);
    case 'cancelRun':
    case 'rerun':
      return hasOnly(msg, ['type', 'scenario']) && optStr(msg, 'scenario', MAX_ID_CHARS, SCENARIO_ID);
    case 'webviewError':
      return hasOnly(msg, ['type', 'message']) && str(msg.message, MAX_MESSAGE_CHARS);
    default:
      return false;
  }
}

function isNumOrNull(v: unknown): boolean {
  return v === null || typeof v === 'number';
}

function isNumRecord(v: unknown): boolean {
  return isRecord(v) && Object.values(v).every(isNumOrNull);
}

function isStringArray(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

const RUN_KINDS: readonly string[] = ['tutorial', 'mistake', 'sweep'];

/** A structural check that a TrainReport can be rendered (runs with names and histories). */
export function isTrainReport(v: unknown): v is TrainReport {
  if (!isRecord(v) || typeof v.scenario !== 'string' || !Array.isArray(v.runs)) return false;
  return v.runs.every((r) => isRecord(r) && typeof r.name === 'string' && isRecord(r.history)
    && Object.values(r.history).every((s) => Array.isArray(s) && s.every(isNumOrNull))
    && (r.final === undefined || isNumRecord(r.final))
    && (r.findings === undefined || Array.isArray(r.findings)));
}

/** A structural check of a CaseView (the fields the webview relies on). */
export function isCaseView(v: unknown): v is CaseView {
  return isRecord(v) && typeof v.title === 'string' && typeof v.lossType === 'string'
    && Array.isArray(v.summary) && Array.isArray(v.metrics) && Array.isArray(v.findings);
}

/** The webview's check of what the host sends: the tag and the fields it dereferences. */
export function isHostToWebview(msg: unknown): msg is HostToWebview {
  if (!isRecord(msg)) return false;
  switch (msg.type) {
    case 'showCase':
      return isCaseView(msg.view);
    case 'caseError':
      return isRecord(msg.error) && typeof msg.error.message === 'string';
    case 'runStarted':
      return typeof msg.scenario === 'string' && typeof msg.title === 'string' && isStringArray(msg.runs)
        && typeof msg.kind === 'string' && RUN_KINDS.includes(msg.kind);
    case 'progress':
      return typeof msg.run === 'string' && typeof msg.epoch === 'number' && typeof msg.epochs === 'number'
        && isNumOrNull(msg.train_loss) && (msg.val_loss === undefined || isNumOrNull(msg.val_loss))
        && (msg.metrics === undefined || isNumRecord(msg.metrics));
    case 'runFinished':
      return isTrainReport(msg.result);
    case 'runFailed':
      return typeof msg.scenario === 'string' && typeof msg.message === 'string';
    case 'runCancelled':
      return typeof msg.scenario === 'string';
    case 'ruleDoc':
      return typeof msg.rule === 'string' && typeof msg.title === 'string' && typeof msg.text === 'string';
    default:
      return false;
  }
}

/** A CaseErrorView from anything thrown (a LossDebuggerError's fields are used when present). */
export function toCaseErrorView(e: unknown, file?: string): CaseErrorView {
  const out: CaseErrorView = { message: 'unknown error' };
  if (isRecord(e) || e instanceof Error) {
    const r = e as unknown as Record<string, unknown>;
    const detail = typeof r.detail === 'string' ? r.detail : typeof r.message === 'string' ? r.message : String(e);
    out.message = detail.replace(/\s*\n\s*/g, ' ');
    const where = isRecord(r.where) ? r.where : {};
    if (typeof where.file === 'string') out.file = where.file;
    if (typeof where.path === 'string') out.path = where.path;
    if (typeof where.line === 'number') out.line = where.line;
    if (typeof where.column === 'number') out.column = where.column;
    if (typeof r.hint === 'string') out.hint = r.hint;
    if (typeof r.code === 'string') out.code = r.code;
  } else if (e !== undefined) {
    out.message = String(e);
  }
  if (out.file === undefined && file !== undefined) out.file = file;
  return out;
}
