/**
 * HuberLoss(delta): with d = x − y and z = |d|,
 *   loss = 0.5·z²            if z < delta
 *          delta·(z − 0.5·delta) otherwise.
 * Gradient (PyTorch's branches): −delta if d ≤ −delta, +delta if d ≥ delta, d in between.
 * Huber(delta) = delta · SmoothL1(beta = delta). Reductions 'none' | 'sum' | 'mean'.
 */
import { LossDebuggerError } from '../../errors';
import type { Tensor } from '../tensor';
import { checkReduction, checkSameShape, isF32, prec, precScalar, reduceElementwise } from './common';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

export function huberLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  checkSameShape('HuberLoss', input, target);
  if (!(spec.delta > 0)) {
    throw new LossDebuggerError('value', `HuberLoss: delta must be > 0, got ${spec.delta}`, { path: 'loss.delta' }, 'PyTorch raises for delta <= 0; use L1Loss for the pure linear case');
  }
  const f32 = isF32(opts);
  const x = prec(input.data, f32);
  const y = prec(target.data, f32);
  const delta = precScalar(spec.delta, f32);
  const n = x.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = x[i] - y[i];
    const z = Math.abs(d);
    loss[i] = z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
    grad[i] = d <= -delta ? -delta : d >= delta ? delta : d;
  }
  return reduceElementwise(reduction, loss, grad, input.shape, f32);
}
