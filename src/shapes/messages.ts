/**
 * The messages between the extension host and the webview. Every message is an object tagged by
 * `type`. Messages from the webview are untrusted input for the host: src/protocol.ts validates them.
 *
 * The webview's language is not a message: it is in the page before any script runs, as the
 * `L10nSetup` (src/shapes/l10n.ts) in a JSON script `#lossdbg-l10n` (`pageShell`'s `l10n`, read by
 * `readL10nSetup` in src/protocol.ts), so the first render is already in the display language.
 */
import type { CaseView } from './case-view';
import type { CaseErrorView } from './error';
import type { LiveUpdate } from './logs';
import type { ScenarioKind, TrainReport } from './train';

// Host → webview

export interface ShowCaseMessage { type: 'showCase'; view: CaseView }
export interface CaseErrorMessage { type: 'caseError'; error: CaseErrorView }
export interface RunStartedMessage {
  type: 'runStarted';
  scenario: string;
  title: string;
  runs: string[];
  kind: ScenarioKind;
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
  /** The loss the run trains with (`CrossEntropyLoss`): runs of different losses get separate charts. */
  loss?: string;
  /** Seconds since the scenario started. */
  elapsed?: number;
  /** 0-based index of the run among `runCount` runs trained one after another. */
  runIndex?: number;
  runCount?: number;
  /** The global step (batches so far) at the end of this epoch. */
  step?: number;
  /** This epoch's batches (thinned): global steps and losses, for a step x-axis. */
  batch_steps?: number[];
  batch_losses?: Array<number | null>;
}
export interface RunFinishedMessage { type: 'runFinished'; result: TrainReport }
export interface RunFailedMessage { type: 'runFailed'; scenario: string; message: string }
export interface RunCancelledMessage { type: 'runCancelled'; scenario: string }

/** A training run read from its logs (Watch Training Run… / Open Training Log…): replaces what the panel shows. */
export interface RunLogMessage {
  type: 'runLog';
  title: string;
  /** live: the job is being followed; ended: finished logs or watching stopped; error: watching failed. */
  status: 'live' | 'ended' | 'error';
  message?: string;
  runs: LiveUpdate[];
}

export type HostToWebview =
  | ShowCaseMessage | CaseErrorMessage | RunStartedMessage | ProgressMessage
  | RunFinishedMessage | RunFailedMessage | RunCancelledMessage | RunLogMessage;

// Webview → host

export interface ReadyMessage { type: 'ready' }
/** Copy text to the clipboard (the webview also tries navigator.clipboard itself). */
export interface CopyMessage { type: 'copy'; text: string }
export interface OpenRuleMessage { type: 'openRule'; rule: string; docs?: string }
/**
 * Reveal a JSON field (`loss.ignore_index`) of the case file in the editor, or a place (1-based line
 * and column, e.g. where a malformed file stops parsing) when there is no field to find.
 */
export interface RevealFieldMessage { type: 'revealField'; field?: string; file?: string; line?: number; column?: number }
/** Save a chart as PNG (`dataUrl`: data:image/png;base64,…) or its data as CSV (`text`); the host asks where. */
export interface SaveExportMessage { type: 'saveExport'; name: string; text?: string; dataUrl?: string }
/** Apply the quick fix the host has for this panel's file (a finding's rule). */
export interface ApplyFixMessage { type: 'applyFix'; rule: string; field?: string }
export interface CancelRunMessage { type: 'cancelRun'; scenario?: string }
export interface RerunMessage { type: 'rerun'; scenario?: string }
/** Inspect a loss-case snapshot a watched run captured (the host opens only files it listed). */
export interface OpenSnapshotMessage { type: 'openSnapshot'; file: string }
/** Something went wrong inside the webview; the host logs it. */
export interface WebviewErrorMessage { type: 'webviewError'; message: string }

export type WebviewToHost =
  | ReadyMessage | CopyMessage | OpenRuleMessage | RevealFieldMessage
  | CancelRunMessage | RerunMessage | WebviewErrorMessage | OpenSnapshotMessage
  | SaveExportMessage | ApplyFixMessage;
