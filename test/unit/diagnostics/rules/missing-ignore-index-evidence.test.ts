/**
 * missing-ignore-index's "loss without the padding" when the labels are already masked with -100:
 * ignore_index = pad would leave the -100 labels out of range (PyTorch raises), so there is no such
 * loss to quote — not one re-reduced from the per-position losses as if -100 were ignored twice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, mkCase } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { prepareCase, runRule } from '../../../../src/diagnostics/run';
import { tensor } from '../../../../src/engine/tensor';
import { missingIgnoreIndex } from '../../../../src/diagnostics/rules/missing-ignore-index';

test('masked labels (-100) with pad runs: the loss with padding, none without', () => {
  const t = [3, 4, 0, 0, -100, 5, 6, 0, 0, -100];
  const x = Float64Array.from({ length: t.length * 12 }, (_, i) => Math.cos(0.3 * i));
  const c = mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [t.length, 12], 'float64'), target: tensor(Float64Array.from(t), [t.length], 'int64'), meta: { pad_token_id: 0 } });
  const [f] = check(missingIgnoreIndex, c);
  assert.ok(f, 'fires');
  assert.equal(f.evidence.lossWithPadding, computeLoss(c.loss, c.input, c.target).value.data[0]);
  assert.equal(f.evidence.lossWithoutPadding, null);
  assert.doesNotMatch(f.message, /The loss is/);
});

test('float32 recomputation: the loss without padding is computeLoss in float32 with ignore_index = pad', () => {
  const rows = [[5, 7, 3, 0, 0, 0], [2, 9, 4, 8, 0, 0], [1, 6, 0, 0, 0, 0], [3, 4, 5, 6, 7, 0]];
  const x = Float64Array.from({ length: 4 * 12 * 6 }, (_, i) => 3 * Math.sin(0.37 * i + 0.1));
  const c = mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [4, 12, 6], 'float32'), target: tensor(Float64Array.from(rows.flat()), [4, 6], 'int64') });
  const [f] = runRule(missingIgnoreIndex, prepareCase(c, 'float32'));
  assert.ok(f, 'fires');
  const want = computeLoss(makeSpec('CrossEntropyLoss', { ignore_index: 0 }), c.input, c.target, { dtype: 'float32' }).value.data[0];
  assert.equal(f.evidence.lossWithoutPadding, want);
});
