/**
 * normalized-along-wrong-axis: the probability test's row-sum slack is inclusive. A float16
 * CrossEntropyLoss input of shape (500, 2) softmaxed over the batch: along dim 0 each row has K = 500
 * values, so the slack is 500 · 1e-3 = 0.5 exactly (the values are dyadic, not hand-rounded: no
 * rounding term), and a column summing to exactly 1.5 (|1.5 − 1| = 0.5, every partial sum exact) still
 * counts as normalised; one 2^-9 more and it does not. The class axis (rows of two 2^-9-sized values)
 * is no distribution either way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkCase, ruleTable } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { normalizedAlongWrongAxis } from '../../../../src/diagnostics/rules/normalized-along-wrong-axis';

const N = 500, u = 2 ** -9;
/** column 0: 499 values u and one x (column sum 499u + x); column 1: 500 values u (sum 0.9765625) */
function overBatch(x: number): Float64Array {
  const d = new Float64Array(N * 2).fill(u);
  d[0] = x;
  return d;
}
const atSlack = 1.5 - 499 * u; // 0.525390625: column 0 sums to 1.5
const y = Array.from({ length: N }, (_, i) => i % 2);
const ceCase = (x: number) => mkCase({ loss: 'CrossEntropyLoss', input: tensor(overBatch(x), [N, 2], 'float16'), target: y });

ruleTable(normalizedAlongWrongAxis, {
  severity: 'warning',
  fires: [
    {
      name: 'float16 (500, 2), column sums 1.5 and 0.977: |1.5 − 1| equals the slack 0.5, probabilities along dim 0',
      case: () => ceCase(atSlack),
      expect: (f) => {
        assert.deepEqual([f.evidence.normalisedDim, f.evidence.classDim, f.evidence.kind, f.evidence.rows], [0, 1, 'probabilities', 2]);
      },
    },
  ],
  silent: [
    { name: 'the same with column 0 summing to 1.5 + 2^-9: beyond the slack', case: () => ceCase(atSlack + u) },
  ],
});

test('the arithmetic the cases rely on: a slack of exactly 0.5, a column sum of exactly 1.5', () => {
  assert.equal(N * 1e-3, 0.5);
  assert.equal(overBatch(atSlack).filter((_, i) => i % 2 === 0).reduce((a, v) => a + v, 0), 1.5);
});
