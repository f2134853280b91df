/**
 * MSELoss: loss_i = (x_i − y_i)², d loss_i / d x_i = 2·(x_i − y_i).
 * Reductions: 'none', 'sum', 'mean' (÷ element count). Target must have the input's shape.
 */
import type { Tensor } from '../tensor';
import { checkReduction, checkSameShape, isF32, prec, reduceElementwise } from './common';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

export function mseLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  checkSameShape('MSELoss', input, target);
  const f32 = isF32(opts);
  const x = prec(input.data, f32);
  const y = prec(target.data, f32);
  const n = x.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = x[i] - y[i];
    loss[i] = d * d;
    grad[i] = 2 * d;
  }
  return reduceElementwise(reduction, loss, grad, input.shape, f32);
}
