/**
 * target-not-a-distribution, branch by branch: which targets are judged (dtype, layout, KLDivLoss
 * axes), the slack boundary, each pattern and fix, the severity, and the numbers of the message
 * and evidence. Losses quoted in messages are recomputed here from their formulas (cross-entropy
 * with probability targets: mean over rows of −Σ t·log_softmax(x); KL 'batchmean': Σ t·(log t − x) / N).
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import type { Finding } from '../../../../src/diagnostics/types';
import { fmt } from '../../../../src/diagnostics/format';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';

const X = [[1, 2, 0.5], [0.3, 0.1, 2], [2, -1, 0], [0, 1, 1]];
const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
/** Cross-entropy with probability targets, 'mean' over rows. */
function ceSoft(x: number[][], t: number[][]): number {
  return x.reduce((acc, r, i) => acc - t[i].reduce((a, tk, k) => a + tk * (r[k] - lse(r)), 0), 0) / x.length;
}
function ce(target: number[][], extra: Record<string, unknown> = {}, x: number[][] = X): LossCase {
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...extra }, input: x, target, inputDtype: 'float64', targetDtype: 'float64' });
}
/** log_softmax of each row */
const logSoftmax = (x: number[][]): number[][] => x.map((r) => r.map((v) => v - lse(r)));
function kl(input: number[][] | number[][][] | number[], target: number[][] | number[][][] | number[], extra: Record<string, unknown> = {}): LossCase {
  return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', ...extra }, input, target, inputDtype: 'float64', targetDtype: 'float64' });
}
const CE_CONSEQUENCE = (loss: number): string => `The cross-entropy with probability targets is at least the targets' entropy only for distributions: here the loss (${fmt(loss)}) has no floor and its gradient (softmax·Σtarget − target) does not vanish at the right answer.`;
const HEAD = (type: string, where: string, K: number): string => `${type} expects probability targets whose rows along the class axis (${where}, ${K} classes) are distributions, but`;
const NORMALISE_FIX = (dim: string): string => `target = target / target.sum(dim=${dim}, keepdim=True)   # each row sums to 1\n# (teacher outputs: F.softmax(teacher_logits / T, dim=${dim}), not the raw logits or an unnormalised exp)`;

const multiHot = [[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]];
const fewHot = [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]];
const negative = [[1.25, -0.25, 0], [0.5, 0.5, 0], [0.25, 0.25, 0.5], [0, 0, 1]];
// rows of 7-decimal values (not hand-rounded: slack 3 × 1e-6 = 3e-6) summing to 1 + 3.1e-6 and 1 + 2.9e-6
const over = [0.3333364, 0.3333333, 0.3333334];
const within = [0.3333362, 0.3333333, 0.3333334];
// 3-D KL: (2, 3, 2) log-probabilities normalised along dim 1
const X3 = [[[1, 0], [2, 1], [0.5, -1]], [[0, 0.3], [1, 0.2], [-1, 2]]];
const along1 = (x: number[][][]): number[][][] => x.map((m) => {
  const cols = m[0].map((_, j) => lse(m.map((r) => r[j])));
  return m.map((r) => r.map((v, j) => v - cols[j]));
});
const alongAll = (x: number[][][]): number[][][] => x.map((m) => { const l = lse(m.flat()); return m.map((r) => r.map((v) => v - l)); });

ruleTable(targetNotADistribution, {
  severity: 'warning',
  fires: [
    {
      name: 'multi-hot rows summing to 2, 2, 2, 3 (median exactly 2): the multi-label fix; every number stated',
      case: ce(multiHot),
      expect: (f: Finding) => {
        assert.equal(f.message, `${HEAD('CrossEntropyLoss', 'dim 1', 3)} 4 of 4 rows (100.0%) are not (allowed slack ±3.00e-6): every entry is 0 or 1 and rows sum to 2…3: multi-hot labels, not one distribution per row. ${CE_CONSEQUENCE(ceSoft(X, multiHot))}`);
        assert.equal(f.fix, [
          '# several labels per sample: a multi-label loss, one sigmoid per class',
          'criterion = nn.BCEWithLogitsLoss()   # logits (N, C), target (N, C) of 0/1',
          '# or, to keep CrossEntropyLoss with soft targets, normalise each row:',
          'target = target / target.sum(dim=-1, keepdim=True)',
        ].join('\n'));
        // whole numbers (0 decimals): no rounding slack, only K·1e-6 = 3e-6
        assert.deepEqual(f.evidence, {
          axis: 'dim 1', numClasses: 3, rows: 4, rowsChecked: 4, zeroRows: 0, badRows: 4, negativeEntries: 0,
          rowSumMin: 2, rowSumMedian: 2, rowSumMax: 3, slack: 3e-6, firstBadRows: [0, 1, 2, 3], logTarget: false,
          targetShape: '(4, 3)', loss: Number(ceSoft(X, multiHot).toPrecision(6)), belowMinimum: false,
        });
        assert.equal(f.field, 'target');
      },
    },
    {
      name: 'binary rows summing to 2, 2, 1, 1 (median 1.5 < 2): counts, not multi-hot',
      case: ce(fewHot),
      expect: (f) => {
        assert.ok(f.message.includes(' 2 of 4 rows (50.0%) are not (allowed slack ±'), f.message);
        assert.ok(f.message.includes(': entries are whole numbers and rows sum to 1…2: counts, not probabilities. '), f.message);
        assert.equal(f.fix, NORMALISE_FIX('-1'));
        assert.deepEqual(f.evidence.firstBadRows, [0, 1]);
        assert.equal(f.evidence.rowSumMedian, 1.5);
      },
    },
    {
      // The row [1.25, −0.25, 0] sums to 1 but is no distribution: it counts as bad (the message said
      // "0 of 4 rows are not" before). 2 decimals: slack 3·0.5·10^-2 + 3e-6 = 0.015.
      name: 'a negative entry in a row summing to 1: an error, 1 of 4 rows bad, the softmax fix',
      severity: 'error',
      case: ce(negative),
      expect: (f) => {
        assert.equal(f.message, `${HEAD('CrossEntropyLoss', 'dim 1', 3)} 1 of 4 rows (25.0%) are not (allowed slack ±0.015): 1 entries are negative. ${CE_CONSEQUENCE(ceSoft(X, negative))}`);
        assert.equal(f.fix, '# probability targets must be >= 0: build them with softmax (e.g. F.softmax(teacher_logits / T, dim=-1))\ntarget = target.clamp_min(0); target = target / target.sum(dim=-1, keepdim=True)');
        assert.deepEqual([f.evidence.negativeEntries, f.evidence.badRows, f.evidence.firstBadRows], [1, 1, [0]]);
      },
    },
    {
      name: 'one row summing to 1 + 3.1e-6 (just outside the 3e-6 slack of 3 float64 terms)',
      case: ce([over, [0.5, 0.25, 0.25], [0.2, 0.3, 0.5], [0.25, 0.5, 0.25]]),
      expect: (f) => {
        assert.deepEqual([f.evidence.badRows, f.evidence.rowsChecked, f.evidence.firstBadRows, f.evidence.slack], [1, 4, [0], 3e-6]);
        assert.ok(f.message.includes(' 1 of 4 rows (25.0%) are not (allowed slack ±3.00e-6): rows sum to 1…1 (median 1) instead of 1. '), f.message);
      },
    },
    {
      name: 'an all-zero row (masked) is skipped: 3 rows checked',
      case: ce([[0, 0, 0], [0.5, 0.5, 0.5], [0.2, 0.3, 0.5], [0.25, 0.5, 0.25]]),
      expect: { evidence: { rows: 4, rowsChecked: 3, zeroRows: 1, badRows: 1, firstBadRows: [1] } },
    },
    {
      name: 'one unbatched (3,) sample: the class axis is dim 0, the last one (dim=-1)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [1, 2, 0.5], target: [0.5, 0.5, 0.5], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        assert.ok(f.message.startsWith(`${HEAD('CrossEntropyLoss', 'dim 0', 3)} 1 of 1 rows (100.0%)`), f.message);
        assert.equal(f.fix, NORMALISE_FIX('-1'));
      },
    },
    {
      name: 'CrossEntropyLoss (2, 3, 2) with soft targets along dim 1: dim=1 in the fix',
      case: mkCase({ loss: 'CrossEntropyLoss', input: X3, target: [[[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], [[0.2, 0.3], [0.3, 0.3], [0.5, 0.4]]], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        assert.ok(f.message.startsWith(`${HEAD('CrossEntropyLoss', 'dim 1', 3)} 2 of 4 rows (50.0%)`), f.message);
        assert.equal(f.fix, NORMALISE_FIX('1'));
        assert.deepEqual(f.evidence.firstBadRows, [0, 1]);
      },
    },
    {
      name: 'KLDivLoss with rows of 0.1 (sum 0.3): the loss Σ t·(log t − x) / N is negative — an error',
      severity: 'error',
      case: kl(logSoftmax([[1, 2, 0.5], [0.3, 0.1, 2]]), [[0.1, 0.1, 0.1], [0.1, 0.1, 0.1]]),
      expect: (f) => {
        const x = logSoftmax([[1, 2, 0.5], [0.3, 0.1, 2]]);
        const loss = x.reduce((a, r) => a + r.reduce((b, v) => b + 0.1 * (Math.log(0.1) - v), 0), 0) / 2;
        assert.ok(loss < 0);
        assert.equal(f.message, `${HEAD('KLDivLoss', 'dim 1', 3)} 2 of 2 rows (100.0%) are not (allowed slack ±0.15): rows sum to 0.3…0.3 (median 0.3) instead of 1. The KL(target ‖ input) ≥ 0 only holds when both sides are distributions: here the loss (${fmt(loss)}, negative) is not a divergence and training can push it below 0 without bound.`);
        assert.equal(f.evidence.belowMinimum, true);
      },
    },
    {
      name: 'KLDivLoss with rows summing to 3 (positive loss): a warning quoting the loss',
      case: kl(logSoftmax([[1, 2, 0.5], [0.3, 0.1, 2]]), [[1, 1, 1], [1, 1, 1]]),
      expect: (f) => {
        const x = logSoftmax([[1, 2, 0.5], [0.3, 0.1, 2]]);
        const loss = x.reduce((a, r) => a + r.reduce((b, v) => b - v, 0), 0) / 2;
        assert.ok(f.message.endsWith(`: every entry is 0 or 1 and rows sum to 3…3: multi-hot labels, not one distribution per row. The KL(target ‖ input) ≥ 0 only holds when both sides are distributions: here the loss (${fmt(loss)}) is not a divergence and training can push it below 0 without bound.`), f.message);
        // KL gets the normalising fix, not the multi-label one
        assert.equal(f.fix, NORMALISE_FIX('-1'));
      },
    },
    {
      name: "KLDivLoss reduction='none': no loss to quote",
      case: kl(logSoftmax([[1, 2, 0.5], [0.3, 0.1, 2]]), [[1, 1, 1], [1, 1, 1]], { reduction: 'none' }),
      expect: (f) => {
        assert.ok(f.message.endsWith('here the loss is not a divergence and training can push it below 0 without bound.'), f.message);
        assert.equal(f.evidence.loss, null);
      },
    },
    {
      name: 'KLDivLoss (2, 3, 2), input normalised along dim 1, target nowhere a distribution: reported along dim 1',
      case: kl(along1(X3), [[[1, 1], [1, 1], [1, 1]], [[1, 1], [1, 1], [1, 1]]]),
      expect: (f) => {
        assert.equal(f.evidence.axis, 'dim 1');
        assert.equal(f.evidence.numClasses, 3);
        assert.equal(f.fix, NORMALISE_FIX('1'));
      },
    },
    {
      name: 'KLDivLoss (2, 3, 2), input normalised over dims 1…2 (a heatmap): reported along dims 1…2 together',
      case: kl(alongAll(X3), [[[1, 1], [1, 1], [1, 1]], [[1, 1], [1, 1], [1, 1]]]),
      expect: (f) => {
        assert.equal(f.evidence.axis, 'dims 1…2 together');
        assert.equal(f.evidence.numClasses, 6);
        assert.equal(f.fix, NORMALISE_FIX('tuple(range(1, 3))'));
      },
    },
    {
      name: 'KLDivLoss (2, 3, 2), input normalised nowhere: reported along the last dim',
      case: kl(X3.map((m) => m.map((r) => r.map((v) => v - 5))), [[[1, 1], [1, 1], [1, 1]], [[1, 1], [1, 1], [1, 1]]]),
      expect: (f) => {
        assert.equal(f.evidence.axis, 'dim 2');
        assert.equal(f.evidence.numClasses, 2);
      },
    },
    {
      name: 'KLDivLoss (2, 1, 3): the size-1 dim 1 is no axis; dims 1…2 together (3 values) are judged like the last dim',
      case: kl([[[-1, -1.5, -0.9]], [[-1.2, -0.8, -1.4]]], [[[1, 1, 1]], [[1, 1, 1]]]),
      expect: { evidence: { axis: 'dim 2', numClasses: 3, rows: 2 } },
    },
    {
      name: 'a 1-D KLDivLoss target of 0.2 + 0.3 (loss 0.2·(log 0.2 + 0.7) + 0.3·(log 0.3 + 0.7) < 0: an error)',
      severity: 'error',
      case: kl([-0.7, -0.7], [0.2, 0.3]),
      expect: { evidence: { axis: 'dim 0', numClasses: 2, rows: 1, rowSumMedian: 0.5 } },
    },
    {
      name: 'KLDivLoss log_target=True with a −inf row (masked, skipped) and rows of log 0.5',
      case: kl(logSoftmax([[1, 2], [0.3, 0.1], [0, 0]]), [[Math.log(0.5), Math.log(0.5)], [-Infinity, -Infinity], [Math.log(0.25), Math.log(0.25)]], { log_target: true }),
      expect: (f) => {
        assert.deepEqual([f.evidence.zeroRows, f.evidence.rowsChecked, f.evidence.badRows, f.evidence.logTarget], [1, 2, 1, true]);
        assert.ok(f.message.includes('expects log-probability targets whose rows'), f.message);
        assert.ok(f.message.includes(': exp(target) sums to 0.75 per row (median) instead of 1: the target is not log-probabilities.'), f.message);
      },
    },
  ],
  silent: [
    { name: 'CE rows summing to 1 + 2.9e-6 (inside the 3e-6 slack)', case: ce([within, [0.5, 0.25, 0.25], [0.2, 0.3, 0.5], [0.25, 0.5, 0.25]]) },
    { name: 'CE index targets', case: mkCase({ loss: 'CrossEntropyLoss', input: X, target: [0, 1, 2, 0] }) },
    { name: 'CE integer (4, 3) targets (shape-mismatch reports those)', case: mkCase({ loss: 'CrossEntropyLoss', input: X, target: multiHot, targetDtype: 'int64' }) },
    { name: 'CE with one class (C = 1)', case: ce([[2], [2], [2], [2]], {}, [[1], [2], [3], [4]]) },
    { name: 'CE targets all zero (nothing to judge)', case: ce([[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]) },
    { name: 'MSELoss: no probability targets', case: mkCase({ loss: 'MSELoss', input: X, target: multiHot, inputDtype: 'float64', targetDtype: 'float64' }) },
    { name: 'KLDivLoss (2, 3, 2) target a distribution along dim 1', case: kl(along1(X3), along1(X3).map((m) => m.map((r) => r.map(Math.exp)))) },
    { name: 'KLDivLoss (2, 3, 2) target a distribution over dims 1…2', case: kl(alongAll(X3), alongAll(X3).map((m) => m.map((r) => r.map(Math.exp)))) },
    { name: 'KLDivLoss with a target of another shape', case: kl([[-1, -1, -1]], [[0.2, 0.2]]) },
    { name: 'KLDivLoss on a scalar', case: kl(-1 as unknown as number[], 0.5 as unknown as number[]) },
    { name: 'KLDivLoss log_target=True with log-probability rows', case: kl(logSoftmax([[1, 2], [0.3, 0.1]]), logSoftmax([[0, 1], [2, 0]]), { log_target: true }) },
  ],
});
