/**
 * regression-target-scale: the |mean| and std limits just inside and outside, the sample-count
 * guard, the per-column fix for (N, D) targets, the Huber/SmoothL1 notes, the log1p hint's range
 * ratio, and the message word for word. Means and (population) stds are derived by hand in names.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import type { Finding } from '../../../../src/diagnostics/types';
import { regressionTargetScale } from '../../../../src/diagnostics/rules/regression-target-scale';

type Reg = 'MSELoss' | 'L1Loss' | 'HuberLoss' | 'SmoothL1Loss';
function reg(target: number[] | number[][], type: Reg = 'MSELoss', extra: Record<string, unknown> = {}, input?: number[] | number[][]): LossCase {
  const x = input ?? (Array.isArray(target[0]) ? (target as number[][]).map((r) => r.map(() => 0)) : (target as number[]).map(() => 0));
  return mkCase({ loss: { type, ...extra }, input: x, target, inputDtype: 'float64', targetDtype: 'float64' });
}
const TAIL = (squared: boolean): string => `and its gradients grow with the target scale${squared ? ' squared' : ''}, so usual learning rates and initialisations are off, and the output layer first has to learn the offset.`;
const FIX_1D = (mean: string, std: string, log1p = false): string => [
  '# standardise the targets with training-set statistics',
  `y_mean, y_std = ${mean}, ${std}   # y_train.mean(), y_train.std()`,
  'loss = criterion(model(x), (y - y_mean) / y_std)',
  'pred = model(x) * y_std + y_mean   # back to original units for metrics and inference',
  ...(log1p ? ['# targets spanning orders of magnitude (prices, counts): consider regressing log1p(y) instead'] : []),
].join('\n');

ruleTable(regressionTargetScale, {
  severity: 'warning',
  fires: [
    {
      name: 'MSELoss, targets 100 and 120 against predictions 0: mean 110, std 10, loss (100² + 120²)/2 = 12200',
      case: reg([100, 120]),
      expect: (f: Finding) => {
        assert.equal(f.message, `The MSELoss targets have mean 110 and std 10 (range 100…120), far from unit scale (limit 10). The loss (12200) ${TAIL(true)}`);
        assert.equal(f.fix, FIX_1D('110', '10'));
        assert.deepEqual(f.evidence, { targetMean: 110, targetStd: 10, targetMin: 100, targetMax: 120, inputMean: 0, inputStd: 0, maxScale: 10, loss: 12200 });
        assert.equal(f.field, 'target');
      },
    },
    {
      name: 'L1Loss, targets −11, −11 (|mean| 11 > 10, std 0 → y_std 1), predictions 1, 3: loss (12 + 14)/2 = 13',
      case: reg([-11, -11], 'L1Loss', {}, [1, 3]),
      expect: (f) => {
        assert.equal(f.message, `The L1Loss targets have mean -11 and std 0 (range -11…-11), far from unit scale (limit 10). The loss (13) ${TAIL(false)}`);
        assert.equal(f.fix, FIX_1D('-11', '1'));
        assert.deepEqual([f.evidence.inputMean, f.evidence.inputStd], [2, 1]);
      },
    },
    {
      name: 'HuberLoss(delta=1.5): the delta note',
      case: reg([100, 120], 'HuberLoss', { delta: 1.5 }),
      expect: (f) => assert.ok(f.message.endsWith(`${TAIL(false)} HuberLoss(delta=1.5) is in target units: at this scale almost every residual is beyond delta, so it behaves like L1.`), f.message),
    },
    {
      name: 'SmoothL1Loss(beta=0.5): the beta note',
      case: reg([100, 120], 'SmoothL1Loss', { beta: 0.5 }),
      expect: (f) => assert.ok(f.message.endsWith(`${TAIL(false)} SmoothL1Loss(beta=0.5) is in target units: at this scale it behaves like L1.`), f.message),
    },
    { name: 'mean 0, std 10.5 (targets ±10.5): std just above the limit', case: reg([-10.5, 10.5]), expect: { evidence: { targetMean: 0, targetStd: 10.5 } } },
    { name: 'mean 10.5, std 0: |mean| just above the limit', case: reg([10.5, 10.5]), expect: (f) => assert.equal(f.fix, FIX_1D('10.5', '1')) },
    { name: 'two finite targets beside a NaN (minSamples 2)', case: reg([100, 100, NaN]), expect: { evidence: { targetMean: 100 } } },
    { name: 'three targets with minSamples 3', case: reg([100, 100, 100]), options: { minSamples: 3 }, expect: { evidence: { targetMean: 100 } } },
    { name: 'mean 110 with maxScale 109.9', case: reg([110, 110]), options: { maxScale: 109.9 }, expect: { evidence: { maxScale: 109.9 } } },
    {
      name: '(2, 2) targets [[100, 50], [120, 50]]: per-column means 110, 50 and stds 10, 0 (→ 1)',
      case: reg([[100, 50], [120, 50]]),
      expect: (f) => assert.equal(f.fix, [
        '# standardise each target column with training-set statistics',
        'y_mean = torch.tensor([110, 50])',
        'y_std = torch.tensor([10, 1])',
        'loss = criterion(model(x), (y - y_mean) / y_std)',
        'pred = model(x) * y_std + y_mean   # back to original units for metrics and inference',
      ].join('\n')),
    },
    {
      name: '(2, 16) targets: still per column',
      case: reg([Array.from({ length: 16 }, () => 50), Array.from({ length: 16 }, () => 70)]),
      expect: (f) => assert.equal(f.fix.split('\n')[1], `y_mean = torch.tensor([${new Array(16).fill('60').join(', ')}])`),
    },
    { name: '(2, 17) targets: one overall mean', case: reg([Array.from({ length: 17 }, () => 50), Array.from({ length: 17 }, () => 70)]), expect: (f) => assert.equal(f.fix, FIX_1D('60', '10')) },
    { name: '(2, 1) targets: one overall mean', case: reg([[100], [120]]), expect: (f) => assert.equal(f.fix, FIX_1D('110', '10')) },
    // std √((20² + 0 + 20²)/3) = 16.33, shown with 3 digits
    { name: '(1, 3) targets (one row): one overall mean', case: reg([[100, 120, 140]]), expect: (f) => assert.equal(f.fix, FIX_1D('120', '16.3')) },
    {
      name: 'MSELoss on targets 1 … 201 (max/min 201 > 100): the log1p hint',
      case: reg([1, 201]),
      expect: (f) => assert.equal(f.fix, FIX_1D('101', '100', true)),
    },
    { name: 'MSELoss on targets 2 … 200 (max/min exactly 100): no log1p hint', case: reg([2, 200]), expect: (f) => assert.equal(f.fix, FIX_1D('101', '99')) },
    { name: 'MSELoss on targets 0 … 200 (min 0): no log1p hint', case: reg([0, 200]), expect: (f) => assert.equal(f.fix, FIX_1D('100', '100')) },
    { name: 'L1Loss on targets 1 … 201: no log1p hint (MSE only)', case: reg([1, 201], 'L1Loss'), expect: (f) => assert.equal(f.fix, FIX_1D('101', '100')) },
    {
      name: 'no recomputed loss (shapes that do not broadcast): "The loss and" without a number',
      case: reg([100, 120], 'MSELoss', {}, [0, 0, 0]),
      expect: (f) => {
        assert.ok(f.message.endsWith(`(limit 10). The loss ${TAIL(true)}`), f.message);
        assert.equal(f.evidence.loss, null);
      },
    },
  ],
  silent: [
    { name: 'unit-scale targets', case: reg([-1, 0.5, 1.2, 0.3]) },
    { name: 'mean exactly 10, std 0', case: reg([10, 10]) },
    { name: 'mean −10, std 0', case: reg([-10, -10]) },
    { name: 'mean 0, std exactly 10 (targets ±10)', case: reg([-10, 10]) },
    { name: 'one target', case: reg([100]) },
    { name: 'one finite target and a NaN', case: reg([100, NaN]) },
    { name: 'two targets with minSamples 3', case: reg([100, 100]), options: { minSamples: 3 } },
    { name: 'mean 110 with maxScale 110', case: reg([110, 110]), options: { maxScale: 110 } },
  ],
});
