/**
 * Case tables for the rules that look at the model's outputs and the reported
 * numbers: reported-loss-mismatch, decision-threshold, suspect-labels.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTable, mkCase, classifierLogits, seeded, check } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { computeLoss } from '../../../../src/engine/losses/index';
import type { LossCase } from '../../../../src/io/types';
import { roundToFloat16 } from '../../../../src/engine/halfs';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';
import { decisionThreshold } from '../../../../src/diagnostics/rules/decision-threshold';
import { suspectLabels } from '../../../../src/diagnostics/rules/suspect-labels';

function lossOf(c: LossCase, over: Record<string, unknown> = {}, input = c.input): number {
  return computeLoss({ ...c.loss, ...over }, input, c.target).value.data[0];
}
function withReported(c: LossCase, reported: number, meta: Record<string, unknown> = {}): LossCase {
  c.meta = { ...meta, reported_loss: reported };
  return c;
}

/** A small LM batch (B, V, L) with padding 0 at the end of rows, written with classes on dim 1. */
function seqCase(loss: Record<string, unknown> = {}): LossCase {
  const r = seeded(21);
  const B = 4, V = 6, L = 8;
  const x = new Float32Array(B * V * L).map(() => 2 * r.normal());
  const y = new Float64Array(B * L);
  for (let b = 0; b < B; b++) for (let l = 0; l < L; l++) y[b * L + l] = l < 5 + (b % 3) ? 1 + r.int(V - 1) : 0;
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(x, [B, V, L]), target: tensor(y, [B, L], 'int64') });
}

const base = classifierLogits({ n: 64, k: 5, seed: 3 });
function clf(loss: Record<string, unknown> = {}): LossCase {
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(base.logits, [64, 5]), target: tensor(base.labels, [64], 'int64') });
}

ruleTable(reportedLossMismatch, {
  severity: 'warning',
  fires: [
    {
      name: 'training loop used reduction=sum',
      case: () => { const c = clf(); return withReported(c, lossOf(c, { reduction: 'sum' })); },
      expect: (f) => {
        assert.deepEqual(f.evidence.matches, ["reduction='sum'"]);
        assert.ok(Math.abs((f.evidence.ratio as number) - 64) < 1e-4);
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'sum' });
        assert.equal(f.field, 'meta.reported_loss');
      },
    },
    {
      name: 'padding counted: the loop did not ignore the pad token',
      case: () => { const c = seqCase({ ignore_index: 0 }); return withReported(c, lossOf(c, { ignore_index: -100 })); },
      expect: (f) => {
        assert.equal((f.evidence.matches as string[]).length, 1);
        assert.match((f.evidence.matches as string[])[0], /without ignore_index/);
        assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: -100 });
        assert.match(f.fix, /does not ignore the padding[\s\S]*CrossEntropyLoss\(ignore_index=0\)/);
      },
    },
    {
      name: 'the dump forgot ignore_index, meta names the pad token',
      case: () => { const c = seqCase(); return withReported(c, lossOf(c, { ignore_index: 0 }), { pad_token_id: 0 }); },
      expect: { edit: { path: ['loss', 'ignore_index'], value: 0 }, message: /ignore_index=0 \(the pad token\)/ },
    },
    {
      name: "textbook smoothing ε/(K−1) (smoothing_mode='others')",
      case: () => { const c = clf({ label_smoothing: 0.2 }); return withReported(c, lossOf(c, { smoothing_mode: 'others' })); },
      expect: { edit: { path: ['loss', 'smoothing_mode'], value: 'others' } },
    },
    {
      name: 'class weights missing in the loop',
      case: () => { const c = clf({ weight: [1, 3, 1, 0.5, 2] }); return withReported(c, lossOf(c, { weight: undefined })); },
      expect: (f) => assert.ok((f.evidence.matches as string[]).includes('no weight')),
    },
    {
      name: 'mean over all positions, ignored counted',
      case: () => {
        const c = seqCase({ ignore_index: 0 });
        const sum = lossOf(c, { reduction: 'sum' });
        return withReported(c, sum / c.target.data.length);
      },
      expect: (f) => assert.match((f.evidence.matches as string[]).join('|'), /target\.numel\(\)/),
    },
    {
      name: 'loss computed on float16 logits',
      case: () => {
        const r = seeded(4);
        const n = 64, k = 5;
        const x = new Float64Array(n * k).map(() => 100 + r.normal());
        const y = Float64Array.from({ length: n }, () => r.int(k));
        const c = mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [n, k], 'float32'), target: tensor(y, [n], 'int64') });
        const h = { ...c.input, data: c.input.data.map(roundToFloat16) };
        return withReported(c, lossOf(c, {}, h));
      },
      expect: (f) => {
        assert.ok((f.evidence.relativeDifference as number) > 1e-3, String(f.evidence.relativeDifference));
        assert.ok((f.evidence.matches as string[]).some((m) => /float16/.test(m)), JSON.stringify(f.evidence.matches));
        assert.match(f.fix, /logits\.float\(\)/);
      },
    },
    {
      name: 'a quarter of the loss: divided by 4 gradient-accumulation steps before logging',
      case: () => { const c = clf(); return withReported(c, lossOf(c) / 4); },
      expect: (f) => {
        assert.deepEqual(f.evidence.matches, ['the loss / 4 (divided by 4 gradient-accumulation steps before logging)']);
        assert.match(f.fix, /loss\.item\(\) \* 4/);
        assert.equal(f.edit, undefined);
      },
    },
    {
      name: 'nothing matches: the loss of another batch, 0.37 of this one',
      case: () => { const c = clf(); return withReported(c, lossOf(c) * 0.37); },
      expect: (f) => {
        assert.deepEqual(f.evidence.matches, []);
        assert.match(f.message, /No variant tried reproduces it: \d+ usual variants? and \d+ gradient-accumulation splits? /);
        assert.equal(f.edit, undefined);
      },
    },
  ],
  silent: [
    { name: 'reported equals the float32-rounded loss', case: () => { const c = clf(); return withReported(c, Math.fround(lossOf(c))); } },
    { name: 'no reported loss', case: clf() },
    { name: 'reduction none has no scalar to compare', case: () => withReported(clf({ reduction: 'none' }), 3) },
  ],
});

// ---------------------------------------------------------------------------------------------
function binaryCase(n: number, seed: number, prevalence: number, sep: number, opts: { probs?: boolean; posWeight?: number; labels?: number } = {}): LossCase {
  const r = seeded(seed);
  const L = opts.labels ?? 1;
  const y: number[] = [];
  const z: number[] = [];
  for (let i = 0; i < n * L; i++) {
    const t = r.uniform() < prevalence ? 1 : 0;
    y.push(t);
    z.push(-2 + (t ? sep : 0) + r.normal());
  }
  const input = opts.probs ? z.map((v) => 1 / (1 + Math.exp(-v))) : z;
  const loss = opts.probs ? 'BCELoss' : opts.posWeight ? { type: 'BCEWithLogitsLoss' as const, pos_weight: [opts.posWeight] } : 'BCEWithLogitsLoss';
  if (L === 1) return mkCase({ loss, input, target: y });
  const rows = (a: number[]): number[][] => Array.from({ length: n }, (_, i) => a.slice(i * L, (i + 1) * L));
  return mkCase({ loss, input: rows(input), target: rows(y) });
}

ruleTable(decisionThreshold, {
  severity: 'info',
  fires: [
    {
      name: 'imbalanced binary logits (10% positives)',
      case: binaryCase(500, 1, 0.1, 2.5),
      expect: (f) => {
        assert.equal(f.severity, 'info');
        const p = f.evidence.bestThresholdProb as number;
        const z = f.evidence.bestThresholdLogit as number;
        assert.ok(Math.abs(1 / (1 + Math.exp(-z)) - p) < 1e-3, `${p} vs sigmoid(${z})`);
        assert.ok((f.evidence.bestF1 as number) >= (f.evidence.f1At05 as number));
        const ap = f.evidence.prAuc as number;
        assert.ok(ap > (f.evidence.prevalence as number) && ap <= 1);
        assert.ok((f.evidence.rocAuc as number) > 0.8);
        assert.match(f.fix, /precision_recall_curve/);
      },
    },
    {
      name: 'BCELoss on probabilities: thresholds are probabilities',
      case: binaryCase(300, 2, 0.3, 2, { probs: true }),
      expect: (f) => {
        const p = f.evidence.bestThresholdProb as number;
        assert.ok(p > 0 && p < 1);
        assert.ok(Math.abs(Math.log(p / (1 - p)) - (f.evidence.bestThresholdLogit as number)) < 1e-3);
      },
    },
    {
      name: 'multilabel with 3 labels: per-label thresholds',
      case: binaryCase(200, 3, 0.25, 3, { labels: 3 }),
      expect: (f) => assert.equal((f.evidence.perLabelBestThresholdProb as number[]).length, 3),
    },
    {
      name: 'pos_weight is mentioned',
      case: binaryCase(300, 4, 0.05, 3, { posWeight: 19 }),
      expect: { message: /pos_weight/ },
    },
  ],
  silent: [
    { name: 'multiclass CrossEntropyLoss', case: clf() },
    { name: 'a single class present', case: binaryCase(100, 5, 0, 2) },
    { name: 'too few samples', case: binaryCase(10, 6, 0.5, 2) },
    { name: 'soft targets', case: mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 40 }, (_, i) => i / 10 - 2), target: Array.from({ length: 40 }, (_, i) => (i % 3) / 2) }) },
    { name: 'BCEWithLogits fed probabilities (double-sigmoid reports it)', case: mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from({ length: 40 }, (_, i) => i / 40), target: Array.from({ length: 40 }, (_, i) => i % 2) }) },
  ],
});

// ---------------------------------------------------------------------------------------------
function confident(flips: number[], opts: { n?: number; k?: number; ignore?: number[] } = {}): LossCase {
  const n = opts.n ?? 200, k = opts.k ?? 4;
  const { logits, labels } = classifierLogits({ n, k, seed: 5, margin: 8, noise: 1 });
  for (const i of flips) labels[i] = (labels[i] + 1) % k;
  for (const i of opts.ignore ?? []) labels[i] = -100;
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(logits, [n, k]), target: tensor(labels, [n], 'int64') });
}

ruleTable(suspectLabels, {
  severity: 'info',
  fires: [
    {
      name: 'three flipped labels in a confident classifier',
      case: confident([7, 42, 150]),
      expect: (f) => {
        assert.equal(f.severity, 'info');
        assert.deepEqual([...(f.evidence.indices as number[])].sort((a, b) => a - b), [7, 42, 150]);
        assert.equal(f.evidence.suspects, 3);
        const pT = f.evidence.pTarget as number[];
        assert.ok(pT.every((p, i) => p < 0.02 && (i === 0 || pT[i - 1] <= p)), 'sorted by p(target) ascending');
        assert.match(f.fix, /suspects = \[/);
      },
    },
    {
      name: 'list capped at maxListed; many flips reported as systematic',
      case: confident(Array.from({ length: 60 }, (_, i) => i * 3)),
      options: { maxListed: 20 },
      expect: (f) => {
        assert.equal((f.evidence.indices as number[]).length, 20);
        assert.ok((f.evidence.suspects as number) >= 55);
        assert.match(f.message, /systematic/);
      },
    },
    {
      name: 'NLLLoss on log-probabilities, class names',
      case: () => {
        const c = confident([3]);
        const x = c.input.data;
        for (let i = 0; i < 200; i++) {
          let m = -Infinity, s = 0;
          for (let k = 0; k < 4; k++) m = Math.max(m, x[i * 4 + k]);
          for (let k = 0; k < 4; k++) s += Math.exp(x[i * 4 + k] - m);
          for (let k = 0; k < 4; k++) x[i * 4 + k] = x[i * 4 + k] - m - Math.log(s);
        }
        c.loss = { ...c.loss, type: 'NLLLoss' };
        c.meta = { class_names: ['cat', 'dog', 'bird', 'fish'] };
        return c;
      },
      expect: (f) => {
        assert.deepEqual(f.evidence.indices, [3]);
        assert.match(f.message, /#3 labelled (cat|dog|bird|fish)/);
      },
    },
  ],
  silent: [
    { name: 'clean confident classifier', case: confident([]) },
    { name: 'flipped samples that are ignored', case: confident([7, 42], { ignore: [7, 42] }) },
    { name: 'partly trained model (not confident)', case: clf() },
    { name: 'sequence targets (LM) are skipped', case: seqCase() },
    { name: 'probabilities as input', case: mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 12 }, (_, i) => (i % 2 ? [0.99, 0.01] : [0.01, 0.99])), target: Array.from({ length: 12 }, () => 0) }) },
  ],
});

test('reported-loss-mismatch: the per-row class variants agree with computeLoss', () => {
  for (const type of ['CrossEntropyLoss', 'NLLLoss'] as const) {
    const c = seqCase({ ignore_index: 0, weight: [0.5, 1, 2, 1, 3, 0.7], ...(type === 'CrossEntropyLoss' ? { label_smoothing: 0.15 } : {}) });
    c.loss = { ...c.loss, type };
    c.meta = { reported_loss: 1e6, pad_token_id: 5 };
    const f = check(reportedLossMismatch, c);
    assert.equal(f.length, 1);
    const tried = f[0].evidence.tried as Record<string, number>;
    const expect: Record<string, number> = {
      "reduction='sum'": lossOf(c, { reduction: 'sum' }),
      'no weight': lossOf(c, { weight: undefined }),
      'ignore_index=5 (the pad token)': lossOf(c, { ignore_index: 5 }),
    };
    const ignoredKey = Object.keys(tried).find((k) => k.startsWith('without ignore_index'));
    assert.ok(ignoredKey, Object.keys(tried).join(' | '));
    expect[ignoredKey] = lossOf(c, { ignore_index: -100 });
    if (type === 'CrossEntropyLoss') {
      expect['no label smoothing'] = lossOf(c, { label_smoothing: 0 });
      expect["label smoothing ε/(K−1) over the other classes (smoothing_mode='others')"] = lossOf(c, { smoothing_mode: 'others' });
    }
    for (const [k, v] of Object.entries(expect)) {
      assert.ok(k in tried, `${type}: '${k}' not tried`);
      assert.ok(Math.abs(tried[k] - v) <= 1e-7 * Math.abs(v), `${type} ${k}: ${tried[k]} vs ${v}`);
    }
    // the "mean per sample" variant for (B, C, L): by hand from the unreduced loss
    const none = computeLoss({ ...c.loss, reduction: 'none' }, c.input, c.target).value.data;
    let acc = 0, n = 0;
    for (let b = 0; b < 4; b++) {
      let s = 0, k = 0;
      for (let l = 0; l < 8; l++) if (c.target.data[b * 8 + l] !== 0) { s += none[b * 8 + l]; k++; }
      if (k) { acc += s / k; n++; }
    }
    const ps = tried["mean over each sample's positions, then over samples"];
    assert.ok(Math.abs(ps - acc / n) <= 1e-7 * Math.abs(acc / n), `${ps} vs ${acc / n}`);
  }
});
