/**
 * BCELoss / BCEWithLogitsLoss targets outside [0, 1]. PyTorch checks neither (1.13): the loss is
 * computed with the formula anyway, goes negative and keeps falling, because −y·log p rewards p
 * beyond any probability when y > 1 (and 1 − y < 0 rewards the wrong side). The usual sources are
 * masks stored as {0, 255} (8-bit PNG), ±1 labels (tanh/SVM style), {0, 1, 255} masks with 255 as
 * "void", class indices given to BCE, and unscaled or standardised regression targets.
 */
import { computeLoss } from '../../engine/losses/index';
import { tensor, type Tensor } from '../../engine/tensor';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { distinctValues, termSlack } from '../invariants';
import { fmt, pct, round } from '../format';
import type { Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';
import { BINARY_LOSSES } from '../../engine/losses/spec';

type Kind = 'plus-minus-one' | 'mask-255' | 'void-255' | 'class-indices' | 'unscaled-0-255' | 'continuous';

const subsetOf = (vals: readonly number[], allowed: readonly number[]): boolean => vals.every((v) => allowed.includes(v));

export function classifyBinaryTarget(vals: readonly number[] | undefined, min: number, max: number): Kind {
  if (vals) {
    if (vals.includes(-1) && subsetOf(vals, [-1, 0, 1])) return 'plus-minus-one';
    if (vals.includes(255) && subsetOf(vals, [0, 255])) return 'mask-255';
    if (vals.includes(255) && vals.includes(1) && subsetOf(vals, [0, 1, 255])) return 'void-255';
    if (vals.every((v) => Number.isInteger(v) && v >= 0) && max <= 64) return 'class-indices';
  }
  if (min >= 0 && max <= 255) return 'unscaled-0-255';
  return 'continuous';
}

function remap(t: Tensor, f: (v: number) => number): Tensor {
  return tensor(Float64Array.from(t.data, f), [...t.shape], 'float64');
}

function lossWithTarget(ctx: RuleContext, target: Tensor): number | null {
  try {
    const r = computeLoss(ctx.case.loss, ctx.case.input, target, { dtype: ctx.dtype, grad: false });
    return scalarLoss(r) ?? null;
  } catch {
    return null;
  }
}

export const bceTargetOutOfRange: Rule = {
  id: 'bce-target-out-of-range',
  severity: 'error',
  title: 'BCE targets outside [0, 1]',
  defaults: {},
  appliesTo: BINARY_LOSSES,
  check(ctx) {
    const c = ctx.case;
    const t = c.target;
    const slack = termSlack(t.dtype);
    let below = 0, above = 0, lo = Infinity, hi = -Infinity;
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (v - v !== 0) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v < -slack) below++;
      else if (v > 1 + slack) above++;
    }
    const outside = below + above;
    if (outside === 0) return [];
    const vals = distinctValues(t, 16);
    const kind = classifyBinaryTarget(vals, lo, hi);
    const loss = scalarLoss(ctx.result) ?? null;
    let fixed: number | null = null;
    let fixApplied = '';
    let fix: string;
    let what: string;
    switch (kind) {
      case 'plus-minus-one':
        what = l10n.t('the labels are ±1 (tanh/SVM style): −1 is not a probability');
        fixApplied = '(target + 1) / 2';
        fixed = lossWithTarget(ctx, remap(t, (v) => (v + 1) / 2));
        fix = 'target = (target + 1) / 2          # {-1, 1} -> {0, 1}';
        break;
      case 'mask-255':
        what = l10n.t('the target is an 8-bit mask with values {0}', '{0, 255}');
        fixApplied = 'target / 255';
        fixed = lossWithTarget(ctx, remap(t, (v) => v / 255));
        fix = [
          `target = (mask > 127).float()        # {0, 255} -> {0, 1}; ${l10n.t('or {0}', 'mask.float() / 255')}`,
          `# ${l10n.t('e.g. in the Dataset: {0}', 'mask = torch.from_numpy(np.array(Image.open(p).convert("L")) > 127).float()')}`,
        ].join('\n');
        break;
      case 'void-255':
        what = l10n.t('the mask holds {0} plus 255, the usual "void / don\'t care" label', '{0, 1}');
        fix = [
          `valid = target != 255                # ${l10n.t('255 = void: leave it out of the loss')}`,
          "loss = F.binary_cross_entropy_with_logits(logits, target.clamp(max=1), reduction='none')",
          'loss = (loss * valid).sum() / valid.sum()',
        ].join('\n');
        break;
      case 'class-indices':
        what = l10n.t('the target holds class indices {0}, not binary labels', `{${(vals ?? []).map(fmt).join(', ')}}`); // this kind has vals
        fix = [
          `# ${l10n.t('one label per sample with {0} classes: CrossEntropyLoss on (N, C) logits and (N,) class indices', Math.round(hi) + 1)}`,
          'criterion = nn.CrossEntropyLoss()',
          `# ${l10n.t('multi-label: one 0/1 column per class')}`,
          `target = F.one_hot(target.long(), num_classes=${Math.round(hi) + 1}).float()`,
        ].join('\n');
        break;
      case 'unscaled-0-255':
        what = l10n.t('the values lie in [{0}, {1}]: an unscaled image or intensity target', fmt(lo), fmt(hi));
        fixApplied = 'target / 255';
        fixed = lossWithTarget(ctx, remap(t, (v) => v / 255)); // this kind has hi ≤ 255
        fix = `target = target / 255.0            # ${l10n.t('intensities -> [0, 1]')}`;
        break;
      default:
        what = lo < 0
          ? l10n.t('the values lie in [{0}, {1}] (standardised or signed values): these are not probabilities', fmt(lo), fmt(hi))
          : l10n.t('the values lie in [{0}, {1}]: these are not probabilities', fmt(lo), fmt(hi));
        fix = [
          `# ${l10n.t('BCE targets must be probabilities in [0, 1]. For a regression target use a regression loss:')}`,
          `criterion = nn.MSELoss()   # ${l10n.t('or {0}', 'nn.SmoothL1Loss()')}`,
          `# ${l10n.t('or rescale to [0, 1]: {0}', 'target = (target - lo) / (hi - lo)')}`,
        ].join('\n');
    }
    const sentences = [
      l10n.t('{0} of {1} targets ({2}) are outside [0, 1] ({3} below 0, {4} above 1; range [{5}, {6}]): {7}.', outside, d.length, pct(outside / Math.max(d.length, 1)), below, above, fmt(lo), fmt(hi), what),
      l10n.t('{0} does not check its targets.', c.loss.type),
    ];
    if (loss !== null) {
      sentences.push(loss < 0
        ? l10n.t('The loss is {0}: negative, which binary cross-entropy with targets in [0, 1] can never be; it keeps falling without bound as training pushes the outputs to the extremes.', fmt(loss))
        : l10n.t('The recomputed loss ({0}) is not a binary cross-entropy, and its gradient pushes the outputs past what any probability can be.', fmt(loss)));
    }
    if (fixed !== null) sentences.push(l10n.t('With {0} it would be {1}.', fixApplied, fmt(fixed)));
    return [finding(bceTargetOutOfRange, {
      message: sentences.join(' '),
      evidence: {
        outside,
        below,
        above,
        total: d.length,
        targetMin: lo,
        targetMax: hi,
        distinctValues: vals ?? null,
        looksLike: kind,
        loss: loss === null ? null : round(loss, 6),
        lossWithFix: fixed === null ? null : round(fixed, 6),
        fixApplied: fixApplied || null,
      },
      fix,
      field: 'target',
    })];
  },
};
