import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bceKernelApplies, bceWithLogitsKernel, bceWithLogitsLossResult, ceKernelApplies, crossEntropyKernel, crossEntropyLossResult } from '../../../../src/engine/losses/route';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { tensor } from '../../../../src/engine/tensor';
import { Rng } from '../../../../src/engine/data/rng';

const F32 = { dtype: 'float32' as const };

test('ceKernelApplies: float32 (N, C) with class indices only', () => {
  const x = tensor(new Float32Array(12), [3, 4], 'float32');
  const t = tensor([0, 1, 3], [3], 'int64');
  const ce = makeSpec('CrossEntropyLoss');
  assert.equal(ceKernelApplies(ce, x, t, F32), true);
  assert.equal(ceKernelApplies(ce, x, t), false); // float64 mode stays on computeLoss
  assert.equal(ceKernelApplies(makeSpec('NLLLoss'), x, t, F32), false);
  assert.equal(ceKernelApplies(makeSpec('CrossEntropyLoss', { smoothing_mode: 'others', label_smoothing: 0.1 }), x, t, F32), false);
  assert.equal(ceKernelApplies(ce, x, tensor(new Float32Array(12), [3, 4], 'float32'), F32), false); // probability targets
  assert.equal(ceKernelApplies(ce, tensor(new Float32Array(24), [3, 4, 2], 'float32'), tensor(new Float64Array(6), [3, 2], 'int64'), F32), false);
  assert.equal(ceKernelApplies(makeSpec('CrossEntropyLoss', { weight: tensor([1, 2, 3]) }), x, t, F32), false);
  assert.equal(ceKernelApplies(makeSpec('CrossEntropyLoss', { weight: tensor([1, 2, 3, 4]) }), x, t, F32), true);
});

test('crossEntropyKernel agrees with computeLoss (the reference) in float32 mode', () => {
  const rng = new Rng(9);
  for (const [N, C] of [[6, 5], [4, 301]] as const) {
    const x = new Float32Array(N * C).map(() => rng.normal() * 3);
    const tgt = Array.from({ length: N }, (_, i) => (i === 2 ? -100 : rng.int(C)));
    const w = Array.from({ length: C }, () => 0.2 + rng.uniform());
    for (const args of [{}, { label_smoothing: 0.1 }, { weight: tensor(w) }, { weight: tensor(w), label_smoothing: 0.2, reduction: 'sum' as const }, { reduction: 'none' as const }]) {
      const spec = makeSpec('CrossEntropyLoss', args);
      const input = tensor(x, [N, C], 'float32');
      const target = tensor(tgt, [N], 'int64');
      assert.ok(ceKernelApplies(spec, input, target, F32));
      const ref = computeLoss(spec, input, target, F32);
      const got = crossEntropyKernel(spec, input, target);
      const values = spec.reduction === 'none' ? [...got.rowLoss] : [got.loss];
      assert.equal(values.length, ref.value.data.length);
      values.forEach((v, i) => assert.ok(Math.abs(v - ref.value.data[i]) <= 2e-6 * Math.abs(ref.value.data[i]) + 1e-7, `${JSON.stringify(args)}: ${v} vs ${ref.value.data[i]}`));
      for (let j = 0; j < N * C; j++) assert.ok(Math.abs(got.grad[j] - ref.grad[j]) <= 2e-6, `${JSON.stringify(args)} grad[${j}]`);
      // Float64Array storage gives the same result (rounded to float32 first)
      const got64 = crossEntropyKernel(spec, tensor(Float64Array.from(x), [N, C], 'float32'), target);
      assert.deepEqual([...got64.grad], [...got.grad]);
    }
  }
});

test('bceKernelApplies / bceWithLogitsKernel agree with computeLoss in float32 mode', () => {
  const rng = new Rng(10);
  const shape = [16, 5];
  const n = 80;
  const z = new Float32Array(n).map(() => rng.normal() * 2);
  const y = new Float32Array(n).map(() => (rng.uniform() < 0.2 ? 1 : 0));
  const input = tensor(z, shape, 'float32');
  const target = tensor(y, shape, 'float32');
  const cases = [
    makeSpec('BCEWithLogitsLoss'),
    makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([1, 2, 3, 4, 5]) }),
    makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([3]), weight: tensor([0.5, 1, 1, 2, 1]), reduction: 'sum' }),
    makeSpec('BCEWithLogitsLoss', { weight: tensor(new Float64Array(n).fill(0.5), shape), reduction: 'none' }),
  ];
  for (const spec of cases) {
    assert.ok(bceKernelApplies(spec, input, target, F32));
    const ref = computeLoss(spec, input, target, F32);
    const got = bceWithLogitsKernel(spec, input, target);
    const values = spec.reduction === 'none' ? [...(got.values ?? [])] : [got.loss];
    values.forEach((v, i) => assert.ok(Math.abs(v - ref.value.data[i]) <= 1e-6 * Math.abs(ref.value.data[i]) + 1e-7));
    for (let j = 0; j < n; j++) assert.ok(Math.abs(got.grad[j] - ref.grad[j]) <= 1e-6 * Math.abs(ref.grad[j]) + 1e-9);
  }
  assert.equal(bceKernelApplies(makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([1, 2]) }), input, target, F32), false);
  assert.equal(bceKernelApplies(makeSpec('BCEWithLogitsLoss'), input, target), false);
  assert.equal(bceKernelApplies(makeSpec('BCELoss'), input, target, F32), false);
  assert.equal(bceKernelApplies(makeSpec('BCEWithLogitsLoss'), input, tensor(new Float32Array(16), [16], 'float32'), F32), false);
});

// computeLoss in float32 mode now runs these adapters, so they are checked against the engine's
// float64 path (the reference), within float32 tolerances.
test('the LossResult adapters have computeLoss\'s shapes and float32-close values', () => {
  const rng = new Rng(11);
  const N = 5, C = 9;
  const x = tensor(new Float32Array(N * C).map(() => rng.normal()), [N, C], 'float32');
  const t = tensor([1, 2, -100, 8, 0], [N], 'int64');
  for (const reduction of ['mean', 'none'] as const) {
    const spec = makeSpec('CrossEntropyLoss', { reduction, label_smoothing: 0.05 });
    const ref = computeLoss(spec, x, t);
    const got = crossEntropyLossResult(spec, x, t);
    assert.deepEqual(got.value.shape, ref.value.shape);
    assert.equal(got.value.dtype, 'float32');
    assert.ok(got.grad instanceof Float32Array);
    assert.equal(got.grad.length, ref.grad.length);
    got.value.data.forEach((v, i) => assert.ok(Math.abs(v - ref.value.data[i]) <= 1e-6 * Math.abs(ref.value.data[i]) + 1e-7));
    got.grad.forEach((g, i) => assert.ok(Math.abs(g - ref.grad[i]) <= 1e-6));
  }
  const z = tensor(new Float32Array(40).map(() => rng.normal()), [8, 5], 'float32');
  const y = tensor(new Float32Array(40).map(() => (rng.uniform() < 0.3 ? 1 : 0)), [8, 5], 'float32');
  for (const reduction of ['sum', 'none'] as const) {
    const spec = makeSpec('BCEWithLogitsLoss', { reduction, pos_weight: tensor([2]) });
    const ref = computeLoss(spec, z, y);
    const got = bceWithLogitsLossResult(spec, z, y);
    assert.deepEqual(got.value.shape, ref.value.shape);
    got.value.data.forEach((v, i) => assert.ok(Math.abs(v - ref.value.data[i]) <= 1e-6 * Math.abs(ref.value.data[i]) + 1e-6));
    got.grad.forEach((g, i) => assert.ok(Math.abs(g - ref.grad[i]) <= 1e-6));
  }
});

test('computeLoss in float32 mode takes the kernels after the engine\'s validation', () => {
  const x = tensor(new Float32Array(12).map((_, i) => Math.sin(i)), [3, 4], 'float32');
  const spec = makeSpec('CrossEntropyLoss', { weight: tensor([1, 2, 1, 0.5]) });
  assert.ok(computeLoss(spec, x, tensor([0, 3, 1], [3], 'int64'), F32).grad instanceof Float32Array);
  assert.throws(() => computeLoss(spec, x, tensor([0, 4, 1], [3], 'int64'), F32), /target\[1\] = 4 is out of range/);
  assert.throws(() => computeLoss(makeSpec('CrossEntropyLoss', { weight: tensor([1, 2]) }), x, tensor([0, 1, 1], [3], 'int64'), F32), /weight/);
  const z = tensor(new Float32Array(6).fill(0.5), [3, 2], 'float32');
  const y = tensor(new Float32Array(6).fill(1), [3, 2], 'float32');
  assert.ok(computeLoss(makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([2, 3]) }), z, y, F32).grad instanceof Float32Array);
  assert.throws(() => computeLoss(makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([2, 3, 4]) }), z, y, F32), /pos_weight/);
});
