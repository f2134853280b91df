/**
 * loss-divergence, the whole rule: the non-finite messages (NaN, ±Infinity; first, second, later
 * step; train and val, both at once), and sustained growth on short curves where the moving average is
 * the curve itself (window round(n/10) = 1 for n ≤ 14): growthFactor, minRise and the 1e-9 rise on their
 * edges, the minimum before or at the last third, a minimum of 0 (growth ∞), minSteps, and the fixes.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { CaseHistory } from '../../../../src/io/types';
import { lossDivergence } from '../../../../src/diagnostics/rules/loss-divergence';

const TAIL = 'Once a NaN reaches the weights, training cannot recover.';
const h = (history: CaseHistory) => mkCase({ loss: 'MSELoss', input: [1, 2], target: [1, 2.5], history });
const TRAIN_TAIL = 'A rising training loss usually means the learning rate is too high for this stage (or the optimizer state blew up).';
const VAL_FIX = '# keep the checkpoint with the best validation loss and stop early\nif val_loss < best: best = val_loss; torch.save(model.state_dict(), "best.pt")\n# and regularise: weight_decay, dropout, data augmentation, or a smaller learning rate';
// 12 steps, the last third from step 8: minimum 1 at step 3, then 1 at step 8 rising to `end`
// (dyadic values: the moving average's running sum stays exact)
const grow = (end: number): number[] => [4, 3, 2, 1, 1, 1, 1, 1, 1, 1.25, 1.5, end];
// minimum 0.5 at step 3; the last third from 1 to `end`
const rise = (end: number): number[] => [4, 3, 2, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1.125, 1.1875, end];

ruleTable(lossDivergence, {
  severity: 'warning',
  fires: [
    { name: 'val NaN at the second step', case: h({ val: [0.8, NaN, NaN, 1] }), expect: (f) => assert.equal(f.message, `The val loss becomes NaN at step 1 of 4 (last finite value 0.8); 2 of 4 values are not finite. ${TAIL}`) },
    {
      name: 'val −Infinity at step 2: the last finite value against the minimum so far; the evidence',
      case: h({ val: [0.5, 1.5, -Infinity] }),
      expect: (f) => {
        assert.equal(f.message, `The val loss becomes -Infinity at step 2 of 3 (last finite value 1.5, 3× its minimum so far); 1 of 3 values are not finite. ${TAIL}`);
        assert.deepEqual(f.evidence, { curve: 'val', steps: 3, firstNonFiniteStep: 2, value: '-Infinity', lastFinite: 1.5, nonFiniteSteps: 1 });
        assert.equal(f.field, 'history');
      },
    },
    { name: 'train +Infinity at step 1', case: h({ train: [2, Infinity, 3] }), expect: (f) => assert.equal(f.message, `The train loss becomes Infinity at step 1 of 3 (last finite value 2); 1 of 3 values are not finite. ${TAIL}`) },
    { name: 'a minimum of 0 before the NaN: the ratio against 1e-300', case: h({ train: [0, 1e-299, NaN] }), expect: (f) => assert.match(f.message, /\(last finite value 1\.00e-299, 10× its minimum so far\)/) },
    {
      name: 'train and val both non-finite: two findings; no growth check after the NaN',
      case: h({ train: [...grow(5).slice(0, 11), NaN], val: [NaN] }),
      expect: (f, all) => {
        assert.equal(all.length, 2);
        assert.equal(f.message, `The train loss becomes NaN at step 11 of 12 (last finite value 1.5, 1.5× its minimum so far); 1 of 12 values are not finite. ${TAIL}`);
        assert.equal(all[1].message, `The val loss becomes NaN at step 0 of 1; 1 of 1 values are not finite. ${TAIL}`);
      },
    },
    {
      name: 'growth exactly ×2 (growthFactor) from step 3: the message and the evidence',
      case: h({ train: grow(2) }),
      expect: (f) => {
        assert.equal(f.message, `The train loss grows again after step 3: its smoothed value rose from 1 to 2 (×2) and is still rising over the last third of the 12 steps. ${TRAIN_TAIL}`);
        assert.deepEqual(f.evidence, { curve: 'train', steps: 12, minStep: 3, minSmoothed: 1, endSmoothed: 2, growthFactor: 2, lastThirdRise: 2 });
        assert.match(f.fix, /^# lower the learning rate/);
        assert.match(f.fix, /torch\.autograd\.set_detect_anomaly\(True\)/);
        assert.equal(f.field, 'history');
      },
    },
    {
      name: 'a validation curve: its message and the early-stopping fix',
      case: h({ val: grow(3) }),
      expect: (f) => {
        assert.equal(f.message, 'The val loss grows again after step 3: its smoothed value rose from 1 to 3 (×3) and is still rising over the last third of the 12 steps. A rising validation loss while training continues is overfitting or divergence; compare with the training curve.');
        assert.equal(f.fix, VAL_FIX);
      },
    },
    {
      // a loss that can be negative (a log-likelihood of a density): minimum −1 at step 4, then up to 4
      name: 'a negative minimum (−1) and a rise to 4: growth ∞, the rise quoted from −1',
      case: h({ train: [3, 2, 1, 0, -1, -1, -1, -1, 1, 2, 3, 4] }),
      expect: (f) => {
        assert.equal(f.message, `The train loss grows again after step 4: its smoothed value rose from -1 to 4 (×Infinity) and is still rising over the last third of the 12 steps. ${TRAIN_TAIL}`);
        assert.deepEqual([f.evidence.minStep, f.evidence.growthFactor, f.evidence.lastThirdRise], [4, Infinity, 4]);
        assert.equal(f.field, 'history');
      },
    },
    { name: 'the last third rises 25 % (option minRise 0.24)', case: h({ train: rise(1.25) }), options: { minRise: 0.24 }, expect: { evidence: { minStep: 3, growthFactor: 2.5, lastThirdRise: 1.25 } } },
    {
      name: 'a minimum of 0 and the last third from 0: growth ∞, no last-third ratio',
      case: h({ train: [1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.4, 0.5] }),
      expect: (f) => {
        assert.match(f.message, /rose from 0 to 0\.5 \(×Infinity\)/);
        assert.deepEqual([f.evidence.minStep, f.evidence.growthFactor, f.evidence.lastThirdRise], [2, Infinity, null]);
      },
    },
    // 4 points: round(4/10) = 0, so the window is 1 (at least one step)
    { name: 'minSteps 4: four points, a window of one step', case: h({ train: [2, 1, 1.5, 3] }), options: { minSteps: 4 }, expect: { evidence: { minStep: 1, growthFactor: 3, lastThirdRise: 2 } } },
    { name: 'exactly minSteps points (option 12)', case: h({ train: grow(2) }), options: { minSteps: 12 }, expect: { evidence: { steps: 12 } } },
    {
      // 40 steps, window 4: the smoothed end is the mean of the last 4 values
      name: 'a longer curve: smoothed over round(n/10) steps',
      case: h({ train: [...Array.from({ length: 20 }, (_, i) => 3 - 0.1 * i), ...new Array<number>(6).fill(1), ...Array.from({ length: 14 }, (_, i) => 1 + 0.25 * (i + 1))] }),
      expect: (f) => {
        // the smoothed minimum is 1 (step 23: four values of 1); the smoothed end (3.75 + 4 + 4.25 + 4.5)/4
        assert.deepEqual([f.evidence.minStep, f.evidence.minSmoothed, f.evidence.endSmoothed], [23, 1, 4.125]);
      },
    },
  ],
  silent: [
    { name: 'growth ×1.99', case: h({ train: grow(1.99) }) },
    { name: 'the last third rises exactly minRise (option 0.25)', case: h({ train: rise(1.25) }), options: { minRise: 0.25 } },
    { name: 'growth ×2 on growthFactor 2.01', case: h({ train: grow(2) }), options: { growthFactor: 2.01 } },
    { name: 'the minimum at the start of the last third', case: h({ train: [4, 3, 2, 1.5, 1.5, 1.5, 1.5, 1.5, 1, 1.2, 1.6, 2.5] }) },
    { name: 'the minimum after the start of the last third', case: h({ train: [4, 3, 2, 1.5, 1.5, 1.5, 1.5, 1.5, 1.2, 1, 1.6, 2.5] }) },
    { name: 'a rise of 5e-11 from a last third at −1e-10 (under 1e-9)', case: h({ train: [1, 0, -1, 0, 0, 0, 0, 0, -1e-10, -1e-10, -1e-10, -5e-11] }) },
    { name: 'one point fewer than minSteps (option 13)', case: h({ train: grow(2) }), options: { minSteps: 13 } },
    { name: '7 points (default minSteps 8)', case: h({ train: [4, 2, 1, 1, 1.5, 2, 3] }) },
    { name: 'empty curves', case: h({ train: [], val: [] }) },
    { name: 'no history', case: h({}) },
  ],
});
