/**
 * target-out-of-range: the 1-based reading needs no negative label — a −1 next to labels 1..C (no 0)
 * is no 1-based set but padding plus a label beyond the output layer: the output-layer fix, not
 * `target - 1`. And the 1-based reading at its edges (largest exactly C; a 0 present).
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { targetOutOfRange } from '../../../../src/diagnostics/rules/target-out-of-range';

function ce(target: number[], C = 3): LossCase {
  const x = target.map((_, i) => Array.from({ length: C }, (_, k) => Math.sin(i + 2 * k)));
  return mkCase({ loss: 'CrossEntropyLoss', input: x, target, inputDtype: 'float64', targetDtype: 'int64' });
}
const LINEAR = (C: number, max: string, units: number): string => `# the output layer has ${C} units but labels go up to ${max}:\nmodel.fc = nn.Linear(in_features, ${units})   # num_classes = max label + 1\n# or remap the labels to 0..C-1, e.g. with a dict built from the sorted unique labels`;
const ONE_BASED = ' No target is 0 and the largest is 3: the labels look 1-based.';

ruleTable(targetOutOfRange, {
  severity: 'error',
  fires: [
    {
      name: 'labels 1..3 and a −1 for C = 3: not 1-based (a negative label), the output-layer fix',
      case: ce([1, -1, 3, 2]),
      expect: (f, all) => {
        assert.equal(all.length, 1);
        assert.equal(f.message, '2 of 4 targets are outside [0, 3) (the input has C = 3 classes) and are not ignore_index (-100): -1 ×1, 3 ×1; first at [1], [2]. PyTorch raises "Target -1 is out of bounds" (on GPU: a device-side assert).');
        assert.equal(f.fix, LINEAR(3, '3', 4));
        assert.equal(f.field, 'target');
        assert.equal(f.edit, undefined);
      },
    },
    {
      name: 'labels 1..3, −1 and −2 for C = 3: not 1-based either',
      case: ce([1, -1, 3, -2]),
      expect: (f) => assert.equal(f.fix, LINEAR(3, '3', 4)),
    },
    {
      name: 'labels 1..3 for C = 3 (the largest exactly C, no 0): 1-based',
      case: ce([2, 1, 3, 3]),
      expect: (f) => {
        assert.ok(f.message.endsWith(ONE_BASED), f.message);
        assert.equal(f.fix, 'target = target - 1   # labels 1..C -> 0..C-1');
      },
    },
    {
      name: 'labels 1..4 for C = 3 (the largest C + 1): not 1-based',
      case: ce([2, 1, 4, 3]),
      expect: (f) => assert.equal(f.fix, LINEAR(3, '4', 5)),
    },
  ],
  silent: [{ name: 'labels 0..2 for C = 3', case: ce([2, 1, 0, 0]) }],
});
