/**
 * The activation rules on their edges: what NLLLoss's input "looks like" (probabilities or logits:
 * each condition alone), double-sigmoid's [0, 1] bounds with values exactly on them, extreme-logits'
 * BCE share of |z| above ln 1e6, and the exact words of the findings users act on (fix lines).
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase, seeded } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import type { LossCase } from '../../../../src/io/types';
import { nllExpectsLogProbabilities } from '../../../../src/diagnostics/rules/nll-expects-log-probabilities';
import { doubleSigmoid } from '../../../../src/diagnostics/rules/double-sigmoid';
import { extremeLogits } from '../../../../src/diagnostics/rules/extreme-logits';
import { normalizedAlongWrongAxis } from '../../../../src/diagnostics/rules/normalized-along-wrong-axis';
import { bceExpectsProbabilities } from '../../../../src/diagnostics/rules/bce-expects-probabilities';

/** NLLLoss over the given rows (float64), targets 0, 1, 2, … in turn. */
function nll(rows: number[][], loss: Record<string, unknown> = {}): LossCase {
  return mkCase({ loss: { type: 'NLLLoss', ...loss }, input: rows, target: rows.map((_, i) => i % rows[0].length), inputDtype: 'float64' });
}
/** Ten probability rows over 4 classes (none exactly 0 or 1). */
const PROBS = Array.from({ length: 10 }, (_, i) => {
  const z = [1 + i, 2, 3 + (i % 3), 4];
  const s = z.reduce((a, v) => a + v, 0);
  return z.map((v) => v / s);
});
const PROB_FIX = [
  'log_probs = torch.log(probs.clamp_min(1e-12))    # better: keep logits and use log_softmax',
  'loss = nn.NLLLoss()(log_probs, target)',
  '# best: drop the softmax and use nn.CrossEntropyLoss()(logits, target)',
].join('\n');
const LOGIT_FIX = 'loss = nn.NLLLoss()(torch.log_softmax(logits, dim=1), target)\n# or, equivalently: nn.CrossEntropyLoss()(logits, target)';
const looksLike = (kind: 'probabilities' | 'logits') => (f: { evidence: Record<string, unknown>; fix: string; message: string }): void => {
  assert.equal(f.evidence.looksLike, kind);
  assert.equal(f.fix, kind === 'probabilities' ? PROB_FIX : LOGIT_FIX);
  assert.match(f.message, kind === 'probabilities' ? /the input looks like probabilities \(softmax output without the log\)\./ : /the input looks like raw logits \(no log_softmax\)\./);
};

ruleTable(nllExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: 'probabilities: the message with the negative loss, the evidence',
      case: nll(PROBS),
      expect: (f) => {
        looksLike('probabilities')(f);
        const loss = f.evidence.loss as number;
        assert.ok(loss < 0);
        assert.ok(f.message.endsWith(`NLLLoss just takes −input[target], so the loss (${fmt(loss)}, negative) is not a cross-entropy and the other classes get no gradient.`), f.message);
        assert.match(f.message, /^NLLLoss expects log-probabilities \(each row's logsumexp is 0\), but the median row logsumexp is \S+ over 10 rows of 4 classes;/);
        assert.deepEqual([f.evidence.rowsChecked, f.evidence.numClasses, f.evidence.nonNegativeValues, f.evidence.nonNegativeShare], [10, 4, 40, 1]);
        assert.equal(f.edit, undefined);
      },
    },
    { name: 'probabilities with an exact 0 and an exact 1 (one-hot row): still probabilities', case: nll([...PROBS.slice(0, 9), [0, 1, 0, 0]]), expect: looksLike('probabilities') },
    // exactly 9 of 10 rows sum to 1 (0.9 · rows): probabilities; 8 of 10: logits
    { name: '9 of 10 rows sum to 1, one sums to 1.6', case: nll([...PROBS.slice(0, 9), [0.4, 0.4, 0.4, 0.4]]), expect: looksLike('probabilities') },
    { name: '8 of 10 rows sum to 1', case: nll([...PROBS.slice(0, 8), [0.4, 0.4, 0.4, 0.4], [0.5, 0.5, 0.5, 0.5]]), expect: looksLike('logits') },
    // each condition of "probabilities" alone
    { name: 'rows sum to 1 but hold a negative value', case: nll(PROBS.map((r, i) => (i === 0 ? [r[0] + 0.5, r[1] - 0.5, r[2], r[3]] : r))), expect: looksLike('logits') },
    { name: 'nine probability rows and one row with a value above 1', case: nll([...PROBS.slice(0, 9), [2, 0, 0, 0]]), expect: looksLike('logits') },
    { name: 'values in [0, 1] whose rows sum to 1.6', case: nll(PROBS.map(() => [0.4, 0.4, 0.4, 0.4])), expect: looksLike('logits') },
    {
      name: "logits with reduction='none': no loss in the message, the edit to CrossEntropyLoss",
      case: nll(Array.from({ length: 8 }, (_, i) => [2 + i, -1, 0.5, 3]), { reduction: 'none' }),
      expect: (f) => {
        looksLike('logits')(f);
        assert.equal(f.evidence.loss, null);
        assert.ok(f.message.endsWith('NLLLoss just takes −input[target], so the loss is not a cross-entropy and the other classes get no gradient.'), f.message);
        assert.deepEqual(f.edit, { path: ['loss', 'type'], value: 'CrossEntropyLoss' });
      },
    },
    {
      name: 'logits with a positive loss: the loss without "negative"',
      case: nll(Array.from({ length: 8 }, () => [-5, -4, -3, -2])),
      expect: (f) => {
        const loss = f.evidence.loss as number;
        assert.ok(loss > 0);
        assert.ok(f.message.endsWith(`so the loss (${fmt(loss)}) is not a cross-entropy and the other classes get no gradient.`), f.message);
      },
    },
  ],
  silent: [{ name: 'log-probabilities', case: nll(PROBS.map((r) => r.map(Math.log))) }],
});

/** BCEWithLogitsLoss over 20 inputs and alternating targets. */
function bce(input: number[]): LossCase {
  return mkCase({ loss: 'BCEWithLogitsLoss', input, target: input.map((_, i) => i % 2), inputDtype: 'float64' });
}
const SIG = Array.from({ length: 20 }, (_, i) => 0.05 + 0.045 * i);

ruleTable(doubleSigmoid, {
  severity: 'warning',
  fires: [
    // float32 sigmoid outputs hit exactly 0 and 1 for |z| beyond ~17 and ~104
    { name: 'an input of exactly 0 among sigmoid outputs', case: bce([0, ...SIG.slice(1)]), expect: { evidence: { min: 0, elements: 20 } } },
    { name: 'an input of exactly 1 among sigmoid outputs', case: bce([...SIG.slice(0, 19), 1]), expect: { evidence: { max: 1 } } },
    {
      name: 'the message, the floor with half the targets positive, the fix',
      case: bce(SIG),
      expect: (f) => {
        const floor = 0.5 * Math.log(1 + Math.exp(-1)) + 0.5 * Math.LN2;
        assert.ok(Math.abs((f.evidence.lossFloor as number) - floor) < 1e-6);
        assert.equal(f.evidence.positiveShare, 0.5);
        assert.equal(f.message, `All 20 BCEWithLogitsLoss inputs lie in [0, 1] (min 0.05, max 0.905, mean ${fmt(0.05 + 0.045 * 9.5)}) and none is negative: they look like sigmoid outputs, not logits. BCEWithLogitsLoss applies the sigmoid again, so a positive can never score below log(1 + 1/e) ≈ 0.313 and a negative below log 2 ≈ 0.693; with 50.0% positives the mean loss cannot go below ${fmt(floor)}, and predictions can never become confident.`);
        assert.equal(f.fix, '# return raw logits from the model: remove the final torch.sigmoid / nn.Sigmoid\nlogits = model(x)\nloss = nn.BCEWithLogitsLoss()(logits, target.float())\nprobs = torch.sigmoid(logits)   # only for metrics and inference');
        assert.equal(f.field, 'input');
      },
    },
  ],
  silent: [
    { name: 'one input slightly above 1 (1.01)', case: bce([...SIG.slice(0, 19), 1.01]) },
    { name: 'one input slightly below 0 (−0.01)', case: bce([-0.01, ...SIG.slice(1)]) },
  ],
});

ruleTable(extremeLogits, {
  severity: 'warning',
  fires: [
    {
      // |z| = 40 six times (above the margin 30), exactly 30 twice (not above it), 20 twice and exactly
      // ln 1e6 twice (not above it): 6 of 12 saturated, 10 of 12 above ln 1e6
      name: 'BCEWithLogitsLoss: the shares above the saturation margin and above ln 1e6, the message and fix',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [40, -40, 40, -40, 40, -40, 30, -30, 20, -20, Math.log(1e6), -Math.log(1e6)], target: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], inputDtype: 'float64' }),
      expect: (f) => {
        assert.equal(f.evidence.saturatedShare, 0.5);
        assert.equal(f.evidence.shareTopProbAbove1e6, Number((10 / 12).toPrecision(4)));
        assert.equal(f.evidence.units, 12);
        assert.equal(f.message, `The BCEWithLogitsLoss logits are extreme: 50.0% of the logits have a margin above 30 (runner-up probability < ${fmt(Math.exp(-30))}). Saturated sigmoid outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes.`);
        assert.equal(f.fix, [
          '# find what inflates the logits: a scale factor (1/temperature, logit_scale), missing normalisation,',
          '# or exploding weights; then regularise the output:',
          'logits = logits.clamp(-30, 30)                          # or fix the scale at its source',
          'optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)',
          'torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
          '# with mixed precision, compute the loss in float32:',
          'loss = criterion(logits.float(), target)',
        ].join('\n'));
      },
    },
  ],
  silent: [{ name: 'BCEWithLogitsLoss: 4 of 10 saturated', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [40, -40, 40, -40, 2, -2, 1, -1, 3, -3], target: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0], inputDtype: 'float64' }) }],
});

/** Softmax over dim 0 of a (B, C) matrix. */
function softmaxDim0(z: Float64Array, B: number, C: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let b = 0; b < B; b++) s += Math.exp(z[b * C + c]);
    for (let b = 0; b < B; b++) out[b * C + c] = Math.exp(z[b * C + c]) / s;
  }
  return out;
}
const zr = seeded(90);
const Z = Float64Array.from({ length: 8 * 5 }, () => 2 * zr.normal());

ruleTable(normalizedAlongWrongAxis, {
  severity: 'warning',
  fires: [
    {
      name: 'CrossEntropyLoss on softmax(dim=0): the message and the fix name softmax, not log_softmax',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(softmaxDim0(Z, 8, 5), [8, 5], 'float64'), target: [0, 1, 2, 3, 4, 0, 1, 2] }),
      expect: (f) => {
        assert.equal(f.message, 'The CrossEntropyLoss input of shape (8, 5) is probabilities along dim 0, the batch (every one of its 5 rows sums to 1), not along the class axis dim 1 (5 classes): softmax was applied with dim=0 instead of dim=1. CrossEntropyLoss normalises along dim 1 again, so each class gets a bias that depends on the other 7 samples of the batch: predictions change with the batch they are in.');
        assert.equal(f.fix, 'x = F.softmax(logits, dim=1)   # normalise over the classes, not dim=0\n# CrossEntropyLoss normalises itself: pass the raw logits and drop the softmax\n# nn.LogSoftmax() / F.log_softmax(x) without dim picks dim 0 for 0-, 1- and 3-D inputs: always pass dim');
      },
    },
  ],
  silent: [{ name: 'raw logits', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(Z, [8, 5], 'float64'), target: [0, 1, 2, 3, 4, 0, 1, 2] }) }],
});

ruleTable(bceExpectsProbabilities, {
  severity: 'error',
  fires: [
    {
      name: 'logits given to BCELoss: the whole message and fix',
      case: mkCase({ loss: 'BCELoss', input: [2.5, -1, 0.5, 0.25], target: [1, 0, 1, 0], inputDtype: 'float64' }),
      expect: (f) => {
        assert.equal(f.message, '2 of 4 BCELoss inputs (50.0%) are outside [0, 1] (min -1, max 2.5). BCELoss takes probabilities and PyTorch raises "all elements of input should be between 0 and 1". These look like raw logits: give them to BCEWithLogitsLoss, which applies the sigmoid itself, stably.');
        assert.equal(f.fix, 'criterion = nn.BCEWithLogitsLoss()   # takes raw logits; no sigmoid in the model\nloss = criterion(logits, target.float())\n# at inference: probs = torch.sigmoid(logits)');
        assert.deepEqual(f.evidence, { outside: 2, total: 4, share: 0.5, min: -1, max: 2.5, negatives: 1 });
      },
    },
  ],
  silent: [{ name: 'inputs exactly 0 and 1', case: mkCase({ loss: 'BCELoss', input: [0, 1, 0.5, 0.25], target: [0, 1, 1, 0], inputDtype: 'float64' }) }],
});
