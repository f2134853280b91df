/**
 * loss-plateau on a logged curve: the training loss is flat at a level that means the model
 * learned nothing — log K (uniform predictions), the loss of the best constant prediction, or the
 * double-softmax floor log(1 + (K−1)/e). The levels come from the run (its first snapshot case,
 * its header) or `--classes K`; without them, a curve flat from its first step at exactly log K
 * for a small K (2..10) — its first points and its plateau both at that log K — is named as such,
 * hedged. A short history (5–9 points) sitting at one of
 * these levels is already a plateau.
 */
import { isBinaryLoss, isClassLoss, isRegressionLoss, type LossType } from '../../engine/losses/spec';
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { fmt, pct } from '../format';
import type { Finding } from '../types';
import { toValue } from './analyse';
import type { CurveReference, CurveRule } from './types';

/** The fix for a loss that learns nothing (its comments in the current language). */
export function plateauFix(): string {
  return [
    `# ${l10n.t('1) can the model overfit one small batch? If not, the wiring (model/loss/optimizer) is broken')}`,
    'xb, yb = next(iter(train_loader))',
    'for step in range(300):',
    '    optimizer.zero_grad()',
    '    loss = criterion(model(xb), yb)',
    '    loss.backward()',
    '    optimizer.step()',
    `print(loss.item())  # ${l10n.t('should approach 0')}`,
    `# ${l10n.t('2) are gradients flowing? (None or 0 means a detached graph, frozen layers or lr too small)')}`,
    'print({n: None if p.grad is None else p.grad.norm().item() for n, p in model.named_parameters()})',
    `# ${l10n.t('3) try a 10x larger (or, if it oscillates, smaller) learning rate, and check that the labels match the inputs')}`,
  ].join('\n');
}

/** The fix for a loss stuck at the double-softmax floor. */
export function doubleSoftmaxFix(): string {
  return [
    `# ${l10n.t('CrossEntropyLoss applies log_softmax itself: feed it raw logits')}`,
    `logits = model(x)            # ${l10n.t('remove the final nn.Softmax / torch.softmax')}`,
    'loss = criterion(logits, y)',
  ].join('\n');
}

/**
 * What a model stuck at the constant model's loss has learned depends on the loss: a classifier
 * (class or binary cross-entropy) has learned the label frequencies, a regression model one value
 * (the target mean or median); an unknown loss says only "no better than a constant".
 */
export function constantKind(lossType: string | undefined): 'classification' | 'regression' | 'unknown' {
  if (lossType === undefined) return 'unknown';
  const t = lossType as LossType;
  if (isClassLoss(t) || isBinaryLoss(t)) return 'classification';
  return isRegressionLoss(t) ? 'regression' : 'unknown';
}

/**
 * The clauses that name a plateau's level (shared by the case rule and the curve rule). Each is
 * one translated clause, completed by the message that holds it.
 */
export const levelText = {
  floor: (level: number, floor: number, K: number | undefined): string =>
    l10n.t('at {0}, which is log(1 + (K−1)/e) = {1} for K = {2}: the lowest value CrossEntropyLoss can reach when it is given softmax probabilities instead of logits (double softmax)', fmt(level, 4), fmt(floor, 4), String(K)),
  logK: (level: number, logK: number, K: number | undefined): string =>
    l10n.t('at {0} ≈ log K = {1} (K = {2}): the model predicts uniform probabilities, i.e. chance', fmt(level, 4), fmt(logK, 4), String(K)),
  constant: (level: number, constant: number, constantText: string | undefined, lossType: string | undefined): string => {
    const what = constantText ?? l10n.t('the best constant prediction');
    switch (constantKind(lossType)) {
      case 'classification':
        return l10n.t('at {0} ≈ {1}, the loss of {2}: the model has learned the label frequencies and nothing from the inputs', fmt(level, 4), fmt(constant, 4), what);
      case 'regression':
        return l10n.t('at {0} ≈ {1}, the loss of {2}: the model predicts the same value for every input and has learned nothing from the inputs', fmt(level, 4), fmt(constant, 4), what);
      default:
        return l10n.t('at {0} ≈ {1}, the loss of {2}: the model does no better than a constant prediction and has learned nothing from the inputs', fmt(level, 4), fmt(constant, 4), what);
    }
  },
  nearConstant: (level: number, constant: number, constantText: string | undefined): string =>
    l10n.t('at {0}, {1} of the {2} a constant model gets ({3})', fmt(level, 4), pct(level / constant), fmt(constant, 4), constantText ?? l10n.t('the best constant prediction')),
};

export interface PlateauLevel {
  kind: 'floor' | 'logK' | 'constant' | 'near-constant';
  text: string;
  fix: string;
}

/**
 * Names the level a flat loss sits at, or undefined when it is none of the reference levels.
 * Shared by the case rule (history) and the curve rule.
 */
export function nameLevel(level: number, ref: CurveReference, o: { floorTolerance: number; levelTolerance: number }): PlateauLevel | undefined {
  const floor = ref.doubleSoftmaxFloor;
  const ceOrUnknown = ref.lossType === undefined || ref.lossType === 'CrossEntropyLoss';
  if (floor !== undefined && ceOrUnknown && Math.abs(level - floor) <= o.floorTolerance * floor) {
    return { kind: 'floor', text: levelText.floor(level, floor, ref.numClasses), fix: doubleSoftmaxFix() };
  }
  if (ref.logK !== undefined && ref.numClasses !== undefined && Math.abs(level - ref.logK) <= o.levelTolerance * ref.logK) {
    return { kind: 'logK', text: levelText.logK(level, ref.logK, ref.numClasses), fix: plateauFix() };
  }
  if (ref.constant !== undefined && ref.constant > 0 && Math.abs(level - ref.constant) <= o.levelTolerance * ref.constant) {
    return { kind: 'constant', text: levelText.constant(level, ref.constant, ref.constantText, ref.lossType), fix: plateauFix() };
  }
  return undefined;
}

/** log K for the K in [2, maxK] whose log K is within `tol` (relative) of `level`, if any. */
export function inferClasses(level: number, maxK: number, tol: number): number | undefined {
  const K = Math.round(Math.exp(level));
  if (K < 2 || K > maxK) return undefined;
  return Math.abs(level - Math.log(K)) <= tol * Math.log(K) ? K : undefined;
}

/** Title and options of loss-plateau, the same for the case rule (history) and the curve rule (one page). */
export const PLATEAU_TITLE = 'Loss stuck on a plateau';
export const PLATEAU_DEFAULTS: Readonly<Record<string, number>> = {
  minSteps: 10, flatTolerance: 0.03, highLevel: 0.6, nearConstant: 0.85, minDrop: 0.1, floorTolerance: 0.03,
  shortMinSteps: 5, shortTolerance: 0.05, levelTolerance: 0.05,
};

export const curvePlateau: CurveRule = {
  id: 'loss-plateau',
  severity: 'warning',
  title: PLATEAU_TITLE,
  // a curve without a snapshot case may name log K itself (small K only)
  defaults: { ...PLATEAU_DEFAULTS, inferMaxClasses: 10, inferTolerance: 0.01 },
  check(ctx) {
    const o = ctx.options;
    const s = ctx.roles.primaryTrain ?? ctx.roles.val[0];
    if (!s) return [];
    const a = ctx.analysis(s);
    const f = a.values.length;
    if (f < o.shortMinSteps || a.firstNonFinite >= 0) return [];
    const ref: CurveReference = ctx.reference ?? { source: '' };

    let level: number, flatFromStart: boolean, drop: number, start = 0;
    if (f < o.minSteps) {
      // Short history: every point near one level, not descending.
      let mean = 0;
      for (let i = 0; i < f; i++) mean += a.values[i];
      mean /= f;
      for (let i = 0; i < f; i++) if (Math.abs(a.values[i] - mean) > o.shortTolerance * mean) return [];
      if (a.values[f - 1] < a.values[0] * (1 - o.shortTolerance)) return [];
      level = mean; flatFromStart = true; drop = 0;
    } else {
      const v = (i: number): number => toValue(a, a.smooth[i]);
      const q = (k: number): number => {
        const lo = Math.floor((k * f) / 4), hi = Math.floor(((k + 1) * f) / 4);
        let sum = 0;
        for (let i = lo; i < hi; i++) sum += v(i);
        return sum / Math.max(1, hi - lo);
      };
      const q1 = q(0), q3 = q(2), q4 = q(3);
      const tol = o.flatTolerance;
      if (!(Math.abs(q3 - q4) <= tol * q4 && q4 <= q1 * (1 + tol))) return [];
      let head = 0;
      const h = Math.max(1, Math.round(f / 20));
      for (let i = 0; i < h; i++) head += a.values[i];
      head /= h;
      drop = head > 0 ? (head - q4) / head : 0;
      flatFromStart = drop < o.minDrop;
      level = q4;
      start = f - 1;
      while (start > 0 && Math.abs(v(start - 1) - q4) <= 2 * tol * q4) start--;
    }
    // A loss flat at 0 (or below) has nothing left to learn or is no loss of this kind: no level to name.
    if (!(level > 0)) return [];

    let named = nameLevel(level, ref, { floorTolerance: o.floorTolerance, levelTolerance: o.levelTolerance });
    let inferredK: number | undefined;
    if (!named && ref.numClasses === undefined && flatFromStart) {
      inferredK = inferClasses(level, o.inferMaxClasses, o.inferTolerance);
      // An untrained classifier starts at log K: without a reference, K is named only when the first
      // points sit at the same log K as the plateau (a curve passing near log 9 on its way down from
      // log 10 says nothing about K).
      if (inferredK !== undefined) {
        const h = Math.max(1, Math.round(f / 20));
        let head = 0;
        for (let i = 0; i < h; i++) head += a.values[i];
        head /= h;
        if (Math.abs(head - Math.log(inferredK)) > 2 * o.inferTolerance * Math.log(inferredK)) inferredK = undefined;
      }
      if (inferredK !== undefined) {
        // the distance said no finer than 0.1 % (a float32 log of exactly log K is 1e-8 off: "to within 1e-6%" says nothing more)
        named = {
          kind: 'logK',
          text: l10n.t('at {0} = log {1} to within {2}: if the task has {1} classes, the model predicts uniform probabilities (chance)', fmt(level, 4), String(inferredK), pct(Math.max(Math.abs(level / Math.log(inferredK) - 1), 0.001))),
          fix: plateauFix(),
        };
      }
    }
    if (!named && ref.constant !== undefined && ref.constant > 0) {
      const high = flatFromStart ? level >= o.highLevel * ref.constant : level >= o.nearConstant * ref.constant;
      if (high) {
        named = { kind: 'near-constant', text: levelText.nearConstant(level, ref.constant, ref.constantText), fix: plateauFix() };
      }
    }
    if (!named) return [];
    // flat back to the first point by the smoothed level (only the raw first points were higher): from the start
    const where = f < o.minSteps ? l10n.t('flat over all {0} logged points', String(f))
      : flatFromStart || start === 0 ? l10n.t('flat from the start ({0} points)', String(f))
        : l10n.t('flat since step {0} (after falling {1})', String(a.steps[start]), pct(drop));
    const finding1: Finding = finding(curvePlateau, {
      message: ref.source && inferredK === undefined
        ? l10n.t("'{0}' is {1}, {2} (levels from {3}).", s.name, where, named.text, ref.source)
        : l10n.t("'{0}' is {1}, {2}.", s.name, where, named.text),
      evidence: {
        series: s.name, points: f, first: a.values[0], level: Number(level.toPrecision(6)), levelKind: named.kind,
        plateauStartStep: flatFromStart ? a.steps[0] : a.steps[start], dropBeforePlateau: Number(drop.toPrecision(4)),
        logK: ref.logK ?? (inferredK !== undefined ? Math.log(inferredK) : null), numClasses: ref.numClasses ?? inferredK ?? null,
        constantModelLoss: ref.constant ?? null, doubleSoftmaxFloor: ref.doubleSoftmaxFloor ?? null, referenceFrom: inferredK !== undefined ? 'inferred' : ref.source || null,
      },
      fix: named.fix,
      field: s.name,
    });
    return [finding1];
  },
};
