/**
 * reported-loss-mismatch, more of the class-index path: micro-batch means with class weights (each
 * micro-batch divided by its own summed weights), the per-sample mean that gradient accumulation
 * over one sample per micro-batch reproduces too (two matches: the general fix), and a non-finite
 * recomputed loss (no split, no ratio). Reported values computed by hand from ℓ = lse(x) − x[y].
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';

const lse = (v: number[]): number => Math.log(v.reduce((a, x) => a + Math.exp(x), 0));

describe('reported-loss-mismatch: accumulation with class weights', () => {
  const X = [[3, 6, 1.5], [0.9, 0.3, 6], [6, -3, 0], [0, 3, 3], [1, 1, 1]];
  const y = [0, 1, 2, 1, -100];
  const w = [1, 3, 0.5];
  const ell = X.map((r, i) => (y[i] < 0 ? 0 : lse(r) - r[y[i]]));
  // PyTorch's weighted mean over a micro-batch of rows a..b: Σ w_y·ℓ / Σ w_y
  const micro = (a: number, b: number): number => {
    let s = 0, d = 0;
    for (let i = a; i < b; i++) { s += w[y[i]] * ell[i]; d += w[y[i]]; }
    return s / d;
  };
  it('the mean of two micro-batch means, each over its own summed weights', () => {
    const reported = (micro(0, 2) + micro(2, 4)) / 2;
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', weight: w }, input: X.slice(0, 4), target: y.slice(0, 4), inputDtype: 'float64' });
    c.meta = { reported_loss: reported };
    const [f] = check(reportedLossMismatch, c);
    assert.ok(f, 'fires');
    assert.deepEqual(f.evidence.matches, ['mean of the micro-batch means (gradient accumulation over 2 micro-batches of 2 samples)']);
    assert.ok(f.message.endsWith(` It is reproduced by: mean of the micro-batch means (gradient accumulation over 2 micro-batches of 2 samples) (${fmt(reported, 6)}).`), f.message);
    assert.ok(f.fix.split("\n").includes("n_total = sum((t != criterion.ignore_index).sum() for t in micro_targets)"), f.fix);
  });
  it('weighted sum / number of targets (not / summed weights; one of 5 targets ignored, so not / numel either)', () => {
    const reported = (w[y[0]] * ell[0] + w[y[1]] * ell[1] + w[y[2]] * ell[2] + w[y[3]] * ell[3]) / 4;
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', weight: w }, input: X, target: y, inputDtype: 'float64' });
    c.meta = { reported_loss: reported, gradient_accumulation_steps: 3 };
    const [f] = check(reportedLossMismatch, c);
    assert.deepEqual(f.evidence.matches, ['weighted sum / number of non-ignored targets (instead of / the sum of their weights)']);
    assert.deepEqual(f.fix.split('\n').slice(0, 2), ['# the loop divides the weighted sum by the number of targets; PyTorch divides by the sum of their weights', "loss = criterion(logits, target)   # reduction='mean'"]);
  });
});

describe('reported-loss-mismatch: per-sample means of (N, C, L) equal the mean of one-sample micro-batches', () => {
  it('both are named, and the general fix is given', () => {
    const X = [0, 1].map((n) => [0, 1, 2].map((c) => [0, 1, 2, 3].map((l) => Math.sin(7 * n + 3 * c + l) * 2)));
    const Y = [[0, 2, 1, 1], [2, 0, -100, -100]];
    const ell = (n: number, l: number): number => lse(X[n].map((row) => row[l])) - X[n][Y[n][l]][l];
    const reported = ((ell(0, 0) + ell(0, 1) + ell(0, 2) + ell(0, 3)) / 4 + (ell(1, 0) + ell(1, 1)) / 2) / 2;
    const c = mkCase({ loss: 'CrossEntropyLoss', input: X, target: Y, inputDtype: 'float64' });
    c.meta = { reported_loss: reported };
    const [f] = check(reportedLossMismatch, c);
    assert.deepEqual(f.evidence.matches, ["mean over each sample's positions, then over samples", 'mean of the micro-batch means (gradient accumulation over 2 micro-batches of 1 samples)']);
    assert.equal(f.fix.split('\n')[0], '# log exactly the value you backpropagate, and dump the same criterion, logits and target');
    assert.equal(f.edit, undefined);
  });
});

describe('reported-loss-mismatch: a non-finite recomputed loss', () => {
  it('an infinite scalar MSE: nothing to divide or split, the ratio 0 gives no note', () => {
    const c = mkCase({ loss: 'MSELoss', input: Infinity, target: 0, inputDtype: 'float64', targetDtype: 'float64' });
    c.meta = { reported_loss: 1.5 };
    const [f] = check(reportedLossMismatch, c);
    assert.ok(f, 'fires');
    assert.equal(f.evidence.recomputed, Infinity);
    assert.equal(f.evidence.ratio, 0);
    // no relative difference (NaN) and no "None of the 0 usual variants": nothing finite to compare
    assert.equal(f.message, 'meta.reported_loss is 1.5 but the MSELoss recomputed from this case is Infinity: the printed value did not come from this criterion on these tensors.');
  });
});
