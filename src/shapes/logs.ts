/**
 * Shapes of the training-log readers and curve reports (src/logs/, `lossdbg curves --json`, the
 * training-run panel): a run is a set of named scalar series (step → value) read from one path,
 * plus notes about what was skipped.
 */
import type { Finding } from './finding';

/** The formats `lossdbg curves` and the panel read. */
export type LogFormat =
  | 'lossdbg-run'       // our run folder: rank<k>.jsonl (+ cases/)
  | 'tensorboard'       // events.out.tfevents.* (TFRecord + Event protobufs)
  | 'lightning-csv'     // PyTorch Lightning CSVLogger metrics.csv (sparse rows)
  | 'hf-trainer-state'  // Hugging Face Trainer trainer_state.json (log_history)
  | 'keras-csv'         // Keras CSVLogger (epoch column first)
  | 'csv'               // generic CSV with a step column (or the row number)
  | 'jsonl';            // generic JSON lines with a step field (or the line number)

/** One scalar curve as the log names it (`train/loss`, `val_loss`, `eval_loss`). */
export interface LogSeries {
  name: string;
  steps: Float64Array;
  values: Float64Array;
  /** Wall-clock seconds per point (NaN where the log gave none), when the log records time. */
  times?: Float64Array;
  /** Epoch per point (NaN where the log gave none), when the log records epochs besides steps. */
  epochs?: Float64Array;
}

/** Something a reader skipped or could not use, with where it was. Never contains raw file bytes. */
export interface LogNote {
  file: string;
  /** `line 12`, `record 40 (byte 1532)`, ... */
  where?: string;
  message: string;
}

/** A loss-case snapshot the run folder's log announced (`{"type": "snapshot", ...}`). */
export interface SnapshotRef {
  step: number;
  time?: number;
  /** Path relative to the run folder, as the log wrote it (`cases/step_40.losscase.json`). */
  path: string;
  reason: string;
  rank: number;
}

/** What our run folder's header line says (`{"type": "header", "format": "lossdbg-run", ...}`). */
export interface RunHeader {
  loss?: string;
  args?: Record<string, unknown>;
  rank?: number;
  worldSize?: number;
  torch?: string;
  lossdbg?: string;
  startTime?: number;
}

/** Per-series summary as `lossdbg curves --json` prints it. */
export interface SeriesSummary {
  name: string;
  points: number;
  first: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
}

/** One run as `lossdbg curves --json` prints it (`notes` only when something was skipped). */
export interface CurvesRunReport {
  source: string;
  format: LogFormat;
  series: SeriesSummary[];
  findings: Finding[];
  notes?: LogNote[];
}

/** A series of a watched run, decimated for drawing. */
export interface LiveSeries {
  name: string;
  steps: number[];
  values: number[];
  /** Seconds since the run's first logged time, per point (null: no time logged for it); only when the log records time. */
  times?: Array<number | null>;
  /** Epoch per point (null: none logged for it); only when the log records epochs besides steps. */
  epochs?: Array<number | null>;
  summary: SeriesSummary;
}

/** A loss-case snapshot of a watched run, with its absolute path (inside the run folder). */
export interface LiveSnapshot {
  step: number;
  reason: string;
  rank: number;
  file: string;
}

/** What a watched run sends after each read that changed something. */
export interface LiveUpdate {
  source: string;
  format: LogFormat;
  series: LiveSeries[];
  findings: Finding[];
  /** Findings not reported by an earlier update. */
  added: Finding[];
  snapshots: LiveSnapshot[];
  notes: LogNote[];
  /** The main training loss' last step and value. */
  lastStep: number | null;
  lastLoss: number | null;
  resets: number;
}
