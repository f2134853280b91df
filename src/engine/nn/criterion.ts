/**
 * The loss of a float32 network: CrossEntropyLoss on (rows, classes) Float32Array logits with class
 * index targets, forward and d(loss)/d(logits) in one call to the fused float32 kernel
 * (src/engine/kernels/ce-row.ts, WebAssembly SIMD when available). The gradient buffer is the
 * criterion's own and is reused from call to call (valid until the next call), so it can be passed
 * straight to `Sequential.backward`.
 *
 *   const model = mlp([784, 256, 10], rng, { dtype: 'float32' });
 *   const loss = new CrossEntropyLossF32(makeSpec('CrossEntropyLoss'));
 *   const r = loss.forward(model.forward(x, n, 784), y, n, 10);
 *   model.backward(r.grad); opt.step();
 *
 * Semantics are PyTorch's (weight, ignore_index, label_smoothing, reductions 'mean'/'sum'/'none'; for
 * 'none' the gradient is that of the sum of the row losses); accuracy is float32's (see ce-row.ts).
 * Other losses, or float64 networks, go through `computeLoss`.
 */
import { crossEntropyF32, type CeKernelOptions } from '../kernels/ce-row';
import type { LossSpec } from '../losses/spec';

export interface CriterionResult {
  /** The reduced loss ('mean'/'sum'; the sum of the row losses for 'none'), computed in float64. */
  loss: number;
  /** d(loss)/d(logits), rows × classes row-major; the criterion's reused buffer (may be longer). */
  grad: Float32Array;
}

export class CrossEntropyLossF32 {
  private readonly opts: CeKernelOptions;
  private grad = new Float32Array(0);

  constructor(spec?: LossSpec) {
    if (spec === undefined) {
      this.opts = { reduction: 'mean' };
      return;
    }
    if (spec.type !== 'CrossEntropyLoss') throw new RangeError(`CrossEntropyLossF32: got a ${spec.type} spec`);
    if (spec.reduction !== 'mean' && spec.reduction !== 'sum' && spec.reduction !== 'none') {
      throw new RangeError(`CrossEntropyLossF32: reduction '${spec.reduction}' is not supported`);
    }
    if (spec.smoothing_mode !== 'pytorch') throw new RangeError(`CrossEntropyLossF32: smoothing_mode '${spec.smoothing_mode}' is not supported`);
    this.opts = {
      weight: spec.weight ? Float32Array.from(spec.weight.data) : null,
      ignoreIndex: spec.ignore_index,
      labelSmoothing: Math.fround(spec.label_smoothing),
      reduction: spec.reduction,
    };
  }

  /** Loss and gradient for `rows` rows of `classes` logits. Throws RangeError on a bad target. */
  forward(logits: Float32Array, target: ArrayLike<number>, rows: number, classes: number): CriterionResult {
    if (this.grad.length < rows * classes) this.grad = new Float32Array(Math.max(rows * classes, this.grad.length * 2));
    const r = crossEntropyF32(logits, target, rows, classes, this.opts, this.grad);
    return { loss: r.loss, grad: this.grad };
  }
}
