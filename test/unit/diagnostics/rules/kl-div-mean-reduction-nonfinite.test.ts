/**
 * kl-div-mean-reduction when the recomputed loss is NaN or infinite (log-probability targets without
 * log_target, an input of −inf where the target is positive): the finding keeps the factor, but
 * quotes no loss and no "batchmean gives NaN, the true KL per sample" — the rule that names the
 * cause of the NaN says why there is no value.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { klDivMeanReduction } from '../../../../src/diagnostics/rules/kl-div-mean-reduction';

const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
const LOGP = [[0.2, 0.1, 1], [2, 0.5, 0.3]].map((r) => r.map((v) => v - lse(r)));
const LOGQ = [[1, 2, 0.5], [0.3, 0.1, 2]].map((r) => r.map((v) => v - lse(r)));
const f64 = { inputDtype: 'float64', targetDtype: 'float64' } as const;
const TAIL = "PyTorch prints a UserWarning for this on every call and will change 'mean' to mean 'batchmean'.";
const NO_LOSS = `KLDivLoss(reduction='mean') divides the summed divergence by all 6 elements of the (2, 3) input, not by the batch size 2: the loss and its gradient are the KL divergence divided by 3. ${TAIL}`;

ruleTable(klDivMeanReduction, {
  severity: 'warning',
  fires: [
    {
      // PyTorch 1.13: F.kl_div(log_softmax(Q), log_softmax(P), reduction='mean') = nan (t·log t, t < 0)
      name: 'log-probability targets without log_target: the loss is NaN, no value quoted',
      case: mkCase({ loss: 'KLDivLoss', input: LOGQ, target: LOGP, ...f64 }),
      expect: (f) => {
        assert.equal(f.message, NO_LOSS);
        assert.ok(Number.isNaN(f.evidence.loss), String(f.evidence.loss));
        assert.equal(f.evidence.lossBatchmean, null);
        assert.equal(f.evidence.factor, 3);
      },
    },
    {
      // PyTorch 1.13: F.kl_div(tensor([[-inf, -1, -1], …]), softmax rows, reduction='mean') = inf
      name: 'an input of −inf where the target is positive: the loss is +inf, no value quoted',
      case: mkCase({ loss: 'KLDivLoss', input: [[-Infinity, LOGQ[0][1], LOGQ[0][2]], LOGQ[1]], target: LOGP.map((r) => r.map(Math.exp)), ...f64 }),
      expect: (f) => {
        assert.equal(f.message, NO_LOSS);
        assert.equal(f.evidence.loss, Infinity);
        assert.equal(f.evidence.lossBatchmean, null);
      },
    },
  ],
  silent: [{ name: "the NaN case with 'batchmean'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: LOGQ, target: LOGP, ...f64 }) }],
});
