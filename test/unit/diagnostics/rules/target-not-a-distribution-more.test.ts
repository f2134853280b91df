/**
 * target-not-a-distribution: at most five first bad rows listed, integer KLDivLoss targets not
 * judged, and a negative cross-entropy (negative targets) quoted as below its minimum.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';

const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));

describe('target-not-a-distribution: more edges', () => {
  it('seven bad rows: firstBadRows lists the first five', () => {
    const t = Array.from({ length: 7 }, () => [0.5, 0.5, 0.5]);
    const x = Array.from({ length: 7 }, (_, i) => [i, 0, 1]);
    const [f] = check(targetNotADistribution, mkCase({ loss: 'CrossEntropyLoss', input: x, target: t, inputDtype: 'float64', targetDtype: 'float64' }));
    assert.deepEqual([f.evidence.badRows, f.evidence.firstBadRows], [7, [0, 1, 2, 3, 4]]);
  });
  it('an integer KLDivLoss target (rows summing to 2) is not judged', () => {
    const c = mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.7, -0.7], [-0.7, -0.7]], target: [[1, 1], [0, 2]], inputDtype: 'float64', targetDtype: 'int64' });
    assert.deepEqual(check(targetNotADistribution, c), []);
  });
  it('CrossEntropyLoss with targets [−1, 0, 0]: the loss log p₀ is negative — an error quoting it', () => {
    const X = [[1, 2, 0.5], [0.3, 0.1, 2]];
    const loss = X.reduce((a, r) => a + (r[0] - lse(r)), 0) / 2;
    const [f] = check(targetNotADistribution, mkCase({ loss: 'CrossEntropyLoss', input: X, target: [[-1, 0, 0], [-1, 0, 0]], inputDtype: 'float64', targetDtype: 'float64' }));
    assert.equal(f.severity, 'error');
    assert.ok(f.message.endsWith(`The cross-entropy with probability targets is at least the targets' entropy only for distributions: here the loss (${fmt(loss)}, negative) has no floor and its gradient (softmax·Σtarget − target) does not vanish at the right answer.`), f.message);
    assert.equal(f.evidence.belowMinimum, true);
  });
});
