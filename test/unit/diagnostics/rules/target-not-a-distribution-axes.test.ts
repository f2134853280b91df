/**
 * target-not-a-distribution on KLDivLoss: the distribution axis is not given, so a target that is a
 * distribution along ANY plausible axis is healthy — here (2, 3, 2) teacher probabilities along dim 1
 * (segmentation-style distillation: classes on dim 1, positions last) against raw student logits,
 * which are normalised along no axis (so no axis is preferred by the input). Rows along the last
 * dim (the first axis tried) are no distributions; the rule must still stay silent. The same target
 * with one position's column summing to 1.2 is reported, along the last dim.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';

// probabilities along dim 1 for each (n, l): column [a, b, c] sums to 1
const T = [
  [[0.2, 0.5], [0.3, 0.25], [0.5, 0.25]],
  [[0.6, 0.1], [0.3, 0.1], [0.1, 0.8]],
];
const LOGITS = [[[1, 2], [0.5, -1], [3, 0.2]], [[-0.4, 1.1], [2.2, 0.3], [0.7, -2]]];
const kl = (target: number[][][]) => mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: LOGITS, target, inputDtype: 'float64', targetDtype: 'float64' });
const BAD = T.map((m, n) => m.map((r, c) => r.map((v, l) => (n === 0 && c === 0 && l === 0 ? v + 0.2 : v))));

ruleTable(targetNotADistribution, {
  severity: 'warning',
  fires: [
    {
      name: 'one column along dim 1 summing to 1.2: no axis makes it a distribution, reported along the last dim',
      case: () => kl(BAD),
      // the loss against raw logits is negative here: an error (the KL cannot go below 0)
      severity: 'error',
      expect: (f) => assert.deepEqual([f.evidence.axis, f.evidence.numClasses, f.evidence.badRows, f.evidence.rowsChecked, f.evidence.belowMinimum], ['dim 2', 2, 6, 6, true]),
    },
  ],
  silent: [{ name: 'probabilities along dim 1 against raw logits (normalised along no axis): a distribution, silent', case: () => kl(T) }],
});
