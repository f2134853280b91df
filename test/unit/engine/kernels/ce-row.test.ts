import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossEntropyF32, ceUsesWasm, type CeKernelOptions } from '../../../../src/engine/kernels/ce-row';
import { setWasmDisabled } from '../../../../src/engine/kernels/wasm/runtime';
import { Rng } from '../../../../src/engine/data/rng';

after(() => setWasmDisabled(false));

/** Straightforward float64 cross-entropy (log-softmax with Math.exp), PyTorch semantics. */
function reference(x: Float32Array, target: number[], N: number, K: number, o: CeKernelOptions): { loss: number; rows: number[]; grad: Float64Array } {
  const ignore = o.ignoreIndex ?? -100;
  const eps = o.labelSmoothing ?? 0;
  const w = (c: number): number => (o.weight ? Math.fround(o.weight[c]) : 1);
  let D = 0;
  for (const t of target) if (t !== ignore) D += w(t);
  const div = (o.reduction ?? 'mean') === 'mean' ? D : 1;
  const grad = new Float64Array(N * K);
  const rows: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = target[i];
    if (t === ignore) { rows.push(0); continue; }
    let m = -Infinity;
    for (let c = 0; c < K; c++) m = Math.max(m, x[i * K + c]);
    let s = 0;
    for (let c = 0; c < K; c++) s += Math.exp(x[i * K + c] - m);
    const lse = m + Math.log(s);
    let smooth = 0;
    let W = 0;
    for (let c = 0; c < K; c++) { smooth += w(c) * (lse - x[i * K + c]); W += w(c); }
    rows.push((1 - eps) * w(t) * (lse - x[i * K + t]) + (eps / K) * smooth);
    for (let c = 0; c < K; c++) {
      const p = Math.exp(x[i * K + c] - lse);
      grad[i * K + c] = ((1 - eps) * w(t) * (p - (c === t ? 1 : 0)) + (eps / K) * (W * p - w(c))) / div;
    }
  }
  const total = rows.reduce((a, b) => a + b, 0);
  return { loss: (o.reduction ?? 'mean') === 'mean' ? total / D : total, rows, grad };
}

function randomCase(rng: Rng, N: number, K: number, spread: number): { x: Float32Array; target: number[]; weight: Float32Array } {
  const x = new Float32Array(N * K);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal() * spread;
  const target: number[] = [];
  for (let i = 0; i < N; i++) target.push(rng.uniform() < 0.15 ? -100 : rng.int(K));
  if (!target.some((t) => t !== -100)) target[0] = 0;
  const weight = new Float32Array(K);
  for (let c = 0; c < K; c++) weight[c] = 0.1 + 2 * rng.uniform();
  return { x, target, weight };
}

/** Documented tolerance: loss relative 2e-6; gradient absolute 2e-6 × the row's largest possible entry. */
function assertClose(got: ReturnType<typeof crossEntropyF32>, want: ReturnType<typeof reference>, N: number, K: number, o: CeKernelOptions, what: string): void {
  assert.ok(Math.abs(got.loss - want.loss) <= 2e-6 * Math.abs(want.loss) + 1e-12, `${what}: loss ${got.loss} vs ${want.loss}`);
  for (let i = 0; i < N; i++) {
    assert.ok(Math.abs(got.rowLoss[i] - want.rows[i]) <= 2e-6 * Math.abs(want.rows[i]) + 1e-12, `${what}: row ${i}`);
  }
  const eps = o.labelSmoothing ?? 0;
  let W = K;
  if (o.weight) { W = 0; for (let c = 0; c < K; c++) W += Math.fround(o.weight[c]); }
  let maxW = 1;
  if (o.weight) for (let c = 0; c < K; c++) maxW = Math.max(maxW, o.weight[c]);
  const div = (o.reduction ?? 'mean') === 'mean' ? got.divisor : 1;
  const scale = ((1 - eps) * maxW + eps * W / K + eps * maxW / K) / div;
  for (let j = 0; j < N * K; j++) {
    assert.ok(Math.abs(got.grad[j] - want.grad[j]) <= 2e-6 * scale, `${what}: grad[${j}] ${got.grad[j]} vs ${want.grad[j]}`);
  }
}

for (const wasm of [true, false]) {
  const path = wasm ? 'SIMD path' : 'JS path';
  test(`crossEntropyF32 (${path}) matches a float64 reference over reductions, smoothing, weights, odd K`, () => {
    setWasmDisabled(!wasm);
    if (wasm) assert.ok(ceUsesWasm(), 'WebAssembly SIMD should be available in Node 20');
    const rng = new Rng(11);
    for (const [N, K, spread] of [[5, 3, 2], [4, 8, 1], [6, 37, 4], [3, 1003, 3], [2, 4099, 10], [9, 16, 30]] as const) {
      const { x, target, weight } = randomCase(rng, N, K, spread);
      for (const reduction of ['mean', 'sum', 'none'] as const) {
        for (const eps of [0, 0.1, 1]) {
          for (const weighted of [false, true]) {
            const o: CeKernelOptions = { reduction, labelSmoothing: eps, weight: weighted ? weight : null };
            const got = crossEntropyF32(x, target, N, K, o);
            assertClose(got, reference(x, target, N, K, o), N, K, o, `${path} N=${N} K=${K} ${reduction} eps=${eps} w=${weighted}`);
          }
        }
      }
    }
  });

  test(`crossEntropyF32 (${path}) matches PyTorch 1.13 on the committed fixture`, () => {
    setWasmDisabled(!wasm);
    const fx = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'ce-torch.json'), 'utf8')) as {
      N: number; K: number; x: (number | string)[]; target: number[]; weight: number[];
      cases: { reduction: 'mean' | 'sum' | 'none'; label_smoothing: number; weighted: boolean; loss: (number | string)[]; grad: (number | string)[] }[];
    };
    const x = Float32Array.from(fx.x.map((v) => (typeof v === 'string' ? Number(v) : v)));
    assert.equal(x[2 * fx.K + 4], -Infinity);
    assert.equal(fx.cases.length, 12);
    for (const c of fx.cases) {
      const got = crossEntropyF32(x, fx.target, fx.N, fx.K, { reduction: c.reduction, labelSmoothing: c.label_smoothing, weight: c.weighted ? fx.weight : null });
      const values = c.reduction === 'none' ? [...got.rowLoss] : [got.loss];
      assert.equal(values.length, c.loss.length);
      const what = `${c.reduction} ${c.label_smoothing} ${c.weighted}`;
      values.forEach((v, i) => {
        const want = Number(c.loss[i]);
        // with smoothing, the −Infinity logit makes PyTorch's loss +Infinity; ours too
        if (!Number.isFinite(want)) assert.equal(v, want, `${what}: loss`);
        else assert.ok(Math.abs(v - want) <= 1e-6 * Math.abs(want) + 1e-9, `${what}: loss ${v} vs ${want}`);
      });
      c.grad.forEach((g, j) => assert.ok(Math.abs(got.grad[j] - Number(g)) <= 1e-6, `${what}: grad[${j}] ${got.grad[j]} vs ${g}`));
      // the masked logit gets exactly zero gradient (no smoothing) as in PyTorch
      if (c.label_smoothing === 0) assert.equal(got.grad[2 * fx.K + 4], 0);
    }
  });

  test(`crossEntropyF32 (${path}): non-finite rows, huge logits, all ignored, bad targets`, () => {
    setWasmDisabled(!wasm);
    const K = 21;
    const N = 4;
    const x = new Float32Array(N * K);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i) * 5;
    x[0 * K + 3] = NaN;
    x[1 * K + 17] = Infinity;
    for (let c = 0; c < K; c++) x[2 * K + c] = c === 9 ? 3e38 : -3e38; // huge spread: no overflow
    const target = [1, 2, 9, 4];
    const r = crossEntropyF32(x, target, N, K, { reduction: 'none' });
    assert.ok(Number.isNaN(r.rowLoss[0]) && Number.isNaN(r.rowLoss[1]));
    for (let c = 0; c < K; c++) {
      assert.ok(Number.isNaN(r.grad[c]) && Number.isNaN(r.grad[K + c]));
    }
    assert.equal(r.rowLoss[2], 0);
    for (let c = 0; c < K; c++) assert.equal(r.grad[2 * K + c], 0);
    assert.ok(Number.isFinite(r.rowLoss[3]) && r.rowLoss[3] > 0);
    // the mean is NaN when a kept row is NaN, but other rows' gradients stay finite
    const rm = crossEntropyF32(x, target, N, K);
    assert.ok(Number.isNaN(rm.loss));
    assert.ok(Number.isFinite(rm.grad[3 * K]));

    const allIgnored = crossEntropyF32(x, [-100, -100, -100, -100], N, K);
    assert.ok(Number.isNaN(allIgnored.loss));
    assert.equal(allIgnored.kept, 0);
    assert.ok(allIgnored.grad.every((g) => g === 0));

    assert.throws(() => crossEntropyF32(x, [0, 1, 21, 2], N, K), RangeError);
    assert.throws(() => crossEntropyF32(x, [0, 1, -1, 2], N, K), RangeError);
    assert.throws(() => crossEntropyF32(x, [0, 1, 2.5, 2], N, K), RangeError);
    assert.throws(() => crossEntropyF32(x, [0, 1], N, K), RangeError);
    assert.throws(() => crossEntropyF32(x, target, N, K, { weight: [1, 2] }), RangeError);
    // a custom ignore_index
    const r7 = crossEntropyF32(x, [7, 7, 9, 4], N, K, { ignoreIndex: 7 });
    assert.equal(r7.kept, 2);
    assert.ok(Number.isFinite(r7.loss));
  });

  test(`crossEntropyF32 (${path}) writes into a given buffer and zeroes ignored rows in it`, () => {
    setWasmDisabled(!wasm);
    const N = 3, K = 40;
    const x = new Float32Array(N * K).map((_, i) => Math.cos(i));
    const out = new Float32Array(N * K).fill(7);
    const r = crossEntropyF32(x, [-100, 5, 39], N, K, {}, out);
    assert.equal(r.grad, out);
    for (let c = 0; c < K; c++) assert.equal(out[c], 0);
    // each kept row's gradient sums to ~0 (softmax minus one-hot)
    for (const i of [1, 2]) {
      let s = 0;
      for (let c = 0; c < K; c++) s += out[i * K + c];
      assert.ok(Math.abs(s) < 1e-6, `row ${i} sums to ${s}`);
    }
  });
}
