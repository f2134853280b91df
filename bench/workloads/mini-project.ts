/**
 * bench `mini-project`: the tutorial's four problems trained as specified (runScenario), vs PyTorch
 * by index batching and vs the tutorial's own DataLoader version.
 */
import { unavailable, type Workload } from '../harness';

export const miniProject: Workload = {
  id: 'mini-project', title: "tutorial mini project: four scenarios trained as specified", goal: '≤ 1.0 (≤ 0.5 of the DataLoader version)',
  rounds: 3, heavy: true,
  async prepare() {
    try {
      const { runScenario } = await import('../../src/scenarios/index');
      return {
        ours: [{ id: 'mini-project', run: () => runScenario('mini-project'), note: "runScenario('mini-project')" }],
        torch: { kind: 'mini' },
        torchExtra: [{ key: 'dataloader', params: { kind: 'mini', dataloader: true } }],
      };
    } catch (e) {
      return { ours: [unavailable('mini-project', e)], torch: { kind: 'mini' }, torchExtra: [{ key: 'dataloader', params: { kind: 'mini', dataloader: true } }] };
    }
  },
};
