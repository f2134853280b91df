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
      if (f.nonFinite) problems.push(`${f.nonFinite} non-finite value${f.nonFinite > 1 ? 's' : ''} (NaN/Inf: the loss and gradient become NaN wherever ${k} applies)`);
      if (f.negative) problems.push(`${f.negative} negative value${f.negative > 1 ? 's' : ''} (min ${fmt(f.min)}: those terms become rewards and the loss can go below its minimum)`);
      if (f.zero === f.n) problems.push(`every value is 0 (nothing is trained${k === 'weight' && !isBinaryLoss(type) ? "; reduction='mean' divides 0 by 0 and gives NaN" : ''})`);
      if (problems.length) {
        const floor = f.negative ? lossFloor(ctx) : undefined;
        const belowText = floor && floor.below
          ? floor.elementsBelow !== undefined
            ? ` ${floor.elementsBelow} of ${floor.elements} per-element losses are below 0 already (worst ${fmt(floor.value)}).`
            : ` The loss is ${fmt(floor.value)}, below its minimum ${fmt(floor.floor)}.`
          : '';
        out.push(finding(invalidLossWeight, {
          message: `${type}(${k}=…) of shape ${shapeStr(w.shape)} has ${problems.join('; ')}. PyTorch checks the shape of ${k}, not its values.${belowText}`,
          evidence: { argument: k, shape: [...w.shape], values: f.n, nonFinite: f.nonFinite, negative: f.negative, zero: f.zero, min: Number.isFinite(f.min) ? f.min : null, max: Number.isFinite(f.max) ? f.max : null },
          fix: [
            `assert torch.isfinite(${k}).all() and (${k} >= 0).all() and ${k}.sum() > 0`,
            k === 'pos_weight'
              ? 'pos_weight = (num_neg / num_pos.clamp_min(1)).float()   # per label: negatives / positives'
              : 'weight = counts.sum() / (len(counts) * counts.clamp_min(1))   # inverse frequency, > 0 and finite',
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
          message: `${k} has shape ${shapeStr(w.shape)} and the input is ${shapeStr(s)}: PyTorch broadcasts it from the right, along the last dimension (size ${s[s.length - 1]}, the width), not along the ${C} classes of dim 1. It runs only because the two sizes happen to agree; value k weights column k of every map instead of class k.`,
          evidence: { argument: k, shape: [...w.shape], inputShape: [...s], appliesToDim: s.length - 1, classDim: 1 },
          fix: `${k} = ${k}.view(${C}, ${new Array(s.length - 2).fill('1').join(', ')})   # one value per class on dim 1: shape (${C}, ${new Array(s.length - 2).fill('1').join(', ')})`,
          field: `loss.${k}`,
        }));
      }
    }
    return out;
  },
};
