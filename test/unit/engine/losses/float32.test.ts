/** float32 mode: inputs rounded to float32, results rounded to float32, close to float64. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import type { LossSpec } from '../../../../src/engine/losses/spec';
import { tensor, type Tensor } from '../../../../src/engine/tensor';
import { ints, rng, softmaxRows, spec, t, uniform } from './helpers';

function cases(): [string, LossSpec, Tensor, Tensor][] {
  const r = rng(7);
  const x = uniform(r, 24, -4, 4);
  const y = uniform(r, 24, -4, 4);
  const p = uniform(r, 24, 0.01, 0.99);
  const b = uniform(r, 24, 0, 1).map(Math.round);
  const logp = softmaxRows(x, 4, 6).map(Math.log);
  const q = softmaxRows(y, 4, 6);
  const w6 = t([0.5, 1, 2, 1.5, 0.7, 1.1], [6]);
  const out: [string, LossSpec, Tensor, Tensor][] = [];
  for (const reduction of ['none', 'mean', 'sum'] as const) {
    out.push(
      ['mse', spec('MSELoss', { reduction }), t(x, [4, 6]), t(y, [4, 6])],
      ['l1', spec('L1Loss', { reduction }), t(x, [4, 6]), t(y, [4, 6])],
      ['huber', spec('HuberLoss', { reduction, delta: 0.3 }), t(x, [4, 6]), t(y, [4, 6])],
      ['smoothl1', spec('SmoothL1Loss', { reduction, beta: 0.3 }), t(x, [4, 6]), t(y, [4, 6])],
      ['bce', spec('BCELoss', { reduction, weight: w6 }), t(p, [4, 6]), t(b, [4, 6])],
      ['bcel', spec('BCEWithLogitsLoss', { reduction, pos_weight: w6 }), t(x, [4, 6]), t(b, [4, 6])],
      ['ce', spec('CrossEntropyLoss', { reduction, weight: w6, label_smoothing: 0.1, ignore_index: 2 }), t(x, [4, 6]), t(ints(r, 4, 6), [4], 'int64')],
      ['ce-prob', spec('CrossEntropyLoss', { reduction }), t(x, [4, 6]), t(q, [4, 6])],
      ['nll', spec('NLLLoss', { reduction, weight: w6 }), t(logp, [4, 6]), t(ints(r, 4, 6), [4], 'int64')],
      ['kl', spec('KLDivLoss', { reduction }), t(logp, [4, 6]), t(q, [4, 6])],
    );
  }
  return out;
}

test('float32 results are float32 values within float32 tolerance of float64', () => {
  for (const [name, s, input, target] of cases()) {
    const r64 = computeLoss(s, input, target);
    const r32 = computeLoss(s, input, target, { dtype: 'float32' });
    assert.equal(r32.value.dtype, 'float32');
    assert.deepEqual(r32.value.shape, r64.value.shape);
    const check = (a: ArrayLike<number>, e: ArrayLike<number>, what: string, scale: number): void => {
      for (let i = 0; i < e.length; i++) {
        assert.equal(Math.fround(a[i]), a[i], `${name}/${s.reduction} ${what}[${i}] is not a float32 value`);
        assert.ok(Math.abs(a[i] - e[i]) <= 1e-5 * (Math.abs(e[i]) + scale), `${name}/${s.reduction} ${what}[${i}]: ${a[i]} vs ${e[i]}`);
      }
    };
    const gscale = Math.max(...Array.from(r64.grad, Math.abs));
    check(r32.value.data, r64.value.data, 'loss', 1e-3);
    check(r32.grad, r64.grad, 'grad', gscale * 1e-2);
  }
});

test('float32 mode accepts Float32Array data without copying it and matches Float64Array input', () => {
  const r = rng(8);
  const x = Float32Array.from(uniform(r, 3 * 7, -3, 3));
  const target = t([1, 6, 0], [3], 'int64');
  const a = computeLoss(spec('CrossEntropyLoss'), tensor(x, [3, 7], 'float32'), target, { dtype: 'float32' });
  const b = computeLoss(spec('CrossEntropyLoss'), tensor(Float64Array.from(x), [3, 7]), target, { dtype: 'float32' });
  assert.deepEqual(Array.from(a.value.data), Array.from(b.value.data));
  assert.deepEqual(Array.from(a.grad), Array.from(b.grad));
  // and in float64 mode, Float32Array data is used as its exact values
  const c = computeLoss(spec('CrossEntropyLoss'), tensor(x, [3, 7], 'float32'), target);
  assert.equal(c.value.dtype, 'float64');
  assert.ok(Math.abs(c.value.data[0] - a.value.data[0]) < 1e-6);
});
