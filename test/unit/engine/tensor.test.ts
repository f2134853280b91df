import assert from 'node:assert/strict';
import { test } from 'node:test';
import { numel, tensor, toNested } from '../../../src/engine/tensor';

test('toNested rebuilds C-order nesting', () => {
  assert.deepEqual(toNested([1, 2, 3, 4, 5, 6], [2, 3]), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(toNested([7], []), 7);
  assert.deepEqual(toNested([], [0, 3]), []);
});

test('tensor rejects data that disagrees with the shape', () => {
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /holds 4 values but data has 3/);
  assert.equal(numel([2, 0, 5]), 0);
});
