/**
 * Training scenarios and their results. `RunResult`/`ScenarioResult` are what the training engine
 * returns (numbers may be NaN/±Inf); `TrainReport`/`RunReport` are the same results as JSON carries
 * them (non-finite numbers become null, see `toJsonSafe`): what `lossdbg train --json` prints and
 * what the panel receives.
 */
import type { Series } from './case-view';
import type { Finding } from './finding';

export type ScenarioKind = 'tutorial' | 'mistake' | 'sweep';

/** The seed every scenario runs with unless told otherwise: CLI, VS Code commands, the API (the tutorial's mini project uses 42). */
export const DEFAULT_SEED = 42;

export interface ScenarioInfo {
  id: string;
  title: string;
  /** One line. */
  description: string;
  kind: ScenarioKind;
}

/**
 * The value a sweep varies in this run (`label_smoothing` 0.1, `pos_weight` 19): the panel draws the
 * final key metric against it. `group` separates runs that share the value but differ otherwise
 * (the tutorial's ε/(K−1) convention beside PyTorch's ε/K).
 */
export interface SweptValue {
  param: string;
  value: number;
  group?: string;
}

/** The loss a run trains with, under PyTorch's argument names (only non-default arguments besides `type`). */
export interface LossConfig {
  type: string;
  [arg: string]: number | string | boolean | number[];
}

export interface RunResult {
  /** e.g. `regression`, `double-softmax`, `double-softmax-fixed`, `ls-0.1`. */
  name: string;
  /** What this run does, in one sentence. */
  description: string;
  /** The task the model solves. */
  task: 'regression' | 'binary' | 'multilabel' | 'multiclass' | 'tagging';
  loss: LossConfig;
  /** Recipe: model sizes, optimizer, batch size, epochs, data sizes. */
  recipe: {
    model: string;
    optimizer: string;
    batch_size: number;
    epochs: number;
    train_rows: number;
    val_rows: number;
    /** Rows of the test split, for runs that tune a threshold on validation and report on test. */
    test_rows?: number;
  };
  /** What to look at in this run's results, in words (shown under the run by the CLI and the panel). */
  look_for?: string;
  /**
   * Per epoch: `train_loss` (mean of the batch losses, weighted by batch size, as the tutorial's
   * loop computes it), `val_loss` (criterion on the held-out set after the epoch) and `val_<metric>`.
   */
  history: Record<string, number[]>;
  /**
   * After training: `train_loss` is the criterion over the WHOLE training set; unprefixed metrics are
   * over the training set too; `val_*` over the held-out set.
   */
  final: Record<string, number>;
  /** Diagnostics on the final batch and the loss history, plus the runner's own findings. */
  findings: Finding[];
  /**
   * Extra plain data for reports, on the held-out set: `reliability` (15 bins: lo, hi, count, confidence,
   * accuracy) and `confusion` (rows = truth) for multi-class; `confusion` ({tp, fp, tn, fn} at 0.5),
   * `pr_curve` (≤ 101 points) and `best_f1` for binary; `per_label` for multilabel.
   */
  details: Record<string, unknown>;
  /** Epochs actually run (less than recipe.epochs only if cancelled, which rejects instead). */
  epochs_run: number;
  /** Sweeps: the value this run sets. */
  swept?: SweptValue;
  /**
   * Per optimizer step (one batch): the 1-based global step and that batch's loss, thinned evenly to
   * at most MAX_STEP_POINTS points (first and last kept), for a step x-axis.
   */
  step_history?: { step: number[]; train_loss: number[] };
  /** The global step at the end of each epoch (index = epoch − 1): where per-epoch values sit on a step axis. */
  epoch_end_step?: number[];
}

/** At most this many per-step points per run in a result (a report stays small however long the run). */
export const MAX_STEP_POINTS = 1000;
/** At most this many per-step points per run and epoch in a progress message. */
export const MAX_STEP_POINTS_PER_EPOCH = 64;

export interface ScenarioResult {
  scenario: string;
  title: string;
  kind: ScenarioKind;
  seed: number;
  runs: RunResult[];
  /** For sweeps (and mistakes): one row per run with the metrics to compare. */
  summary?: { columns: string[]; rows: (string | number)[][] };
  /**
   * The scenario's verdict in words, from this seed's numbers: what the comparison shows and whether
   * the lesson it illustrates held (e.g. "Smallest per-class recall: plain 0.526, weighted 0.717 …").
   */
  verdict?: string;
  /** Wall time of the training, in seconds. */
  seconds: number;
}

/** Sent after every epoch of every run. */
export interface ScenarioProgress {
  scenario: string;
  run: string;
  /** 0-based index of the run and the number of runs. */
  runIndex: number;
  runCount: number;
  /** 1-based epoch just finished, of `epochs`. */
  epoch: number;
  epochs: number;
  train_loss: number;
  val_loss: number;
  /** The `val_*` metrics of this epoch. */
  metrics: Record<string, number>;
  /** Seconds since the scenario started. */
  elapsed: number;
  /** The loss the run trains with (`CrossEntropyLoss`). */
  loss?: string;
  /** The global step (batches so far, 1-based) at the end of this epoch. */
  step?: number;
  /** This epoch's batches: global steps and losses, thinned to MAX_STEP_POINTS_PER_EPOCH. */
  batch_steps?: number[];
  batch_losses?: number[];
}

/** One training run as JSON carries it (a RunResult with non-finite numbers as null). */
export interface RunReport {
  name: string;
  /** The loss configuration of this run (free-form, shown as given). */
  loss: Record<string, unknown>;
  /** Per epoch: `train_loss`, usually `val_loss`, and one series per metric. */
  history: Record<string, Series>;
  /** Values after the last epoch: `train_loss` and the metrics. */
  final: Record<string, number | null>;
  findings: Finding[];
  /** What to look at in this run's results, in words. */
  look_for?: string;
  /** The task the model solves (`binary`, `multiclass`, …), when the producer knows it. */
  task?: string;
  /** Extra plain data (confusion matrix, PR curve …; see RunResult.details). */
  details?: Record<string, unknown>;
  /** Sweeps: the value this run sets. */
  swept?: SweptValue;
  /** Per optimizer step: global step and batch loss (see RunResult.step_history). */
  step_history?: { step: number[]; train_loss: Series };
  /** The global step at the end of each epoch (index = epoch − 1). */
  epoch_end_step?: number[];
}

/** The result of a scenario as JSON carries it: what `lossdbg train --json` prints. */
export interface TrainReport {
  scenario: string;
  seed: number;
  runs: RunReport[];
  seconds: number;
  /** Optional extras a producer may add. */
  title?: string;
  kind?: ScenarioKind;
  /** For sweeps and mistakes: one row per run with the metrics to compare. */
  summary?: { columns: string[]; rows: Array<Array<string | number | null>> };
  /** What the comparison shows at this seed, in words. */
  verdict?: string;
}
