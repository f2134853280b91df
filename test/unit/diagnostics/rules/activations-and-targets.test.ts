/**
 * Case tables for wrong activations and target handling: double-softmax, double-sigmoid,
 * nll-expects-log-probabilities, missing-ignore-index, all-targets-ignored, class-imbalance.
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase, classifierLogits, seeded } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { doubleSoftmax } from '../../../../src/diagnostics/rules/double-softmax';
import { doubleSigmoid } from '../../../../src/diagnostics/rules/double-sigmoid';
import { nllExpectsLogProbabilities } from '../../../../src/diagnostics/rules/nll-expects-log-probabilities';
import { missingIgnoreIndex } from '../../../../src/diagnostics/rules/missing-ignore-index';
import { allTargetsIgnored } from '../../../../src/diagnostics/rules/all-targets-ignored';
import { classImbalance } from '../../../../src/diagnostics/rules/class-imbalance';

function softmaxRows(x: ArrayLike<number>, n: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = Math.max(m, x[i * k + c]);
    let s = 0;
    for (let c = 0; c < k; c++) s += (out[i * k + c] = Math.exp(x[i * k + c] - m));
    for (let c = 0; c < k; c++) out[i * k + c] /= s;
  }
  return out;
}
function logSoftmaxRows(x: ArrayLike<number>, n: number, k: number): Float64Array {
  return softmaxRows(x, n, k).map(Math.log);
}

const cls = classifierLogits({ n: 64, k: 4, seed: 7 });

ruleTable(doubleSoftmax, {
  severity: 'warning',
  fires: [
    {
      name: 'softmax output of a 4-class classifier',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(softmaxRows(cls.logits, 64, 4), [64, 4]), target: tensor(cls.labels, [64], 'int64') }),
      expect: (f) => {
        assert.equal(f.evidence.rows, 64);
        assert.equal(f.evidence.rowsSummingToOne, 64);
        assert.ok(Math.abs((f.evidence.lossFloor as number) - Math.log(1 + 3 / Math.E)) < 1e-6);
        const ratio = f.evidence.gradientRatio as number;
        assert.ok(ratio > 0 && ratio < 0.5, `gradient ratio ${ratio}`);
        assert.ok((f.evidence.loss as number) > (f.evidence.lossFloor as number));
        assert.match(f.fix, /CrossEntropyLoss\(\)\(logits, target\)/);
      },
    },
    {
      name: 'one-hot probabilities: loss sits exactly on the floor log(1 + (K-1)/e)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 0, 0, 0, 0], [0, 0, 1, 0, 0]], target: [0, 2] }),
      expect: (f) => {
        const floor = Math.log(1 + 4 / Math.E);
        assert.ok(Math.abs((f.evidence.loss as number) - floor) < 1e-9, `loss ${String(f.evidence.loss)} vs floor ${floor}`);
      },
    },
    {
      name: '(B, V, L) probabilities with sequence targets',
      case: () => {
        // softmax over dim 1 of a (2, 3, 4) tensor
        const B = 2, V = 3, L = 4;
        const x = new Float64Array(B * V * L);
        const r = seeded(3);
        for (let b = 0; b < B; b++) for (let l = 0; l < L; l++) {
          const z = [r.normal(), r.normal(), r.normal()];
          const m = Math.max(...z);
          const e = z.map((v) => Math.exp(v - m));
          const s = e.reduce((a, v) => a + v, 0);
          for (let v = 0; v < V; v++) x[b * V * L + v * L + l] = e[v] / s;
        }
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [B, V, L]), target: [[0, 1, 2, 1], [2, 2, 0, 1]] });
      },
      expect: { evidence: { rows: 8, numClasses: 3 } },
    },
  ],
  silent: [
    { name: 'genuine logits', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(cls.logits, [64, 4], 'float32'), target: tensor(cls.labels, [64], 'int64') }) },
    { name: 'log_softmax output (fine for CE)', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(logSoftmaxRows(cls.logits, 64, 4), [64, 4]), target: tensor(cls.labels, [64], 'int64') }) },
    { name: 'small genuine logits in [0, 1] not summing to 1', case: mkCase({ loss: 'CrossEntropyLoss', input: [[0.1, 0.3, 0.2], [0.05, 0.4, 0.9], [0.7, 0.6, 0.65]], target: [1, 2, 0] }) },
    {
      name: 'probability targets with logits input',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[2, -1, 0.5], [0.3, 0.1, -2]], target: [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]] }),
    },
    { name: 'NLLLoss is not this rule', case: mkCase({ loss: 'NLLLoss', input: [[0.7, 0.2, 0.1]], target: [0] }) },
  ],
});

const r5 = seeded(11);
const bceLogits = Array.from({ length: 200 }, () => r5.normal() * 2 - 1);
const bceLabels = bceLogits.map((z) => (r5.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0));
const sig = (z: number): number => 1 / (1 + Math.exp(-z));

ruleTable(doubleSigmoid, {
  severity: 'warning',
  fires: [
    {
      name: 'sigmoid outputs given to BCEWithLogitsLoss',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: bceLogits.map(sig), target: bceLabels }),
      expect: (f) => {
        assert.ok(Math.abs((f.evidence.floorPositive as number) - Math.log(1 + Math.exp(-1))) < 1e-6);
        assert.ok(Math.abs((f.evidence.floorNegative as number) - Math.LN2) < 1e-6);
        assert.ok((f.evidence.loss as number) >= (f.evidence.lossFloor as number) - 1e-12);
        assert.equal(f.evidence.elements, 200);
      },
    },
    {
      name: 'untrained double sigmoid: outputs all near 0.5',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 32 }, (_, i) => 0.49 + 0.02 * (i / 31)), target: Array.from({ length: 32 }, (_, i) => i % 2) }),
    },
  ],
  silent: [
    { name: 'genuine logits', case: mkCase({ loss: 'BCEWithLogitsLoss', input: bceLogits, target: bceLabels }) },
    { name: 'tiny centred genuine logits', case: mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 64 }, (_, i) => 0.01 * Math.sin(i)), target: Array.from({ length: 64 }, (_, i) => i % 2) }) },
    { name: 'too few elements to judge', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.2, 0.9, 0.4], target: [0, 1, 0] }) },
    { name: 'zero-initialised logits', case: mkCase({ loss: 'BCEWithLogitsLoss', input: new Array<number>(40).fill(0), target: Array.from({ length: 40 }, (_, i) => i % 2) }) },
    { name: 'BCELoss on probabilities is right', case: mkCase({ loss: 'BCELoss', input: bceLogits.map(sig), target: bceLabels }) },
  ],
});

ruleTable(nllExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: 'raw logits given to NLLLoss',
      case: mkCase({ loss: 'NLLLoss', input: tensor(cls.logits, [64, 4], 'float32'), target: tensor(cls.labels, [64], 'int64') }),
      expect: { evidence: { looksLike: 'logits', numClasses: 4, rowsChecked: 64 }, fix: /log_softmax/, edit: { path: ['loss', 'type'], value: 'CrossEntropyLoss' } },
    },
    {
      name: 'probabilities given to NLLLoss (negative loss)',
      case: mkCase({ loss: 'NLLLoss', input: tensor(softmaxRows(cls.logits, 64, 4), [64, 4]), target: tensor(cls.labels, [64], 'int64') }),
      expect: (f) => {
        assert.equal(f.evidence.looksLike, 'probabilities');
        assert.ok((f.evidence.loss as number) < 0, 'NLL of probabilities is negative');
        assert.equal(f.edit, undefined);
      },
    },
  ],
  silent: [
    { name: 'log_softmax output', case: mkCase({ loss: 'NLLLoss', input: tensor(logSoftmaxRows(cls.logits, 64, 4), [64, 4]), target: tensor(cls.labels, [64], 'int64') }) },
    { name: 'CrossEntropyLoss on logits is another loss', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(cls.logits, [64, 4]), target: tensor(cls.labels, [64], 'int64') }) },
  ],
});

/** (B, L) token targets right-padded with `pad`, logits (B, V, L). */
function lmCase(opts: { pad: number; ignore: number; meta?: Record<string, number>; B?: number; L?: number; V?: number; seed?: number }) {
  const B = opts.B ?? 8, L = opts.L ?? 12, V = opts.V ?? 20;
  const r = seeded(opts.seed ?? 5);
  const tgt = new Float64Array(B * L);
  for (let b = 0; b < B; b++) {
    const len = 4 + ((b * 3) % (L - 4)); // varying lengths
    for (let l = 0; l < L; l++) tgt[b * L + l] = l < len ? 1 + r.int(V - 1) : opts.pad;
  }
  const x = new Float64Array(B * V * L);
  for (let i = 0; i < x.length; i++) x[i] = r.normal();
  return mkCase({
    loss: { type: 'CrossEntropyLoss', ignore_index: opts.ignore },
    input: tensor(x, [B, V, L], 'float32'),
    target: tensor(tgt, [B, L], 'int64'),
    meta: opts.meta ?? {},
  });
}

ruleTable(missingIgnoreIndex, {
  severity: 'warning',
  fires: [
    {
      name: 'meta.pad_token_id = 0 with the default ignore_index',
      case: lmCase({ pad: 0, ignore: -100, meta: { pad_token_id: 0 } }),
      expect: (f) => {
        assert.equal(f.evidence.source, 'meta.pad_token_id');
        assert.equal(f.evidence.padValue, 0);
        assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: 0 });
        assert.equal(typeof f.evidence.lossWithoutPadding, 'number');
        assert.notEqual(f.evidence.lossWithPadding, f.evidence.lossWithoutPadding);
        assert.match(f.fix, /ignore_index=PAD/);
      },
    },
    {
      name: 'no meta: rows end in runs of 0 of varying length',
      case: lmCase({ pad: 0, ignore: -100 }),
      expect: { evidence: { source: 'trailing runs', padValue: 0 } },
    },
    {
      name: 'pad id from meta on 1-D targets',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 0, 0], [0, 2, 0], [0, 0, 1], [1, 1, 0]], target: [1, 2, 0, 0], meta: { pad_token_id: 0 } }),
      expect: { evidence: { padCount: 2, padShare: 0.5 } },
    },
    {
      name: '3-D (B, choices, L) targets right-padded with 0',
      case: () => {
        const B = 3, K = 2, L = 8, V = 9;
        const t = new Float64Array(B * K * L);
        for (let r = 0; r < B * K; r++) for (let l = 0; l < L; l++) t[r * L + l] = l < 3 + (r % 4) ? 1 + ((r + l) % (V - 1)) : 0;
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: B * V * K * L }, (_, i) => Math.sin(i)), [B, V, K, L]), target: tensor(t, [B, K, L], 'int64') });
      },
      expect: { evidence: { source: 'trailing runs', padValue: 0, rows: 6 } },
    },
    {
      name: 'prompt masked with -100 but padding left as 0 (runs of pad)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(8 * 6).map((_, i) => Math.sin(i)), [8, 6]), target: [-100, -100, 3, 4, 0, 0, 0, 0], meta: { pad_token_id: 0 } }),
      expect: { evidence: { padCount: 4, meanPadRun: 4 } },
    },
  ],
  silent: [
    {
      name: 'pad id = eos id: padding masked with -100, isolated eos tokens remain',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(8 * 6).map((_, i) => Math.sin(i)), [8, 6]), target: [3, 4, 5, 0, 2, 0, -100, -100], meta: { pad_token_id: 0 } }),
    },
    {
      name: 'sentence classifier: label 0 equals the tokenizer pad id but is an ordinary class',
      case: () => {
        const c = classifierLogits({ n: 200, k: 2, seed: 17 });
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [200, 2]), target: tensor(c.labels, [200], 'int64'), meta: { pad_token_id: 0 } });
      },
    },
    { name: 'ignore_index already the pad id', case: lmCase({ pad: 0, ignore: 0, meta: { pad_token_id: 0 } }) },
    {
      name: 'segmentation masks (N, H, W): background 0 is everywhere, not padding',
      case: () => {
        const N = 2, H = 6, W = 8, C = 3;
        const t = new Float64Array(N * H * W);
        // an object (class 1 or 2) in the middle of each image, background around it
        for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
          t[(n * H + h) * W + w] = h >= 1 && h <= 4 && w >= 2 && w <= 2 + h ? 1 + n : 0;
        }
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: N * C * H * W }, (_, i) => Math.cos(i)), [N, C, H, W]), target: tensor(t, [N, H, W], 'int64') });
      },
    },
    { name: 'labels already -100 at pad positions', case: lmCase({ pad: -100, ignore: -100, meta: { pad_token_id: 0 } }) },
    { name: '1-D classification targets without pad meta', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(cls.logits, [64, 4]), target: tensor(cls.labels, [64], 'int64') }) },
    {
      name: 'unpadded sequences (all rows full length)',
      case: () => {
        const r = seeded(9);
        const t = Float64Array.from({ length: 6 * 10 }, () => r.int(5));
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: 6 * 5 * 10 }, () => r.normal()), [6, 5, 10]), target: tensor(t, [6, 10], 'int64') });
      },
    },
  ],
});

ruleTable(allTargetsIgnored, {
  severity: 'warning',
  fires: [
    {
      name: 'every target is -100 (mean is NaN)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3], [0, 1, 0]], target: [-100, -100] }),
      expect: { evidence: { total: 2, ignored: 2, ignoreIndex: -100, loss: NaN } },
    },
    {
      name: 'sum reduction: loss 0, no gradient',
      case: mkCase({ loss: { type: 'NLLLoss', reduction: 'sum', ignore_index: 3 }, input: [[-1, -2, -0.5, -3]], target: [3] }),
      expect: { message: /no gradient/ },
    },
  ],
  silent: [
    { name: 'one supervised target remains', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 3], [0, 1, 0]], target: [-100, 1] }) },
    { name: 'regression', case: mkCase({ loss: 'MSELoss', input: [1, 2], target: [1, 2] }) },
  ],
});

const imb = classifierLogits({ n: 400, k: 3, seed: 21, classProbs: [0.85, 0.12, 0.03] });
const bal = classifierLogits({ n: 400, k: 3, seed: 22 });
const rb = seeded(31);
const fraudY = Array.from({ length: 500 }, () => (rb.uniform() < 0.04 ? 1 : 0));
// A partly trained scorer (PR-AUC ~0.67): positives not yet separated.
const fraudX = fraudY.map((y) => rb.normal() + (y ? 0.5 : -1.5));

ruleTable(classImbalance, {
  severity: 'warning',
  fires: [
    {
      name: '85/12/3 multiclass without weight',
      case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(imb.logits, [400, 3]), target: tensor(imb.labels, [400], 'int64') }),
      expect: (f, _all) => {
        const counts = f.evidence.counts as number[];
        assert.equal(counts.reduce((a, b) => a + b, 0), 400);
        const w = f.evidence.suggestedWeight as number[];
        // inverse frequency, mean 1, ordered opposite to the counts
        assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) / 3 - 1) < 1e-3);
        assert.ok(w[2] > w[1] && w[1] > w[0]);
        assert.ok(Math.abs(w[0] / w[2] - counts[2] / counts[0]) < 1e-3);
        assert.deepEqual(f.edit?.path, ['loss', 'weight']);
        assert.match(f.fix, /WeightedRandomSampler/);
      },
    },
    {
      name: 'fraud: 4% positives without pos_weight',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: fraudX, target: fraudY }),
      expect: (f) => {
        const pos = (f.evidence.positives as number[])[0];
        const neg = 500 - pos;
        assert.ok(Math.abs((f.evidence.suggestedPosWeight as number[])[0] - neg / pos) < 1e-2);
        assert.ok(Math.abs((f.evidence.suggestedSqrtPosWeight as number[])[0] - Math.sqrt(neg / pos)) < 1e-2);
        assert.deepEqual(f.edit?.path, ['loss', 'pos_weight']);
      },
    },
    {
      name: 'multilabel: one rare label, one absent class in multiclass noted',
      case: () => {
        const r = seeded(41);
        const y: number[][] = [];
        const x: number[][] = [];
        for (let i = 0; i < 100; i++) { y.push([r.uniform() < 0.5 ? 1 : 0, r.uniform() < 0.05 ? 1 : 0]); x.push([r.normal(), r.normal()]); }
        return mkCase({ loss: 'BCEWithLogitsLoss', input: x, target: y });
      },
      expect: { evidence: { flaggedLabels: [1] } },
    },
    {
      name: 'the same small sample fires once the noise margin is switched off',
      case: () => {
        const c = classifierLogits({ n: 100, k: 10, seed: 24 });
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [100, 10]), target: tensor(c.labels, [100], 'int64') });
      },
      options: { noiseSigmas: 0 },
      expect: { evidence: { ratio: 5.333 } },
    },
    {
      name: 'absent class does not divide by zero',
      case: () => {
        const y = Array.from({ length: 120 }, (_, i) => (i < 100 ? 0 : i < 115 ? 1 : 2));
        return mkCase({ loss: 'CrossEntropyLoss', input: y.map(() => [0.1, 0.2, 0.3, 0.4]), target: y });
      },
      expect: (f) => {
        assert.deepEqual(f.evidence.absentClasses, [3]);
        assert.ok((f.evidence.suggestedWeight as number[]).every(Number.isFinite));
      },
    },
  ],
  silent: [
    { name: 'imbalanced but weighted', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.2, 1.3, 1.5] }, input: tensor(imb.logits, [400, 3]), target: tensor(imb.labels, [400], 'int64') }) },
    { name: 'fraud with pos_weight', case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [24] }, input: fraudX, target: fraudY }) },
    { name: 'balanced classes', case: mkCase({ loss: 'CrossEntropyLoss', input: tensor(bal.logits, [400, 3]), target: tensor(bal.labels, [400], 'int64') }) },
    {
      // seed 24 draws counts [10, 9, 10, 11, 11, 13, 16, 8, 9, 3]: a raw 5.3:1 ratio from a uniform prior
      name: 'small-sample noise (10 classes, 100 samples, uniform prior, raw ratio 5.3:1)',
      case: () => {
        const c = classifierLogits({ n: 100, k: 10, seed: 24 });
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [100, 10]), target: tensor(c.labels, [100], 'int64') });
      },
    },
    { name: 'too few samples', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [1, -2, -3, -1], target: [1, 0, 0, 0] }) },
    { name: 'token-level LM targets are not judged', case: lmCase({ pad: 0, ignore: 0 }) },
    {
      name: 'flattened token targets with a pad id in meta are not judged',
      case: () => {
        const y = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? 0 : 1 + (i % 7)));
        return mkCase({ loss: 'CrossEntropyLoss', input: y.map(() => [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]), target: y, meta: { pad_token_id: 0 } });
      },
    },
    {
      name: 'fewer than minPerClass samples per class on average',
      case: () => {
        const y = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : i % 20));
        return mkCase({ loss: 'CrossEntropyLoss', input: y.map(() => new Array<number>(20).fill(0).map((_, k) => Math.sin(k))), target: y });
      },
    },
  ],
});
