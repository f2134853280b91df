/**
 * computeLoss(…, { grad: false }): the same loss values, bit for bit, as with the gradient, for every
 * PyTorch reference case (float64 and float32 modes); the gradient comes back empty.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import { loadReferenceCases } from './fixtures';

test('grad: false gives the same loss values and an empty gradient on every reference case', () => {
  const cases = loadReferenceCases();
  let checked = 0;
  for (const c of cases) {
    let full;
    try {
      full = computeLoss(c.spec, c.input, c.target, { dtype: c.dtype });
    } catch {
      assert.throws(() => computeLoss(c.spec, c.input, c.target, { dtype: c.dtype, grad: false }), c.name);
      continue;
    }
    const lean = computeLoss(c.spec, c.input, c.target, { dtype: c.dtype, grad: false });
    assert.equal(lean.grad.length, 0, c.name);
    assert.deepEqual(lean.value.shape, full.value.shape, c.name);
    assert.deepEqual(Array.from(lean.value.data), Array.from(full.value.data), c.name);
    checked++;
  }
  assert.ok(checked > 300, `only ${checked} cases`);
});
