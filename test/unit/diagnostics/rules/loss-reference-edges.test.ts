/**
 * lossReference (src/diagnostics/rules/loss-plateau.ts: the levels loss-plateau, initial-loss and the
 * curve rules compare a loss with) on batches that carry no prior: an empty binary target gives no
 * reference rather than 0/0 levels, and neither do all-zero probability targets (no mass to take a
 * prior from; a 0/0 prior would be NaN).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { CaseStats } from '../../../../src/diagnostics/stats';
import { lossReference } from '../../../../src/diagnostics/rules/loss-plateau';

test('an empty BCE target: no reference levels', () => {
  for (const type of ['BCEWithLogitsLoss', 'BCELoss'] as const) {
    const c = mkCase({ loss: type, input: tensor(new Float64Array(0), [0]), target: tensor(new Float64Array(0), [0]) });
    assert.equal(lossReference(c, new CaseStats(c)), undefined, type);
  }
});

test('all-zero probability targets: no prior mass, no reference levels (target-not-a-distribution reports them)', () => {
  for (const label_smoothing of [0, 0.1]) {
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing }, input: [[1, 2, 0], [0, 1, 2]], target: [[0, 0, 0], [0, 0, 0]], targetDtype: 'float32' });
    assert.equal(lossReference(c, new CaseStats(c)), undefined);
  }
});

test('probability targets: the prior is the mean target row, normalised', () => {
  // rows [1, 0, 0] and [0, 0.5, 0.5]: mean [0.5, 0.25, 0.25], entropy 1.5 ln 2
  const c = mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 0], [0, 1, 2]], target: [[1, 0, 0], [0, 0.5, 0.5]], targetDtype: 'float64' });
  const r = lossReference(c, new CaseStats(c));
  assert.ok(r);
  assert.ok(Math.abs(r.constant - 1.5 * Math.LN2) < 1e-15, String(r.constant));
});
