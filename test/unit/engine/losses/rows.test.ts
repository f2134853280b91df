/**
 * computeLoss(…, { rows: true }): CrossEntropyLoss in float64 mode also returns the per-position
 * losses before the reduction, equal to its reduction='none' output (0 at ignored positions), with
 * and without the gradient, for index and probability targets, weights and label smoothing. Not
 * asked, or in float32 mode, there are none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import { ints, rng, spec, t, uniform } from './helpers';

const r = rng(21);
const N = 6, C = 4;
const x = t(uniform(r, N * C, -3, 3), [N, C]);
const y = ints(r, N, C);
y[2] = -100;
const yi = t(y, [N], 'int64');
const probs = t(Array.from({ length: N * C }, (_, i) => ((i * 7) % 5) / 10), [N, C]);

const variants = [
  { name: 'index', target: yi, args: {} },
  { name: 'index, smoothing 0.1', target: yi, args: { label_smoothing: 0.1 } },
  { name: 'index, weight and smoothing 0.2', target: yi, args: { label_smoothing: 0.2, weight: t([1, 2, 0.5, 3], [C]) } },
  { name: 'index, weight', target: yi, args: { weight: t([1, 2, 0.5, 3], [C]) } },
  { name: 'probabilities', target: probs, args: {} },
  { name: 'probabilities, smoothing 0.1', target: probs, args: { label_smoothing: 0.1 } },
];

test('rows: the per-position losses of reduction=\'none\', beside a mean or sum loss (float64)', () => {
  for (const v of variants) {
    const none = computeLoss(spec('CrossEntropyLoss', { ...v.args, reduction: 'none' }), x, v.target);
    assert.equal(none.value.data.length, N);
    for (const reduction of ['mean', 'sum'] as const) {
      for (const grad of [true, false]) {
        const s = spec('CrossEntropyLoss', { ...v.args, reduction });
        const withRows = computeLoss(s, x, v.target, { rows: true, grad });
        assert.ok(withRows.rows, `${v.name} ${reduction} grad=${grad}: rows`);
        assert.deepEqual(Array.from(withRows.rows), Array.from(none.value.data), `${v.name} ${reduction} grad=${grad}`);
        const plain = computeLoss(s, x, v.target, { grad });
        assert.equal(plain.rows, undefined, `${v.name}: no rows unless asked`);
        assert.equal(plain.value.data[0], withRows.value.data[0], `${v.name}: the same loss`);
        assert.deepEqual(Array.from(plain.grad), Array.from(withRows.grad));
      }
    }
    if (v.target === yi) assert.equal(none.value.data[2], 0, `${v.name}: an ignored position`);
  }
});

test('rows: none in float32 mode (the kernel and the general path)', () => {
  for (const v of variants) {
    const s = spec('CrossEntropyLoss', { ...v.args, reduction: 'mean' });
    assert.equal(computeLoss(s, x, v.target, { rows: true, dtype: 'float32' }).rows, undefined, v.name);
  }
  // (N, C, d) logits stay on the general path in float32 mode
  const x3 = t(uniform(r, 2 * C * 3, -2, 2), [2, C, 3]);
  const y3 = t(ints(r, 6, C), [2, 3], 'int64');
  const s = spec('CrossEntropyLoss');
  assert.equal(computeLoss(s, x3, y3, { rows: true, dtype: 'float32' }).rows, undefined);
  const rows = computeLoss(s, x3, y3, { rows: true }).rows;
  assert.deepEqual(Array.from(rows ?? []), Array.from(computeLoss(spec('CrossEntropyLoss', { reduction: 'none' }), x3, y3).value.data));
});
