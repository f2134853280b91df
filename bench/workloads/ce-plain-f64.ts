/**
 * bench `ce-plain-f64`: the product's default path — `computeLoss` in float64 (loss and gradient, exact
 * to PyTorch float64 within 1e-9) on the `ce-plain` logits — vs PyTorch float64 `cross_entropy`
 * forward + backward on the same values (the float32 file widened once, outside the timing).
 */
import { join } from 'node:path';
import { writeNpy } from '../files';
import { CE_K, CE_N, ce } from '../loss-workloads';
import { unavailable, type Variant, type Workload } from '../harness';

export const cePlainF64: Workload = {
  id: 'ce-plain-f64',
  title: 'CrossEntropy fwd+grad in float64, logits (40, 30522) (f32 values), 5 % ignored, mean — computeLoss vs PyTorch f64',
  goal: '≤ 1.0',
  async prepare(dir) {
    const { x, t } = ce();
    writeNpy(join(dir, 'ce_x.npy'), x, [CE_N, CE_K]);
    writeNpy(join(dir, 'ce_t.npy'), BigInt64Array.from(t, (v) => BigInt(v)), [CE_N]);
    const ours: Variant[] = [];
    try {
      const { computeLoss } = await import('../../src/engine/losses/index');
      const { makeSpec } = await import('../../src/engine/losses/spec');
      const spec = makeSpec('CrossEntropyLoss');
      const input = { shape: [CE_N, CE_K], data: x, dtype: 'float32' as const };
      const target = { shape: [CE_N], data: Float64Array.from(t), dtype: 'int64' as const };
      computeLoss(spec, input, target);
      ours.push({ id: 'ce-plain-f64', run: () => computeLoss(spec, input, target), note: 'engine computeLoss, default float64 (the product path: inspect, loss, the panel)' });
    } catch (e) {
      ours.push(unavailable('ce-plain-f64', e));
    }
    return { ours, torch: { kind: 'ce', f64: true } };
  },
};
