/**
 * Finite-difference checks of every loss's gradient: central differences of sum(loss output) in
 * float64 (step 1e-6), on inputs kept away from the kinks of L1/Huber/SmoothL1 and BCE's clamps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import type { LossSpec } from '../../../../src/engine/losses/spec';
import { tensor, type Tensor } from '../../../../src/engine/tensor';
import { ints, rng, softmaxRows, spec, sum, t, uniform } from './helpers';

const H = 1e-6;

function gradcheck(name: string, s: LossSpec, input: Tensor, target: Tensor): void {
  const { grad } = computeLoss(s, input, target);
  const x = Float64Array.from(input.data);
  const f = (): number => sum(computeLoss(s, tensor(x, input.shape), target).value.data);
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    x[i] = x0 + H;
    const fp = f();
    x[i] = x0 - H;
    const fm = f();
    x[i] = x0;
    const fd = (fp - fm) / (2 * H);
    const tol = 1e-6 + 1e-5 * Math.abs(fd);
    assert.ok(Math.abs(fd - grad[i]) <= tol, `${name}: d/dx[${i}] analytic ${grad[i]} vs finite difference ${fd}`);
  }
}

/** x and y with |x − y| away from 0 and from the thresholds in `kinks` (by at least 0.05). */
function awayFromKinks(r: () => number, n: number, kinks: number[]): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  while (x.length < n) {
    const a = -3 + 6 * r();
    const b = -3 + 6 * r();
    const z = Math.abs(a - b);
    if (z < 0.05 || kinks.some((k) => Math.abs(z - k) < 0.05)) continue;
    x.push(a);
    y.push(b);
  }
  return { x, y };
}

const REDS = ['none', 'mean', 'sum'] as const;

test('gradcheck: regression losses', () => {
  const r = rng(1);
  for (const reduction of REDS) {
    const { x, y } = awayFromKinks(r, 12, [0.3, 1, 1.7]);
    const X = t(x, [3, 4]);
    const Y = t(y, [3, 4]);
    gradcheck(`mse/${reduction}`, spec('MSELoss', { reduction }), X, Y);
    gradcheck(`l1/${reduction}`, spec('L1Loss', { reduction }), X, Y);
    for (const delta of [0.3, 1, 1.7]) gradcheck(`huber/${delta}/${reduction}`, spec('HuberLoss', { reduction, delta }), X, Y);
    for (const beta of [0, 0.3, 1, 1.7]) gradcheck(`smoothl1/${beta}/${reduction}`, spec('SmoothL1Loss', { reduction, beta }), X, Y);
  }
});

test('gradcheck: BCELoss and BCEWithLogitsLoss with weights', () => {
  const r = rng(2);
  const p = uniform(r, 12, 0.05, 0.95);
  const y = uniform(r, 12, 0, 1).map((v, i) => (i % 3 === 0 ? v : Math.round(v)));
  const z = uniform(r, 12, -6, 6);
  const w = t([0.5, 2, 1.5, 1], [4]);
  const pw = t([3, 0.5, 1], [3, 1]);
  for (const reduction of REDS) {
    gradcheck(`bce/${reduction}`, spec('BCELoss', { reduction }), t(p, [3, 4]), t(y, [3, 4]));
    gradcheck(`bce/w/${reduction}`, spec('BCELoss', { reduction, weight: w }), t(p, [3, 4]), t(y, [3, 4]));
    gradcheck(`bcel/${reduction}`, spec('BCEWithLogitsLoss', { reduction }), t(z, [3, 4]), t(y, [3, 4]));
    gradcheck(`bcel/w+pw/${reduction}`, spec('BCEWithLogitsLoss', { reduction, weight: w, pos_weight: pw }), t(z, [3, 4]), t(y, [3, 4]));
  }
});

test('gradcheck: CrossEntropyLoss (index and probability targets, weights, smoothing, ignore, K-dim)', () => {
  const r = rng(3);
  const N = 4;
  const C = 5;
  const x = uniform(r, N * C, -3, 3);
  const w = t([0.5, 2, 1, 3, 0.25], [5]);
  const target = t([1, -100, 4, 0], [N], 'int64');
  const probs = t(softmaxRows(uniform(r, N * C, -2, 2), N, C), [N, C]);
  for (const reduction of REDS) {
    for (const weight of [undefined, w]) {
      for (const label_smoothing of [0, 0.2]) {
        for (const smoothing_mode of ['pytorch', 'others'] as const) {
          const s = spec('CrossEntropyLoss', { reduction, weight, label_smoothing, smoothing_mode });
          const tag = `${reduction}/${weight ? 'w' : 'nw'}/${label_smoothing}/${smoothing_mode}`;
          gradcheck(`ce/index/${tag}`, s, t(x, [N, C]), target);
          gradcheck(`ce/prob/${tag}`, s, t(x, [N, C]), probs);
        }
      }
    }
  }
  const xk = uniform(r, 2 * 3 * 2 * 2, -2, 2);
  const tk = t(ints(r, 2 * 2 * 2, 3), [2, 2, 2], 'int64');
  gradcheck('ce/4d', spec('CrossEntropyLoss', { label_smoothing: 0.1, weight: t([1, 2, 0.5], [3]) }), t(xk, [2, 3, 2, 2]), tk);
  gradcheck('ce/1d', spec('CrossEntropyLoss', { label_smoothing: 0.1 }), t(x.slice(0, C), [C]), t([2], [], 'int64'));
});

test('gradcheck: NLLLoss and KLDivLoss', () => {
  const r = rng(4);
  const x = uniform(r, 12, -3, 0);
  for (const reduction of REDS) {
    gradcheck(`nll/${reduction}`, spec('NLLLoss', { reduction, weight: t([1, 2, 0.5, 3], [4]), ignore_index: 0 }), t(x, [3, 4]), t([1, 0, 3], [3], 'int64'));
  }
  const tgt = softmaxRows(uniform(r, 12, -2, 2), 3, 4);
  tgt[5] = 0;
  for (const reduction of [...REDS, 'batchmean'] as const) {
    gradcheck(`kl/${reduction}`, spec('KLDivLoss', { reduction }), t(x, [3, 4]), t(tgt, [3, 4]));
    gradcheck(`kl/log/${reduction}`, spec('KLDivLoss', { reduction, log_target: true }), t(x, [3, 4]), t(tgt.map((v) => Math.log(v + 0.01)), [3, 4]));
  }
});
