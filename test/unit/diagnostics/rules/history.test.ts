/** Case tables for the loss-curve rules: loss-plateau, loss-divergence, initial-loss. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTable, mkCase, classifierLogits, seeded, check } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import type { CaseHistory } from '../../../../src/io/types';
import { lossPlateau, lossReference, movingAverage } from '../../../../src/diagnostics/rules/loss-plateau';
import { lossDivergence } from '../../../../src/diagnostics/rules/loss-divergence';
import { initialLoss } from '../../../../src/diagnostics/rules/initial-loss';
import { CaseStats } from '../../../../src/diagnostics/stats';

const K = 10;
const LOGK = Math.log(K);
const FLOOR = Math.log(1 + (K - 1) / Math.E);

/** A noisy curve: f(step) × (1 + noise·N(0,1)). */
function curve(n: number, f: (i: number) => number, noise = 0.05, seed = 1): number[] {
  const r = seeded(seed);
  return Array.from({ length: n }, (_, i) => f(i) * (1 + noise * r.normal()));
}

const cls = classifierLogits({ n: 256, k: K, seed: 11 });
function ceCase(history: CaseHistory, extra: Record<string, unknown> = {}) {
  return mkCase({
    loss: { type: 'CrossEntropyLoss', ...extra },
    input: tensor(cls.logits, [256, K]),
    target: tensor(cls.labels, [256], 'int64'),
    history,
  });
}

const healthy = curve(200, (i) => 0.15 + (LOGK - 0.15) * Math.exp(-i / 25));

ruleTable(lossPlateau, {
  severity: 'warning',
  fires: [
    {
      name: 'flat at log K from the start (not learning)',
      case: ceCase({ train: curve(100, () => LOGK, 0.02) }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /flat from the start/);
        assert.match(f.message, /log K/);
        assert.ok(Math.abs((f.evidence.logK as number) - LOGK) < 1e-4);
        assert.equal(f.evidence.plateauStart, 0);
        assert.match(f.fix, /overfit one small batch/);
      },
    },
    {
      name: 'descends, then sits at the double-softmax floor log(1+(K-1)/e)',
      case: ceCase({ train: curve(120, (i) => FLOOR + (LOGK - FLOOR) * Math.exp(-i / 8), 0.01) }),
      expect: (f) => {
        assert.match(f.message, /double softmax/);
        assert.ok(Math.abs((f.evidence.doubleSoftmaxFloor as number) - FLOOR) < 1e-4);
        assert.ok((f.evidence.plateauStart as number) > 5);
        assert.match(f.fix, /raw logits/);
      },
    },
    {
      name: 'stuck at 92% of chance after a small drop (val curve only)',
      case: ceCase({ val: curve(60, (i) => 0.92 * LOGK + 0.3 * LOGK * Math.exp(-i / 3), 0.01) }),
      expect: { evidence: { curve: 'val' }, field: 'history' },
    },
    {
      name: 'BCE stuck at the base-rate entropy',
      case: () => {
        const n = 200;
        const y = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
        const pi = 0.1;
        const h = -(pi * Math.log(pi) + (1 - pi) * Math.log(1 - pi));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map(() => -2.2), target: y, history: { train: curve(50, (i) => h + 0.4 * Math.exp(-i), 0.01) } });
      },
      expect: (f) => assert.match(f.message, /base rate/),
    },
    {
      name: 'short history (#12 item 7): 6 points at log K',
      case: ceCase({ train: [2.31, 2.29, 2.30, 2.32, 2.30, 2.30] }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /all 6 points/);
        assert.match(f.message, /log K = 2\.303/);
        assert.equal(f.evidence.levelKind, 'logK');
      },
    },
    {
      name: 'short history: 5 points at the double-softmax floor',
      case: ceCase({ val: [FLOOR * 1.01, FLOOR, FLOOR * 0.99, FLOOR, FLOOR * 1.005] }),
      expect: (f) => { assert.equal(f.severity, 'warning'); assert.equal(f.evidence.levelKind, 'floor'); assert.match(f.fix, /raw logits/); },
    },
    {
      name: 'short history: 7 points at the constant-prediction loss of an imbalanced task',
      case: () => {
        const n = 200;
        const y = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
        const h = -(0.1 * Math.log(0.1) + 0.9 * Math.log(0.9));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map(() => -2.2), target: y, history: { train: [h * 1.02, h, h * 0.99, h, h * 1.01, h, h] } });
      },
      expect: (f) => { assert.equal(f.severity, 'warning'); assert.equal(f.evidence.levelKind, 'constant'); assert.match(f.message, /base rate/); },
    },
  ],
  silent: [
    { name: 'short history, descending from log K', case: ceCase({ train: [2.30, 2.1, 1.9, 1.75, 1.6, 1.5] }) },
    { name: 'short history, flat at 60% of log K (no named level)', case: ceCase({ train: [1.38, 1.39, 1.37, 1.38, 1.38] }) },
    { name: 'short history, noisy around log K (±15%)', case: ceCase({ train: [2.0, 2.6, 2.2, 2.5, 2.3, 2.1] }) },
    { name: 'healthy descent that converged (90% drop, then flat)', case: ceCase({ train: healthy }) },
    { name: 'still descending', case: ceCase({ train: curve(100, (i) => LOGK - 0.015 * i, 0.02) }) },
    { name: 'too short (4 points)', case: ceCase({ train: [2.3, 2.3, 2.3, 2.3] }) },
    { name: 'no history', case: ceCase({}) },
    { name: 'flat but low (resumed, converged run)', case: ceCase({ train: curve(100, () => 0.3, 0.05) }) },
    { name: 'fell 40% and converged at 60% of chance (a hard task)', case: ceCase({ train: curve(200, (i) => 0.6 * LOGK + 0.4 * LOGK * Math.exp(-i / 20), 0.03) }) },
    { name: 'non-finite values are loss-divergence\'s business', case: ceCase({ train: [...curve(50, () => LOGK, 0.01), NaN] }) },
    { name: 'sum reduction has no reference level', case: ceCase({ train: curve(100, () => 600, 0.01) }, { reduction: 'sum' }) },
  ],
});

ruleTable(lossDivergence, {
  severity: 'warning',
  fires: [
    {
      name: 'NaN at step 37',
      case: ceCase({ train: [...curve(37, (i) => LOGK * Math.exp(-i / 20)), NaN, NaN] }),
      expect: { evidence: { firstNonFiniteStep: 37, value: 'NaN', nonFiniteSteps: 2 }, message: /becomes NaN at step 37/ },
    },
    {
      name: 'Infinity in the validation curve',
      case: ceCase({ train: healthy, val: [2, 1.5, 1.2, Infinity] }),
      expect: { evidence: { curve: 'val', value: 'Infinity', firstNonFiniteStep: 3 } },
    },
    {
      name: 'descends then grows x5 over the last third (lr too high)',
      case: ceCase({ train: curve(150, (i) => (i < 80 ? LOGK * Math.exp(-i / 20) : 0.05 * Math.exp((i - 80) / 30)), 0.05) }),
      expect: (f) => {
        assert.ok((f.evidence.growthFactor as number) > 2, String(f.evidence.growthFactor));
        assert.ok((f.evidence.minStep as number) > 60 && (f.evidence.minStep as number) < 100, String(f.evidence.minStep));
        assert.match(f.fix, /clip_grad_norm_/);
      },
    },
  ],
  silent: [
    { name: 'healthy noisy descent', case: ceCase({ train: healthy }) },
    { name: 'converged with heavy noise near 0', case: ceCase({ train: curve(300, (i) => 0.01 + 2 * Math.exp(-i / 10), 0.5, 3).map(Math.abs) }) },
    { name: 'one spike that recovers', case: ceCase({ train: healthy.map((v, i) => (i === 150 ? v * 20 : v)) }) },
    { name: 'slight rise of the val loss (mild overfitting, < 2x)', case: ceCase({ train: healthy, val: curve(40, (i) => 1 + 0.3 * Math.abs(i - 20) / 20, 0.01) }) },
  ],
});

ruleTable(initialLoss, {
  severity: 'info',
  fires: [
    {
      name: 'CE starts at 4x log K (over-confident init)',
      case: ceCase({ train: [4 * LOGK, ...healthy.slice(1)] }),
      expect: (f) => {
        assert.equal(f.severity, 'info');
        assert.ok(Math.abs((f.evidence.expectedUntrained as number) - LOGK) < 1e-4);
        assert.ok(Math.abs((f.evidence.ratio as number) - 4) < 1e-3);
        assert.match(f.fix, /bias/);
      },
    },
    {
      name: 'CE starts far below anything an untrained model can do',
      case: ceCase({ train: [0.2, 0.18, 0.15] }),
      expect: { message: /does not start at initialisation|leak/ },
    },
    {
      name: 'MSE on unstandardised targets starts far above E[t²]',
      case: () => {
        const r = seeded(5);
        const y = Array.from({ length: 100 }, () => r.normal());
        return mkCase({ loss: 'MSELoss', input: y.map(() => 0), target: y, history: { train: [250, 100, 30, 5] } });
      },
      expect: { evidence: { first: 250 } },
    },
  ],
  silent: [
    { name: 'CE starts near log K', case: ceCase({ train: healthy }) },
    { name: 'BCE starts near log 2', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [0.1, -0.2, 0.3, 0.0], target: [1, 0, 0, 1], history: { train: [0.71, 0.6, 0.5] } }) },
    {
      name: 'imbalanced BCE with a well-initialised bias starts at the base-rate entropy',
      case: () => {
        const y = Array.from({ length: 100 }, (_, i) => (i < 5 ? 1 : 0));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map(() => -3), target: y, history: { train: [0.2, 0.19, 0.18] } });
      },
    },
    { name: 'MSE on standardised targets starts near 1', case: mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [1.2, -0.7, 0.4, -1.1], history: { train: [1.3, 1.0] } }) },
    { name: 'KLDiv has no reference', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-1.2, -0.4]], target: [[0.3, 0.7]], history: { train: [100] } }) },
  ],
});

test('lossReference: CE levels, weighted prior, BCE with pos_weight, MSE variance', () => {
  const rows = (n: number): number[][] => Array.from({ length: n }, () => [0, 0, 0]);
  const tgt = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : i < 30 ? 1 : 2));
  const ce = mkCase({ loss: 'CrossEntropyLoss', input: rows(40), target: tgt });
  const r = lossReference(ce, new CaseStats(ce));
  assert.ok(r);
  assert.ok(Math.abs(r.init - Math.log(3)) < 1e-12);
  const prior = [0.5, 0.25, 0.25];
  // entropy of the class frequencies + the Miller–Madow correction (3 − 1)/(2·40)
  assert.ok(Math.abs(r.constant - (-prior.reduce((s, p) => s + p * Math.log(p), 0) + 2 / 80)) < 1e-12);
  assert.ok(Math.abs((r.doubleSoftmaxFloor ?? 0) - Math.log(1 + 2 / Math.E)) < 1e-12);
  // weights 1, 2, 2 make the weighted prior uniform: the best constant loss is log 3.
  const w = mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, 2, 2] }, input: rows(40), target: tgt });
  assert.ok(Math.abs((lossReference(w, new CaseStats(w))?.constant ?? 0) - Math.log(3)) < 1e-12);
  // BCE, base rate 1/4, pos_weight 3: the weighted base rate is 1/2, best constant 2·(3/4)·log 2... computed by hand:
  // a = w·π = 0.75, b = 1 − π = 0.75, p* = 0.5 → loss = (a + b)·log 2 = 1.5·log 2; init the same.
  const b = mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [3] }, input: [0, 0, 0, 0], target: [1, 0, 0, 0] });
  const rb = lossReference(b, new CaseStats(b));
  assert.ok(rb && Math.abs(rb.constant - 1.5 * Math.LN2) < 1e-12 && Math.abs(rb.init - 1.5 * Math.LN2) < 1e-12);
  const m = mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [1, 2, 3, 4] });
  const rm = lossReference(m, new CaseStats(m));
  assert.ok(rm && Math.abs(rm.constant - 1.25) < 1e-12 && Math.abs(rm.init - 7.5) < 1e-12);
});

test('movingAverage is a trailing mean', () => {
  assert.deepEqual(movingAverage([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5]);
});

test('loss-divergence reports both curves independently', () => {
  const f = check(lossDivergence, ceCase({ train: [2, NaN], val: [2, Infinity] }));
  assert.deepEqual(f.map((x) => x.evidence.curve), ['train', 'val']);
});

test('odd histories never crash the curve rules', () => {
  const odd: number[][] = [
    [], [0], [NaN], [Infinity], [-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12],
    new Array(20).fill(0), new Array(20).fill(1e-300), new Array(20).fill(1e300),
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5],
    Array.from({ length: 50 }, (_, i) => (i % 2 ? -1 : 1)),
    [...new Array(30).fill(2.3), -Infinity],
  ];
  const cases = [
    (h: number[]) => ceCase({ train: h, val: h }),
    (h: number[]) => mkCase({ loss: 'MSELoss', input: [0, 0, 0], target: [1, 2, 3], history: { train: h } }),
    (h: number[]) => mkCase({ loss: 'BCEWithLogitsLoss', input: [0, 0], target: [1, 0], history: { val: h } }),
    (h: number[]) => mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'sum' }, input: [[1, 2]], target: [0], history: { train: h } }),
  ];
  for (const h of odd) {
    for (const mk of cases) {
      for (const rule of [lossPlateau, lossDivergence, initialLoss]) {
        const fs = check(rule, mk(h));
        for (const f of fs) {
          assert.notEqual(f.title, 'Rule failed (internal error)', `${rule.id} on [${h.slice(0, 5).join(', ')}…]: ${f.message}`);
          assert.doesNotThrow(() => JSON.stringify(f));
        }
      }
    }
  }
});
