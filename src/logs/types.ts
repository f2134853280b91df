/**
 * Shapes of the log readers: a run is a set of named scalar series (step → value) read from one
 * path (a file or a folder), plus notes about what was skipped. Pure data, imports nothing.
 */

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
export interface Series {
  name: string;
  steps: Float64Array;
  values: Float64Array;
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
