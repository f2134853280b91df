/** Property tests (fast-check) of the losses' invariants on small random shapes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { computeLoss } from '../../../../src/engine/losses/index';
import type { LossSpec, LossType } from '../../../../src/engine/losses/spec';
import type { Tensor } from '../../../../src/engine/tensor';
import { spec, sum, t } from './helpers';

const RUNS = { numRuns: 100 };
const finite = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });

/** (rows, cols, input values, target values) with the values drawn by `x` and `y`. */
function pairOf(x: fc.Arbitrary<number>, y: fc.Arbitrary<number>) {
  return fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 })).chain(([n, c]) =>
    fc.tuple(fc.constant(n), fc.constant(c), fc.array(x, { minLength: n * c, maxLength: n * c }), fc.array(y, { minLength: n * c, maxLength: n * c })),
  );
}

/** An (N, C) classification case with class-index targets, some set to ignore_index −100. */
const classCase = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 })).chain(([n, c]) =>
  fc.record({
    n: fc.constant(n),
    c: fc.constant(c),
    x: fc.array(finite(-1000, 1000), { minLength: n * c, maxLength: n * c }),
    y: fc.array(fc.oneof(fc.integer({ min: 0, max: c - 1 }), fc.constant(-100)), { minLength: n, maxLength: n }),
    w: fc.option(fc.array(finite(0.01, 5), { minLength: c, maxLength: c }), { nil: undefined }),
    ls: fc.oneof(fc.constant(0), finite(0, 1)),
    mode: fc.constantFrom<'pytorch' | 'others'>('pytorch', 'others'),
  }),
);

function elementwiseCase(type: LossType, n: number, c: number, x: number[], y: number[]): [LossSpec, Tensor, Tensor] {
  return [spec(type, { delta: 0.7, beta: 0.4 }), t(x, [n, c]), t(y, [n, c])];
}

function inputsFor(type: LossType): fc.Arbitrary<[number, number, number[], number[]]> {
  if (type === 'BCELoss') return pairOf(finite(0, 1), finite(0, 1));
  if (type === 'KLDivLoss') return pairOf(finite(-50, 0), finite(0, 1));
  return pairOf(finite(-1e3, 1e3), finite(-1e3, 1e3));
}

const ELEMENTWISE: LossType[] = ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss', 'BCELoss', 'BCEWithLogitsLoss', 'KLDivLoss'];

test('finite inputs give finite losses and gradients (elementwise losses)', () => {
  for (const type of ELEMENTWISE) {
    fc.assert(fc.property(inputsFor(type), ([n, c, x, y]) => {
      const [s, X, Y] = elementwiseCase(type, n, c, x, y);
      for (const reduction of ['none', 'mean', 'sum'] as const) {
        const r = computeLoss({ ...s, reduction }, X, Y);
        assert.ok(r.value.data.every(Number.isFinite), `${type}/${reduction} loss ${r.value.data}`);
        // BCELoss's gradient is finite but huge (1/EPS) at p ∈ {0, 1}
        assert.ok(r.grad.every(Number.isFinite), `${type}/${reduction} grad`);
      }
    }), RUNS);
  }
});

test("'none' summed equals 'sum', and 'mean' is 'sum' over the element count (elementwise losses)", () => {
  for (const type of ELEMENTWISE) {
    fc.assert(fc.property(inputsFor(type), ([n, c, x, y]) => {
      const [s, X, Y] = elementwiseCase(type, n, c, x, y);
      const none = sum(computeLoss({ ...s, reduction: 'none' }, X, Y).value.data);
      const total = computeLoss({ ...s, reduction: 'sum' }, X, Y).value.data[0];
      const mean = computeLoss({ ...s, reduction: 'mean' }, X, Y).value.data[0];
      const tol = 1e-12 * (1 + Math.abs(total));
      assert.ok(Math.abs(none - total) <= tol, `${type}: none summed ${none} vs sum ${total}`);
      assert.ok(Math.abs(mean - total / (n * c)) <= tol, `${type}: mean ${mean} vs ${total}/${n * c}`);
    }), RUNS);
  }
});

test('cross-entropy: finite and ≥ 0, gradient rows sum to 0, none/sum/mean consistent (weighted mean over Σ w_y)', () => {
  fc.assert(fc.property(classCase, ({ n, c, x, y, w, ls, mode }) => {
    const weight = w ? t(w, [c]) : undefined;
    const base = spec('CrossEntropyLoss', { weight, label_smoothing: ls, smoothing_mode: mode });
    const X = t(x, [n, c]);
    const Y = t(y, [n], 'int64');
    const none = computeLoss({ ...base, reduction: 'none' }, X, Y);
    const s = computeLoss({ ...base, reduction: 'sum' }, X, Y);
    const m = computeLoss({ ...base, reduction: 'mean' }, X, Y);
    const scale = 1 + sum(none.value.data.map(Math.abs));
    for (const v of none.value.data) {
      assert.ok(Number.isFinite(v) && v >= -1e-12 * scale, `loss ${v}`);
    }
    assert.ok(Math.abs(sum(none.value.data) - s.value.data[0]) <= 1e-12 * scale);
    for (const r of [none, s]) {
      for (let i = 0; i < n; i++) {
        const row = r.grad.subarray(i * c, (i + 1) * c);
        const mag = 1 + sum(Array.from(row, Math.abs)) * (1 + (w ? Math.max(...w) : 1));
        assert.ok(Math.abs(sum(row)) <= 1e-12 * mag, `grad row ${i} sums to ${sum(row)}`);
        if (y[i] === -100) assert.ok(row.every((g) => g === 0), 'ignored rows have a zero gradient');
      }
    }
    const denom = y.reduce((acc, k) => (k === -100 ? acc : acc + (w ? w[k] : 1)), 0);
    if (denom === 0) assert.ok(Number.isNaN(m.value.data[0]), 'all ignored: mean is NaN');
    else assert.ok(Math.abs(m.value.data[0] - s.value.data[0] / denom) <= 1e-12 * scale / denom);
  }), RUNS);
});

test('NLLLoss: mean is sum over the summed weights of the non-ignored targets', () => {
  fc.assert(fc.property(classCase, ({ n, c, x, y, w }) => {
    const weight = w ? t(w, [c]) : undefined;
    const X = t(x, [n, c]);
    const Y = t(y, [n], 'int64');
    const s = computeLoss(spec('NLLLoss', { weight, reduction: 'sum' }), X, Y).value.data[0];
    const m = computeLoss(spec('NLLLoss', { weight, reduction: 'mean' }), X, Y).value.data[0];
    const denom = y.reduce((acc, k) => (k === -100 ? acc : acc + (w ? w[k] : 1)), 0);
    if (denom === 0) assert.ok(Number.isNaN(m));
    else assert.ok(Math.abs(m - s / denom) <= 1e-12 * (1 + Math.abs(s / denom)));
  }), RUNS);
});

test('BCEWithLogitsLoss(z) equals BCELoss(sigmoid(z)) where neither is clamped, gradients through the chain rule', () => {
  fc.assert(fc.property(pairOf(finite(-8, 8), finite(0, 1)), ([n, c, z, y]) => {
    const p = z.map((v) => 1 / (1 + Math.exp(-v)));
    const Z = t(z, [n, c]);
    const Y = t(y, [n, c]);
    const a = computeLoss(spec('BCEWithLogitsLoss', { reduction: 'none' }), Z, Y);
    const b = computeLoss(spec('BCELoss', { reduction: 'none' }), t(p, [n, c]), Y);
    for (let i = 0; i < z.length; i++) {
      const la = a.value.data[i];
      const lb = b.value.data[i];
      assert.ok(Math.abs(la - lb) <= 1e-9 * (1 + Math.abs(la)), `loss at z=${z[i]}: ${la} vs ${lb}`);
      const chain = b.grad[i] * p[i] * (1 - p[i]);
      assert.ok(Math.abs(a.grad[i] - chain) <= 1e-9, `grad at z=${z[i]}: ${a.grad[i]} vs ${chain}`);
    }
  }), RUNS);
});

test('logits of ±1000 stay finite (CE with smoothing, BCEWithLogits with pos_weight)', () => {
  const X = t([1000, -1000, 0, -1000, -1000, -1000], [2, 3]);
  const ce = computeLoss(spec('CrossEntropyLoss', { label_smoothing: 0.1, reduction: 'none' }), X, t([1, 2], [2], 'int64'));
  assert.ok(ce.value.data.every(Number.isFinite) && ce.grad.every(Number.isFinite));
  // row 0: −log p_1 = 2000; smoothing term ε/K · Σ_k (lse − x_k) = 0.1/3 · (0 + 2000 + 1000)
  assert.ok(Math.abs(ce.value.data[0] - (0.9 * 2000 + (0.1 / 3) * 3000)) < 1e-9);
  const b = computeLoss(spec('BCEWithLogitsLoss', { reduction: 'none', pos_weight: t([2, 3, 4], [3]) }), X, t([0, 1, 1, 1, 0, 1], [2, 3]));
  assert.deepEqual(Array.from(b.value.data), [1000, 3000, 4 * Math.log(2), 2000, 0, 4000]);
});

test('HuberLoss(δ) is δ·SmoothL1Loss(β = δ), and SmoothL1Loss(β = 0) is L1Loss', () => {
  fc.assert(fc.property(pairOf(finite(-10, 10), finite(-10, 10)), finite(0.01, 5), ([n, c, x, y], delta) => {
    const X = t(x, [n, c]);
    const Y = t(y, [n, c]);
    const h = computeLoss(spec('HuberLoss', { delta, reduction: 'none' }), X, Y);
    const s = computeLoss(spec('SmoothL1Loss', { beta: delta, reduction: 'none' }), X, Y);
    for (let i = 0; i < x.length; i++) {
      assert.ok(Math.abs(h.value.data[i] - delta * s.value.data[i]) <= 1e-12 * (1 + Math.abs(h.value.data[i])));
      assert.ok(Math.abs(h.grad[i] - delta * s.grad[i]) <= 1e-12 * (1 + Math.abs(h.grad[i])));
    }
    const s0 = computeLoss(spec('SmoothL1Loss', { beta: 0, reduction: 'none' }), X, Y);
    const l1 = computeLoss(spec('L1Loss', { reduction: 'none' }), X, Y);
    assert.deepEqual(Array.from(s0.value.data), Array.from(l1.value.data));
    for (let i = 0; i < x.length; i++) {
      // torch 1.13: at x == y SmoothL1(β=0) gives −1 where L1 gives 0
      assert.equal(s0.grad[i], x[i] === y[i] ? -1 : l1.grad[i]);
    }
  }), RUNS);
});
