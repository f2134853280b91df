/**
 * target-out-of-range: the 1-based reading needs no negative label — a −1 next to labels 1..C (no 0)
 * is no 1-based set but padding plus a label beyond the output layer: the output-layer fix, not
 * `target - 1`. And the 1-based reading at its edges (largest exactly C; a 0 present). Non-finite
 * targets (NaN, ±Inf) are non-finite-values' finding: alone they leave this rule silent, next to a
 * finite out-of-range value they are neither counted nor read (before, [0, Inf, 1] was "a mask stored
 * as grey levels … widening the model to Infinity outputs" with ignore_index=Infinity as the fix).
 * A single fractional negative label is no padding value to ignore; a VOC void value next to exactly
 * two valid classes.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { targetOutOfRange } from '../../../../src/diagnostics/rules/target-out-of-range';

function ce(target: number[], C = 3): LossCase {
  const x = target.map((_, i) => Array.from({ length: C }, (_, k) => Math.sin(i + 2 * k)));
  const whole = target.every((v) => Number.isInteger(v));
  return mkCase({ loss: 'CrossEntropyLoss', input: x, target, inputDtype: 'float64', targetDtype: whole ? 'int64' : 'float64' });
}
const HEAD = (n: number, total: number, C: number, vals: string, where: string, first: string): string =>
  `${n} of ${total} targets are outside [0, ${C}) (the input has C = ${C} classes) and are not ignore_index (-100): ${vals}; first at ${where}. PyTorch raises "Target ${first} is out of bounds" (on GPU: a device-side assert).`;
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
    {
      name: 'classes 0..2, 255 and +Inf: the Inf left to non-finite-values, 255 read as VOC void',
      case: ce([0, 1, 2, 255, Infinity]),
      expect: (f) => {
        assert.equal(f.message, `${HEAD(1, 5, 3, '255 ×1', '[3]', '255')} The classes 0..2 are all in range except 255, which marks "void"/unlabelled pixels (Pascal VOC style): it should be ignored, not learned.`);
        assert.deepEqual(f.evidence, { count: 1, total: 5, numClasses: 3, ignoreIndex: -100, values: { 255: 1 }, firstIndices: ['[3]'], nonInteger: 0 });
        assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: 255 });
      },
    },
    {
      name: 'a {0, 255} mask with a NaN for C = 2: still a mask (the NaN is no fractional label), remapped by // 255',
      case: ce([0, NaN, 255, 0], 2),
      expect: (f) => {
        assert.ok(f.message.startsWith(HEAD(1, 4, 2, '255 ×1', '[2]', '255')), f.message);
        assert.equal(f.fix, 'target = mask // 255   # 0 -> 0, 255 -> 1\n# or, if 255 marks unlabelled/void pixels: criterion = nn.CrossEntropyLoss(ignore_index=255)');
        assert.equal(f.evidence.nonInteger, 0);
      },
    },
    {
      name: 'a single fractional negative label −0.5: no padding value to ignore, only the whole-number note',
      case: ce([0, -0.5, 1, 2]),
      expect: (f) => {
        assert.equal(f.message, HEAD(1, 4, 3, '-0.5 ×1', '[1]', '-0.5'));
        assert.equal(f.fix, '# 1 targets are not whole numbers: class targets must be integer class indices (target.long())');
        assert.equal(f.edit, undefined);
        assert.equal(f.field, 'target');
      },
    },
    {
      name: 'classes 0 and 1 (two of C = 3) and 255: VOC void',
      case: ce([0, 1, 255, 1]),
      expect: (f) => assert.equal(f.fix, 'criterion = nn.CrossEntropyLoss(ignore_index=255)   # 255 = void/border pixels, not a class'),
    },
    {
      name: 'a label 1234567891: written whole (not 1234567890 from 9 digits)',
      case: ce([0, 1234567891, 1, 2]),
      expect: (f) => assert.ok(f.message.startsWith(HEAD(1, 4, 3, '1234567891 ×1', '[1]', '1234567891')), f.message),
    },
    {
      name: 'a fractional label 1234567.5 (≥ 1e6): in 3 digits, 1.23e+6',
      case: ce([0, 1234567.5, 1, 2]),
      expect: (f) => {
        assert.equal(f.message, HEAD(1, 4, 3, '1.23e+6 ×1', '[1]', '1.23e+6'));
        assert.deepEqual(f.evidence.values, { '1.23e+6': 1 });
      },
    },
  ],
  silent: [
    { name: 'labels 0..2 for C = 3', case: ce([2, 1, 0, 0]) },
    { name: 'a NaN target among 0..2 (non-finite-values\'s)', case: ce([0, NaN, 1]) },
    { name: 'a +Inf target among 0..2', case: ce([0, Infinity, 1]) },
    { name: 'a −Inf target among 0..2', case: ce([0, -Infinity, 1]) },
  ],
});
