/**
 * Case tables for the loss-configuration and data rules: label-smoothing-risk,
 * extreme-logits, regression-target-scale, mse-outliers, mse-on-class-labels, sum-reduction.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTable, mkCase, classifierLogits, seeded, check } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { labelSmoothingRisk } from '../../../../src/diagnostics/rules/label-smoothing-risk';
import { extremeLogits, float16Spacing } from '../../../../src/diagnostics/rules/extreme-logits';
import { regressionTargetScale } from '../../../../src/diagnostics/rules/regression-target-scale';
import { mseOutliers } from '../../../../src/diagnostics/rules/mse-outliers';
import { mseOnClassLabels } from '../../../../src/diagnostics/rules/mse-on-class-labels';
import { sumReduction } from '../../../../src/diagnostics/rules/sum-reduction';

function clsCase(opts: { n: number; k: number; seed: number; classProbs?: number[]; margin?: number; noise?: number; scale?: number }, loss: Record<string, unknown> = {}) {
  const { logits, labels } = classifierLogits(opts);
  if (opts.scale) for (let i = 0; i < logits.length; i++) logits[i] *= opts.scale;
  return mkCase({
    loss: { type: 'CrossEntropyLoss', ...loss },
    input: tensor(logits, [opts.n, opts.k]),
    target: tensor(labels, [opts.n], 'int64'),
  });
}

// ---------------------------------------------------------------------------------------------
ruleTable(labelSmoothingRisk, {
  severity: 'warning',
  fires: [
    {
      name: 'ε = 0.1 with a class at 2% (fraud-like minority)',
      case: clsCase({ n: 500, k: 3, seed: 1, classProbs: [0.6, 0.38, 0.02] }, { label_smoothing: 0.1 }),
      expect: (f) => {
        assert.deepEqual(f.evidence.rareClasses, [2]);
        assert.ok(((f.evidence.rareShares as Record<string, number>)['2']) < 0.05);
        assert.match(f.message, /rare classes/);
        assert.match(f.fix, /label_smoothing=0\.05/);
      },
    },
    {
      name: 'ε = 0.5 is too large, even on balanced data',
      case: clsCase({ n: 300, k: 4, seed: 2 }, { label_smoothing: 0.5 }),
      expect: { evidence: { labelSmoothing: 0.5, trueClassTarget: 0.625 }, field: 'loss.label_smoothing', edit: { path: ['loss', 'label_smoothing'], value: 0.1 } },
    },
    {
      name: 'class names appear in the message',
      case: () => {
        const c = clsCase({ n: 400, k: 2, seed: 3, classProbs: [0.97, 0.03] }, { label_smoothing: 0.2 });
        c.meta = { class_names: ['ok', 'fraud'] };
        return c;
      },
      expect: { message: /1 \(fraud\)/ },
    },
  ],
  silent: [
    { name: 'no smoothing', case: clsCase({ n: 500, k: 3, seed: 1, classProbs: [0.6, 0.38, 0.02] }) },
    { name: 'ε = 0.1 on balanced classes', case: clsCase({ n: 500, k: 10, seed: 4 }, { label_smoothing: 0.1 }) },
    { name: 'ε = 0.1 on 30 balanced classes (each ~3%, as expected for K = 30)', case: clsCase({ n: 3000, k: 30, seed: 5 }, { label_smoothing: 0.1 }) },
    { name: 'too few targets to judge', case: clsCase({ n: 20, k: 3, seed: 6, classProbs: [0.6, 0.38, 0.02] }, { label_smoothing: 0.1 }) },
    {
      name: 'language-model vocabulary (K > maxClasses)',
      case: () => {
        const r = seeded(9);
        const n = 64, k = 500;
        const x = new Float32Array(n * k).map(() => r.normal());
        const y = Float64Array.from({ length: n }, () => (r.uniform() < 0.5 ? 0 : r.int(k)));
        return mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1 }, input: tensor(x, [n, k]), target: tensor(y, [n], 'int64') });
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
/** LM-like logits: shifted far negative (harmless for softmax) with a trained-model spread. */
function lmCase(n: number, v: number, seed: number, opts: { shift?: number; scale?: number; dtype?: 'float32' | 'float16' } = {}) {
  const r = seeded(seed);
  const x = new Float32Array(n * v);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = r.int(v);
    for (let k = 0; k < v; k++) x[i * v + k] = ((opts.shift ?? 0) + 2.5 * r.normal() + (k === y[i] ? 8 : 0)) * (opts.scale ?? 1);
  }
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [n, v], opts.dtype ?? 'float32'), target: tensor(y, [n], 'int64') });
}

ruleTable(extremeLogits, {
  severity: 'warning',
  fires: [
    {
      name: 'logits ×20 (temperature bug): most rows saturated',
      case: clsCase({ n: 256, k: 5, seed: 7, margin: 4, noise: 1.5, scale: 20 }),
      expect: (f) => {
        assert.ok((f.evidence.saturatedShare as number) >= 0.5, String(f.evidence.saturatedShare));
        assert.ok((f.evidence.maxMargin as number) > 100);
        assert.match(f.fix, /label_smoothing/);
        assert.equal(f.field, 'input');
      },
    },
    {
      name: 'one row with a margin of 150',
      case: () => {
        const c = clsCase({ n: 128, k: 4, seed: 8 });
        (c.input.data as Float32Array)[5 * 4 + 1] = 150;
        return c;
      },
      expect: { evidence: { worstIndex: 5 }, message: /largest margin is 1\d\d/ },
    },
    {
      name: 'BCEWithLogits logits in the thousands (float16 dump)',
      case: () => {
        const r = seeded(10);
        const y = Array.from({ length: 200 }, () => (r.uniform() < 0.3 ? 1 : 0));
        const z = y.map((t) => (t ? 1 : -1) * (800 + 600 * r.uniform()));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: z, target: y, inputDtype: 'float16' });
      },
      expect: (f) => {
        assert.ok((f.evidence.maxAbsLogit as number) >= 1000);
        assert.equal(f.evidence.saturatedShare, 1);
        assert.match(f.message, /float16/);
      },
    },
  ],
  silent: [
    { name: 'partly trained classifier', case: clsCase({ n: 512, k: 10, seed: 11 }) },
    { name: 'confident trained classifier (margins ~15-20)', case: clsCase({ n: 512, k: 10, seed: 12, margin: 17, noise: 1.5 }) },
    { name: 'LM logits around -100 (softmax is shift-invariant)', case: lmCase(32, 2000, 13, { shift: -100 }) },
    {
      name: 'BCEWithLogits with |z| up to 15',
      case: () => {
        const r = seeded(14);
        const y = Array.from({ length: 300 }, () => (r.uniform() < 0.2 ? 1 : 0));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((t) => (t ? 1 : -1) * 15 * r.uniform()), target: y });
      },
    },
    { name: 'probabilities are other rules\' business', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 0], [0, 1]], target: [0, 1] }) },
    { name: 'NLLLoss is not checked', case: mkCase({ loss: 'NLLLoss', input: [[-500, 0], [0, -500]], target: [1, 1] }) },
  ],
});

test('float16Spacing matches the float16 grid', () => {
  assert.equal(float16Spacing(1), 2 ** -10);
  assert.equal(float16Spacing(1000), 0.5);
  assert.equal(float16Spacing(2048), 2);
  assert.equal(float16Spacing(65504), 32);
  assert.equal(float16Spacing(1e-6), 2 ** -24);
});

// ---------------------------------------------------------------------------------------------
type LossInit = Parameters<typeof mkCase>[0]['loss'];
function regression(n: number, seed: number, f: (r: ReturnType<typeof seeded>) => [number, number], loss: LossInit = 'MSELoss', d = 1) {
  const r = seeded(seed);
  const pred: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const p: number[] = [], t: number[] = [];
    for (let j = 0; j < d; j++) { const [a, b] = f(r); p.push(a); t.push(b); }
    pred.push(p); y.push(t);
  }
  return d === 1
    ? mkCase({ loss, input: pred.map((p) => p[0]), target: y.map((t) => t[0]) })
    : mkCase({ loss, input: pred, target: y });
}

ruleTable(regressionTargetScale, {
  severity: 'warning',
  fires: [
    {
      name: 'house prices in thousands',
      case: regression(200, 1, (r) => { const t = 250 + 80 * r.normal(); return [t + 20 * r.normal(), t]; }),
      expect: (f) => {
        assert.ok(Math.abs((f.evidence.targetMean as number) - 250) < 20);
        assert.match(f.fix, /y_mean, y_std = 2\d\d/);
        assert.match(f.fix, /\(y - y_mean\) \/ y_std/);
      },
    },
    {
      name: 'Huber on a large scale mentions delta',
      case: regression(100, 2, (r) => { const t = 30 * r.normal(); return [t + r.normal(), t]; }, { type: 'HuberLoss', delta: 1 }),
      expect: { message: /behaves like L1/ },
    },
    {
      name: 'two target columns: per-column statistics',
      case: regression(100, 3, (r) => { const t = 100 + 50 * r.normal(); return [t, t]; }, 'L1Loss', 2),
      expect: { fix: /y_std = torch.tensor\(\[/ },
    },
  ],
  silent: [
    { name: 'standardised targets', case: regression(200, 4, (r) => { const t = r.normal(); return [t + 0.3 * r.normal(), t]; }) },
    { name: 'targets in [0, 10]', case: regression(200, 5, (r) => { const t = 10 * r.uniform(); return [t, t]; }) },
    { name: 'not a regression loss', case: clsCase({ n: 50, k: 3, seed: 1 }) },
  ],
});

// ---------------------------------------------------------------------------------------------
ruleTable(mseOutliers, {
  severity: 'warning',
  fires: [
    {
      name: 'Gaussian residuals plus 1% of gross errors (×30)',
      case: regression(1000, 6, (r) => { const t = r.normal(); const e = r.uniform() < 0.01 ? 30 * r.normal() : 0.3 * r.normal(); return [t + e, t]; }),
      expect: (f) => {
        assert.ok((f.evidence.topContribution as number) > 0.4);
        assert.ok((f.evidence.excessKurtosis as number) > 10);
        const delta = f.evidence.suggestedDelta as number;
        assert.ok(delta > 0.2 && delta < 1, `delta ${delta}`);
        assert.match(f.fix, /HuberLoss\(delta=0\.\d+\)/);
        assert.deepEqual(f.edit?.path, ['loss']);
        assert.equal((f.evidence.worstIndices as string[]).length, 5);
      },
    },
    {
      name: 'one unit error (a value in cents) among 200',
      case: () => {
        const c = regression(200, 7, (r) => { const t = r.normal(); return [t + 0.2 * r.normal(), t]; });
        (c.target.data as Float64Array)[42] = 150;
        return c;
      },
      expect: (f) => {
        assert.equal((f.evidence.worstIndices as string[])[0], '[42]');
        assert.equal(f.evidence.topCount, 2);
        assert.match(f.message, /\[42\] \(-?1\d\d/);
      },
    },
  ],
  silent: [
    { name: 'Gaussian residuals', case: regression(2000, 8, (r) => { const t = r.normal(); return [t + 0.5 * r.normal(), t]; }) },
    { name: 'Laplace residuals', case: regression(2000, 9, (r) => { const t = r.normal(); const u = r.uniform() - 0.5; return [t - Math.sign(u) * Math.log(1 - 2 * Math.abs(u)), t]; }) },
    { name: 'too few samples', case: regression(30, 10, (r) => { const t = r.normal(); return [t + (r.uniform() < 0.1 ? 50 : 0), t]; }) },
    { name: 'Huber is already robust', case: regression(1000, 6, (r) => { const t = r.normal(); return [t + (r.uniform() < 0.01 ? 30 : 0.3) * r.normal(), t]; }, 'HuberLoss') },
  ],
});

// ---------------------------------------------------------------------------------------------
ruleTable(mseOnClassLabels, {
  severity: 'warning',
  fires: [
    {
      name: 'binary 0/1 labels with sigmoid outputs',
      case: regression(100, 11, (r) => { const t = r.uniform() < 0.3 ? 1 : 0; return [r.uniform(), t]; }),
      expect: (f) => {
        assert.equal(f.evidence.suggestedLoss, 'BCEWithLogitsLoss');
        assert.deepEqual(f.evidence.distinctValues, [0, 1]);
        assert.equal(f.evidence.inputLooksLikeProbabilities, true);
        assert.match(f.fix, /BCEWithLogitsLoss/);
      },
    },
    {
      name: 'class codes 0..4 regressed as numbers',
      case: regression(100, 12, (r) => { const t = r.int(5); return [t + r.normal(), t]; }),
      expect: { evidence: { suggestedLoss: 'CrossEntropyLoss' }, fix: /nn.Linear\(hidden, 5\)/ },
    },
    {
      name: 'one-hot targets',
      case: () => {
        const r = seeded(13);
        const y = Array.from({ length: 40 }, () => { const row = [0, 0, 0]; row[r.int(3)] = 1; return row; });
        return mkCase({ loss: 'MSELoss', input: y.map((row) => row.map(() => r.uniform())), target: y });
      },
      expect: { evidence: { oneHot: true }, fix: /argmax\(dim=1\)/ },
    },
    {
      name: '±1 labels',
      case: regression(50, 14, (r) => { const t = r.uniform() < 0.5 ? -1 : 1; return [r.normal(), t]; }),
      expect: { fix: /\(y > 0\)\.float\(\)/ },
    },
  ],
  silent: [
    { name: 'integer prices over a wide range', case: regression(200, 15, (r) => { const t = Math.round(100 + 300 * r.uniform()); return [t + r.normal(), t]; }) },
    { name: 'counts in the hundreds', case: regression(200, 16, (r) => { const t = Math.round(400 + 30 * r.normal()); return [t, t]; }) },
    { name: 'real-valued targets', case: regression(200, 17, (r) => { const t = r.normal(); return [t, t]; }) },
    { name: 'few integers not coded like classes ({10, 20, 30})', case: regression(60, 18, (r) => { const t = 10 * (1 + r.int(3)); return [t, t]; }) },
    { name: 'tiny toy case', case: mkCase({ loss: 'MSELoss', input: [0.2, 0.9], target: [0, 1] }) },
  ],
});

// ---------------------------------------------------------------------------------------------
ruleTable(sumReduction, {
  severity: 'info',
  fires: [
    {
      name: "CrossEntropyLoss(reduction='sum') with ignored targets",
      case: mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'sum' }, input: [[2, 0, 0], [0, 2, 0], [0, 0, 2], [1, 1, 1]], target: [0, 1, 2, -100] }),
      expect: (f) => {
        assert.equal(f.severity, 'info');
        assert.equal(f.evidence.terms, 3);
        const loss = f.evidence.loss as number;
        assert.ok(Math.abs(loss - 3 * (Math.log(2 + Math.exp(2)) - 2)) < 1e-5, String(loss));
        assert.ok(Math.abs((f.evidence.lossPerTerm as number) - loss / 3) < 1e-9);
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'mean' });
      },
    },
    {
      name: "KLDivLoss(reduction='sum') suggests batchmean",
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: [[-0.5, -1], [-1, -0.5]], target: [[0.6, 0.4], [0.4, 0.6]] }),
      expect: { fix: /batchmean/, edit: { path: ['loss', 'reduction'], value: 'batchmean' } },
    },
  ],
  silent: [
    { name: 'mean', case: mkCase({ loss: 'MSELoss', input: [1, 2], target: [1, 2] }) },
    { name: 'none', case: mkCase({ loss: { type: 'MSELoss', reduction: 'none' }, input: [1, 2], target: [1, 2] }) },
  ],
});

test('sum-reduction works without a recomputed loss', () => {
  const c = mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'sum' }, input: [[1, 2], [3, 4]], target: [0, 7] });
  const f = check(sumReduction, c);
  assert.equal(f.length, 1);
  assert.equal(f[0].evidence.loss, null);
});

test('extreme-logits ignores classes masked with -1e9 but not a huge top logit', () => {
  const { logits, labels } = classifierLogits({ n: 64, k: 6, seed: 31 });
  for (let i = 0; i < 64; i++) logits[i * 6 + 5] = -1e9; // class 5 is never allowed
  const masked = mkCase({ loss: 'CrossEntropyLoss', input: tensor(logits, [64, 6]), target: tensor(labels.map((y) => y % 5), [64], 'int64') });
  assert.deepEqual(check(extremeLogits, masked), []);
  const big = Float32Array.from(logits);
  big[3 * 6 + 1] = 5000;
  big[3 * 6 + 2] = 4999;
  const f = check(extremeLogits, mkCase({ loss: 'CrossEntropyLoss', input: tensor(big, [64, 6]), target: tensor(labels.map((y) => y % 5), [64], 'int64') }));
  assert.equal(f.length, 1);
  assert.match(f[0].message, /top logit of a row reaches 5000/);
});
