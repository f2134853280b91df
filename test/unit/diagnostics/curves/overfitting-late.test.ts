/**
 * overfitting needs a trend, not the last evaluation or two: the later half of the evaluations after
 * the best must average at least best · (1 + minRise / 2). A validation loss flat at its best and
 * up only in its last two evaluations is silent just below that average and fires exactly on it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules } from '../../../../src/diagnostics/curves/index';

const steps = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const train = Array.from({ length: 30 }, (_, i) => 2 * Math.exp(-i / 8) + 0.1);
/** val: down to 1 at evaluation 10, flat at 1, then `last` at the last two evaluations (the late half is 8 × 1 and 2 × last). */
const run = (last: number): string[] => {
  const val = Array.from({ length: 30 }, (_, i) => (i < 10 ? 2 - i * 0.1 : i < 28 ? 1 : last));
  return runCurveRules([{ name: 'train_loss', steps: steps(30), values: train }, { name: 'val_loss', steps: steps(30), values: val }])
    .filter((f) => f.rule === 'overfitting').map((f) => f.severity);
};

test('overfitting: the late evaluations average exactly best · 1.05 (two at 1.25) fires; 1.24 (average 1.048) is one blip, silent', () => {
  assert.deepEqual(run(1.25), ['warning']);
  assert.deepEqual(run(1.24), []);
  assert.deepEqual(run(2), ['warning']);
});
