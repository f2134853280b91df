/**
 * The words a user acts on, per kind of finding: the message and the fix of loss-cannot-teach (an
 * element-wise loss and KLDivLoss) and of mse-on-class-labels (one-hot rows, binary ±1 labels, integer
 * classes from 1), each built from the values of its case.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { lossCannotTeach } from '../../../../src/diagnostics/rules/loss-cannot-teach';
import { mseOnClassLabels } from '../../../../src/diagnostics/rules/mse-on-class-labels';
import { sumReduction } from '../../../../src/diagnostics/rules/sum-reduction';
import { regressionTargetScale } from '../../../../src/diagnostics/rules/regression-target-scale';
import { fmt } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import { classDimMisplaced } from '../../../../src/diagnostics/rules/class-dim-misplaced';
import { weightedProbabilityTargets } from '../../../../src/diagnostics/rules/weighted-probability-targets';

const CAUSES = "Typical causes: a distillation term given the teacher's output twice, a reconstruction loss given its own input, or a variable reused by mistake.";

ruleTable(lossCannotTeach, {
  severity: 'warning',
  fires: [
    {
      name: 'MSELoss(x, x): the loss 0, the prediction must come from the model',
      case: mkCase({ loss: 'MSELoss', input: [1, 2, 3, 4, 5, 6, 7, 8], target: [1, 2, 3, 4, 5, 6, 7, 8] }),
      expect: (f) => {
        assert.equal(f.message, `MSELoss: every prediction equals its target (8 elements, all identical). The loss (0) is exactly at its minimum (0) and the gradient reaching the model is zero everywhere, so this term trains nothing. ${CAUSES}`);
        assert.equal(f.fix, '# the prediction must come from the model, the target from the data:\npred = model(x)\nloss = nn.MSELoss()(pred, target)   # not (target, target) or (x, x)');
      },
    },
    {
      name: "L1Loss with reduction='none': no loss to quote",
      case: mkCase({ loss: { type: 'L1Loss', reduction: 'none' }, input: [1, 2, 3, 4, 5, 6, 7, 8], target: [1, 2, 3, 4, 5, 6, 7, 8] }),
      expect: (f) => assert.equal(f.message, `L1Loss: every prediction equals its target (8 elements, all identical). The loss is exactly at its minimum (0) and the gradient reaching the model is zero everywhere, so this term trains nothing. ${CAUSES}`),
    },
    {
      name: 'KLDivLoss(log t, t): the teacher twice; compare the student with it',
      case: () => {
        const t = [[0.1, 0.2, 0.7], [0.25, 0.25, 0.5], [0.6, 0.3, 0.1]];
        return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: t.map((r) => r.map(Math.log)), target: t, inputDtype: 'float64', targetDtype: 'float64' });
      },
      expect: (f) => {
        assert.match(f.message, /^KLDivLoss: the input is exactly log\(target\): the distribution is compared with itself \(9 elements, all identical\)\. /);
        assert.equal(f.fix, "# compare the STUDENT with the teacher:\nkd = nn.KLDivLoss(reduction='batchmean', log_target=True)\nloss = kd(F.log_softmax(student_logits / T, dim=-1), F.log_softmax(teacher_logits / T, dim=-1).detach()) * T * T");
      },
    },
  ],
  silent: [{ name: 'one prediction off', case: mkCase({ loss: 'MSELoss', input: [1, 2, 3, 4, 5, 6, 7, 8.5], target: [1, 2, 3, 4, 5, 6, 7, 8] }) }],
});

const N = 16;
ruleTable(mseOnClassLabels, {
  severity: 'warning',
  fires: [
    {
      name: 'one-hot rows over 3 classes: cross-entropy on the argmax',
      case: mkCase({ loss: 'MSELoss', input: Array.from({ length: N }, () => [0.2, 0.5, 1.3]), target: Array.from({ length: N }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))) }),
      expect: (f) => {
        assert.match(f.message, /^MSELoss is used on one-hot rows over 3 classes \(48 targets, all whole numbers\)\. This is classification: MSE on labels gives vanishing gradients/);
        assert.equal(f.fix, '# classification: logits (no softmax) + cross-entropy on class indices\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(logits, y_onehot.argmax(dim=1))');
      },
    },
    {
      name: 'labels −1 and 1: one logit, BCEWithLogitsLoss on (y > 0)',
      case: mkCase({ loss: 'MSELoss', input: Array.from({ length: N }, (_, i) => 0.3 * i - 2), target: Array.from({ length: N }, (_, i) => (i % 2 ? 1 : -1)) }),
      expect: (f) => {
        assert.match(f.message, /^MSELoss is used on binary labels \{-1, 1\} \(16 targets, all whole numbers\)\./);
        assert.equal(f.fix, '# binary classification: one logit per sample (no sigmoid in the model) + BCEWithLogitsLoss\ncriterion = nn.BCEWithLogitsLoss()\nloss = criterion(logit, (y > 0).float())      # map {-1, 1} to {0, 1}\nprob = torch.sigmoid(logit)                    # for predictions');
      },
    },
    {
      name: 'classes 1..4: four logits, the targets shifted to 0..3',
      case: mkCase({ loss: 'MSELoss', input: Array.from({ length: N }, (_, i) => 0.25 * i), target: Array.from({ length: N }, (_, i) => 1 + (i % 4)) }),
      expect: (f) => {
        assert.match(f.message, /^MSELoss is used on 4 integer classes \{1, 2, 3, 4\} \(16 targets, all whole numbers\)\./);
        assert.match(f.fix, /^# 4-class classification: the model outputs 4 logits per sample \+ CrossEntropyLoss on class indices\nmodel\.head = nn\.Linear\(hidden, 4\)\ncriterion = nn\.CrossEntropyLoss\(\)\nloss = criterion\(logits, \(y - 1\)\.long\(\)\) {3}# targets in 0\.\.3/);
      },
    },
  ],
  silent: [{ name: 'real-valued targets', case: mkCase({ loss: 'MSELoss', input: Array.from({ length: N }, (_, i) => 0.25 * i), target: Array.from({ length: N }, (_, i) => 0.37 * i) }) }],
});

ruleTable(sumReduction, {
  severity: 'info',
  fires: [
    {
      name: "CrossEntropyLoss(reduction='sum') over 4 targets, one ignored: 3 terms",
      case: mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'sum' }, input: [[1, 2, 0], [0, 1, 3], [2, 2, 2], [1, 0, 0]], target: [0, 2, -100, 1], inputDtype: 'float64' }),
      expect: (f) => {
        const l = f.evidence.loss as number;
        assert.equal(f.evidence.terms, 3);
        assert.equal(f.evidence.lossPerTerm, l / 3);
        assert.equal(f.message, `CrossEntropyLoss(reduction='sum') adds up 3 non-ignored targets (loss ${fmt(l)}, ${fmt(l / 3)} per term): the loss and every gradient are ×3 what the mean would give, so the right learning rate depends on the batch size (and sequence length), and a change of batch size silently changes the step size.`);
        assert.equal(f.fix, "criterion = nn.CrossEntropyLoss(reduction='mean')  # other arguments unchanged\n# or keep 'sum' on purpose and scale the learning rate: lr = base_lr / 3");
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'mean' });
      },
    },
    {
      name: "KLDivLoss(reduction='sum'): batchmean, or the learning rate over the batch size",
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: [[Math.log(0.5), Math.log(0.5)], [Math.log(0.2), Math.log(0.8)]], target: [[0.3, 0.7], [0.5, 0.5]], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        assert.equal(f.fix, "criterion = nn.KLDivLoss(reduction='batchmean')  # the true KL divergence per sample\n# or keep 'sum' and divide the learning rate by the batch size (2)");
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'batchmean' });
        assert.equal(f.evidence.terms, 4);
      },
    },
  ],
  silent: [{ name: "reduction='mean'", case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 0]], target: [0] }) }],
});

ruleTable(regressionTargetScale, {
  severity: 'warning',
  fires: [
    {
      name: 'MSELoss on prices from 120 to 50,000: standardise, or regress log1p(y)',
      case: mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [120, 50000, 3000, 800], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        assert.match(f.message, /^The MSELoss targets have mean 13480 and std \S+ \(range 120…50000\), far from unit scale \(limit 10\)\. The loss \(\S+\) and its gradients grow with the target scale squared, /);
        const lines = f.fix.split('\n');
        assert.equal(lines[lines.length - 1], '# targets spanning orders of magnitude (prices, counts): consider regressing log1p(y) instead');
        assert.equal(lines[lines.length - 3], 'loss = criterion(model(x), (y - y_mean) / y_std)');
      },
    },
    {
      name: 'HuberLoss in target units: behaves like L1 at this scale',
      case: mkCase({ loss: { type: 'HuberLoss', delta: 1 }, input: [0, 0, 0, 0], target: [120, 150, 130, 160], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        assert.match(f.message, /grow with the target scale, so usual learning rates/);
        assert.ok(f.message.endsWith(' HuberLoss(delta=1) is in target units: at this scale almost every residual is beyond delta, so it behaves like L1.'), f.message);
        assert.doesNotMatch(f.fix, /log1p/);
      },
    },
  ],
  silent: [{ name: 'standardised targets', case: mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [1.2, -0.7, 0.4, -1.1] }) }],
});

ruleTable(classDimMisplaced, {
  severity: 'error',
  fires: [
    {
      name: '(B, L, V) logits with (B, L) targets: flatten, or move the classes to dim 1',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(2 * 3 * 5), [2, 3, 5], 'float32'), target: [[0, 4, 2], [1, 3, 3]] }),
      expect: (f) => assert.equal(f.fix, '# flatten positions into the batch dimension (the usual LM form)\nloss = criterion(logits.view(-1, 5), target.view(-1))\n# or move the class dimension to dim 1\nloss = criterion(logits.permute(0, 2, 1), target)'),
    },
    {
      name: '(B, H, W, C) logits with (B, H, W) masks: movedim',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(2 * 3 * 4 * 6), [2, 3, 4, 6], 'float32'), target: tensor(new Float64Array(2 * 3 * 4), [2, 3, 4], 'int64') }),
      expect: (f) => assert.match(f.fix, /\nloss = criterion\(logits\.movedim\(-1, 1\), target\)$/),
    },
    {
      name: '(B, L, V) logits with the target flattened to (B·L,): flatten the logits too',
      case: mkCase({ loss: 'NLLLoss', input: tensor(Float64Array.from({ length: 2 * 3 * 5 }, (_, i) => -1 - (i % 4)), [2, 3, 5]), target: [0, 4, 2, 1, 3, 3] }),
      expect: (f) => {
        assert.equal(f.fix, '# the target is already flat: flatten the logits the same way\nloss = criterion(logits.view(-1, 5), target)');
        assert.match(f.message, / PyTorch raises a size error; the input must be flattened like the target\.$/);
      },
    },
  ],
  silent: [{ name: '(N, C) logits', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3]], target: [2] }) }],
});

/** One-hot rows of 3 classes for 30 samples (10 of each), weights that average `w̄` per row. */
function oneHotWeighted(weight: number[]): ReturnType<typeof mkCase> {
  const y = Array.from({ length: 30 }, (_, i) => i % 3);
  return mkCase({ loss: { type: 'CrossEntropyLoss', weight }, input: y.map((k) => [0, 1, 2].map((c) => (c === k ? 1 : 0) + 0.1 * c)), target: y.map((k) => [0, 1, 2].map((c) => (c === k ? 1 : 0))), inputDtype: 'float64', targetDtype: 'float64' });
}

ruleTable(weightedProbabilityTargets, {
  severity: 'warning',
  fires: [
    {
      // Σ w·target = 10·(2 + 4 + 6) = 120 over 30 rows: 4× the index-target loss
      name: 'one-hot targets with weights 2, 4, 6: 4× larger, the loss over the weights',
      case: oneHotWeighted([2, 4, 6]),
      expect: (f) => {
        const l = f.evidence.loss as number;
        assert.deepEqual([f.evidence.summedTargetWeight, f.evidence.meanWeightPerRow, f.evidence.lossNormalisedByWeights], [120, 4, l / 4]);
        assert.equal(f.message, `CrossEntropyLoss(weight=…, reduction='mean') with one-hot targets divides the weighted sum by the 30 rows, not by the summed target weights Σ w·target = 120 as it does for class-index targets. The loss and its gradient are 4× larger than the same data with index targets (mean weight per row 4), so learning rates, loss curves and comparisons with index-target runs are off by that factor. Here the loss is ${fmt(l)}; normalised by the weights (what class-index targets give for these one-hot rows) it is ${fmt(l / 4)}.`);
        assert.equal(f.fix, 'target = target.argmax(dim=1)   # one-hot -> class indices: the mean is then divided by the summed weights\nloss = nn.CrossEntropyLoss(weight=class_weights)(logits, target)');
      },
    },
    {
      name: 'weights 0.1, 0.2, 0.3: 5× smaller',
      case: oneHotWeighted([0.1, 0.2, 0.3]),
      expect: (f) => assert.match(f.message, / The loss and its gradient are 5× smaller than the same data with index targets \(mean weight per row 0\.2\)/),
    },
  ],
  silent: [{ name: 'weights averaging 1 per row', case: oneHotWeighted([0.5, 1, 1.5]) }],
});
