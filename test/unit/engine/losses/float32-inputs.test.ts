/**
 * float32 mode computes on the values PyTorch would hold in float32 tensors: the inputs, targets,
 * weights and scalar arguments are rounded to float32 first (torch.tensor(x, dtype=torch.float32)), so
 * a float32 result depends only on the rounded values — the same bits whether or not the caller
 * rounded them. Also the argument guards of CrossEntropyLoss (label_smoothing's range on both ends)
 * and the contract of `ceKernelApplies` for shapes the engine itself never hands it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import { ceKernelApplies } from '../../../../src/engine/losses/route';
import type { LossSpec } from '../../../../src/engine/losses/spec';
import type { Tensor } from '../../../../src/engine/tensor';
import { refused, rng, spec, t, uniform } from './helpers';

const F32 = { dtype: 'float32' as const };
const fr = (v: number[]): number[] => v.map((x) => Math.fround(x));

function bits(r: { value: { data: ArrayLike<number> }; grad: ArrayLike<number> }): string {
  return JSON.stringify([Array.from(r.value.data), Array.from(r.grad)]);
}

test('float32 mode: a value just off its float32 neighbour gives the neighbour\'s loss and gradient exactly', () => {
  // 0.1 is not a float32; torch.tensor(0.1, dtype=float32) == Math.fround(0.1), so the difference is 0
  const x = t([0.1, 0.7], [2]);
  const y = t(fr([0.1, 0.7]), [2]);
  for (const type of ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss'] as const) {
    const r = computeLoss(spec(type, { reduction: 'sum' }), x, y, F32);
    assert.equal(r.value.data[0], 0, `${type}: float32 loss`);
    assert.deepEqual(Array.from(r.grad), [0, 0], `${type}: float32 gradient`);
    const r64 = computeLoss(spec(type, { reduction: 'sum' }), x, y);
    assert.ok(r64.value.data[0] > 0, `${type}: float64 keeps the difference`);
  }
});

test('float32 mode: every loss gives the same bits for values and for their float32 roundings', () => {
  const r = rng(65);
  const n = 12;
  const x = uniform(r, n, -3, 3);
  const p = uniform(r, n, 0.02, 0.98);
  const y = uniform(r, n, -3, 3);
  const w = uniform(r, n, 0.3, 2);
  const logits = uniform(r, n, -4, 4); // (4, 3)
  const probs = uniform(r, n, 0.01, 1);
  const cls = [2, 0, 1, 1];
  const cases: Array<[string, LossSpec, LossSpec, Tensor, Tensor, Tensor, Tensor]> = [
    ['MSELoss', spec('MSELoss'), spec('MSELoss'), t(x, [n]), t(y, [n]), t(fr(x), [n]), t(fr(y), [n])],
    ['L1Loss', spec('L1Loss'), spec('L1Loss'), t(x, [n]), t(y, [n]), t(fr(x), [n]), t(fr(y), [n])],
    ['HuberLoss', spec('HuberLoss', { delta: 0.7 }), spec('HuberLoss', { delta: Math.fround(0.7) }), t(x, [n]), t(y, [n]), t(fr(x), [n]), t(fr(y), [n])],
    ['SmoothL1Loss', spec('SmoothL1Loss', { beta: 0.3 }), spec('SmoothL1Loss', { beta: Math.fround(0.3) }), t(x, [n]), t(y, [n]), t(fr(x), [n]), t(fr(y), [n])],
    ['BCELoss', spec('BCELoss', { weight: t(w, [n]) }), spec('BCELoss', { weight: t(fr(w), [n]) }), t(p, [n]), t(probs, [n]), t(fr(p), [n]), t(fr(probs), [n])],
    ['BCEWithLogitsLoss', spec('BCEWithLogitsLoss', { pos_weight: t(w.slice(0, 3), [3]) }), spec('BCEWithLogitsLoss', { pos_weight: t(fr(w.slice(0, 3)), [3]) }),
      t(x, [4, 3]), t(probs, [4, 3]), t(fr(x), [4, 3]), t(fr(probs), [4, 3])],
    ['KLDivLoss', spec('KLDivLoss', { reduction: 'batchmean' }), spec('KLDivLoss', { reduction: 'batchmean' }), t(x, [4, 3]), t(probs, [4, 3]), t(fr(x), [4, 3]), t(fr(probs), [4, 3])],
    ['NLLLoss', spec('NLLLoss', { weight: t(w.slice(0, 3), [3]) }), spec('NLLLoss', { weight: t(fr(w.slice(0, 3)), [3]) }), t(x, [4, 3]), t(cls, [4], 'int64'), t(fr(x), [4, 3]), t(cls, [4], 'int64')],
    ['CrossEntropyLoss (probability targets)', spec('CrossEntropyLoss', { label_smoothing: 0.1 }), spec('CrossEntropyLoss', { label_smoothing: Math.fround(0.1) }),
      t(logits, [4, 3]), t(probs, [4, 3]), t(fr(logits), [4, 3]), t(fr(probs), [4, 3])],
    ['CrossEntropyLoss (N, C, d)', spec('CrossEntropyLoss', { label_smoothing: 0.1, weight: t(w.slice(0, 3), [3]) }), spec('CrossEntropyLoss', { label_smoothing: Math.fround(0.1), weight: t(fr(w.slice(0, 3)), [3]) }),
      t(logits, [2, 3, 2]), t(cls, [2, 2], 'int64'), t(fr(logits), [2, 3, 2]), t(cls, [2, 2], 'int64')],
  ];
  for (const [name, s, sRounded, input, target, inputRounded, targetRounded] of cases) {
    for (const reduction of ['none', 'sum'] as const) {
      const a = computeLoss({ ...s, reduction: s.type === 'KLDivLoss' && reduction === 'sum' ? 'batchmean' : reduction }, input, target, F32);
      const b = computeLoss({ ...sRounded, reduction: s.type === 'KLDivLoss' && reduction === 'sum' ? 'batchmean' : reduction }, inputRounded, targetRounded, F32);
      assert.equal(bits(a), bits(b), `${name}, ${reduction}`);
    }
    // and float64 mode does not round: the unrounded values give another result
    const a64 = computeLoss(s, input, target);
    const b64 = computeLoss(sRounded, inputRounded, targetRounded);
    assert.notEqual(bits(a64), bits(b64), `${name}: float64 mode`);
  }
});

test('CrossEntropyLoss: label_smoothing 0 and 1 are accepted; just outside, and NaN, are refused (both dtypes)', () => {
  const x = t([0.5, -0.25, 1, 2, 0, -1], [2, 3]);
  const y = t([2, 0], [2], 'int64');
  for (const opts of [undefined, F32]) {
    const r0 = computeLoss(spec('CrossEntropyLoss', { label_smoothing: 0 }), x, y, opts);
    const r1 = computeLoss(spec('CrossEntropyLoss', { label_smoothing: 1 }), x, y, opts);
    assert.ok(Number.isFinite(r0.value.data[0]) && Number.isFinite(r1.value.data[0]));
    for (const eps of [-1e-9, -0.1, 1 + 1e-9, 1.5, Number.NaN]) {
      refused(() => computeLoss(spec('CrossEntropyLoss', { label_smoothing: eps }), x, y, opts),
        `CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0, got ${eps}`, 'typical values are 0.05 to 0.2', 'loss.label_smoothing');
    }
  }
});

test('ceKernelApplies: only (N, C) logits with (N,) integer targets of the same N', () => {
  const ce = spec('CrossEntropyLoss');
  const x = t(new Array(12).fill(0.5), [3, 4]);
  const idx = (data: number[], shape: number[]): Tensor => t(data, shape, 'int64');
  assert.equal(ceKernelApplies(ce, x, idx([0, 1, 3], [3]), F32), true);
  assert.equal(ceKernelApplies(ce, x, idx([0, 1, 3], [3, 1]), F32), false, '(N, 1) target');
  assert.equal(ceKernelApplies(ce, x, idx([0, 1, 3, 2], [4]), F32), false, 'target of another N');
  assert.equal(ceKernelApplies(ce, x, idx([0, 1], [2]), F32), false, 'target of another N');
  assert.equal(ceKernelApplies(ce, t(new Array(4).fill(0.5), [4]), idx([0, 1, 3, 2], [4]), F32), false, '1-D (C) input');
  assert.equal(ceKernelApplies(ce, t(new Array(24).fill(0.5), [3, 4, 2]), idx([0, 1, 3], [3]), F32), false, '(N, C, d) input');
  assert.equal(ceKernelApplies(ce, t(new Array(4).fill(0.5), [1, 4]), idx([3], [1]), F32), true, 'N = 1');
  assert.equal(ceKernelApplies(spec('CrossEntropyLoss', { label_smoothing: -0.1 }), x, idx([0, 1, 3], [3]), F32), false, 'negative smoothing');
  assert.equal(ceKernelApplies(spec('CrossEntropyLoss', { label_smoothing: 1.1 }), x, idx([0, 1, 3], [3]), F32), false, 'smoothing above 1');
  assert.equal(ceKernelApplies(spec('CrossEntropyLoss', { label_smoothing: 1 }), x, idx([0, 1, 3], [3]), F32), true, 'smoothing 1');
});
