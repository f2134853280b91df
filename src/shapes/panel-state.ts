/** What the panel remembers across reloads (vscode.getState/setState), read back by the host on restore. */
import type { CaseView, Series } from './case-view';
import type { CaseErrorView } from './error';
import type { RunLogMessage } from './messages';
import type { ScenarioKind, TrainReport } from './train';

export type SmoothingKind = 'none' | 'ma' | 'ema';

export interface Smoothing {
  kind: SmoothingKind;
  /** Moving-average window (points, >= 1). */
  window: number;
  /** EMA weight of the newest point, in (0, 1]: 1 is no smoothing. */
  alpha: number;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled';

export interface TrainState {
  scenario: string;
  title: string;
  kind: ScenarioKind;
  description?: string;
  runs: string[];
  epochs?: number;
  status: RunStatus;
  message?: string;
  /** Per run, per key (train_loss, val_loss, metrics): values by epoch (index = epoch − 1). */
  series: Record<string, Record<string, Series>>;
  /** Latest epoch seen per run. */
  epochOf: Record<string, number>;
  result?: TrainReport;
}

export interface UiSettings {
  smoothing: Smoothing;
  logScale: boolean;
  /** Metric shown in the metric-curve chart. */
  metric?: string;
}

export interface PanelState {
  v: 1;
  mode: 'empty' | 'case' | 'error' | 'train' | 'runlog';
  caseView?: CaseView;
  error?: CaseErrorView;
  train?: TrainState;
  /** The training-run view (Watch Training Run… / Open Training Log…). */
  runLog?: RunLogMessage;
  ui: UiSettings;
}
