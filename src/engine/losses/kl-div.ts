/**
 * KLDivLoss(log_target): input x holds log-probabilities, target t of the same shape.
 *   log_target = false: loss = xlogy(t, t) − t·x   (t·(log t − x), and 0 where t = 0); d/dx = −t
 *   log_target = true:  loss = exp(t)·(t − x);                                          d/dx = −exp(t)
 * Reductions: 'none', 'sum', 'mean' (÷ element count, which PyTorch warns is not the KL divergence),
 * 'batchmean' (sum ÷ input.shape[0]; the sum for a 0-d input).
 */
import type { Tensor } from '../tensor';
import { checkReduction, checkSameShape, isF32, prec, reduceElementwise } from './common';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

export function klDivLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec, true);
  checkSameShape('KLDivLoss', input, target);
  const f32 = isF32(opts);
  const x = prec(input.data, f32);
  const t = prec(target.data, f32);
  const n = x.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  if (spec.log_target) {
    for (let i = 0; i < n; i++) {
      const et = Math.exp(t[i]);
      loss[i] = et * (t[i] - x[i]);
      grad[i] = -et;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const ti = t[i];
      // xlogy(t, t): 0 when t == 0 (unless t is NaN), t·log t otherwise (NaN for t < 0).
      const xlogy = ti === 0 ? 0 : ti * Math.log(ti);
      loss[i] = xlogy - ti * x[i];
      grad[i] = -ti;
    }
  }
  return reduceElementwise(reduction, loss, grad, input.shape, f32);
}
