/**
 * NLLLoss(weight, ignore_index) on log-probabilities x of shape (C), (N, C) or (N, C, d1, …, dk)
 * with class-index target y of shape (), (N) or (N, d1, …, dk):
 *   loss = −w_y·x_y at positions whose target is not ignore_index, 0 at ignored ones.
 * 'mean' divides the sum by Σ w_y over the non-ignored positions (NaN when all are ignored, with a
 * zero gradient); 'sum' sums. Gradient: −w_y (÷ that denominator for 'mean') at the target class.
 */
import type { Tensor } from '../tensor';
import { checkReduction, finish, isF32, prec } from './common';
import { checkIndexTargets, classLayout, classWeight } from './classes';
import type { LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

export function nllLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  const L = classLayout('NLLLoss', input, target, false);
  const f32 = isF32(opts);
  const x = prec(input.data, f32);
  const w = classWeight('NLLLoss', spec.weight, L.C, f32);
  const { outer, C, inner, positions } = L;
  const t = target.data;
  const ignore = spec.ignore_index;
  const denom = checkIndexTargets('NLLLoss', target, C, ignore, w);
  const scale = reduction === 'mean' ? 1 / denom : 1;
  const grad = new Float64Array(x.length);
  const perPos = reduction === 'none' ? new Float64Array(positions) : undefined;
  let total = 0;
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < inner; s++) {
      const pos = o * inner + s;
      const yv = t[pos];
      if (yv === ignore) continue;
      const j = o * C * inner + s + yv * inner;
      const wy = w ? w[yv] : 1;
      const loss = -(wy * x[j]);
      total += loss;
      if (perPos) perPos[pos] = loss;
      grad[j] = -(wy * scale);
    }
  }
  if (perPos) return finish(perPos, L.posShape, grad, f32);
  return finish(Float64Array.of(reduction === 'mean' ? total / denom : total), [], grad, f32);
}
