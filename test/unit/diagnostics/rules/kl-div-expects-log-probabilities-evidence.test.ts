/**
 * kl-div-expects-log-probabilities: the whole evidence of both target findings stated literally —
 * log_target=True with probability targets (logTarget true, the flag to clear) and log_target=False
 * with log-probability targets (logTarget false, the flag to set) — with reduction='none', where
 * neither the loss nor the fixed loss is a scalar (both null, and the message quotes neither).
 */
import { mkCase, ruleTable } from '../harness';
import { literal } from './literal';
import { klDivExpectsLogProbabilities } from '../../../../src/diagnostics/rules/kl-div-expects-log-probabilities';

const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
const P = [[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]];
const LOGP = P.map((r) => r.map(Math.log));
const LOGQ = [[1, 2, 0.5], [0.3, 0.1, 2]].map((r) => r.map((v) => v - lse(r)));
const kl = (target: number[][], logTarget: boolean) => mkCase({ loss: { type: 'KLDivLoss', reduction: 'none', log_target: logTarget }, input: LOGQ, target, inputDtype: 'float64', targetDtype: 'float64' });
// exp(target) of a row [0.25, 0.25, 0.5]: e^0.25 + e^0.25 + e^0.5, the same for both rows
const EXP_SUM = 2 * Math.exp(0.25) + Math.exp(0.5);
const r6 = (x: number): number => Number(x.toPrecision(6));

ruleTable(klDivExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: "log_target=True, probability targets, reduction='none': logTarget true, no loss quoted",
      case: () => kl(P, true),
      expect: literal({
        message: `With log_target=True KLDivLoss expects the target as log-probabilities (≤ 0), but the target lies in [0.25, 0.5] and its rows along dim 1 sum to 1 (median 1): these are probabilities. exp(target) is then no distribution (its rows sum to ${Number(EXP_SUM.toPrecision(3))}), so the loss is not a KL divergence.`,
        evidence: {
          targetMin: 0.25, targetMax: 0.5, dim: 1, rowsChecked: 2, targetRowsSummingToOne: 2, targetMedianRowSum: 1,
          targetMedianExpRowSum: r6(EXP_SUM), logTarget: true, loss: null, lossWithFix: null, fixApplied: 'log_target=False',
        },
        field: 'loss.log_target',
        edit: { path: ['loss', 'log_target'], value: false },
      }),
    },
    {
      name: "log_target=False, log-probability targets, reduction='none': logTarget false, no loss quoted",
      case: () => kl(LOGP, false),
      expect: literal({
        message: 'With log_target=False KLDivLoss expects the target as probabilities in [0, 1], but every target value is ≤ 0 (range [-1.39, -0.693]) and exp of each row sums to 1 (median 1): these are log-probabilities. t·log t is NaN for t < 0, so the loss is meaningless.',
        evidence: {
          targetMin: Math.log(0.25), targetMax: Math.log(0.5), targetNegatives: 6, dim: 1, rowsChecked: 2, targetMedianExpRowSum: 1,
          logTarget: false, loss: null, lossWithFix: null, fixApplied: 'log_target=True',
        },
        field: 'target',
        edit: { path: ['loss', 'log_target'], value: true },
      }),
    },
  ],
  silent: [{ name: 'log_target=True with log-probability targets', case: () => kl(LOGP, true) }],
});
