/**
 * bce-expects-probabilities and bce-clamped-log, literally: messages, fixes, evidence and the
 * boundaries of [0, 1] and of minShare (exactly at it fires).
 */
import { ruleTable, mkCase, type FiringCase } from '../harness';
import { bceExpectsProbabilities } from '../../../../src/diagnostics/rules/bce-expects-probabilities';
import { bceClampedLog } from '../../../../src/diagnostics/rules/bce-clamped-log';
import { literal } from './literal';

const bce = (input: number[], target: number[], args: Record<string, unknown> = {}) =>
  mkCase({ loss: { type: 'BCELoss', ...args }, input, target, inputDtype: 'float64' });

ruleTable(bceExpectsProbabilities, {
  severity: 'error',
  fires: [
    {
      // 4 values, one NaN (not counted as outside), −0.5 and 2 outside: 2 of 4 = 50.0 %.
      name: 'logits −0.5 and 2 beside 0.25 and NaN',
      case: bce([-0.5, 0.25, 2, NaN], [0, 1, 1, 0]),
      expect: literal({
        message: '2 of 4 BCELoss inputs (50.0%) are outside [0, 1] (min -0.5, max 2). BCELoss takes probabilities and PyTorch raises "all elements of input should be between 0 and 1". These look like raw logits: give them to BCEWithLogitsLoss, which applies the sigmoid itself, stably.',
        evidence: { outside: 2, total: 4, share: 0.5, min: -0.5, max: 2, negatives: 1 },
        fix: 'criterion = nn.BCEWithLogitsLoss()   # takes raw logits; no sigmoid in the model\nloss = criterion(logits, target.float())\n# at inference: probs = torch.sigmoid(logits)',
        field: 'loss',
        edit: { path: ['loss', 'type'], value: 'BCEWithLogitsLoss' },
      }),
    },
    {
      name: 'one value just above 1 (1.001) among 8',
      case: bce([0, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 1.001], [0, 1, 0, 1, 0, 1, 0, 1]),
      expect: literal({ evidence: { outside: 1, total: 8, share: 0.125, min: 0, max: 1.001, negatives: 0 } }),
    },
  ],
  silent: [
    { name: 'exactly 0 and 1 and a NaN (probabilities; the NaN is non-finite-values\' business)', case: bce([0, 1, NaN, 0.5], [0, 1, 1, 0]) },
    { name: 'probabilities strictly inside', case: bce([0.1, 0.9], [0, 1]) },
  ],
});

// bce-clamped-log. Each unclamped term at p = 0.5 costs −log 0.5 = ln 2; a clamped term costs
// 100·weight. Reference (PyTorch 2.x, F.binary_cross_entropy): input [1, .5, .5, .5], target
// [0, 1, 0, 1] → mean 25.519859, sum 102.079437 (float32); = (100 + 3 ln 2) / 4 and 100 + 3 ln 2.
const LN2 = Math.LN2;
const MSG1 = "1 of 4 BCELoss terms hit PyTorch's clamp of log(p) and log(1 − p) at −100 (1 at exactly 1 with target < 1): the probabilities are saturated, as a float32 sigmoid is exactly 1 for logits above ~16.6.";
const GRAD = 'their gradient is (p − y) / max(p·(1 − p), 1e−12) = ±1e12, a meaningless step.';
const END = 'The loss no longer measures how wrong those predictions are.';
const FIX = [
  '# drop the sigmoid from the model and give the logits to BCEWithLogitsLoss:',
  '# it computes log-sigmoid exactly (no clamp, finite gradients at any logit)',
  'criterion = nn.BCEWithLogitsLoss()',
  'loss = criterion(logits, target)',
  'probs = torch.sigmoid(logits)   # only for metrics and inference',
].join('\n');
const r6 = (x: number): number => Number(x.toPrecision(6));
const share1 = 100 / (100 + 3 * LN2); // 0.979630…
/** The case [p, 0.5] with targets [0.25, 0]: one clamped term `term` at p (1 or 0). */
function softAt(p: 0 | 1, term: number): FiringCase {
  return {
    name: `a soft target 0.25 at p = ${p} (clamped term ${term})`,
    case: bce([p, 0.5], [0.25, 0]),
    expect: literal({
      evidence: {
        clampedTerms: 1, elements: 2, atOneWithNegativeTarget: p, atZeroWithPositiveTarget: 1 - p,
        clampedShareOfLoss: r6(term / (term + LN2)), clampedContribution: term / 2, loss: (term + LN2) / 2, minShare: 0.1,
      },
    }),
  };
}
const shareExact = 100 / (100 + -Math.log(0.5) + -Math.log(0.5) + -Math.log(0.5)); // summed as the rule sums

ruleTable(bceClampedLog, {
  severity: 'warning',
  fires: [
    {
      name: "one p = 1 with target 0 among three p = 0.5 (reduction 'mean')",
      case: bce([1, 0.5, 0.5, 0.5], [0, 1, 0, 1]),
      expect: literal({
        message: `${MSG1} Each such term costs exactly 100 whatever the logit was, and together they make up 98.0% of the loss (25 of 25.5); ${GRAD} ${END}`,
        evidence: {
          clampedTerms: 1, elements: 4, atOneWithNegativeTarget: 1, atZeroWithPositiveTarget: 0,
          clampedShareOfLoss: r6(share1), clampedContribution: 25, loss: (100 + 3 * LN2) / 4, minShare: 0.1,
        },
        fix: FIX,
        field: 'input',
      }),
    },
    {
      name: "the same with reduction 'sum': 100 of 102",
      case: bce([1, 0.5, 0.5, 0.5], [0, 1, 0, 1], { reduction: 'sum' }),
      expect: literal({
        message: `${MSG1} Each such term costs exactly 100 whatever the logit was, and together they make up 98.0% of the loss (100 of 102); ${GRAD} ${END}`,
        evidence: {
          clampedTerms: 1, elements: 4, atOneWithNegativeTarget: 1, atZeroWithPositiveTarget: 0,
          clampedShareOfLoss: r6(share1), clampedContribution: 100, loss: 100 + 3 * LN2, minShare: 0.1,
        },
      }),
    },
    {
      name: "the same with reduction 'none': no loss quoted",
      case: bce([1, 0.5, 0.5, 0.5], [0, 1, 0, 1], { reduction: 'none' }),
      expect: literal({
        message: `${MSG1} Each such term costs exactly 100 whatever the logit was, and together they make up 98.0% of the loss; ${GRAD} ${END}`,
        evidence: {
          clampedTerms: 1, elements: 4, atOneWithNegativeTarget: 1, atZeroWithPositiveTarget: 0,
          clampedShareOfLoss: r6(share1), clampedContribution: 100, loss: null, minShare: 0.1,
        },
      }),
    },
    {
      // weight 2 on the clamped element: 200 of 200 + 3 ln 2 (PyTorch: mean 50.519859)
      name: 'an element weight doubles the clamped term',
      case: bce([1, 0.5, 0.5, 0.5], [0, 1, 0, 1], { weight: [2, 1, 1, 1] }),
      expect: literal({
        evidence: {
          clampedTerms: 1, elements: 4, atOneWithNegativeTarget: 1, atZeroWithPositiveTarget: 0,
          clampedShareOfLoss: r6(200 / (200 + 3 * LN2)), clampedContribution: 50, loss: (200 + 3 * LN2) / 4, minShare: 0.1,
        },
      }),
    },
    {
      // p = 1 with y = 1 and p = 0 with y = 0 are exact, not clamped terms (their clamped log is multiplied by 0).
      // PyTorch: input [1, 0, .5, .5, 0, 1], target [0, 1, 1, 0, 0, 1] → sum 201.386292 = 200 + 2 ln 2.
      name: 'both sides: p = 1 with target 0 and p = 0 with target 1 (and exact p = 0, y = 0 and p = 1, y = 1)',
      case: bce([1, 0, 0.5, 0.5, 0, 1], [0, 1, 1, 0, 0, 1], { reduction: 'sum' }),
      expect: literal({
        message: "2 of 6 BCELoss terms hit PyTorch's clamp of log(p) and log(1 − p) at −100 (1 at exactly 1 with target < 1, 1 at exactly 0 with target > 0): the probabilities are saturated, as a float32 sigmoid is exactly 1 for logits above ~16.6. " +
          `Each such term costs exactly 100 whatever the logit was, and together they make up 99.3% of the loss (200 of 201); ${GRAD} ${END}`,
        evidence: {
          clampedTerms: 2, elements: 6, atOneWithNegativeTarget: 1, atZeroWithPositiveTarget: 1,
          clampedShareOfLoss: r6(200 / (200 + 2 * LN2)), clampedContribution: 200, loss: 200 + 2 * LN2, minShare: 0.1,
        },
      }),
    },
    {
      // PyTorch: input [0, .5], target [1, 0] → mean 50.346573 = (100 + ln 2) / 2
      name: 'only p = 0 with target 1',
      case: bce([0, 0.5], [1, 0]),
      expect: literal({
        message: "1 of 2 BCELoss terms hit PyTorch's clamp of log(p) and log(1 − p) at −100 (1 at exactly 0 with target > 0): the probabilities are saturated, as a float32 sigmoid is exactly 1 for logits above ~16.6. " +
          `Each such term costs exactly 100 whatever the logit was, and together they make up 99.3% of the loss (50 of 50.3); ${GRAD} ${END}`,
        evidence: {
          clampedTerms: 1, elements: 2, atOneWithNegativeTarget: 0, atZeroWithPositiveTarget: 1,
          clampedShareOfLoss: r6(100 / (100 + LN2)), clampedContribution: 50, loss: (100 + LN2) / 2, minShare: 0.1,
        },
      }),
    },
    // A soft target 0.25 at p = 1 clamps (1 − 0.25)·100 = 75, at p = 0 it clamps 0.25·100 = 25; beside
    // one p = 0.5 with target 0 (ln 2). PyTorch: mean 37.846573 = (75 + ln 2) / 2 and 12.846574 = (25 + ln 2) / 2.
    softAt(1, 75),
    softAt(0, 25),
    {
      // log p just below −100 (p = e^−100.0000001, a float32 sigmoid of a logit near −100): clamped.
      // PyTorch (float64): input [e^−100.0000001, 0.5], target [1, 0] → terms [100, ln 2], mean (100 + ln 2) / 2.
      name: 'p = e^−100.0000001 with target 1: log p below −100 is clamped',
      case: bce([Math.exp(-100.0000001), 0.5], [1, 0]),
      expect: literal({
        evidence: {
          clampedTerms: 1, elements: 2, atOneWithNegativeTarget: 0, atZeroWithPositiveTarget: 1,
          clampedShareOfLoss: r6(100 / (100 + LN2)), clampedContribution: 50, loss: (100 + LN2) / 2, minShare: 0.1,
        },
      }),
    },
    {
      // a 0-d input reduces to a 0-d loss even with reduction 'none' (PyTorch: tensor(100.)): the value is in
      // the evidence, but reduction 'none' never quotes "(x of y)" in the message
      name: "a 0-d p = 1 with target 0, reduction 'none': no loss quoted",
      case: mkCase({ loss: { type: 'BCELoss', reduction: 'none' }, input: 1, target: 0, inputDtype: 'float64' }),
      expect: literal({
        message: "1 of 1 BCELoss terms hit PyTorch's clamp of log(p) and log(1 − p) at −100 (1 at exactly 1 with target < 1): the probabilities are saturated, as a float32 sigmoid is exactly 1 for logits above ~16.6. " +
          `Each such term costs exactly 100 whatever the logit was, and together they make up 100.0% of the loss; ${GRAD} ${END}`,
        evidence: {
          clampedTerms: 1, elements: 1, atOneWithNegativeTarget: 1, atZeroWithPositiveTarget: 0,
          clampedShareOfLoss: 1, clampedContribution: 100, loss: 100, minShare: 0.1,
        },
      }),
    },
    { name: 'the clamped share exactly at minShare', case: bce([1, 0.5, 0.5, 0.5], [0, 1, 0, 1]), options: { minShare: shareExact } },
  ],
  silent: [
    { name: 'the clamped share just below minShare', case: bce([1, 0.5, 0.5, 0.5], [0, 1, 0, 1]), options: { minShare: shareExact * (1 + 1e-12) } },
    { name: 'p = 1 with target 1 and p = 0 with target 0 only (exact, no clamped term), even with minShare 0', case: bce([1, 0, 0.5], [1, 0, 1]), options: { minShare: 0 } },
    // log(e^−100) is exactly −100 in float64: the clamp at −100 changes nothing (PyTorch: term 100.0 either way)
    { name: 'p = e^−100 with target 1: log p exactly −100 is not a clamped term, even with minShare 0', case: bce([Math.exp(-100), 0.5], [1, 0]), options: { minShare: 0 } },
    { name: 'inputs outside [0, 1] (bce-expects-probabilities)', case: bce([1, 0.5, 1.5], [0, 1, 0]) },
    { name: 'a negative input', case: bce([1, 0.5, -0.5], [0, 1, 0]) },
    { name: 'a NaN input', case: bce([1, 0.5, NaN], [0, 1, 0]) },
    { name: 'a target longer than the input (shape-mismatch\'s business)', case: bce([1, 0.5], [0, 1, 0]) },
    { name: 'a weight that does not broadcast (3 for 4 elements)', case: bce([1, 0.5, 0.5, 0.5], [0, 1, 0, 1], { weight: [1, 1, 1] }) },
    {
      // targets far outside [0, 1] make the summed loss negative (−1000·log 0.99 + 999·log 0.01 < −100): no share
      name: 'a negative total loss (target 1000), even with minShare −10',
      case: bce([1, 0.99], [0, 1000]),
      options: { minShare: -10 },
    },
  ],
});
