/**
 * reported-loss-mismatch on KLDivLoss: the log_target flag flipped is one of the usual variants (a
 * dump that lost `log_target=True` recomputes a teacher's log_softmax target as probabilities: NaN,
 * while the training printed the real KL), and a NaN recomputed loss gets a message without the
 * relative difference NaN (and, with no finite variant at all, without "None of the 0 usual variants":
 * reported-loss-mismatch-cases.test.ts).
 * PyTorch 1.13 (/usr/bin/python3), P = [[0.2, 0.1, 1], [2, 0.5, 0.3]], Q = [[1, 2, 0.5], [0.3, 0.1, 2]]:
 *   KLDivLoss()(log_softmax(Q), log_softmax(P))                  = nan
 *   KLDivLoss(log_target=True)(log_softmax(Q), log_softmax(P))   = 0.25059785966017567
 *   KLDivLoss()(log_softmax(Q), softmax(P))                      = 0.2505978596601756
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';
import type { LossCase } from '../../../../src/io/types';

const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
const LOGP = [[0.2, 0.1, 1], [2, 0.5, 0.3]].map((r) => r.map((v) => v - lse(r)));
const LOGQ = [[1, 2, 0.5], [0.3, 0.1, 2]].map((r) => r.map((v) => v - lse(r)));
const KL = 0.25059785966017567;
const kl = (target: number[][], reported: number, extra: Record<string, unknown> = {}): LossCase => {
  const c = mkCase({ loss: { type: 'KLDivLoss', ...extra }, input: LOGQ, target, inputDtype: 'float64', targetDtype: 'float64' });
  c.meta = { reported_loss: reported };
  return c;
};

ruleTable(reportedLossMismatch, {
  severity: 'warning',
  fires: [
    {
      name: 'log-probability target, log_target lost in the dump: NaN recomputed, reproduced by log_target=True',
      case: () => kl(LOGP, KL),
      expect: (f) => {
        assert.equal(f.message, 'meta.reported_loss is 0.250598 but the KLDivLoss recomputed from this case is NaN: the printed value did not come from this criterion on these tensors. It is reproduced by: log_target=True (0.250598).');
        assert.deepEqual(f.evidence.matches, ['log_target=True']);
        assert.ok(Math.abs((f.evidence.tried as Record<string, number>)['log_target=True'] - KL) < 1e-8);
        assert.deepEqual(f.edit, { path: ['loss', 'log_target'], value: true });
        assert.equal(f.fix, [
          '# the training loop sets log_target=True; the dump does not',
          "criterion = nn.KLDivLoss(reduction='mean', log_target=True)",
          '# and dump the criterion you really train with:',
          'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})',
        ].join('\n'));
      },
    },
    {
      name: 'probability target with log_target=True in the dump (batchmean): reproduced by log_target=False',
      case: () => kl(LOGP.map((r) => r.map(Math.exp)), 3 * KL, { reduction: 'batchmean', log_target: true }),
      expect: (f) => {
        // batchmean = 3 × mean on (2, 3): 0.751794
        assert.deepEqual(f.evidence.matches, ['log_target=False']);
        assert.deepEqual(f.edit, { path: ['loss', 'log_target'], value: false });
        assert.ok(f.fix.startsWith("# the training loop sets log_target=False; the dump does not\ncriterion = nn.KLDivLoss(reduction='batchmean', log_target=False)\n"), f.fix);
      },
    },
    {
      name: 'a NaN recomputed loss and a printed value no variant reproduces: no relative difference, the one variant tried',
      case: () => kl(LOGP, -0.3),
      expect: (f) => {
        assert.equal(f.message, 'meta.reported_loss is -0.3 but the KLDivLoss recomputed from this case is NaN: the printed value did not come from this criterion on these tensors. No variant tried reproduces it: 1 usual variant.');
        assert.deepEqual(f.evidence.matches, []);
        assert.deepEqual(Object.keys(f.evidence.tried as object), ['log_target=True']);
      },
    },
  ],
  silent: [{ name: 'log_target=True as in training: the printed value agrees', case: () => kl(LOGP, KL, { log_target: true }) }],
});
