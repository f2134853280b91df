/**
 * Helpers shared by the loss implementations: precision handling, shape checks, reductions,
 * broadcasting of weights, and the errors PyTorch would raise (as `LossDebuggerError`).
 *
 * Precision: the engine computes in float64. With `opts.dtype === 'float32'` the inputs, targets,
 * weights and scalar arguments are first rounded to float32 (Math.fround), the arithmetic is then
 * done in float64, and the loss values and gradient are rounded to float32 at the end. This is an
 * approximation of PyTorch's float32 kernels (which round every intermediate): results agree to
 * float32 tolerance (~1e-6 relative), not bit for bit.
 */
import { LossDebuggerError } from '../../errors';
import { unravelIndex } from '../numeric';
import { numel, shapeStr, sameShape, type Data, type Tensor } from '../tensor';
import type { Reduction, LossSpec } from './spec';
import type { ComputeOptions, LossResult } from './types';

export function isF32(opts?: ComputeOptions): boolean {
  return opts?.dtype === 'float32';
}

/** The data as it should be computed with: unchanged in float64 mode; rounded to float32 otherwise. */
export function prec(data: Data, f32: boolean): Data {
  if (!f32 || data instanceof Float32Array) return data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.fround(data[i]);
  return out;
}

export function precScalar(v: number, f32: boolean): number {
  return f32 ? Math.fround(v) : v;
}

/** Rounds the result to float32 in place when asked (the gradient unless already rounded). */
export function finish(value: Float64Array, valueShape: readonly number[], grad: Float64Array, f32: boolean, gradRounded = false): LossResult {
  if (f32) {
    for (let i = 0; i < value.length; i++) value[i] = Math.fround(value[i]);
    if (!gradRounded) for (let i = 0; i < grad.length; i++) grad[i] = Math.fround(grad[i]);
  }
  return { value: { shape: [...valueShape], data: value, dtype: f32 ? 'float32' : 'float64' }, grad };
}

/** Rejects a reduction a loss does not accept ('batchmean' is KLDivLoss only). */
export function checkReduction(spec: LossSpec, allowBatchmean = false): Reduction {
  const r = spec.reduction;
  if (r === 'none' || r === 'mean' || r === 'sum' || (allowBatchmean && r === 'batchmean')) return r;
  throw new LossDebuggerError(
    'value',
    `${spec.type} does not accept reduction '${String(r)}'`,
    { path: 'loss.reduction' },
    allowBatchmean ? "use 'none', 'mean', 'sum' or 'batchmean'" : "use 'none', 'mean' or 'sum' ('batchmean' is KLDivLoss only)",
  );
}

/** The shape PyTorch would broadcast two shapes to, or undefined when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Elementwise losses need the target to have exactly the input's shape. PyTorch warns and broadcasts
 * when they differ (so (N, 1) against (N,) silently becomes (N, N)); we reject it.
 */
export function checkSameShape(type: string, input: Tensor, target: Tensor): void {
  if (sameShape(input.shape, target.shape)) return;
  const b = broadcastShape(input.shape, target.shape);
  let hint: string;
  if (b && !sameShape(b, input.shape)) {
    hint = `PyTorch would broadcast both to ${shapeStr(b)} (a classic silent bug); reshape the target to the input's shape, e.g. target.view_as(input)`;
  } else if (b) {
    hint = `PyTorch would broadcast the target to ${shapeStr(b)} with a warning; pass a target of the input's shape, e.g. target.expand_as(input)`;
  } else {
    hint = 'the shapes do not broadcast either; pass a target of the same shape as the input';
  }
  throw new LossDebuggerError(
    'shape',
    `${type}: target shape ${shapeStr(target.shape)} does not match input shape ${shapeStr(input.shape)}`,
    { path: 'target' },
    hint,
  );
}

/**
 * A weight broadcast (from the right, as PyTorch does) to the input's shape, materialised as a flat
 * buffer of the input's size. The weight must not enlarge the input's shape.
 */
export function broadcastTo(w: Tensor, shape: readonly number[], path: string, what: string, f32: boolean): Data {
  const wd = prec(w.data, f32);
  if (sameShape(w.shape, shape)) return wd;
  const r = shape.length;
  const k = w.shape.length;
  let ok = k <= r;
  for (let i = 0; ok && i < k; i++) {
    const dw = w.shape[k - 1 - i];
    if (dw !== 1 && dw !== shape[r - 1 - i]) ok = false;
  }
  if (!ok) {
    throw new LossDebuggerError(
      'shape',
      `${what} of shape ${shapeStr(w.shape)} does not broadcast to the input shape ${shapeStr(shape)}`,
      { path },
      `its dimensions are matched with the input's from the right and must each be 1 or equal; e.g. a per-class ${what} for input (N, C) has shape (C,)`,
    );
  }
  // Strides of the weight seen in the input's index space (0 along broadcast dimensions).
  const wStride = new Array<number>(r).fill(0);
  let s = 1;
  for (let i = k - 1; i >= 0; i--) {
    const d = r - k + i;
    wStride[d] = w.shape[i] === 1 ? 0 : s;
    s *= w.shape[i];
  }
  const n = numel(shape);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = wd[off];
    for (let d = r - 1; d >= 0; d--) {
      idx[d]++;
      off += wStride[d];
      if (idx[d] < shape[d]) break;
      off -= wStride[d] * idx[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Reduces a per-element loss whose per-element derivative is in `grad` (d loss_i / d input_i).
 * 'mean' divides by the element count (NaN for an empty input, as PyTorch), 'batchmean' by shape[0].
 */
export function reduceElementwise(
  reduction: Reduction,
  loss: Float64Array,
  grad: Float64Array,
  shape: readonly number[],
  f32: boolean,
): LossResult {
  if (reduction === 'none') return finish(loss, shape, grad, f32);
  let sum = 0;
  for (let i = 0; i < loss.length; i++) sum += loss[i];
  let div = 1;
  if (reduction === 'mean') div = loss.length;
  else if (reduction === 'batchmean') div = shape.length > 0 ? shape[0] : 1;
  if (div !== 1) {
    const s = 1 / div;
    for (let i = 0; i < grad.length; i++) grad[i] *= s;
  }
  return finish(Float64Array.of(sum / div), [], grad, f32);
}

/** `input[3][17]`-style index of a flat C-order position. */
export function indexPath(name: string, flat: number, shape: readonly number[]): string {
  return name + unravelIndex(flat, shape).map((p) => `[${p}]`).join('');
}

export function fmtNum(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}
