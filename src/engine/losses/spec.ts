/**
 * What a loss is configured with: the nine `torch.nn` losses, their constructor arguments under
 * PyTorch's names, and PyTorch's defaults. The loaders validate user input against `LOSS_ARGS`;
 * the engine receives a fully defaulted `LossSpec`.
 */
import type { LossSpec, LossType } from '../../shapes/index';

export { LOSS_TYPES } from '../../shapes/index';
export type { LossSpec, LossType, Reduction, SmoothingMode } from '../../shapes/index';

export type ArgKind = 'reduction' | 'tensor' | 'int' | 'number' | 'boolean' | 'smoothing_mode';

export interface ArgInfo {
  kind: ArgKind;
  /** Allowed numeric range, inclusive unless noted. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  doc: string;
}

const reduction: ArgInfo = { kind: 'reduction', doc: "'none' | 'mean' | 'sum' (default 'mean')" };

/** The constructor arguments each loss accepts (besides `type`). */
export const LOSS_ARGS: Record<LossType, Record<string, ArgInfo>> = {
  MSELoss: { reduction },
  L1Loss: { reduction },
  HuberLoss: { reduction, delta: { kind: 'number', min: 0, minExclusive: true, doc: 'threshold between quadratic and linear (default 1.0, > 0)' } },
  SmoothL1Loss: { reduction, beta: { kind: 'number', min: 0, doc: 'threshold between quadratic and linear (default 1.0, >= 0; 0 is L1)' } },
  BCELoss: { reduction, weight: { kind: 'tensor', doc: 'rescaling weight, broadcast to the input' } },
  BCEWithLogitsLoss: {
    reduction,
    weight: { kind: 'tensor', doc: 'rescaling weight, broadcast to the input' },
    pos_weight: { kind: 'tensor', doc: 'weight of positive examples, broadcast over the trailing (class) dimension' },
  },
  CrossEntropyLoss: {
    reduction,
    weight: { kind: 'tensor', doc: 'a weight per class (length C)' },
    ignore_index: { kind: 'int', doc: 'target value that is ignored (default -100)' },
    label_smoothing: { kind: 'number', min: 0, max: 1, doc: 'ε in [0, 1] (default 0.0)' },
    smoothing_mode: { kind: 'smoothing_mode', doc: "Loss Debugger only: 'pytorch' (ε/K over all classes, default) or 'others' (ε/(K−1) over the other classes)" },
  },
  NLLLoss: {
    reduction,
    weight: { kind: 'tensor', doc: 'a weight per class (length C)' },
    ignore_index: { kind: 'int', doc: 'target value that is ignored (default -100)' },
  },
  KLDivLoss: {
    reduction: { kind: 'reduction', doc: "'none' | 'mean' | 'sum' | 'batchmean' (default 'mean'; 'batchmean' is the true KL divergence)" },
    log_target: { kind: 'boolean', doc: 'target given as log-probabilities (default false)' },
  },
};

/** Arguments PyTorch deprecated; we reject them with a pointer to `reduction`. */
export const DEPRECATED_ARGS = ['size_average', 'reduce'] as const;

export function defaultSpec(type: LossType): LossSpec {
  return {
    type,
    reduction: 'mean',
    ignore_index: -100,
    label_smoothing: 0,
    smoothing_mode: 'pytorch',
    delta: 1,
    beta: 1,
    log_target: false,
  };
}

/** A LossSpec from a partial one, PyTorch's defaults filling the rest. */
export function makeSpec(type: LossType, args: Partial<Omit<LossSpec, 'type'>> = {}): LossSpec {
  const s = defaultSpec(type);
  for (const [k, v] of Object.entries(args)) {
    if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
  }
  return s;
}

/** Losses whose target is a class index (or, for cross-entropy, optionally class probabilities). */
export const CLASS_LOSSES: readonly LossType[] = ['CrossEntropyLoss', 'NLLLoss'];
/** Binary (multi-label) cross-entropy: a probability or 0/1 target per element. */
export const BINARY_LOSSES: readonly LossType[] = ['BCELoss', 'BCEWithLogitsLoss'];
/** Regression losses: a real-valued target per element. */
export const REGRESSION_LOSSES: readonly LossType[] = ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss'];

export function isClassLoss(t: LossType): boolean {
  return CLASS_LOSSES.includes(t);
}

export function isBinaryLoss(t: LossType): boolean {
  return BINARY_LOSSES.includes(t);
}

export function isRegressionLoss(t: LossType): boolean {
  return REGRESSION_LOSSES.includes(t);
}
