/**
 * target-not-a-distribution: rows with a non-finite entry are left to non-finite-values (not
 * counted), the consequence sentence with and without a loss to quote, and the fix for
 * log_target=True.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { fmt } from '../../../../src/diagnostics/format';
import type { LossCase } from '../../../../src/io/types';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';

const X = [[1, 2, 0.5], [0.3, 0.1, 2], [2, -1, 0], [0, 1, 1]];
/** CrossEntropyLoss with soft targets whose rows sum to 1.5. */
function soft(target: number[][] = [[0.5, 0.5, 0.5], [1, 0.25, 0.25], [0.2, 0.3, 1], [0.75, 0.5, 0.25]], loss: Record<string, unknown> = {}): LossCase {
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: X, target, inputDtype: 'float64', targetDtype: 'float64' });
}
const HEAD = 'CrossEntropyLoss expects probability targets whose rows along the class axis (dim 1, 3 classes) are distributions, but';

ruleTable(targetNotADistribution, {
  severity: 'warning',
  fires: [
    {
      name: 'rows summing to 1.5: the positive loss quoted in the consequence',
      case: soft(),
      expect: (f) => {
        const c = soft();
        const loss = computeLoss(c.loss, c.input, c.target).value.data[0];
        assert.ok(loss > 0);
        assert.equal(f.message, `${HEAD} 4 of 4 rows (100.0%) are not (allowed slack ±${fmt(f.evidence.slack as number)}): rows sum to 1.5…1.5 (median 1.5) instead of 1. The cross-entropy with probability targets is at least the targets' entropy only for distributions: here the loss (${fmt(loss)}) has no floor and its gradient (softmax·Σtarget − target) does not vanish at the right answer.`);
        assert.equal(f.fix, 'target = target / target.sum(dim=-1, keepdim=True)   # each row sums to 1\n# (teacher outputs: F.softmax(teacher_logits / T, dim=-1), not the raw logits or an unnormalised exp)');
      },
    },
    {
      name: "reduction='none': no loss to quote",
      case: soft(undefined, { reduction: 'none' }),
      expect: (f) => {
        assert.equal(f.evidence.loss, null);
        assert.ok(f.message.endsWith("here the loss has no floor and its gradient (softmax·Σtarget − target) does not vanish at the right answer."), f.message);
      },
    },
    {
      // the NaN row is non-finite-values' finding: 3 rows checked, not 4
      name: 'a row with NaN is not judged',
      case: soft([[NaN, 0.5, 0.5], [1, 0.25, 0.25], [0.2, 0.3, 1], [0.75, 0.5, NaN]]),
      expect: { evidence: { rows: 4, rowsChecked: 2, zeroRows: 0, badRows: 2, firstBadRows: [1, 2] } },
    },
    {
      // the loss is negative: an error
      name: 'KLDivLoss log_target=True with probabilities as the target: the fix',
      severity: 'error',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: [[-1.2, -0.9, -1.2], [-0.5, -1.5, -1.6]], target: [[-2, -2, -2], [-3, -2.5, -2]], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        assert.equal(f.evidence.logTarget, true);
        assert.equal(f.fix, "target = F.log_softmax(teacher_logits, dim=-1)   # log-probabilities for log_target=True\n# or pass probabilities and drop log_target: nn.KLDivLoss(reduction='batchmean')(log_probs, probs)");
      },
    },
    {
      name: 'whole-number rows summing to 2…4: counts, not probabilities',
      case: soft([[1, 1, 0], [2, 0, 1], [0, 3, 1], [1, 1, 1]]),
      expect: (f) => assert.match(f.message, /: entries are whole numbers and rows sum to 2…4: counts, not probabilities\. /),
    },
    {
      // whole numbers, one row of four summing to 2: the median row sums to 1, so not "counts"
      name: 'one-hot rows and one two-hot row (median sum 1): not counts',
      case: soft([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]),
      expect: (f) => assert.match(f.message, /: rows sum to 1…2 \(median 1\) instead of 1\. /),
    },
    {
      name: 'fractional rows summing to 1.5 are not counts',
      case: soft(),
      expect: (f) => assert.doesNotMatch(f.message, /counts/),
    },
  ],
  silent: [{ name: 'rows summing to 1', case: soft([[0.5, 0.25, 0.25], [1, 0, 0], [0.2, 0.3, 0.5], [0.25, 0.5, 0.25]]) }],
});
