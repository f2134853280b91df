/**
 * loss-plateau: the training curve (`history.train`, else `history.val`) has been flat for the
 * second half of the run at a level close to what a model that learned nothing would get.
 *
 * Reference levels come from the case itself (`lossReference`): log K for a K-class loss, the loss
 * of the best constant prediction (the class prior, the base rate, the target mean), and, for
 * cross-entropy, the double-softmax floor log(1 + (K−1)/e). A curve that descended and then
 * converged well below those levels is healthy and not reported.
 *
 * Also exports the curve helpers and reference levels used by loss-divergence and initial-loss.
 */
import { isBinaryLoss, isClassLoss, isRegressionLoss, type LossSpec } from '../../engine/losses/spec';
import { finding } from '../finding';
import { fmt, pct, round } from '../format';
import type { CaseStats } from '../stats';
import type { LossCase } from '../../shapes/index';
import type { Finding, Rule, RuleContext } from '../types';
import { doubleSoftmaxFix, levelText, nameLevel, PLATEAU_DEFAULTS, plateauFix, PLATEAU_TITLE } from '../curves/plateau';
import { l10n } from '../../l10n';

// ---------------------------------------------------------------------------------------------
// Curve helpers

/** The curve to analyse: `history.train`, else `history.val`, with its name. */
export function pickCurve(c: LossCase): { name: 'train' | 'val'; values: number[] } | undefined {
  const h = c.history;
  if (!h) return undefined;
  if (h.train && h.train.length) return { name: 'train', values: h.train };
  if (h.val && h.val.length) return { name: 'val', values: h.val };
  return undefined;
}

/** Mean of values[from, to). */
export function segmentMean(v: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i];
  return to > from ? s / (to - from) : NaN;
}

/** Centered-left moving average: out[i] = mean of v[max(0, i−w+1) .. i]. */
export function movingAverage(v: readonly number[], w: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    if (i >= w) s -= v[i - w];
    out.push(s / Math.min(i + 1, w));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reference levels

export interface LossReference {
  /** Loss of an untrained model: uniform probabilities (zero logits) or a zero prediction. */
  init: number;
  /** Loss of the best constant prediction: the class prior, the base rate, the target mean. */
  constant: number;
  /** Number of classes for class losses. */
  K?: number;
  /** log K for class losses (uniform prediction). */
  logK?: number;
  /** CrossEntropyLoss on softmax outputs cannot go below log(1 + (K−1)/e). */
  doubleSoftmaxFloor?: number;
  /** What `init` and `constant` mean here, for messages. */
  initText: string;
  constantText: string;
}

function entropy(p: readonly number[]): number {
  let h = 0;
  for (const v of p) if (v > 0) h -= v * Math.log(v);
  return h;
}

function huberElem(r: number, delta: number): number {
  const a = Math.abs(r);
  return a < delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

function smoothL1Elem(r: number, beta: number): number {
  const a = Math.abs(r);
  if (beta === 0) return a;
  return a < beta ? (0.5 * r * r) / beta : a - 0.5 * beta;
}

/** Loss levels of an untrained and of a constant model on this case's targets (reduction 'mean'). */
export function lossReference(c: LossCase, stats: CaseStats): LossReference | undefined {
  const spec: LossSpec = c.loss;
  if (spec.reduction !== 'mean' && spec.reduction !== 'batchmean') return undefined;
  if (isClassLoss(spec.type)) {
    const layout = stats.layout;
    if (!layout || layout.C < 2 || layout.targetKind === 'mismatch') return undefined;
    const K = layout.C;
    const logK = Math.log(K);
    // Class frequencies (index targets) or mean target distribution (probability targets).
    let prior: number[] | undefined;
    if (layout.targetKind === 'index') {
      const cc = stats.classCounts;
      if (!cc || cc.valid === 0) return undefined;
      prior = cc.counts.map((n) => n / cc.valid);
    } else {
      prior = stats.memoise('b:meanTargetDistribution', () => {
        const t = c.target.data;
        const out = new Array<number>(K).fill(0);
        for (let r = 0; r < layout.rows; r++) {
          const n = Math.floor(r / layout.stride);
          const off = n * K * layout.stride + (r % layout.stride);
          for (let k = 0; k < K; k++) out[k] += t[off + k * layout.stride];
        }
        const s = out.reduce((a, b) => a + b, 0);
        // Targets without mass (all zero) give no prior, hence no reference level.
        return s > 0 ? out.map((v) => v / s) : undefined;
      });
      if (!prior) return undefined;
    }
    // With class weights the best constant prediction is the weighted prior r_k ∝ w_k·π_k.
    const w = spec.weight?.data;
    let r = prior;
    if (w && w.length === K && layout.targetKind === 'index') {
      const z = prior.reduce((s, p, k) => s + p * w[k], 0);
      if (z > 0) r = prior.map((p, k) => (p * w[k]) / z);
    }
    // PyTorch smooths probability targets too: t·(1 − ε) + ε/K.
    const eps = spec.label_smoothing;
    const mix = r.map((p) => (1 - eps) * p + eps / K);
    // The batch's class frequencies underestimate the entropy when there are many classes and few
    // targets (a 2000-token vocabulary seen through 400 targets): Miller–Madow correction (m−1)/(2n).
    let correction = 0;
    const cc = layout.targetKind === 'index' ? stats.classCounts : undefined;
    if (cc && cc.valid > 0) correction = (cc.counts.filter((n) => n > 0).length - 1) / (2 * cc.valid);
    const constant = Math.min(logK, entropy(mix) + correction);
    const ref: LossReference = {
      init: logK, constant, K, logK,
      initText: l10n.t('log K = log {0} (uniform probabilities)', String(K)),
      constantText: l10n.t('predicting the class frequencies'),
    };
    if (spec.type === 'CrossEntropyLoss' && eps === 0) ref.doubleSoftmaxFloor = Math.log(1 + (K - 1) / Math.E);
    return ref;
  }
  if (isBinaryLoss(spec.type)) {
    const b = stats.binary;
    if (!b || b.invalid > 0) return undefined;
    // Per label l: base rate π = mean target; pos_weight w multiplies the positive term.
    const t = c.target.data;
    const L = b.labels;
    const sums = new Array<number>(L).fill(0);
    const counts = new Array<number>(L).fill(0);
    for (let i = 0; i < t.length; i++) {
      const l = L === 1 ? 0 : i % L;
      sums[l] += t[i];
      counts[l]++;
    }
    const pw = spec.type === 'BCEWithLogitsLoss' ? spec.pos_weight?.data : undefined;
    let init = 0, constant = 0, total = 0;
    for (let l = 0; l < L; l++) {
      if (!counts[l]) continue;
      const pi = sums[l] / counts[l];
      const w = pw ? (pw.length === 1 ? pw[0] : pw[l] ?? 1) : 1;
      const a = w * pi, bb = 1 - pi;
      init += counts[l] * (a + bb) * Math.LN2;
      const pStar = a / (a + bb); // used only when a > 0 or bb > 0
      const lc = (a > 0 ? -a * Math.log(pStar) : 0) + (bb > 0 ? -bb * Math.log(1 - pStar) : 0);
      constant += counts[l] * lc;
      total += counts[l];
    }
    if (!total) return undefined;
    return {
      init: init / total, constant: constant / total,
      initText: l10n.t('a probability of 0.5 everywhere (zero logits)'),
      constantText: l10n.t('predicting the base rate'),
    };
  }
  if (isRegressionLoss(spec.type)) {
    const t = c.target.data;
    const st = stats.target;
    if (!(st.size > 0) || st.nonFinite > 0) return undefined;
    const center = spec.type === 'MSELoss' ? st.mean : stats.memoise('b:targetMedian', () => {
      const s = Float64Array.from(t).sort();
      return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    });
    let init = 0, constant = 0;
    for (let i = 0; i < t.length; i++) {
      const v = t[i];
      if (spec.type === 'MSELoss') { init += v * v; constant += (v - center) * (v - center); }
      else if (spec.type === 'L1Loss') { init += Math.abs(v); constant += Math.abs(v - center); }
      else if (spec.type === 'HuberLoss') { init += huberElem(v, spec.delta); constant += huberElem(v - center, spec.delta); }
      else { init += smoothL1Elem(v, spec.beta); constant += smoothL1Elem(v - center, spec.beta); }
    }
    return {
      init: init / t.length, constant: constant / t.length,
      initText: l10n.t('predicting 0'),
      constantText: spec.type === 'MSELoss' ? l10n.t('predicting the target mean (the target variance)') : l10n.t('predicting the target median'),
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The rule

/**
 * A short history (shortMinSteps ≤ n < minSteps): too few points for quarters, but when every
 * point sits within `shortTolerance` of one level and that level is log K, the constant model's
 * loss or the double-softmax floor, the plateau is already clear (#12 item 7).
 */
function shortHistory(ctx: RuleContext, name: 'train' | 'val', v: readonly number[]): Finding[] {
  const o = ctx.options;
  const n = v.length;
  const mean = segmentMean(v, 0, n);
  if (!(mean > 0)) return [];
  if (v.some((x) => Math.abs(x - mean) > o.shortTolerance * mean)) return [];
  if (v[n - 1] < v[0] * (1 - o.shortTolerance)) return [];
  const ref = lossReference(ctx.case, ctx.stats);
  if (!ref || !(ref.constant > 0)) return [];
  const named = nameLevel(mean, {
    constant: ref.constant, constantText: ref.constantText, lossType: ctx.case.loss.type, source: 'this case',
    ...(ref.K !== undefined ? { numClasses: ref.K, logK: ref.logK } : {}),
    ...(ref.doubleSoftmaxFloor !== undefined ? { doubleSoftmaxFloor: ref.doubleSoftmaxFloor } : {}),
  }, { floorTolerance: o.floorTolerance, levelTolerance: o.levelTolerance });
  if (!named) return [];
  return [finding(lossPlateau, {
    message: name === 'train'
      ? l10n.t('The train loss is flat over all {0} points of the history (within {1} of {2}), {3}. A few points are enough when they sit exactly at this level: nothing is being learned.', String(n), pct(o.shortTolerance), fmt(mean, 4), named.text)
      : l10n.t('The val loss is flat over all {0} points of the history (within {1} of {2}), {3}. A few points are enough when they sit exactly at this level: nothing is being learned.', String(n), pct(o.shortTolerance), fmt(mean, 4), named.text),
    evidence: {
      curve: name, steps: n, first: v[0], last: round(mean, 6), plateauStart: 0, dropBeforePlateau: round(1 - v[n - 1] / v[0], 4),
      constantModelLoss: round(ref.constant, 6), levelVsConstant: round(mean / ref.constant, 4),
      logK: ref.logK !== undefined ? round(ref.logK, 6) : null,
      doubleSoftmaxFloor: ref.doubleSoftmaxFloor !== undefined ? round(ref.doubleSoftmaxFloor, 6) : null,
      numClasses: ref.K ?? null, levelKind: named.kind,
    },
    fix: named.fix,
    field: 'history',
  })];
}

export const lossPlateau: Rule = {
  id: 'loss-plateau',
  severity: 'warning',
  title: PLATEAU_TITLE,
  defaults: { ...PLATEAU_DEFAULTS },
  check(ctx: RuleContext): Finding[] {
    const curve = pickCurve(ctx.case);
    if (!curve) return [];
    const v = curve.values;
    const n = v.length;
    if (v.some((x) => !Number.isFinite(x))) return [];
    if (n >= ctx.options.shortMinSteps && n < Math.max(4, ctx.options.minSteps)) return shortHistory(ctx, curve.name, v);
    if (n < Math.max(4, ctx.options.minSteps)) return [];
    const ref = lossReference(ctx.case, ctx.stats);
    if (!ref || !(ref.constant > 0)) return [];

    const q = (k: number): number => segmentMean(v, Math.floor((k * n) / 4), Math.floor(((k + 1) * n) / 4));
    const q1 = q(0), q3 = q(2), q4 = q(3);
    const tol = ctx.options.flatTolerance;
    if (!(q4 > 0)) return [];
    // Flat second half: the third and fourth quarters agree, and the loss is not rising.
    const flat = Math.abs(q3 - q4) <= tol * q4 && q4 <= q1 * (1 + tol);
    if (!flat) return [];

    const floor = ref.doubleSoftmaxFloor;
    const atFloor = floor !== undefined && Math.abs(q4 - floor) <= ctx.options.floorTolerance * floor;
    // How much the curve fell before the plateau: from the mean of its first 5 % to the last quarter.
    const head = segmentMean(v, 0, Math.max(1, Math.round(n / 20)));
    const drop = head > 0 ? (head - q4) / head : 0;
    const flatFromStart = drop < ctx.options.minDrop;
    // Flat from the start at a high level, or stuck near the constant model after a (small) descent.
    const high = flatFromStart
      ? q4 >= ctx.options.highLevel * ref.constant
      : q4 >= ctx.options.nearConstant * ref.constant;
    if (!atFloor && !high) return [];

    // Where the plateau starts: the first step after which the smoothed curve stays near its end level.
    const ma = movingAverage(v, Math.max(1, Math.round(n / 10)));
    let start = n - 1;
    while (start > 0 && Math.abs(ma[start - 1] - q4) <= 2 * tol * q4) start--;
    const atLogK = ref.logK !== undefined && Math.abs(q4 - ref.logK) <= 0.05 * ref.logK;
    const atConstant = Math.abs(q4 - ref.constant) <= 0.05 * ref.constant;

    const where = flatFromStart ? l10n.t('flat from the start ({0} steps)', String(n)) : l10n.t('flat since step {0} of {1} (after falling {2})', String(start), String(n), pct(drop));
    let level: string;
    let fix: string;
    if (atFloor && floor !== undefined) {
      level = levelText.floor(q4, floor, ref.K);
      fix = doubleSoftmaxFix();
    } else {
      if (atLogK) level = levelText.logK(q4, ref.logK ?? NaN, ref.K);
      else if (atConstant) level = levelText.constant(q4, ref.constant, ref.constantText, ctx.case.loss.type);
      else level = levelText.nearConstant(q4, ref.constant, ref.constantText);
      fix = plateauFix();
    }
    const message = curve.name === 'train' ? l10n.t('The train loss is {0}, {1}.', where, level) : l10n.t('The val loss is {0}, {1}.', where, level);
    return [finding(lossPlateau, {
      message,
      evidence: {
        curve: curve.name,
        steps: n,
        first: v[0],
        last: round(q4, 6),
        plateauStart: flatFromStart ? 0 : start,
        dropBeforePlateau: round(drop, 4),
        constantModelLoss: round(ref.constant, 6),
        levelVsConstant: round(q4 / ref.constant, 4),
        logK: ref.logK !== undefined ? round(ref.logK, 6) : null,
        doubleSoftmaxFloor: floor !== undefined ? round(floor, 6) : null,
        numClasses: ref.K ?? null,
      },
      fix,
      field: 'history',
    })];
  },
};
