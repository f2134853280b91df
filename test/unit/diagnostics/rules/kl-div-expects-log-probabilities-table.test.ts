/**
 * kl-div-expects-log-probabilities: each of its findings (probabilities, logits or [0, 1] scores as
 * the input; log-probabilities as a log_target=False target; probabilities as a log_target=True
 * target) word for word, with the KL losses recomputed here from the definition
 * (reduction 'mean': Σ t·(log t − x) / numel; log_target: Σ e^t·(t − x) / numel), and each
 * threshold (positiveTolerance, sumTolerance, minRowShare) at and beside its limit.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import type { Finding } from '../../../../src/diagnostics/types';
import { fmt } from '../../../../src/diagnostics/format';
import { klDivExpectsLogProbabilities } from '../../../../src/diagnostics/rules/kl-div-expects-log-probabilities';

const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
const logSoftmax = (x: number[][]): number[][] => x.map((r) => r.map((v) => v - lse(r)));
const softmax = (x: number[][]): number[][] => logSoftmax(x).map((r) => r.map(Math.exp));
const r6 = (x: number): number => Number(x.toPrecision(6));
/** KL 'mean' with probability targets: Σ t·(log t − x) / numel (t = 0 terms are 0) */
const klMean = (x: number[][], t: number[][]): number => x.reduce((a, r, i) => a + r.reduce((b, v, k) => b + (t[i][k] > 0 ? t[i][k] * (Math.log(t[i][k]) - v) : 0), 0), 0) / (x.length * x[0].length);
/** KL 'mean' with log-probability targets: Σ e^t·(t − x) / numel */
const klMeanLog = (x: number[][], t: number[][]): number => x.reduce((a, r, i) => a + r.reduce((b, v, k) => b + Math.exp(t[i][k]) * (t[i][k] - v), 0), 0) / (x.length * x[0].length);
function kl(input: number[][] | number[][][], target: number[][], extra: Record<string, unknown> = {}): LossCase {
  return mkCase({ loss: { type: 'KLDivLoss', ...extra }, input, target, inputDtype: 'float64', targetDtype: 'float64' });
}

const Z = [[1, 2, 0.5], [0.3, 0.1, 2]];
const P = softmax(Z);                     // student probabilities (the slip)
const T = softmax([[0.2, 0.1, 1], [2, 0.5, 0.3]]);  // teacher probabilities
const LOGT = logSoftmax([[0.2, 0.1, 1], [2, 0.5, 0.3]]);
const INPUT_FIX = [
  'T = 2.0  # distillation temperature',
  "kl = nn.KLDivLoss(reduction='batchmean')",
  'loss = kl(F.log_softmax(student_logits / T, dim=-1),   # input: LOG-probabilities',
  '          F.softmax(teacher_logits / T, dim=-1)) * T * T  # target: probabilities',
].join('\n');
const HEAD = 'KLDivLoss expects its input as log-probabilities (all ≤ 0, exp of each row sums to 1), but';
const one = (check: (f: Finding) => void) => (f: Finding, all: Finding[]): void => { assert.equal(all.length, 1, all.map((g) => g.message).join('\n')); check(f); };

/** n rows of 2 values in [0, 1] summing to `sum` */
const rowsSumming = (n: number, sum: number): number[][] => Array.from({ length: n }, (_, i) => [sum * (0.3 + 0.02 * i), sum * (0.7 - 0.02 * i)]);
const half = (n: number): number[][] => Array.from({ length: n }, () => [0.5, 0.5]);

ruleTable(klDivExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: 'softmax probabilities as the input: every number of the message and evidence',
      case: kl(P, T),
      expect: one((f) => {
        const min = Math.min(...P.flat()), max = Math.max(...P.flat());
        const loss = klMean(P, T), fixed = klMean(P.map((r) => r.map(Math.log)), T);
        assert.equal(f.message, `${HEAD} its values lie in [${fmt(min)}, ${fmt(max)}] and 100% of the rows along dim 1 sum to 1: these are probabilities (softmax without the log). The loss (${fmt(loss)}) is then not a KL divergence and its gradient pulls the wrong way; with log(input) it would be ${fmt(fixed)}.`);
        assert.equal(f.fix, INPUT_FIX);
        assert.equal(f.field, 'input');
        const medLse = [lse(P[0]), lse(P[1])].sort((a, b) => a - b);
        assert.deepEqual(f.evidence, {
          inputMin: min, inputMax: max, positiveValues: 6, positiveShare: 1, looksLike: 'probabilities', dim: 1, numClasses: 3,
          rowsChecked: 2, rowsSummingToOne: 2, medianRowSum: 1, medianExpRowSum: r6(Math.exp((medLse[0] + medLse[1]) / 2)),
          targetMin: Math.min(...T.flat()), targetMax: Math.max(...T.flat()), logTarget: false, loss: r6(loss), lossWithFix: r6(fixed), fixApplied: 'log(input)',
        });
      }),
    },
    {
      name: 'raw logits as the input: log_softmax along the target\'s distribution dim',
      case: kl(Z, T),
      expect: one((f) => {
        const loss = klMean(Z, T), fixed = klMean(logSoftmax(Z), T);
        assert.equal(f.message, `${HEAD} 6 of 6 values are > 0 (max 2), which no log-probability can be: this looks like raw logits (no log_softmax). The loss (${fmt(loss)}) is then not a KL divergence and its gradient pulls the wrong way; with log_softmax(input, dim=1) it would be ${fmt(fixed)}.`);
        assert.deepEqual([f.evidence.looksLike, f.evidence.dim, f.evidence.positiveValues, f.evidence.rowsSummingToOne, f.evidence.lossWithFix, f.evidence.fixApplied], ['logits', 1, 6, 0, r6(fixed), 'log_softmax(input, dim=1)']);
      }),
    },
    {
      name: 'logits with one value just above positiveTolerance (0.0011)',
      case: kl([[-1, -2, 0.0011], [-0.5, -1, -3]], T),
      expect: one((f) => assert.ok(f.message.startsWith(`${HEAD} 1 of 6 values are > 0 (max 0.0011), which no log-probability can be: this looks like raw logits`), f.message)),
    },
    {
      name: 'scores in [0, 1] whose rows do not sum to 1',
      case: kl([[0.2, 0.9, 0.5], [0.1, 0.3, 0.4]], T),
      expect: one((f) => {
        assert.ok(f.message.startsWith(`${HEAD} 6 of 6 values are > 0 (max 0.9), which no log-probability can be: this looks like scores in [0, 1], not log-probabilities. The loss (`), f.message);
        assert.equal(f.evidence.looksLike, 'scores in [0, 1]');
      }),
    },
    {
      name: 'rows summing to exactly 1 + sumTolerance (1.25 with sumTolerance 0.25): probabilities',
      case: kl(rowsSumming(10, 1.25), half(10)),
      options: { sumTolerance: 0.25 },
      expect: one((f) => assert.deepEqual([f.evidence.looksLike, f.evidence.rowsSummingToOne], ['probabilities', 10])),
    },
    {
      name: 'rows summing to 1.2500001 (sumTolerance 0.25): scores, not probabilities',
      case: kl(rowsSumming(10, 1.2500001), half(10)),
      options: { sumTolerance: 0.25 },
      expect: one((f) => assert.equal(f.evidence.looksLike, 'scores in [0, 1]')),
    },
    {
      name: 'exactly 9 of 10 rows summing to 1 (share = minRowShare 0.9): probabilities',
      case: kl([...rowsSumming(9, 1), [0.2, 0.2]], half(10)),
      expect: one((f) => {
        assert.equal(f.evidence.looksLike, 'probabilities');
        assert.ok(f.message.includes(' and 90% of the rows along dim 1 sum to 1: these are probabilities'), f.message);
      }),
    },
    {
      name: 'only 8 of 10 rows summing to 1: scores',
      case: kl([...rowsSumming(8, 1), [0.2, 0.2], [0.1, 0.1]], half(10)),
      expect: one((f) => assert.equal(f.evidence.looksLike, 'scores in [0, 1]')),
    },
    {
      name: 'logits (2, 3, 4) against a (2, 3) target: no loss, no fix applied, rows along the input\'s last dim',
      case: kl([0, 1].map((n) => [0, 1, 2].map((c) => [0, 1, 2, 3].map((l) => 2 + Math.sin(n + c + l)))), T),
      expect: (f) => {
        assert.equal(f.field, 'input');
        assert.ok(f.message.endsWith('The loss is then not a KL divergence and its gradient pulls the wrong way.'), f.message);
        assert.deepEqual([f.evidence.dim, f.evidence.numClasses, f.evidence.loss, f.evidence.lossWithFix, f.evidence.fixApplied], [2, 4, null, null, '']);
      },
    },
    {
      name: "probabilities as the input with reduction='none': no loss quoted, the fixed one neither",
      case: kl(P, T, { reduction: 'none' }),
      expect: one((f) => assert.ok(f.message.endsWith('(softmax without the log). The loss is then not a KL divergence and its gradient pulls the wrong way.'), f.message)),
    },
    {
      name: 'log-probabilities as a log_target=False target: flip log_target',
      case: kl(logSoftmax(Z), LOGT),
      expect: one((f) => {
        const fixed = klMeanLog(logSoftmax(Z), LOGT);
        assert.equal(f.message, `With log_target=False KLDivLoss expects the target as probabilities in [0, 1], but every target value is ≤ 0 (range [${fmt(Math.min(...LOGT.flat()))}, ${fmt(Math.max(...LOGT.flat()))}]) and exp of each row sums to 1 (median 1): these are log-probabilities. t·log t is NaN for t < 0, so the loss (NaN) is meaningless; with log_target=True it would be ${fmt(fixed)}.`);
        assert.equal(f.fix, "kl = nn.KLDivLoss(reduction='batchmean', log_target=True)\nloss = kl(F.log_softmax(student_logits / T, dim=-1),\n          F.log_softmax(teacher_logits / T, dim=-1)) * T * T  # both in log space");
        assert.equal(f.field, 'target');
        assert.deepEqual(f.edit, { path: ['loss', 'log_target'], value: true });
        assert.deepEqual([f.evidence.targetNegatives, f.evidence.dim, f.evidence.rowsChecked, f.evidence.targetMedianExpRowSum, f.evidence.lossWithFix, f.evidence.fixApplied], [6, 1, 2, 1, r6(fixed), 'log_target=True']);
      }),
    },
    {
      name: 'a log_target=False target ≤ 0 whose exp rows do not sum to 1, max exactly positiveTolerance',
      case: kl(logSoftmax(Z), [[-1, -2, 0.001], [-0.5, -3, -1]]),
      expect: one((f) => assert.ok(f.message.startsWith('With log_target=False KLDivLoss expects the target as probabilities in [0, 1], but every target value is ≤ 0 (range [-3, 0.001]): these are log-probabilities. t·log t is NaN'), f.message)),
    },
    {
      name: 'probabilities as a log_target=True target: flip it back',
      case: kl(logSoftmax(Z), T, { log_target: true }),
      expect: one((f) => {
        const loss = klMeanLog(logSoftmax(Z), T), fixed = klMean(logSoftmax(Z), T);
        const medExp = Math.exp((lse(T[0]) + lse(T[1])) / 2);
        assert.equal(f.message, `With log_target=True KLDivLoss expects the target as log-probabilities (≤ 0), but the target lies in [${fmt(Math.min(...T.flat()))}, ${fmt(Math.max(...T.flat()))}] and its rows along dim 1 sum to 1 (median 1): these are probabilities. exp(target) is then no distribution (its rows sum to ${fmt(medExp)}), so the loss (${fmt(loss)}) is not a KL divergence; with log_target=False it would be ${fmt(fixed)}.`);
        assert.equal(f.fix, "kl = nn.KLDivLoss(reduction='batchmean')            # log_target=False: the target is probabilities\nloss = kl(F.log_softmax(student_logits / T, dim=-1),\n          F.softmax(teacher_logits / T, dim=-1)) * T * T");
        assert.equal(f.field, 'loss.log_target');
        assert.deepEqual(f.edit, { path: ['loss', 'log_target'], value: false });
        assert.deepEqual([f.evidence.targetRowsSummingToOne, f.evidence.targetMedianRowSum, f.evidence.targetMedianExpRowSum, f.evidence.loss, f.evidence.lossWithFix], [2, 1, r6(medExp), r6(loss), r6(fixed)]);
      }),
    },
    {
      name: "probabilities as a log_target=True target, reduction='none'",
      case: kl(logSoftmax(Z), T, { log_target: true, reduction: 'none' }),
      expect: one((f) => assert.ok(/exp\(target\) is then no distribution \(its rows sum to [\d.]+\), so the loss is not a KL divergence\.$/.test(f.message), f.message)),
    },
  ],
  silent: [
    { name: 'log-probabilities against probabilities', case: kl(logSoftmax(Z), T) },
    { name: 'log-probabilities against log-probabilities with log_target=True', case: kl(logSoftmax(Z), LOGT, { log_target: true }) },
    { name: 'an input with max exactly positiveTolerance (0.001), not in [0, 1]', case: kl([[-1, -2, 0.001], [-0.5, -1, -3]], T) },
    { name: 'a NaN in the input (non-finite-values reports it) and log-probability rows', case: kl([[NaN, 2, 3], [-0.5, -1, -3]], T) },
    { name: 'a log_target=False target with max 0.0011 (above positiveTolerance)', case: kl(logSoftmax(Z), [[-1, -2, 0.0011], [-0.5, -3, -1]]) },
    { name: 'a log_target=False target of zeros (no negative value)', case: kl(logSoftmax(Z), [[0, 0, 0], [0, 0, 0]]) },
    { name: 'a log_target=True target in [0, 1] whose rows do not sum to 1', case: kl(logSoftmax(Z), [[0.1, 0.1, 0.1], [0.2, 0.2, 0.2]], { log_target: true }) },
    { name: 'a log_target=True target with 8 of 10 rows summing to 1', case: kl(logSoftmax(half(10)), [...rowsSumming(8, 1), [0.2, 0.2], [0.1, 0.1]], { log_target: true }) },
  ],
});
