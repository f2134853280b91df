/**
 * kl-div-expects-log-probabilities beyond (N, C): raw logits of a segmentation distillation
 * (N, C, L) against teacher probabilities along dim 1 (the fixed loss recomputed here with
 * log_softmax along dim 1, elements C·L apart), and a 1002-class target near uniform (every value
 * ≤ 0.001) with one negative entry per row: probabilities that are no distribution
 * (target-not-a-distribution's finding), not log-probabilities — before, this rule called them
 * log-probabilities and offered log_target=True with a loss of 6930. And loss-below-minimum's
 * silence when its failed precondition (target rows that are no distributions) is this rule's
 * log_target finding (log-probability targets without log_target, a negative printed loss).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkCase, ruleTable } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { fmt } from '../../../../src/diagnostics/format';
import { runDiagnostics } from '../../../../src/diagnostics/run';
import { klDivExpectsLogProbabilities } from '../../../../src/diagnostics/rules/kl-div-expects-log-probabilities';
import { lossBelowMinimum } from '../../../../src/diagnostics/rules/loss-below-minimum';
import type { LossCase } from '../../../../src/io/types';

const r6 = (x: number): number => Number(x.toPrecision(6));
const N = 2, C = 3, L = 2;
const at = (n: number, c: number, l: number): number => (n * C + c) * L + l;
/** logits 2 + sin(…) > 0, and teacher logits; both (N, C, L) */
const X = Float64Array.from({ length: N * C * L }, (_, i) => 2 + Math.sin(1.3 * i));
const Z = Float64Array.from({ length: N * C * L }, (_, i) => Math.cos(0.7 * i) * 2);
/** softmax / log_softmax along dim 1, by hand */
function alongDim1(v: Float64Array, log: boolean): Float64Array {
  const out = new Float64Array(v.length);
  for (let n = 0; n < N; n++) for (let l = 0; l < L; l++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(v[at(n, c, l)]);
    for (let c = 0; c < C; c++) out[at(n, c, l)] = log ? v[at(n, c, l)] - Math.log(s) : Math.exp(v[at(n, c, l)]) / s;
  }
  return out;
}
const T = alongDim1(Z, false);
/** KLDivLoss 'mean': Σ t·(log t − x) / numel */
const klMean = (x: Float64Array, t: Float64Array): number => x.reduce((a, v, i) => a + t[i] * (Math.log(t[i]) - v), 0) / x.length;

ruleTable(klDivExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: '(N, C, L) logits against probabilities along dim 1: the loss with log_softmax along dim 1',
      case: mkCase({ loss: 'KLDivLoss', input: tensor(X, [N, C, L], 'float64'), target: tensor(T, [N, C, L], 'float64') }),
      expect: (f, all) => {
        assert.equal(all.length, 1);
        const loss = klMean(X, T), fixed = klMean(alongDim1(X, true), T);
        assert.equal(f.message, `KLDivLoss expects its input as log-probabilities (all ≤ 0, exp of each row sums to 1), but 12 of 12 values are > 0 (max ${fmt(Math.max(...X))}), which no log-probability can be: this looks like raw logits (no log_softmax). The loss (${fmt(loss)}) is then not a KL divergence and its gradient pulls the wrong way; with log_softmax(input, dim=1) it would be ${fmt(fixed)}.`);
        assert.deepEqual([f.evidence.dim, f.evidence.numClasses, f.evidence.rowsChecked, f.evidence.loss, f.evidence.lossWithFix, f.evidence.fixApplied], [1, 3, 4, r6(loss), r6(fixed), 'log_softmax(input, dim=1)']);
      },
    },
  ],
  silent: [
    {
      name: '1002 classes near uniform (0.001) with one −0.001 per row: rows sum to 1, probabilities, not log-probabilities',
      case: () => kl1002(),
    },
  ],
});

const K = 1002;
function kl1002(): LossCase {
  const row = (j: number): number[] => Array.from({ length: K }, (_, k) => (k === j ? -0.001 : 0.001));
  const logits = (j: number): number[] => Array.from({ length: K }, (_, k) => Math.sin(k + j) * 0.01);
  const ls = (r: number[]): number[] => { const m = Math.log(r.reduce((a, v) => a + Math.exp(v), 0)); return r.map((v) => v - m); };
  const c = mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [ls(logits(0)), ls(logits(1))], target: [row(3), row(7)], inputDtype: 'float64', targetDtype: 'float64' });
  c.meta = { reported_loss: -0.01 };
  return c;
}

test('a 1002-class probability target with negative entries: target-not-a-distribution reports it, once', () => {
  const fired = runDiagnostics(kl1002()).findings.map((f) => `${f.rule} ${f.severity}`);
  // the recomputed loss is NaN (t·log t for t < 0): the printed −0.01 differs from it
  assert.deepEqual(fired, ['target-not-a-distribution error', 'reported-loss-mismatch warning']);
  const f = runDiagnostics(kl1002()).findings[0];
  assert.ok(f.message.startsWith('KLDivLoss expects probability targets whose rows along the class axis (dim 1, 1002 classes) are distributions, but 2 of 2 rows (100.0%) are not (allowed slack ±'), f.message);
  assert.ok(f.message.includes('): 2 entries are negative. '), f.message);
});

// log-probabilities with log_target=False: this rule flips log_target; target-not-a-distribution
// and loss-below-minimum (whose failed precondition, target rows that are no distributions, is this
// finding) leave the target to it: one finding for one cause, whose fix is log_target=True
const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
const LOGP = [[0.2, 0.1, 1], [2, 0.5, 0.3]].map((r) => r.map((v) => v - lse(r)));
const LOGQ = [[1, 2, 0.5], [0.3, 0.1, 2]].map((r) => r.map((v) => v - lse(r)));
const logTargetCase = (reported?: number): LossCase => {
  const c = mkCase({ loss: 'KLDivLoss', input: LOGQ, target: LOGP, inputDtype: 'float64', targetDtype: 'float64' });
  if (reported !== undefined) c.meta = { reported_loss: reported };
  return c;
};
ruleTable(lossBelowMinimum, {
  severity: 'warning',
  fires: [
    {
      // the same tensors with the target as probabilities: no precondition fails, the printed value
      // cannot come from this batch (PyTorch 1.13: F.kl_div(log_softmax(Q), softmax(P)) = 0.2505978596601756)
      name: 'probability targets, printed loss −0.3: no failed precondition, the batch recomputes to 0.251',
      case: () => { const c = mkCase({ loss: 'KLDivLoss', input: LOGQ, target: LOGP.map((r) => r.map(Math.exp)), inputDtype: 'float64', targetDtype: 'float64' }); c.meta = { reported_loss: -0.3 }; return c; },
      expect: (f) => {
        assert.equal(f.message, 'KLDivLoss cannot go below 0 when its preconditions hold, but meta.reported_loss reaches -0.3, below 0. This batch recomputes to 0.251, so the printed loss does not come from KLDivLoss on data like this: look for a sign error, a term subtracted from the loss, or targets that differ in other batches (masks loaded as 0/255, unnormalised soft labels). Training on such a loss drives it further down without limit instead of towards the targets.');
        assert.deepEqual(f.evidence.failedPreconditions, []);
        assert.ok(Math.abs((f.evidence.loss as number) - 0.2505978596601756) < 1e-6);
      },
    },
  ],
  silent: [
    { name: 'log-probability targets without log_target, printed loss −0.3: kl-div-expects-log-probabilities carries it', case: () => logTargetCase(-0.3) },
    // the recomputed loss is NaN, not below 0: nothing printed, nothing below the floor
    { name: 'the same without a printed loss', case: () => logTargetCase() },
  ],
});

test('log-probability targets without log_target: one finding of the cause (log_target=True), not a second one of its precondition', () => {
  for (const reported of [undefined, -0.3]) {
    const all = runDiagnostics(logTargetCase(reported)).findings;
    const ids = all.map((f) => f.rule);
    assert.ok(!ids.includes('loss-below-minimum') && !ids.includes('target-not-a-distribution'), ids.join(', '));
    const f = all.find((x) => x.rule === 'kl-div-expects-log-probabilities');
    assert.ok(f, ids.join(', '));
    assert.equal(f.field, 'target');
    assert.deepEqual(f.edit, { path: ['loss', 'log_target'], value: true });
    // PyTorch 1.13: KLDivLoss(log_target=True)(log_softmax(Q), log_softmax(P)) = 0.25059785966017567; without it NaN
    assert.equal(f.message, 'With log_target=False KLDivLoss expects the target as probabilities in [0, 1], but every target value is ≤ 0 (range [-2.04, -0.341]) and exp of each row sums to 1 (median 1): these are log-probabilities. t·log t is NaN for t < 0, so the loss (NaN) is meaningless; with log_target=True it would be 0.251.');
    assert.ok(Math.abs((f.evidence.lossWithFix as number) - 0.25059785966017567) < 1e-6);
  }
});

// ---- (N, C) edges: one-hot inputs (min exactly 0, max exactly 1), logits so large exp(lse)
// overflows, a 1-element input (no distribution dimension), reduction 'none' on the target finding,
// an input normalised along the wrong axis (normalized-along-wrong-axis')
const T2 = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]];
/** KLDivLoss 'mean' on nested rows */
const klRows = (x: number[][], t: number[][]): number => x.reduce((a, r, i) => a + r.reduce((b, v, k) => b + t[i][k] * (Math.log(t[i][k]) - v), 0), 0) / (x.length * x[0].length);
const HEAD = 'KLDivLoss expects its input as log-probabilities (all ≤ 0, exp of each row sums to 1), but';
const kl = (input: number[][] | number[], target: number[][] | number[], extra: Record<string, unknown> = {}): LossCase =>
  mkCase({ loss: { type: 'KLDivLoss', ...extra }, input, target, inputDtype: 'float64', targetDtype: 'float64' });

ruleTable(klDivExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: 'one-hot rows as the input ([0, 1] exactly): probabilities, log(max(v, 1e-12)) as the fix',
      case: kl([[1, 0, 0], [0, 1, 0]], T2),
      expect: (f) => {
        const x = [[1, 0, 0], [0, 1, 0]];
        const loss = klRows(x, T2), fixed = klRows(x.map((r) => r.map((v) => Math.log(Math.max(v, 1e-12)))), T2);
        assert.equal(f.message, `${HEAD} its values lie in [0, 1] and 100% of the rows along dim 1 sum to 1: these are probabilities (softmax without the log). The loss (${fmt(loss)}) is then not a KL divergence and its gradient pulls the wrong way; with log(input) it would be ${fmt(fixed)}.`);
        assert.deepEqual([f.evidence.looksLike, f.evidence.positiveValues, f.evidence.positiveShare, f.evidence.lossWithFix], ['probabilities', 2, r6(2 / 6), r6(fixed)]);
      },
    },
    {
      name: 'one-hot rows as a log_target=True target (exactly 0 and 1): probabilities',
      case: kl(LOGQ, [[1, 0, 0], [0, 1, 0]], { log_target: true }),
      expect: (f) => assert.ok(f.message.startsWith('With log_target=True KLDivLoss expects the target as log-probabilities (≤ 0), but the target lies in [0, 1] and its rows along dim 1 sum to 1 (median 1): these are probabilities. '), f.message),
    },
    {
      name: 'logits with one entry exactly at positiveTolerance (0.001): not counted as positive',
      case: kl([[-1, -2, 0.001], [0.5, -1, -3]], T2),
      expect: (f) => assert.ok(f.message.startsWith(`${HEAD} 1 of 6 values are > 0 (max 0.5), which no log-probability can be: this looks like raw logits`), f.message),
    },
    {
      name: 'logits around 800: exp of the row logsumexp overflows, so no median exp row sum',
      case: kl([[800, 801, 799], [802, 800, 800]], T2),
      expect: (f) => {
        assert.deepEqual([f.evidence.looksLike, f.evidence.medianRowSum, f.evidence.medianExpRowSum, f.evidence.fixApplied], ['logits', 2401, null, 'log_softmax(input, dim=1)']);
      },
    },
    {
      name: 'a 1-element input [2] (no dimension of size ≥ 2): no rows, no fix to apply, the loss alone',
      case: kl([2], [1]),
      expect: (f) => {
        // KL 'mean' of one term: 1·(log 1 − 2) = −2
        assert.equal(f.message, `${HEAD} 1 of 1 values are > 0 (max 2), which no log-probability can be: this looks like raw logits (no log_softmax). The loss (-2) is then not a KL divergence and its gradient pulls the wrong way.`);
        assert.deepEqual(
          [f.evidence.dim, f.evidence.numClasses, f.evidence.rowsChecked, f.evidence.rowsSummingToOne, f.evidence.medianRowSum, f.evidence.medianExpRowSum, f.evidence.lossWithFix, f.evidence.fixApplied],
          [null, null, 0, 0, null, null, null, '']);
      },
    },
    {
      name: "log-probabilities as a log_target=False target with reduction='none': no loss, no fixed loss",
      case: kl(LOGQ, LOGP, { reduction: 'none' }),
      expect: (f) => {
        assert.ok(f.message.endsWith('): these are log-probabilities. t·log t is NaN for t < 0, so the loss is meaningless.'), f.message);
        assert.deepEqual([f.evidence.loss, f.evidence.lossWithFix], [null, null]);
      },
    },
  ],
  silent: [
    { name: 'a log-probability target with a NaN, log_target=False (non-finite-values\'s)', case: kl(LOGQ, [[NaN, -1, -2], [-0.5, -1.5, -2.5]]) },
    { name: 'log_target=True, a target in [−0.2, 0.7] whose rows sum to 1: a negative entry, not probabilities', case: kl(LOGQ, [[0.7, -0.2, 0.5], [0.2, 0.3, 0.5]], { log_target: true }) },
    {
      name: 'log_target=True, 9 of 10 rows probabilities and one [1.5, 0, 0] (max above 1): not probabilities',
      case: () => kl(Array.from({ length: 10 }, () => LOGQ[0]), [...Array.from({ length: 9 }, () => [0.2, 0.3, 0.5]), [1.5, 0, 0]], { log_target: true }),
    },
    {
      name: 'the input a softmax along dim 0 (columns), the target rows along dim 1: normalized-along-wrong-axis reports it',
      case: () => {
        const z = [[1, 2, 0.5], [0.3, 0.1, 2]];
        const col = [0, 1, 2].map((k) => Math.exp(z[0][k]) + Math.exp(z[1][k]));
        return kl(z.map((r) => r.map((v, k) => Math.exp(v) / col[k])), T2);
      },
    },
  ],
});
