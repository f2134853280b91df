/**
 * weighted-probability-targets: which rows count as one-hot (exactly one 1 and C − 1 zeros), and the
 * direction word at s = 1 exactly (with maxScale 1).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { weightedProbabilityTargets } from '../../../../src/diagnostics/rules/weighted-probability-targets';

const X = [[1, 2, 0.5], [0.3, 0.1, 2], [2, -1, 0]];
describe('weighted-probability-targets: one-hot rows and s = 1', () => {
  it('[0, 1, 0] is one-hot; [0.5, 0, 0] (no 1) and [0, 1, 0.5] (a 0.5 beside the 1) are not', () => {
    // Σ w·t with w = [1, 4, 1]: 4 + 0.5 + 4.5 = 9 over 3 rows: s = 3
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, 4, 1] }, input: X, target: [[0, 1, 0], [0.5, 0, 0], [0, 1, 0.5]], inputDtype: 'float64', targetDtype: 'float64' });
    const [f] = check(weightedProbabilityTargets, c);
    assert.deepEqual([f.evidence.oneHotRows, f.evidence.meanWeightPerRow], [1, 3]);
  });
  it('s exactly 1 with maxScale 1: "1× larger"', () => {
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, 1, 1] }, input: X, target: [[0, 1, 0], [1, 0, 0], [0, 0, 1]], inputDtype: 'float64', targetDtype: 'float64' });
    const [f] = check(weightedProbabilityTargets, c, { maxScale: 1 });
    assert.ok(f.message.includes('The loss and its gradient are 1× larger than'), f.message);
  });
});
