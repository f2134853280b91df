import type { Tensor } from '../tensor';
import type { LossSpec } from './spec';

export interface ComputeOptions {
  /** Precision of the arithmetic: float64 (default) or float32 (inputs and results rounded to float32). */
  dtype?: 'float64' | 'float32';
  /**
   * false: only the loss is wanted. `grad` is then an empty array, and CrossEntropyLoss skips the
   * gradient altogether (no N·C float64 buffer: what lets a (2048, 32000) case be diagnosed in memory
   * about the size of its input).
   */
  grad?: boolean;
  /**
   * true: also return `rows`, the per-position losses before the reduction, where the loss provides
   * them (CrossEntropyLoss in float64 mode), so callers can re-reduce over a subset of positions
   * without another pass over the input.
   */
  rows?: boolean;
}

export interface LossResult {
  /** The loss output: shape [] for a reduced loss, the per-element shape for reduction 'none'. */
  value: Tensor;
  /**
   * d(sum of value)/d(input), laid out like the input. A Float32Array when float32 mode ran on a fast
   * kernel (no widening copy), a Float64Array otherwise.
   */
  grad: Float64Array | Float32Array;
  /** Per-position losses before the reduction (0 at ignored positions), when asked with `rows` and provided. */
  rows?: Float64Array;
}

export type LossFn = (spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions) => LossResult;
