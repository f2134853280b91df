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
        what = 'the labels are ±1 (tanh/SVM style): −1 is not a probability';
        fixApplied = '(target + 1) / 2';
        fixed = lossWithTarget(ctx, remap(t, (v) => (v + 1) / 2));
        fix = 'target = (target + 1) / 2          # {-1, 1} -> {0, 1}';
        break;
      case 'mask-255':
        what = 'the target is an 8-bit mask with values {0, 255}';
        fixApplied = 'target / 255';
        fixed = lossWithTarget(ctx, remap(t, (v) => v / 255));
        fix = [
          'target = (mask > 127).float()        # {0, 255} -> {0, 1}; or mask.float() / 255',
          '# e.g. in the Dataset: mask = torch.from_numpy(np.array(Image.open(p).convert("L")) > 127).float()',
        ].join('\n');
        break;
      case 'void-255':
        what = 'the mask holds {0, 1} plus 255, the usual "void / don\'t care" label';
        fix = [
          'valid = target != 255                # 255 = void: leave it out of the loss',
          "loss = F.binary_cross_entropy_with_logits(logits, target.clamp(max=1), reduction='none')",
          'loss = (loss * valid).sum() / valid.sum()',
        ].join('\n');
        break;
      case 'class-indices':
        what = `the target holds class indices ${vals ? `{${vals.map(fmt).join(', ')}}` : ''}, not binary labels`;
        fix = [
          `# one label per sample with ${Math.round(hi) + 1} classes: CrossEntropyLoss on (N, C) logits and (N,) class indices`,
          'criterion = nn.CrossEntropyLoss()',
          '# multi-label: one 0/1 column per class',
          `target = F.one_hot(target.long(), num_classes=${Math.round(hi) + 1}).float()`,
        ].join('\n');
        break;
      case 'unscaled-0-255':
        what = `the values lie in [${fmt(lo)}, ${fmt(hi)}]: an unscaled image or intensity target`;
        fixApplied = 'target / 255';
        fixed = hi <= 255 ? lossWithTarget(ctx, remap(t, (v) => v / 255)) : null;
        fix = 'target = target / 255.0            # intensities -> [0, 1]';
        break;
      default:
        what = `the values lie in [${fmt(lo)}, ${fmt(hi)}]${lo < 0 ? ' (standardised or signed values)' : ''}: these are not probabilities`;
        fix = [
          '# BCE targets must be probabilities in [0, 1]. For a regression target use a regression loss:',
          'criterion = nn.MSELoss()   # or nn.SmoothL1Loss()',
          '# or rescale to [0, 1]: target = (target - lo) / (hi - lo)',
        ].join('\n');
    }
    const negative = loss !== null && loss < 0;
    const lossText = loss === null ? ''
      : negative
        ? ` The loss is ${fmt(loss)}: negative, which binary cross-entropy with targets in [0, 1] can never be; it keeps falling without bound as training pushes the outputs to the extremes.`
        : ` The recomputed loss (${fmt(loss)}) is not a binary cross-entropy, and its gradient pushes the outputs past what any probability can be.`;
    return [finding(bceTargetOutOfRange, {
      message: `${outside} of ${d.length} targets (${pct(outside / Math.max(d.length, 1))}) are outside [0, 1] (${below} below 0, ${above} above 1; range [${fmt(lo)}, ${fmt(hi)}]): ${what}. ${c.loss.type} does not check its targets.${lossText}${fixed !== null ? ` With ${fixApplied} it would be ${fmt(fixed)}.` : ''}`,
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
