/**
 * Curve and reference rules, the words and numbers of their findings: loss-divergence's message for
 * a NaN at the first step, the second step and later, and for a validation curve that grows again;
 * initial-loss's "below what a constant model gets" with the constant reference as the entropy of the
 * class frequencies (an absent class adds nothing) or of the mean probability target; and two guards:
 * loss-cannot-teach needs the same shape, collapsed-model's softmax must not overflow on large logits.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable, classifierLogits, seeded } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { fmt } from '../../../../src/diagnostics/format';
import type { CaseHistory, LossCase } from '../../../../src/io/types';
import { lossDivergence } from '../../../../src/diagnostics/rules/loss-divergence';
import { initialLoss } from '../../../../src/diagnostics/rules/initial-loss';
import { lossCannotTeach } from '../../../../src/diagnostics/rules/loss-cannot-teach';
import { collapsedModel } from '../../../../src/diagnostics/rules/collapsed-model';
import { lossBelowMinimum } from '../../../../src/diagnostics/rules/loss-below-minimum';

const K = 10;
const cls = classifierLogits({ n: 256, k: K, seed: 11 });
function ceCase(history: CaseHistory): LossCase {
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(cls.logits, [256, K]), target: tensor(cls.labels, [256], 'int64'), history });
}
const TAIL = 'Once a NaN reaches the weights, training cannot recover.';

ruleTable(lossDivergence, {
  severity: 'warning',
  fires: [
    { name: 'NaN at the first step: no last finite value', case: ceCase({ train: [NaN, 2, 1.5] }), expect: (f) => assert.equal(f.message, `The train loss becomes NaN at step 0 of 3; 1 of 3 values are not finite. ${TAIL}`) },
    { name: 'NaN at the second step: the last finite value only', case: ceCase({ train: [2.3, NaN, NaN] }), expect: (f) => assert.equal(f.message, `The train loss becomes NaN at step 1 of 3 (last finite value 2.3); 2 of 3 values are not finite. ${TAIL}`) },
    { name: '+Infinity at step 3: the last finite value against the minimum so far', case: ceCase({ train: [2.3, 1.2, 2.4, Infinity] }), expect: (f) => assert.equal(f.message, `The train loss becomes Infinity at step 3 of 4 (last finite value 2.4, 2× its minimum so far); 1 of 4 values are not finite. ${TAIL}`) },
    { name: 'validation NaN at the first step', case: ceCase({ train: [2, 1.5, 1.2], val: [NaN, 1] }), expect: (f) => assert.equal(f.message, `The val loss becomes NaN at step 0 of 2; 1 of 2 values are not finite. ${TAIL}`) },
    {
      // falls to 0.5 at step 20, then rises linearly to 2 at step 59: smoothed over 6 steps
      name: 'a validation curve that grows again: the message and the early-stopping fix',
      case: ceCase({ train: Array.from({ length: 60 }, (_, i) => 2 * Math.exp(-i / 10)), val: Array.from({ length: 60 }, (_, i) => (i <= 20 ? 2 - 0.075 * i : 0.5 + (1.5 * (i - 20)) / 39)) }),
      expect: (f) => {
        const e = f.evidence;
        assert.equal(e.curve, 'val');
        assert.equal(f.message, `The val loss grows again after step ${e.minStep as number}: its smoothed value rose from ${fmt(e.minSmoothed as number)} to ${fmt(e.endSmoothed as number)} (×${fmt(e.growthFactor as number)}) and is still rising over the last third of the 60 steps. A rising validation loss while training continues is overfitting or divergence; compare with the training curve.`);
        assert.equal(f.fix, '# keep the checkpoint with the best validation loss and stop early\nif val_loss < best: best = val_loss; torch.save(model.state_dict(), "best.pt")\n# and regularise: weight_decay, dropout, data augmentation, or a smaller learning rate');
      },
    },
  ],
  silent: [{ name: 'a falling curve', case: ceCase({ train: Array.from({ length: 60 }, (_, i) => 2 * Math.exp(-i / 10)) }) }],
});

/** CrossEntropyLoss over 3 classes, 60 samples with labels 0 and 1 only (class 2 absent). */
function twoOfThree(first: number): LossCase {
  const r = seeded(4);
  return mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 60 }, () => [r.normal(), r.normal(), r.normal()]), target: Array.from({ length: 60 }, (_, i) => i % 2), history: { train: [first, first / 2] } });
}
/** CrossEntropyLoss over 2 classes with probability targets whose mean is (0.2, 0.8). */
function softTwo(first: number): LossCase {
  const t = Array.from({ length: 20 }, (_, i) => (i % 2 ? [0.1, 0.9] : [0.3, 0.7]));
  return mkCase({ loss: 'CrossEntropyLoss', input: t.map(() => [0.5, -0.5]), target: t, inputDtype: 'float64', targetDtype: 'float64', history: { train: [first, first / 2] } });
}
/** The evidence's 6 significant digits. */
const p6 = (x: number): number => Number(x.toPrecision(6));
const H = (p: number[]): number => -p.reduce((a, v) => a + (v > 0 ? v * Math.log(v) : 0), 0);

ruleTable(initialLoss, {
  severity: 'info',
  fires: [
    {
      name: 'far below what a constant model gets: the message',
      case: twoOfThree(0.05),
      expect: (f) => {
        const lo = Math.min(Math.log(3), Math.LN2 + 1 / 120);
        assert.match(f.message, new RegExp(`^The first training loss is 0\\.05, below ${fmt(lo / 2).replace('.', '\\.')} \\(1/2 of the ${fmt(lo).replace('.', '\\.')} a constant model gets: predicting the class frequencies\\)\\. An untrained model cannot do that: the history probably does not start at initialisation \\(resumed or pretrained model\\), or the labels leak into the inputs\\.$`));
      },
    },
    // the constant model predicts the class frequencies (1/2, 1/2, 0): the entropy ln 2, plus the
    // Miller–Madow correction (2 classes seen − 1) / (2 · 60 targets)
    { name: 'an absent class adds nothing to the constant reference', case: twoOfThree(20), expect: { evidence: { expectedConstant: p6(Math.LN2 + 1 / 120), expectedUntrained: p6(Math.log(3)) } } },
    { name: 'probability targets: the constant reference is the entropy of the mean target', case: softTwo(20), expect: { evidence: { expectedConstant: p6(H([0.2, 0.8])) } } },
  ],
  silent: [{ name: 'starts at ln 3', case: twoOfThree(Math.log(3)) }],
});

ruleTable(lossCannotTeach, {
  severity: 'warning',
  fires: [{ name: 'the input is the target', case: mkCase({ loss: 'MSELoss', input: [1, 2, 3, 4, 5, 6, 7, 8], target: [1, 2, 3, 4, 5, 6, 7, 8] }) }],
  silent: [{ name: 'the same values in another shape (8,) vs (8, 1): broadcast, not identical', case: mkCase({ loss: 'MSELoss', input: [1, 2, 3, 4, 5, 6, 7, 8], target: [[1], [2], [3], [4], [5], [6], [7], [8]] }) }],
});

const ROW = [0.14, -0.3, 0.55, 0.1, 0.08];
const softmax = (z: number[]): number[] => { const m = Math.max(...z); const e = z.map((v) => Math.exp(v - m)); const s = e.reduce((a, v) => a + v, 0); return e.map((v) => v / s); };

ruleTable(collapsedModel, {
  severity: 'warning',
  fires: [
    {
      name: 'every row the same logits around 500: the probabilities of the softmax, no overflow',
      case: mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 40 }, () => ROW.map((v) => 500 + v)), target: Array.from({ length: 40 }, (_, i) => i % 5), inputDtype: 'float64' }),
      expect: { evidence: { topClass: 2, topProbability: softmax(ROW)[2] } },
    },
  ],
  silent: [{ name: 'rows that differ', case: mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 40 }, (_, i) => ROW.map((v, k) => 500 + v + (k === i % 5 ? 3 : 0))), target: Array.from({ length: 40 }, (_, i) => i % 5), inputDtype: 'float64' }) }],
});

ruleTable(lossBelowMinimum, {
  severity: 'warning',
  fires: [
    {
      name: 'a negative reported loss and a negative history: both named, one after the other',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5], [1], [-3]], target: [[1], [0], [1], [0]], meta: { reported_loss: -0.5 }, history: { train: [0.69, -2, -3] } }),
      expect: (f) => assert.match(f.message, /^BCEWithLogitsLoss cannot go below 0 when its preconditions hold, but meta\.reported_loss reaches -0\.5, below 0; history\.train \(2 of 3 values\) reaches -3, below 0\. This batch recomputes to /),
    },
  ],
  silent: [{ name: 'a positive history', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5]], target: [[1], [0]], history: { train: [0.69, 0.5] } }) }],
});
