/**
 * The words a user acts on, per kind of finding: the message and the fix of loss-cannot-teach (an
 * element-wise loss and KLDivLoss) and of mse-on-class-labels (one-hot rows, binary ±1 labels, integer
 * classes from 1), each built from the values of its case.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { lossCannotTeach } from '../../../../src/diagnostics/rules/loss-cannot-teach';
import { mseOnClassLabels } from '../../../../src/diagnostics/rules/mse-on-class-labels';

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
