/** What the panel remembers across reloads (vscode.getState/setState), read back by the host on restore. */
import type { CaseView, Series } from './case-view';
import type { CaseErrorView } from './error';
import type { RunLogMessage } from './messages';
import type { ScenarioKind, TrainReport } from './train';

/** TensorBoard's smoothing: a debiased exponential moving average. */
export interface Smoothing {
  /** Weight of the past, in [0, 0.99]: 0 draws the raw values. */
  weight: number;
}

/** What the x-axis of the loss and metric charts counts. */
export type XAxisKind = 'epoch' | 'step' | 'time';

/** What the x-axis of the training-run view counts: the log's steps, its epochs or wall time. */
export type RunXAxisKind = 'step' | 'epoch' | 'time';

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
  /** Epochs each run will train for (runs of one scenario may differ). */
  epochsOfRun?: Record<string, number>;
  /** The loss each run trains with (`MSELoss`): curves of different losses are drawn on separate charts. */
  lossOf?: Record<string, string>;
  /** Seconds since the scenario started, per run and epoch (index = epoch − 1), for a wall-time x-axis. */
  timeOf?: Record<string, Array<number | null>>;
  /** Per run: the loss of each optimizer step (thinned), for a step x-axis. */
  steps?: Record<string, { step: number[]; train_loss: Series }>;
  /** Per run: the global step at the end of each epoch (index = epoch − 1). */
  stepOf?: Record<string, Array<number | null>>;
  /** The run of the latest progress message (the one training now). */
  current?: string;
  /** The run training now (0-based) of how many, while running. */
  runIndex?: number;
  runCount?: number;
  result?: TrainReport;
}

export interface UiSettings {
  smoothing: Smoothing;
  logScale: boolean;
  /** Smoothing of per-step curves (the training-run view; TensorBoard's 0.6 by default). */
  stepSmoothing?: Smoothing;
  /** Log scale of the training-run view (default: on when the loss falls by more than 20×). */
  stepLogScale?: boolean;
  /** x-axis of the training-run view (default: step). */
  stepXAxis?: RunXAxisKind;
  /** x-axis of the curves (default: epoch). */
  xAxis?: XAxisKind;
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
