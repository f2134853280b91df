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
    {
      name: 'NaN at the first step: no last finite value; the fix',
      case: ceCase({ train: [NaN, 2, 1.5] }),
      expect: (f) => {
        assert.equal(f.message, `The train loss becomes NaN at step 0 of 3; 1 of 3 values are not finite. ${TAIL}`);
        assert.equal(f.fix, [
          '# lower the learning rate (often the cause) and clip gradients',
          'optimizer = torch.optim.AdamW(model.parameters(), lr=base_lr / 10)',
          'loss.backward()',
          'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
          'optimizer.step()',
          '# find the first operation that produces NaN/Inf',
          'torch.autograd.set_detect_anomaly(True)',
          '# no hand-written log(sigmoid(x)) / log(softmax(x)): use BCEWithLogitsLoss / CrossEntropyLoss on logits;',
          '# with float16 autocast, use torch.cuda.amp.GradScaler() and keep the loss in float32',
        ].join('\n'));
      },
    },
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
        // the smoothed end against the smoothed value where the last third starts (step 40)
        const v = Array.from({ length: 60 }, (_, i) => (i <= 20 ? 2 - 0.075 * i : 0.5 + (1.5 * (i - 20)) / 39));
        const ma = (i: number): number => { const w = v.slice(Math.max(0, i - 5), i + 1); return w.reduce((a, x) => a + x, 0) / w.length; };
        assert.ok(Math.abs((e.lastThirdRise as number) - ma(59) / ma(40)) < 1e-9, `${e.lastThirdRise} vs ${ma(59) / ma(40)}`);
        assert.equal(f.message, `The val loss grows again after step ${e.minStep as number}: its smoothed value rose from ${fmt(e.minSmoothed as number)} to ${fmt(e.endSmoothed as number)} (×${fmt(e.growthFactor as number)}) and is still rising over the last third of the 60 steps. A rising validation loss while training continues is overfitting or divergence; compare with the training curve.`);
        assert.equal(f.fix, '# keep the checkpoint with the best validation loss and stop early\nif val_loss < best: best = val_loss; torch.save(model.state_dict(), "best.pt")\n# and regularise: weight_decay, dropout, data augmentation, or a smaller learning rate');
      },
    },
    {
      // a smoothed value of exactly 0 where the last third starts: no finite rise ratio to report
      name: 'a validation loss of exactly 0 for 40 steps, then rising: growth without a ratio',
      case: ceCase({ train: Array.from({ length: 60 }, (_, i) => 2 * Math.exp(-i / 10)), val: Array.from({ length: 60 }, (_, i) => (i <= 40 ? 0 : (i - 40) / 10)) }),
      expect: { evidence: { curve: 'val', minSmoothed: 0, lastThirdRise: null } },
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
        assert.equal(f.field, 'history');
        assert.match(f.message, new RegExp(`^The first training loss is 0\\.05, below ${fmt(lo / 2).replace('.', '\\.')} \\(1/2 of the ${fmt(lo).replace('.', '\\.')} a constant model gets: predicting the class frequencies\\)\\. An untrained model cannot do that: the history probably does not start at initialisation \\(resumed or pretrained model\\), or the labels leak into the inputs\\.$`));
      },
    },
    // the constant model predicts the class frequencies (1/2, 1/2, 0): the entropy ln 2, plus the
    // Miller–Madow correction (2 classes seen − 1) / (2 · 60 targets)
    { name: 'an absent class adds nothing to the constant reference', case: twoOfThree(20), expect: { evidence: { expectedConstant: p6(Math.LN2 + 1 / 120), expectedUntrained: p6(Math.log(3)) } } },
    { name: 'probability targets: the constant reference is the entropy of the mean target', case: softTwo(20), expect: { evidence: { expectedConstant: p6(H([0.2, 0.8])) } } },
    {
      name: 'a class loss far above log K: confidently wrong, re-initialise the last layer',
      case: twoOfThree(20),
      expect: (f) => {
        assert.match(f.message, / The initial predictions are confidently wrong: the first steps will only shrink the logits \(a "hockey stick" curve\), and a large initial loss can destabilise training\.$/);
        assert.equal(f.fix.split('\n')[3], 'last.bias.data = torch.log(class_freq)  # class_freq: tensor of class frequencies (sums to 1)');
        assert.equal(f.field, 'history');
      },
    },
    {
      name: 'a regression loss far above E[t²]: start around the target mean',
      case: mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [1, 2, 3, 2], inputDtype: 'float64', targetDtype: 'float64', history: { train: [500, 10] } }),
      expect: (f) => {
        assert.match(f.message, / The initial predictions are far from the targets: the first steps only move the output towards the target mean\.$/);
        assert.equal(f.fix, '# start predicting around the target mean: standardise targets, or init the output bias\nnn.init.zeros_(model.head.weight)\nnn.init.constant_(model.head.bias, 2)  # target mean');
        assert.equal(f.field, 'history');
      },
    },
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
    {
      // classes 0..3 as targets, class 4 never: the prior (1/4, 1/4, 1/4, 1/4, 0)
      name: 'the constant-prediction levels: the entropy of the prior and the cross-entropy against it (an absent class adds nothing)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 40 }, () => ROW), target: Array.from({ length: 40 }, (_, i) => i % 4), inputDtype: 'float64' }),
      expect: (f) => {
        const p = softmax(ROW);
        const cross = -0.25 * (Math.log(p[0]) + Math.log(p[1]) + Math.log(p[2]) + Math.log(p[3]));
        assert.equal(f.evidence.priorEntropy, Number(Math.log(4).toPrecision(6)));
        assert.equal(f.evidence.constantPredictionLoss, Number(cross.toPrecision(6)));
        assert.equal(f.fix.split('\n')[3], '# dead ReLUs: the share of hidden units active on a batch (0 = dead)');
      },
    },
  ],
  silent: [
    {
      // half the rows shifted by 0.2 on class 2: mean total variation ≈ 0.02, above maxDeviation 0.01
      name: 'rows that differ a little (total variation 0.02 > 0.01)',
      case: () => {
        const alt = ROW.map((v, k) => (k === 2 ? v + 0.2 : v));
        const [p, q] = [softmax(ROW), softmax(alt)];
        const tv = p.reduce((a, v, k) => a + Math.abs(v - q[k]), 0) / 4;
        assert.ok(tv > 0.01 && tv < 0.03, String(tv));
        return mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 40 }, (_, i) => (i % 2 ? alt : ROW)), target: Array.from({ length: 40 }, (_, i) => i % 5), inputDtype: 'float64' });
      },
    },
    { name: 'rows that differ', case: mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 40 }, (_, i) => ROW.map((v, k) => 500 + v + (k === i % 5 ? 3 : 0))), target: Array.from({ length: 40 }, (_, i) => i % 5), inputDtype: 'float64' }) }],
});

ruleTable(lossBelowMinimum, {
  severity: 'warning',
  fires: [
    {
      name: 'a negative reported loss and a negative history: both named, one after the other',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5], [1], [-3]], target: [[1], [0], [1], [0]], meta: { reported_loss: -0.5 }, history: { train: [0.69, -2, -3] } }),
      expect: (f) => assert.match(f.message, /^BCEWithLogitsLoss cannot go below 0 when its preconditions hold, but meta\.reported_loss reaches -0\.5, below 0; history\.train \(2 of 3 values\) reaches -3, below 0\. This batch recomputes to /),
    },
    {
      name: 'a reported loss of −1.1e-6 (beyond the −1e-6 rounding slack)',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5]], target: [[1], [0]], meta: { reported_loss: -1.1e-6 } }),
      expect: { message: /but meta\.reported_loss reaches -1\.10e-6, below 0\./ },
    },
  ],
  silent: [
    { name: 'a positive history', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5]], target: [[1], [0]], history: { train: [0.69, 0.5] } }) },
    { name: 'a reported loss of exactly −1e-6 (float rounding of 0)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5]], target: [[1], [0]], meta: { reported_loss: -1e-6 } }) },
    { name: 'a positive reported loss', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5]], target: [[1], [0]], meta: { reported_loss: 0.3 } }) },
  ],
});
