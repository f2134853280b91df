/**
 * Case tables of the invariant rules on arguments and identity (issue #20): loss-cannot-teach,
 * invalid-loss-weight, bce-weight-not-pos-weight. Severities written literally; boundary cases
 * just inside and outside each threshold.
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase, seeded } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { lossCannotTeach } from '../../../../src/diagnostics/rules/loss-cannot-teach';
import { invalidLossWeight } from '../../../../src/diagnostics/rules/invalid-loss-weight';
import { bceWeightNotPosWeight } from '../../../../src/diagnostics/rules/bce-weight-not-pos-weight';
import { softmaxRow } from '../../../../src/engine/numeric';
import { normalizedAlongWrongAxis } from '../../../../src/diagnostics/rules/normalized-along-wrong-axis';

const N = 16, K = 6;
const r0 = seeded(77);
const logits = Float64Array.from({ length: N * K }, () => 2 * r0.normal());
const logProbs = new Float64Array(N * K);
{
  const row = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    softmaxRow(logits, i * K, K, 1, row);
    for (let k = 0; k < K; k++) logProbs[i * K + k] = Math.log(row[k]);
  }
}
const lp32 = tensor(new Float32Array(logProbs), [N, K], 'float32');
const probs32 = tensor(Float64Array.from(lp32.data, (v) => Math.fround(Math.exp(v))), [N, K], 'float32');
const image = Float64Array.from({ length: 2 * 3 * 4 * 4 }, () => r0.uniform());

ruleTable(lossCannotTeach, {
  severity: 'warning',
  fires: [
    {
      name: 'distillation: KLDivLoss(log_target=True) with the teacher compared with itself',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: lp32, target: lp32 }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.equal(f.evidence.elements, N * K);
        assert.equal(f.evidence.loss, 0);
        assert.match(f.fix, /student_logits/);
      },
    },
    {
      name: 'KLDivLoss(log_target=False) with input = log(target) in float32',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: lp32, target: probs32 }),
      expect: { severity: 'warning', evidence: { logSpace: true } },
    },
    {
      name: 'autoencoder: MSELoss(x, x) on a (2, 3, 4, 4) image batch',
      case: mkCase({ loss: 'MSELoss', input: tensor(image, [2, 3, 4, 4], 'float32'), target: tensor(image, [2, 3, 4, 4], 'float32') }),
      expect: { severity: 'warning', evidence: { elements: 96, loss: 0 } },
    },
    {
      name: 'boundary: exactly minElements (8) identical elements',
      case: mkCase({ loss: 'L1Loss', input: [1, 2, 3, 4, 5, 6, 7, 8], target: [1, 2, 3, 4, 5, 6, 7, 8] }),
      expect: { severity: 'warning', evidence: { elements: 8 } },
    },
  ],
  silent: [
    { name: 'boundary: 7 identical elements (below minElements)', case: mkCase({ loss: 'L1Loss', input: [1, 2, 3, 4, 5, 6, 7], target: [1, 2, 3, 4, 5, 6, 7] }) },
    { name: 'one element differs by one float32 ulp', case: () => {
      const t = Float64Array.from(image); t[5] = Math.fround(t[5] * (1 + 2 ** -22));
      return mkCase({ loss: 'MSELoss', input: tensor(image, [96], 'float32'), target: tensor(t, [96], 'float32') });
    } },
    { name: 'all-zero prediction and target (degenerate, one value)', case: mkCase({ loss: 'MSELoss', input: new Array(16).fill(0), target: new Array(16).fill(0) }) },
    { name: 'student vs teacher (different distributions)', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: lp32, target: tensor(Float64Array.from(lp32.data).reverse(), [N, K], 'float32') }) },
    { name: 'BCEWithLogitsLoss logits equal to 0/1 targets are not an identity', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0, 1, 1, 0, 1, 0, 0, 1], target: [0, 1, 1, 0, 1, 0, 0, 1] }) },
  ],
});

ruleTable(invalidLossWeight, {
  severity: 'error',
  fires: [
    {
      name: 'CrossEntropyLoss class weight with a NaN (1 / count of an absent class)',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.5, NaN, 2] }, input: [[1, 2, 0], [0, 1, 3]], target: [0, 2] }),
      expect: { severity: 'error', field: 'loss.weight', evidence: { argument: 'weight', nonFinite: 1, negative: 0 } },
    },
    {
      name: 'pos_weight with a negative value',
      case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [3, -0.5] }, input: [[1, 2], [0, -1]], target: [[1, 0], [0, 1]] }),
      expect: { severity: 'error', field: 'loss.pos_weight', evidence: { negative: 1, min: -0.5 } },
    },
    {
      name: 'all-zero class weight',
      case: mkCase({ loss: { type: 'NLLLoss', weight: [0, 0, 0] }, input: [[-1, -2, -0.5]], target: [2] }),
      expect: { severity: 'error', evidence: { zero: 3 }, message: /only zeros/ },
    },
    {
      name: 'pos_weight (C,) on a (N, C, H, W) input with W = C: broadcasts along the width',
      case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [1, 5, 9] }, input: tensor(new Float64Array(2 * 3 * 2 * 3), [2, 3, 2, 3], 'float32'), target: tensor(new Float64Array(2 * 3 * 2 * 3), [2, 3, 2, 3], 'float32') }),
      expect: { severity: 'warning', evidence: { appliesToDim: 3, classDim: 1 }, fix: /view\(3, 1, 1\)/ },
    },
  ],
  silent: [
    { name: 'inverse-frequency class weight', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.5, 1, 2] }, input: [[1, 2, 0]], target: [0] }) },
    { name: 'boundary: a zero weight among positive ones (a class switched off on purpose)', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0, 1, 1] }, input: [[1, 2, 0]], target: [1] }) },
    { name: 'pos_weight (C, 1, 1) on (N, C, H, W)', case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [[[1]], [[5]], [[9]]] }, input: tensor(new Float64Array(36), [2, 3, 2, 3], 'float32'), target: tensor(new Float64Array(36), [2, 3, 2, 3], 'float32') }) },
    { name: 'pos_weight (L,) on (N, L) multi-label input', case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [1, 5, 9] }, input: [[1, 2, 0]], target: [[1, 0, 0]] }) },
    { name: 'no weight at all', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [1, 2], target: [1, 0] }) },
  ],
});

/** (n, L) multi-label batch with the given positive rate per label. */
function multiLabel(n: number, rates: number[], seed: number): { x: Float64Array; y: Float64Array } {
  const r = seeded(seed);
  const L = rates.length;
  const x = new Float64Array(n * L), y = new Float64Array(n * L);
  for (let i = 0; i < n; i++) for (let k = 0; k < L; k++) {
    const pos = r.uniform() < rates[k] ? 1 : 0;
    y[i * L + k] = pos;
    x[i * L + k] = (pos * 2 - 1) * 1.2 + r.normal();
  }
  return { x, y };
}
const ML = multiLabel(200, [0.4, 0.03, 0.25, 0.05], 9);
const mlCase = (loss: Record<string, unknown>, n = 200, d: { x: Float64Array; y: Float64Array } = ML): ReturnType<typeof mkCase> =>
  mkCase({ loss: { type: 'BCEWithLogitsLoss', ...loss }, input: tensor(d.x, [n, 4], 'float32'), target: tensor(d.y, [n, 4], 'float32') });

ruleTable(bceWeightNotPosWeight, {
  severity: 'warning',
  fires: [
    {
      name: 'inverse-frequency weight= on 4 labels, 3 % and 5 % positives',
      case: mlCase({ weight: [1, 12, 1.6, 8] }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.deepEqual(f.evidence.rareLabels, [1, 3]);
        const rates = f.evidence.positiveRate as number[];
        const pw = f.evidence.suggestedPosWeight as number[];
        rates.forEach((r, k) => assert.ok(Math.abs(pw[k] - (1 - r) / r) <= 0.01 * pw[k], `pos_weight ${k}`));
        assert.deepEqual(f.edit?.path, ['loss', 'pos_weight']);
      },
    },
    {
      name: 'boundary: weight ratio exactly minWeightRatio (1.5)',
      case: mlCase({ weight: [1, 1.5, 1, 1] }),
      expect: { severity: 'warning' },
    },
  ],
  silent: [
    { name: 'pos_weight given', case: mlCase({ weight: [1, 12, 1.6, 8], pos_weight: [1.5, 30, 3, 19] }) },
    { name: 'boundary: weight ratio 1.4 (below minWeightRatio)', case: mlCase({ weight: [1, 1.4, 1, 1] }) },
    { name: 'balanced labels (rates ≥ 25 %)', case: () => { const d = multiLabel(200, [0.4, 0.3, 0.25, 0.5], 10); return mlCase({ weight: [1, 2, 1, 1] }, 200, d); } },
    { name: 'boundary: 49 samples per label (below minSamples)', case: () => { const d = multiLabel(49, [0.4, 0.03, 0.25, 0.05], 11); return mlCase({ weight: [1, 12, 1.6, 8] }, 49, d); } },
    { name: 'per-sample weight (N, 1), not per label', case: mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: [[1], [2]] }, input: [[1, 2, 0, 1], [0, 1, 2, -1]], target: [[1, 0, 0, 0], [0, 0, 0, 0]] }) },
  ],
});

// ---- normalized-along-wrong-axis

/** log_softmax (or softmax) of an (n, k) buffer along dim 0 (`axis0`) or dim 1. */
function normalise(x: Float64Array, n: number, k: number, axis0: boolean, log: boolean): Float64Array {
  const out = new Float64Array(n * k);
  const lines = axis0 ? k : n, len = axis0 ? n : k;
  const idx = (l: number, j: number): number => (axis0 ? j * k + l : l * k + j);
  for (let l = 0; l < lines; l++) {
    let m = -Infinity;
    for (let j = 0; j < len; j++) m = Math.max(m, x[idx(l, j)]);
    let s = 0;
    for (let j = 0; j < len; j++) s += Math.exp(x[idx(l, j)] - m);
    for (let j = 0; j < len; j++) {
      const lp = x[idx(l, j)] - m - Math.log(s);
      out[idx(l, j)] = log ? lp : Math.exp(lp);
    }
  }
  return out;
}
const B = 8, C = 5;
const zr = seeded(88);
const z = Float64Array.from({ length: B * C }, () => 2 * zr.normal());
const yIdx = Array.from({ length: B }, (_, i) => i % C);

ruleTable(normalizedAlongWrongAxis, {
  severity: 'warning',
  fires: [
    {
      name: 'NLLLoss on log_softmax(dim=0) (over the batch)',
      case: mkCase({ loss: 'NLLLoss', input: tensor(normalise(z, B, C, true, true), [B, C], 'float32'), target: yIdx }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.equal(f.evidence.normalisedDim, 0);
        assert.equal(f.evidence.classDim, 1);
        assert.equal(f.evidence.kind, 'log-probabilities');
        assert.match(f.message, /dim 0, the batch/);
        assert.match(f.fix, /log_softmax\(logits, dim=1\)/);
      },
    },
    {
      name: 'boundary: one column shifted by 5e-5 is inside the 1e-4 + K·1e-6 tolerance',
      case: () => { const x = normalise(z, B, C, true, true); for (let i = 0; i < B; i++) x[i * C] -= 5e-5; return mkCase({ loss: 'NLLLoss', input: tensor(x, [B, C], 'float64'), target: yIdx }); },
      expect: { severity: 'warning', evidence: { normalisedDim: 0 } },
    },
    {
      name: 'CrossEntropyLoss on softmax(dim=0)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(normalise(z, B, C, true, false), [B, C], 'float32'), target: yIdx }),
      expect: { severity: 'warning', evidence: { normalisedDim: 0, kind: 'probabilities' } },
    },
    {
      name: 'KLDivLoss: student log_softmax over the batch, teacher softmax over classes',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(normalise(z, B, C, true, true), [B, C], 'float32'), target: tensor(normalise(z.map((v) => v * 0.7), B, C, false, false), [B, C], 'float32') }),
      expect: { severity: 'warning', evidence: { normalisedDim: 0, classDim: 1 } },
    },
    {
      name: 'NLLLoss on (N, C, L) with F.log_softmax(x) without dim on 3-D: dim 0',
      case: () => {
        const N3 = 3, C3 = 4, L3 = 5, r = seeded(5);
        const x = Float64Array.from({ length: N3 * C3 * L3 }, () => r.normal());
        const out = new Float64Array(x.length);
        for (let c = 0; c < C3; c++) for (let l = 0; l < L3; l++) {
          const ix = (n: number): number => n * C3 * L3 + c * L3 + l;
          let s = 0;
          for (let n = 0; n < N3; n++) s += Math.exp(x[ix(n)]);
          for (let n = 0; n < N3; n++) out[ix(n)] = x[ix(n)] - Math.log(s);
        }
        return mkCase({ loss: 'NLLLoss', input: tensor(out, [N3, C3, L3], 'float32'), target: [[0, 1, 2, 3, 0], [1, 1, 2, 0, 3], [2, 0, 1, 3, 3]] });
      },
      expect: { severity: 'warning', evidence: { normalisedDim: 0, classDim: 1 } },
    },
  ],
  silent: [
    { name: 'NLLLoss on log_softmax(dim=1)', case: mkCase({ loss: 'NLLLoss', input: tensor(normalise(z, B, C, false, true), [B, C], 'float32'), target: yIdx }) },
    { name: 'CrossEntropyLoss on raw logits', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(z, [B, C], 'float32'), target: yIdx }) },
    { name: 'boundary: batch of 1 (dim 0 has size 1)', case: mkCase({ loss: 'NLLLoss', input: [[0, 0, 0]], target: [1] }) },
    {
      name: 'boundary: one column of log_softmax(dim=0) shifted by 1e-3 (its logsumexp is off by 1e-3 > 1e-4)',
      case: () => { const x = normalise(z, B, C, true, true); for (let i = 0; i < B; i++) x[i * C] -= 1e-3; return mkCase({ loss: 'NLLLoss', input: tensor(x, [B, C], 'float64'), target: yIdx }); },
    },
    { name: 'a regression loss', case: mkCase({ loss: 'MSELoss', input: [[0.5, 0.5], [0.5, 0.5]], target: [[1, 0], [0, 1]] }) },
  ],
});
