/**
 * suspect-labels lists the most suspicious first: the lowest probability of the given label, then,
 * on a tie, the most confident prediction, then the sample index. Ties are built exactly with
 * labels whose probability underflows to 0 (a logit 800 above theirs: e^-800 is 0 in float64).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { suspectLabels } from '../../../../src/diagnostics/rules/suspect-labels';

describe('suspect-labels: order of the suspects', () => {
  it('equal p(label) = 0: the more confident prediction first (p = 1 before 1/(1 + e^-10) = 0.99995)', () => {
    // rows 1 and 4 are suspects with p(label) = 0; row 1's top class has p = 1/(1 + e^-10), row 4's p = 1
    const x = Array.from({ length: 10 }, (_, i) => (i === 1 ? [800, 790, 0] : i === 4 ? [800, 0, 0] : [6, 0, 0]));
    const y = Array.from({ length: 10 }, (_, i) => (i === 1 || i === 4 ? 2 : 0));
    const [f] = check(suspectLabels, mkCase({ loss: 'CrossEntropyLoss', input: x, target: y, inputDtype: 'float64' }));
    assert.ok(f, 'fires');
    assert.deepEqual(f.evidence.indices, [4, 1]);
    assert.deepEqual(f.evidence.pTarget, [0, 0]);
    assert.deepEqual(f.evidence.pPredicted, [1, Number((1 / (1 + Math.exp(-10))).toPrecision(4))]);
    // 0.99995 shows as 1 with three digits
    assert.ok(f.message.includes(': #4 labelled 2 (p=0) but predicted 0 (p=1); #1 labelled 2 (p=0) but predicted 0 (p=1).'), f.message);
  });
  it('equal p(label) and p(prediction): by index', () => {
    const x = Array.from({ length: 10 }, (_, i) => (i === 2 || i === 7 ? [800, 0, 0] : [6, 0, 0]));
    const y = Array.from({ length: 10 }, (_, i) => (i === 2 || i === 7 ? 1 : 0));
    const [f] = check(suspectLabels, mkCase({ loss: 'CrossEntropyLoss', input: x, target: y, inputDtype: 'float64' }));
    assert.deepEqual(f.evidence.indices, [2, 7]);
  });
});
