/**
 * bench `load-npy`: the (40, 30522) ce logits from .npy and .safetensors via loadTensorFile, vs np.load.
 */
import { join } from 'node:path';
import { writeNpy, writeSafetensors } from '../files';
import { CE_K, CE_N, ce } from '../loss-workloads';
import { unavailable, type Variant, type Workload } from '../harness';

export const loadNpy: Workload = {
  id: 'load-npy', title: '(40, 30522) float32 from .npy (and .safetensors)', goal: '≤ 2 ms',
  async prepare(dir) {
    const { x } = ce();
    const npy = join(dir, 'load.npy');
    const st = join(dir, 'load.safetensors');
    writeNpy(npy, x, [CE_N, CE_K]);
    writeSafetensors(st, 'logits', x, [CE_N, CE_K]);
    const ours: Variant[] = [];
    try {
      const { loadTensorFile } = await import('../../src/io/tensorfiles');
      loadTensorFile(npy);
      ours.push({ id: 'load-npy', run: () => loadTensorFile(npy), note: 'io loadTensorFile (.npy): read + parse' });
      loadTensorFile(st);
      ours.push({ id: 'load-npy/safetensors', run: () => loadTensorFile(st), note: 'io loadTensorFile (.safetensors)' });
    } catch (e) {
      ours.push(unavailable('load-npy', e));
    }
    return { ours, torch: { kind: 'npy', file: 'load.npy' } };
  },
};
