/**
 * bce-target-out-of-range, literally: each kind of target (±1, {0, 255} mask, {0, 1, 255} void mask,
 * class indices, unscaled intensities, continuous values) with its message, fix, the recomputed loss
 * and the loss with the fix applied; the [0, 1] edges with their per-dtype slack; the class-index
 * bound (max 64). Reference losses: PyTorch F.binary_cross_entropy_with_logits, float64, on the
 * logits [0.5, −1, 2, 0] (tools/gen_reference.py style, run by hand with /usr/bin/python3).
 */
import { ruleTable, mkCase } from '../harness';
import { bceTargetOutOfRange, classifyBinaryTarget } from '../../../../src/diagnostics/rules/bce-target-out-of-range';
import { literal } from './literal';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const X = [0.5, -1, 2, 0];
const logits = (target: number[], extra: Record<string, unknown> = {}) =>
  mkCase({ loss: { type: 'BCEWithLogitsLoss', ...extra }, input: X, target, inputDtype: 'float64', targetDtype: 'float64' });
const CHECK = 'BCEWithLogitsLoss does not check its targets.';
const notBce = (l: string): string => `The recomputed loss (${l}) is not a binary cross-entropy, and its gradient pushes the outputs past what any probability can be.`;
const negative = (l: string): string => `The loss is ${l}: negative, which binary cross-entropy with targets in [0, 1] can never be; it keeps falling without bound as training pushes the outputs to the extremes.`;
const ev = (o: Record<string, unknown>) => ({ fixApplied: null, lossWithFix: null, ...o });

ruleTable(bceTargetOutOfRange, {
  severity: 'error',
  fires: [
    {
      name: '±1 labels: (target + 1) / 2 (PyTorch: 0.151853, fixed 0.401853)',
      case: logits([1, -1, 1, -1]),
      expect: literal({
        message: `2 of 4 targets (50.0%) are outside [0, 1] (2 below 0, 0 above 1; range [-1, 1]): the labels are ±1 (tanh/SVM style): −1 is not a probability. ${CHECK} ${notBce('0.152')} With (target + 1) / 2 it would be 0.402.`,
        evidence: ev({ outside: 2, below: 2, above: 0, total: 4, targetMin: -1, targetMax: 1, distinctValues: [-1, 1], looksLike: 'plus-minus-one', loss: 0.151853, lossWithFix: 0.401853, fixApplied: '(target + 1) / 2' }),
        fix: 'target = (target + 1) / 2          # {-1, 1} -> {0, 1}',
        field: 'target',
      }),
    },
    {
      name: '{0, 255} mask: target / 255 (PyTorch: 64.776853, fixed 1.276853)',
      case: logits([0, 255, 0, 255]),
      expect: literal({
        message: `2 of 4 targets (50.0%) are outside [0, 1] (0 below 0, 2 above 1; range [0, 255]): the target is an 8-bit mask with values {0, 255}. ${CHECK} ${notBce('64.8')} With target / 255 it would be 1.28.`,
        evidence: ev({ outside: 2, below: 0, above: 2, total: 4, targetMin: 0, targetMax: 255, distinctValues: [0, 255], looksLike: 'mask-255', loss: 64.7769, lossWithFix: 1.27685, fixApplied: 'target / 255' }),
        fix: 'target = (mask > 127).float()        # {0, 255} -> {0, 1}; or mask.float() / 255\n# e.g. in the Dataset: mask = torch.from_numpy(np.array(Image.open(p).convert("L")) > 127).float()',
      }),
    },
    {
      name: '{0, 1, 255} void mask: no automatic fix (PyTorch: −126.223147)',
      case: logits([0, 1, 255, 0]),
      expect: literal({
        message: `1 of 4 targets (25.0%) are outside [0, 1] (0 below 0, 1 above 1; range [0, 255]): the mask holds {0, 1} plus 255, the usual "void / don't care" label. ${CHECK} ${negative('-126')}`,
        evidence: ev({ outside: 1, below: 0, above: 1, total: 4, targetMin: 0, targetMax: 255, distinctValues: [0, 1, 255], looksLike: 'void-255', loss: -126.223 }),
        fix: "valid = target != 255                # 255 = void: leave it out of the loss\nloss = F.binary_cross_entropy_with_logits(logits, target.clamp(max=1), reduction='none')\nloss = (loss * valid).sum() / valid.sum()",
      }),
    },
    {
      name: 'class indices 0..3 (PyTorch: 0.276853)',
      case: logits([0, 1, 2, 3]),
      expect: literal({
        message: `2 of 4 targets (50.0%) are outside [0, 1] (0 below 0, 2 above 1; range [0, 3]): the target holds class indices {0, 1, 2, 3}, not binary labels. ${CHECK} ${notBce('0.277')}`,
        evidence: ev({ outside: 2, below: 0, above: 2, total: 4, targetMin: 0, targetMax: 3, distinctValues: [0, 1, 2, 3], looksLike: 'class-indices', loss: 0.276853 }),
        fix: '# one label per sample with 4 classes: CrossEntropyLoss on (N, C) logits and (N,) class indices\ncriterion = nn.CrossEntropyLoss()\n# multi-label: one 0/1 column per class\ntarget = F.one_hot(target.long(), num_classes=4).float()',
      }),
    },
    {
      name: 'class indices up to exactly 64 (PyTorch: 16.526853)',
      case: logits([0, 64, 1, 0]),
      expect: literal({ evidence: ev({ outside: 1, below: 0, above: 1, total: 4, targetMin: 0, targetMax: 64, distinctValues: [0, 1, 64], looksLike: 'class-indices', loss: 16.5269 }) }),
    },
    {
      name: 'whole numbers up to 65: intensities, target / 255 (PyTorch: 16.776853, fixed 1.088618)',
      case: logits([0, 65, 1, 0]),
      expect: literal({ evidence: ev({ outside: 1, below: 0, above: 1, total: 4, targetMin: 0, targetMax: 65, distinctValues: [0, 1, 65], looksLike: 'unscaled-0-255', loss: 16.7769, lossWithFix: 1.08862, fixApplied: 'target / 255' }) }),
    },
    {
      name: 'unscaled intensities in [0.5, 200]: negative loss, target / 255 (PyTorch: −73.910647, fixed 0.732981)',
      case: logits([0.5, 100.5, 200, 3]),
      expect: literal({
        message: `3 of 4 targets (75.0%) are outside [0, 1] (0 below 0, 3 above 1; range [0.5, 200]): the values lie in [0.5, 200]: an unscaled image or intensity target. ${CHECK} ${negative('-73.9')} With target / 255 it would be 0.733.`,
        evidence: ev({ outside: 3, below: 0, above: 3, total: 4, targetMin: 0.5, targetMax: 200, distinctValues: [0.5, 3, 100.5, 200], looksLike: 'unscaled-0-255', loss: -73.9106, lossWithFix: 0.732981, fixApplied: 'target / 255' }),
        fix: 'target = target / 255.0            # intensities -> [0, 1]',
      }),
    },
    {
      name: 'standardised values in [−1.5, 2] (PyTorch: 0.264353)',
      case: logits([-1.5, 0.2, 2, 0]),
      expect: literal({
        message: `2 of 4 targets (50.0%) are outside [0, 1] (1 below 0, 1 above 1; range [-1.5, 2]): the values lie in [-1.5, 2] (standardised or signed values): these are not probabilities. ${CHECK} ${notBce('0.264')}`,
        evidence: ev({ outside: 2, below: 1, above: 1, total: 4, targetMin: -1.5, targetMax: 2, distinctValues: [-1.5, 0, 0.2, 2], looksLike: 'continuous', loss: 0.264353 }),
        fix: '# BCE targets must be probabilities in [0, 1]. For a regression target use a regression loss:\ncriterion = nn.MSELoss()   # or nn.SmoothL1Loss()\n# or rescale to [0, 1]: target = (target - lo) / (hi - lo)',
      }),
    },
    {
      name: 'values in [0, 300] (PyTorch: 75.526853), reduction none: no loss sentence',
      case: logits([0, 300, 1, 0], { reduction: 'none' }),
      expect: literal({
        message: '1 of 4 targets (25.0%) are outside [0, 1] (0 below 0, 1 above 1; range [0, 300]): the values lie in [0, 300]: these are not probabilities. BCEWithLogitsLoss does not check its targets.',
        evidence: ev({ outside: 1, below: 0, above: 1, total: 4, targetMin: 0, targetMax: 300, distinctValues: [0, 1, 300], looksLike: 'continuous', loss: null }),
      }),
    },
    {
      name: 'a NaN target is skipped (range and counts over the finite values)',
      case: logits([NaN, 2, 0.5, 0.5]),
      expect: literal({ evidence: ev({ outside: 1, below: 0, above: 1, total: 4, targetMin: 0.5, targetMax: 2, distinctValues: [0.5, 2], looksLike: 'unscaled-0-255', loss: NaN, lossWithFix: NaN, fixApplied: 'target / 255' }) }),
    },
    { name: 'float32 target 1 + 2e-6 (outside the 1e-6 slack)', case: logits([1 + 2e-6, 0, 1, 0], { }), expect: { evidence: { outside: 1, below: 0, above: 1, targetMin: 0, targetMax: 1 + 2e-6, distinctValues: [0, 1, 1 + 2e-6], looksLike: 'unscaled-0-255' } } },
    {
      name: 'more than 16 distinct values (0, 3, …, 57): no value list, the range [0, 57] decides',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 20 }, () => 0), target: Array.from({ length: 20 }, (_, i) => 3 * i), targetDtype: 'float64' }),
      expect: { evidence: { outside: 19, above: 19, targetMax: 57, distinctValues: null, looksLike: 'unscaled-0-255', fixApplied: 'target / 255' } },
    },
    { name: 'float32 target −2e-6', case: mkCase({ loss: 'BCEWithLogitsLoss', input: X, target: [-2e-6, 0, 1, 0], targetDtype: 'float32' }) },
    { name: 'float16 target 1.002 (outside the 1e-3 slack)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: X, target: [1.002, 0, 1, 0], targetDtype: 'float16' }) },
  ],
  silent: [
    { name: 'targets in [0, 1]', case: logits([0, 1, 0.5, 1]) },
    { name: 'float32 targets exactly −1e-6 and 1 + 1e-6 (the slack)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: X, target: [-1e-6, 1 + 1e-6, 0, 1], targetDtype: 'float32' }) },
    { name: 'float16 targets 1.0009 and −0.0009 (inside the 1e-3 slack)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: X, target: [1.0009, -0.0009, 0, 1], targetDtype: 'float16' }) },
    { name: 'NaN and infinite targets only beside [0, 1] (non-finite-values\' business)', case: logits([NaN, Infinity, -Infinity, 1]) },
  ],
});

describe('bce-target-out-of-range: classifyBinaryTarget', () => {
  it('names each kind from the distinct values and the range', () => {
    assert.equal(classifyBinaryTarget([-1, 0, 1], -1, 1), 'plus-minus-one');
    assert.equal(classifyBinaryTarget([-1, 2], -1, 2), 'continuous');
    assert.equal(classifyBinaryTarget([0, 1], 0, 1), 'class-indices');
    assert.equal(classifyBinaryTarget([255], 255, 255), 'mask-255');
    assert.equal(classifyBinaryTarget([1, 255], 1, 255), 'void-255');
    assert.equal(classifyBinaryTarget([0, 2, 255], 0, 255), 'unscaled-0-255');
    assert.equal(classifyBinaryTarget([0, 1, 2, 255], 0, 255), 'unscaled-0-255');
    assert.equal(classifyBinaryTarget([0, 1.5], 0, 1.5), 'unscaled-0-255');
    assert.equal(classifyBinaryTarget([-2, 3], -2, 3), 'continuous');
    assert.equal(classifyBinaryTarget(undefined, 0, 255), 'unscaled-0-255');
    assert.equal(classifyBinaryTarget(undefined, -0.5, 255), 'continuous');
    assert.equal(classifyBinaryTarget(undefined, 0, 255.5), 'continuous');
    assert.equal(classifyBinaryTarget([0, 64], 0, 64), 'class-indices');
    assert.equal(classifyBinaryTarget([0, 65], 0, 65), 'unscaled-0-255');
  });
});
