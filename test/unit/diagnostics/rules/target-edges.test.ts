/**
 * Out-of-range targets, the finding's words and numbers: bce-target-out-of-range's remapped loss
 * ("with target / 255 it would be …") for masks and unscaled intensities up to exactly 255, and
 * target-out-of-range's reading of grey-level masks (one void value vs several grey levels) and its
 * fix for labels beyond the output layer.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { fmt } from '../../../../src/diagnostics/format';
import type { LossCase } from '../../../../src/io/types';
import { bceTargetOutOfRange } from '../../../../src/diagnostics/rules/bce-target-out-of-range';
import { targetOutOfRange } from '../../../../src/diagnostics/rules/target-out-of-range';
import { bceClampedLog } from '../../../../src/diagnostics/rules/bce-clamped-log';

const Z = [0.5, -1, 2, 0.1, -0.3, 1.2, -2, 0.7];
function bce(target: number[]): LossCase {
  return mkCase({ loss: 'BCEWithLogitsLoss', input: Z, target, inputDtype: 'float64', targetDtype: 'float64' });
}
const lossWith = (target: number[]): number => computeLoss(bce(target).loss, bce(target).input, bce(target).target).value.data[0];

ruleTable(bceTargetOutOfRange, {
  severity: 'error',
  fires: [
    {
      name: '{0, 255} mask: the loss with target / 255, in the message and evidence',
      case: bce([0, 255, 255, 0, 0, 255, 0, 0]),
      expect: (f) => {
        const now = lossWith([0, 255, 255, 0, 0, 255, 0, 0]);
        const fixed = lossWith([0, 1, 1, 0, 0, 1, 0, 0]);
        assert.equal(f.evidence.fixApplied, 'target / 255');
        assert.ok(Math.abs((f.evidence.lossWithFix as number) - fixed) < 1e-5 * fixed);
        assert.equal(f.message, `3 of 8 targets (37.5%) are outside [0, 1] (0 below 0, 3 above 1; range [0, 255]): the target is an 8-bit mask with values {0, 255}. BCEWithLogitsLoss does not check its targets. The loss is ${fmt(now)}: negative, which binary cross-entropy with targets in [0, 1] can never be; it keeps falling without bound as training pushes the outputs to the extremes. With target / 255 it would be ${fmt(fixed)}.`);
      },
    },
    {
      // non-integer intensities up to exactly 255: still remapped by / 255
      name: 'unscaled intensities with a maximum of exactly 255',
      case: bce([0, 12.5, 255, 100.25, 3.5, 0, 64.75, 200]),
      expect: (f) => {
        const fixed = lossWith([0, 12.5, 255, 100.25, 3.5, 0, 64.75, 200].map((v) => v / 255));
        assert.equal(f.evidence.looksLike, 'unscaled-0-255');
        assert.equal(f.evidence.fixApplied, 'target / 255');
        assert.ok(Math.abs((f.evidence.lossWithFix as number) - fixed) < 1e-5 * fixed, `${f.evidence.lossWithFix} vs ${fixed}`);
        assert.ok(f.message.endsWith(`With target / 255 it would be ${fmt(fixed)}.`), f.message);
        assert.equal(f.fix, 'target = target / 255.0            # intensities -> [0, 1]');
      },
    },
    {
      name: 'class indices: no remapped loss, fixApplied null',
      case: bce([0, 1, 2, 3, 1, 0, 2, 3]),
      expect: (f) => {
        assert.equal(f.evidence.looksLike, 'class-indices');
        assert.match(f.message, /\): the target holds class indices \{0, 1, 2, 3\}, not binary labels\. /);
        assert.equal(f.evidence.fixApplied, null);
        assert.equal(f.evidence.lossWithFix, null);
        assert.doesNotMatch(f.message, /it would be/);
      },
    },
    {
      name: '{0, 1, 255}: 255 is void, left out of the loss',
      case: bce([0, 1, 255, 0, 1, 1, 0, 255]),
      expect: (f) => {
        assert.equal(f.evidence.looksLike, 'void-255');
        assert.equal(f.fix, "valid = target != 255                # 255 = void: leave it out of the loss\nloss = F.binary_cross_entropy_with_logits(logits, target.clamp(max=1), reduction='none')\nloss = (loss * valid).sum() / valid.sum()");
      },
    },
    {
      name: '±1 labels: the loss with (target + 1) / 2, and the remap',
      case: bce([-1, 1, 1, -1, -1, 1, -1, -1]),
      expect: (f) => {
        const fixed = lossWith([0, 1, 1, 0, 0, 1, 0, 0]);
        assert.equal(f.evidence.fixApplied, '(target + 1) / 2');
        assert.ok(Math.abs((f.evidence.lossWithFix as number) - fixed) < 1e-5 * fixed);
        assert.match(f.message, /\): the labels are ±1 \(tanh\/SVM style\): −1 is not a probability\. BCEWithLogitsLoss does not check its targets\. /);
        assert.equal(f.fix, 'target = (target + 1) / 2          # {-1, 1} -> {0, 1}');
      },
    },
    {
      name: '{0, 255} mask: the fix thresholds the mask',
      case: bce([0, 255, 255, 0, 0, 255, 0, 0]),
      expect: (f) => assert.equal(f.fix, 'target = (mask > 127).float()        # {0, 255} -> {0, 1}; or mask.float() / 255\n# e.g. in the Dataset: mask = torch.from_numpy(np.array(Image.open(p).convert("L")) > 127).float()'),
    },
    {
      name: 'standardised values: not probabilities, a regression loss or a rescale',
      case: bce([-1.5, 0.3, 2.2, -0.7, 0.1, 1.4, -0.2, 0.9]),
      expect: (f) => {
        assert.equal(f.evidence.looksLike, 'continuous');
        assert.match(f.message, /\): the values lie in \[-1\.5, 2\.2\] \(standardised or signed values\): these are not probabilities\. /);
        assert.equal(f.fix, '# BCE targets must be probabilities in [0, 1]. For a regression target use a regression loss:\ncriterion = nn.MSELoss()   # or nn.SmoothL1Loss()\n# or rescale to [0, 1]: target = (target - lo) / (hi - lo)');
      },
    },
    {
      name: 'positive values beyond 255: not probabilities',
      case: bce([0, 300.5, 12, 1000, 7, 0, 64, 512]),
      expect: (f) => assert.match(f.message, /\): the values lie in \[0, 1000\]: these are not probabilities\. /),
    },
  ],
  silent: [{ name: 'targets exactly 0 and 1', case: bce([0, 1, 1, 0, 0, 1, 0, 0]) }],
});

/** CrossEntropyLoss with C classes (zero logits) and the given targets. */
function ce(C: number, target: number[]): LossCase {
  return mkCase({ loss: 'CrossEntropyLoss', input: target.map(() => new Array<number>(C).fill(0)), target });
}

ruleTable(targetOutOfRange, {
  severity: 'error',
  fires: [
    {
      // Pascal VOC: classes 0..C−1 present, 255 = void
      name: 'mask with exactly two classes in range and 255: void, to be ignored',
      case: ce(3, [0, 1, 255, 0, 1, 1, 0, 255]),
      expect: (f) => {
        assert.match(f.message, / The classes 0\.\.2 are all in range except 255, which marks "void"\/unlabelled pixels \(Pascal VOC style\): it should be ignored, not learned\.$/);
        assert.equal(f.fix, 'criterion = nn.CrossEntropyLoss(ignore_index=255)   # 255 = void/border pixels, not a class');
        assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: 255 });
        assert.equal(f.field, 'loss.ignore_index');
      },
    },
    {
      name: 'two grey levels above the classes (128 and 255): a grey-level mask, not void',
      case: ce(3, [0, 1, 2, 128, 255, 0, 1, 2]),
      expect: (f) => {
        assert.match(f.message, / The target holds only 5 distinct values \(0, 1, 2, 128, 255\): a mask stored as grey levels/);
        assert.equal(f.edit, undefined);
        assert.equal(f.fix.split('\n')[0], '_, target = torch.unique(mask, return_inverse=True)   # grey levels -> 0..K-1 (sorted)');
      },
    },
    {
      name: 'labels beyond the output layer: widen it or remap',
      case: ce(3, [0, 1, 2, 7, 1, 0]),
      expect: (f) => {
        assert.equal(f.fix, '# the output layer has 3 units but labels go up to 7:\nmodel.fc = nn.Linear(in_features, 8)   # num_classes = max label + 1\n# or remap the labels to 0..C-1, e.g. with a dict built from the sorted unique labels');
        assert.equal(f.field, 'target');
      },
    },
    {
      // a non-integer label is not a mask grey level
      name: 'a label of 200.5: beyond the output layer, and not a whole number',
      case: ce(3, [0, 1, 2, 200.5]),
      expect: (f) => {
        assert.doesNotMatch(f.message, /grey levels/);
        // the label as written (not rounded to 201) and the class target.long() makes of it (200 → 201 outputs)
        assert.match(f.fix, /^# the output layer has 3 units but labels go up to 200\.5:\nmodel\.fc = nn\.Linear\(in_features, 201\) {3}# num_classes/);
        assert.match(f.message, /: 200\.5 ×1; first at \[3\]\. PyTorch raises "Target 200\.5 is out of bounds"/);
        assert.deepEqual(f.evidence.values, { '200.5': 1 });
        assert.match(f.fix, /\n# 1 targets are not whole numbers: class targets must be integer class indices \(target\.long\(\)\)$/);
      },
    },
  ],
  silent: [{ name: 'every class in range', case: ce(3, [0, 1, 2, 1]) }],
});


/** BCELoss terms −w·(y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)), by hand. */
function bceTerms(p: number[], y: number[]): number[] {
  return p.map((v, i) => -(y[i] * Math.max(Math.log(v), -100) + (1 - y[i]) * Math.max(Math.log1p(-v), -100)));
}

ruleTable(bceClampedLog, {
  severity: 'warning',
  fires: [
    {
      // soft targets: p = 1 against y = 0.3 costs (1 − 0.3)·100 = 70, p = 0 against y = 0.6 costs 60;
      // p = 1 against y = 1 costs nothing and is not counted
      name: 'a probability of exactly 1 with target 0.3 and one of exactly 0 with target 0.6: both clamps, weighted by the target',
      case: mkCase({ loss: 'BCELoss', input: [1, 0, 0.5, 0.25, 1], target: [0.3, 0.6, 0.5, 1, 1], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        const total = bceTerms([1, 0, 0.5, 0.25, 1], [0.3, 0.6, 0.5, 1, 1]).reduce((a, v) => a + v, 0);
        assert.deepEqual([f.evidence.clampedTerms, f.evidence.atOneWithNegativeTarget, f.evidence.atZeroWithPositiveTarget], [2, 1, 1]);
        assert.equal(f.evidence.clampedShareOfLoss, Number((130 / total).toPrecision(6)));
        assert.equal(f.evidence.clampedContribution, 130 / 5);
        assert.equal(f.fix, '# drop the sigmoid from the model and give the logits to BCEWithLogitsLoss:\n# it computes log-sigmoid exactly (no clamp, finite gradients at any logit)\ncriterion = nn.BCEWithLogitsLoss()\nloss = criterion(logits, target)\nprobs = torch.sigmoid(logits)   # only for metrics and inference');
        assert.match(f.message, /^2 of 5 BCELoss terms hit PyTorch's clamp of log\(p\) and log\(1 − p\) at −100 \(1 at exactly 1 with target < 1, 1 at exactly 0 with target > 0\): /);
      },
    },
  ],
  silent: [{ name: 'a probability of exactly 1 with target 1', case: mkCase({ loss: 'BCELoss', input: [1, 0.5, 0.25, 0.75], target: [1, 0.5, 0, 1], inputDtype: 'float64', targetDtype: 'float64' }) }],
});
