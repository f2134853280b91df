/**
 * L1Loss: loss_i = |x_i − y_i|, d loss_i / d x_i = sign(x_i − y_i) with sign(0) = 0 (as PyTorch).
 * Reductions: 'none', 'sum', 'mean' (÷ element count). Target must have the input's shape.
 */
import type { Tensor } from '../tensor';
import { checkReduction, checkSameShape, isF32, prec, reduceElementwise } from './common';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

export function l1Loss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  checkSameShape('L1Loss', input, target);
  const f32 = isF32(opts);
  const x = prec(input.data, f32);
  const y = prec(target.data, f32);
  const n = x.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = x[i] - y[i];
    loss[i] = Math.abs(d);
    grad[i] = d > 0 ? 1 : d < 0 ? -1 : 0; // sign(d), and 0 for NaN as torch.sign gives
  }
  return reduceElementwise(reduction, loss, grad, input.shape, f32);
}
