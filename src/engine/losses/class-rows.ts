/**
 * Cross-entropy / NLL per row of a (N, C, d1, …) input, from per-row statistics: the unreduced loss
 * of any variant (weights, ignore_index, label smoothing and its convention) without recomputing
 * over the input, and one row's loss with its inputs rounded (half precision). Used by diagnostics
 * that compare what a training loop reported with what other settings would have given; the
 * reference implementation is ./cross-entropy.ts and ./nll.ts (tests check they agree).
 */
import type { Data } from '../tensor';
import { smoothingCoefficients } from './cross-entropy';
import type { LossSpec } from './spec';

/** Where the rows are: row r (one sample/position) holds its C class scores at `rowOffset(r) + c·stride`. */
export interface RowGeometry {
  C: number;
  /** Number of rows: N·d1·…·dk (1 for a 1-D input). */
  rows: number;
  /** Distance between classes of one row: d1·…·dk (1 for (N, C)). */
  stride: number;
}

/** Flat offset of row r's class 0. */
export function rowOffset(layout: RowGeometry, r: number): number {
  const { C, stride } = layout;
  if (stride === 1) return r * C;
  const n = Math.floor(r / stride);
  return n * C * stride + (r % stride);
}

/** Per-row quantities of a (N, C, d…) input from which every CrossEntropyLoss variant follows. */
export interface ClassRows {
  lse: Float64Array;
  /** Σ_k x_k and Σ_k w_k·x_k per row (the smoothing term). */
  sumX: Float64Array;
  sumWX?: Float64Array;
}

/** One pass per row (max, then the exp sum and the two sums, from a row buffer). */
export function classRows(x: Data, layout: RowGeometry, w: Data | undefined): ClassRows {
  const { rows, C, stride } = layout;
  const lse = new Float64Array(rows), sumX = new Float64Array(rows);
  const sumWX = w ? new Float64Array(rows) : undefined;
  const buf = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    const off = rowOffset(layout, r);
    let m = -Infinity;
    for (let k = 0, i = off; k < C; k++, i += stride) {
      const v = x[i];
      buf[k] = v;
      if (v > m) m = v;
    }
    let se = 0, sx = 0, swx = 0;
    for (let k = 0; k < C; k++) {
      const v = buf[k];
      se += Math.exp(v - m);
      sx += v;
      if (w) swx += w[k] * v;
    }
    lse[r] = m + Math.log(se);
    sumX[r] = sx;
    if (sumWX) sumWX[r] = swx;
  }
  return { lse, sumX, sumWX };
}

export interface ClassVariant {
  type: 'CrossEntropyLoss' | 'NLLLoss';
  weight?: Data;
  ignore: number;
  eps: number;
  mode: LossSpec['smoothing_mode'];
}

/**
 * The unreduced loss per row and the 'mean' denominator (Σ w_y over non-ignored rows) of a class
 * loss with index targets, from per-row statistics: no recomputation over the input. Undefined when
 * PyTorch would raise (a target out of range).
 */
export function classLossRows(x: Data, t: Data, layout: RowGeometry, v: ClassVariant, st: ClassRows | undefined):
  { perRow: Float64Array; valid: Uint8Array; denom: number } | undefined {
  const { rows, C, stride } = layout;
  const ce = v.type === 'CrossEntropyLoss';
  const { a, b } = ce ? smoothingCoefficients(v.eps, C, v.mode) : { a: 1, b: 0 };
  const w = v.weight;
  if (ce && !st) return undefined;
  let W = C;
  if (w) { W = 0; for (let k = 0; k < C; k++) W += w[k]; }
  const perRow = new Float64Array(rows);
  const valid = new Uint8Array(rows);
  let denom = 0;
  for (let r = 0; r < rows; r++) {
    const y = t[r];
    if (y === v.ignore) continue;
    if (!(y >= 0 && y < C && Number.isInteger(y))) return undefined;
    const xy = x[rowOffset(layout, r) + y * stride];
    const wy = w ? w[y] : 1;
    let loss: number;
    if (ce && st) {
      loss = a * wy * (st.lse[r] - xy);
      if (b !== 0) loss += b * (W * st.lse[r] - (w && st.sumWX ? st.sumWX[r] : st.sumX[r]));
    } else {
      loss = -wy * xy;
    }
    perRow[r] = loss;
    valid[r] = 1;
    denom += wy;
  }
  return { perRow, valid, denom };
}

/** One row's loss of a class-loss variant with rounded inputs (undefined when ignored or invalid). */
export function rowLoss(x: Data, t: Data, layout: RowGeometry, v: ClassVariant, r: number, round: (v: number) => number): number | undefined {
  const { C, stride } = layout;
  const y = t[r];
  if (y === v.ignore || !(y >= 0 && y < C && Number.isInteger(y))) return undefined;
  const off = rowOffset(layout, r);
  const w = v.weight;
  const wy = w ? w[y] : 1;
  const xy = round(x[off + y * stride]);
  if (v.type === 'NLLLoss') return -wy * xy;
  const { a, b } = smoothingCoefficients(v.eps, C, v.mode);
  let m = -Infinity;
  for (let k = 0, i = off; k < C; k++, i += stride) { const q = round(x[i]); if (q > m) m = q; }
  let se = 0, sx = 0, W = 0;
  for (let k = 0, i = off; k < C; k++, i += stride) {
    const q = round(x[i]);
    se += Math.exp(q - m);
    const wk = w ? w[k] : 1;
    sx += wk * q;
    W += wk;
  }
  const lse = m + Math.log(se);
  let loss = a * wy * (lse - xy);
  if (b !== 0) loss += b * (W * lse - sx);
  return loss;
}
