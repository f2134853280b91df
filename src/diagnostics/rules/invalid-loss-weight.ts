/**
 * `weight` / `pos_weight` arguments that make no sense. PyTorch checks their shapes (and we refuse
 * the cases it refuses when loading), not their values:
 *  - non-finite values: the loss and gradient become NaN/Inf wherever they apply;
 *  - negative values: the weighted terms turn into rewards, the loss can go below its minimum;
 *  - all zero: nothing is trained (mean reductions divide 0 by 0 for class weights);
 *  - (warning) a 1-D weight / pos_weight on a 3-D+ BCE input whose last dimension happens to equal
 *    the number of classes on dim 1: it broadcasts along the last dimension (the width), not the
 *    classes — the shape `(C, 1, 1)` was meant.
 */
import { isBinaryLoss } from '../../engine/losses/spec';
import { shapeStr, type Tensor } from '../../engine/tensor';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { lossFloor } from '../invariants';
import { fmt } from '../format';
import type { Finding, Rule } from '../types';

interface WeightFacts { nonFinite: number; negative: number; zero: number; n: number; min: number; max: number }

function facts(w: Tensor): WeightFacts {
  let nonFinite = 0, negative = 0, zero = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < w.data.length; i++) {
    const v = w.data[i];
    if (v - v !== 0) { nonFinite++; continue; }
    if (v < 0) negative++;
    if (v === 0) zero++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { nonFinite, negative, zero, n: w.data.length, min, max };
}

export const invalidLossWeight: Rule = {
  id: 'invalid-loss-weight',
  severity: 'error',
  title: 'weight / pos_weight with non-finite, negative or all-zero values (or on the wrong axis)',
  defaults: {},
  check(ctx) {
    const c = ctx.case;
    const type = c.loss.type;
    const out: Finding[] = [];
    for (const k of ['weight', 'pos_weight'] as const) {
      const w = c.loss[k];
      if (!w || w.data.length === 0) continue;
      const f = facts(w);
      const problems: string[] = [];
      if (f.nonFinite) {
        problems.push(f.nonFinite > 1
          ? l10n.t('{0} non-finite values (NaN/Inf: the loss and gradient become NaN wherever {1} applies)', f.nonFinite, k)
          : l10n.t('{0} non-finite value (NaN/Inf: the loss and gradient become NaN wherever {1} applies)', f.nonFinite, k));
      }
      if (f.negative) {
        problems.push(f.negative > 1
          ? l10n.t('{0} negative values (min {1}: those terms become rewards and the loss can go below its minimum)', f.negative, fmt(f.min))
          : l10n.t('{0} negative value (min {1}: those terms become rewards and the loss can go below its minimum)', f.negative, fmt(f.min)));
      }
      if (f.zero === f.n) {
        problems.push(!isBinaryLoss(type) // (pos_weight belongs to BCEWithLogitsLoss)
          ? l10n.t("only zeros (nothing is trained; reduction='mean' divides 0 by 0 and gives NaN)")
          : l10n.t('only zeros (nothing is trained)'));
      }
      if (problems.length) {
        const floor = f.negative ? lossFloor(ctx) : undefined;
        const sentences = [
          l10n.t('{0}({1}=…) of shape {2} has {3}.', type, k, shapeStr(w.shape), problems.join('; ')),
          l10n.t('PyTorch checks the shape of {0}, not its values.', k),
        ];
        if (floor && floor.below) {
          sentences.push(floor.elementsBelow !== undefined
            ? l10n.t('{0} of {1} per-element losses are below 0 already (worst {2}).', floor.elementsBelow, floor.elements ?? 0, fmt(floor.value))
            : l10n.t('The loss is {0}, below its minimum {1}.', fmt(floor.value), fmt(floor.floor)));
        }
        out.push(finding(invalidLossWeight, {
          message: sentences.join(' '),
          evidence: { argument: k, shape: [...w.shape], values: f.n, nonFinite: f.nonFinite, negative: f.negative, zero: f.zero, min: Number.isFinite(f.min) ? f.min : null, max: Number.isFinite(f.max) ? f.max : null },
          fix: [
            `assert torch.isfinite(${k}).all() and (${k} >= 0).all() and ${k}.sum() > 0`,
            k === 'pos_weight'
              ? `pos_weight = (num_neg / num_pos.clamp_min(1)).float()   # ${l10n.t('per label: negatives / positives')}`
              : `weight = counts.sum() / (len(counts) * counts.clamp_min(1))   # ${l10n.t('inverse frequency, > 0 and finite')}`,
          ].join('\n'),
          field: `loss.${k}`,
        }));
        continue;
      }
      // Axis: a (C,) vector on a (N, C, d1, …, dk) BCE input broadcasts along dk, not C.
      const s = c.input.shape;
      if (isBinaryLoss(type) && s.length >= 3 && w.shape.length === 1 && w.shape[0] > 1 && w.shape[0] === s[1] && s[s.length - 1] === s[1]) {
        const C = s[1];
        out.push(finding(invalidLossWeight, {
          severity: 'warning',
          message: l10n.t('{0} has shape {1} and the input is {2}: PyTorch broadcasts it from the right, along the last dimension (size {3}, the width), not along the {4} classes of dim 1. It runs only because the two sizes happen to agree; value k weights column k of every map instead of class k.', k, shapeStr(w.shape), shapeStr(s), s[s.length - 1], C),
          evidence: { argument: k, shape: [...w.shape], inputShape: [...s], appliesToDim: s.length - 1, classDim: 1 },
          fix: `${k} = ${k}.view(${C}, ${new Array(s.length - 2).fill('1').join(', ')})   # ${l10n.t('one value per class on dim 1: shape {0}', `(${C}, ${new Array(s.length - 2).fill('1').join(', ')})`)}`,
          field: `loss.${k}`,
        }));
      }
    }
    return out;
  },
};
