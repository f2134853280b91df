/**
 * Shared by the loss workloads: the `ce-*` data (40 × 30522 logits, fixed seed, 2 of 40 rows ignored)
 * and the two workload builders (cross-entropy and BCEWithLogits: the kernel, the product's
 * computeLoss, and for cross-entropy the two-thread bench-only split).
 */
import { join } from 'node:path';
import { Rng } from '../src/engine/data/rng';
import { writeNpy } from './files';
import { ROOT, unavailable, type Variant, type Workload } from './harness';

export const SEED = 20261129;
export const CE_N = 40;
export const CE_K = 30522;

function ceData(): { x: Float32Array; t: Int32Array; w: Float32Array } {
  const rng = new Rng(SEED, 'ce');
  const x = new Float32Array(CE_N * CE_K);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal() * 2;
  const t = new Int32Array(CE_N);
  for (let i = 0; i < CE_N; i++) t[i] = i === 7 || i === 23 ? -100 : rng.int(CE_K); // 2 of 40 = 5 % ignored
  const w = new Float32Array(CE_K);
  for (let c = 0; c < CE_K; c++) w[c] = 0.5 + rng.uniform();
  return { x, t, w };
}

let ceCache: ReturnType<typeof ceData> | undefined;
export function ce(): ReturnType<typeof ceData> {
  ceCache ??= ceData();
  return ceCache;
}

// ---------------------------------------------------------------- builders

export function ceWorkload(id: string, smoothWeight: boolean, goal: string, title: string): Workload {
  return {
    id, title, goal,
    async prepare(dir) {
      const { x, t, w } = ce();
      writeNpy(join(dir, 'ce_x.npy'), x, [CE_N, CE_K]);
      writeNpy(join(dir, 'ce_t.npy'), BigInt64Array.from(t, (v) => BigInt(v)), [CE_N]);
      writeNpy(join(dir, 'ce_w.npy'), w, [CE_K]);
      const ours: Variant[] = [];
      const opts = smoothWeight ? { weight: w, labelSmoothing: 0.1 } : {};
      try {
        const { crossEntropyF32, ceUsesWasm } = await import('../src/engine/kernels/ce-row');
        ours.push({ id, run: () => crossEntropyF32(x, t, CE_N, CE_K, opts), note: `kernels/ce-row (${ceUsesWasm() ? 'WebAssembly SIMD' : 'JS'})` });
      } catch (e) {
        ours.push(unavailable(id, e));
      }
      let cleanup: (() => void) | undefined;
      try {
        const { CeParallel } = await import('./parallel/ce-parallel');
        const pool = await CeParallel.create(join(ROOT, 'bench', 'parallel', 'ce-worker.ts'));
        if (pool === undefined) throw new Error('worker_threads unavailable');
        cleanup = () => { void pool.close(); };
        ours.push({ id: `${id}/2-threads`, run: () => pool.run(x, t, CE_N, CE_K, opts), note: 'bench/parallel/ce-parallel: rows split with one persistent worker (SharedArrayBuffer)' });
      } catch (e) {
        ours.push(unavailable(`${id}/2-threads`, e));
      }
      try {
        const { computeLoss } = await import('../src/engine/losses/index');
        const { makeSpec } = await import('../src/engine/losses/spec');
        const spec = makeSpec('CrossEntropyLoss', smoothWeight ? { label_smoothing: 0.1, weight: { shape: [CE_K], data: w, dtype: 'float32' } } : {});
        const input = { shape: [CE_N, CE_K], data: x, dtype: 'float32' as const };
        const target = { shape: [CE_N], data: Float64Array.from(t), dtype: 'int64' as const };
        computeLoss(spec, input, target, { dtype: 'float32' });
        ours.push({ id: `${id}/computeLoss`, run: () => computeLoss(spec, input, target, { dtype: 'float32' }), note: 'engine computeLoss, dtype float32 (the reference path)' });
      } catch (e) {
        ours.push(unavailable(`${id}/computeLoss`, e));
      }
      return { ours, torch: { kind: 'ce', smooth_weight: smoothWeight }, ...(cleanup ? { cleanup } : {}) };
    },
  };
}

export function bceWorkload(id: string, shape: number[], goal: string, title: string): Workload {
  return {
    id, title, goal,
    async prepare(dir) {
      const rng = new Rng(SEED, id);
      const n = shape.reduce((a, b) => a * b, 1);
      const z = new Float32Array(n);
      const y = new Float32Array(n);
      const labels = shape.length > 1 ? shape[shape.length - 1] : 1;
      for (let i = 0; i < n; i++) {
        z[i] = rng.normal() * 2;
        y[i] = rng.uniform() < (labels > 1 ? 0.1 + 0.15 * (i % labels) : 0.05) ? 1 : 0;
      }
      const pw = new Float32Array(labels);
      for (let j = 0; j < labels; j++) pw[j] = labels > 1 ? 1 + 2 * j : 19;
      const prefix = id.replace(/-/g, '_');
      writeNpy(join(dir, `${prefix}_z.npy`), z, shape);
      writeNpy(join(dir, `${prefix}_y.npy`), y, shape);
      writeNpy(join(dir, `${prefix}_pw.npy`), pw, [labels]);
      const ours: Variant[] = [];
      try {
        const { bceWithLogitsF32 } = await import('../src/engine/kernels/bce-row');
        ours.push({ id, run: () => bceWithLogitsF32(z, y, n, labels, { posWeight: pw }), note: labels === 1 || pw.length === 1 ? 'kernels/bce-row (WebAssembly SIMD, float32)' : 'kernels/bce-row (fused JS pass, float64; per-label pos_weight)' });
      } catch (e) {
        ours.push(unavailable(id, e));
      }
      try {
        const { computeLoss } = await import('../src/engine/losses/index');
        const { makeSpec } = await import('../src/engine/losses/spec');
        const spec = makeSpec('BCEWithLogitsLoss', { pos_weight: { shape: [labels], data: pw, dtype: 'float32' } });
        const input = { shape, data: z, dtype: 'float32' as const };
        const target = { shape, data: y, dtype: 'float32' as const };
        computeLoss(spec, input, target, { dtype: 'float32' });
        ours.push({ id: `${id}/computeLoss`, run: () => computeLoss(spec, input, target, { dtype: 'float32' }), note: 'engine computeLoss, dtype float32 (the reference path)' });
      } catch (e) {
        ours.push(unavailable(`${id}/computeLoss`, e));
      }
      return { ours, torch: { kind: 'bce', prefix } };
    },
  };
}
