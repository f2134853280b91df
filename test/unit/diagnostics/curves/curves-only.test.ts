/**
 * The curve-only rules as entries of the case registry (src/diagnostics/curves/curve-only.ts): the
 * same id, severity, title and defaults as the curve rules, and nothing found on a loss case.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CURVE_ONLY_RULES } from '../../../../src/diagnostics/curves/curve-only';
import { lossSpikes } from '../../../../src/diagnostics/curves/loss-spikes';
import { nonFiniteLoss } from '../../../../src/diagnostics/curves/non-finite-loss';
import { overfitting } from '../../../../src/diagnostics/curves/overfitting';

test('non-finite-loss, overfitting, loss-spikes: their id, severity, title and defaults; check() finds nothing', () => {
  assert.deepEqual(CURVE_ONLY_RULES.map((r) => [r.id, r.severity, r.title, r.defaults]), [
    ['non-finite-loss', 'error', 'Loss became NaN or infinite', {}],
    ['overfitting', 'warning', 'Validation loss rising while training loss falls', { minPoints: 5, minAfter: 3, minRise: 0.1, minNoiseUnits: 3, minTrainDrop: 0.02 }],
    ['loss-spikes', 'warning', 'Isolated loss spikes', { zThreshold: 6, minRatio: 2, maxWidth: 3, maxShare: 0.002, minPoints: 50, severeRatio: 10, warnCount: 3 }],
  ]);
  for (const [r, c] of CURVE_ONLY_RULES.map((x, i) => [x, [nonFiniteLoss, overfitting, lossSpikes][i]] as const)) {
    assert.equal(r.defaults, c.defaults, `${r.id}: the curve rule's own defaults`);
    assert.deepEqual(r.check({} as never), []);
    assert.deepEqual(Object.keys(r).sort(), ['check', 'defaults', 'id', 'severity', 'title']);
  }
});
