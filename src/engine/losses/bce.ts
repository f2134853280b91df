/**
 * BCELoss(weight): input p are probabilities in [0, 1] (anything else, NaN included, is rejected as
 * PyTorch rejects it), target y of the same shape (not range-checked, as torch 1.13).
 *   loss_i = w_i · ((y_i − 1)·max(log(1 − p_i), −100) − y_i·max(log p_i, −100))
 * The logs are clamped at −100, so p = 0 with y = 1 gives a finite 100.
 * Gradient as PyTorch's binary_cross_entropy_backward: w_i·(p_i − y_i) / max((1 − p_i)·p_i, EPS),
 * where EPS is 1e-12 as a float32 constant (9.999999960041972e-13).
 * `weight` broadcasts to the input from the right. Reductions 'none' | 'sum' | 'mean' (÷ count).
 */
import { LossDebuggerError } from '../../errors';
import type { Tensor } from '../tensor';
import { broadcastTo, checkReduction, checkSameShape, fmtNum, indexPath, isF32, prec, reduceElementwise } from './common';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

/** PyTorch's EPSILON in binary_cross_entropy_backward (a float constant 1e-12). */
export const BCE_GRAD_EPS = Math.fround(1e-12);

export function bceLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  checkSameShape('BCELoss', input, target);
  const f32 = isF32(opts);
  const p = prec(input.data, f32);
  const y = prec(target.data, f32);
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (!(v >= 0 && v <= 1)) {
      throw new LossDebuggerError(
        'value',
        `BCELoss: ${indexPath('input', i, input.shape)} = ${fmtNum(v)} is outside [0, 1]; all elements of input should be between 0 and 1`,
        { path: 'input' },
        'BCELoss takes probabilities; if these are logits, use BCEWithLogitsLoss (or apply torch.sigmoid first)',
      );
    }
  }
  const w = spec.weight ? broadcastTo(spec.weight, input.shape, 'loss.weight', 'weight', f32) : undefined;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    const yi = y[i];
    const logP = Math.max(Math.log(pi), -100);
    const log1mP = Math.max(Math.log(1 - pi), -100);
    let l = (yi - 1) * log1mP - yi * logP;
    let g = (pi - yi) / Math.max((1 - pi) * pi, BCE_GRAD_EPS);
    if (w) {
      l *= w[i];
      g *= w[i];
    }
    loss[i] = l;
    grad[i] = g;
  }
  return reduceElementwise(reduction, loss, grad, input.shape, f32);
}
