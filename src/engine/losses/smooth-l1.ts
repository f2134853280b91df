/**
 * SmoothL1Loss(beta): with d = x − y and z = |d|,
 *   loss = 0.5·z²/beta   if z < beta
 *          z − 0.5·beta  otherwise.
 * Gradient (PyTorch's branches): −1 if d ≤ −beta, +1 if d ≥ beta, d/beta in between.
 *
 * beta = 0 gives exactly L1's loss. Its gradient follows torch 1.13's kernel, which tests d ≤ −beta
 * first: at d == 0 it is −1, where L1Loss gives sign(0) = 0. Everywhere else it is sign(d).
 */
import { LossDebuggerError } from '../../errors';
import type { Tensor } from '../tensor';
import { checkReduction, checkSameShape, isF32, prec, precScalar, reduceElementwise } from './common';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

export function smoothL1Loss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  checkSameShape('SmoothL1Loss', input, target);
  if (!(spec.beta >= 0)) {
    throw new LossDebuggerError('value', `SmoothL1Loss: beta must be >= 0, got ${spec.beta}`, { path: 'loss.beta' }, 'PyTorch raises for negative beta');
  }
  const f32 = isF32(opts);
  const x = prec(input.data, f32);
  const y = prec(target.data, f32);
  const beta = precScalar(spec.beta, f32);
  const n = x.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = x[i] - y[i];
    const z = Math.abs(d);
    loss[i] = z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta;
    grad[i] = d <= -beta ? -1 : d >= beta ? 1 : d / beta;
  }
  return reduceElementwise(reduction, loss, grad, input.shape, f32);
}
