/**
 * Quality bar for the loss-curve, loss-configuration and model-output rules, in the style of
 * ./quality.test.ts: realistic cases with
 * one planted mistake yield exactly that rule among warnings and errors (from ALL registered rules),
 * and clean cases — healthy histories, matching reported losses, sensible smoothing, robust losses —
 * yield no warning or error; their info findings are limited to the informative ones listed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeLoss } from '../../../src/engine/losses/index';
import { tensor } from '../../../src/engine/tensor';
import type { LossCase } from '../../../src/io/types';
import { runDiagnostics } from '../../../src/diagnostics/run';
import { classifierLogits, mkCase, seeded } from './harness';
import { binaryLogits, lmLogits, paddedTargets } from './realistic';

interface Q { name: string; planted: string | null; info?: string[]; build: () => LossCase }

/** A healthy noisy training curve from `start` down to `end`. */
function healthy(n: number, start: number, end: number, seed: number, noise = 0.04): number[] {
  const r = seeded(seed);
  return Array.from({ length: n }, (_, i) => (end + (start - end) * Math.exp(-i / (n / 6))) * (1 + noise * r.normal()));
}

function recomputed(c: LossCase): number {
  return computeLoss(c.loss, c.input, c.target).value.data[0];
}

function classifier(seed: number, opts: { n?: number; k?: number; margin?: number; noise?: number; classProbs?: number[] } = {}) {
  const n = opts.n ?? 512, k = opts.k ?? 10;
  const c = classifierLogits({ n, k, seed, margin: opts.margin, noise: opts.noise, classProbs: opts.classProbs });
  return { n, k, ...c };
}

function regression(seed: number, n: number, f: (r: ReturnType<typeof seeded>) => [number, number]): { p: Float64Array; y: Float64Array } {
  const r = seeded(seed);
  const p = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) [p[i], y[i]] = f(r);
  return { p, y };
}

const CLEAN: Q[] = [
  {
    name: 'classifier with healthy train/val curves and a matching reported loss',
    planted: null,
    build: () => {
      const c = classifier(401);
      const cs = mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64'),
        history: { train: healthy(300, Math.log(10) * 1.05, 0.9, 1), val: healthy(30, Math.log(10), 1.0, 2, 0.01) } });
      cs.meta = { reported_loss: Math.fround(recomputed(cs)) };
      return cs;
    },
  },
  {
    name: 'balanced 10 classes with label_smoothing=0.1',
    planted: null,
    build: () => {
      const c = classifier(402);
      return mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1 }, input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64'),
        history: { train: healthy(200, 2.35, 1.2, 3) } });
    },
  },
  {
    name: 'confident, well-trained classifier (margins ~15)',
    planted: null,
    build: () => {
      const c = classifier(403, { margin: 14, noise: 1.2 });
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64') });
    },
  },
  {
    name: 'LM (512, 2000) with label smoothing, ignore_index and a matching float32 reported loss',
    planted: null,
    build: () => {
      const lm = lmLogits({ rows: 512, V: 2000, seed: 404 });
      const t = paddedTargets(lm.labels, 16, 32, -100, 405);
      const cs = mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1 }, input: tensor(lm.logits, [512, 2000], 'float32'), target: tensor(t, [512], 'int64'),
        meta: { pad_token_id: 0 }, history: { train: healthy(500, Math.log(2000), 4.5, 4) } });
      cs.meta.reported_loss = Math.fround(recomputed(cs));
      return cs;
    },
  },
  {
    name: 'standardised regression, Gaussian residuals, MSE, healthy curve',
    planted: null,
    build: () => {
      const { p, y } = regression(406, 500, (r) => { const t = r.normal(); return [0.8 * t + 0.4 * r.normal(), t]; });
      return mkCase({ loss: 'MSELoss', input: tensor(p, [500, 1], 'float32'), target: tensor(y, [500, 1], 'float32'), history: { train: healthy(100, 1.1, 0.2, 5) } });
    },
  },
  {
    name: 'heavy-tailed residuals handled with HuberLoss',
    planted: null,
    build: () => {
      const { p, y } = regression(407, 1000, (r) => { const t = r.normal(); return [t + (r.uniform() < 0.01 ? 20 : 0.3) * r.normal(), t]; });
      return mkCase({ loss: { type: 'HuberLoss', delta: 0.5 }, input: tensor(p, [1000], 'float32'), target: tensor(y, [1000], 'float32') });
    },
  },
  {
    name: 'fraud (3% positives) with pos_weight and a healthy curve',
    planted: null,
    info: ['decision-threshold'],
    build: () => {
      const b = binaryLogits(2000, 0.03, 408);
      let pos = 0;
      for (const v of b.y) pos += v;
      const w = (2000 - pos) / pos;
      return mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [w] }, input: tensor(b.x, [2000, 1], 'float32'), target: tensor(b.y, [2000, 1], 'float32'),
        history: { train: healthy(200, 2 * 0.03 * w * Math.LN2 + 0.97 * Math.LN2, 0.5, 6) } });
    },
  },
  {
    name: 'distillation with KLDivLoss(batchmean, log_target)',
    planted: null,
    build: () => {
      const s = classifierLogits({ n: 64, k: 8, seed: 409 }).logits;
      const t = classifierLogits({ n: 64, k: 8, seed: 409, noise: 1 }).logits;
      const logSoftmax = (x: Float32Array): Float64Array => {
        const out = new Float64Array(x.length);
        for (let i = 0; i < 64; i++) {
          let m = -Infinity, z = 0;
          for (let k = 0; k < 8; k++) m = Math.max(m, x[i * 8 + k]);
          for (let k = 0; k < 8; k++) z += Math.exp(x[i * 8 + k] - m);
          for (let k = 0; k < 8; k++) out[i * 8 + k] = x[i * 8 + k] - m - Math.log(z);
        }
        return out;
      };
      return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: tensor(logSoftmax(s), [64, 8], 'float32'), target: tensor(logSoftmax(t), [64, 8], 'float32'),
        history: { train: healthy(100, 1.5, 0.2, 7) } });
    },
  },
];

const PLANTED: Q[] = [
  {
    name: 'label_smoothing=0.1 with a 2% class (weights already balance the loss)',
    planted: 'label-smoothing-risk',
    build: () => {
      const c = classifier(501, { n: 1000, k: 3, classProbs: [0.6, 0.38, 0.02] });
      const counts = [0, 0, 0];
      for (const y of c.labels) counts[y]++;
      const w = counts.map((m) => c.n / (3 * m));
      return mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1, weight: w }, input: tensor(c.logits, [c.n, 3], 'float32'), target: tensor(c.labels, [c.n], 'int64') });
    },
  },
  {
    name: 'logits multiplied by 1/temperature = 25',
    planted: 'extreme-logits',
    build: () => {
      const c = classifier(502, { margin: 4 });
      for (let i = 0; i < c.logits.length; i++) c.logits[i] *= 25;
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64') });
    },
  },
  {
    name: 'house prices (mean 250, std 80) regressed unscaled',
    planted: 'regression-target-scale',
    build: () => {
      const { p, y } = regression(503, 400, (r) => { const t = 250 + 80 * r.normal(); return [t + 25 * r.normal(), t]; });
      return mkCase({ loss: 'MSELoss', input: tensor(p, [400, 1], 'float32'), target: tensor(y, [400, 1], 'float32') });
    },
  },
  {
    name: 'MSE with 1% gross label errors',
    planted: 'mse-outliers',
    build: () => {
      const { p, y } = regression(504, 1000, (r) => { const t = r.normal(); return [t, t + (r.uniform() < 0.01 ? 25 * r.normal() : 0.3 * r.normal())]; });
      return mkCase({ loss: 'MSELoss', input: tensor(p, [1000], 'float32'), target: tensor(y, [1000], 'float32') });
    },
  },
  {
    name: 'MSE on 0/1 labels with sigmoid outputs',
    planted: 'mse-on-class-labels',
    build: () => {
      const b = binaryLogits(500, 0.4, 505);
      return mkCase({ loss: 'MSELoss', input: tensor(b.x.map((z) => 1 / (1 + Math.exp(-z))), [500], 'float32'), target: tensor(b.y, [500], 'float32') });
    },
  },
  {
    name: 'reported loss is the sum (training loop uses reduction=sum)',
    planted: 'reported-loss-mismatch',
    build: () => {
      const c = classifier(506);
      const cs = mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64') });
      cs.meta = { reported_loss: computeLoss({ ...cs.loss, reduction: 'sum' }, cs.input, cs.target).value.data[0] };
      return cs;
    },
  },
  {
    name: 'LM (512, 2000): reported loss counts the padding',
    planted: 'reported-loss-mismatch',
    build: () => {
      const lm = lmLogits({ rows: 512, V: 2000, seed: 507 });
      const t = paddedTargets(lm.labels.map((y) => Math.max(1, y)), 16, 32, 0, 508);
      const cs = mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: tensor(lm.logits, [512, 2000], 'float32'), target: tensor(t, [512], 'int64'), meta: { pad_token_id: 0 } });
      cs.meta.reported_loss = computeLoss({ ...cs.loss, ignore_index: -100 }, cs.input, cs.target).value.data[0];
      return cs;
    },
  },
  {
    name: 'curve flat at log K from the start (optimizer never steps)',
    planted: 'loss-plateau',
    build: () => {
      const c = classifier(509);
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64'),
        history: { train: healthy(200, Math.log(10), Math.log(10), 8, 0.02) } });
    },
  },
  {
    name: 'curve turns NaN at step 120',
    planted: 'loss-divergence',
    build: () => {
      const c = classifier(510);
      const h = healthy(150, 2.3, 0.8, 9);
      for (let i = 120; i < 150; i++) h[i] = NaN;
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64'), history: { train: h } });
    },
  },
  {
    name: 'curve climbs x4 after step 100 (learning rate too high)',
    planted: 'loss-divergence',
    build: () => {
      const c = classifier(511);
      const h = healthy(100, 2.3, 0.5, 10).concat(healthy(100, 0.5, 0.5, 11).map((v, i) => v * Math.exp(i / 70)));
      return mkCase({ loss: 'CrossEntropyLoss', input: tensor(c.logits, [c.n, c.k], 'float32'), target: tensor(c.labels, [c.n], 'int64'), history: { train: h } });
    },
  },
  {
    name: 'distillation with log_target=True but a softmax (probability) teacher target',
    planted: 'kl-div-expects-log-probabilities',
    build: () => {
      const s = classifierLogits({ n: 64, k: 8, seed: 512 }).logits;
      const t = classifierLogits({ n: 64, k: 8, seed: 512, noise: 1 }).logits;
      const rows = (x: Float32Array, log: boolean): Float64Array => {
        const out = new Float64Array(x.length);
        for (let i = 0; i < 64; i++) {
          let m = -Infinity, z = 0;
          for (let k = 0; k < 8; k++) m = Math.max(m, x[i * 8 + k] / 2);
          for (let k = 0; k < 8; k++) z += Math.exp(x[i * 8 + k] / 2 - m);
          for (let k = 0; k < 8; k++) out[i * 8 + k] = log ? x[i * 8 + k] / 2 - m - Math.log(z) : Math.exp(x[i * 8 + k] / 2 - m) / z;
        }
        return out;
      };
      return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: tensor(rows(s, true), [64, 8], 'float32'), target: tensor(rows(t, false), [64, 8], 'float32'),
        history: { train: healthy(100, 1.5, 0.2, 13) } });
    },
  },
];

describe('curve, configuration and output rules: clean cases yield no warning or error', () => {
  for (const q of CLEAN) {
    it(q.name, () => {
      const r = runDiagnostics(q.build());
      assert.equal(r.lossError, undefined, r.lossError);
      assert.deepEqual(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.message}`), []);
      const info = [...new Set(r.findings.filter((f) => f.severity === 'info').map((f) => f.rule))];
      assert.deepEqual(info, q.info ?? [], `unexpected info findings: ${info.join(', ')}`);
    });
  }
});

describe('curve, configuration and output rules: each planted mistake yields exactly its rule', () => {
  for (const q of PLANTED) {
    it(`${q.name} -> ${q.planted}`, () => {
      const r = runDiagnostics(q.build());
      const serious = [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.rule))];
      assert.deepEqual(serious, [q.planted]);
    });
  }
});

describe('curve, configuration and output rules: a (2048, 32000) float32 dump', () => {
  // Not a timing test: it checks what is found on a full-size dump. Speed belongs in `npm run bench`.
  it('LM logits scaled ×40 (temperature bug) yield extreme-logits', () => {
    const N = 2048, V = 32000;
    const lm = lmLogits({ rows: N, V, seed: 601 });
    for (let i = 0; i < lm.logits.length; i++) lm.logits[i] *= 40;
    const c = mkCase({ loss: 'CrossEntropyLoss', input: tensor(lm.logits, [N, V], 'float32'), target: tensor(lm.labels, [N], 'int64'),
      history: { train: healthy(100, 10.4, 3, 12) } });
    const r = runDiagnostics(c);
    assert.deepEqual([...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.rule))], ['extreme-logits']);
    const f = r.findings.find((x) => x.rule === 'extreme-logits');
    assert.ok(f && (f.evidence.maxMargin as number) > 100, JSON.stringify(f?.evidence));
  });
});
