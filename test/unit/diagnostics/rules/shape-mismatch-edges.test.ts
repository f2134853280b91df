/**
 * shape-mismatch edges: the class count of an unbatched (C,) CrossEntropyLoss input and of a 0-d one,
 * and the squeeze fixes offered only when the extra dim really has size 1 (a (3, 4) input against
 * (3,) targets is no (N, 1) slip), with a 3-D target whose last size-1 dim is the one to squeeze.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { shapeMismatch } from '../../../../src/diagnostics/rules/shape-mismatch';

const VIEW_AS = 'target = target.view_as(pred)    # only if they hold the same elements in the same order';
const f64 = { inputDtype: 'float64', targetDtype: 'float64' } as const;

describe('shape-mismatch: edges', () => {
  it('CrossEntropyLoss on one unbatched (3,) sample with a (2,) target: C = 3 on dim 0', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'CrossEntropyLoss', input: [1, 2, 0.5], target: [0, 1] }));
    assert.equal(f.message, 'The target is (2,) but CrossEntropyLoss with an input of (3,) (C = 3 on dim 0) needs class indices of shape () or class probabilities of shape (3,). PyTorch raises a size error.');
  });
  it('CrossEntropyLoss on a 0-d input: C = 0', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'CrossEntropyLoss', input: 1.5, target: [0, 1] }));
    assert.ok(f, 'fires');
    assert.ok(f.message.startsWith('The target is (2,) but CrossEntropyLoss with an input of () (C = 0 on dim 0) needs class indices of shape ()'), f.message);
  });
  it('MSELoss (3, 4) against (3,): the last input dim is 4, not 1 — no squeeze', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], target: [1, 2, 3], ...f64 }));
    assert.equal(f.fix, VIEW_AS);
  });
  it('MSELoss (3,) against (3, 4): the last target dim is 4, not 1 — no squeeze', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: [1, 2, 3], target: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], ...f64 }));
    assert.equal(f.fix, VIEW_AS);
  });
  it('MSELoss (2, 3) against (2, 3, 1): squeeze the target\'s last dim', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: [[1, 2, 3], [4, 5, 6]], target: [[[1], [2], [3]], [[4], [5], [6]]], ...f64 }));
    assert.equal(f.fix, 'target = target.squeeze(-1)      # (N, 1) -> (N,)');
  });
  it('MSELoss (2, 3, 1) against (2, 3): squeeze the prediction\'s last dim', () => {
    const [f] = check(shapeMismatch, mkCase({ loss: 'MSELoss', input: [[[1], [2], [3]], [[4], [5], [6]]], target: [[1, 2, 3], [4, 5, 6]], ...f64 }));
    assert.equal(f.fix, 'pred = pred.squeeze(-1)          # (N, 1) -> (N,), or: target = target.unsqueeze(-1)');
  });
});
