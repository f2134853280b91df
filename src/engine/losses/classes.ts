/**
 * Shared by CrossEntropyLoss and NLLLoss: the (N, C, d1, …, dk) layout, class weights and
 * class-index target validation, with the errors PyTorch would raise.
 */
import { LossDebuggerError } from '../../errors';
import { numel, sameShape, shapeStr, type Data, type Tensor } from '../tensor';
import { fmtNum, indexPath, prec } from './common';

export interface ClassLayout {
  /** N (1 for a 1-D (C) input). */
  outer: number;
  /** Number of classes C. */
  C: number;
  /** d1·…·dk (1 without extra dimensions). Also the stride between classes in the flat input. */
  inner: number;
  /** outer·inner: the number of (sample, position) pairs, one target each. */
  positions: number;
  /** Shape of a class-index target and of the unreduced loss: () for (C), (N, d1, …, dk) otherwise. */
  posShape: number[];
  /** The target holds class probabilities (same shape as the input; CrossEntropyLoss only). */
  prob: boolean;
}

export function classLayout(type: string, input: Tensor, target: Tensor, allowProb: boolean): ClassLayout {
  const s = input.shape;
  if (s.length === 0) {
    throw new LossDebuggerError(
      'shape',
      `${type}: input is 0-dimensional; it needs a class dimension: (C), (N, C) or (N, C, d1, ..., dk)`,
      { path: 'input' },
      'pass the scores of every class, not one number per sample',
    );
  }
  const C = s.length === 1 ? s[0] : s[1];
  const outer = s.length === 1 ? 1 : s[0];
  const inner = s.length <= 2 ? 1 : numel(s.slice(2));
  const posShape = s.length === 1 ? [] : [s[0], ...s.slice(2)];
  if (allowProb && sameShape(target.shape, s)) {
    return { outer, C, inner, positions: outer * inner, posShape, prob: true };
  }
  if (!sameShape(target.shape, posShape)) {
    const expected = allowProb
      ? `${shapeStr(posShape)} (class indices) or ${shapeStr(s)} (class probabilities)`
      : `${shapeStr(posShape)} (class indices)`;
    let hint: string;
    const squeezed = target.shape.filter((d) => d !== 1);
    if (numel(target.shape) === numel(posShape) && sameShape(squeezed, posShape.filter((d) => d !== 1))) {
      hint = `the target has the right values but extra size-1 dimensions; use target.view(${posShape.join(', ')}) or target.squeeze()`;
    } else if (!allowProb && sameShape(target.shape, s)) {
      hint = 'NLLLoss takes class indices; for one-hot or soft targets use target.argmax(1), or CrossEntropyLoss on logits with probability targets';
    } else {
      hint = 'a class-index target holds one integer per sample (and per spatial position): (N, d1, ..., dk) for input (N, C, d1, ..., dk)';
    }
    throw new LossDebuggerError(
      'shape',
      `${type}: target shape ${shapeStr(target.shape)} does not fit input shape ${shapeStr(s)}; expected ${expected}`,
      { path: 'target' },
      hint,
    );
  }
  return { outer, C, inner, positions: outer * inner, posShape, prob: false };
}

/** The per-class weight: shape (C,), as PyTorch checks (`weight.dim() == 1 && weight.numel() == C`). */
export function classWeight(type: string, weight: Tensor | undefined, C: number, f32: boolean): Data | undefined {
  if (!weight) return undefined;
  if (weight.data.length !== C) {
    throw new LossDebuggerError(
      'shape',
      `${type}: weight of shape ${shapeStr(weight.shape)} has ${weight.data.length} values for ${C} classes`,
      { path: 'loss.weight' },
      `the weight needs one value per class (shape (${C},)) or no weight at all`,
    );
  }
  if (weight.shape.length !== 1) {
    throw new LossDebuggerError(
      'shape',
      `${type}: weight of shape ${shapeStr(weight.shape)} is not 1-D (PyTorch refuses it even with one value per class)`,
      { path: 'loss.weight' },
      `pass it as shape (${C},), e.g. weight.flatten()`,
    );
  }
  return prec(weight.data, f32);
}

/**
 * Checks class-index targets as PyTorch does: each value that is not `ignore_index` must be an
 * integer in [0, C). Returns the summed class weight of the non-ignored targets (their count when
 * unweighted), the denominator of the 'mean' reduction.
 */
export function checkIndexTargets(
  type: string,
  target: Tensor,
  C: number,
  ignoreIndex: number,
  w: Data | undefined,
): number {
  const t = target.data;
  let denom = 0;
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    if (v === ignoreIndex) continue;
    if (!(v >= 0 && v < C) || !Number.isInteger(v)) throw badTarget(type, target, i, v, C, ignoreIndex);
    denom += w ? w[v] : 1;
  }
  return denom;
}

function badTarget(type: string, target: Tensor, i: number, v: number, C: number, ignoreIndex: number): LossDebuggerError {
  const where = indexPath('target', i, target.shape);
  if (!Number.isInteger(v)) {
    return new LossDebuggerError(
      'value',
      `${type}: ${where} = ${fmtNum(v)} is not a class index (an integer in [0, ${C}))`,
      { path: 'target' },
      'class-index targets are integers (int64 in PyTorch); for soft targets pass class probabilities with the input\'s shape',
    );
  }
  let hint: string;
  if (C === 0) hint = 'the input has no classes (its class dimension has size 0): check the output layer of the model';
  else if (v < 0) hint = `if ${v} marks padding or unlabeled positions, pass ignore_index=${v} (the current ignore_index is ${ignoreIndex})`;
  else if (v === C) hint = `class indices run from 0 to ${C - 1}; 1-based labels need to be shifted down by 1, or the model outputs one class too few`;
  else hint = `class indices run from 0 to ${C - 1}; check the number of output classes of the model`;
  return new LossDebuggerError(
    'value',
    `${type}: ${where} = ${v} is out of range for ${C} classes [0, ${C})`,
    { path: 'target' },
    hint,
  );
}
