import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../../../src/engine/data/rng';
import { colSums, gemmAB, gemmABt, gemmAtB, jsKernels } from '../../../../src/engine/nn/matmul';
import { Linear, mlp, ReLU, Sequential, Sigmoid, Softmax, type FloatBuf, type Module, type Param } from '../../../../src/engine/nn/modules';
import { AdamW } from '../../../../src/engine/optim/optimizers';
import { computeLoss, float64Grad } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { arenaOf, createArena } from '../../../../src/engine/kernels/arena';
import { setWasmDisabled } from '../../../../src/engine/kernels/wasm/runtime';

interface MlpCase {
  sizes: number[];
  rows: number;
  head: 'softmax' | 'sigmoid' | null;
  params: Record<string, number[]>;
  x: number[];
  upstream: number[];
  output: number[];
  input_grad: number[];
  param_grads: Record<string, number[]>;
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/training/mlp.json'), 'utf8')) as { cases: MlpCase[] };

function build(c: MlpCase): Sequential {
  const mods: Module[] = [];
  for (let i = 0; i + 1 < c.sizes.length; i++) {
    if (i > 0) mods.push(new ReLU());
    mods.push(new Linear(c.sizes[i], c.sizes[i + 1]));
  }
  if (c.head === 'softmax') mods.push(new Softmax());
  if (c.head === 'sigmoid') mods.push(new Sigmoid());
  const m = new Sequential(...mods);
  for (const p of m.parameters()) p.data.set(c.params[p.name]);
  return m;
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    assert.ok(d <= tol * (1 + Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('MLP forward and backward match PyTorch (float64) for every head', () => {
  assert.ok(fixture.cases.length >= 4);
  for (const c of fixture.cases) {
    const m = build(c);
    const x = Float64Array.from(c.x);
    const out = m.forward(x, c.rows, c.sizes[0]);
    const nOut = c.rows * m.outCols;
    close(out.subarray(0, nOut), c.output, 1e-12, `${c.head} output`);
    const dx = m.backward(Float64Array.from(c.upstream), true);
    assert.ok(dx);
    close(dx.subarray(0, c.rows * c.sizes[0]), c.input_grad, 1e-11, `${c.head} input grad`);
    for (const p of m.parameters()) close(p.grad, c.param_grads[p.name], 1e-11, `${c.head} ${p.name}.grad`);
  }
});

test('MLP gradient agrees with central finite differences', () => {
  const rng = new Rng(7);
  const m = mlp([4, 6, 5, 3], rng);
  m.modules.push(new Softmax());
  const rows = 5;
  const x = rng.fillNormal(new Float64Array(rows * 4));
  const g = rng.fillNormal(new Float64Array(rows * 3));
  const objective = (): number => {
    const y = m.forward(x, rows, 4);
    let s = 0;
    for (let i = 0; i < rows * 3; i++) s += y[i] * g[i];
    return s;
  };
  objective();
  const dx = Float64Array.from(m.backward(g, true) as Float64Array);
  const grads = m.parameters().map((p) => Float64Array.from(p.grad));
  const h = 1e-6;
  const check = (buf: Float64Array, i: number, analytic: number, what: string): void => {
    const old = buf[i];
    buf[i] = old + h; const up = objective();
    buf[i] = old - h; const down = objective();
    buf[i] = old;
    const numeric = (up - down) / (2 * h);
    assert.ok(Math.abs(numeric - analytic) < 1e-6 * (1 + Math.abs(numeric)), `${what}: numeric ${numeric} vs analytic ${analytic}`);
  };
  m.parameters().forEach((p, k) => { for (let i = 0; i < p.data.length; i++) check(p.data, i, grads[k][i], `${p.name}[${i}]`); });
  for (let i = 0; i < x.length; i++) check(x, i, dx[i], `x[${i}]`);
});

test('Linear init follows PyTorch: U(±1/√fan_in) for weight and bias, deterministic per seed', () => {
  const fanIn = 25;
  const lin = new Linear(fanIn, 400, new Rng(3));
  const bound = 1 / Math.sqrt(fanIn);
  const w = lin.weight.data;
  let min = Infinity, max = -Infinity, mean = 0, sq = 0;
  for (const v of w) { min = Math.min(min, v); max = Math.max(max, v); mean += v; sq += v * v; }
  mean /= w.length;
  const variance = sq / w.length - mean * mean;
  assert.ok(min >= -bound && max <= bound, 'inside the bounds');
  assert.ok(min < -0.95 * bound && max > 0.95 * bound, 'fills the bounds');
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  // U(-b, b) has variance b²/3.
  assert.ok(Math.abs(variance / (bound * bound / 3) - 1) < 0.05, `variance ${variance}`);
  for (const v of lin.bias!.data) assert.ok(Math.abs(v) <= bound);
  assert.deepEqual(Array.from(new Linear(fanIn, 400, new Rng(3)).weight.data.slice(0, 5)), Array.from(w.slice(0, 5)));
  assert.notDeepEqual(Array.from(new Linear(fanIn, 400, new Rng(4)).weight.data.slice(0, 5)), Array.from(w.slice(0, 5)));
});

test('matmul kernels agree with the naive product on ragged sizes, with longer buffers', () => {
  const rng = new Rng(11);
  for (const [M, N, K] of [[1, 1, 1], [2, 4, 3], [3, 5, 7], [7, 1, 9], [5, 9, 2], [8, 8, 8], [1, 6, 4], [6, 3, 1]]) {
    const A = rng.fillNormal(new Float64Array(M * K + 3));
    const B = rng.fillNormal(new Float64Array(N * K + 2));
    const bias = rng.fillNormal(new Float64Array(N));
    const C = new Float64Array(M * N + 5).fill(99);
    gemmABt(A, B, C, M, N, K, bias);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = bias[j];
      for (let k = 0; k < K; k++) s += A[i * K + k] * B[j * K + k];
      assert.ok(Math.abs(C[i * N + j] - s) < 1e-12, `ABt ${M}x${N}x${K}`);
    }
    assert.equal(C[M * N], 99, 'ABt writes nothing past M×N');
    // A·B with B [K×N]
    const B2 = rng.fillNormal(new Float64Array(K * N));
    gemmAB(A, B2, C, M, N, K);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[i * K + k] * B2[k * N + j];
      assert.ok(Math.abs(C[i * N + j] - s) < 1e-12, `AB ${M}x${N}x${K}`);
    }
    // Aᵀ·B with A [K×M], B [K×N], accumulate
    const A3 = rng.fillNormal(new Float64Array(K * M));
    const B3 = rng.fillNormal(new Float64Array(K * N));
    const C3 = rng.fillNormal(new Float64Array(M * N));
    const before = Float64Array.from(C3);
    gemmAtB(A3, B3, C3, M, N, K, true);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = before[i * N + j];
      for (let k = 0; k < K; k++) s += A3[k * M + i] * B3[k * N + j];
      assert.ok(Math.abs(C3[i * N + j] - s) < 1e-12, `AtB ${M}x${N}x${K}`);
    }
    const sums = new Float64Array(M);
    colSums(A3, sums, K, M, false);
    for (let i = 0; i < M; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A3[k * M + i];
      assert.ok(Math.abs(sums[i] - s) < 1e-12, 'colSums');
    }
  }
});

test('Sequential names parameters like nn.Sequential and skips the first input gradient', () => {
  const m = mlp([3, 4, 2], new Rng(1));
  assert.deepEqual(m.parameters().map((p) => p.name), ['0.weight', '0.bias', '2.weight', '2.bias']);
  m.forward(new Float64Array(6), 2, 3);
  assert.equal(m.backward(new Float64Array(4)), null);
});

test('dispatched kernels (WebAssembly when available) equal the JS kernels bit for bit', () => {
  const rng = new Rng(12);
  for (const [M, N, K] of [[128, 64, 16], [131, 67, 23], [256, 5, 64], [256, 1, 64], [64, 20, 256], [33, 64, 130]]) {
    const A = rng.fillNormal(new Float64Array(M * K));
    const B = rng.fillNormal(new Float64Array(N * K));
    const bias = rng.fillNormal(new Float64Array(N));
    const c1 = new Float64Array(M * N), c2 = new Float64Array(M * N);
    gemmABt(A, B, c1, M, N, K, bias);
    jsKernels.gemmABt(A, B, c2, M, N, K, bias);
    assert.deepEqual(c1, c2, `ABt ${M}x${N}x${K}`);
    const B2 = rng.fillNormal(new Float64Array(K * N));
    gemmAB(A, B2, c1, M, N, K);
    jsKernels.gemmAB(A, B2, c2, M, N, K);
    assert.deepEqual(c1, c2, `AB ${M}x${N}x${K}`);
    const A3 = rng.fillNormal(new Float64Array(K * M));
    const B3 = rng.fillNormal(new Float64Array(K * N));
    c1.fill(1); c2.fill(1);
    gemmAtB(A3, B3, c1, M, N, K, true);
    jsKernels.gemmAtB(A3, B3, c2, M, N, K, true);
    assert.deepEqual(c1, c2, `AtB ${M}x${N}x${K}`);
  }
});

const NO_WASM = process.env.LOSSDBG_NO_WASM === '1';

// ---- resident networks (parameters, gradients, moments and activations in WebAssembly memory) ----

interface Touch { step: number; apply(params: Param<FloatBuf>[], rng: Rng): void }
/** What a user does to parameters between steps: read them for a chart, load new values, reset, poke one. */
const TOUCHES: Touch[] = [
  { step: 1, apply: (ps) => { assert.ok(ps.every((p) => Array.from(p.data).every(Number.isFinite))); } },
  { step: 2, apply: (ps, rng) => { ps[0].data.set(rng.fillNormal(new Float64Array(ps[0].data.length))); } },
  { step: 3, apply: (ps) => { ps[1].data.fill(0); ps[ps.length - 1].data[0] = -0.25; } },
  { step: 5, apply: (ps, rng) => { for (const p of ps) p.data.set(rng.fillUniform(new Float64Array(p.data.length), -0.1, 0.1)); } },
];

/**
 * Trains `model` for `rows.length` steps (CrossEntropyLoss on its output, AdamW), applying TOUCHES
 * between steps, and returns every parameter's bits after every step plus the last input gradient.
 */
function trainRecord(model: Sequential<FloatBuf>, rows: readonly number[], seed: number, wasm: boolean, useInputBuffer: boolean): number[][] {
  setWasmDisabled(!wasm);
  try {
    const rng = new Rng(seed, 'data');
    const touchRng = new Rng(seed, 'touch');
    const inF = (model.modules[0] as Linear<FloatBuf>).inFeatures;
    const f32 = model.parameters()[0].data instanceof Float32Array;
    const opt = new AdamW(model.parameters(), { lr: 2e-2, weight_decay: 0.05 });
    const params = model.parameters();
    const seen: number[][] = [];
    rows.forEach((n, step) => {
      const values = rng.fillNormal(new Float64Array(n * inF));
      let x: FloatBuf;
      if (useInputBuffer) { x = model.inputBuffer(n, inF); x.set(values); } else x = f32 ? Float32Array.from(values) : values;
      const out = model.forward(x, n, inF);
      const C = model.outCols;
      const target = Float64Array.from({ length: n }, () => rng.int(C));
      const res = computeLoss(makeSpec('CrossEntropyLoss'), { shape: [n, C], data: Float64Array.from(out.subarray(0, n * C)), dtype: 'float64' }, { shape: [n], data: target, dtype: 'int64' });
      const g = float64Grad(res);
      const dx = model.backward((f32 ? Float32Array.from(g) : g) as FloatBuf, step === rows.length - 1);
      opt.step();
      seen.push(...params.map((p) => Array.from(p.data)), ...params.map((p) => Array.from(p.grad)));
      if (dx) seen.push(Array.from(dx.subarray(0, n * inF)));
      for (const t of TOUCHES) if (t.step === step) t.apply(params, touchRng);
    });
    return seen;
  } finally {
    setWasmDisabled(false);
  }
}

test('a resident float64 network trains bit for bit like the plain JS path, with parameters touched from JS between steps', () => {
  if (NO_WASM) return; // LOSSDBG_NO_WASM=1 runs cover the JS path only
  assert.ok(createArena(), 'WebAssembly SIMD and shared memory are available (as gemm.test.ts requires)');
  // ragged sizes: outputs and inputs that are not whole panels (compacted), odd and growing batches
  // (the memory grows mid-run: the views taken at construction must stay valid), a Softmax head.
  // [32, 24, 8]: whole panels everywhere (products written in place, as the 784-256-10 MLP), the batch
  // filled into inputBuffer.
  for (const [sizes, head] of [[[13, 16, 12, 10, 3], null], [[8, 20, 4], 'softmax'], [[32, 24, 8], null]] as const) {
    const rows = [5, 12, 1, 300, 7, 40, 2];
    const build = (resident: boolean): Sequential => {
      const m = mlp(sizes, new Rng(9), { resident });
      if (head === 'softmax') m.modules.push(new Softmax());
      return m;
    };
    const resident = build(true);
    assert.ok((resident.modules[0] as Linear).arena, 'mlp is resident by default');
    const views = resident.parameters().map((p) => p.data);
    const got = trainRecord(resident as Sequential<FloatBuf>, rows, 4, true, sizes[0] === 32);
    assert.ok(resident.parameters().every((p, k) => p.data === views[k] && p.data.length > 0), 'parameter views are stable across growth');
    const plainJs = trainRecord(build(false) as Sequential<FloatBuf>, rows, 4, false, false);
    const staged = trainRecord(build(false) as Sequential<FloatBuf>, rows, 4, true, false);
    assert.equal(got.length, plainJs.length);
    for (let i = 0; i < got.length; i++) {
      assert.deepEqual(got[i], plainJs[i], `${sizes.join('-')}: record ${i} differs from the JS path`);
      assert.deepEqual(got[i], staged[i], `${sizes.join('-')}: record ${i} differs from the staged WebAssembly path`);
    }
  }
});

test('a resident float32 network gives the same bits as the float32 network on ordinary arrays', () => {
  if (NO_WASM) return;
  assert.ok(createArena(), 'WebAssembly SIMD and shared memory are available');
  for (const sizes of [[13, 16, 12, 10, 3], [64, 32, 10]]) {
    const rows = [5, 12, 1, 300, 7, 40, 2];
    const got = trainRecord(mlp(sizes, new Rng(2), { dtype: 'float32' }) as Sequential<FloatBuf>, rows, 6, true, true);
    const plain = trainRecord(mlp(sizes, new Rng(2), { dtype: 'float32', resident: false }) as Sequential<FloatBuf>, rows, 6, true, false);
    for (let i = 0; i < got.length; i++) assert.deepEqual(got[i], plain[i], `${sizes.join('-')}: record ${i}`);
  }
});

test('resident ReLU keeps PyTorch semantics at 0, -0, NaN and ±Infinity (kernel lanes and the JS tail)', () => {
  if (NO_WASM) return;
  assert.ok(createArena(), 'WebAssembly SIMD and shared memory are available');
  const special = [-2, -0, 0, 3, NaN, -Infinity, Infinity, 5e-324, -1e-300];
  for (const n of [special.length, 8, 3]) {
    const m = mlp([n, n], new Rng(1));
    m.modules.push(new ReLU());
    const plain = mlp([n, n], new Rng(1), { resident: false });
    plain.modules.push(new ReLU());
    // identity weights, the special values as bias: the ReLU sees exactly them
    for (const net of [m, plain]) {
      const [w, b] = net.parameters();
      w.data.fill(0);
      for (let i = 0; i < n; i++) w.data[i * n + i] = 1;
      b.data.set(special.slice(0, n));
    }
    const x = new Float64Array(n * 2);
    const dy = Float64Array.from({ length: n * 2 }, (_, i) => (i % 3 === 0 ? Infinity : i - 4));
    assert.deepEqual(Array.from(m.forward(x, 2, n).subarray(0, 2 * n)), Array.from(plain.forward(x, 2, n).subarray(0, 2 * n)));
    m.backward(dy, false); plain.backward(dy, false);
    m.parameters().forEach((p, k) => assert.deepEqual(Array.from(p.grad), Array.from(plain.parameters()[k].grad), p.name));
  }
});

test('inputBuffer: a reusable input in the network memory (resident) or an ordinary array', () => {
  const m = mlp([6, 4, 2], new Rng(3));
  const a = m.inputBuffer(5, 6);
  assert.ok(a.length >= 30);
  assert.equal(m.inputBuffer(3, 6), a, 'reused while large enough');
  const plain = mlp([6, 4, 2], new Rng(3), { resident: false });
  const b = plain.inputBuffer(5, 6);
  assert.ok(b instanceof Float64Array && b.length >= 30);
  const rng = new Rng(8);
  const x = rng.fillNormal(new Float64Array(30));
  a.set(x); b.set(x);
  assert.deepEqual(Array.from(m.forward(a, 5, 6).subarray(0, 10)), Array.from(plain.forward(x, 5, 6).subarray(0, 10)));
  assert.ok(m.inputBuffer(50, 6).length >= 300, 'grows');
  assert.ok(mlp([6, 4, 2], new Rng(3), { dtype: 'float32' }).inputBuffer(2, 6) instanceof Float32Array);
});

test('gatherInput: rows picked by index into the input buffer, converted like TypedArray.set (float32 → float64 on WebAssembly)', () => {
  const rng = new Rng(4);
  for (const cols of [3, 8]) {
    const src64 = rng.fillNormal(new Float64Array(20 * cols));
    src64[5] = -0; src64[6] = NaN; src64[7] = Infinity; src64[8] = 1e-45; src64[9] = 3.4e38 * 10;
    const src32 = Float32Array.from(src64);
    const index = [7, 0, 19, 3, 3, 12];
    for (const dtype of ['float64', 'float32'] as const) {
      for (const src of [src32, src64]) {
        const want = dtype === 'float32' ? new Float32Array(5 * cols) : new Float64Array(5 * cols);
        for (let r = 0; r < 5; r++) want.set(src.subarray(index[1 + r] * cols, index[1 + r] * cols + cols), r * cols);
        for (const resident of [true, false]) {
          const m = mlp([cols, 2], new Rng(1), { dtype, resident }) as Sequential<FloatBuf>;
          const x = m.gatherInput(src, index, 1, 5, cols);
          assert.equal(x, m.inputBuffer(5, cols), 'fills the input buffer');
          assert.equal(arenaOf(x) !== undefined, resident && !NO_WASM, 'in the network memory when resident');
          assert.deepEqual(Array.from(x.subarray(0, 5 * cols)), Array.from(want), `${dtype} from ${src.constructor.name}, resident ${resident}`);
        }
      }
    }
  }
});
