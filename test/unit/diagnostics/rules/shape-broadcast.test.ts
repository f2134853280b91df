/**
 * shape-mismatch's account of what PyTorch's broadcast pairs (describeBroadcast), word for word: a
 * user reads it to see which dims were stretched and whose targets each prediction met. The
 * "batch dim shifted" explanation only when a size-1 input dim really meets the batch.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { broadcastShape } from '../../../../src/engine/losses/index';
import { describeBroadcast, shapeMismatch } from '../../../../src/diagnostics/rules/shape-mismatch';

const say = (s: number[], t: number[]): string => {
  const b = broadcastShape(s, t);
  assert.ok(b, `${s} and ${t} broadcast`);
  return describeBroadcast(s, t, b);
};
const SHIFTED = (n: number): string => `each predicted value is compared with the value at the same position in the targets of all ${n} samples (sample i's prediction is scored against sample j's target for every i, j), not only with its own.`;

describe('describeBroadcast', () => {
  it('(4, 1) against (4,): every prediction meets all 4 targets', () => {
    assert.equal(say([4, 1], [4]), "PyTorch aligns shapes from the right, so the target (4,) is read as (1, 4); the input's dim 1 (size 1) is repeated 4 times, the target's dim 0 (size 1) is repeated 4 times: every prediction is compared with every one of the 4 target values.");
  });
  it('(4, 1, 3) against (4, 3): the batch dim shifted onto the size-1 input dim', () => {
    assert.equal(say([4, 1, 3], [4, 3]), `PyTorch aligns shapes from the right, so the target (4, 3) is read as (1, 4, 3); the input's dim 1 (size 1) is repeated 4 times, the target's dim 0 (size 1) is repeated 4 times: ${SHIFTED(4)}`);
  });
  it('(4, 4, 1) against (4, 3): the batch meets a dim of the same size, not a size-1 one — not shifted', () => {
    assert.equal(say([4, 4, 1], [4, 3]), "PyTorch aligns shapes from the right, so the target (4, 3) is read as (1, 4, 3); the input's dim 2 (size 1) is repeated 3 times, the target's dim 0 (size 1) is repeated 4 times: each predicted value is compared with 3 target values instead of one.");
  });
  it('(4, 1, 4, 3) against (4, 3): the size-1 input dim meets a padded 1, not the batch — not shifted', () => {
    assert.equal(say([4, 1, 4, 3], [4, 3]), "PyTorch aligns shapes from the right, so the target (4, 3) is read as (1, 1, 4, 3); the target's dim 0 (size 1) is repeated 4 times: each predicted value is compared with 1 target values instead of one.");
  });
  it('(3,) against (2, 3): the input is the shorter one, each prediction meets 2 targets', () => {
    assert.equal(say([3], [2, 3]), "PyTorch aligns shapes from the right, so the input (3,) is read as (1, 3); the input's dim 0 (size 1) is repeated 2 times: each predicted value is compared with 2 target values instead of one.");
  });
  it('(1, 3) against (2, 1, 3): both padded', () => {
    assert.equal(say([1, 3], [2, 1, 3]), "PyTorch aligns shapes from the right, so the input (1, 3) is read as (1, 1, 3); the input's dim 0 (size 1) is repeated 2 times: each predicted value is compared with 2 target values instead of one.");
  });
});

describe('shape-mismatch: the broadcast trap in a message', () => {
  it('MSELoss (4, 1) against (4,)', () => {
    const c = mkCase({ loss: 'MSELoss', input: [[1], [2], [3], [4]], target: [1, 2, 3, 4], inputDtype: 'float64', targetDtype: 'float64' });
    const [f] = check(shapeMismatch, c);
    assert.equal(f.message, `The input is (4, 1) and the target (4,). MSELoss broadcasts them to (4, 4) (16 pairs instead of 4) with only a warning: ${say([4, 1], [4])} The loss is wrong and the model learns to predict the average of the targets it is paired with.`);
    assert.deepEqual(f.evidence, { inputShape: [4, 1], targetShape: [4], expectedTargetShape: [4, 1], broadcastShape: [4, 4], pairs: 16, expectedPairs: 4 });
    assert.equal(f.fix, 'pred = pred.squeeze(-1)          # (N, 1) -> (N,), or: target = target.unsqueeze(-1)');
  });
});

describe('shape-mismatch: class targets of another shape', () => {
  it('CrossEntropyLoss (4, 3) logits with (4, 2) targets: the fix states the index shape', () => {
    const c = mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3], [0, 1, 0], [1, 1, 1], [2, 0, 1]], target: [[0, 1], [1, 2], [2, 0], [0, 0]] });
    const [f] = check(shapeMismatch, c);
    assert.equal(f.fix, '# make the target match: class indices of shape (4,)\nassert target.shape == logits.shape[:1] + logits.shape[2:]');
    assert.equal(f.message, 'The target is (4, 2) but CrossEntropyLoss with an input of (4, 3) (C = 3 on dim 1) needs class indices of shape (4,) or class probabilities of shape (4, 3). PyTorch raises a size error.');
  });
});
