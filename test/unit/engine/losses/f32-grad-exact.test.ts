/**
 * float32 mode's promise: the loss and every gradient value are float32 numbers (PyTorch's float32
 * autograd produces nothing else), on each path of the class losses: the fused (N, C) kernel and the
 * general path of (N, C, d) inputs, with and without weights, label smoothing, ignore_index and each
 * reduction, index and probability targets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import { ints, rng, spec, t, uniform } from './helpers';

const r = rng(4242);
const C = 5, N = 3, d = 4;
const x3 = t(uniform(r, N * C * d, -3, 3), [N, C, d]);
const y3 = ints(r, N * d, C);
y3[2] = -100;
const x2 = t(uniform(r, N * C, -3, 3), [N, C]);
const y2 = ints(r, N, C);
const probs = (rows: number): number[] => {
  const v = uniform(r, rows * C, 0.1, 1);
  for (let i = 0; i < rows; i++) { let s = 0; for (let c = 0; c < C; c++) s += v[i * C + c]; for (let c = 0; c < C; c++) v[i * C + c] /= s; }
  return v;
};
const weight = t([0.5, 2, 1, 3, 0.25], [C]);

test('float32 mode: the loss and each gradient value are float32 numbers', () => {
  let checked = 0;
  for (const reduction of ['none', 'mean', 'sum'] as const) {
    for (const w of [undefined, weight]) {
      for (const label_smoothing of [0, 0.1]) {
        const cases = [
          { what: '(N, C, d) index', x: x3, y: t(y3, [N, d], 'int64') },
          { what: '(N, C) index', x: x2, y: t(y2, [N], 'int64') },
          { what: '(N, C, d) probabilities', x: x3, y: t(probs(N * d), [N, C, d]) },
        ];
        for (const c of cases) {
          for (const type of ['CrossEntropyLoss', 'NLLLoss'] as const) {
            if (type === 'NLLLoss' && (label_smoothing || c.what.includes('probabilities'))) continue;
            const res = computeLoss(spec(type, { reduction, weight: w, label_smoothing }), c.x, c.y, { dtype: 'float32' });
            const what = `${type} ${c.what} ${reduction} w=${Boolean(w)} ε=${label_smoothing}`;
            assert.equal(res.value.dtype, 'float32', what);
            for (const v of res.value.data) assert.equal(Math.fround(v), v, `${what}: loss ${v}`);
            assert.equal(res.grad.length, c.x.data.length, what);
            let nonzero = 0;
            for (const g of res.grad) { assert.equal(Math.fround(g), g, `${what}: gradient ${g}`); if (g !== 0) nonzero++; }
            assert.ok(nonzero > 0, `${what}: a gradient`);
            checked++;
          }
        }
      }
    }
  }
  assert.equal(checked, 3 * 2 * (5 + 3));
});
