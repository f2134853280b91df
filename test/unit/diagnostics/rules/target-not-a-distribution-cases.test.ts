/**
 * target-not-a-distribution, the remaining edges: a one-value 1-D KLDivLoss target, the finding left
 * to kl-div-expects-log-probabilities when the target is log-probabilities under log_target=False
 * (but not when only the input is wrong), a KL loss of exactly 0 (a warning: not below the minimum),
 * and a −inf entry inside a log-target row.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';

const kl = (input: number[] | number[][], target: number[] | number[][], extra: Record<string, unknown> = {}): LossCase =>
  mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', ...extra }, input, target, inputDtype: 'float64', targetDtype: 'float64' });

describe('target-not-a-distribution: edges', () => {
  it('a 1-D KLDivLoss target of one value 0.5: one row of one class, not summing to 1', () => {
    const [f] = check(targetNotADistribution, kl([-0.2], [0.5]));
    assert.ok(f, 'fires');
    assert.deepEqual([f.evidence.axis, f.evidence.numClasses, f.evidence.rows, f.evidence.badRows], ['dim 0', 1, 1, 1]);
  });
  it('log-probabilities as a log_target=False target: left to kl-div-expects-log-probabilities', () => {
    const logp = [[Math.log(0.2), Math.log(0.8)], [Math.log(0.5), Math.log(0.5)]];
    assert.deepEqual(check(targetNotADistribution, kl(logp, logp)), []);
  });
  it('probabilities as the input (kl-div-expects reports the input) and a target summing to 2: still reported here', () => {
    const [f] = check(targetNotADistribution, kl([[0.2, 0.8], [0.5, 0.5]], [[1, 1], [1, 1]]));
    assert.ok(f, 'fires');
    assert.equal(f.evidence.badRows, 2);
  });
  it('a KL loss of exactly 0 (target = exp(input), rows summing to 0.5): a warning, not below the minimum', () => {
    const [f] = check(targetNotADistribution, kl([[Math.log(0.25), Math.log(0.25)]], [[0.25, 0.25]]));
    assert.ok(f, 'fires');
    assert.equal(f.evidence.loss, 0);
    assert.equal(f.evidence.belowMinimum, false);
    assert.equal(f.severity, 'warning');
  });
  it('a log target row with one −inf entry is judged (exp sums to 0.5), a row of NaN is not', () => {
    const [f] = check(targetNotADistribution, kl([[-0.7, -0.7], [-0.7, -0.7], [-0.7, -0.7]], [[Math.log(0.5), -Infinity], [NaN, 0], [Math.log(0.5), Math.log(0.5)]], { log_target: true }));
    assert.ok(f, 'fires');
    assert.deepEqual([f.evidence.rowsChecked, f.evidence.badRows, f.evidence.firstBadRows, f.evidence.zeroRows], [2, 1, [0], 0]);
  });
  it('an +Infinity target entry: the row is not judged', () => {
    const [f] = check(targetNotADistribution, mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2], [0, 1], [2, 0]], target: [[Infinity, 0], [0.5, 1], [0.5, 0.5]], inputDtype: 'float64', targetDtype: 'float64' }));
    assert.ok(f, 'fires');
    assert.deepEqual([f.evidence.rowsChecked, f.evidence.badRows, f.evidence.firstBadRows], [2, 1, [1]]);
  });
});
