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

test('loss-divergence: a curve flat at its minimum before it climbs grows again after the last point of the flat stretch', () => {
  const v = Array.from({ length: 200 }, (_, i) => (i < 40 ? 3 - i / 20 : i < 100 ? 1 : 1 + (i - 100) / 25));
  const [f] = runCurveRules(mk(v)).filter((x) => x.rule === 'loss-divergence');
  assert.ok(f);
  assert.equal(f.evidence.minStep, 97);
  assert.match(f.message, /^'loss' grows again after step 97: its smoothed level rose from 1 to 4\.57 \(×4\.57\) by step 199/);
});
