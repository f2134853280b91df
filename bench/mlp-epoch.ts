/**
 * One epoch of the `mlp-784` workload's training loop outside the harness, for profiling:
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/mlp-epoch.ts [float64|float32] [epochs]
 *
 * The same data (60 000 × 784 normal values, 10 classes, `Rng(SEED, 'mlp')`), network, optimizer, loss
 * and batch gather as bench/workloads/mlp-784.ts; 20 warm-up batches, then the epochs, each reported
 * with its wall and CPU time on stderr.
 */
import { Rng } from '../src/engine/data/rng';
import { mlp } from '../src/engine/nn/modules';
import { AdamW } from '../src/engine/optim/optimizers';
import { CrossEntropyLossF32 } from '../src/engine/nn/criterion';
import { computeLoss, float64Grad } from '../src/engine/losses/index';
import { makeSpec } from '../src/engine/losses/spec';
import { SEED } from './loss-workloads';

const dtype = process.argv[2] === 'float32' ? 'float32' : 'float64';
const epochs = Number(process.argv[3] ?? 1);
const N = 60000, B = 128, D = 784;
const rng = new Rng(SEED, 'mlp');
const X = new Float32Array(N * D);
for (let i = 0; i < X.length; i++) X[i] = rng.normal();
const Y = new Int32Array(N);
for (let i = 0; i < N; i++) Y[i] = rng.int(10);
const spec = makeSpec('CrossEntropyLoss');

function trainer(): (n: number, perm: Int32Array, s: number) => void {
  if (dtype === 'float32') {
    const model = mlp([D, 256, 10], new Rng(1), { dtype: 'float32' });
    const opt = new AdamW(model.parameters(), { lr: 1e-3 });
    const criterion = new CrossEntropyLossF32(spec);
    const yb = new Int32Array(B);
    return (n, perm, s) => {
      const xb = model.gatherInput(X, perm, s, n, D);
      for (let r = 0; r < n; r++) yb[r] = Y[perm[s + r]];
      model.backward(criterion.forward(model.forward(xb, n, D), yb, n, 10).grad, false);
      opt.step();
    };
  }
  const model = mlp([D, 256, 10], new Rng(1));
  const opt = new AdamW(model.parameters(), { lr: 1e-3 });
  const yb = new Float64Array(B);
  return (n, perm, s) => {
    const xb = model.gatherInput(X, perm, s, n, D);
    for (let r = 0; r < n; r++) yb[r] = Y[perm[s + r]];
    const out = model.forward(xb, n, D);
    const res = computeLoss(spec, { shape: [n, 10], data: out.subarray(0, n * 10), dtype: 'float64' }, { shape: [n], data: yb.subarray(0, n), dtype: 'int64' }, {});
    model.backward(float64Grad(res), false);
    opt.step();
  };
}

const step = trainer();
const run = (batches: number): void => {
  const perm = rng.permutation(N);
  for (let s = 0, b = 0; s < N && b < batches; s += B, b++) step(Math.min(B, N - s), perm, s);
};
run(20);
for (let e = 0; e < epochs; e++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run(Infinity);
  const c = process.cpuUsage(c0);
  process.stderr.write(`${dtype} epoch ${e + 1}: ${(performance.now() - t0).toFixed(0)} ms wall, ${((c.user + c.system) / 1000).toFixed(0)} ms CPU\n`);
}
