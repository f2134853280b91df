/**
 * all-targets-ignored, literally: each reduction's consequence sentence, the fix naming the case's
 * ignore_index, the evidence; silent when one target is real, on an empty target, on probability targets.
 */
import { ruleTable, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { allTargetsIgnored } from '../../../../src/diagnostics/rules/all-targets-ignored';
import { literal } from './literal';

const X = [[1, 2, 3], [0, 1, 0]];
const TAIL = ' Usually the label masking is wrong (labels shifted or masked twice, prompt masking covering the whole sequence) or the batch holds only padding.';
const fix = (ii: number): string => [
  `assert (target != ${ii}).any(), "batch has no supervised targets"`,
  '# check the collator / label masking, or skip such batches:',
  `if (target != ${ii}).sum() == 0: continue`,
].join('\n');

ruleTable(allTargetsIgnored, {
  severity: 'warning',
  fires: [
    {
      name: "reduction='mean': 0 / 0, the recomputed loss is NaN",
      case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: -100 }, input: X, target: [-100, -100] }),
      expect: literal({
        message: "All 2 targets equal ignore_index (-100): reduction='mean' divides by zero valid targets, so the loss is NaN (recomputed: NaN) and a NaN step can poison the weights." + TAIL,
        evidence: { total: 2, ignored: 2, ignoreIndex: -100, reduction: 'mean', loss: NaN },
        fix: fix(-100),
        field: 'target',
      }),
    },
    {
      name: "reduction='mean' and the loss cannot be recomputed (a weight of 2 for 3 classes): no recomputed value quoted",
      case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: -100, weight: [1, 2] }, input: X, target: [-100, -100] }),
      expect: literal({
        message: "All 2 targets equal ignore_index (-100): reduction='mean' divides by zero valid targets, so the loss is NaN and a NaN step can poison the weights." + TAIL,
        evidence: { total: 2, ignored: 2, ignoreIndex: -100, reduction: 'mean', loss: null },
      }),
    },
    {
      name: "reduction='sum': the loss is 0",
      case: mkCase({ loss: { type: 'NLLLoss', ignore_index: -1, reduction: 'sum' }, input: X, target: [-1, -1] }),
      expect: literal({
        message: 'All 2 targets equal ignore_index (-1): the loss is 0 and no gradient flows.' + TAIL,
        evidence: { total: 2, ignored: 2, ignoreIndex: -1, reduction: 'sum', loss: 0 },
        fix: fix(-1),
      }),
    },
    {
      name: "reduction='none', ignore_index 7 over three targets: all zeros, no scalar loss",
      case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 7, reduction: 'none' }, input: [...X, [5, 5, 5]], target: [7, 7, 7] }),
      expect: literal({
        message: 'All 3 targets equal ignore_index (7): the loss is all zeros and no gradient flows.' + TAIL,
        evidence: { total: 3, ignored: 3, ignoreIndex: 7, reduction: 'none', loss: null },
        fix: fix(7),
      }),
    },
  ],
  silent: [
    { name: 'one of two targets is a real class', case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: -100 }, input: X, target: [-100, 2] }) },
    { name: 'no target is ignored', case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: -100 }, input: X, target: [0, 2] }) },
    {
      name: 'an empty batch (0 targets: nothing to say)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(0), [0, 3], 'float32'), target: tensor(new Float64Array(0), [0], 'int64') }),
    },
    { name: 'probability targets (no class counts)', case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: -100 }, input: X, target: [[0, 0, 1], [1, 0, 0]] }) },
  ],
});
