/**
 * A loss case as every side sees it: the tensors, the loss and its arguments, the user's metadata,
 * and where each field sits in the source file. Plain data (typed arrays are structured-cloneable).
 */

export type DType =
  | 'float16' | 'bfloat16' | 'float32' | 'float64'
  | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'bool';

export type Data = Float64Array | Float32Array;

/**
 * The engine's tensor: a shape, a flat C-order buffer and the dtype the values came from. Integer
 * dtypes are stored as doubles, exact up to 2^53.
 */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Data;
  readonly dtype: DType;
}

/** The nine `torch.nn` losses we recompute. */
export const LOSS_TYPES = [
  'MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss', 'BCELoss', 'BCEWithLogitsLoss',
  'CrossEntropyLoss', 'NLLLoss', 'KLDivLoss',
] as const;
export type LossType = (typeof LOSS_TYPES)[number];

export type Reduction = 'none' | 'mean' | 'sum' | 'batchmean';

/**
 * How label smoothing spreads ε. `pytorch` (default) is what `CrossEntropyLoss(label_smoothing=ε)`
 * does: target = (1−ε)·onehot + ε/K over all K classes. `others` is the textbook variant some
 * tutorials use: 1−ε on the true class and ε/(K−1) on each other class. It is ours, for comparison.
 */
export type SmoothingMode = 'pytorch' | 'others';

export interface LossSpec {
  type: LossType;
  reduction: Reduction;
  /** BCELoss/BCEWithLogitsLoss: broadcast to the input. CrossEntropyLoss/NLLLoss: one per class. */
  weight?: Tensor;
  /** BCEWithLogitsLoss: broadcast over the trailing dimensions of the input. */
  pos_weight?: Tensor;
  ignore_index: number;
  label_smoothing: number;
  smoothing_mode: SmoothingMode;
  delta: number;
  beta: number;
  log_target: boolean;
}

export interface CaseMeta {
  pad_token_id?: number;
  class_names?: string[];
  reported_loss?: number;
  task?: string;
  /** Any other keys the user put in `meta`, kept as given. */
  [key: string]: unknown;
}

export interface CaseHistory {
  train?: number[];
  val?: number[];
}

/** Where a top-level field (or any JSON path we recorded) sits in the source file, 1-based. */
export interface SourceSpan {
  line: number;
  column: number;
  /** Byte offsets of the value, [start, end). */
  start: number;
  end: number;
}

/** A parsed, validated loss case. */
export interface LossCase {
  /** The file it came from, if any. */
  file?: string;
  /** Side files (`.npy`, `.safetensors`) read to build it, as absolute real paths. */
  sideFiles?: string[];
  loss: LossSpec;
  input: Tensor;
  target: Tensor;
  meta: CaseMeta;
  history?: CaseHistory;
  /** Source positions keyed by JSON path: at least `loss`, `input`, `target`, `meta`, `history` and each `loss.<arg>` present. */
  spans: Record<string, SourceSpan>;
}
