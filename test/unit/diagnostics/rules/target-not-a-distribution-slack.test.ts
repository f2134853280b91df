/**
 * target-not-a-distribution: a row sum exactly at the slack is still a distribution (the slack is
 * inclusive). Float16 probability targets over K = 500 classes: the slack is 500 · 1e-3 = 0.5
 * exactly (dyadic values, not hand-rounded: no rounding term), and sums of dyadic values are exact,
 * so a row can sum to exactly 1.5 or 0.5 — both within — while 1.5 + 2^-9 is not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkCase, ruleTable } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';

const K = 500, u = 2 ** -9;
/** row 0: 499 values u and one x (sum 499u + x); row 1: 256 values u, the rest 0 (sum 0.5); row 2: one 1 */
function targets(x: number): Float64Array {
  const d = new Float64Array(3 * K);
  for (let k = 0; k < K; k++) d[k] = u;
  d[0] = x;
  for (let k = 0; k < 256; k++) d[K + k] = u;
  d[2 * K + 7] = 1;
  return d;
}
const atSlack = 1.5 - 499 * u; // row 0 sums to 1.5
const ce = (x: number) => mkCase({
  loss: 'CrossEntropyLoss',
  input: tensor(new Float64Array(3 * K), [3, K], 'float16'),
  target: tensor(targets(x), [3, K], 'float16'),
});

ruleTable(targetNotADistribution, {
  severity: 'warning',
  fires: [
    {
      name: 'row 0 summing to 1.5 + 2^-9: beyond the slack 0.5, 1 of 3 rows',
      case: () => ce(atSlack + u),
      expect: (f) => {
        assert.deepEqual([f.evidence.badRows, f.evidence.rowsChecked, f.evidence.slack, f.evidence.firstBadRows, f.evidence.rowSumMin, f.evidence.rowSumMax], [1, 3, 0.5, [0], 0.5, 1.50195]);
      },
    },
  ],
  silent: [{ name: 'rows summing to exactly 1.5, 0.5 and 1: |sum − 1| equals the slack 0.5 at most', case: () => ce(atSlack) }],
});

test('the arithmetic the cases rely on: a slack of exactly 0.5, row sums of exactly 1.5 and 0.5', () => {
  assert.equal(K * 1e-3, 0.5);
  const d = targets(atSlack);
  assert.equal(d.subarray(0, K).reduce((a, v) => a + v, 0), 1.5);
  assert.equal(d.subarray(K, 2 * K).reduce((a, v) => a + v, 0), 0.5);
});
