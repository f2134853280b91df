/**
 * initial-loss, literally: too high (class, binary and regression fixes), too low, and the
 * boundaries f·hi and lo/f (exactly on them stays silent). References by hand:
 * - MSELoss on targets [1, 3]: predicting 0 gives (1 + 9) / 2 = 5, predicting the mean 2 gives 1.
 * - CrossEntropyLoss, 2 classes, 30 × class 0 and 10 × class 1: uniform log 2 = 0.693147; the class
 *   frequencies give H(0.25) = 0.562335 plus the Miller–Madow term (2 − 1) / (2·40) = 0.0125: 0.574835.
 * - BCEWithLogitsLoss on [1, 0, 0, 0]: zero logits log 2; the base rate H(0.25) = 0.562335.
 */
import { ruleTable, mkCase } from '../harness';
import { initialLoss } from '../../../../src/diagnostics/rules/initial-loss';
import { literal } from './literal';

const LN2 = Math.LN2;
const H25 = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
const mse = (train: number[] | undefined, target = [1, 3], val?: number[]) =>
  mkCase({ loss: 'MSELoss', input: target.map(() => 0), target, history: { ...(train ? { train } : {}), ...(val ? { val } : {}) } });
const ce = (train: number[], reduction = 'mean') => mkCase({
  loss: { type: 'CrossEntropyLoss', reduction },
  input: Array.from({ length: 40 }, () => [0, 0]),
  target: Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1)),
  history: { train },
});
const LOW_WHY = 'An untrained model cannot do that: the history probably does not start at initialisation (resumed or pretrained model), or the labels leak into the inputs.';
const LOW_FIX = [
  '# if the run should start from scratch, check what the model is initialised from',
  'model.load_state_dict(...)  # remove when training from scratch',
  '# and check for leakage: the target (or a proxy of it) must not be among the input features',
].join('\n');
const WRONG = 'The initial predictions are confidently wrong: the first steps will only shrink the logits (a "hockey stick" curve), and a large initial loss can destabilise training.';
const classFix = (bias: string): string => [
  '# start from (near-)uniform predictions: small final layer, bias = log class prior',
  'last = model.classifier            # your final nn.Linear',
  'nn.init.normal_(last.weight, std=1e-3)',
  bias,
  '# also check the input normalisation and that no scale factor (e.g. 1/temperature) multiplies the logits',
].join('\n');

ruleTable(initialLoss, {
  severity: 'info',
  fires: [
    {
      name: 'MSELoss: first loss 10.5 > 2 × 5',
      case: mse([10.5, 3, 1]),
      expect: literal({
        message: 'The first training loss is 10.5, 2.1× the 5 an untrained model should get (5 for predicting 0, 1 for predicting the target mean (the target variance)). The initial predictions are far from the targets: the first steps only move the output towards the target mean.',
        evidence: { first: 10.5, expectedUntrained: 5, expectedConstant: 1, ratio: 2.1, numClasses: null },
        fix: '# start predicting around the target mean: standardise targets, or init the output bias\nnn.init.zeros_(model.head.weight)\nnn.init.constant_(model.head.bias, 2)  # target mean',
        field: 'history',
      }),
    },
    {
      name: 'MSELoss: first loss 0.25 < 1 / 2',
      case: mse([0.25, 0.2]),
      expect: literal({
        message: `The first training loss is 0.25, below 0.5 (1/2 of the 1 a constant model gets: predicting the target mean (the target variance)). ${LOW_WHY}`,
        evidence: { first: 0.25, expectedUntrained: 5, expectedConstant: 1, ratio: 0.05, numClasses: null },
        fix: LOW_FIX,
        field: 'history',
      }),
    },
    {
      name: 'factor 4: first loss 0.2 < 1 / 4',
      case: mse([0.2]),
      options: { factor: 4 },
      expect: literal({ message: `The first training loss is 0.2, below 0.25 (1/4 of the 1 a constant model gets: predicting the target mean (the target variance)). ${LOW_WHY}` }),
    },
    {
      name: 'factor 0.5 counts as 1: first loss 6 > 5',
      case: mse([6]),
      options: { factor: 0.5 },
      expect: literal({ evidence: { first: 6, expectedUntrained: 5, expectedConstant: 1, ratio: 1.2, numClasses: null } }),
    },
    {
      name: 'CrossEntropyLoss, 2 classes: first loss 3 > 2 log 2',
      case: ce([3, 1]),
      expect: literal({
        message: `The first training loss is 3, 4.33× the 0.693 an untrained model should get (0.693 for log K = log 2 (uniform probabilities), 0.575 for predicting the class frequencies). ${WRONG}`,
        evidence: { first: 3, expectedUntrained: Number(LN2.toPrecision(6)), expectedConstant: Number((H25 + 0.0125).toPrecision(6)), ratio: Number((3 / LN2).toPrecision(4)), numClasses: 2 },
        fix: classFix('last.bias.data = torch.log(class_freq)  # class_freq: tensor of class frequencies (sums to 1)'),
      }),
    },
    {
      name: 'CrossEntropyLoss: first loss 0.28 < 0.574835 / 2 = 0.287418',
      case: ce([0.28]),
      expect: literal({ message: `The first training loss is 0.28, below 0.287 (1/2 of the 0.575 a constant model gets: predicting the class frequencies). ${LOW_WHY}` }),
    },
    {
      name: 'BCEWithLogitsLoss: first loss 2 > 2 log 2',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0, 0, 0, 0], target: [1, 0, 0, 0], history: { train: [2] } }),
      expect: literal({
        message: `The first training loss is 2, 2.89× the 0.693 an untrained model should get (0.693 for a probability of 0.5 everywhere (zero logits), 0.562 for predicting the base rate). ${WRONG}`,
        evidence: { first: 2, expectedUntrained: Number(LN2.toPrecision(6)), expectedConstant: Number(H25.toPrecision(6)), ratio: Number((2 / LN2).toPrecision(4)), numClasses: null },
        fix: classFix('nn.init.constant_(last.bias, math.log(pos_rate / (1 - pos_rate)))  # pos_rate = mean of the targets'),
      }),
    },
    {
      name: 'BCELoss: the binary fix too',
      case: mkCase({ loss: 'BCELoss', input: [0.5, 0.5, 0.5, 0.5], target: [1, 0, 0, 0], history: { train: [2] } }),
      expect: literal({ fix: classFix('nn.init.constant_(last.bias, math.log(pos_rate / (1 - pos_rate)))  # pos_rate = mean of the targets') }),
    },
  ],
  silent: [
    { name: 'MSELoss: first loss exactly 2 × 5', case: mse([10]) },
    { name: 'MSELoss: first loss exactly 1 / 2', case: mse([0.5]) },
    { name: 'MSELoss: first loss 3, between', case: mse([3]) },
    { name: 'factor 0.5 counts as 1: first loss 4 (below 5, above 1)', case: mse([4]), options: { factor: 0.5 } },
    { name: 'only a validation curve (val 100)', case: mse(undefined, [1, 3], [100]) },
    { name: 'no history', case: mkCase({ loss: 'MSELoss', input: [0, 0], target: [1, 3] }) },
    { name: 'a NaN first loss', case: mse([NaN, 3]) },
    { name: 'an infinite first loss', case: mse([Infinity, 3]) },
    { name: "reduction 'sum': no reference", case: ce([300], 'sum') },
    { name: 'all-zero targets (both references 0): a first loss of 1 is no evidence', case: mse([1], [0, 0]) },
    { name: 'all-zero targets: a first loss of −1 (below 0) is no evidence either', case: mse([-1], [0, 0]) },
  ],
});
