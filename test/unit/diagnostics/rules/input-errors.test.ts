/**
 * Case tables for the rules that reject invalid inputs: non-finite-values, target-out-of-range,
 * class-dim-misplaced, shape-mismatch, bce-expects-probabilities.
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { nonFiniteValues } from '../../../../src/diagnostics/rules/non-finite-values';
import { targetOutOfRange } from '../../../../src/diagnostics/rules/target-out-of-range';
import { classDimMisplaced } from '../../../../src/diagnostics/rules/class-dim-misplaced';
import { shapeMismatch } from '../../../../src/diagnostics/rules/shape-mismatch';
import { bceExpectsProbabilities } from '../../../../src/diagnostics/rules/bce-expects-probabilities';

const logits3 = [[2.0, -1.0, 0.5], [0.1, 1.2, -0.3], [-0.7, 0.2, 1.9], [1.1, 0.0, -2.0]];

ruleTable(nonFiniteValues, {
  severity: 'error',
  fires: [
    {
      name: 'NaN in a 2-D input, reported as a multi-dim index',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3], [4, NaN, 6]], target: [0, 1] }),
      expect: { evidence: { tensor: 'input', nan: 1, count: 1, firstIndices: ['[1, 1]'] }, field: 'input', message: /\[1, 1\]/ },
    },
    {
      name: '+Inf and NaN in an MSE target',
      case: mkCase({ loss: 'MSELoss', input: [0.5, 1.5, 2.5, 3.5], target: [0.4, Infinity, NaN, 3.2] }),
      expect: { evidence: { tensor: 'target', nan: 1, posInf: 1, count: 2, firstIndices: ['[1]', '[2]'] } },
    },
    {
      name: '-Inf logit at the target class (loss is infinite)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[-Infinity, 0, 1], [0, 1, 2]], target: [0, 2] }),
      expect: { evidence: { negInf: 1 } },
    },
  ],
  silent: [
    { name: 'finite logits', case: mkCase({ loss: 'CrossEntropyLoss', input: logits3, target: [0, 1, 2, 0] }) },
    { name: '-Inf used as a logit mask away from the target', case: mkCase({ loss: 'CrossEntropyLoss', input: [[-Infinity, 0, 1], [0, 1, -Infinity]], target: [2, 0] }) },
  ],
});

ruleTable(targetOutOfRange, {
  severity: 'error',
  fires: [
    {
      name: '-100 padding while ignore_index=0',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: logits3, target: [1, 2, -100, -100] }),
      expect: {
        message: /-100.*ignore_index is 0/,
        fix: /ignore_index=-100/,
        evidence: { count: 2, ignoreIndex: 0, numClasses: 3, values: { '-100': 2 }, firstIndices: ['[2]', '[3]'] },
        edit: { path: ['loss', 'ignore_index'], value: -100 },
      },
    },
    {
      name: '1-based labels (1..C)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: logits3, target: [1, 2, 3, 3] }),
      expect: { message: /1-based/, fix: /target - 1/, evidence: { count: 2, values: { '3': 2 } } },
    },
    {
      name: 'NLLLoss label beyond the output size, 3-D positions',
      case: mkCase({ loss: 'NLLLoss', input: [[[-1, -2], [-0.5, -0.3], [-2, -1.5]]], target: [[0, 7]] }),
      expect: { evidence: { count: 1, firstIndices: ['[0, 1]'], numClasses: 3 }, fix: /Linear/ },
    },
  ],
  silent: [
    { name: 'targets in range', case: mkCase({ loss: 'CrossEntropyLoss', input: logits3, target: [0, 1, 2, 2] }) },
    { name: '-100 with the default ignore_index', case: mkCase({ loss: 'CrossEntropyLoss', input: logits3, target: [0, -100, 2, -100] }) },
    { name: 'probability targets', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2], [0, 1]], target: [[0.3, 0.7], [1, 0]] }) },
  ],
});

ruleTable(classDimMisplaced, {
  severity: 'error',
  fires: [
    {
      name: '(B, L, V) logits with (B, L) targets',
      case: () => {
        const B = 2, L = 3, V = 5;
        const data = Float64Array.from({ length: B * L * V }, (_, i) => Math.sin(i));
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(data, [B, L, V], 'float32'), target: [[0, 4, 2], [1, 3, 3]] });
      },
      expect: { evidence: { inputShape: [2, 3, 5], targetShape: [2, 3], numClasses: 5, expectedInputShape: [2, 5, 3] }, fix: /view\(-1, 5\)[\s\S]*permute\(0, 2, 1\)/ },
    },
    {
      name: '(B, L, V) logits with the target already flattened to (B·L,)',
      case: () => mkCase({ loss: 'NLLLoss', input: tensor(Float64Array.from({ length: 2 * 3 * 5 }, (_, i) => -1 - (i % 4)), [2, 3, 5]), target: [0, 4, 2, 1, 3, 3] }),
      expect: { evidence: { expectedInputShape: [6, 5] }, fix: /logits\.view\(-1, 5\), target\)/ },
    },
    {
      name: '4-D (B, H, W, C) segmentation logits with (B, H, W) masks',
      case: () => mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(2 * 3 * 4 * 6), [2, 3, 4, 6]), target: tensor(new Float64Array(2 * 3 * 4), [2, 3, 4], 'int64') }),
      expect: { evidence: { expectedInputShape: [2, 6, 3, 4] }, message: /Expected target size \(2, 4, 6\), got \(2, 3, 4\)/, fix: /movedim\(-1, 1\)/ },
    },
  ],
  silent: [
    {
      name: '(B, V, L) logits with (B, L) targets (correct)',
      case: () => mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: 30 }, (_, i) => Math.cos(i)), [2, 5, 3], 'float32'), target: [[0, 4, 2], [1, 3, 3]] }),
    },
    { name: '(N, C) logits', case: mkCase({ loss: 'CrossEntropyLoss', input: logits3, target: [0, 1, 2, 0] }) },
  ],
});

ruleTable(shapeMismatch, {
  severity: 'error',
  fires: [
    {
      name: 'MSE (N, 1) predictions against (N,) targets broadcast to (N, N)',
      case: mkCase({ loss: 'MSELoss', input: [[1.0], [2.0], [3.0], [4.0]], target: [1.1, 1.9, 3.2, 3.9] }),
      expect: { evidence: { broadcastShape: [4, 4], pairs: 16, expectedPairs: 4, expectedTargetShape: [4, 1] }, message: /\(4, 4\)/, fix: /squeeze\(-1\)/ },
    },
    {
      name: 'BCEWithLogits (N,) against (N, 1)',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.3, -1.2, 2.0], target: [[1], [0], [1]] }),
      expect: { message: /different to the input size/, fix: /target.squeeze\(-1\)/ },
    },
    {
      name: 'cross-entropy target (N, 1)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: logits3, target: [[0], [1], [2], [0]] }),
      expect: { evidence: { expectedTargetShape: [4] }, fix: /squeeze/ },
    },
    {
      name: 'one-hot integer targets for CrossEntropyLoss',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2], [0, 1]], target: [[0, 1], [1, 0]], targetDtype: 'int64' }),
      expect: { fix: /argmax/ },
    },
    {
      name: 'L1 shapes that do not broadcast',
      case: mkCase({ loss: 'L1Loss', input: [1, 2, 3], target: [1, 2] }),
      expect: { message: /size error/ },
    },
  ],
  silent: [
    { name: 'MSE same shapes', case: mkCase({ loss: 'MSELoss', input: [[1], [2]], target: [[1.5], [2.5]] }) },
    { name: 'cross-entropy (N, C) with (N,)', case: mkCase({ loss: 'CrossEntropyLoss', input: logits3, target: [0, 1, 2, 0] }) },
    { name: 'cross-entropy soft targets', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2], [0, 1]], target: [[0.2, 0.8], [0.5, 0.5]] }) },
    { name: 'single sample (C,) with scalar target', case: mkCase({ loss: 'CrossEntropyLoss', input: [0.1, 2.0, -1.0], target: 1 }) },
    {
      name: '(B, L, V) is class-dim-misplaced, not a shape mismatch',
      case: () => mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(2 * 3 * 5), [2, 3, 5]), target: [[0, 1, 2], [3, 4, 0]] }),
    },
  ],
});

ruleTable(bceExpectsProbabilities, {
  severity: 'error',
  fires: [
    {
      name: 'logits given to BCELoss',
      case: mkCase({ loss: 'BCELoss', input: [2.3, -0.7, 0.4, -3.1, 1.2], target: [1, 0, 1, 0, 1] }),
      expect: { evidence: { outside: 4, total: 5, min: -3.1, max: 2.3 }, edit: { path: ['loss', 'type'], value: 'BCEWithLogitsLoss' }, fix: /BCEWithLogitsLoss/ },
    },
  ],
  silent: [
    { name: 'probabilities', case: mkCase({ loss: 'BCELoss', input: [0.9, 0.1, 0.6, 0.02, 1], target: [1, 0, 1, 0, 1] }) },
    { name: 'BCEWithLogitsLoss on logits', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [2.3, -0.7], target: [1, 0] }) },
  ],
});

// The report itself: a case the engine rejects still gets its findings.
import { runDiagnostics } from '../../../../src/diagnostics/run';
import { test } from 'node:test';
test('runDiagnostics keeps findings when the loss cannot be computed', () => {
  const r = runDiagnostics(mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: logits3, target: [1, 2, -100, -100] }));
  assert.equal(r.loss, undefined);
  assert.ok(r.lossError && r.lossError.length > 0, 'lossError should explain');
  assert.ok(r.findings.some((f) => f.rule === 'target-out-of-range'));
  assert.equal(r.findings[0].severity, 'error');
  assert.equal(r.summary.lossValue, null);
  assert.equal(r.summary.ignored, 0);
});
