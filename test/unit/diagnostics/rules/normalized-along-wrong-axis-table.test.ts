/**
 * normalized-along-wrong-axis, the whole rule: each loss's consequence sentence (NLLLoss, CrossEntropyLoss
 * over the batch or another axis, KLDivLoss), the axis words (dim 0 the batch, a middle dim, the last
 * axis), log-probabilities against probabilities, −inf allowed in log-probabilities but NaN not, the
 * [.., 1e-6] bound on log-probability values and the 1e-4 + K·1e-6 logsumexp tolerance on both sides,
 * and the loss quoted in the message (computed here from the inputs).
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable, seeded } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import { normalizedAlongWrongAxis } from '../../../../src/diagnostics/rules/normalized-along-wrong-axis';
import { nllExpectsLogProbabilities } from '../../../../src/diagnostics/rules/nll-expects-log-probabilities';

/** log_softmax / softmax of `x` (C order, `shape`) along `dim`. */
function normaliseAlong(x: ArrayLike<number>, shape: number[], dim: number, log: boolean): Float64Array {
  const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const K = shape[dim];
  const outer = shape.slice(0, dim).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    const at = (k: number): number => o * K * inner + k * inner + i;
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, x[at(k)]);
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(x[at(k)] - m);
    for (let k = 0; k < K; k++) { const lp = x[at(k)] - m - Math.log(s); out[at(k)] = log ? lp : Math.exp(lp); }
  }
  return out;
}
const r = seeded(31);
const Z24 = Float64Array.from({ length: 24 }, () => 1.5 * r.normal());
/** NLLLoss 'mean' of log-probabilities x (N, C) or (N, C, L) with index targets (no weights). */
function nllMean(x: ArrayLike<number>, shape: number[], y: number[]): number {
  const [, C] = shape;
  const L = shape.length === 3 ? shape[2] : 1;
  let s = 0;
  y.forEach((t, j) => { const n = Math.floor(j / L), l = j % L; s -= x[n * C * L + t * L + l]; });
  return s / y.length;
}
const FIX = (fn: string, dim: string, wrong: number, ce = false): string => [
  `x = F.${fn}(logits, dim=${dim})   # normalise over the classes, not dim=${wrong}`,
  ...(ce ? ['# CrossEntropyLoss normalises itself: pass the raw logits and drop the softmax'] : []),
  '# nn.LogSoftmax() / F.log_softmax(x) without dim picks dim 0 for 0-, 1- and 3-D inputs: always pass dim',
].join('\n');

// (8, 3): log_softmax over the batch
const X83 = normaliseAlong(Z24, [8, 3], 0, true);
const Y8 = [0, 1, 2, 0, 1, 2, 0, 1];
// (2, 3, 4): log_softmax over the last axis
const X234 = normaliseAlong(Z24, [2, 3, 4], 2, true);
const Y24 = [[0, 1, 2, 0], [2, 2, 1, 0]];
// (2, 3, 2, 2): softmax over dim 2
const P4 = normaliseAlong(Z24, [2, 3, 2, 2], 2, false);
/** Adds `d` to every value of column 0 of X83 (shifts that column's logsumexp along dim 0 by d). */
const shifted = (d: number): Float64Array => X83.map((v, i) => (i % 3 === 0 ? v + d : v));

ruleTable(normalizedAlongWrongAxis, {
  severity: 'warning',
  fires: [
    {
      name: 'NLLLoss on log_softmax over the batch: the loss, negative-capable, and the batch dependence',
      case: mkCase({ loss: 'NLLLoss', input: tensor(X83, [8, 3], 'float64'), target: Y8 }),
      expect: (f) => {
        const loss = nllMean(X83, [8, 3], Y8);
        assert.equal(f.message, `The NLLLoss input of shape (8, 3) is log-probabilities along dim 0, the batch (every one of its 3 rows has logsumexp 0), not along the class axis dim 1 (3 classes): log_softmax was applied with dim=0 instead of dim=1. Each row along the class axis is then no distribution (its exp does not sum to 1), so the loss (${fmt(loss)}) is not a negative log-likelihood and can be negative, and every sample's output depends on the rest of the batch.`);
        assert.deepEqual({ ...f.evidence, loss: undefined }, { inputShape: [8, 3], normalisedDim: 0, classDim: 1, kind: 'log-probabilities', rows: 3, loss: undefined });
        assert.ok(Math.abs((f.evidence.loss as number) - loss) <= 1e-5 * Math.abs(loss), `${f.evidence.loss} vs ${loss}`); // rounded to 6 digits
        assert.equal(f.fix, FIX('log_softmax', '1', 0));
        assert.equal(f.field, 'input');
      },
    },
    {
      name: 'NLLLoss (N, C, L) on log_softmax over the last axis: "dim 2 (dim=-1), the last axis", the classes compete',
      case: mkCase({ loss: 'NLLLoss', input: tensor(X234, [2, 3, 4], 'float64'), target: Y24 }),
      expect: (f) => {
        const loss = nllMean(X234, [2, 3, 4], Y24.flat());
        assert.equal(f.message, `The NLLLoss input of shape (2, 3, 4) is log-probabilities along dim 2 (dim=-1), the last axis (every one of its 6 rows has logsumexp 0), not along the class axis dim 1 (3 classes): log_softmax was applied with dim=2 instead of dim=1. Each row along the class axis is then no distribution (its exp does not sum to 1), so the loss (${fmt(loss)}) is not a negative log-likelihood and can be negative, and the classes compete across the wrong axis.`);
        assert.equal(f.evidence.rows, 6);
        assert.equal(f.evidence.normalisedDim, 2);
        assert.equal(f.fix, FIX('log_softmax', '1', 2));
      },
    },
    {
      name: 'NLLLoss with reduction none: no loss in the message',
      case: mkCase({ loss: { type: 'NLLLoss', reduction: 'none' }, input: tensor(X83, [8, 3], 'float64'), target: Y8 }),
      expect: (f) => {
        assert.match(f.message, /so the loss is not a negative log-likelihood and can be negative, and every sample's output depends on the rest of the batch\.$/);
        assert.equal(f.evidence.loss, null);
      },
    },
    {
      name: 'CrossEntropyLoss (N, C, H, W) on softmax over dim 2: a middle dim, "entries of that axis"',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(P4, [2, 3, 2, 2], 'float64'), target: [[[0, 1], [2, 0]], [[1, 1], [0, 2]]] }),
      expect: (f) => {
        assert.equal(f.message, 'The CrossEntropyLoss input of shape (2, 3, 2, 2) is probabilities along dim 2 (every one of its 12 rows sums to 1), not along the class axis dim 1 (3 classes): softmax was applied with dim=2 instead of dim=1. CrossEntropyLoss normalises along dim 1 again, so each class gets a bias that depends on the other 1 entries of that axis: predictions change with the batch they are in.');
        assert.deepEqual({ ...f.evidence, loss: 0 }, { inputShape: [2, 3, 2, 2], normalisedDim: 2, classDim: 1, kind: 'probabilities', rows: 12, loss: 0 });
        assert.equal(f.fix, FIX('softmax', '1', 2, true));
      },
    },
    {
      name: 'CrossEntropyLoss on log_softmax over the batch: log_softmax named, the batch bias',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(X83, [8, 3], 'float64'), target: Y8 }),
      expect: (f) => {
        assert.equal(f.message, 'The CrossEntropyLoss input of shape (8, 3) is log-probabilities along dim 0, the batch (every one of its 3 rows has logsumexp 0), not along the class axis dim 1 (3 classes): log_softmax was applied with dim=0 instead of dim=1. CrossEntropyLoss normalises along dim 1 again, so each class gets a bias that depends on the other 7 samples of the batch: predictions change with the batch they are in.');
        assert.equal(f.fix, FIX('log_softmax', '1', 0, true));
      },
    },
    {
      name: 'KLDivLoss: the student normalised over the batch; the fix says dim=-1; the loss quoted',
      case: () => {
        const t = normaliseAlong(Z24.map((v) => 0.5 * v), [8, 3], 1, false);
        return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(X83, [8, 3], 'float64'), target: tensor(t, [8, 3], 'float64') });
      },
      expect: (f) => {
        const t = normaliseAlong(Z24.map((v) => 0.5 * v), [8, 3], 1, false);
        let s = 0;
        for (let i = 0; i < 24; i++) s += t[i] * (Math.log(t[i]) - X83[i]);
        assert.equal(f.message, `The KLDivLoss input of shape (8, 3) is log-probabilities along dim 0, the batch (every one of its 3 rows has logsumexp 0), not along the class axis dim 1 (3 classes): log_softmax was applied with dim=0 instead of dim=-1. Each distribution along the class axis is then no distribution (its exp does not sum to 1), so the loss (${fmt(s / 8)}) is not a KL divergence and can be negative, and every sample's output depends on the rest of the batch.`);
        assert.equal(f.fix, FIX('log_softmax', '-1', 0));
      },
    },
    {
      // (4, 2) probabilities whose columns sum to 1 and whose rows do not: softmax over the batch, 2 classes
      name: 'CrossEntropyLoss with 2 classes, softmax over the batch',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor([0.1, 0.4, 0.2, 0.3, 0.3, 0.2, 0.4, 0.1], [4, 2], 'float64'), target: [0, 1, 0, 1] }),
      expect: (f) => assert.match(f.message, /^The CrossEntropyLoss input of shape \(4, 2\) is probabilities along dim 0, the batch \(every one of its 2 rows sums to 1\), not along the class axis dim 1 \(2 classes\): softmax was applied with dim=0 instead of dim=1\. CrossEntropyLoss normalises along dim 1 again, so each class gets a bias that depends on the other 3 samples of the batch/),
    },
    {
      name: 'KLDivLoss (N, C, L) with the class axis dim 1 (where the targets are distributions), log_softmax over dim 2: the fix says dim=1',
      case: () => {
        const t = normaliseAlong(Z24.map((v) => 0.7 * v), [2, 3, 4], 1, false);
        return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(X234, [2, 3, 4], 'float64'), target: tensor(t, [2, 3, 4], 'float64') });
      },
      expect: (f) => {
        assert.match(f.message, /^The KLDivLoss input of shape \(2, 3, 4\) is log-probabilities along dim 2 \(dim=-1\), the last axis \(every one of its 6 rows has logsumexp 0\), not along the class axis dim 1 \(3 classes\): log_softmax was applied with dim=2 instead of dim=1\. /);
        assert.equal(f.fix, FIX('log_softmax', '1', 2));
      },
    },
    {
      name: 'log-probabilities with a −inf entry still qualify',
      case: () => { const z = Z24.slice(); z[3] = -Infinity; return mkCase({ loss: 'NLLLoss', input: tensor(normaliseAlong(z, [8, 3], 0, true), [8, 3], 'float64'), target: Y8 }); },
      expect: { evidence: { normalisedDim: 0, kind: 'log-probabilities' } },
    },
    {
      // column 0 over the batch: [1e-6, −inf]: logsumexp exactly 1e-6; the largest value exactly 1e-6
      name: 'a log-probability exactly 1e-6 (the bound on values) with its column logsumexp 1e-6',
      case: mkCase({ loss: 'NLLLoss', input: [[1e-6, Math.log(0.5), Math.log(0.25)], [-Infinity, Math.log(0.5), Math.log(0.75)]], target: [1, 2], inputDtype: 'float64' }),
      expect: { evidence: { normalisedDim: 0, kind: 'log-probabilities', rows: 3 } },
    },
    {
      // K = 8 along dim 0: tolerance 1e-4 + 8e-6 = 1.08e-4 (1e-4 − 8e-6 = 0.92e-4 would miss it)
      name: 'one column off by 1.04e-4, inside the 1e-4 + K·1e-6 tolerance',
      case: mkCase({ loss: 'NLLLoss', input: tensor(shifted(1.04e-4), [8, 3], 'float64'), target: Y8 }),
      expect: { evidence: { normalisedDim: 0 } },
    },
    {
      name: 'one column off by −1.04e-4 (a logsumexp below 0), inside the tolerance',
      case: mkCase({ loss: 'NLLLoss', input: tensor(shifted(-1.04e-4), [8, 3], 'float64'), target: Y8 }),
      expect: { evidence: { normalisedDim: 0 } },
    },
  ],
  silent: [
    { name: 'one column off by 1.12e-4, outside the tolerance', case: mkCase({ loss: 'NLLLoss', input: tensor(shifted(1.12e-4), [8, 3], 'float64'), target: Y8 }) },
    { name: 'one column off by −1.12e-4, outside the tolerance', case: mkCase({ loss: 'NLLLoss', input: tensor(shifted(-1.12e-4), [8, 3], 'float64'), target: Y8 }) },
    { name: 'a log-probability of 2e-6 (above the 1e-6 bound)', case: mkCase({ loss: 'NLLLoss', input: [[2e-6, Math.log(0.5), Math.log(0.25)], [-Infinity, Math.log(0.5), Math.log(0.75)]], target: [1, 2], inputDtype: 'float64' }) },
    { name: 'log-probabilities over the batch with one NaN', case: () => { const x = X83.slice(); x[4] = NaN; return mkCase({ loss: 'NLLLoss', input: tensor(x, [8, 3], 'float64'), target: Y8 }); } },
    { name: 'log_softmax over the classes (N, C, L)', case: mkCase({ loss: 'NLLLoss', input: tensor(normaliseAlong(Z24, [2, 3, 4], 1, true), [2, 3, 4], 'float64'), target: Y24 }) },
    { name: 'a 1-D input (one row)', case: mkCase({ loss: 'CrossEntropyLoss', input: [0.2, 0.3, 0.5], target: [[0, 1, 0]].flat(), targetDtype: 'float32' }) },
    // rows and columns both sum to 1: normalised along the class axis, whatever else holds
    { name: 'a doubly stochastic (2, 2) input: normalised along the classes too', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor([0.3, 0.7, 0.7, 0.3], [2, 2], 'float64'), target: [1, 0] }) },
    { name: 'log of a doubly stochastic (3, 3) input under NLLLoss', case: mkCase({ loss: 'NLLLoss', input: tensor([0.2, 0.3, 0.5, 0.5, 0.2, 0.3, 0.3, 0.5, 0.2].map(Math.log), [3, 3], 'float64'), target: [2, 0, 1] }) },
    { name: 'an MSE input normalised over dim 0', case: mkCase({ loss: 'MSELoss', input: tensor(X83, [8, 3], 'float64'), target: tensor(X83, [8, 3], 'float64') }) },
    {
      name: 'KLDivLoss whose target rows are not distributions',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(X83, [8, 3], 'float64'), target: tensor(new Float64Array(24).fill(0.5), [8, 3], 'float64') }),
    },
    { name: 'log_softmax over the batch, but a target that fits no layout', case: mkCase({ loss: 'NLLLoss', input: tensor(X83, [8, 3], 'float64'), target: [0, 1, 2] }) },
    { name: 'an empty batch', case: mkCase({ loss: 'NLLLoss', input: tensor(new Float64Array(0), [0, 3], 'float64'), target: tensor(new Float64Array(0), [0], 'int64') }) },
  ],
});

// nll-expects-log-probabilities defers to this rule on the same input.
ruleTable(nllExpectsLogProbabilities, {
  severity: 'warning',
  fires: [{ name: 'log_softmax over the batch plus 1 everywhere (no axis normalised)', case: mkCase({ loss: 'NLLLoss', input: tensor(X83.map((v) => v + 1), [8, 3], 'float64'), target: Y8 }) }],
  silent: [{ name: 'log_softmax over the batch: the other rule speaks', case: mkCase({ loss: 'NLLLoss', input: tensor(X83, [8, 3], 'float64'), target: Y8 }) }],
});
