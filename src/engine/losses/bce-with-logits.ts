/**
 * BCEWithLogitsLoss(weight, pos_weight): input z are logits, target y of the same shape.
 * Computed without overflow for any finite z (±1000 included), with L(z) = log1p(exp(−|z|)) + max(−z, 0)
 * (= −log σ(z)):
 *   no pos_weight: loss = (1 − y)·z + L(z)                    (= max(z, 0) − z·y + log1p(exp(−|z|)))
 *   pos_weight pw: loss = (1 − y)·z + (1 + (pw − 1)·y)·L(z)   (PyTorch's formulation)
 * then times `weight`. Gradient (PyTorch's backward): ((pw·y + 1 − y)·σ(z) − pw·y)·w, with pw = 1
 * when absent. `weight` and `pos_weight` broadcast to the input from the right, so a pos_weight of
 * shape (C,) applies per class of an (N, C) input, and one of shape (L,) along the last dim of (N, C, L).
 * Reductions 'none' | 'sum' | 'mean' (÷ count).
 *
 * PyTorch evaluates L(z) as log(exp(−m) + exp(−z − m)) with m = max(−z, 0); we use log1p, which is
 * more accurate for large |z| (differences below 1e-16 absolute).
 */
import type { Tensor } from '../tensor';
import { broadcastTo, checkReduction, checkSameShape, isF32, prec, reduceElementwise } from './common';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';
import { bceKernelApplies, bceWithLogitsLossResult } from './route';

export function bceWithLogitsLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  checkSameShape('BCEWithLogitsLoss', input, target);
  const f32 = isF32(opts);
  if (f32 && bceKernelApplies(spec, input, target, opts)) {
    // float32 mode: the fused kernel, once the weights are known to broadcast (checked as below).
    if (spec.weight) broadcastTo(spec.weight, input.shape, 'loss.weight', 'weight', true);
    if (spec.pos_weight) broadcastTo(spec.pos_weight, input.shape, 'loss.pos_weight', 'pos_weight', true);
    return bceWithLogitsLossResult(spec, input, target);
  }
  const z = prec(input.data, f32);
  const y = prec(target.data, f32);
  const w = spec.weight ? broadcastTo(spec.weight, input.shape, 'loss.weight', 'weight', f32) : undefined;
  const pw = spec.pos_weight ? broadcastTo(spec.pos_weight, input.shape, 'loss.pos_weight', 'pos_weight', f32) : undefined;
  const n = z.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    const yi = y[i];
    const e = Math.exp(-Math.abs(zi));
    const softplusNeg = Math.log1p(e) + Math.max(-zi, 0); // −log σ(z)
    const sig = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    let l: number;
    let g: number;
    if (pw) {
      const p = pw[i];
      l = (1 - yi) * zi + (1 + (p - 1) * yi) * softplusNeg;
      const t = p * yi;
      g = (t + 1 - yi) * sig - t;
    } else {
      l = (1 - yi) * zi + softplusNeg;
      g = sig - yi;
    }
    if (w) {
      l *= w[i];
      g *= w[i];
    }
    loss[i] = l;
    grad[i] = g;
  }
  return reduceElementwise(reduction, loss, grad, input.shape, f32);
}
