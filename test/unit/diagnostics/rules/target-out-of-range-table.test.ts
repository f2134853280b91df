/**
 * target-out-of-range, branch by branch: the single negative value (padding not ignored), 1-based
 * labels, a mask stored as grey levels (direct `// step` remap, torch.unique, or a VOC "void" value),
 * labels beyond the output layer, fractional labels, and the fallback — each with its message, fix,
 * edit and evidence stated literally, and the mask heuristic's three limits just inside and outside.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import type { Finding } from '../../../../src/diagnostics/types';
import { targetOutOfRange } from '../../../../src/diagnostics/rules/target-out-of-range';

/** CrossEntropyLoss on C-class logits (one row per target), index targets. */
function ce(target: number[], C = 3, extra: Record<string, unknown> = {}, type: 'CrossEntropyLoss' | 'NLLLoss' = 'CrossEntropyLoss'): LossCase {
  const x = target.map((_, i) => Array.from({ length: C }, (_, k) => (type === 'NLLLoss' ? -1 - Math.sin(i + k) ** 2 : Math.sin(i + 2 * k))));
  return mkCase({ loss: { type, ...extra }, input: x, target, inputDtype: 'float64', targetDtype: Number.isInteger(target.reduce((a, b) => a + b, 0)) ? 'int64' : 'float64' });
}
const HEAD = (n: number, total: number, C: number, ign: number, vals: string, where: string, first: string): string =>
  `${n} of ${total} targets are outside [0, ${C}) (the input has C = ${C} classes) and are not ignore_index (${ign}): ${vals}; first at ${where}. PyTorch raises "Target ${first} is out of bounds" (on GPU: a device-side assert).`;
const LINEAR = (C: number, max: string, units: number): string => `# the output layer has ${C} units but labels go up to ${max}:\nmodel.fc = nn.Linear(in_features, ${units})   # num_classes = max label + 1\n# or remap the labels to 0..C-1, e.g. with a dict built from the sorted unique labels`;
const MASK = (n: number, vals: string, C: number, outputs: number): string => ` The target holds only ${n} distinct values (${vals}): a mask stored as grey levels (e.g. a PNG with 0 = background, 255 = object), not class ids. Remap the values to 0..${C - 1}; widening the model to ${outputs} outputs would train ${outputs} classes for ${n} real ones.`;

function exactly(message: string, fix: string, evidence: Record<string, unknown>, edit?: { path: string[]; value: unknown }): (f: Finding, all: Finding[]) => void {
  return (f, all) => {
    assert.equal(all.length, 1);
    assert.equal(f.message, message);
    assert.equal(f.fix, fix);
    assert.deepEqual(f.evidence, evidence);
    assert.deepEqual(f.edit, edit);
    assert.equal(f.field, edit ? 'loss.ignore_index' : 'target');
  };
}
const ev = (count: number, total: number, C: number, values: Record<string, number>, firstIndices: string[], ignoreIndex = -100, nonInteger = 0): Record<string, unknown> =>
  ({ count, total, numClasses: C, ignoreIndex, values, firstIndices, nonInteger });

ruleTable(targetOutOfRange, {
  severity: 'error',
  fires: [
    {
      name: 'one value −1 twice (ignore_index −100): padding not ignored; ignore_index=−1 as the edit',
      case: ce([0, -1, 2, -1]),
      expect: exactly(
        '2 targets are -1, but ignore_index is -100: PyTorch treats -1 as a class index and raises "Target -1 is out of bounds". The -1 entries look like padding/masked positions meant to be ignored.',
        'criterion = nn.CrossEntropyLoss(ignore_index=-1)   # ignore the -1 positions\n# or, if -100 is really your padding value: target[target == -1] = -100',
        ev(2, 4, 3, { '-1': 2 }, ['[1]', '[3]']), { path: ['loss', 'ignore_index'], value: -1 }),
    },
    {
      name: '−100 padding while ignore_index is 0: "(not the default -100)"',
      case: ce([1, -100, 2, -100], 3, { ignore_index: 0 }, 'NLLLoss'),
      expect: exactly(
        '2 targets are -100, but ignore_index is 0 (not the default -100): PyTorch treats -100 as a class index and raises "Target -100 is out of bounds". The -100 entries look like padding/masked positions meant to be ignored.',
        'criterion = nn.NLLLoss(ignore_index=-100)   # ignore the -100 positions\n# or, if 0 is really your padding value: target[target == -100] = 0',
        ev(2, 4, 3, { '-100': 2 }, ['[1]', '[3]'], 0), { path: ['loss', 'ignore_index'], value: -100 }),
    },
    {
      name: '−1 while ignore_index is 5: the plain wording (only −100 is "the default")',
      case: ce([1, -1, 2], 6, { ignore_index: 5 }),
      expect: (f) => assert.ok(f.message.startsWith('1 targets are -1, but ignore_index is 5: PyTorch'), f.message),
    },
    {
      name: 'two negative values (−1 ×2, −2 ×1): no single padding value, the generic assert fix',
      case: ce([-2, -1, 0, -1]),
      expect: exactly(
        HEAD(3, 4, 3, -100, '-1 ×2, -2 ×1', '[0], [1], [3]', '-1'),
        'assert ((target >= 0) & (target < 3) | (target == -100)).all()\ncriterion = nn.CrossEntropyLoss(ignore_index=<your padding value>)',
        ev(3, 4, 3, { '-1': 2, '-2': 1 }, ['[0]', '[1]', '[3]'])),
    },
    {
      name: 'a negative and a too-big value: the output-layer fix up to 5',
      case: ce([0, -1, 5, 1]),
      expect: exactly(HEAD(2, 4, 3, -100, '-1 ×1, 5 ×1', '[1], [2]', '-1'), LINEAR(3, '5', 6), ev(2, 4, 3, { '-1': 1, '5': 1 }, ['[1]', '[2]'])),
    },
    {
      name: 'labels 1..3 for C = 3, no 0: 1-based',
      case: ce([1, 3, 2, 3]),
      expect: exactly(
        `${HEAD(2, 4, 3, -100, '3 ×2', '[1], [3]', '3')} No target is 0 and the largest is 3: the labels look 1-based.`,
        'target = target - 1   # labels 1..C -> 0..C-1', ev(2, 4, 3, { '3': 2 }, ['[1]', '[3]'])),
    },
    {
      name: 'labels 0..3 for C = 3 (0 present): not 1-based, one class more in the output layer',
      case: ce([0, 3, 2, 1]),
      expect: exactly(HEAD(1, 4, 3, -100, '3 ×1', '[1]', '3'), LINEAR(3, '3', 4), ev(1, 4, 3, { '3': 1 }, ['[1]'])),
    },
    {
      name: 'labels 1, 2, 4 for C = 3: the largest is not C, so not 1-based',
      case: ce([1, 2, 4, 4]),
      expect: (f) => assert.equal(f.fix, LINEAR(3, '4', 5)),
    },
    {
      name: 'a {0, 255} mask for C = 2: grey levels, remap by // 255',
      case: ce([0, 255, 255, 0], 2),
      expect: exactly(
        `${HEAD(2, 4, 2, -100, '255 ×2', '[1], [2]', '255')}${MASK(2, '0, 255', 2, 256)}`,
        'target = mask // 255   # 0 -> 0, 255 -> 1\n# or, if 255 marks unlabelled/void pixels: criterion = nn.CrossEntropyLoss(ignore_index=255)',
        ev(2, 4, 2, { '255': 2 }, ['[1]', '[2]'])),
    },
    {
      name: 'a {0, 128, 255} mask for C = 2: no common step, torch.unique',
      case: ce([0, 128, 255, 0], 2),
      expect: (f) => {
        assert.ok(f.message.endsWith(MASK(3, '0, 128, 255', 2, 256)), f.message);
        assert.equal(f.fix, '_, target = torch.unique(mask, return_inverse=True)   # grey levels -> 0..K-1 (sorted)\n# or, if 255 marks unlabelled/void pixels: criterion = nn.CrossEntropyLoss(ignore_index=255)');
      },
    },
    {
      name: 'a {0, 100, 200} mask for C = 3: step 100 maps onto 0..2',
      case: ce([0, 100, 200, 100], 3),
      expect: (f) => assert.equal(f.fix.split('\n')[0], 'target = mask // 100   # 0 -> 0, 100 -> 1, 200 -> 2'),
    },
    {
      name: 'a {0, 100, 200} mask for C = 2: step 100 gives 2, not a class — torch.unique',
      case: ce([0, 100, 200, 100], 2),
      expect: (f) => assert.match(f.fix, /^_, target = torch\.unique/),
    },
    {
      name: 'a {100, 200} mask for C = 2 (no 0): step 100 gives 1, 2 — torch.unique',
      case: ce([100, 200, 100, 200], 2),
      expect: (f) => assert.match(f.fix, /^_, target = torch\.unique/),
    },
    {
      name: 'classes 0..2 plus 255 for C = 3: VOC "void", ignore_index=255',
      case: ce([0, 1, 2, 255], 3),
      expect: exactly(
        `${HEAD(1, 4, 3, -100, '255 ×1', '[3]', '255')} The classes 0..2 are all in range except 255, which marks "void"/unlabelled pixels (Pascal VOC style): it should be ignored, not learned.`,
        'criterion = nn.CrossEntropyLoss(ignore_index=255)   # 255 = void/border pixels, not a class',
        ev(1, 4, 3, { '255': 1 }, ['[3]']), { path: ['loss', 'ignore_index'], value: 255 }),
    },
    {
      name: '{0, 8} for C = 2: the largest exactly 4 × the 2 distinct values — a mask',
      case: ce([0, 8, 8, 0], 2),
      expect: (f) => assert.equal(f.fix.split('\n')[0], 'target = mask // 8   # 0 -> 0, 8 -> 1'),
    },
    { name: '{0, 7} for C = 2: 7 < 4 × 2 — labels, not a mask', case: ce([0, 7, 7, 0], 2), expect: (f) => assert.equal(f.fix, LINEAR(2, '7', 8)) },
    {
      name: '{0, 10} for C = 5: the largest exactly 2·C — a mask',
      case: ce([0, 10, 10, 0], 5),
      expect: (f) => assert.equal(f.fix.split('\n')[0], 'target = mask // 10   # 0 -> 0, 10 -> 1'),
    },
    { name: '{0, 9} for C = 5: 9 < 2·C — labels', case: ce([0, 9, 9, 0], 5), expect: (f) => assert.equal(f.fix, LINEAR(5, '9', 10)) },
    {
      name: 'eight distinct values (0, 50, …, 350) for C = 2: still a mask',
      case: ce([0, 50, 100, 150, 200, 250, 300, 350], 2),
      expect: (f) => assert.ok(f.message.includes('The target holds only 8 distinct values (0, 50, 100, 150, 200, 250, 300, 350)'), f.message),
    },
    {
      name: 'nine distinct values (0, 50, …, 400) for C = 2: labels, the output-layer fix',
      case: ce([0, 50, 100, 150, 200, 250, 300, 350, 400], 2),
      expect: (f) => {
        assert.equal(f.fix, LINEAR(2, '400', 401));
        // first out-of-range indices: at most five
        assert.deepEqual(f.evidence.firstIndices, ['[1]', '[2]', '[3]', '[4]', '[5]']);
      },
    },
    {
      name: 'a fractional label 200.5: shown as written, the output layer up to 201, and the whole-number note',
      case: ce([0, 200.5, 1, 2]),
      expect: exactly(
        HEAD(1, 4, 3, -100, '200.5 ×1', '[1]', '200.5'),
        `${LINEAR(3, '200.5', 201)}\n# 1 targets are not whole numbers: class targets must be integer class indices (target.long())`,
        ev(1, 4, 3, { '200.5': 1 }, ['[1]'], -100, 1)),
    },
    {
      name: 'a fractional mask-like value (0, 255.5): not a mask (non-integer)',
      case: ce([0, 255.5, 0, 0], 2),
      expect: (f) => assert.equal(f.fix, `${LINEAR(2, '255.5', 256)}\n# 1 targets are not whole numbers: class targets must be integer class indices (target.long())`),
    },
    {
      name: 'eleven distinct values beyond C: ten listed (most frequent first), eleven counted',
      case: ce([13, 13, 13, 12, 12, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
      expect: (f) => {
        // 11 (count 1, seen last) is the one left out; integer-like keys list in numeric order
        assert.deepEqual(Object.keys(f.evidence.values as object), ['3', '4', '5', '6', '7', '8', '9', '10', '12', '13']);
        assert.equal(f.evidence.count, 14);
        assert.ok(f.message.includes(': 13 ×3, 12 ×2, 3 ×1, 4 ×1, 5 ×1, 6 ×1, 7 ×1, 8 ×1, 9 ×1, 10 ×1; first at [0], [1], [2], [3], [4]. PyTorch raises "Target 13 is out of bounds"'), f.message);
        assert.equal(f.fix, LINEAR(3, '13', 14));
      },
    },
  ],
  silent: [
    { name: 'every target in [0, 3)', case: ce([0, 1, 2, 2]) },
    { name: '−100 with the default ignore_index', case: ce([0, -100, 2, -100]) },
    { name: '255 when ignore_index is 255', case: ce([0, 255, 1, 2], 3, { ignore_index: 255 }) },
  ],
});
