import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { AdamWF32 } from '../../../../src/engine/kernels/adamw';
import { setWasmDisabled } from '../../../../src/engine/kernels/wasm/runtime';
import { Rng } from '../../../../src/engine/data/rng';

after(() => setWasmDisabled(false));

/** torch.optim.AdamW (single tensor, amsgrad off) in float64. */
function reference(p: Float64Array, grads: Float64Array[], lr: number, wd: number, eps: number): Float64Array {
  const m = new Float64Array(p.length), v = new Float64Array(p.length);
  grads.forEach((g, s) => {
    const t = s + 1;
    for (let j = 0; j < p.length; j++) {
      p[j] *= 1 - lr * wd;
      m[j] = 0.9 * m[j] + 0.1 * g[j];
      v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
      const denom = Math.sqrt(v[j]) / Math.sqrt(1 - Math.pow(0.999, t)) + eps;
      p[j] -= (lr / (1 - Math.pow(0.9, t))) * m[j] / denom;
    }
  });
  return p;
}

for (const wasm of [true, false]) {
  test(`AdamWF32 (${wasm ? 'SIMD' : 'JS'}) follows torch.optim.AdamW over several steps and tensors`, () => {
    setWasmDisabled(!wasm);
    const rng = new Rng(12);
    const sizes = [7, 16, 1, 33];
    const opt = new AdamWF32(sizes, { lr: 1e-2, weightDecay: 0.05 });
    assert.equal(opt.params.length, 4);
    opt.params.forEach((p, i) => { assert.equal(p.data.length, sizes[i]); assert.equal(p.grad.length, sizes[i]); });
    const init = opt.params.map((p) => Float64Array.from(p.data.map(() => rng.normal())));
    opt.params.forEach((p, i) => p.data.set(init[i]));
    const grads: Float64Array[][] = sizes.map(() => []);
    for (let s = 0; s < 5; s++) {
      opt.params.forEach((p, i) => {
        const g = Float64Array.from({ length: sizes[i] }, () => rng.normal() * (s + 1));
        p.grad.set(g);
        grads[i].push(Float64Array.from(p.grad)); // as float32
      });
      opt.step();
    }
    assert.equal(opt.steps, 5);
    opt.params.forEach((p, i) => {
      const ref = reference(Float64Array.from(init[i], (v) => Math.fround(v)), grads[i], 1e-2, 0.05, 1e-8);
      for (let j = 0; j < sizes[i]; j++) assert.ok(Math.abs(p.data[j] - ref[j]) <= 1e-5 * (1 + Math.abs(ref[j])), `tensor ${i}[${j}] ${p.data[j]} vs ${ref[j]}`);
    });
  });
}
