/**
 * Firing/silent tables of the curve rules (logged series): non-finite-loss, loss-divergence,
 * overfitting, loss-plateau, loss-spikes — each row runs every curve rule and states the exact
 * findings expected (rule id and literal severity). Healthy curves come from curves-gen.ts:
 * minibatch means of per-sample cross-entropies, batch sizes 1..256, warmup bumps, epoch sawtooth.
 */
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { runCurveRules, CurveMonitor, CURVE_RULES, type CurveReference, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import { referenceFromClasses } from '../../../../src/diagnostics/curves/reference';
import { assignRoles, canonicalName, isLossName, isValidationName } from '../../../../src/diagnostics/curves/roles';
import { analyseSeries } from '../../../../src/diagnostics/curves/analyse';
import type { Finding, Severity } from '../../../../src/diagnostics/types';
import { trainCurve, valCurve, type CurveGen } from './curves-gen';

interface Row {
  name: string;
  series: () => CurveSeries[];
  reference?: CurveReference;
  /** Expected findings as `rule/severity`, in any order; [] = silent. */
  expect: string[];
  check?: (f: Finding[]) => void;
}

/** Runs each row through every curve rule (as `lossdbg curves` does). */
function curveRuleTable(title: string, rows: Row[], opts: { silentOnly?: boolean } = {}): void {
  describe(title, () => {
    it(opts.silentOnly ? 'has only silent rows' : 'has firing and silent rows', () => {
      assert.ok(opts.silentOnly ? rows.every((r) => !r.expect.length) : rows.some((r) => r.expect.length) && rows.some((r) => !r.expect.length));
    });
    for (const r of rows) {
      it(`${r.expect.length ? 'fires' : 'silent'}: ${r.name}`, () => {
        const f = runCurveRules(r.series(), r.reference ? { reference: r.reference } : {});
        for (const x of f) {
          assert.ok(x.message.length > 20 && x.fix.length > 0 && Object.keys(x.evidence).length > 0, 'well formed');
          assert.equal(x.docs, `docs/rules/${x.rule}.md`);
          assert.doesNotMatch(x.message, /NaN×|undefined|Infinity×/);
        }
        assert.deepEqual(f.map((x) => `${x.rule}/${x.severity}`).sort(), [...r.expect].sort(),
          f.map((x) => `${x.rule}/${x.severity}: ${x.message}`).join('\n'));
        r.check?.(f);
      });
    }
  });
}

const G = (o: Partial<CurveGen> = {}): CurveGen => ({ steps: 2000, batch: 32, seed: 7, ...o });
const named = (s: CurveSeries, name: string): CurveSeries => ({ ...s, name });
const edit = (s: ReturnType<typeof trainCurve>, f: (v: number, i: number) => number): CurveSeries => ({ ...s, values: s.values.map(f) });
const ev = (f: Finding[], rule: string): Record<string, unknown> => {
  const x = f.find((y) => y.rule === rule);
  assert.ok(x, `no ${rule}`);
  return x.evidence;
};

// ---------------------------------------------------------------------------------------------
// Healthy curves: every rule silent (a grid of realistic noise levels and shapes)

const healthy: Row[] = [];
for (const batch of [1, 4, 16, 64, 256]) {
  for (const [label, extra] of [
    ['plain', {}], ['LR warmup bump', { warmupBump: 1.5 }], ['epoch sawtooth', { epoch: 200, sawtooth: 0.6 }],
    ['logged every 10 steps', { every: 10 }], ['short run', { steps: 300 }],
  ] as Array<[string, Partial<CurveGen>]>) {
    for (const seed of [1, 2]) {
      healthy.push({
        name: `healthy B=${batch} ${label} seed ${seed}`,
        series: () => {
          const g = G({ batch, seed, ...extra });
          return [trainCurve(g), valCurve(g, { every: Math.max(10, Math.floor(g.steps / 20)), n: 300 })];
        },
        expect: [],
      });
    }
  }
}
curveRuleTable('curve rules stay silent on healthy noisy curves', healthy, { silentOnly: true });

// ---------------------------------------------------------------------------------------------
// non-finite-loss

curveRuleTable('non-finite-loss', [
  {
    name: 'NaN from step 1733 on (B=32)',
    series: () => [edit(trainCurve(G()), (v, i) => (i >= 1733 ? NaN : v))],
    expect: ['non-finite-loss/error'],
    check: (f) => {
      const e = ev(f, 'non-finite-loss');
      assert.equal(e.step, 1733);
      assert.equal(e.value, 'NaN');
      assert.equal(e.nonFiniteValues, 267);
      assert.match(f[0].message, /becomes NaN at step 1733/);
    },
  },
  {
    name: '+Infinity once in the validation loss, finite again after (AMP skipped a step)',
    series: () => { const g = G(); return [trainCurve(g), edit(valCurve(g, { every: 100 }), (v, i) => (i === 4 ? Infinity : v))]; },
    expect: ['non-finite-loss/error'],
    check: (f) => {
      assert.equal(ev(f, 'non-finite-loss').step, 500);
      assert.equal(ev(f, 'non-finite-loss').value, 'Infinity');
      assert.match(f[0].message, /finite again/);
    },
  },
  {
    name: 'two ranks fail at the same step: one finding naming both',
    series: () => { const t = trainCurve(G()); const bad = edit(t, (v, i) => (i >= 900 ? NaN : v)); return [named(bad, 'loss'), named(bad, 'rank1/loss')]; },
    expect: ['non-finite-loss/error'],
    check: (f) => assert.deepEqual(ev(f, 'non-finite-loss').alsoIn, ['rank1/loss']),
  },
  {
    name: 'rank 1 fails a step after rank 0 and the validation loss after both (all-reduce, NaN weights): one finding',
    series: () => {
      const g = G();
      const t = trainCurve(g);
      return [edit(t, (v, i) => (i >= 900 ? NaN : v)), named(edit(t, (v, i) => (i >= 901 ? NaN : v)), 'rank1/loss'),
        edit(valCurve(g, { every: 100 }), (v, i) => (i >= 10 ? NaN : v))];
    },
    expect: ['non-finite-loss/error'],
    check: (f) => {
      const e = ev(f, 'non-finite-loss');
      assert.equal(e.step, 900);
      assert.deepEqual(e.alsoIn, ['val_loss', 'rank1/loss']);
      assert.deepEqual(e.alsoInSteps, [1100, 901]);
      assert.match(f[0].message, /then also 'val_loss' \(step 1100\), 'rank1\/loss' \(step 901\)/);
    },
  },
  {
    name: 'the validation loss fails before the training loss: two findings (not a consequence)',
    series: () => {
      const g = G();
      return [edit(trainCurve(g), (v, i) => (i >= 1500 ? NaN : v)), edit(valCurve(g, { every: 100 }), (v, i) => (i >= 10 ? NaN : v))];
    },
    expect: ['non-finite-loss/error', 'non-finite-loss/error'],
    check: (f) => assert.deepEqual(f.map((x) => x.evidence.step).sort(), [1100, 1500]),
  },
  {
    name: 'grad_norm is inf (AMP) but the loss is finite',
    series: () => { const t = trainCurve(G({ steps: 300 })); return [t, { name: 'grad_norm', steps: t.steps, values: t.values.map((_, i) => (i % 50 === 0 ? Infinity : 1)) }]; },
    expect: [],
  },
  { name: 'finite everywhere', series: () => [trainCurve(G())], expect: [] },
]);

// ---------------------------------------------------------------------------------------------
// loss-divergence

curveRuleTable('loss-divergence (curves)', [
  {
    name: 'descends, then grows ×9 from step 1200 (lr too high)',
    series: () => [edit(trainCurve(G()), (v, i) => (i > 1200 ? v * Math.exp((i - 1200) / 300) : v))],
    expect: ['loss-divergence/warning'],
    check: (f) => {
      const e = ev(f, 'loss-divergence');
      assert.ok((e.minStep as number) > 1000 && (e.minStep as number) <= 1250, String(e.minStep));
      assert.ok((e.growthFactor as number) > 4, String(e.growthFactor));
    },
  },
  {
    name: 'divergence in a noisy B=4 curve',
    series: () => [edit(trainCurve(G({ batch: 4 })), (v, i) => (i > 1000 ? v * Math.exp((i - 1000) / 200) : v))],
    expect: ['loss-divergence/warning'],
  },
  {
    name: 'only a validation curve, and it blows up',
    series: () => [named(edit(trainCurve(G({ steps: 400, every: 10 })), (v, i) => (i > 20 ? v * Math.exp((i - 20) / 5) : v)), 'val_loss')],
    expect: ['loss-divergence/warning'],
  },
  {
    name: 'a loss spike that recovers (not divergence)',
    series: () => [edit(trainCurve(G({ batch: 256 })), (v, i) => (i === 1500 ? v * 30 : v))],
    expect: ['loss-spikes/warning'],
  },
  {
    name: 'a bump in the middle that recovers (warm restart)',
    series: () => [edit(trainCurve(G()), (v, i) => (i > 800 && i < 1000 ? v * 3 : v))],
    expect: [],
  },
]);

// ---------------------------------------------------------------------------------------------
// overfitting

curveRuleTable('overfitting', [
  {
    name: 'val rises from step 800 while train keeps falling (B=32, 20 evaluations)',
    series: () => { const g = G(); return [trainCurve(g), valCurve(g, { every: 100, overfitFrom: 800, gapGrowth: 1.5 })]; },
    expect: ['overfitting/warning'],
    check: (f) => {
      const e = ev(f, 'overfitting');
      assert.ok((e.bestStep as number) >= 700 && (e.bestStep as number) <= 1000, String(e.bestStep));
      assert.equal(e.series, 'val_loss');
      assert.equal(e.train, 'train_loss');
      assert.ok((e.valRise as number) > 0.2);
      assert.match(f[0].fix, /EarlyStopping/);
    },
  },
  {
    name: 'HF names: eval_loss vs loss',
    series: () => { const g = G({ every: 10 }); return [named(trainCurve(g), 'loss'), named(valCurve(g, { every: 200, overfitFrom: 600, gapGrowth: 2 }), 'eval_loss')]; },
    expect: ['overfitting/warning'],
    check: (f) => assert.equal(ev(f, 'overfitting').train, 'loss'),
  },
  {
    name: 'Keras per-epoch: validation/epoch_loss vs train/epoch_loss',
    series: () => {
      const steps = Array.from({ length: 20 }, (_, i) => i);
      const tr = steps.map((e) => 0.3 + 1.9 * Math.exp(-e / 4));
      const va = steps.map((e) => (0.45 + 1.7 * Math.exp(-e / 4) + 0.03 * Math.max(0, e - 8)) * (1 + 0.01 * Math.sin(e * 3.7)));
      return [{ name: 'train/epoch_loss', steps, values: tr }, { name: 'validation/epoch_loss', steps, values: va }];
    },
    expect: ['overfitting/warning'],
  },
  {
    name: 'val and train both rise (that is divergence)',
    series: () => {
      const g = G();
      const t = edit(trainCurve(g), (v, i) => (i > 1200 ? v * Math.exp((i - 1200) / 300) : v));
      const va = valCurve(g, { every: 100 });
      return [t, { ...va, values: va.values.map((v, i) => (va.steps[i] > 1200 ? v * Math.exp((va.steps[i] - 1200) / 300) : v)) }];
    },
    expect: ['loss-divergence/warning'],
  },
  {
    name: 'val flat and noisy at the end (converged)',
    series: () => { const g = G(); return [trainCurve(g), valCurve(g, { every: 50, n: 60 })]; },
    expect: [],
  },
  {
    name: 'one bad evaluation at the end',
    series: () => { const g = G(); const va = valCurve(g, { every: 100 }); return [trainCurve(g), { ...va, values: va.values.map((v, i) => (i === va.values.length - 1 ? v * 1.5 : v)) }]; },
    expect: [],
  },
  {
    name: 'only 4 evaluations',
    series: () => { const g = G(); return [trainCurve(g), valCurve(g, { every: 500, overfitFrom: 600, gapGrowth: 2 })]; },
    expect: [],
  },
]);

// ---------------------------------------------------------------------------------------------
// loss-plateau

const K10 = referenceFromClasses(10, 'CrossEntropyLoss', '--classes 10');
const stuck = (g: Partial<CurveGen>): ReturnType<typeof trainCurve> => trainCurve(G({ muMax: 0, spread: 0.05, ...g }));
const FLOOR = Math.log(1 + 9 / Math.E);

curveRuleTable('loss-plateau (curves)', [
  {
    name: 'flat at log 10 from the start, K known from --classes',
    series: () => [stuck({})],
    reference: K10,
    expect: ['loss-plateau/warning'],
    check: (f) => {
      const e = ev(f, 'loss-plateau');
      assert.equal(e.levelKind, 'logK');
      assert.equal(e.numClasses, 10);
      assert.match(f[0].message, /log K = 2\.303/);
      assert.match(f[0].fix, /overfit one small batch/);
    },
  },
  {
    name: 'flat at log 10 from the start, K unknown: inferred and hedged',
    series: () => [stuck({})],
    expect: ['loss-plateau/warning'],
    check: (f) => {
      assert.match(f[0].message, /if the task has 10 classes/);
      assert.equal(ev(f, 'loss-plateau').referenceFrom, 'inferred');
    },
  },
  {
    name: 'falls, then sits at the double-softmax floor log(1 + 9/e)',
    series: () => {
      const t = trainCurve(G({ steps: 1000 }));
      return [{ ...t, values: t.steps.map((s, i) => (FLOOR + (Math.log(10) - FLOOR) * Math.exp(-s / 80)) * (1 + 0.01 * Math.sin(i * 1.7))) }];
    },
    reference: K10,
    expect: ['loss-plateau/warning'],
    check: (f) => { assert.equal(ev(f, 'loss-plateau').levelKind, 'floor'); assert.match(f[0].fix, /raw logits/); },
  },
  {
    name: 'stuck at the class-prior entropy (constant model), from a snapshot case',
    series: () => { const t = trainCurve(G({ steps: 500 })); return [{ ...t, values: t.steps.map((s, i) => 1.2 + 1.1 * Math.exp(-s / 30) + 0.01 * Math.sin(i)) }]; },
    reference: { numClasses: 10, logK: Math.log(10), constant: 1.2, constantText: 'predicting the class frequencies', lossType: 'CrossEntropyLoss', source: 'snapshot cases/step_0.losscase.json' },
    expect: ['loss-plateau/warning'],
    check: (f) => { assert.equal(ev(f, 'loss-plateau').levelKind, 'constant'); assert.match(f[0].message, /class frequencies/); },
  },
  {
    name: 'short history: 6 points at log 10',
    series: () => [{ name: 'loss', steps: [0, 10, 20, 30, 40, 50], values: [2.31, 2.30, 2.29, 2.31, 2.30, 2.30] }],
    reference: K10,
    expect: ['loss-plateau/warning'],
  },
  { name: 'flat at 2.25 with K unknown (no level to name)', series: () => [{ ...stuck({}), values: stuck({}).values.map((v) => v * 0.977) }], expect: [] },
  { name: 'short history, descending', series: () => [{ name: 'loss', steps: [0, 1, 2, 3, 4, 5], values: [2.3, 2.1, 1.9, 1.7, 1.6, 1.5] }], reference: K10, expect: [] },
  { name: 'flat but low (resumed, converged run)', series: () => [edit(trainCurve(G({ tau: 5 })), (v) => v)], reference: K10, expect: [] },
  { name: '4 points only', series: () => [{ name: 'loss', steps: [0, 1, 2, 3], values: [2.3, 2.3, 2.3, 2.3] }], reference: K10, expect: [] },
]);

// ---------------------------------------------------------------------------------------------
// loss-spikes

curveRuleTable('loss-spikes', [
  {
    name: 'two 30× spikes in a B=256 curve (warning)',
    series: () => [edit(trainCurve(G({ batch: 256 })), (v, i) => (i === 700 || i === 1500 ? v * 30 : v))],
    expect: ['loss-spikes/warning'],
    check: (f) => assert.deepEqual(ev(f, 'loss-spikes').steps, [700, 1500]),
  },
  {
    name: 'one 6× spike in a B=256 curve (info)',
    series: () => [edit(trainCurve(G({ batch: 256 })), (v, i) => (i === 1200 ? v * 6 : v))],
    expect: ['loss-spikes/info'],
    check: (f) => assert.deepEqual(ev(f, 'loss-spikes').steps, [1200]),
  },
  {
    name: 'three 12× spikes in a B=32 curve (warning, count)',
    series: () => [edit(trainCurve(G()), (v, i) => (i === 600 || i === 1100 || i === 1700 ? v * 12 : v))],
    expect: ['loss-spikes/warning'],
    check: (f) => assert.equal(ev(f, 'loss-spikes').spikes, 3),
  },
  { name: 'a 3× outlier in a B=4 curve is within its noise', series: () => [edit(trainCurve(G({ batch: 4 })), (v, i) => (i === 1200 ? v * 3 : v))], expect: [] },
  { name: 'per-sample logging (B=1): heavy-tailed by nature', series: () => [trainCurve(G({ batch: 1 }))], expect: [] },
  { name: 'a level shift (not isolated)', series: () => [edit(trainCurve(G({ batch: 256 })), (v, i) => (i >= 1200 && i < 1260 ? v * 4 : v))], expect: [] },
]);

// ---------------------------------------------------------------------------------------------

test('roles: loss names, validation names, pairing', () => {
  for (const n of ['loss', 'train_loss', 'train/loss', 'Loss/train', 'val_loss', 'eval_loss', 'validation/epoch_loss', 'train_loss_step', 'nll']) assert.ok(isLossName(n), n);
  for (const n of ['lr', 'grad_norm', 'loss_scale', 'scaler/scale', 'val_acc', 'accuracy']) assert.ok(!isLossName(n), n);
  for (const n of ['val_loss', 'eval_loss', 'Loss/val', 'validation/epoch_loss', 'test/loss', 'val loss']) assert.ok(isValidationName(n), n);
  for (const n of ['loss', 'train_loss', 'interval_loss', 'evalue']) assert.ok(!isValidationName(n), n);
  assert.equal(canonicalName('val_loss'), canonicalName('train_loss'));
  assert.equal(canonicalName('Loss/val'), canonicalName('Loss/train'));
  assert.equal(canonicalName('validation/epoch_loss'), canonicalName('train/epoch_loss'));
  const mk = (name: string, n = 3): CurveSeries => ({ name, steps: [0, 1, 2].slice(0, n), values: [1, 1, 1].slice(0, n) });
  const roles = assignRoles([mk('train_loss_step'), mk('train_loss_epoch', 2), mk('val_loss'), mk('rank1/loss'), mk('lr')]);
  assert.equal(roles.primaryTrain?.name, 'train_loss_step');
  assert.equal(roles.partnerOf(roles.val[0])?.name, 'train_loss_step');
  assert.ok(roles.isRankCopy(roles.train.find((s) => s.name === 'rank1/loss') as CurveSeries));
});

test('analysis measures the noise: σ grows as the batch shrinks, and is near 0 on a smooth curve', () => {
  const sig = (batch: number): number => analyseSeries(trainCurve(G({ batch }))).sigma;
  assert.ok(sig(4) > sig(32) && sig(32) > sig(256), `${sig(4)} ${sig(32)} ${sig(256)}`);
  const smooth = analyseSeries({ name: 'loss', steps: [...Array(500).keys()], values: [...Array(500).keys()].map((i) => 2 * Math.exp(-i / 100) + 0.1) });
  assert.ok(smooth.sigma < 1e-3, String(smooth.sigma));
  assert.equal(smooth.log, true);
  const neg = analyseSeries({ name: 'elbo_loss', steps: [0, 1, 2, 3, 4, 5], values: [-1, -2, -3, -4, -5, -6] });
  assert.equal(neg.log, false);
});

test('the monitor reports each finding once as a live curve grows', () => {
  const full = edit(trainCurve(G()), (v, i) => (i >= 1500 ? NaN : v));
  const m = new CurveMonitor();
  const seen: string[] = [];
  for (let n = 100; n <= 2000; n += 100) {
    const { added } = m.update([{ name: full.name, steps: Array.from(full.steps).slice(0, n), values: Array.from(full.values).slice(0, n) }]);
    seen.push(...added.map((f) => `${n}:${f.rule}`));
  }
  assert.deepEqual(seen, ['1600:non-finite-loss']);
});

test('every curve rule has a severity from the fixed set and unique id', () => {
  const ids = CURVE_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of CURVE_RULES) assert.ok((['error', 'warning', 'info'] as Severity[]).includes(r.severity));
});
