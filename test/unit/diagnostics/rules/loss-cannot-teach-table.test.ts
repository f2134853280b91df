/**
 * loss-cannot-teach, the whole rule: each loss's sentence (every prediction equals its target; KL with
 * input = log(target); KL with the same log-probabilities), the minimum it names (0, or the target's
 * binary entropy for BCELoss, computed here), minElements on its edge, the float32 round trip of
 * exp(log t) and a 2e-5 miss, −inf against a zero target (PyTorch's loss is NaN there: silent), equal
 * infinities, NaN, one distinct value.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { lossCannotTeach } from '../../../../src/diagnostics/rules/loss-cannot-teach';

const TYPICAL = "Typical causes: a distillation term given the teacher's output twice, a reconstruction loss given its own input, or a variable reused by mistake.";
const ZERO_GRAD = 'the gradient reaching the model is zero everywhere, so this term trains nothing.';
const FIX = (type: string): string => `# the prediction must come from the model, the target from the data:\npred = model(x)\nloss = nn.${type}()(pred, target)   # not (target, target) or (x, x)`;
const KL_FIX = "# compare the STUDENT with the teacher:\nkd = nn.KLDivLoss(reduction='batchmean', log_target=True)\nloss = kd(F.log_softmax(student_logits / T, dim=-1), F.log_softmax(teacher_logits / T, dim=-1).detach()) * T * T";
const V8 = [0.5, 1.5, -2, 3, 0.25, 4, -1, 2];
const P8 = [0.1, 0.2, 0.3, 0.4, 0.25, 0.25, 0.25, 0.25];
const same = (type: 'MSELoss' | 'L1Loss' | 'HuberLoss' | 'SmoothL1Loss', v: number[], extra: Record<string, unknown> = {}) => mkCase({ loss: { type, ...extra }, input: v, target: v, inputDtype: 'float64', targetDtype: 'float64' });

ruleTable(lossCannotTeach, {
  severity: 'warning',
  fires: [
    {
      name: 'MSELoss on (target, target), 8 elements (minElements): loss 0 at minimum 0',
      case: same('MSELoss', V8),
      expect: (f) => {
        assert.equal(f.message, `MSELoss: every prediction equals its target (8 elements, all identical). The loss (0) is exactly at its minimum (0) and ${ZERO_GRAD} ${TYPICAL}`);
        assert.deepEqual(f.evidence, { elements: 8, identical: 8, logSpace: false, loss: 0, lossType: 'MSELoss' });
        assert.equal(f.fix, FIX('MSELoss'));
        assert.equal(f.field, 'input');
      },
    },
    { name: 'L1Loss', case: same('L1Loss', V8), expect: (f) => { assert.match(f.message, /^L1Loss: every prediction equals its target \(8 elements, all identical\)\./); assert.equal(f.fix, FIX('L1Loss')); } },
    { name: 'SmoothL1Loss with minElements 2 on two values', case: same('SmoothL1Loss', [1, 2]), options: { minElements: 2 }, expect: { evidence: { elements: 2, identical: 2 } } },
    {
      name: 'reduction none: no loss value to quote',
      case: same('HuberLoss', V8, { reduction: 'none' }),
      expect: (f) => {
        assert.equal(f.message, `HuberLoss: every prediction equals its target (8 elements, all identical). The loss is exactly at its minimum (0) and ${ZERO_GRAD} ${TYPICAL}`);
        assert.equal(f.evidence.loss, null);
      },
    },
    {
      name: 'equal +Infinity pairs are skipped, not counted',
      case: same('MSELoss', [...V8, Infinity]),
      expect: { evidence: { elements: 9, identical: 8 } },
    },
    {
      name: 'BCELoss on (p, p): the minimum is the target\'s own binary entropy',
      case: mkCase({ loss: 'BCELoss', input: P8, target: P8, inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        const h = P8.reduce((s, p) => s - p * Math.log(p) - (1 - p) * Math.log(1 - p), 0) / 8;
        assert.equal(f.message, `BCELoss: every prediction equals its target (8 elements, all identical). The loss (${fmt(h)}) is exactly at its minimum (the target's own binary entropy) and ${ZERO_GRAD} ${TYPICAL}`);
        assert.ok(Math.abs((f.evidence.loss as number) - h) < 1e-6 * h);
      },
    },
    {
      name: 'KLDivLoss: input = log(target) in float32',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [P8.slice(0, 4).map(Math.log), P8.slice(4).map(Math.log)], target: [P8.slice(0, 4), P8.slice(4)], inputDtype: 'float32', targetDtype: 'float32' }),
      expect: (f) => {
        assert.equal(f.message, `KLDivLoss: the input is exactly log(target): the distribution is compared with itself (8 elements, all identical). The loss (0) is exactly at its minimum (0) and ${ZERO_GRAD} ${TYPICAL}`);
        assert.deepEqual(f.evidence, { elements: 8, identical: 8, logSpace: true, loss: 0, lossType: 'KLDivLoss' });
        assert.equal(f.fix, KL_FIX);
      },
    },
    {
      name: 'KLDivLoss log_target: the same log-probabilities',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: [P8.slice(0, 4).map(Math.log), P8.slice(4).map(Math.log)], target: [P8.slice(0, 4).map(Math.log), P8.slice(4).map(Math.log)] }),
      expect: (f) => {
        assert.match(f.message, /^KLDivLoss: input and target are the same log-probabilities: the distribution is compared with itself \(8 elements, all identical\)\./);
        assert.equal(f.evidence.logSpace, false);
        assert.equal(f.fix, KL_FIX);
      },
    },
  ],
  silent: [
    { name: '7 elements (below minElements 8)', case: same('MSELoss', V8.slice(0, 7)) },
    { name: 'one value everywhere', case: same('MSELoss', new Array<number>(8).fill(0.5)) },
    { name: 'one element differs', case: mkCase({ loss: 'MSELoss', input: V8, target: V8.map((v, i) => (i === 7 ? v + 1e-9 : v)), inputDtype: 'float64', targetDtype: 'float64' }) },
    { name: 'a NaN pair', case: same('MSELoss', [...V8, NaN]) },
    { name: 'a +Infinity against a finite target', case: mkCase({ loss: 'MSELoss', input: [...V8, Infinity], target: [...V8, 1], inputDtype: 'float64', targetDtype: 'float64' }) },
    { name: '−inf against 0 outside KL\'s log space', case: mkCase({ loss: 'L1Loss', input: [...V8, -Infinity], target: [...V8, 0], inputDtype: 'float64', targetDtype: 'float64' }) },
    { name: 'only infinities and one finite value', case: same('MSELoss', [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity, Infinity, 2]) },
    {
      name: 'KLDivLoss: input = log(target·(1 + 2e-5)) misses the 1e-5 relative tolerance',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [P8.map((p) => Math.log(p * (1 + 2e-5)))], target: [P8], inputDtype: 'float64', targetDtype: 'float64' }),
    },
    {
      name: 'KLDivLoss: input = log(target) − 2e-5 (exp below the target)',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [P8.map((p) => Math.log(p) - 2e-5)], target: [P8], inputDtype: 'float64', targetDtype: 'float64' }),
    },
    {
      // PyTorch: F.kl_div(log(t), t) with a zero in t is NaN (0 · −inf), not 0: not "at its minimum"
      name: 'KLDivLoss: input = log(target) with a zero target under −inf: the loss is NaN',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[...P8.slice(0, 4).map(Math.log), -Infinity], [...P8.slice(4).map(Math.log), -Infinity]], target: [[...P8.slice(0, 4), 0], [...P8.slice(4), 0]], inputDtype: 'float32', targetDtype: 'float32' }),
    },
    { name: 'KLDivLoss: input = target (not its log)', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [P8], target: [P8], inputDtype: 'float64', targetDtype: 'float64' }) },
  ],
});

// The 1e-5 relative tolerance of the exp(log t) round trip, inside: 0.5e-5.
ruleTable(lossCannotTeach, {
  severity: 'warning',
  fires: [{ name: 'KLDivLoss: input = log(target·(1 + 5e-6))', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [P8.map((p) => Math.log(p * (1 + 5e-6)))], target: [P8], inputDtype: 'float64', targetDtype: 'float64' }), expect: { evidence: { logSpace: true, identical: 8 } } }],
  silent: [{ name: 'KLDivLoss: a target of 1e-13 against input log(3e-12) (the 1e-12 absolute slack is exceeded)', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[...P8.slice(1).map(Math.log), Math.log(3e-12)]], target: [[...P8.slice(1), 1e-13]], inputDtype: 'float64', targetDtype: 'float64' }) }],
});
