/**
 * Case tables of the invariant rules (issue #20): bce-target-out-of-range, target-not-a-distribution,
 * loss-below-minimum, kl-div-mean-reduction. Boundary cases sit just inside and just outside each
 * tolerance; severities are written literally.
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase, classifierLogits, seeded } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { tensor } from '../../../../src/engine/tensor';
import { softmaxRow } from '../../../../src/engine/numeric';
import { bceTargetOutOfRange } from '../../../../src/diagnostics/rules/bce-target-out-of-range';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';
import { lossBelowMinimum } from '../../../../src/diagnostics/rules/loss-below-minimum';
import { klDivMeanReduction } from '../../../../src/diagnostics/rules/kl-div-mean-reduction';

const close = (a: unknown, b: number, what: string, tol = 1e-6): void => {
  assert.equal(typeof a, 'number', `${what}: ${String(a)}`);
  assert.ok(Math.abs((a as number) - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${String(a)} vs ${b}`);
};

/** Row-wise softmax of an (n, k) buffer (the diagnostics' own softmaxRow, float64). */
function softmaxRows(x: ArrayLike<number>, n: number, k: number): Float64Array {
  const out = new Float64Array(n * k), row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    softmaxRow(x, i * k, k, 1, row);
    out.set(row, i * k);
  }
  return out;
}

/** A binary segmentation batch (2, 1, 8, 8): logits and a {0, 1} mask with a square object. */
function segBatch(seed: number): { logits: Float64Array; mask: Float64Array } {
  const r = seeded(seed);
  const mask = new Float64Array(128), logits = new Float64Array(128);
  for (let b = 0; b < 2; b++) for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
    const i = b * 64 + y * 8 + x;
    mask[i] = y >= 2 && y < 6 && x >= 1 + b && x < 5 + b ? 1 : 0;
    logits[i] = (mask[i] * 2 - 1) * 1.5 + r.normal();
  }
  return { logits, mask };
}
const SEG = segBatch(5);
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const bce = (type: 'BCELoss' | 'BCEWithLogitsLoss', input: Float64Array, target: Float64Array): number =>
  computeLoss(makeSpec(type), tensor(input, [2, 1, 8, 8], 'float64'), tensor(target, [2, 1, 8, 8], 'float64')).value.data[0];

ruleTable(bceTargetOutOfRange, {
  severity: 'error',
  fires: [
    {
      name: 'U-Net mask loaded as {0, 255}, BCELoss on sigmoid outputs (negative loss)',
      case: mkCase({ loss: 'BCELoss', input: tensor(SEG.logits.map(sigmoid), [2, 1, 8, 8], 'float32'), target: tensor(SEG.mask.map((v) => v * 255), [2, 1, 8, 8], 'float32') }),
      expect: (f) => {
        assert.equal(f.severity, 'error');
        assert.equal(f.evidence.looksLike, 'mask-255');
        assert.equal(f.evidence.outside, 32);
        assert.equal(f.evidence.above, 32);
        assert.deepEqual(f.evidence.distinctValues, [0, 255]);
        assert.ok((f.evidence.loss as number) < 0, 'the loss is negative');
        const fixed = bce('BCELoss', Float64Array.from(new Float32Array(SEG.logits.map(sigmoid))), SEG.mask);
        close(f.evidence.lossWithFix, fixed, 'lossWithFix', 1e-5);
        assert.match(f.message, /negative/);
        assert.match(f.fix, /mask > 127/);
      },
    },
    {
      name: '±1 labels into BCEWithLogitsLoss',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(SEG.logits, [2, 1, 8, 8], 'float32'), target: tensor(SEG.mask.map((v) => v * 2 - 1), [2, 1, 8, 8], 'float32') }),
      expect: { severity: 'error', evidence: { looksLike: 'plus-minus-one', below: 96, above: 0 }, fix: /\(target \+ 1\) \/ 2/ },
    },
    {
      name: '{0, 1, 255} mask (255 = void)',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[0.5, -1, 2, 0.1]], target: [[0, 1, 255, 1]] }),
      expect: { severity: 'error', evidence: { looksLike: 'void-255', outside: 1 }, fix: /valid = target != 255/ },
    },
    {
      name: 'class indices {0, 1, 2} into BCEWithLogitsLoss',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.5, -1, 2, 0.1, 1, -2], target: [0, 1, 2, 2, 1, 0] }),
      expect: { severity: 'error', evidence: { looksLike: 'class-indices', outside: 2 }, fix: /CrossEntropyLoss/ },
    },
    {
      name: 'standardised regression targets into BCEWithLogitsLoss',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.5, -1, 2, 0.1], target: [-0.73, 1.21, 0.05, -1.4] }),
      expect: { severity: 'error', evidence: { looksLike: 'continuous', below: 2, above: 1 }, fix: /MSELoss/ },
    },
    {
      name: 'boundary: a target 1 + 2e-6 (float64) is outside the 1e-6 slack',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.5, -1, 2, 0.1], target: [1 + 2e-6, 0, 1, 0], targetDtype: 'float64' }),
      expect: { severity: 'error', evidence: { above: 1, below: 0 } },
    },
    {
      name: 'boundary: a target −2e-6 (float64) is outside the slack',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.5, -1, 2, 0.1], target: [-2e-6, 0, 1, 0], targetDtype: 'float64' }),
      expect: { severity: 'error', evidence: { above: 0, below: 1 } },
    },
  ],
  silent: [
    { name: '{0, 1} mask', case: mkCase({ loss: 'BCEWithLogitsLoss', input: tensor(SEG.logits, [2, 1, 8, 8], 'float32'), target: tensor(SEG.mask, [2, 1, 8, 8], 'float32') }) },
    { name: 'smoothed targets {0.05, 0.95}', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.5, -1, 2, 0.1], target: [0.95, 0.05, 0.95, 0.05] }) },
    { name: 'boundary: 1 + 5e-7 (float64) is inside the slack', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.5, -1], target: [1 + 5e-7, -5e-7], targetDtype: 'float64' }) },
    { name: 'NaN targets are non-finite-values\' job', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.5, -1], target: [NaN, 1] }) },
    { name: 'regression loss with targets of any range', case: mkCase({ loss: 'MSELoss', input: [0.5, -1], target: [255, -3] }) },
  ],
});

// ---- target-not-a-distribution

const N = 32, K = 10;
const student = classifierLogits({ n: N, k: K, seed: 41 }).logits;
const teacher = classifierLogits({ n: N, k: K, seed: 42, noise: 1 }).logits;
const sProbs = softmaxRows(student, N, K);
const tProbs = softmaxRows(teacher, N, K);
const sLog = tensor(sProbs.map(Math.log), [N, K], 'float32');
/** A distribution row of K float64 values with its first entry shifted by `delta`. */
const shiftedRow = (delta: number): number[] => Array.from({ length: K }, (_, i) => 0.1 + (i === 0 ? delta : 0));

ruleTable(targetNotADistribution, {
  severity: 'warning',
  fires: [
    {
      name: 'pytorch#60928: KLDivLoss target row summing to 0.30 (negative KL)',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'mean' }, input: [[Math.log(0.1132), Math.log(0.5477), Math.log(0.339)]], target: [[0.1541, 0.0511, 0.0947]] }),
      severity: 'error',
      expect: (f) => {
        assert.equal(f.evidence.badRows, 1);
        close(f.evidence.rowSumMedian, 0.2999, 'rowSumMedian', 1e-5);
        assert.equal(f.evidence.belowMinimum, true);
        close(f.evidence.loss, -0.0648, 'loss', 2e-3);
        assert.match(f.message, /negative/);
        assert.match(f.fix, /target \/ target\.sum\(dim=-1, keepdim=True\)/);
      },
    },
    {
      name: 'multi-hot labels as CrossEntropyLoss probability targets',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 0.5, -1], [0.3, 0.1, 2, 1], [2, -1, 0, 0]], target: [[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 0, 0]] }),
      expect: { severity: 'warning', evidence: { badRows: 2, rowsChecked: 3, negativeEntries: 0, rowSumMax: 2 }, message: /multi-hot/, fix: /BCEWithLogitsLoss/ },
    },
    {
      name: 'pytorch#152437: negative "probabilities" into CrossEntropyLoss',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'none' }, input: [[1, 2, 0.5], [0.3, 0.1, 2]], target: [[-2, -2, -2], [-2, -2, -2]] }),
      expect: { severity: 'error', evidence: { negativeEntries: 6, badRows: 2 } },
    },
    {
      name: 'KL target = sigmoid of teacher logits (rows sum to ~K/2)',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: sLog, target: tensor(Float64Array.from(teacher, sigmoid), [N, K], 'float32') }),
      expect: (f) => {
        assert.equal(f.evidence.badRows, N);
        assert.equal(f.evidence.axis, 'dim 1');
        assert.equal(f.severity, (f.evidence.loss as number) < 0 ? 'error' : 'warning');
      },
    },
    {
      name: 'log_target=True with raw teacher logits as the target',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: sLog, target: tensor(teacher, [N, K], 'float32') }),
      expect: { evidence: { logTarget: true, badRows: N }, fix: /log_softmax/ },
    },
    {
      name: 'boundary: a float64 row summing to 1 + 1.1e-5 with K = 10 (slack 1e-5)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [Array.from({ length: K }, (_, i) => i / 3)], target: [shiftedRow(1.1e-5)], targetDtype: 'float64' }),
      expect: { severity: 'warning', evidence: { badRows: 1 } },
    },
    {
      name: 'segmentation KL target whose dim-1 rows are halved',
      case: () => {
        const C = 4, HW = 6;
        const r = seeded(3);
        const t = new Float64Array(2 * C * HW);
        for (let b = 0; b < 2; b++) for (let p = 0; p < HW; p++) {
          const z = Array.from({ length: C }, () => r.normal());
          const s = z.reduce((a, v) => a + Math.exp(v), 0);
          for (let c = 0; c < C; c++) t[b * C * HW + c * HW + p] = (0.5 * Math.exp(z[c])) / s;
        }
        const inp = new Float64Array(t.length).fill(Math.log(1 / C));
        return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(inp, [2, C, 2, 3], 'float32'), target: tensor(t, [2, C, 2, 3], 'float32') });
      },
      expect: { severity: 'error', evidence: { badRows: 12 } },
    },
  ],
  silent: [
    { name: 'float32 softmax teacher, K = 10', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: sLog, target: tensor(tProbs, [N, K], 'float32') }) },
    {
      name: 'float32 softmax targets, K = 32000 (slack 0.032)',
      case: () => {
        const V = 32000, r = seeded(9);
        const z = Float64Array.from({ length: 2 * V }, () => 3 * r.normal());
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(z, [2, V], 'float32'), target: tensor(softmaxRows(z, 2, V), [2, V], 'float32') });
      },
    },
    { name: 'boundary: a float64 row summing to 1 + 0.9e-5 with K = 10', case: mkCase({ loss: 'CrossEntropyLoss', input: [Array.from({ length: K }, (_, i) => i / 3)], target: [shiftedRow(0.9e-5)], targetDtype: 'float64' }) },
    { name: 'hand-written 3-decimal targets [0.333, 0.333, 0.333] (rounding slack 1.5e-3)', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3]], target: [[0.333, 0.333, 0.333]] }) },
    { name: 'one-hot and all-zero (masked) rows', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3], [0, 1, 0], [2, 2, 2]], target: [[0, 0, 1], [0, 0, 0], [1, 0, 0]] }) },
    { name: 'log-probabilities with log_target=False (kl-div-expects-log-probabilities reports it)', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: sLog, target: tensor(tProbs.map(Math.log), [N, K], 'float32') }) },
    { name: 'log_target=True with log_softmax targets', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: sLog, target: tensor(tProbs.map(Math.log), [N, K], 'float32') }) },
    {
      name: 'saliency map: one distribution over H × W of (B, 1, H, W)',
      case: () => {
        const r = seeded(4);
        const t = Float64Array.from({ length: 2 * 20 }, () => r.uniform() ** 3);
        for (let b = 0; b < 2; b++) { let s = 0; for (let i = 0; i < 20; i++) s += t[b * 20 + i]; for (let i = 0; i < 20; i++) t[b * 20 + i] /= s; }
        return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(new Float64Array(40).fill(Math.log(1 / 20)), [2, 1, 4, 5], 'float32'), target: tensor(t, [2, 1, 4, 5], 'float32') });
      },
    },
    { name: 'class-index targets', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3]], target: [2] }) },
  ],
});

// ---- loss-below-minimum

ruleTable(lossBelowMinimum, {
  severity: 'error',
  fires: [
    {
      name: 'NLLLoss, reduction none: one row of 32 is not log-probabilities (too few for nll-expects-log-probabilities)',
      case: () => {
        const lp = tProbs.map(Math.log);
        for (let k = 0; k < K; k++) lp[5 * K + k] += 3; // a bias added after log_softmax on one row
        const y = Array.from({ length: N }, (_, i) => i % K);
        return mkCase({ loss: { type: 'NLLLoss', reduction: 'none' }, input: tensor(lp, [N, K], 'float32'), target: y });
      },
      expect: (f) => {
        assert.equal(f.severity, 'error');
        assert.ok((f.evidence.elementsBelow as number) >= 1);
        assert.match(String((f.evidence.failedPreconditions as string[])[0]), /not log-probabilities/);
      },
    },
    {
      name: 'clean batch but the printed history of a BCE run goes negative',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [[2], [-1.5], [1], [-3]], target: [[1], [0], [1], [0]], history: { train: [0.69, 0.2, -15.3, -120.7] } }),
      expect: { severity: 'warning', field: 'history', message: /history\.train/ },
    },
    {
      name: 'meta.reported_loss negative for CrossEntropyLoss',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[2, 0, -1], [0, 3, 1]], target: [0, 1], meta: { reported_loss: -0.42 } }),
      expect: { severity: 'warning', field: 'meta.reported_loss' },
    },
  ],
  silent: [
    { name: 'a clean classifier', case: mkCase({ loss: 'CrossEntropyLoss', input: [[2, 0, -1], [0, 3, 1]], target: [0, 1] }) },
    { name: 'negative pos_weight: invalid-loss-weight carries it', case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [-2] }, input: [[2], [1.5], [-1], [3]], target: [[1], [1], [0], [1]] }) },
    { name: 'negative class weight, reduction none: invalid-loss-weight carries it', case: mkCase({ loss: { type: 'NLLLoss', reduction: 'none', weight: [1, -1, 1] }, input: [[-0.2, -2, -3], [-2, -0.3, -2], [-1, -1, -1.2]], target: [0, 1, 2] }) },
    {
      name: 'boundary: CE with probability targets exactly at its floor (input = log target)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(tProbs.map(Math.log), [N, K], 'float32'), target: tensor(tProbs, [N, K], 'float32') }),
    },
    {
      name: 'KL of identical float32 distributions (0 within rounding)',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: tensor(tProbs.map(Math.log), [N, K], 'float32'), target: tensor(tProbs, [N, K], 'float32') }),
    },
    { name: 'mask {0, 255}: bce-target-out-of-range carries it', case: mkCase({ loss: 'BCELoss', input: [0.9, 0.1, 0.8], target: [255, 0, 255] }) },
    { name: 'NLLLoss on probabilities: nll-expects-log-probabilities carries it', case: mkCase({ loss: 'NLLLoss', input: [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], target: [0, 1, 2] }) },
    { name: 'negative history of a regression loss is not judged', case: mkCase({ loss: 'MSELoss', input: [1, 2], target: [1, 2.5], history: { train: [1, -0.5] } }) },
  ],
});

// ---- kl-div-mean-reduction

ruleTable(klDivMeanReduction, {
  severity: 'warning',
  fires: [
    {
      name: "distillation with nn.KLDivLoss() (reduction='mean'), K = 10",
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'mean' }, input: sLog, target: tensor(tProbs, [N, K], 'float32') }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.equal(f.evidence.factor, K);
        assert.equal(f.evidence.batchSize, N);
        const mean = computeLoss(makeSpec('KLDivLoss', { reduction: 'mean' }), sLog, tensor(tProbs, [N, K], 'float32')).value.data[0];
        const batchmean = computeLoss(makeSpec('KLDivLoss', { reduction: 'batchmean' }), sLog, tensor(tProbs, [N, K], 'float32')).value.data[0];
        close(f.evidence.loss, mean, 'loss', 1e-5);
        close(f.evidence.lossBatchmean, batchmean, 'lossBatchmean', 1e-5);
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'batchmean' });
      },
    },
    {
      name: 'boundary: (2, 2) input, factor 2',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'mean' }, input: [[Math.log(0.5), Math.log(0.5)], [Math.log(0.25), Math.log(0.75)]], target: [[0.5, 0.5], [0.5, 0.5]] }),
      expect: { severity: 'warning', evidence: { factor: 2 } },
    },
  ],
  silent: [
    { name: "reduction='batchmean'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: sLog, target: tensor(tProbs, [N, K], 'float32') }) },
    { name: 'boundary: a 1-D input, where mean and batchmean agree', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'mean' }, input: [Math.log(0.5), Math.log(0.5)], target: [0.25, 0.75] }) },
    { name: "reduction='sum'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: sLog, target: tensor(tProbs, [N, K], 'float32') }) },
    { name: 'another loss', case: mkCase({ loss: 'MSELoss', input: [1, 2], target: [1, 2.5] }) },
  ],
});
