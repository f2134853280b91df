/**
 * shape-mismatch, branch by branch: a firing/silent table whose firing cases state the message, the
 * fix and the evidence literally (the shapes and pair counts derived by hand in each case's name),
 * so that every guard, every message and fix choice and every number of the rule is pinned.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase, ruleTable } from '../harness';
import type { Finding } from '../../../../src/diagnostics/types';
import { describeBroadcast, shapeMismatch } from '../../../../src/diagnostics/rules/shape-mismatch';

/** Asserts the finding word for word. */
function exactly(message: string, fix: string, evidence: Record<string, unknown>): (f: Finding, all: Finding[]) => void {
  return (f, all) => {
    assert.equal(all.length, 1, 'one finding');
    assert.equal(f.message, message);
    assert.equal(f.fix, fix);
    assert.deepEqual(f.evidence, evidence);
    assert.equal(f.field, 'target');
  };
}

const logits43 = [[1, 2, 3], [0, 1, 0], [1, 1, 1], [2, 0, 1]];
const oneHot43 = [[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 0, 0]];
const SIZE_ERROR_FIX = (shape: string): string => `# make the target match: class indices of shape ${shape}\nassert target.shape == logits.shape[:1] + logits.shape[2:]`;
const VIEW_AS = 'target = target.view_as(pred)    # only if they hold the same elements in the same order';
const f64 = { inputDtype: 'float64', targetDtype: 'float64' } as const;

ruleTable(shapeMismatch, {
  severity: 'error',
  fires: [
    {
      name: 'CrossEntropyLoss (4, 3) with an int64 one-hot (4, 3) target: indices of shape (4,) wanted',
      case: mkCase({ loss: 'CrossEntropyLoss', input: logits43, target: oneHot43, targetDtype: 'int64' }),
      expect: exactly(
        "The target (4, 3) has the input's shape but dtype int64: CrossEntropyLoss wants class indices of shape (4,) (or float class probabilities of the input's shape). A one-hot integer target makes PyTorch raise.",
        'target = target.argmax(dim=1)        # one-hot -> class indices\n# or keep soft targets: criterion(logits, target.float())',
        { inputShape: [4, 3], targetShape: [4, 3], expectedTargetShape: [4], targetDtype: 'int64' }),
    },
    {
      name: 'NLLLoss (4, 3) with a float (4, 3) target: NLLLoss takes no probabilities, so float does not excuse it',
      case: mkCase({ loss: 'NLLLoss', input: logits43.map((r) => r.map((v) => -v - 0.1)), target: oneHot43, targetDtype: 'float32' }),
      expect: exactly(
        "The target (4, 3) has the input's shape but dtype float32: NLLLoss wants class indices of shape (4,). A one-hot integer target makes PyTorch raise.",
        'target = target.argmax(dim=1)        # one-hot -> class indices',
        { inputShape: [4, 3], targetShape: [4, 3], expectedTargetShape: [4], targetDtype: 'float32' }),
    },
    {
      name: 'CrossEntropyLoss (4, 3) with a (4, 1) target: squeezable to (4,)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: logits43, target: [[2], [1], [0], [0]] }),
      expect: exactly(
        'The target is (4, 1) but CrossEntropyLoss with an input of (4, 3) (C = 3 on dim 1) needs class indices of shape (4,) or class probabilities of shape (4, 3). PyTorch raises a size error.',
        'target = target.squeeze(-1)   # (N, 1) -> (N,)',
        { inputShape: [4, 3], targetShape: [4, 1], expectedTargetShape: [4] }),
    },
    {
      name: 'NLLLoss (2, 3, 5) with a (2, 5, 1) target: squeezable to the index shape (2, 5)',
      case: mkCase({ loss: 'NLLLoss', input: [[[-1, -2, -1, -2, -1], [-2, -1, -2, -1, -2], [-1, -1, -1, -1, -1]], [[-1, -2, -1, -2, -1], [-2, -1, -2, -1, -2], [-1, -1, -1, -1, -1]]], target: [[[0], [1], [2], [0], [1]], [[2], [2], [1], [0], [0]]] }),
      expect: exactly(
        'The target is (2, 5, 1) but NLLLoss with an input of (2, 3, 5) (C = 3 on dim 1) needs class indices of shape (2, 5). PyTorch raises a size error.',
        'target = target.squeeze(-1)   # (N, 1) -> (N,)',
        { inputShape: [2, 3, 5], targetShape: [2, 5, 1], expectedTargetShape: [2, 5] }),
    },
    {
      name: 'CrossEntropyLoss (4, 3) with a (4, 2) target: last dim 2, not squeezable',
      case: mkCase({ loss: 'CrossEntropyLoss', input: logits43, target: [[0, 1], [1, 2], [2, 0], [0, 0]] }),
      expect: exactly(
        'The target is (4, 2) but CrossEntropyLoss with an input of (4, 3) (C = 3 on dim 1) needs class indices of shape (4,) or class probabilities of shape (4, 3). PyTorch raises a size error.',
        SIZE_ERROR_FIX('(4,)'), { inputShape: [4, 3], targetShape: [4, 2], expectedTargetShape: [4] }),
    },
    {
      name: 'CrossEntropyLoss (4, 3) with a (5, 1) target: one row too many, not squeezable',
      case: mkCase({ loss: 'CrossEntropyLoss', input: logits43, target: [[2], [1], [0], [0], [1]] }),
      expect: exactly(
        'The target is (5, 1) but CrossEntropyLoss with an input of (4, 3) (C = 3 on dim 1) needs class indices of shape (4,) or class probabilities of shape (4, 3). PyTorch raises a size error.',
        SIZE_ERROR_FIX('(4,)'), { inputShape: [4, 3], targetShape: [5, 1], expectedTargetShape: [4] }),
    },
    {
      name: 'CrossEntropyLoss (4, 3) with a (4, 1, 1) target: one dim too many to squeeze once',
      case: mkCase({ loss: 'CrossEntropyLoss', input: logits43, target: [[[2]], [[1]], [[0]], [[0]]] }),
      expect: exactly(
        'The target is (4, 1, 1) but CrossEntropyLoss with an input of (4, 3) (C = 3 on dim 1) needs class indices of shape (4,) or class probabilities of shape (4, 3). PyTorch raises a size error.',
        SIZE_ERROR_FIX('(4,)'), { inputShape: [4, 3], targetShape: [4, 1, 1], expectedTargetShape: [4] }),
    },
    {
      name: 'NLLLoss on one unbatched (3,) sample with a (2,) target: C = 3 on dim 0, a scalar index wanted',
      case: mkCase({ loss: 'NLLLoss', input: [-1, -2, -0.5], target: [0, 1] }),
      expect: exactly(
        'The target is (2,) but NLLLoss with an input of (3,) (C = 3 on dim 0) needs class indices of shape (). PyTorch raises a size error.',
        SIZE_ERROR_FIX('()'), { inputShape: [3], targetShape: [2], expectedTargetShape: [] }),
    },
    {
      name: 'MSELoss (2, 1, 3) against (2, 3): broadcast to (2, 2, 3) = 12 pairs instead of 6, each sample meets both samples\' targets; unsqueeze(1) fixes it',
      case: mkCase({ loss: 'MSELoss', input: [[[1, 2, 3]], [[4, 5, 6]]], target: [[1, 2, 3], [4, 5, 6]], ...f64 }),
      expect: exactly(
        "The input is (2, 1, 3) and the target (2, 3). MSELoss broadcasts them to (2, 2, 3) (12 pairs instead of 6) with only a warning: PyTorch aligns shapes from the right, so the target (2, 3) is read as (1, 2, 3); the input's dim 1 (size 1) is repeated 2 times, the target's dim 0 (size 1) is repeated 2 times: each predicted value is compared with the value at the same position in the targets of all 2 samples (sample i's prediction is scored against sample j's target for every i, j), not only with its own. The loss is wrong and the model learns to predict the average of the targets it is paired with.",
        'target = target.unsqueeze(1)    # (2, 3) -> (2, 1, 3)',
        { inputShape: [2, 1, 3], targetShape: [2, 3], expectedTargetShape: [2, 1, 3], broadcastShape: [2, 2, 3], pairs: 12, expectedPairs: 6 }),
    },
    {
      name: 'L1Loss (4,) against (4, 1): broadcast to (4, 4) = 16 pairs instead of 4; squeeze the target',
      case: mkCase({ loss: 'L1Loss', input: [1, 2, 3, 4], target: [[1], [2], [3], [4]], ...f64 }),
      expect: exactly(
        "The input is (4,) and the target (4, 1). L1Loss broadcasts them to (4, 4) (16 pairs instead of 4) with only a warning: PyTorch aligns shapes from the right, so the input (4,) is read as (1, 4); the input's dim 0 (size 1) is repeated 4 times, the target's dim 1 (size 1) is repeated 4 times: every prediction is compared with every one of the 4 target values. The loss is wrong and the model learns to predict the average of the targets it is paired with.",
        'target = target.squeeze(-1)      # (N, 1) -> (N,)',
        { inputShape: [4], targetShape: [4, 1], expectedTargetShape: [4], broadcastShape: [4, 4], pairs: 16, expectedPairs: 4 }),
    },
    {
      name: 'MSELoss (2, 1) against (2, 2), same rank: 4 pairs instead of 2, each prediction meets its own row\'s 2 targets',
      case: mkCase({ loss: 'MSELoss', input: [[1], [2]], target: [[1, 1], [2, 2]], ...f64 }),
      expect: exactly(
        "The input is (2, 1) and the target (2, 2). MSELoss broadcasts them to (2, 2) (4 pairs instead of 2) with only a warning: the input's dim 1 (size 1) is repeated 2 times: each predicted value is compared with 2 target values instead of one. The loss is wrong and the model learns to predict the average of the targets it is paired with.",
        VIEW_AS,
        { inputShape: [2, 1], targetShape: [2, 2], expectedTargetShape: [2, 1], broadcastShape: [2, 2], pairs: 4, expectedPairs: 2 }),
    },
    {
      name: 'MSELoss (2, 3) against (3,): the target row is reused for both rows (broadcast = input shape, 6 pairs)',
      case: mkCase({ loss: 'MSELoss', input: [[1, 2, 3], [4, 5, 6]], target: [1, 2, 3], ...f64 }),
      expect: exactly(
        "The input is (2, 3) and the target (3,). MSELoss broadcasts the target to the input's shape (2, 3): the same target values are reused for several predictions, which is rarely intended.",
        VIEW_AS,
        { inputShape: [2, 3], targetShape: [3], expectedTargetShape: [2, 3], broadcastShape: [2, 3], pairs: 6, expectedPairs: 6 }),
    },
    {
      name: 'MSELoss (2, 3) against (2, 4): no broadcast, a size error',
      case: mkCase({ loss: 'MSELoss', input: [[1, 2, 3], [4, 5, 6]], target: [[1, 2, 3, 4], [4, 5, 6, 7]], ...f64 }),
      expect: exactly(
        "The input is (2, 3) and the target (2, 4): MSELoss needs a target of the input's shape (2, 3) and PyTorch raises a size error.",
        VIEW_AS, { inputShape: [2, 3], targetShape: [2, 4], expectedTargetShape: [2, 3] }),
    },
    {
      name: 'MSELoss (3, 1) against (3,): squeeze the prediction',
      case: mkCase({ loss: 'MSELoss', input: [[1], [2], [3]], target: [1, 2, 3], ...f64 }),
      expect: (f) => assert.equal(f.fix, 'pred = pred.squeeze(-1)          # (N, 1) -> (N,), or: target = target.unsqueeze(-1)'),
    },
    {
      name: 'MSELoss (3, 1) against (2,): last input dim 1 but the rest (3,) is not the target (2,) — view_as',
      case: mkCase({ loss: 'MSELoss', input: [[1], [2], [3]], target: [1, 2], ...f64 }),
      expect: (f) => {
        assert.equal(f.fix, VIEW_AS);
        assert.deepEqual(f.evidence, { inputShape: [3, 1], targetShape: [2], expectedTargetShape: [3, 1], broadcastShape: [3, 2], pairs: 6, expectedPairs: 3 });
      },
    },
    {
      name: 'MSELoss (3,) against (2, 1): last target dim 1 but the rest (2,) is not the input (3,) — view_as',
      case: mkCase({ loss: 'MSELoss', input: [1, 2, 3], target: [[1], [2]], ...f64 }),
      expect: (f) => assert.equal(f.fix, VIEW_AS),
    },
    {
      name: 'BCEWithLogitsLoss (4, 1) against (4,): PyTorch raises; broadcasting would compare 16 pairs instead of 4',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[1], [-1], [0.5], [2]], target: [1, 0, 1, 1], ...f64 }),
      expect: exactly(
        'The input is (4, 1) and the target (4,): BCEWithLogitsLoss needs a target of exactly the input\'s shape and PyTorch raises "Using a target size that is different to the input size" (broadcasting would compare 16 pairs instead of 4).',
        'pred = pred.squeeze(-1)          # (N, 1) -> (N,), or: target = target.unsqueeze(-1)',
        { inputShape: [4, 1], targetShape: [4], expectedTargetShape: [4, 1], broadcastShape: [4, 4], pairs: 16, expectedPairs: 4 }),
    },
    {
      name: 'BCELoss (2, 3) against (3,): PyTorch raises (broadcast = input shape, so no pair count)',
      case: mkCase({ loss: 'BCELoss', input: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], target: [1, 0, 1], ...f64 }),
      expect: exactly(
        'The input is (2, 3) and the target (3,): BCELoss needs a target of exactly the input\'s shape and PyTorch raises "Using a target size that is different to the input size".',
        VIEW_AS,
        { inputShape: [2, 3], targetShape: [3], expectedTargetShape: [2, 3], broadcastShape: [2, 3], pairs: 6, expectedPairs: 6 }),
    },
    {
      name: 'BCELoss (2, 3) against (2, 4): no broadcast at all',
      case: mkCase({ loss: 'BCELoss', input: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], target: [[1, 0, 1, 0], [0, 1, 0, 1]], ...f64 }),
      expect: exactly(
        'The input is (2, 3) and the target (2, 4): BCELoss needs a target of exactly the input\'s shape and PyTorch raises "Using a target size that is different to the input size".',
        VIEW_AS, { inputShape: [2, 3], targetShape: [2, 4], expectedTargetShape: [2, 3] }),
    },
  ],
  silent: [
    { name: 'CrossEntropyLoss (4, 3) with (4,) indices', case: mkCase({ loss: 'CrossEntropyLoss', input: logits43, target: [2, 1, 0, 0] }) },
    { name: 'CrossEntropyLoss (4, 3) with float (4, 3) probabilities', case: mkCase({ loss: 'CrossEntropyLoss', input: logits43, target: oneHot43, targetDtype: 'float32' }) },
    { name: 'CrossEntropyLoss (2, 3, 5) with (2, 5) indices (classes on dim 1)', case: mkCase({ loss: 'CrossEntropyLoss', input: [[[1, 2, 1, 2, 1], [2, 1, 2, 1, 2], [1, 1, 1, 1, 1]], [[1, 2, 1, 2, 1], [2, 1, 2, 1, 2], [1, 1, 1, 1, 1]]], target: [[0, 1, 2, 0, 1], [2, 2, 1, 0, 0]] }) },
    { name: 'CrossEntropyLoss (2, 5, 3) with (2, 5): classes last, class-dim-misplaced reports it', case: mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 2 }, () => Array.from({ length: 5 }, () => [1, 2, 3])), target: [[0, 1, 2, 0, 1], [2, 2, 1, 0, 0]] }) },
    { name: 'CrossEntropyLoss (2, 5, 3) with a flattened (10,): classes last, class-dim-misplaced reports it', case: mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 2 }, () => Array.from({ length: 5 }, () => [1, 2, 3])), target: [0, 1, 2, 0, 1, 2, 2, 1, 0, 0] }) },
    { name: 'NLLLoss on one unbatched (3,) sample with a scalar target', case: mkCase({ loss: 'NLLLoss', input: [-1, -2, -0.5], target: 1 }) },
    { name: 'MSELoss (2, 3) against (2, 3)', case: mkCase({ loss: 'MSELoss', input: [[1, 2, 3], [4, 5, 6]], target: [[1, 2, 3], [4, 5, 6]], ...f64 }) },
    { name: 'BCEWithLogitsLoss (4,) against (4,)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [1, -1, 0.5, 2], target: [1, 0, 1, 1], ...f64 }) },
  ],
});

describe('describeBroadcast: when a size-1 input dim meets the batch dim', () => {
  it('(2, 1, 3) against (3, 3): the target\'s first dim (3) is not the batch (2) — each prediction meets 3 targets', () => {
    // b = (2, 3, 3): 18 pairs over 6 predictions = 3 each; numel(target) = 9, so not "every".
    assert.equal(describeBroadcast([2, 1, 3], [3, 3], [2, 3, 3]),
      "PyTorch aligns shapes from the right, so the target (3, 3) is read as (1, 3, 3); the input's dim 1 (size 1) is repeated 3 times, the target's dim 0 (size 1) is repeated 2 times: each predicted value is compared with 3 target values instead of one.");
  });
  it('(1, 1, 3) against (1, 3) (broadcast = input): a batch of 1 is not shifted', () => {
    // b = (1, 1, 3): 3 pairs over 3 predictions = 1 each, numel(target) = 3.
    assert.equal(describeBroadcast([1, 1, 3], [1, 3], [1, 1, 3]),
      'PyTorch aligns shapes from the right, so the target (1, 3) is read as (1, 1, 3): each predicted value is compared with 1 target values instead of one.');
  });
  it('an empty input counts as one prediction (no division by zero)', () => {
    // numel((0,)) = 0 → perPrediction = numel(b) / 1 = 0 ≠ numel(t) = 1.
    assert.equal(describeBroadcast([0], [1], [0]), 'each predicted value is compared with 0 target values instead of one.');
  });
});

describe('shape-mismatch: the unsqueeze fix names the dim where a size-1 dim is missing', () => {
  it('MSELoss (1, 2, 3) against (2, 3): unsqueeze(0) (the target broadcasts to the input: no trap)', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: [[[1, 2, 3], [4, 5, 6]]], target: [[1, 2, 3], [4, 5, 6]], ...f64 }));
    assert.equal(f.fix, 'target = target.unsqueeze(0)    # (2, 3) -> (1, 2, 3)');
  });
  it('MSELoss (2, 1, 1) against (2, 1): squeezes the prediction (its last dim is the extra size-1 one)', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: [[[1]], [[2]]], target: [[1], [2]], ...f64 }));
    assert.equal(f.fix, 'pred = pred.squeeze(-1)          # (N, 1) -> (N,), or: target = target.unsqueeze(-1)');
  });
  it('MSELoss (2, 1, 3) against (2, 2, 3), same rank: no unsqueeze, view_as', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: [[[1, 2, 3]], [[4, 5, 6]]], target: [[[1, 2, 3], [1, 2, 3]], [[4, 5, 6], [4, 5, 6]]], ...f64 }));
    assert.equal(f.fix, VIEW_AS);
  });
  it('MSELoss (2, 4, 3) against (2, 3): one dim more but no size-1 dim to insert — view_as', () => {
    const x = [[[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]], [[4, 5, 6], [4, 5, 6], [4, 5, 6], [4, 5, 6]]];
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: x, target: [[1, 2, 3], [4, 5, 6]], ...f64 }));
    assert.equal(f.fix, VIEW_AS);
  });
});
