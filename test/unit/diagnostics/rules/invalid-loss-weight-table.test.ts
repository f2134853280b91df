/**
 * invalid-loss-weight, literally: non-finite, negative and all-zero weights (singular and plural
 * texts, joined problems), the loss-below-its-floor sentence (scalar and per element), the
 * pos_weight fix, and the wrong-axis warning for a (C,) weight on a (N, C, …, C) BCE input.
 * Losses by hand: CrossEntropyLoss on zero logits over 2 classes costs log 2 per target, times the
 * target's class weight.
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { invalidLossWeight } from '../../../../src/diagnostics/rules/invalid-loss-weight';
import { literal } from './literal';

const ce = (weight: number[], target: number[], reduction = 'mean') =>
  mkCase({ loss: { type: 'CrossEntropyLoss', weight, reduction }, input: target.map(() => [0, 0, 0].slice(0, weight.length || 2)), target });
const zeros = (shape: number[]) => tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape, 'float32');
const bceShaped = (shape: number[], args: Record<string, unknown>, type: 'BCEWithLogitsLoss' | 'CrossEntropyLoss' = 'BCEWithLogitsLoss') =>
  mkCase({ loss: { type, ...args }, input: zeros(shape), target: zeros(shape) });
const SHAPE = 'PyTorch checks the shape of weight, not its values.';
const WFIX = 'assert torch.isfinite(weight).all() and (weight >= 0).all() and weight.sum() > 0\nweight = counts.sum() / (len(counts) * counts.clamp_min(1))   # inverse frequency, > 0 and finite';
const PFIX = 'assert torch.isfinite(pos_weight).all() and (pos_weight >= 0).all() and pos_weight.sum() > 0\npos_weight = (num_neg / num_pos.clamp_min(1)).float()   # per label: negatives / positives';
const ev = (o: Record<string, unknown>) => ({ argument: 'weight', nonFinite: 0, negative: 0, zero: 0, ...o });
const AXIS = (k: string, w: string, s: string, n: number): string => `${k} has shape ${w} and the input is ${s}: PyTorch broadcasts it from the right, along the last dimension (size ${n}, the width), not along the ${n} classes of dim 1. It runs only because the two sizes happen to agree; value k weights column k of every map instead of class k.`;

ruleTable(invalidLossWeight, {
  severity: 'error',
  fires: [
    {
      // sum over targets [1, 1] of −1 · log 2 = −1.386
      name: "a negative class weight, reduction 'sum': the loss −1.39 is below 0",
      case: ce([1, -1], [1, 1], 'sum'),
      expect: literal({
        message: `CrossEntropyLoss(weight=…) of shape (2,) has 1 negative value (min -1: those terms become rewards and the loss can go below its minimum). ${SHAPE} The loss is -1.39, below its minimum 0.`,
        evidence: ev({ shape: [2], values: 2, negative: 1, min: -1, max: 1 }),
        fix: WFIX,
        field: 'loss.weight',
      }),
    },
    {
      // per element: −log 2 and −2 log 2, both below 0, the worst −1.386
      name: "two negative weights, reduction 'none': per-element sentence",
      case: ce([-1, -2], [0, 1], 'none'),
      expect: literal({
        message: `CrossEntropyLoss(weight=…) of shape (2,) has 2 negative values (min -2: those terms become rewards and the loss can go below its minimum). ${SHAPE} 2 of 2 per-element losses are below 0 already (worst -1.39).`,
        evidence: ev({ shape: [2], values: 2, negative: 2, min: -2, max: -1 }),
      }),
    },
    {
      // weighted mean: (−1·log 2 − 1·log 2) / (−2) = log 2 > 0: no floor sentence
      name: "a negative weight under reduction 'mean' whose loss stays positive: no floor sentence",
      case: ce([1, -1], [1, 1]),
      expect: literal({ message: `CrossEntropyLoss(weight=…) of shape (2,) has 1 negative value (min -1: those terms become rewards and the loss can go below its minimum). ${SHAPE}` }),
    },
    {
      name: 'one NaN weight and a negative one: both problems, joined',
      case: ce([NaN, -1, 1], [1, 2]),
      expect: literal({
        message: `CrossEntropyLoss(weight=…) of shape (3,) has 1 non-finite value (NaN/Inf: the loss and gradient become NaN wherever weight applies); 1 negative value (min -1: those terms become rewards and the loss can go below its minimum). ${SHAPE}`,
        evidence: ev({ shape: [3], values: 3, nonFinite: 1, negative: 1, min: -1, max: 1 }),
      }),
    },
    {
      name: 'two non-finite weights (NaN, Infinity) and no finite one: no min or max',
      case: ce([NaN, Infinity], [0, 1]),
      expect: literal({
        message: `CrossEntropyLoss(weight=…) of shape (2,) has 2 non-finite values (NaN/Inf: the loss and gradient become NaN wherever weight applies). ${SHAPE}`,
        evidence: ev({ shape: [2], values: 2, nonFinite: 2, min: null, max: null }),
      }),
    },
    {
      name: 'all-zero class weights: 0 / 0 under mean',
      case: ce([0, 0], [0, 1]),
      expect: literal({
        message: `CrossEntropyLoss(weight=…) of shape (2,) has only zeros (nothing is trained; reduction='mean' divides 0 by 0 and gives NaN). ${SHAPE}`,
        evidence: ev({ shape: [2], values: 2, zero: 2, min: 0, max: 0 }),
      }),
    },
    {
      name: 'all-zero BCE element weights',
      case: mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: [0, 0] }, input: [0.5, -0.5], target: [1, 0] }),
      expect: literal({ message: `BCEWithLogitsLoss(weight=…) of shape (2,) has only zeros (nothing is trained). ${SHAPE}` }),
    },
    {
      name: 'an all-zero pos_weight: its own fix',
      case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0, 0] }, input: [[0.5, -0.5]], target: [[1, 0]] }),
      expect: literal({
        message: 'BCEWithLogitsLoss(pos_weight=…) of shape (2,) has only zeros (nothing is trained). PyTorch checks the shape of pos_weight, not its values.',
        evidence: ev({ argument: 'pos_weight', shape: [2], values: 2, zero: 2, min: 0, max: 0 }),
        fix: PFIX,
        field: 'loss.pos_weight',
      }),
    },
    {
      name: 'a bad weight and a bad pos_weight: one finding each',
      case: mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: [NaN, 1], pos_weight: [-1, 1] }, input: [[0.5, -0.5]], target: [[1, 0]] }),
      expect: (_f, all) => {
        assert.deepEqual(all.map((x) => x.evidence.argument), ['weight', 'pos_weight']);
        assert.deepEqual(all.map((x) => x.field), ['loss.weight', 'loss.pos_weight']);
      },
    },
    {
      name: 'wrong axis: (3,) weight on a (2, 3, 4, 3) BCE input',
      case: bceShaped([2, 3, 4, 3], { weight: [1, 2, 3] }),
      severity: 'warning',
      expect: literal({
        message: AXIS('weight', '(3,)', '(2, 3, 4, 3)', 3),
        evidence: { argument: 'weight', shape: [3], inputShape: [2, 3, 4, 3], appliesToDim: 3, classDim: 1 },
        fix: 'weight = weight.view(3, 1, 1)   # one value per class on dim 1: shape (3, 1, 1)',
        field: 'loss.weight',
      }),
    },
    {
      name: 'a NaN in a (3,) weight on a (2, 3, 4, 3) input: the value problem only, no axis warning besides',
      case: bceShaped([2, 3, 4, 3], { weight: [NaN, 1, 2] }),
      expect: literal({ message: `BCEWithLogitsLoss(weight=…) of shape (3,) has 1 non-finite value (NaN/Inf: the loss and gradient become NaN wherever weight applies). ${SHAPE}` }),
    },
    {
      name: 'wrong axis: (2,) pos_weight on a (5, 2, 2) input',
      case: bceShaped([5, 2, 2], { pos_weight: [1, 4] }),
      severity: 'warning',
      expect: literal({
        message: AXIS('pos_weight', '(2,)', '(5, 2, 2)', 2),
        evidence: { argument: 'pos_weight', shape: [2], inputShape: [5, 2, 2], appliesToDim: 2, classDim: 1 },
        fix: 'pos_weight = pos_weight.view(2, 1)   # one value per class on dim 1: shape (2, 1)',
        field: 'loss.pos_weight',
      }),
    },
  ],
  silent: [
    { name: 'positive finite weights', case: ce([1, 2], [0, 1]) },
    { name: 'some zero weights (a class left out on purpose)', case: ce([0, 1], [0, 1]) },
    { name: 'an empty weight', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: tensor(new Float64Array(0), [0], 'float32') }, input: [[0, 0]], target: [1] }) },
    { name: 'a (3, 1, 1) weight on a (2, 3, 4, 3) input (the right axis)', case: bceShaped([2, 3, 4, 3], { weight: tensor(Float64Array.from([1, 2, 3]), [3, 1, 1], 'float32') }) },
    { name: 'a (3,) weight on a (2, 3, 4, 5) input (last dimension is not C)', case: bceShaped([2, 3, 4, 5], { weight: [1, 2, 3] }) },
    { name: 'a (3,) weight on a (2, 4, 5, 3) input (dim 1 is not 3)', case: bceShaped([2, 4, 5, 3], { weight: [1, 2, 3] }) },
    { name: 'a (1,) weight on a (2, 1, 4, 1) input (one value broadcasts anywhere)', case: bceShaped([2, 1, 4, 1], { weight: [2] }) },
    { name: 'a (3,) weight on a (3, 3) input (2-D: the last dimension is the class one)', case: bceShaped([3, 3], { weight: [1, 2, 3] }) },
    { name: 'CrossEntropyLoss (weight is per class by definition) on a (2, 3, 4, 3) input', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, 2, 3] }, input: zeros([2, 3, 4, 3]), target: tensor(new Float64Array(24), [2, 4, 3], 'int64') }) },
  ],
});
