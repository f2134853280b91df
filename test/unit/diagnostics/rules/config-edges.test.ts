/**
 * Loss-configuration and input rules, the words users act on and the thresholds on their edge:
 * non-finite-values' fix per tensor, kl-div-expects-log-probabilities' probability targets under
 * log_target=True (row sums exactly on the tolerance, exactly 90 % of the rows), label-smoothing-risk's
 * minority share exactly on its limit, and the fixes and fields of kl-div-mean-reduction,
 * invalid-loss-weight, bce-weight-not-pos-weight and class-dim-misplaced.
 */
import assert from 'node:assert/strict';
import { classifierLogits, mkCase, ruleTable, seeded } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import type { LossCase } from '../../../../src/io/types';
import { nonFiniteValues } from '../../../../src/diagnostics/rules/non-finite-values';
import { klDivExpectsLogProbabilities } from '../../../../src/diagnostics/rules/kl-div-expects-log-probabilities';
import { labelSmoothingRisk } from '../../../../src/diagnostics/rules/label-smoothing-risk';
import { klDivMeanReduction } from '../../../../src/diagnostics/rules/kl-div-mean-reduction';
import { invalidLossWeight } from '../../../../src/diagnostics/rules/invalid-loss-weight';
import { bceWeightNotPosWeight } from '../../../../src/diagnostics/rules/bce-weight-not-pos-weight';
import { classDimMisplaced } from '../../../../src/diagnostics/rules/class-dim-misplaced';
import { decisionThreshold } from '../../../../src/diagnostics/rules/decision-threshold';
import { allTargetsIgnored } from '../../../../src/diagnostics/rules/all-targets-ignored';
import { mseOutliers } from '../../../../src/diagnostics/rules/mse-outliers';

ruleTable(nonFiniteValues, {
  severity: 'error',
  fires: [
    {
      name: 'NaN in the input: where to look in the model',
      case: mkCase({ loss: 'MSELoss', input: [0.5, NaN, 2.5, 3.5], target: [0.4, 1, 2, 3.2] }),
      expect: (f) => {
        assert.equal(f.message, 'The input holds 1 non-finite value (1 NaN; 25.0% of 4), first at [1]. One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.');
        assert.equal(f.fix, [
          '# find where the non-finite values are born',
          'torch.autograd.set_detect_anomaly(True)   # while debugging only',
          'assert torch.isfinite(logits).all(), "non-finite model output"',
          '# common causes: log(0) or x/0 in the model (clamp: torch.log(p.clamp_min(1e-12))),',
          '# a too-high learning rate (lower it, add torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)),',
          '# NaN in the input features (check the batch before the forward pass)',
        ].join('\n'));
        assert.equal(f.field, 'input');
      },
    },
    {
      name: 'NaN and +Inf in the target: clean the labels',
      case: mkCase({ loss: 'MSELoss', input: [0.5, 1.5, 2.5, 3.5], target: [0.4, Infinity, NaN, 3.2] }),
      expect: (f) => {
        assert.equal(f.message, 'The target holds 2 non-finite values (1 NaN, 1 +Inf; 50.0% of 4), first at [1], [2]. One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.');
        assert.equal(f.fix, '# clean the labels before training\nbad = ~torch.isfinite(target)\nprint(bad.sum().item(), bad.nonzero()[:5])\ntarget = torch.nan_to_num(target, nan=0.0)   # or drop those samples / set them to ignore_index');
        assert.equal(f.field, 'target');
      },
    },
  ],
  silent: [{ name: 'finite values', case: mkCase({ loss: 'MSELoss', input: [0.5, 1.5], target: [0.4, 1] }) }],
});

/** KLDivLoss(log_target=True) with log-probability input and the given probability rows as the target. */
function klProbTarget(rows: number[][]): LossCase {
  const K = rows[0].length;
  return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: rows.map(() => new Array<number>(K).fill(Math.log(1 / K))), target: rows, inputDtype: 'float64', targetDtype: 'float64' });
}
const P = [0.5, 0.25, 0.25];
const NOT = [0.5, 0.5, 0.5];

ruleTable(klDivExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      // rows summing to exactly 1.25, with sumTolerance 0.25
      name: 'target rows summing to 1 + sumTolerance exactly',
      case: klProbTarget(Array.from({ length: 4 }, () => [0.5, 0.5, 0.25])),
      options: { sumTolerance: 0.25 },
      expect: { evidence: { fixApplied: 'log_target=False', targetRowsSummingToOne: 4 }, edit: { path: ['loss', 'log_target'], value: false } },
    },
    {
      name: 'exactly 9 of 10 target rows sum to 1 (minRowShare 0.9)',
      case: klProbTarget([...Array.from({ length: 9 }, () => P), NOT]),
      expect: (f) => {
        assert.equal(f.evidence.targetRowsSummingToOne, 9);
        assert.equal(f.evidence.rowsChecked, 10);
        assert.equal(f.field, 'loss.log_target');
        assert.equal(f.fix, "kl = nn.KLDivLoss(reduction='batchmean')            # log_target=False: the target is probabilities\nloss = kl(F.log_softmax(student_logits / T, dim=-1),\n          F.softmax(teacher_logits / T, dim=-1)) * T * T");
      },
    },
    {
      // input rows: 9 of 10 are distributions (share exactly minRowShare 0.9): probabilities, fixed by log(input)
      name: 'KLDivLoss input: exactly 9 of 10 rows in [0, 1] sum to 1 — probabilities',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [...Array.from({ length: 9 }, () => P), NOT], target: Array.from({ length: 10 }, () => P), inputDtype: 'float64', targetDtype: 'float64' }),
      expect: { evidence: { looksLike: 'probabilities', fixApplied: 'log(input)' } },
    },
    {
      name: 'KLDivLoss input: 8 of 10 rows sum to 1 — scores in [0, 1]',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [...Array.from({ length: 8 }, () => P), NOT, NOT], target: Array.from({ length: 10 }, () => P), inputDtype: 'float64', targetDtype: 'float64' }),
      expect: { evidence: { looksLike: 'scores in [0, 1]' } },
    },
    {
      // rows summing to 1 with a negative entry are not probabilities
      name: 'KLDivLoss input: rows summing to 1 with negative entries — logits',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: Array.from({ length: 10 }, () => [1.5, -0.75, 0.25]), target: Array.from({ length: 10 }, () => P), inputDtype: 'float64', targetDtype: 'float64' }),
      expect: { evidence: { looksLike: 'logits' } },
    },
  ],
  silent: [
    { name: 'rows summing to 1.25 with the default sumTolerance 0.01', case: klProbTarget(Array.from({ length: 4 }, () => [0.5, 0.5, 0.25])) },
    { name: '8 of 10 target rows sum to 1', case: klProbTarget([...Array.from({ length: 8 }, () => P), NOT, NOT]) },
  ],
});

/** CrossEntropyLoss with label smoothing over 3 classes: `rare` of 100 targets are class 2, the rest 0 and 1. */
function smoothed(rare: number): LossCase {
  const y = Array.from({ length: 100 }, (_, i) => (i < rare ? 2 : i % 2));
  const r = seeded(3);
  return mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1 }, input: y.map(() => [r.normal(), r.normal(), r.normal()]), target: y });
}

const TAKE = classifierLogits({ n: 100, k: 2, seed: 33, classProbs: [0.9, 0.1] });

ruleTable(labelSmoothingRisk, {
  severity: 'warning',
  fires: [
    {
      name: 'class 2 at 4 of 100 (below minorityShare 0.05): the message and the fix',
      case: smoothed(4),
      expect: (f) => {
        assert.equal(f.message, 'label_smoothing=0.1 with rare classes: 2: 4 of 100 (4%). Smoothing trains the model to be less confident everywhere; a rare class, whose logit rarely wins the argmax anyway, loses recall first.');
        assert.equal(f.fix, 'criterion = nn.CrossEntropyLoss(label_smoothing=0.05)  # or 0.0 for rare-class detection\n# compare per-class recall with and without smoothing on the validation set\nfrom sklearn.metrics import classification_report\nprint(classification_report(y_val, logits_val.argmax(1)))');
        assert.deepEqual(f.evidence.rareShares, { 2: 0.04 });
        assert.equal(f.evidence.classWeights, false);
      },
    },
    {
      // class 1 weighted 49 takes over class 0's samples: how many of them the model already gives to class 1
      name: 'weighted takeover: the victim samples (class 0) and those already predicted as the top-weighted class',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1, weight: [1, 49] }, input: tensor(TAKE.logits, [100, 2]), target: tensor(TAKE.labels, [100], 'int64') }),
      expect: (f) => {
        let victims = 0, taken = 0;
        for (let i = 0; i < 100; i++) {
          if (TAKE.labels[i] !== 0) continue;
          victims++;
          if (TAKE.logits[2 * i + 1] > TAKE.logits[2 * i]) taken++;
        }
        assert.deepEqual([f.evidence.affectedClasses, f.evidence.affectedSamples, f.evidence.predictedAsTopClass], [[0], victims, taken]);
        assert.ok(f.message.endsWith(` In this batch ${taken} of those ${victims} samples are already predicted as class 1.`), f.message);
      },
    },
  ],
  silent: [{ name: 'class 2 at exactly 5 of 100 (= minorityShare)', case: smoothed(5) }],
});

ruleTable(klDivMeanReduction, {
  severity: 'warning',
  fires: [
    {
      name: "reduction='mean' over 4 classes: the fix and the scale factor",
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'mean' }, input: Array.from({ length: 6 }, () => [Math.log(0.1), Math.log(0.2), Math.log(0.3), Math.log(0.4)]), target: Array.from({ length: 6 }, () => [0.25, 0.25, 0.25, 0.25]), inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        assert.equal(f.fix, "criterion = nn.KLDivLoss(reduction='batchmean')   # sum over classes, mean over the batch\n# if the weight of this term was tuned with 'mean', divide it by the support size to keep the same scale:\n# loss = alpha / 4 * criterion(log_probs, target)");
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'batchmean' });
      },
    },
  ],
  silent: [{ name: "reduction='batchmean'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[Math.log(0.5), Math.log(0.5)]], target: [[0.5, 0.5]] }) }],
});

ruleTable(invalidLossWeight, {
  severity: 'error',
  fires: [
    {
      name: 'a NaN class weight: the message says PyTorch only checks the shape',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.5, NaN, 2] }, input: [[1, 2, 0], [0, 1, 3]], target: [0, 2] }),
      expect: (f) => {
        assert.match(f.message, /^CrossEntropyLoss\(weight=…\) of shape \(3,\) has [^.]*\. PyTorch checks the shape of weight, not its values\./);
        assert.equal(f.fix, 'assert torch.isfinite(weight).all() and (weight >= 0).all() and weight.sum() > 0\nweight = counts.sum() / (len(counts) * counts.clamp_min(1))   # inverse frequency, > 0 and finite');
        assert.equal(f.field, 'loss.weight');
      },
    },
  ],
  silent: [{ name: 'positive weights', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.5, 1, 2] }, input: [[1, 2, 0], [0, 1, 3]], target: [0, 2] }) }],
});

/** 200 samples of 2 labels, the second at 3 % positives. */
function twoLabels(type: 'BCEWithLogitsLoss' | 'BCELoss'): LossCase {
  const r = seeded(31);
  const y = Array.from({ length: 200 }, (_, i) => [i % 2, i < 6 ? 1 : 0]);
  const z = y.map((row) => row.map((t) => (t ? 1 : -1) + r.normal()));
  const input = type === 'BCELoss' ? z.map((row) => row.map((v) => 1 / (1 + Math.exp(-v)))) : z;
  return mkCase({ loss: { type, weight: [1, 15] }, input, target: y, inputDtype: 'float64', targetDtype: 'float64' });
}

ruleTable(bceWeightNotPosWeight, {
  severity: 'warning',
  fires: [
    {
      name: 'BCEWithLogitsLoss: pos_weight per label, three fix lines',
      case: twoLabels('BCEWithLogitsLoss'),
      expect: (f) => {
        assert.equal(f.fix, 'pos = target.sum(dim=0); neg = target.shape[0] - pos      # per label, over the training set\ncriterion = nn.BCEWithLogitsLoss(pos_weight=neg / pos.clamp_min(1))\n# here: pos_weight = torch.tensor([1, 32.3])');
        assert.equal(f.field, 'loss.weight');
        assert.deepEqual(f.edit, { path: ['loss', 'pos_weight'], value: [1, 32.3] });
      },
    },
    {
      name: 'BCELoss: no pos_weight to set, no edit',
      case: twoLabels('BCELoss'),
      expect: (f) => {
        assert.equal(f.fix.split('\n').length, 3);
        assert.equal(f.fix.split('\n')[1], 'criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1, 32.3]))   # on logits');
        assert.equal(f.field, 'loss.weight');
        assert.equal(f.edit, undefined);
      },
    },
  ],
  silent: [
    { name: 'no weight', case: () => { const c = twoLabels('BCEWithLogitsLoss'); c.loss = { ...c.loss, weight: undefined }; return c; } },
    {
      // a 1-D input has no label dim: 8 weights for 8 samples are per-sample weights
      name: '1-D input with one weight per sample',
      case: mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: [1, 1, 1, 1, 1, 1, 1, 20] }, input: [-1, -2, -0.5, -1.5, -1, -2, -1, 2], target: [0, 0, 0, 0, 0, 0, 0, 1] }),
    },
  ],
});

ruleTable(classDimMisplaced, {
  severity: 'error',
  fires: [
    {
      name: '(B, L, V) logits with (B, L) targets: the whole message',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: 2 * 3 * 5 }, (_, i) => Math.sin(i)), [2, 3, 5], 'float32'), target: [[0, 4, 2], [1, 3, 3]] }),
      expect: (f) => assert.equal(f.message, 'The input is (2, 3, 5) and the target (2, 3): the classes (V = 5) are on the last dimension, but CrossEntropyLoss expects them on dim 1, i.e. an input of shape (2, 5, 3). PyTorch raises "Expected target size (2, 5), got (2, 3)", or, worse, treats dim 1 (length 3) as the classes when the sizes happen to fit.'),
    },
  ],
  silent: [{ name: '(B, V, L) logits', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(2 * 5 * 3), [2, 5, 3], 'float32'), target: [[0, 4, 2], [1, 3, 3]] }) }],
});

/** 10 % positives, logits that separate them (what decision-threshold reports), with input and target given. */
function imbalanced(n: number): { z: number[]; y: number[] } {
  const r = seeded(12);
  const y = Array.from({ length: n }, () => (r.uniform() < 0.1 ? 1 : 0));
  return { z: y.map((t) => -2 + (t ? 2.5 : 0) + r.normal()), y };
}

ruleTable(decisionThreshold, {
  severity: 'info',
  fires: [{ name: '500 samples, 10 % positives', case: () => { const { z, y } = imbalanced(500); return mkCase({ loss: 'BCEWithLogitsLoss', input: z, target: y }); } }],
  silent: [
    {
      // shape-mismatch's finding; the scores cannot be paired with the labels
      name: 'input (250,) and target (250, 2): as many labels as scores nowhere',
      case: () => { const { z, y } = imbalanced(500); return mkCase({ loss: 'BCEWithLogitsLoss', input: z.slice(0, 250), target: Array.from({ length: 250 }, (_, i) => [y[2 * i], y[2 * i + 1]]) }); },
    },
  ],
});

ruleTable(nonFiniteValues, {
  severity: 'error',
  fires: [
    {
      // columns 3..4 are −inf in every row (a padded vocabulary); one of them has a positive target
      name: 'KLDivLoss with −inf input columns: zero targets give NaN, a positive one +inf; cut the padded columns',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.5, -1.2, -2, -Infinity, -Infinity], [-0.9, -0.8, -1.9, -Infinity, -Infinity]], target: [[0.5, 0.3, 0.2, 0, 0], [0.4, 0.4, 0.1, 0.1, 0]] }),
      expect: (f) => {
        assert.match(f.message, /; at 1 the target is positive and the term is \+inf: the model gives probability 0 to an outcome the target says can happen/);
        assert.equal(f.fix.split('\n')[1], 'V = 3   # the real vocabulary size (tokenizer)');
      },
    },
    {
      name: 'KLDivLoss with −inf input columns and zero targets there: NaN, no positive target named',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.5, -1.2, -2, -Infinity], [-0.9, -0.8, -1.9, -Infinity]], target: [[0.5, 0.3, 0.2, 0], [0.4, 0.4, 0.2, 0]] }),
      expect: (f) => {
        assert.match(f.message, /at 2 of them the target is 0, and KLDivLoss's term target·\(log target − input\) becomes 0 · \(−inf\)/);
        assert.doesNotMatch(f.message, /the target is positive/);
      },
    },
  ],
  silent: [{ name: 'finite log-probabilities', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.5, -1.2]], target: [[0.5, 0.5]] }) }],
});

ruleTable(allTargetsIgnored, {
  severity: 'warning',
  fires: [
    {
      name: 'every target is -100: the fix skips such batches',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3], [0, 1, 0]], target: [-100, -100] }),
      expect: (f) => assert.equal(f.fix, 'assert (target != -100).any(), "batch has no supervised targets"\n# check the collator / label masking, or skip such batches:\nif (target != -100).sum() == 0: continue'),
    },
  ],
  silent: [{ name: 'one target counts', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3], [0, 1, 0]], target: [-100, 1] }) }],
});

/** 100 residuals: 99 of ±0.1 around an offset of 0.5, one of 30 (an outlier). */
function outliers(): { x: number[]; y: number[]; r: number[] } {
  const r = Array.from({ length: 100 }, (_, i) => (i === 37 ? 30 : 0.5 + (i % 2 ? 0.1 : -0.1)));
  const y = Array.from({ length: 100 }, (_, i) => Math.sin(i));
  return { x: y.map((v, i) => v + r[i]), y, r };
}

ruleTable(mseOutliers, {
  severity: 'warning',
  fires: [
    {
      // the excess kurtosis of the residuals about their mean (which is not 0 here)
      name: 'one residual of 30 among 99 near 0.5: its excess kurtosis',
      case: () => { const { x, y } = outliers(); return mkCase({ loss: 'MSELoss', input: x, target: y, inputDtype: 'float64', targetDtype: 'float64' }); },
      expect: (f) => {
        const { x, y } = outliers();
        const r = x.map((v, i) => v - y[i]);
        const mean = r.reduce((a, v) => a + v, 0) / 100;
        const m2 = r.reduce((a, v) => a + (v - mean) ** 2, 0) / 100, m4 = r.reduce((a, v) => a + (v - mean) ** 4, 0) / 100;
        const k = m4 / (m2 * m2) - 3;
        assert.equal(f.evidence.excessKurtosis, Number(k.toPrecision(4)), String(k));
      },
    },
  ],
  silent: [{ name: 'residuals of ±0.1', case: mkCase({ loss: 'MSELoss', input: Array.from({ length: 100 }, (_, i) => (i % 2 ? 0.1 : -0.1)), target: new Array<number>(100).fill(0), inputDtype: 'float64', targetDtype: 'float64' }) }],
});
