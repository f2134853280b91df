/**
 * Shared helpers of the invariant rules (what must hold for a loss whatever the model does): the
 * floating-point slack of a dumped distribution, rows along a chosen dimension, and which rule owns
 * a failed precondition. Pure: no I/O.
 */
import { l10n } from '../l10n';
import type { DType, Tensor } from '../engine/tensor';
import { numel } from '../engine/tensor';
import { ruleApplies } from './finding';
import type { Finding, Rule, RuleContext } from './types';
import { isInputNeeded } from './stats';

/**
 * Relative rounding error per summed term, by dtype. A distribution computed in float32 (softmax,
 * one-hot, label smoothing) and summed over K classes is 1 ± K·2^-23 at worst with round-to-nearest
 * per term; we allow 1e-6 per term (8× that). float64 dumps are usually float32 values widened, so
 * they get the same slack. Half precisions: 2^-10 (float16) and 2^-7 (bfloat16) per term.
 */
export function termSlack(dtype: DType): number {
  if (dtype === 'float16') return 1e-3;
  if (dtype === 'bfloat16') return 8e-3;
  return 1e-6;
}

/**
 * The number of decimals the values were written with, when they look hand-rounded (every sampled
 * value a multiple of 10^-d for some d ≤ 6, allowing for float32 storage); undefined otherwise.
 * A row of K values rounded to d decimals sums to 1 ± K·0.5·10^-d.
 */
export function decimalsOf(data: ArrayLike<number>, maxSamples = 2048): number | undefined {
  const n = data.length;
  if (n === 0) return undefined;
  const step = Math.max(1, Math.floor(n / maxSamples));
  let need = 0;
  for (let i = 0; i < n; i += step) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    let d = need;
    for (; d <= 6; d++) {
      const s = v * 10 ** d;
      if (Math.abs(s - Math.round(s)) <= Math.abs(s) * 1.2e-7 + 1e-9) break;
    }
    if (d > 6) return undefined;
    need = d;
  }
  return need;
}

/** Slack on a row sum of K terms: floating-point rounding plus hand-rounding to a few decimals. */
export function rowSumSlack(t: Pick<Tensor, 'data' | 'dtype'>, K: number): number {
  const dec = decimalsOf(t.data);
  const rounding = dec === undefined || dec === 0 || dec >= 6 ? 0 : K * 0.5 * 10 ** -dec;
  return K * termSlack(t.dtype) + rounding;
}

/** Geometry of the rows of a tensor along one dimension (row r's element k is at offset(r) + k·inner). */
export interface Rows {
  dim: number;
  K: number;
  rows: number;
  inner: number;
}

export function rowsAlong(shape: readonly number[], dim: number): Rows {
  const K = shape[dim] ?? 0;
  const inner = numel(shape.slice(dim + 1));
  const rows = K === 0 ? 0 : numel(shape) / K;
  return { dim, K, rows, inner };
}

export function rowStart(g: Rows, r: number): number {
  return Math.floor(r / g.inner) * g.K * g.inner + (r % g.inner);
}

/** Per-row sum and logsumexp along `dim` for every row (one pass over the tensor). */
export function sumsAlong(t: Tensor, dim: number): { g: Rows; sum: Float64Array; lse: Float64Array } {
  const g = rowsAlong(t.shape, dim);
  const sum = new Float64Array(g.rows), lse = new Float64Array(g.rows);
  const d = t.data;
  for (let r = 0; r < g.rows; r++) {
    const off = rowStart(g, r);
    let s = 0, m = -Infinity;
    for (let k = 0, i = off; k < g.K; k++, i += g.inner) {
      const v = d[i];
      s += v;
      if (v > m) m = v;
    }
    let e = 0;
    if (Number.isFinite(m)) for (let k = 0, i = off; k < g.K; k++, i += g.inner) e += Math.exp(d[i] - m);
    sum[r] = s;
    lse[r] = Number.isFinite(m) ? m + Math.log(e) : m;
  }
  return { g, sum, lse };
}

/** Another rule's findings on this case (memoised per case; with its default options; none outside its `appliesTo`). */
export function ruleFindings(ctx: RuleContext, rule: Rule): Finding[] {
  if (!ruleApplies(rule, ctx.case.loss.type)) return [];
  return ctx.stats.memoise(`findings:${rule.id}`, () => {
    try {
      return rule.check({ ...ctx, options: { ...rule.defaults } });
    } catch (e) {
      if (isInputNeeded(e)) throw e;
      return [];
    }
  });
}

/** Whether another rule reports something on this case. */
export function ruleFires(ctx: RuleContext, rule: Rule): boolean {
  return ruleFindings(ctx, rule).length > 0;
}

/** Distinct finite values of a tensor, up to `max` of them (undefined when there are more). */
export function distinctValues(t: Tensor, max = 16): number[] | undefined {
  const seen = new Set<number>();
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) continue;
    if (!seen.has(v)) {
      seen.add(v);
      if (seen.size > max) return undefined;
    }
  }
  return [...seen].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// The loss's floor: the lowest value the recomputed loss can take when its preconditions hold.

export interface FloorCheck {
  /** What is compared: the scalar loss, or (reduction 'none') the elements/rows below their floor. */
  value: number;
  floor: number;
  /** How the floor was obtained (English, for the evidence). */
  floorWhat: string;
  /** The same in the language of the messages. */
  floorText: string;
  tolerance: number;
  below: boolean;
  /** reduction 'none': elements (or rows, or the KL total) below their floor, of how many. */
  elementsBelow?: number;
  elements?: number;
}

function entropyRows(ctx: RuleContext): { perRow: Float64Array; K: number } | undefined {
  const c = ctx.case;
  const l = ctx.stats.layout;
  if (!l || l.targetKind !== 'probs' || l.C < 2) return undefined;
  const eps = c.loss.label_smoothing;
  const K = l.C;
  const t = c.target.data;
  const perRow = new Float64Array(l.rows);
  for (let r = 0; r < l.rows; r++) {
    const off = r % l.stride + Math.floor(r / l.stride) * K * l.stride;
    let h = 0;
    for (let k = 0, i = off; k < K; k++, i += l.stride) {
      const p = (1 - eps) * t[i] + eps / K;
      if (p > 0) h -= p * Math.log(p);
    }
    perRow[r] = h;
  }
  return { perRow, K };
}

/**
 * The recomputed loss against its floor: 0 for BCE, BCEWithLogits, NLL, CE with class indices and
 * for the KL total; the targets' (smoothed) entropy for CrossEntropyLoss with probability targets
 * and no class weight. Undefined for regression losses (never below 0 by construction) and when the
 * loss could not be computed.
 */
export function lossFloor(ctx: RuleContext): FloorCheck | undefined {
  return ctx.stats.memoise('loss-floor', () => {
    const c = ctx.case;
    const r = ctx.result;
    const type = c.loss.type;
    if (!r) return undefined;
    if (!['BCELoss', 'BCEWithLogitsLoss', 'NLLLoss', 'CrossEntropyLoss', 'KLDivLoss'].includes(type)) return undefined;
    const v = r.value.data;
    const red = c.loss.reduction;
    const H = type === 'CrossEntropyLoss' && !c.loss.weight ? entropyRows(ctx) : undefined;
    const n = numel(c.input.shape);
    if (type === 'KLDivLoss') {
      // Per-element KL terms may be negative; their total may not.
      let total = 0;
      if (red === 'none') for (let i = 0; i < v.length; i++) total += v[i];
      const N = c.input.shape.length ? c.input.shape[0] : 1;
      const divisor = red === 'mean' ? Math.max(n, 1) : red === 'batchmean' ? Math.max(N, 1) : 1;
      const value = red === 'none' ? total : v[0];
      const tolerance = (1e-5 * n) / divisor;
      if (!Number.isFinite(value)) return undefined;
      return { value, floor: 0, floorWhat: 'KL(target ‖ input) ≥ 0', floorText: 'KL(target ‖ input) ≥ 0', tolerance, below: value < -tolerance, ...(red === 'none' ? { elementsBelow: value < -tolerance ? 1 : 0, elements: 1 } : {}) };
    }
    if (red === 'none') {
      let below = 0, count = 0, worst = Infinity, worstFloor = 0;
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (!Number.isFinite(x)) continue;
        const f = H ? H.perRow[i] : 0;
        const tol = 1e-6 * (1 + Math.abs(f)) * (H ? H.K : 1);
        count++;
        if (x < f - tol) below++;
        if (x - f < worst - worstFloor) { worst = x; worstFloor = f; }
      }
      if (count === 0) return undefined;
      return { value: worst, floor: worstFloor, floorWhat: H ? "the target row's entropy" : '0', floorText: H ? l10n.t("the target row's entropy") : '0', tolerance: 1e-6, below: below > 0, elementsBelow: below, elements: count };
    }
    const value = v[0];
    if (!Number.isFinite(value)) return undefined;
    let floor = 0;
    if (H) {
      let s = 0;
      for (let i = 0; i < H.perRow.length; i++) s += H.perRow[i];
      floor = red === 'sum' ? s : s / Math.max(H.perRow.length, 1);
    }
    const tolerance = 1e-6 * (1 + Math.abs(floor)) * (H ? H.K : 1) * (red === 'sum' ? Math.max(n, 1) : 1);
    return { value, floor, floorWhat: H ? "the targets' entropy" : '0', floorText: H ? l10n.t("the targets' entropy") : '0', tolerance, below: value < floor - tolerance };
  });
}
