/**
 * Caps that apply to some values only: a tensor that holds values may have a dimension above the
 * empty-tensor cap (only an empty tensor's claimed dimensions are capped); under a size cap for
 * meta values, numbers, true/false/null are always kept (only strings, arrays and objects longer than
 * the cap are skipped), even under a cap of 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseFromObject } from '../../../src/io';
import { JsonParser, SKIPPED } from '../../../src/io/json';
import { MAX_EMPTY_DIM } from '../../../src/io/limits';
import { errorMessage } from './error-message';

test('a tensor with values may have more than MAX_EMPTY_DIM of them in one dimension; an empty one may not claim that many', () => {
  const big = new Float32Array(MAX_EMPTY_DIM + 1);
  const c = caseFromObject({ loss: 'MSELoss', input: big, target: [0] });
  assert.deepEqual(c.input.shape, [MAX_EMPTY_DIM + 1]);
  const flat = caseFromObject({ loss: 'MSELoss', input: { shape: [1, MAX_EMPTY_DIM + 1], data: big }, target: [0] });
  assert.deepEqual(flat.input.shape, [1, MAX_EMPTY_DIM + 1]);
  assert.equal(errorMessage(() => caseFromObject({ loss: 'MSELoss', input: { shape: [0, MAX_EMPTY_DIM + 1], data: [] }, target: [0] })),
    `input: the tensor holds no values but claims a dimension of ${MAX_EMPTY_DIM + 1} (shape (0, ${MAX_EMPTY_DIM + 1})) (an empty tensor's other dimensions may be at most ${MAX_EMPTY_DIM}; dump at least one row, or fix the shape)`);
  assert.deepEqual(caseFromObject({ loss: 'MSELoss', input: { shape: [0, MAX_EMPTY_DIM], data: [] }, target: [0] }).input.shape, [0, MAX_EMPTY_DIM]);
});

const capped = (s: string, cap: number): unknown => new JsonParser(s, 'c.json').parseDocument({ maxValueBytesAt: (p) => (p === 'meta.v' ? cap : undefined) }).value;

test('a meta value cap never skips a number, true, false or null, even a cap of 0; strings, arrays and objects over it are skipped', () => {
  const scalars: Array<[string, unknown]> = [['5', 5], ['-12.5e3', -12500], ['123456789012345678901234567890', 1.2345678901234568e29], ['true', true],
    ['false', false], ['null', null], ['NaN', NaN], ['-Infinity', -Infinity]];
  for (const [v, want] of scalars) {
    for (const cap of [0, 1, 2]) {
      const got = capped(`{"meta": {"v": ${v}}}`, cap) as { meta: { v: unknown } };
      assert.ok(Object.is(got.meta.v, want), `${v} under cap ${cap}`);
    }
  }
  for (const v of ['"a"', '[]', '{}', '[1]', '{"k": 1}']) {
    assert.equal((capped(`{"meta": {"v": ${v}}}`, 0) as { meta: { v: unknown } }).meta.v, SKIPPED, v);
    assert.deepEqual((capped(`{"meta": {"v": ${v}}}`, v.length) as { meta: { v: unknown } }).meta.v, JSON.parse(v), v);
    assert.equal((capped(`{"meta": {"v": ${v}}}`, v.length - 1) as { meta: { v: unknown } }).meta.v, SKIPPED, v);
  }
});
