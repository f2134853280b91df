/**
 * class-dim-misplaced, literally: (B, L, V) with a (B, L) target (permute), a 4-D input (movedim),
 * a target flattened to (B·L,); silent when the input is already valid as (N, C, d1, …), for
 * 2-D inputs, and for targets that fit neither form.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTable, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { classDimMisplaced, classesLast } from '../../../../src/diagnostics/rules/class-dim-misplaced';
import { literal } from './literal';

/** A class-loss case with an input of `shape` (values 0.1·i) and a target of zeros of `tshape`. */
function shaped(inShape: number[], tShape: number[], loss: 'CrossEntropyLoss' | 'NLLLoss' | 'MSELoss' = 'CrossEntropyLoss') {
  const n = inShape.reduce((a, b) => a * b, 1), m = tShape.reduce((a, b) => a * b, 1);
  return mkCase({
    loss,
    input: tensor(Float64Array.from({ length: n }, (_, i) => 0.1 * i), inShape, 'float32'),
    target: tensor(new Float64Array(m), tShape, loss === 'MSELoss' ? 'float32' : 'int64'),
  });
}

ruleTable(classDimMisplaced, {
  severity: 'error',
  fires: [
    {
      name: 'input (2, 3, 4), target (2, 3)',
      case: shaped([2, 3, 4], [2, 3]),
      expect: literal({
        message: 'The input is (2, 3, 4) and the target (2, 3): the classes (V = 4) are on the last dimension, but CrossEntropyLoss expects them on dim 1, i.e. an input of shape (2, 4, 3). PyTorch raises "Expected target size (2, 4), got (2, 3)", or, worse, treats dim 1 (length 3) as the classes when the sizes happen to fit.',
        evidence: { inputShape: [2, 3, 4], targetShape: [2, 3], numClasses: 4, expectedInputShape: [2, 4, 3] },
        fix: '# flatten positions into the batch dimension (the usual LM form)\nloss = criterion(logits.view(-1, 4), target.view(-1))\n# or move the class dimension to dim 1\nloss = criterion(logits.permute(0, 2, 1), target)',
        field: 'input',
      }),
    },
    {
      name: 'NLLLoss, input (2, 3, 5, 4), target (2, 3, 5): movedim',
      case: shaped([2, 3, 5, 4], [2, 3, 5], 'NLLLoss'),
      expect: literal({
        message: 'The input is (2, 3, 5, 4) and the target (2, 3, 5): the classes (V = 4) are on the last dimension, but NLLLoss expects them on dim 1, i.e. an input of shape (2, 4, 3, 5). PyTorch raises "Expected target size (2, 5, 4), got (2, 3, 5)", or, worse, treats dim 1 (length 3) as the classes when the sizes happen to fit.',
        evidence: { inputShape: [2, 3, 5, 4], targetShape: [2, 3, 5], numClasses: 4, expectedInputShape: [2, 4, 3, 5] },
        fix: '# flatten positions into the batch dimension (the usual LM form)\nloss = criterion(logits.view(-1, 4), target.view(-1))\n# or move the class dimension to dim 1\nloss = criterion(logits.movedim(-1, 1), target)',
      }),
    },
    {
      name: 'input (2, 3, 4), target flattened to (6,)',
      case: shaped([2, 3, 4], [6]),
      expect: literal({
        message: 'The input is (2, 3, 4) and the target (6,): the classes (V = 4) are on the last dimension, but CrossEntropyLoss expects them on dim 1, i.e. an input of shape (6, 4). PyTorch raises a size error; the input must be flattened like the target.',
        evidence: { inputShape: [2, 3, 4], targetShape: [6], numClasses: 4, expectedInputShape: [6, 4] },
        fix: '# the target is already flat: flatten the logits the same way\nloss = criterion(logits.view(-1, 4), target)',
        field: 'input',
      }),
    },
  ],
  silent: [
    { name: '(N, C) input', case: shaped([6, 4], [6]) },
    { name: 'an unbatched (C,) input with a 0-d target (valid in PyTorch)', case: shaped([3], []) },
    { name: '(N, C, L) input, already valid', case: shaped([2, 4, 3], [2, 3]) },
    { name: '(2, 3, 3) with a (2, 3) target: valid as (N, C, d1), nothing misplaced', case: shaped([2, 3, 3], [2, 3]) },
    { name: 'a (2, 5) target for a (2, 3, 4) input (neither form)', case: shaped([2, 3, 4], [2, 5]) },
    { name: 'a (6, 1) target (six values, but not flat)', case: shaped([2, 3, 4], [6, 1]) },
    { name: 'a (5,) target (not B·L)', case: shaped([2, 3, 4], [5]) },
    { name: 'a (2, 3, 1) target (one dimension too many)', case: shaped([2, 3, 4], [2, 3, 1]) },
  ],
});

describe('class-dim-misplaced: classesLast', () => {
  it('is false for a loss without classes', () => {
    assert.equal(classesLast(shaped([2, 3, 4], [2, 3], 'MSELoss')), false);
  });
  it('names the form', () => {
    assert.equal(classesLast(shaped([2, 3, 4], [2, 3])), 'nested');
    assert.equal(classesLast(shaped([2, 3, 4], [6])), 'flat');
    assert.equal(classesLast(shaped([6, 4], [6])), false);
  });
});
