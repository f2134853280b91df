/**
 * loss-divergence stays silent on two curves that rise without diverging: a run whose loss jumps
 * only in its last 5 % (half of the last 10 % still at the minimum: not sustained), and a loss with
 * values ≤ 0 that rises from its first point (no descent before the minimum to compare the rise
 * with). And it fires once the jump covers the whole last stretch.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules } from '../../../../src/diagnostics/curves/index';

const mk = (values: number[]) => [{ name: 'loss', steps: values.map((_, i) => i), values }];
const rules = (values: number[]): string[] => runCurveRules(mk(values)).map((f) => f.rule);

test('loss-divergence: a jump in the last 5 % only (the rest of the last 10 % at the minimum) is not sustained; over the last 10 % it is', () => {
  const late = Array.from({ length: 200 }, (_, i) => (i < 60 ? 3 - i / 30 : i < 190 ? 1 : 10));
  assert.deepEqual(rules(late), []);
  const sustained = Array.from({ length: 200 }, (_, i) => (i < 60 ? 3 - i / 30 : i < 170 ? 1 : 10));
  assert.deepEqual(rules(sustained).filter((r) => r === 'loss-divergence'), ['loss-divergence']);
});

test('loss-divergence: values ≤ 0 rising from the first point (no descent before the minimum) are not called divergence', () => {
  assert.deepEqual(rules(Array.from({ length: 100 }, (_, i) => -5 + i * 0.04)), []);
});
