/**
 * missing-ignore-index's "loss without the padding" when the labels are already masked with -100:
 * ignore_index = pad would leave the -100 labels out of range (PyTorch raises), so there is no such
 * loss to quote — not one re-reduced from the per-position losses as if -100 were ignored twice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, mkCase } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
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
