/**
 * What PyTorch itself would refuse in a case whose parts are each well formed: class-weight length,
 * weight/pos_weight broadcasting, float class targets with fractions, KLDivLoss broadcasting.
 */
import { isBinaryLoss, isClassLoss, type LossSpec } from '../engine/losses/spec';
import { unravelIndex } from '../engine/numeric';
import { type Tensor, isFloatDType, shapeStr } from '../engine/tensor';
import { err, makeCtx, type CaseContext } from './case-context';
import type { LossCase } from './types';

function broadcastable(small: readonly number[], big: readonly number[]): boolean {
  for (let i = 1; i <= small.length; i++) {
    const a = small[small.length - i];
    const b = i <= big.length ? big[big.length - i] : 1;
    if (a !== 1 && b !== 1 && a !== b) return false;
  }
  return true;
}

/** Whether `small` expands to exactly `target` (leading extra dimensions must be 1). */
function intoBroadcastable(small: readonly number[], target: readonly number[]): boolean {
  const extra = small.length - target.length;
  for (let i = 0; i < small.length; i++) {
    const a = small[i];
    const j = i - extra;
    if (j < 0) {
      if (a !== 1) return false;
    } else if (a !== 1 && a !== target[j]) {
      return false;
    }
  }
  return true;
}

function multiIndex(flat: number, shape: readonly number[]): string {
  return unravelIndex(flat, shape).map((i) => `[${i}]`).join('');
}

export function semanticChecks(spec: LossSpec, input: Tensor, target: Tensor, ctx: CaseContext): void {
  const t = spec.type;
  if (isClassLoss(t)) {
    const C = input.shape.length >= 2 ? input.shape[1] : input.shape.length === 1 ? input.shape[0] : undefined;
    const where = input.shape.length >= 2 ? 'input.shape[1]' : 'input.shape[0]';
    if (spec.weight && C !== undefined) {
      const w = spec.weight;
      if (w.shape.length !== 1 || w.shape[0] !== C) {
        throw err('shape', `weight has shape ${shapeStr(w.shape)} but the input has C = ${C} classes (${where})`, 'loss.weight', ctx,
          `${t} takes one weight per class: a list of ${C} numbers`);
      }
    }
    const probTarget = t === 'CrossEntropyLoss' && target.shape.length === input.shape.length && target.shape.every((d, i) => d === input.shape[i]) && isFloatDType(target.dtype);
    if (!probTarget && isFloatDType(target.dtype)) {
      const d = target.data;
      for (let i = 0; i < d.length; i++) {
        const v = d[i];
        if (Number.isFinite(v) && !Number.isInteger(v)) {
          throw err('value', `target${multiIndex(i, target.shape)} is ${v}, but ${t} class targets must be integer class indices`, 'target', ctx,
            t === 'CrossEntropyLoss'
              ? 'pass class indices (target.long()), or class probabilities with the same shape as the input'
              : 'pass class indices (target.long()); NLLLoss has no probability targets');
        }
      }
    }
  } else if (isBinaryLoss(t)) {
    for (const k of ['weight', 'pos_weight'] as const) {
      const w = spec[k];
      if (w && !intoBroadcastable(w.shape, input.shape)) {
        throw err('shape', `${k} of shape ${shapeStr(w.shape)} does not broadcast to the input's shape ${shapeStr(input.shape)}`, `loss.${k}`, ctx,
          k === 'pos_weight' ? 'pos_weight has one value per class (the last dimension of the input), or a single value' : 'weight must broadcast to the input shape');
      }
    }
  } else if (t === 'KLDivLoss') {
    if (!broadcastable(target.shape, input.shape)) {
      throw err('shape', `target shape ${shapeStr(target.shape)} does not broadcast with the input's shape ${shapeStr(input.shape)}`, 'target', ctx,
        'KLDivLoss compares distributions element by element: give the target the input\'s shape');
    }
  }
}

/**
 * The checks PyTorch itself would refuse (class-weight length, weight/pos_weight broadcasting, float
 * class targets with fractions, KLDivLoss broadcasting) for a case assembled from parts, e.g. a loss
 * spec plus tensors loaded with `loadTensorFile`. `parseCase`/`caseFromObject` already run them.
 */
export function validateCase(c: Pick<LossCase, 'loss' | 'input' | 'target' | 'file'>): void {
  semanticChecks(c.loss, c.input, c.target, makeCtx({ file: c.file }, process.cwd()));
}
