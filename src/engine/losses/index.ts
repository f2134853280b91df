/**
 * The nine `torch.nn` losses, forward and gradient, with PyTorch's semantics (see docs/losses.md).
 *
 * `computeLoss(spec, input, target, opts)` returns the loss (shape [] when reduced, the per-element
 * or per-position shape for 'none') and `grad` = d(sum of the loss output)/d(input), laid out like
 * the input. Bad input throws `LossDebuggerError` (code 'shape' or 'value').
 */
import { LossDebuggerError } from '../../errors';
import type { Tensor } from '../tensor';
import { bceLoss } from './bce';
import { bceWithLogitsLoss } from './bce-with-logits';
import { crossEntropyLoss } from './cross-entropy';
import { huberLoss } from './huber';
import { klDivLoss } from './kl-div';
import { l1Loss } from './l1';
import { mseLoss } from './mse';
import { nllLoss } from './nll';
import { smoothL1Loss } from './smooth-l1';
import type { LossSpec, LossType } from './spec';
import type { ComputeOptions, LossFn, LossResult } from './types';

export { bceLoss, BCE_GRAD_EPS } from './bce';
export { bceWithLogitsLoss } from './bce-with-logits';
export { crossEntropyLoss, smoothingCoefficients } from './cross-entropy';
export { huberLoss } from './huber';
export { klDivLoss } from './kl-div';
export { l1Loss } from './l1';
export { mseLoss } from './mse';
export { nllLoss } from './nll';
export { smoothL1Loss } from './smooth-l1';
export { broadcastShape } from './common';

export const LOSS_FNS: Record<LossType, LossFn> = {
  MSELoss: mseLoss,
  L1Loss: l1Loss,
  HuberLoss: huberLoss,
  SmoothL1Loss: smoothL1Loss,
  BCELoss: bceLoss,
  BCEWithLogitsLoss: bceWithLogitsLoss,
  CrossEntropyLoss: crossEntropyLoss,
  NLLLoss: nllLoss,
  KLDivLoss: klDivLoss,
};

export function computeLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const fn = Object.prototype.hasOwnProperty.call(LOSS_FNS, spec.type) ? LOSS_FNS[spec.type] : undefined;
  if (!fn) {
    throw new LossDebuggerError('unknown-loss', `unknown loss type '${String(spec.type)}'`, { path: 'loss.type' }, `one of ${Object.keys(LOSS_FNS).join(', ')}`);
  }
  const r = fn(spec, input, target, opts);
  return opts?.grad === false && r.grad.length > 0 ? { ...r, grad: new Float64Array(0) } : r;
}

/** The gradient as a Float64Array (float32-mode kernels return a Float32Array; this widens it). */
export function float64Grad(r: LossResult): Float64Array {
  return r.grad instanceof Float64Array ? r.grad : new Float64Array(r.grad);
}
