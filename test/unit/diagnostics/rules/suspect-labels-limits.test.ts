/**
 * suspect-labels' comparisons exactly at their limits, built from exact probabilities: a logit 800
 * above the others gives the top class p = 1 and the others p = e^-800 = 0 in float64. And NLLLoss
 * log-probabilities that lie in [0, 1e-6] (log of ~1/2 rounded up to 0) are still judged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { suspectLabels } from '../../../../src/diagnostics/rules/suspect-labels';

/** ten rows [800, 0, 0]: class 0 with p = 1; row 3 labelled 1 (p = 0), the others 0 (p = 1) */
const exact = () => mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 10 }, () => [800, 0, 0]), target: Array.from({ length: 10 }, (_, i) => (i === 3 ? 1 : 0)), inputDtype: 'float64' });

describe('suspect-labels: limits hit exactly', () => {
  it('p(label) = 0 with maxTargetProb 0: not below it, silent', () => {
    assert.deepEqual(check(suspectLabels, exact(), { maxTargetProb: 0 }), []);
  });
  it('p(predicted) = 1 with minConfidence 1: sure enough', () => {
    const [f] = check(suspectLabels, exact(), { minConfidence: 1 });
    assert.deepEqual([f.evidence.indices, f.evidence.pTarget, f.evidence.pPredicted], [[3], [0], [1]]);
  });
  it('median p(label) = 1 with minMedianTargetProb 1: the model is a judge', () => {
    const [f] = check(suspectLabels, exact(), { minMedianTargetProb: 1 });
    assert.equal(f.evidence.medianTargetProb, 1);
  });
  it('NLLLoss input within [0, 1e-6] (not probabilities for NLL): judged with loose thresholds', () => {
    // rows [1e-6, 0]: p(class 1) = 1/(1 + e^1e-6) = 0.49999975, p(class 0) = 0.50000025
    const c = mkCase({ loss: 'NLLLoss', input: Array.from({ length: 10 }, () => [1e-6, 0]), target: Array.from({ length: 10 }, (_, i) => (i === 3 ? 1 : 0)), inputDtype: 'float64' });
    const [f] = check(suspectLabels, c, { maxTargetProb: 0.6, minConfidence: 0.5, minMedianTargetProb: 0.1 });
    assert.ok(f, 'fires');
    assert.deepEqual(f.evidence.indices, [3]);
  });
});
