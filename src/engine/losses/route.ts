/**
 * Glue for the lead: when a loss call can go through a fast kernel, and the call itself.
 *
 * The kernels cover the common float32 cases; everything else (float64 mode, probability targets,
 * (N, C, d…) inputs, 'others' smoothing, unusual broadcasts) stays on `computeLoss`, which is the
 * reference. Validation (shapes, target range, …) should happen first, through the engine's usual
 * checks: the kernels only throw RangeError on bad arguments.
 *
 *   if (ceKernelApplies(spec, input, target, opts)) { const r = crossEntropyKernel(spec, input, target); … }
 *   // or, as a drop-in for computeLoss(spec, input, target, opts):
 *   if (ceKernelApplies(spec, input, target, opts)) return crossEntropyLossResult(spec, input, target);
 *
 * Results are float32-accurate (see ce-row.ts / bce-row.ts for the documented tolerances); the
 * gradient is a Float32Array (LossResult.grad is a Float64Array: converting costs one pass).
 */
import type { ComputeOptions, LossResult } from './types';
import type { LossSpec } from './spec';
import { isIntegerDType, numel, type Tensor } from '../tensor';
import { crossEntropyF32, type CeKernelResult } from '../kernels/ce-row';
import { bceWithLogitsF32, type BceKernelResult } from '../kernels/bce-row';

function simpleReduction(spec: LossSpec): spec is LossSpec & { reduction: 'none' | 'mean' | 'sum' } {
  return spec.reduction === 'none' || spec.reduction === 'mean' || spec.reduction === 'sum';
}

/** CrossEntropyLoss in float32 mode on (N, C) logits with class-index targets (N,). */
export function ceKernelApplies(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): boolean {
  if (spec.type !== 'CrossEntropyLoss' || opts?.dtype !== 'float32' || !simpleReduction(spec)) return false;
  if (spec.smoothing_mode !== 'pytorch' || !(spec.label_smoothing >= 0 && spec.label_smoothing <= 1)) return false;
  if (input.shape.length !== 2 || target.shape.length !== 1 || target.shape[0] !== input.shape[0]) return false;
  if (!isIntegerDType(target.dtype)) return false;
  if (spec.weight && !(spec.weight.shape.length === 1 && spec.weight.shape[0] === input.shape[1])) return false;
  return input.shape[1] >= 1;
}

export function crossEntropyKernel(spec: LossSpec, input: Tensor, target: Tensor): CeKernelResult {
  const [N, K] = input.shape;
  if (!simpleReduction(spec)) throw new RangeError(`crossEntropyKernel: reduction '${spec.reduction}'`);
  return crossEntropyF32(input.data, target.data, N, K, {
    weight: spec.weight ? spec.weight.data : null,
    ignoreIndex: spec.ignore_index,
    labelSmoothing: Math.fround(spec.label_smoothing),
    reduction: spec.reduction,
  });
}

/** The trailing (label) dimension of a BCE input: 1 for a 0-d input. */
function labelsOf(input: Tensor): number {
  return input.shape.length === 0 ? 1 : input.shape[input.shape.length - 1];
}

function fitsLabels(t: Tensor | undefined, labels: number, n: number, allowFull: boolean, fullShape: readonly number[]): boolean {
  if (!t) return true;
  const m = numel(t.shape);
  if (m === 1 && t.shape.length <= fullShape.length) return true;
  if (t.shape.length === 1 && t.shape[0] === labels) return true;
  return allowFull && m === n && t.shape.length === fullShape.length && t.shape.every((d, i) => d === fullShape[i]);
}

/** BCEWithLogitsLoss in float32 mode where pos_weight is (1,)/(labels,) and weight is (1,)/(labels,)/the input's shape. */
export function bceKernelApplies(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): boolean {
  if (spec.type !== 'BCEWithLogitsLoss' || opts?.dtype !== 'float32' || !simpleReduction(spec)) return false;
  if (input.shape.length !== target.shape.length || !input.shape.every((d, i) => d === target.shape[i])) return false;
  const n = numel(input.shape);
  const labels = labelsOf(input);
  if (n === 0 || labels === 0) return false;
  return fitsLabels(spec.pos_weight, labels, n, false, input.shape) && fitsLabels(spec.weight, labels, n, true, input.shape);
}

export function bceWithLogitsKernel(spec: LossSpec, input: Tensor, target: Tensor): BceKernelResult {
  if (!simpleReduction(spec)) throw new RangeError(`bceWithLogitsKernel: reduction '${spec.reduction}'`);
  const n = numel(input.shape);
  const f = (d: Float32Array | Float64Array): Float32Array | Float64Array => (d instanceof Float32Array ? d : Float64Array.from(d, (v) => Math.fround(v)));
  return bceWithLogitsF32(f(input.data), f(target.data), n, labelsOf(input), {
    posWeight: spec.pos_weight ? f(spec.pos_weight.data) : null,
    weight: spec.weight ? f(spec.weight.data) : null,
    reduction: spec.reduction,
  });
}

function asLossResult(shape: readonly number[], reduced: boolean, loss: number, perElement: Float64Array | undefined, grad: Float32Array): LossResult {
  const value = reduced
    ? { shape: [], data: Float64Array.of(Math.fround(loss)), dtype: 'float32' as const }
    : { shape: [...shape], data: Float64Array.from(perElement ?? [], (v) => Math.fround(v)), dtype: 'float32' as const };
  return { value, grad };
}

/**
 * `crossEntropyKernel` packaged as the engine's LossResult (value rounded to float32 as computeLoss
 * does in float32 mode; the gradient widened to a Float64Array, one extra pass over N·K values).
 */
export function crossEntropyLossResult(spec: LossSpec, input: Tensor, target: Tensor): LossResult {
  const r = crossEntropyKernel(spec, input, target);
  return asLossResult([input.shape[0]], spec.reduction !== 'none', r.loss, r.rowLoss, r.grad);
}

/** `bceWithLogitsKernel` packaged as the engine's LossResult (see crossEntropyLossResult). */
export function bceWithLogitsLossResult(spec: LossSpec, input: Tensor, target: Tensor): LossResult {
  const r = bceWithLogitsKernel(spec, input, target);
  return asLossResult(input.shape, spec.reduction !== 'none', r.loss, r.values, r.grad);
}
