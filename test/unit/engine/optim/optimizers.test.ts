import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FloatBuf, Param } from '../../../../src/engine/nn/modules';
import { AdamW, SGD, type AdamWOptions, type Optimizer } from '../../../../src/engine/optim/optimizers';

interface OptimFixture {
  shapes: number[][];
  initial: number[][];
  grads: number[][][];
  configs: { optimizer: 'AdamW' | 'SGD'; options: Record<string, number | boolean | number[]>; after: number[][][] }[];
}

const fx = (JSON.parse(readFileSync(join(__dirname, '../../../fixtures/training/optim.json'), 'utf8')) as { cases: OptimFixture }).cases;

test('AdamW and SGD follow torch.optim step by step (float64)', () => {
  assert.ok(fx.configs.length >= 8);
  for (const cfg of fx.configs) {
    const params: Param[] = fx.initial.map((p, i) => ({ name: `p${i}`, shape: fx.shapes[i], data: Float64Array.from(p), grad: new Float64Array(p.length) }));
    const o = cfg.options;
    let opt: Optimizer;
    if (cfg.optimizer === 'AdamW') {
      opt = new AdamW(params, {
        lr: o.lr as number | undefined, eps: o.eps as number | undefined, weight_decay: o.weight_decay as number | undefined,
        betas: o.betas as [number, number] | undefined, maximize: o.maximize as boolean | undefined,
      });
    } else {
      opt = new SGD(params, {
        lr: o.lr as number, momentum: o.momentum as number | undefined, dampening: o.dampening as number | undefined,
        weight_decay: o.weight_decay as number | undefined, nesterov: o.nesterov as boolean | undefined, maximize: o.maximize as boolean | undefined,
      });
    }
    cfg.after.forEach((expected, t) => {
      params.forEach((p, i) => p.grad.set(fx.grads[t][i]));
      opt.step();
      params.forEach((p, i) => {
        for (let k = 0; k < expected[i].length; k++) {
          const d = Math.abs(p.data[k] - expected[i][k]);
          assert.ok(d < 1e-13 * (1 + Math.abs(expected[i][k])), `${cfg.optimizer} ${JSON.stringify(o)} step ${t + 1} p${i}[${k}]: ${p.data[k]} vs ${expected[i][k]}`);
        }
      });
    });
    assert.equal(opt.steps, cfg.after.length);
  }
});

test('AdamW has PyTorch defaults and SGD rejects Nesterov without momentum', () => {
  const a = new AdamW([]);
  assert.equal(a.lr, 1e-3);
  assert.equal(a.beta1, 0.9);
  assert.equal(a.beta2, 0.999);
  assert.equal(a.eps, 1e-8);
  assert.equal(a.weightDecay, 0.01);
  assert.throws(() => new SGD([], { lr: 0.1, nesterov: true }), /Nesterov/);
});

test('float64 AdamW: the SIMD update (AdamWF64Staged) gives the same bits as the JS loop', async () => {
  const { setWasmDisabled, wasmKernels } = await import('../../../../src/engine/kernels/wasm/runtime');
  if (wasmKernels() === undefined) return; // LOSSDBG_NO_WASM=1: only the JS loop exists
  const sizes = [7, 1, 64, 3];
  let seed = 5;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; };
  const make = (): Param<Float64Array>[] => sizes.map((n, i) => ({ name: `p${i}`, shape: [n], data: new Float64Array(n), grad: new Float64Array(n) }));
  const a = make(), b = make();
  for (let i = 0; i < sizes.length; i++) for (let j = 0; j < sizes[i]; j++) a[i].data[j] = b[i].data[j] = rnd() * 3;
  const simd = new AdamW(a, { lr: 3e-3, betas: [0.8, 0.99], weight_decay: 0.05 });
  setWasmDisabled(true);
  let js: AdamW;
  try { js = new AdamW(b, { lr: 3e-3, betas: [0.8, 0.99], weight_decay: 0.05 }); } finally { setWasmDisabled(false); }
  for (let step = 0; step < 25; step++) {
    for (let i = 0; i < sizes.length; i++) for (let j = 0; j < sizes[i]; j++) a[i].grad[j] = b[i].grad[j] = rnd() * (step % 5 === 4 ? 1e-9 : 2);
    simd.step();
    js.step();
    for (let i = 0; i < sizes.length; i++) assert.deepEqual(Array.from(a[i].data), Array.from(b[i].data), `step ${step} p${i}`);
  }
});

test('AdamW on parameters living in WebAssembly memory: updated in place, the same bits as on ordinary arrays', async () => {
  const { createArena } = await import('../../../../src/engine/kernels/arena');
  const { setWasmDisabled } = await import('../../../../src/engine/kernels/wasm/runtime');
  const arena = createArena();
  if (process.env.LOSSDBG_NO_WASM === '1') return; // only the JS loop exists
  assert.ok(arena, 'WebAssembly SIMD and shared memory are available');
  const sizes = [7, 1, 64, 3];
  let seed = 11;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; };
  // float64 (any betas; maximize falls back to the JS loop) and float32 (SIMD with the default betas, JS otherwise)
  const configs: { f32: boolean; opts: AdamWOptions }[] = [
    { f32: false, opts: { lr: 3e-3, betas: [0.8, 0.99], weight_decay: 0.05 } },
    { f32: false, opts: { lr: 1e-2, maximize: true } },
    { f32: true, opts: { lr: 1e-2 } },
    { f32: true, opts: { lr: 1e-2, betas: [0.85, 0.995] } },
  ];
  for (const { f32, opts } of configs) {
    const make = (inArena: boolean): Param<FloatBuf>[] => sizes.map((n, i) => {
      const buf = (): FloatBuf => (inArena ? arena.view(arena.alloc(n, f32 ? 4 : 8), n, f32) : f32 ? new Float32Array(n) : new Float64Array(n));
      return { name: `p${i}`, shape: [n], data: buf(), grad: buf() };
    });
    const a = make(true), b = make(false);
    for (let i = 0; i < sizes.length; i++) for (let j = 0; j < sizes[i]; j++) a[i].data[j] = b[i].data[j] = rnd() * 3;
    const views = a.map((p) => p.data);
    const resident = new AdamW(a, opts);
    // the reference: float64 on the JS loop, float32 on the staged SIMD update (what a float32 network on ordinary arrays gets)
    setWasmDisabled(!f32);
    let ref: AdamW;
    try { ref = new AdamW(b, opts); } finally { setWasmDisabled(false); }
    for (let step = 0; step < 12; step++) {
      for (let i = 0; i < sizes.length; i++) for (let j = 0; j < sizes[i]; j++) a[i].grad[j] = b[i].grad[j] = rnd() * (step % 5 === 4 ? 1e-9 : 2);
      if (step === 6) { a[2].data[3] = b[2].data[3] = 0.125; } // written from JS between steps
      resident.step();
      ref.step();
      for (let i = 0; i < sizes.length; i++) assert.deepEqual(Array.from(a[i].data), Array.from(b[i].data), `f32=${f32} ${JSON.stringify(opts)} step ${step} p${i}`);
    }
    assert.ok(a.every((p, i) => p.data === views[i]), 'updated in place');
  }
});
