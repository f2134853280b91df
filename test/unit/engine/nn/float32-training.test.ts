/**
 * The float32 training path: mlp(…, { dtype: 'float32' }), float32 AdamW/SGD, CrossEntropyLossF32.
 * Checked against the float64 engine and against the PyTorch fixtures (float64 references), within
 * float32 tolerances, on the WebAssembly SIMD kernels and on the JS fallbacks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../../../src/engine/data/rng';
import { setWasmDisabled } from '../../../../src/engine/kernels/wasm/runtime';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec, type LossType } from '../../../../src/engine/losses/spec';
import { CrossEntropyLossF32 } from '../../../../src/engine/nn/criterion';
import { Linear, mlp, ReLU, Sequential, Sigmoid, Softmax, type FloatBuf, type Module, type Param } from '../../../../src/engine/nn/modules';
import { AdamW, SGD, type Optimizer } from '../../../../src/engine/optim/optimizers';
import { tensor } from '../../../../src/engine/tensor';

const FIX = join(__dirname, '../../../fixtures/training');

/** |a − e| ≤ atol + rtol·|e| for every entry. */
function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  assert.ok(actual.length >= expected.length, `${what}: length ${actual.length} < ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    assert.ok(d <= atol + rtol * Math.abs(expected[i]), `${what}[${i}]: ${actual[i]} vs ${expected[i]} (|d| = ${d})`);
  }
}

/** Runs `f` on the WebAssembly kernels and again on the JS fallbacks. */
function bothPaths(f: (path: string) => void): void {
  f('wasm');
  setWasmDisabled(true);
  try {
    f('js');
  } finally {
    setWasmDisabled(false);
  }
}

interface MlpCase {
  sizes: number[]; rows: number; head: 'softmax' | 'sigmoid' | null; params: Record<string, number[]>;
  x: number[]; upstream: number[]; output: number[]; input_grad: number[]; param_grads: Record<string, number[]>;
}

test('float32 forward/backward match PyTorch (float64 fixtures) within float32 tolerance, every head', () => {
  const cases = (JSON.parse(readFileSync(join(FIX, 'mlp.json'), 'utf8')) as { cases: MlpCase[] }).cases;
  assert.ok(cases.length >= 4);
  bothPaths((path) => {
    for (const c of cases) {
      const mods: Module<Float32Array>[] = [];
      for (let i = 0; i + 1 < c.sizes.length; i++) {
        if (i > 0) mods.push(new ReLU<Float32Array>());
        mods.push(new Linear<Float32Array>(c.sizes[i], c.sizes[i + 1], undefined, true, 'float32'));
      }
      if (c.head === 'softmax') mods.push(new Softmax<Float32Array>());
      if (c.head === 'sigmoid') mods.push(new Sigmoid<Float32Array>());
      const m = new Sequential(...mods);
      for (const p of m.parameters()) {
        assert.ok(p.data instanceof Float32Array && p.grad instanceof Float32Array, `${p.name} is float32`);
        p.data.set(c.params[p.name]);
      }
      const out = m.forward(Float32Array.from(c.x), c.rows, c.sizes[0]);
      assert.ok(out instanceof Float32Array);
      const what = `${path} ${c.head} ${c.sizes.join('-')}`;
      close(out.subarray(0, c.rows * m.outCols), c.output, 1e-5, 1e-6, `${what} output`);
      const dx = m.backward(Float32Array.from(c.upstream), true);
      assert.ok(dx instanceof Float32Array);
      close(dx.subarray(0, c.rows * c.sizes[0]), c.input_grad, 1e-5, 1e-6, `${what} input grad`);
      for (const p of m.parameters()) close(p.grad, c.param_grads[p.name], 1e-5, 1e-6, `${what} ${p.name}.grad`);
    }
  });
});

test('float32 MLP agrees with the float64 MLP from the same seed (forward, backward, 5 AdamW steps), buffers reused', () => {
  const sizes = [40, 24, 7];
  const rows = 19;
  const data = new Rng(5);
  const x64 = data.fillNormal(new Float64Array(rows * sizes[0]));
  const y = Array.from({ length: rows }, () => data.int(sizes[2]));
  bothPaths((path) => {
    const m64 = mlp(sizes, new Rng(1));
    const m32 = mlp(sizes, new Rng(1), { dtype: 'float32' });
    // same draws, rounded to float32
    m64.parameters().forEach((p, k) => assert.deepEqual(Array.from(m32.parameters()[k].data), Array.from(p.data, Math.fround)));
    const o64 = new AdamW(m64.parameters(), { lr: 1e-2 });
    const o32 = new AdamW(m32.parameters(), { lr: 1e-2 });
    const spec = makeSpec('CrossEntropyLoss');
    const ce = new CrossEntropyLossF32(spec);
    const x32 = Float32Array.from(x64);
    const target = tensor(Float64Array.from(y), [rows], 'int64');
    const params32 = m32.parameters().map((p) => p.data);
    let firstOut: Float32Array | undefined, firstGrad: Float32Array | undefined;
    for (let step = 0; step < 5; step++) {
      const z64 = m64.forward(x64, rows, sizes[0]);
      const z32 = m32.forward(x32, rows, sizes[0]);
      close(z32.subarray(0, rows * 7), z64.subarray(0, rows * 7), 1e-4, 1e-5, `${path} step ${step} logits`);
      const r64 = computeLoss(spec, tensor(z64.slice(0, rows * 7), [rows, 7]), target);
      const r32 = ce.forward(z32, y, rows, 7);
      assert.ok(Math.abs(r32.loss - r64.value.data[0]) <= 1e-5 * r64.value.data[0], `${path} step ${step} loss ${r32.loss} vs ${r64.value.data[0]}`);
      close(r32.grad.subarray(0, rows * 7), r64.grad, 1e-4, 1e-6, `${path} step ${step} dlogits`);
      m64.backward(r64.grad as Float64Array);
      m32.backward(r32.grad);
      m64.parameters().forEach((p, k) => close(m32.parameters()[k].grad, p.grad, 1e-3, 1e-6, `${path} step ${step} ${p.name}.grad`));
      o64.step();
      o32.step();
      m64.parameters().forEach((p, k) => close(m32.parameters()[k].data, p.data, 1e-4, 2e-6, `${path} step ${step} ${p.name}`));
      // the same buffers every step: no reallocation of outputs, gradients or parameters
      firstOut ??= z32;
      firstGrad ??= r32.grad;
      assert.equal(z32, firstOut);
      assert.equal(r32.grad, firstGrad);
      m32.parameters().forEach((p, k) => assert.equal(p.data, params32[k]));
    }
  });
});

interface TrainCase {
  loss: LossType; args: Record<string, number | number[]>; sizes: number[]; task: 'regression' | 'binary' | 'multiclass';
  params: Record<string, number[]>; x: number[]; y: number[]; batches: number[][]; lr: number; losses: number[]; final_params: Record<string, number[]>;
}

test('float32 training steps (MLP + loss + AdamW) reproduce the PyTorch training fixtures to float32 accuracy', () => {
  const cases = (JSON.parse(readFileSync(join(FIX, 'train.json'), 'utf8')) as { cases: TrainCase[] }).cases;
  assert.ok(cases.some((c) => c.loss === 'CrossEntropyLoss'));
  bothPaths((path) => {
    for (const c of cases) {
      const m = mlp(c.sizes, new Rng(0), { dtype: 'float32' });
      for (const p of m.parameters()) p.data.set(c.params[p.name]);
      const opt = new AdamW(m.parameters(), { lr: c.lr });
      const args: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c.args)) args[k] = Array.isArray(v) ? tensor(v, [v.length]) : v;
      const spec = makeSpec(c.loss, args);
      const ce = c.loss === 'CrossEntropyLoss' ? new CrossEntropyLossF32(spec) : null;
      const d = c.sizes[0], out = c.sizes[c.sizes.length - 1];
      c.batches.forEach((b, step) => {
        const x = new Float32Array(b.length * d);
        b.forEach((r, i) => x.set(c.x.slice(r * d, (r + 1) * d), i * d));
        const y = b.map((r) => c.y[r]);
        const z = m.forward(x, b.length, d);
        let loss: number, grad: Float32Array;
        if (ce) {
          ({ loss, grad } = ce.forward(z, y, b.length, out));
        } else {
          const input = tensor(Float64Array.from(z.subarray(0, b.length * out)), out === 1 ? [b.length] : [b.length, out]);
          const r = computeLoss(spec, input, tensor(Float64Array.from(y), [b.length]));
          loss = r.value.data[0];
          grad = Float32Array.from(r.grad);
        }
        assert.ok(Math.abs(loss - c.losses[step]) <= 1e-5 * (1 + Math.abs(c.losses[step])), `${path} ${c.loss} step ${step}: ${loss} vs ${c.losses[step]}`);
        m.backward(grad);
        opt.step();
      });
      for (const p of m.parameters()) close(p.data, c.final_params[p.name], 1e-4, 1e-5, `${path} ${c.loss} ${p.name}`);
    }
  });
});

interface OptimFixture {
  shapes: number[][]; initial: number[][]; grads: number[][][];
  configs: { optimizer: 'AdamW' | 'SGD'; options: Record<string, number | boolean | number[]>; after: number[][][] }[];
}

test('AdamW and SGD on float32 parameters follow torch.optim (float64 fixture) within float32 rounding', () => {
  const fx = (JSON.parse(readFileSync(join(FIX, 'optim.json'), 'utf8')) as { cases: OptimFixture }).cases;
  bothPaths((path) => {
    for (const cfg of fx.configs) {
      const params: Param<Float32Array>[] = fx.initial.map((p, i) => ({ name: `p${i}`, shape: fx.shapes[i], data: Float32Array.from(p), grad: new Float32Array(p.length) }));
      const o = cfg.options;
      const opt: Optimizer = cfg.optimizer === 'AdamW'
        ? new AdamW(params, { lr: o.lr as number | undefined, eps: o.eps as number | undefined, weight_decay: o.weight_decay as number | undefined, betas: o.betas as [number, number] | undefined, maximize: o.maximize as boolean | undefined })
        : new SGD(params, { lr: o.lr as number, momentum: o.momentum as number | undefined, dampening: o.dampening as number | undefined, weight_decay: o.weight_decay as number | undefined, nesterov: o.nesterov as boolean | undefined, maximize: o.maximize as boolean | undefined });
      const start = params.map((p) => Float64Array.from(p.data));
      cfg.after.forEach((expected, t) => {
        params.forEach((p, i) => p.grad.set(fx.grads[t][i]));
        opt.step();
        params.forEach((p, i) => close(p.data, expected[i], 1e-5, 1e-6, `${path} ${cfg.optimizer} ${JSON.stringify(o)} step ${t + 1} p${i}`));
      });
      // the parameters did move (the tolerance is far below the size of the updates)
      const moved = params.some((p, i) => p.data.some((v, k) => Math.abs(v - start[i][k]) > 1e-4));
      assert.ok(moved, `${cfg.optimizer} ${JSON.stringify(o)} moved the parameters`);
    }
  });
});

test('mixed float32 and float64 parameters in one AdamW: each updated in its own precision', () => {
  const rng = new Rng(9);
  const p64: Param<FloatBuf> = { name: 'a', shape: [13], data: rng.fillNormal(new Float64Array(13)), grad: rng.fillNormal(new Float64Array(13)) };
  const ref: Param = { name: 'a', shape: [13], data: Float64Array.from(p64.data), grad: Float64Array.from(p64.grad) };
  const p32: Param<FloatBuf> = { name: 'b', shape: [7], data: Float32Array.from(ref.data.subarray(0, 7)), grad: Float32Array.from(ref.grad.subarray(0, 7)) };
  const mixed = new AdamW([p64, p32], { lr: 0.05 });
  const alone = new AdamW([ref], { lr: 0.05 });
  for (let t = 0; t < 4; t++) { mixed.step(); alone.step(); }
  assert.deepEqual(Array.from(p64.data), Array.from(ref.data), 'float64 parameter bit for bit');
  close(p32.data, ref.data.subarray(0, 7), 1e-6, 1e-7, 'float32 parameter');
  assert.ok(p32.data instanceof Float32Array);
});

test('a short float32 training run reduces the loss', () => {
  // three Gaussian blobs in 20 dimensions
  const rng = new Rng(17);
  const n = 384, d = 20, k = 3;
  const centres = rng.fillNormal(new Float64Array(k * d), 1.5);
  const X = new Float32Array(n * d);
  const Y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    Y[i] = rng.int(k);
    for (let j = 0; j < d; j++) X[i * d + j] = centres[Y[i] * d + j] + rng.normal();
  }
  const m = mlp([d, 32, k], new Rng(2), { dtype: 'float32' });
  const opt = new AdamW(m.parameters(), { lr: 1e-2 });
  const ce = new CrossEntropyLossF32();
  const B = 32;
  const xb = new Float32Array(B * d);
  const yb = new Int32Array(B);
  const fullLoss = (): number => ce.forward(m.forward(X, n, d), Y, n, k).loss;
  const before = fullLoss();
  for (let epoch = 0; epoch < 3; epoch++) {
    const perm = rng.permutation(n);
    for (let s = 0; s < n; s += B) {
      for (let r = 0; r < B; r++) { xb.set(X.subarray(perm[s + r] * d, perm[s + r] * d + d), r * d); yb[r] = Y[perm[s + r]]; }
      m.backward(ce.forward(m.forward(xb, B, d), yb, B, k).grad);
      opt.step();
    }
  }
  const after = fullLoss();
  assert.ok(Number.isFinite(before) && before > 0.5, `initial loss ${before}`);
  assert.ok(after < 0.3 * before, `loss ${before} → ${after}`);
});

test('float32 layers reject float64 input (and vice versa); CrossEntropyLossF32 rejects other specs', () => {
  const l32 = new Linear<Float32Array>(3, 2, new Rng(1), true, 'float32');
  assert.throws(() => l32.forward(new Float64Array(6) as unknown as Float32Array, 2, 3), TypeError);
  const l64 = new Linear(3, 2, new Rng(1));
  assert.throws(() => l64.forward(new Float32Array(6) as unknown as Float64Array, 2, 3), TypeError);
  assert.throws(() => new CrossEntropyLossF32(makeSpec('MSELoss')), RangeError);
  assert.throws(() => new CrossEntropyLossF32(makeSpec('CrossEntropyLoss')).forward(new Float32Array(6), [0, 3], 2, 3), RangeError);
});

test('CrossEntropyLossF32 with weight, ignore_index and smoothing matches computeLoss (float64)', () => {
  const rng = new Rng(4);
  const N = 9, K = 11;
  const logits = Float32Array.from(rng.fillNormal(new Float64Array(N * K), 3));
  const y = Array.from({ length: N }, (_, i) => (i === 4 ? -1 : rng.int(K)));
  const w = Array.from({ length: K }, () => 0.5 + rng.uniform());
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    const spec = makeSpec('CrossEntropyLoss', { weight: tensor(w, [K]), ignore_index: -1, label_smoothing: 0.2, reduction });
    const ref = computeLoss(spec, tensor(Float64Array.from(logits), [N, K]), tensor(y, [N], 'int64'));
    const r = new CrossEntropyLossF32(spec).forward(logits, y, N, K);
    let refLoss = 0;
    for (const v of ref.value.data) refLoss += v;
    assert.ok(Math.abs(r.loss - refLoss) <= 1e-6 * Math.abs(refLoss), `${reduction}: ${r.loss} vs ${refLoss}`);
    close(r.grad.subarray(0, N * K), ref.grad, 1e-5, 1e-6, `${reduction} grad`);
  }
});
