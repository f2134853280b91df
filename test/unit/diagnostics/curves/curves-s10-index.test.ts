/**
 * runCurveRules' order, session 10: findings come error → warning → info whatever the order of the
 * rules that made them — a rule that fails (an info finding naming the error) before a rule that
 * warns is listed after it. Here overfitting fails on a validation series whose name is not a
 * string (what a broken reader could hand over) while loss-spikes, run after it, warns.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';

const flat = (spikes: Record<number, number>): CurveSeries => ({ name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i), values: Array.from({ length: 2000 }, (_, i) => (1 + 0.02 * Math.sin(i * 1.7)) * (spikes[i] ?? 1)) });
const notAString = { toString: (): string => 'val_loss' } as unknown as string;

test('an info from a failing rule is listed after a later rule\'s warning, and after an error', () => {
  const val: CurveSeries = { name: notAString, steps: [0, 10, 20, 30, 40, 50], values: [2, 1.5, 1, 1.2, 1.4, 1.6] };
  const found = runCurveRules([flat({ 500: 4, 1000: 4, 1500: 4 }), val]);
  assert.deepEqual(found.map((f) => [f.rule, f.severity]), [['loss-spikes', 'warning'], ['overfitting', 'info']]);
  assert.match(found[1].message, /^internal error in this rule: /);
  assert.equal(found[1].fix, 'please report this with the log file');
  // with a NaN in the training loss too: the error first, then the warning, then the info
  const withNaN = flat({ 500: 4, 1000: 4, 1500: 4 });
  (withNaN.values as number[])[1900] = NaN;
  assert.deepEqual(runCurveRules([withNaN, val]).map((f) => [f.rule, f.severity]), [['non-finite-loss', 'error'], ['loss-spikes', 'warning'], ['overfitting', 'info']]);
});

test('a rule that throws something other than an Error: its text in the message; each rule that reads the series reports its own failure', () => {
  const values = new Proxy([3, 2, 1, 0.5, 0.4, 0.3], {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) throw `value ${key} unreadable`;
      return Reflect.get(target, key) as unknown;
    },
  });
  const found = runCurveRules([{ name: 'loss', steps: [0, 1, 2, 3, 4, 5], values }]);
  assert.deepEqual(found.map((f) => [f.rule, f.severity, f.message]), [
    ['non-finite-loss', 'info', 'internal error in this rule: value 0 unreadable'],
    ['loss-divergence', 'info', 'internal error in this rule: value 0 unreadable'],
    ['loss-plateau', 'info', 'internal error in this rule: value 0 unreadable'],
    ['loss-spikes', 'info', 'internal error in this rule: value 0 unreadable'],
  ]);
  assert.deepEqual(found.map((f) => [f.title, f.docs, f.evidence]), [
    ['Loss became NaN or infinite', 'docs/rules/non-finite-loss.md', {}],
    ['Loss diverges', 'docs/rules/loss-divergence.md', {}],
    ['Loss stuck on a plateau', 'docs/rules/loss-plateau.md', {}],
    ['Isolated loss spikes', 'docs/rules/loss-spikes.md', {}],
  ]);
});
