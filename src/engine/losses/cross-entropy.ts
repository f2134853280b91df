/**
 * CrossEntropyLoss(weight, ignore_index, label_smoothing) on logits x of shape (C), (N, C) or
 * (N, C, d1, …, dk), with p = softmax(x) over the class dimension and lse = log Σ_k exp(x_k)
 * computed as m + log Σ_k exp(x_k − m), m = max_k x_k (finite for logits of ±1000).
 *
 * Class-index target y (shape (), (N) or (N, d1, …, dk)), ε = label_smoothing, K = C, w_k the class
 * weights (1 without weight), at every position whose target is not ignore_index:
 *   loss = (1 − ε)·w_y·(lse − x_y) + ε/K · Σ_k w_k·(lse − x_k)
 * and 0 at ignored positions. 'mean' divides the sum by Σ w_y over the non-ignored positions (their
 * count without weights) — the smoothing term included, as torch 1.13 does — and is NaN when every
 * target is ignored (gradient 0). 'sum' sums.
 *
 * Probability target t (same shape as the input; ignore_index does not apply), smoothed as
 * t ← t·(1 − ε) + ε/K:
 *   loss = Σ_k w_k·t_k·(lse − x_k)
 * and 'mean' divides by the number of positions N·d1·…·dk (not by summed weights).
 *
 * smoothing_mode 'others' (ours, not PyTorch): the smoothed target puts 1 − ε on the true class and
 * ε/(K − 1) on each other class, i.e. loss = (1 − ε)·w_y·(lse − x_y) + ε/(K−1) · Σ_{k≠y} w_k·(lse − x_k),
 * with the same 'mean' denominator; for probability targets t ← t·(1 − ε) + (1 − t)·ε/(K − 1).
 * With K = 1 there are no other classes and only the (1 − ε) term remains.
 *
 * Both are written as loss = a·w_y·(lse − x_y) + b·Σ_k w_k·(lse − x_k) (index targets) or with
 * smoothed targets t_k·a + b (probability targets), a/b from `smoothingCoefficients`. Gradient:
 *   index:       d/dx_j = (a·w_y + b·W)·p_j − a·w_y·[j = y] − b·w_j,  W = Σ_k w_k
 *   probability: d/dx_j = T·p_j − w_j·t_j,                            T = Σ_k w_k·t_k
 * times the reduction's scale. Each row's max, exps and Σ exp come from `softmaxRow64` (exp64, relative
 * error below 4e-16; WebAssembly SIMD when available) into a scratch row; the gradient is then written
 * once from it (without smoothing, contiguous rows: `scaleRowInto`, a SIMD product and a block copy).
 * No per-element allocation.
 */
import { LossDebuggerError } from '../../errors';
import type { Tensor } from '../tensor';
import { checkReduction, finish, isF32, prec, precScalar } from './common';
import { checkIndexTargets, classLayout, classWeight } from './classes';
import { ceKernelApplies, crossEntropyLossResult } from './route';
import { scaleRowInto, softmaxRow64, softmaxRowScratch } from '../kernels/softmax-row64';
import type { LossSpec, SmoothingMode } from './spec';
import type { ComputeOptions, LossResult } from './types';

/**
 * The smoothed target as a·onehot + b: pytorch (1 − ε)·onehot + ε/K; others
 * (1 − ε − ε/(K−1))·onehot + ε/(K−1) (K = 1: (1 − ε)·onehot).
 */
export function smoothingCoefficients(eps: number, K: number, mode: SmoothingMode): { a: number; b: number } {
  if (eps === 0) return { a: 1, b: 0 };
  if (mode === 'others') {
    if (K <= 1) return { a: 1 - eps, b: 0 };
    const b = eps / (K - 1);
    return { a: 1 - eps - b, b };
  }
  return { a: 1 - eps, b: eps / K };
}

export function crossEntropyLoss(spec: LossSpec, input: Tensor, target: Tensor, opts?: ComputeOptions): LossResult {
  const reduction = checkReduction(spec);
  const eps0 = spec.label_smoothing;
  if (!(eps0 >= 0 && eps0 <= 1)) {
    throw new LossDebuggerError('value', `CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0, got ${eps0}`, { path: 'loss.label_smoothing' }, 'typical values are 0.05 to 0.2');
  }
  const L = classLayout('CrossEntropyLoss', input, target, true);
  const f32 = isF32(opts);
  if (f32 && !L.prob && ceKernelApplies(spec, input, target, opts)) {
    // float32 mode on (N, C) logits: the fused SIMD kernel, after the same validation as below.
    checkIndexTargets('CrossEntropyLoss', target, L.C, spec.ignore_index, classWeight('CrossEntropyLoss', spec.weight, L.C, true));
    return crossEntropyLossResult(spec, input, target);
  }
  const x = prec(input.data, f32);
  const w = classWeight('CrossEntropyLoss', spec.weight, L.C, f32);
  const eps = precScalar(eps0, f32);
  const { a, b } = smoothingCoefficients(eps, L.C, spec.smoothing_mode);
  const { outer, C, inner, positions } = L;
  const wantGrad = opts?.grad !== false;
  const grad = new Float64Array(wantGrad ? x.length : 0);
  const perPos = reduction === 'none' || (opts?.rows === true && !f32) ? new Float64Array(positions) : undefined;
  let total = 0;
  let denom: number;

  // Each row: its softmax exps (softmaxRow64: max, exp, Σ in one staged pass; strided rows of an
  // (N, C, d…) input are gathered first), then the gradient written once from them.
  const row = softmaxRowScratch();
  const gathered = inner === 1 ? undefined : new Float64Array(C);
  const load = (base: number): void => {
    if (gathered === undefined) softmaxRow64(x, base, C, row);
    else {
      for (let c = 0, j = base; c < C; c++, j += inner) gathered[c] = x[j];
      softmaxRow64(gathered, 0, C, row);
    }
  };

  if (!L.prob) {
    const t = target.data;
    const ignore = spec.ignore_index;
    denom = checkIndexTargets('CrossEntropyLoss', target, C, ignore, w);
    const scale = reduction === 'mean' ? 1 / denom : 1;
    let W = C;
    if (w) {
      W = 0;
      for (let c = 0; c < C; c++) W += w[c];
    }
    const bs = b * scale;
    for (let o = 0; o < outer; o++) {
      for (let s = 0; s < inner; s++) {
        const pos = o * inner + s;
        const yv = t[pos];
        if (yv === ignore) continue;
        const base = o * C * inner + s;
        const end = base + C * inner;
        load(base);
        const { m, S: sumE, e, off } = row;
        const logS = Math.log(sumE);
        const jy = base + yv * inner;
        const wy = w ? w[yv] : 1;
        const ay = a * wy * scale;
        // without smoothing W is not used: a class weight of Infinity that no target names (W = ∞)
        // must not turn the gradient into 0·∞ = NaN (PyTorch's stays finite)
        const k = (b === 0 ? ay : ay + bs * W) / sumE;
        // the gradient, and the smoothing sum Σ w_k (m − x_k)
        let smooth = 0;
        if (!wantGrad) {
          if (b !== 0) for (let j = base, c = 0; j < end; j += inner, c++) smooth += (w ? w[c] : 1) * (m - x[j]);
        } else if (b === 0) {
          if (inner === 1) scaleRowInto(row, k, grad, base);
          else for (let j = base, q = off; j < end; j += inner, q++) grad[j] = e[q] * k;
        } else if (w) {
          for (let j = base, q = off, c = 0; j < end; j += inner, q++, c++) {
            grad[j] = e[q] * k - bs * w[c];
            smooth += w[c] * (m - x[j]);
          }
        } else {
          for (let j = base, q = off; j < end; j += inner, q++) {
            grad[j] = e[q] * k - bs;
            smooth += m - x[j];
          }
        }
        let loss = a * wy * (m - x[jy] + logS);
        if (b !== 0) loss += b * (smooth + W * logS);
        total += loss;
        if (perPos) perPos[pos] = loss;
        if (!wantGrad) continue;
        grad[jy] -= ay;
        if (f32) for (let j = base; j < end; j += inner) grad[j] = Math.fround(grad[j]);
      }
    }
  } else {
    const t = prec(target.data, f32);
    denom = positions;
    const scale = reduction === 'mean' ? 1 / denom : 1;
    const smoothing = b !== 0 || a !== 1;
    for (let o = 0; o < outer; o++) {
      for (let s = 0; s < inner; s++) {
        const pos = o * inner + s;
        const base = o * C * inner + s;
        const end = base + C * inner;
        load(base);
        const { m, S: sumE, e, off } = row;
        let T = 0;
        let acc = 0;
        for (let j = base, c = 0; j < end; j += inner, c++) {
          let tc = smoothing ? t[j] * a + b : t[j];
          if (w) tc *= w[c];
          T += tc;
          acc += tc * (m - x[j]);
        }
        const logS = Math.log(sumE);
        const loss = acc + T * logS;
        total += loss;
        if (perPos) perPos[pos] = loss;
        if (!wantGrad) continue;
        const k = (T * scale) / sumE;
        for (let j = base, q = off, c = 0; j < end; j += inner, q++, c++) {
          let tc = smoothing ? t[j] * a + b : t[j];
          if (w) tc *= w[c];
          grad[j] = e[q] * k - tc * scale;
        }
        if (f32) for (let j = base; j < end; j += inner) grad[j] = Math.fround(grad[j]);
      }
    }
  }

  // In float32 mode each row's gradient was rounded while still in cache (ignored rows are 0).
  if (perPos && reduction === 'none') return finish(perPos, L.posShape, grad, f32, true);
  const value = reduction === 'mean' ? total / denom : total;
  const r = finish(Float64Array.of(value), [], grad, f32, true);
  if (perPos) r.rows = perPos;
  return r;
}
