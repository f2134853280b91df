/**
 * Class weights as PyTorch takes them (shape (C,) only: torch 1.13 refuses (C, 1), (1, C) and a 0-d
 * weight with "weight tensor should be defined either for all C classes or no classes"), the errors
 * of weights that do not fit, word for word in both dtypes, a class index above C, the kernels'
 * routing guards and argument checks, and `makeSpec` keeping PyTorch's defaults for arguments given
 * as undefined.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import { bceKernelApplies, bceWithLogitsKernel, ceKernelApplies, crossEntropyKernel } from '../../../../src/engine/losses/route';
import { defaultSpec, makeSpec } from '../../../../src/engine/losses/spec';
import { refused, spec, t } from './helpers';

const F32 = { dtype: 'float32' as const };
const logits = t([0.5, -0.25, 1, 2, 0, -1, 0.3, 0.1, -0.7, 1.5, 0.2, -2], [3, 4]);
const idx = t([0, 3, 1], [3], 'int64');

test('class losses: a weight of C values that is not (C,) is refused, as PyTorch does, in both dtypes', () => {
  for (const type of ['CrossEntropyLoss', 'NLLLoss'] as const) {
    for (const shape of [[4, 1], [1, 4], [2, 2]]) {
      for (const opts of [undefined, F32]) {
        refused(() => computeLoss(spec(type, { weight: t([1, 2, 3, 4], shape) }), logits, idx, opts),
          `${type}: weight of shape (${shape.join(', ')}) is not 1-D (PyTorch refuses it even with one value per class)`, 'pass it as shape (4,), e.g. weight.flatten()', 'loss.weight');
      }
    }
    refused(() => computeLoss(spec(type, { weight: t([2], []) }), t([0.5], [1]), t([0], [], 'int64')),
      `${type}: weight of shape () is not 1-D (PyTorch refuses it even with one value per class)`, 'pass it as shape (1,), e.g. weight.flatten()', 'loss.weight');
    // (C,) is taken
    assert.ok(Number.isFinite(computeLoss(spec(type, { weight: t([1, 2, 3, 4], [4]) }), logits, idx).value.data[0]));
  }
});

test('class losses: a weight of another length names its shape and count, in both dtypes', () => {
  for (const type of ['CrossEntropyLoss', 'NLLLoss'] as const) {
    for (const opts of [undefined, F32]) {
      refused(() => computeLoss(spec(type, { weight: t([1, 2, 3], [3]) }), logits, idx, opts),
        `${type}: weight of shape (3,) has 3 values for 4 classes`, 'the weight needs one value per class (shape (4,)) or no weight at all', 'loss.weight');
    }
  }
});

test('a class index above C (not C itself) points at the number of output classes', () => {
  for (const type of ['CrossEntropyLoss', 'NLLLoss'] as const) {
    refused(() => computeLoss(spec(type), logits, t([0, 6, 1], [3], 'int64')), `${type}: target[1] = 6 is out of range for 4 classes [0, 4)`,
      'class indices run from 0 to 3; check the number of output classes of the model', 'target');
  }
});

test('BCEWithLogitsLoss: a pos_weight that does not broadcast is named in the message and the hint (float64 path)', () => {
  const x = t([0.1, 0.2, 0.3, 0.4], [2, 2]);
  const y = t([1, 0, 0, 1], [2, 2]);
  refused(() => computeLoss(spec('BCEWithLogitsLoss', { pos_weight: t([1, 2, 3], [3]) }), x, y),
    'pos_weight of shape (3,) does not broadcast to the input shape (2, 2)',
    "its dimensions are matched with the input's from the right and must each be 1 or equal; e.g. a per-class pos_weight for input (N, C) has shape (C,)", 'loss.pos_weight');
});

test('kernel routing: (C,) weights only; a BCE target of another rank never goes to the kernel', () => {
  const ce = (w: number[], shape: number[]): boolean => ceKernelApplies(spec('CrossEntropyLoss', { weight: t(w, shape) }), logits, idx, F32);
  assert.equal(ce([1, 2, 3, 4], [4]), true);
  assert.equal(ce([1, 2, 3, 4], [4, 1]), false);
  assert.equal(ce([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]), false);
  const x = t(new Array(12).fill(0.5), [4, 3]);
  assert.equal(bceKernelApplies(spec('BCEWithLogitsLoss'), x, t(new Array(12).fill(1), [4, 3]), F32), true);
  assert.equal(bceKernelApplies(spec('BCEWithLogitsLoss'), x, t(new Array(12).fill(1), [4, 3, 1]), F32), false);
  assert.equal(bceKernelApplies(spec('BCEWithLogitsLoss'), t(new Array(12).fill(0.5), [4, 3, 1]), t(new Array(12).fill(1), [4, 3]), F32), false);
});

test('the kernels take none, mean and sum only: another reduction is a RangeError naming it', () => {
  assert.throws(() => bceWithLogitsKernel(spec('BCEWithLogitsLoss', { reduction: 'batchmean' }), t([0.5], [1]), t([1], [1])),
    (e: unknown) => e instanceof RangeError && e.message === "bceWithLogitsKernel: reduction 'batchmean'");
  assert.throws(() => crossEntropyKernel(spec('CrossEntropyLoss', { reduction: 'batchmean' }), logits, idx),
    (e: unknown) => e instanceof RangeError && e.message === "crossEntropyKernel: reduction 'batchmean'");
});

test('makeSpec: arguments given as undefined keep PyTorch\'s defaults', () => {
  assert.deepEqual(makeSpec('CrossEntropyLoss', { reduction: undefined, weight: undefined, label_smoothing: undefined, ignore_index: undefined }), defaultSpec('CrossEntropyLoss'));
  assert.equal('weight' in makeSpec('NLLLoss', { weight: undefined }), false);
  assert.deepEqual(makeSpec('HuberLoss', { delta: 2, reduction: 'sum' }), { ...defaultSpec('HuberLoss'), delta: 2, reduction: 'sum' });
});
