/**
 * double-sigmoid, literally: the message with the loss floor, its form without one (no valid
 * targets), the evidence; the edges of [0, 1] (exactly 0 and 1 fire), minElements (16 finite values)
 * and the two-distinct-values guard. Floors: a positive's best BCE-with-logits term at input 1 is
 * log(1 + e^−1) = 0.3132617, a negative's at input 0 is log 2; with 25 % positives the mean floor is
 * 0.25·0.3132617 + 0.75·0.6931472 = 0.5981758. Losses: PyTorch F.binary_cross_entropy_with_logits
 * (float64), computed by hand with /usr/bin/python3.
 */
import { ruleTable, mkCase } from '../harness';
import { doubleSigmoid } from '../../../../src/diagnostics/rules/double-sigmoid';
import { literal } from './literal';

const X16 = Array.from({ length: 16 }, (_, i) => i / 15); // 0, 1/15, …, 1: mean 0.5
const Y16 = X16.map((_, i) => (i < 4 ? 1 : 0));
const ds = (input: number[] | number[][], target: number[] | number[][]) => mkCase({ loss: 'BCEWithLogitsLoss', input, target, inputDtype: 'float64', targetDtype: 'float64' });
const FIX = [
  '# return raw logits from the model: remove the final torch.sigmoid / nn.Sigmoid',
  'logits = model(x)',
  'loss = nn.BCEWithLogitsLoss()(logits, target.float())',
  'probs = torch.sigmoid(logits)   # only for metrics and inference',
].join('\n');
const FLOORS = { floorPositive: 0.313262, floorNegative: 0.693147 };

ruleTable(doubleSigmoid, {
  severity: 'warning',
  fires: [
    {
      name: '16 values from exactly 0 to exactly 1, 4 positives (PyTorch loss 0.960111)',
      case: ds(X16, Y16),
      expect: literal({
        message: 'All 16 BCEWithLogitsLoss inputs lie in [0, 1] (min 0, max 1, mean 0.5) and none is negative: they look like sigmoid outputs, not logits. BCEWithLogitsLoss applies the sigmoid again, so a positive can never score below log(1 + 1/e) ≈ 0.313 and a negative below log 2 ≈ 0.693; with 25.0% positives the mean loss cannot go below 0.598, and predictions can never become confident.',
        evidence: { elements: 16, min: 0, max: 1, mean: 0.5, ...FLOORS, positiveShare: 0.25, lossFloor: 0.598176, loss: 0.9601108553446602 },
        fix: FIX,
        field: 'input',
      }),
    },
    {
      // (8, 2): 2 positives of 16 over both labels: floor 2/16·0.3132617 + 14/16·0.6931472 = 0.645661 (PyTorch loss 0.833612)
      name: 'multilabel (8, 2) with two distinct values 0 and 0.5',
      case: ds(Array.from({ length: 8 }, () => [0, 0.5]), Array.from({ length: 8 }, (_, i) => [i < 2 ? 1 : 0, 0])),
      expect: literal({ evidence: { elements: 16, min: 0, max: 0.5, mean: 0.25, ...FLOORS, positiveShare: 0.125, lossFloor: 0.645661, loss: 0.8336120823700259 } }),
    },
    {
      name: 'no target in [0, 1] (all 2): no floor to quote',
      case: ds(X16, X16.map(() => 2)),
      expect: literal({
        message: 'All 16 BCEWithLogitsLoss inputs lie in [0, 1] (min 0, max 1, mean 0.5) and none is negative: they look like sigmoid outputs, not logits. BCEWithLogitsLoss applies the sigmoid again, so a positive can never score below log(1 + 1/e) ≈ 0.313 and a negative below log 2 ≈ 0.693, and predictions can never become confident.',
        evidence: { elements: 16, min: 0, max: 1, mean: 0.5, ...FLOORS, positiveShare: null, lossFloor: null, loss: -0.014889144655339647 },
      }),
    },
    { name: '16 finite values beside a NaN', case: ds([...X16, NaN], [...Y16, 0]), expect: { evidence: { elements: 16 } } },
    { name: 'minElements 4: four values', case: ds([0.1, 0.2, 0.3, 0.4], [1, 0, 0, 0]), options: { minElements: 4 }, expect: { evidence: { elements: 4, positiveShare: 0.25 } } },
  ],
  silent: [
    { name: '15 values (below minElements 16)', case: ds(X16.slice(0, 15), Y16.slice(0, 15)) },
    { name: '15 finite values and a NaN', case: ds([...X16.slice(0, 15), NaN], Y16) },
    { name: 'one value just below 0 (−0.01): logits', case: ds(X16.map((v, i) => (i === 0 ? -0.01 : v)), Y16) },
    { name: 'one value just above 1 (1.01): ReLU outputs, not sigmoid', case: ds(X16.map((v, i) => (i === 15 ? 1.01 : v)), Y16) },
    { name: 'all zero (zero-initialised logits)', case: ds(X16.map(() => 0), Y16) },
    { name: 'a single value 0.5 everywhere', case: ds(X16.map(() => 0.5), Y16) },
  ],
});
