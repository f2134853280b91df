/**
 * bench `mlp-784`: one epoch of an MLP 784-256-10 (batch 128, AdamW, cross-entropy) in the training
 * engine (float32 and the default float64) and on the kernels alone, vs PyTorch.
 */
import { Rng } from '../../src/engine/data/rng';
import { SEED } from '../loss-workloads';
import { unavailable, type Variant, type Workload } from '../harness';

const MLP_N = 60000;
export const mlp784: Workload = {
  id: 'mlp-784', title: 'one epoch, MLP 784-256-10, batch 128, 60000×784, AdamW, CrossEntropy', goal: '≤ 1.5',
  rounds: 1, heavy: true,
  async prepare() {
    const rng = new Rng(SEED, 'mlp');
    const X = new Float32Array(MLP_N * 784);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    const Y = new Int32Array(MLP_N);
    for (let i = 0; i < MLP_N; i++) Y[i] = rng.int(10);
    const B = 128;
    /**
     * An epoch (or its first `batches` batches) in a fresh random order: `gather(r, i)` copies example i
     * to batch row r, `step(n, perm, s)` trains on the n rows perm[s…s+n).
     */
    const epochOf = (gather: (r: number, i: number) => void, step: (n: number, perm: Int32Array, s: number) => void) => (batches: number): void => {
      const perm = rng.permutation(MLP_N);
      for (let s = 0, b = 0; s < MLP_N && b < batches; s += B, b++) {
        const n = Math.min(B, MLP_N - s);
        for (let r = 0; r < n; r++) gather(r, perm[s + r]);
        step(n, perm, s);
      }
    };
    const gatherF32 = (xb: Float32Array, yb: Int32Array) => (r: number, i: number): void => {
      xb.set(X.subarray(i * 784, i * 784 + 784), r * 784);
      yb[r] = Y[i];
    };
    const ours: Variant[] = [];
    // (a) the training engine in float32: mlp(…, { dtype: 'float32' }) + optim.AdamW + CrossEntropyLossF32
    try {
      const { mlp } = await import('../../src/engine/nn/modules');
      const { AdamW } = await import('../../src/engine/optim/optimizers');
      const { CrossEntropyLossF32 } = await import('../../src/engine/nn/criterion');
      const { makeSpec } = await import('../../src/engine/losses/spec');
      const { gemmUsesWasm } = await import('../../src/engine/kernels/gemm-wasm');
      const model = mlp([784, 256, 10], new Rng(1), { dtype: 'float32' });
      const opt = new AdamW(model.parameters(), { lr: 1e-3 });
      const criterion = new CrossEntropyLossF32(makeSpec('CrossEntropyLoss'));
      // the batch is gathered straight into the network's memory (no copy in forward)
      const xb = model.inputBuffer(B, 784);
      const yb = new Int32Array(B);
      const epoch = epochOf(gatherF32(xb, yb), (n) => {
        const out = model.forward(xb, n, 784);
        model.backward(criterion.forward(out, yb, n, 10).grad, false);
        opt.step();
      });
      ours.push({ id: 'mlp-784', run: () => epoch(Infinity), warm: () => epoch(40), note: `engine float32: nn.mlp(dtype float32, gemm-wasm f32 ${gemmUsesWasm() ? 'WebAssembly SIMD' : 'JS fallback'}) + optim.AdamW + nn.CrossEntropyLossF32` });
    } catch (e) {
      ours.push(unavailable('mlp-784', e));
    }
    // (b) the training engine in its default float64: src/engine/nn modules + AdamW + computeLoss
    try {
      const { mlp } = await import('../../src/engine/nn/modules');
      const { AdamW } = await import('../../src/engine/optim/optimizers');
      const { computeLoss, float64Grad } = await import('../../src/engine/losses/index');
      const { makeSpec } = await import('../../src/engine/losses/spec');
      const model = mlp([784, 256, 10], new Rng(1));
      const opt = new AdamW(model.parameters(), { lr: 1e-3 });
      const spec = makeSpec('CrossEntropyLoss');
      const yb = new Float64Array(B);
      const epoch = epochOf((r, i) => { yb[r] = Y[i]; }, (n, perm, s) => {
        // the batch's rows straight into the network's memory, widened to float64 there
        const xb = model.gatherInput(X, perm, s, n, 784);
        const out = model.forward(xb, n, 784);
        const logits = { shape: [n, 10], data: out.subarray(0, n * 10), dtype: 'float64' as const };
        const res = computeLoss(spec, logits, { shape: [n], data: yb.subarray(0, n), dtype: 'int64' }, {});
        model.backward(float64Grad(res), false);
        opt.step();
      });
      ours.push({ id: 'mlp-784/engine-f64', goal: '≤ 2.5', run: () => epoch(Infinity), warm: () => epoch(20), note: 'engine float64 (default): nn.mlp (resident: parameters, moments, activations in its WebAssembly memory; f64 gemm) + optim.AdamW + computeLoss' });
    } catch (e) {
      ours.push(unavailable('mlp-784/engine-f64', e));
    }
    // (c) the same network on the kernels directly (bench-only trainer): gemm-wasm f32 + fused CE + AdamWF32
    try {
      const { KernelMlp } = await import('../mlp-kernels');
      const { gemmUsesWasm } = await import('../../src/engine/kernels/gemm-wasm');
      const net = new KernelMlp(784, 256, 10, B, new Rng(1));
      const xb = new Float32Array(B * 784);
      const yb = new Int32Array(B);
      const epoch = epochOf(gatherF32(xb, yb), (n) => net.step(xb, yb, n));
      ours.push({ id: 'mlp-784/kernels-f32', run: () => epoch(Infinity), warm: () => epoch(40), note: `kernels: gemm-wasm f32 (${gemmUsesWasm() ? 'WebAssembly SIMD' : 'JS fallback'}) + ce-row + AdamWF32 (bench/mlp-kernels.ts)` });
    } catch (e) {
      ours.push(unavailable('mlp-784/kernels-f32', e));
    }
    return { ours, torch: { kind: 'mlp', n: MLP_N } };
  },
};
