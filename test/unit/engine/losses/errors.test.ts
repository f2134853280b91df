/** Inputs PyTorch rejects (and the shape mismatches we reject) throw LossDebuggerError with a hint. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LossDebuggerError } from '../../../../src/errors';
import { computeLoss } from '../../../../src/engine/losses/index';
import type { LossSpec } from '../../../../src/engine/losses/spec';
import type { Tensor } from '../../../../src/engine/tensor';
import { spec, t } from './helpers';

function throwsLDE(fn: () => unknown, code: string, path: string, detail: RegExp): LossDebuggerError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof LossDebuggerError, `expected a LossDebuggerError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.equal(caught.where.path, path);
  assert.match(caught.detail, detail);
  assert.ok(caught.hint && caught.hint.length > 10, 'has a hint');
  return caught;
}

const run = (s: LossSpec, x: Tensor, y: Tensor) => () => computeLoss(s, x, y);
const logits = t(Array.from({ length: 20 * 5 }, (_, i) => Math.sin(i)), [20, 5]);

test('class index out of range names the first offending index and value', () => {
  const y = Array.from({ length: 20 }, (_, i) => i % 5);
  y[17] = 5;
  y[18] = 7;
  const e = throwsLDE(run(spec('CrossEntropyLoss'), logits, t(y, [20], 'int64')), 'value', 'target', /target\[17\] = 5 is out of range for 5 classes \[0, 5\)/);
  assert.match(e.hint ?? '', /1-based/);
  y[17] = -1;
  const e2 = throwsLDE(run(spec('NLLLoss'), logits, t(y, [20], 'int64')), 'value', 'target', /target\[17\] = -1 is out of range/);
  assert.match(e2.hint ?? '', /ignore_index=-1/);
  // the same value is fine once it is the ignore_index
  y[18] = 0;
  assert.doesNotThrow(() => computeLoss(spec('CrossEntropyLoss', { ignore_index: -1 }), logits, t(y, [20], 'int64')));
  // K-dimensional targets report a nested index
  const xk = t(new Array(2 * 3 * 2).fill(0), [2, 3, 2]);
  throwsLDE(run(spec('CrossEntropyLoss'), xk, t([0, 1, 2, 3], [2, 2], 'int64')), 'value', 'target', /target\[1\]\[1\] = 3/);
});

test('non-integer class indices are rejected', () => {
  throwsLDE(run(spec('CrossEntropyLoss'), t([1, 2, 3, 4, 5, 6], [2, 3]), t([0, 1.5], [2])), 'value', 'target', /target\[1\] = 1.5 is not a class index/);
});

test('class-loss shapes that do not fit', () => {
  const x = t(new Array(12).fill(0), [4, 3]);
  const e = throwsLDE(run(spec('CrossEntropyLoss'), x, t([0, 1, 2, 0], [4, 1], 'int64')), 'shape', 'target', /\(4, 1\) does not fit input shape \(4, 3\)/);
  assert.match(e.hint ?? '', /squeeze/);
  throwsLDE(run(spec('NLLLoss'), x, t(new Array(12).fill(0.25), [4, 3])), 'shape', 'target', /expected \(4,\) \(class indices\)$/);
  throwsLDE(run(spec('CrossEntropyLoss'), t([1], []), t([0], [], 'int64')), 'shape', 'input', /0-dimensional/);
  throwsLDE(run(spec('CrossEntropyLoss', { weight: t([1, 2], [2]) }), x, t([0, 1, 2, 0], [4], 'int64')), 'shape', 'loss.weight', /2 values for 3 classes/);
  throwsLDE(run(spec('CrossEntropyLoss', { label_smoothing: 1.5 }), x, t([0, 1, 2, 0], [4], 'int64')), 'value', 'loss.label_smoothing', /between 0.0 and 1.0/);
});

test('elementwise losses reject a target of another shape, naming both and the (N, N) broadcast trap', () => {
  const x = t([1, 2, 3], [3, 1]);
  const y = t([1, 2, 3], [3]);
  for (const type of ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss', 'BCEWithLogitsLoss', 'KLDivLoss'] as const) {
    const e = throwsLDE(run(spec(type), x, y), 'shape', 'target', /target shape \(3,\) does not match input shape \(3, 1\)/);
    assert.match(e.hint ?? '', /\(3, 3\)/);
  }
});

test('BCELoss rejects inputs outside [0, 1] (and NaN) as PyTorch does', () => {
  throwsLDE(run(spec('BCELoss'), t([0.5, 1.2], [2]), t([1, 0], [2])), 'value', 'input', /input\[1\] = 1.2 is outside \[0, 1\]/);
  const e = throwsLDE(run(spec('BCELoss'), t([0.5, NaN], [2]), t([1, 0], [2])), 'value', 'input', /input\[1\] = NaN/);
  assert.match(e.hint ?? '', /BCEWithLogitsLoss/);
});

test('weights that do not broadcast to the input are rejected', () => {
  const x = t(new Array(6).fill(0), [2, 3]);
  const y = t(new Array(6).fill(1), [2, 3]);
  throwsLDE(run(spec('BCEWithLogitsLoss', { pos_weight: t([1, 2], [2]) }), x, y), 'shape', 'loss.pos_weight', /\(2,\) does not broadcast to the input shape \(2, 3\)/);
  throwsLDE(run(spec('BCELoss', { weight: t(new Array(12).fill(1), [2, 2, 3]) }), t(new Array(6).fill(0.5), [2, 3]), y), 'shape', 'loss.weight', /does not broadcast/);
});

test('reduction and scalar arguments are checked', () => {
  const x = t([1, 2], [2]);
  throwsLDE(run(spec('MSELoss', { reduction: 'batchmean' }), x, x), 'value', 'loss.reduction', /batchmean/);
  throwsLDE(run(spec('HuberLoss', { delta: 0 }), x, x), 'value', 'loss.delta', /delta must be > 0/);
  throwsLDE(run(spec('SmoothL1Loss', { beta: -1 }), x, x), 'value', 'loss.beta', /beta must be >= 0/);
});
