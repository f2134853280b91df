/**
 * Firing/silent table of the curve rules on the shapes real logs have and synthetic tables missed
 * (found on the real-log corpus, test/fixtures/reallogs/): a multi-term objective logged as a total
 * next to its terms (PINNs, domain adaptation), `x_step`/`x_epoch` twins, a chaotic start that
 * collapses onto a frozen level, heavy-tailed per-batch losses, several evaluation sets, a loss that
 * only passes near log K.
 */
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import { assignRoles, isTotalLoss, lossGroup } from '../../../../src/diagnostics/curves/roles';
import type { Finding } from '../../../../src/diagnostics/types';
import { trainCurve, valCurve, type CurveGen } from './curves-gen';

const G = (o: Partial<CurveGen> = {}): CurveGen => ({ steps: 2000, batch: 32, seed: 7, ...o });
const as = (s: CurveSeries, name: string, f: (v: number, i: number) => number = (v) => v): CurveSeries =>
  ({ name, steps: s.steps, values: Array.from(s.values, f) });
const grows = (from: number, tau: number) => (v: number, i: number): number => (i > from ? v * Math.exp((i - from) / tau) : v);

interface Row { name: string; series: () => CurveSeries[]; expect: string[]; check?: (f: Finding[]) => void }

describe('curve rules on real-log shapes', () => {
  const rows: Row[] = [
    {
      name: 'a term rises ×3 while the total falls (trade-off, not divergence)',
      series: () => {
        const t = trainCurve(G());
        return [as(t, 'train_loss_epoch'), as(t, 'dynamics_loss_epoch', (v) => v * 0.6), as(t, 'initial_omega_loss_epoch', (v, i) => 0.02 * (1 + 2 * Math.min(1, i / 600)) * (v / v))];
      },
      expect: [],
    },
    {
      name: 'the total and its terms diverge: one finding, on the total',
      series: () => {
        const t = trainCurve(G());
        return [as(t, 'Conductor_loss', grows(1200, 300)), as(t, 'mean_loss', grows(1200, 300)), as(t, 'initial_phi_loss', grows(1200, 200))];
      },
      expect: ['loss-divergence/warning'],
      check: (f) => assert.equal(f[0].evidence.series, 'mean_loss'),
    },
    {
      name: 'train_loss_step and train_loss_epoch diverge: one finding naming both',
      series: () => {
        const t = trainCurve(G());
        const ep = { name: 'train_loss_epoch', steps: t.steps.filter((_, i) => i % 20 === 19), values: t.values.filter((_, i) => i % 20 === 19).map((v, k) => grows(60, 15)(v, k)) };
        return [as(t, 'train_loss_step', grows(1200, 300)), ep];
      },
      expect: ['loss-divergence/warning'],
      check: (f) => {
        assert.equal(f[0].evidence.series, 'train_loss_step');
        assert.deepEqual(f[0].evidence.alsoIn, ['train_loss_epoch']);
        assert.match(f[0].message, /same shows in 'train_loss_epoch'/);
      },
    },
    {
      name: 'no total logged: a term that diverges is still judged',
      series: () => { const t = trainCurve(G()); return [as(t, 'recon_loss'), as(t, 'kl_loss', grows(1200, 300))]; },
      expect: ['loss-divergence/warning'],
    },
    {
      name: 'a chaotic start (7 points at 0.7..17) collapsing onto a frozen level is not a spike',
      series: () => {
        const start = [2.9, 0.75, 9.7, 1.74, 3.8, 1.87, 16.6];
        const steps = Array.from({ length: 126 }, (_, i) => 49 + 50 * i);
        return [{ name: 'train_loss_step', steps, values: steps.map((_, i) => (i < start.length ? start[i] : 0.5109 * (1 + 1e-9 * (i % 3)))) }];
      },
      expect: [],
    },
    {
      name: 'heavy-tailed per-batch loss (a sixth of the points at 2..6×) with one 6× point: noise, not spikes',
      series: () => [as(trainCurve(G({ batch: 16, steps: 118 })), 'train_loss_step', (v, i) => (i === 70 ? v * 6 : i % 6 === 0 ? v * (2 + (i % 11) / 2.5) : v))],
      expect: [],
    },
    {
      name: 'one clean 8× spike in a 200-point per-epoch total still fires',
      series: () => [as(trainCurve(G({ batch: 256, steps: 200 })), 'train_loss_epoch', (v, i) => (i === 150 ? v * 8 : v))],
      expect: ['loss-spikes/info'],
      check: (f) => assert.deepEqual(f[0].evidence.steps, [150]),
    },
    {
      name: 'no classes given: a loss drifting from 2.28 (≈ log 10) to 2.22 (within 1 % of log 9) does not make K = 9',
      series: () => {
        const v = [2.278, 2.25, 2.23, 2.2, 2.22, 2.23, 2.22, 2.19, 2.22, 2.21, 2.22, 2.2, 2.217];
        return [{ name: 'train_loss_epoch', steps: v.map((_, i) => 15 + 16 * i), values: v }];
      },
      expect: [],
    },
    {
      name: 'no classes given: flat at log 4 from the first point is named (hedged)',
      series: () => {
        const v = [1.389, 1.385, 1.387, 1.384, 1.386, 1.383, 1.385, 1.386, 1.384, 1.385, 1.386, 1.384];
        return [{ name: 'train_loss', steps: v.map((_, i) => i), values: v }];
      },
      expect: ['loss-plateau/warning'],
      check: (f) => { assert.equal(f[0].evidence.numClasses, 4); assert.match(f[0].message, /if the task has 4 classes/); },
    },
    {
      name: 'six evaluation sets overfit: one finding naming the other five',
      series: () => {
        const g = G({ every: 10 });
        const evals = [0, 1, 2, 3, 4, 5].map((k) => valCurve(g, { every: 100, overfitFrom: 600, gapGrowth: 2, seed: 11 + k }, `eval_g${k}_loss`));
        return [as(trainCurve(g), 'loss'), ...evals];
      },
      expect: ['overfitting/warning'],
      check: (f) => {
        assert.equal(f[0].evidence.series, 'eval_g0_loss');
        assert.deepEqual(f[0].evidence.alsoIn, ['eval_g1_loss', 'eval_g2_loss', 'eval_g3_loss', 'eval_g4_loss', 'eval_g5_loss']);
        assert.equal((f[0].evidence.alsoInBestSteps as number[]).length, 5);
      },
    },
  ];
  it('has firing and silent rows', () => assert.ok(rows.some((r) => r.expect.length) && rows.some((r) => !r.expect.length)));
  for (const r of rows) {
    it(`${r.expect.length ? 'fires' : 'silent'}: ${r.name}`, () => {
      const f = runCurveRules(r.series());
      assert.deepEqual(f.map((x) => `${x.rule}/${x.severity}`).sort(), [...r.expect].sort(), f.map((x) => `${x.rule}: ${x.message}`).join('\n'));
      r.check?.(f);
    });
  }
});

test('roles: totals and terms, step/epoch twins', () => {
  for (const n of ['loss', 'train_loss', 'train/loss', 'Loss/train', 'train_loss_step', 'train_loss_epoch', 'mean_loss', 'total_loss', 'train/epoch_loss', 'rank1/loss']) assert.ok(isTotalLoss(n), n);
  for (const n of ['dynamics_loss_epoch', 'train_domain_loss', 'loss_temporal_512', 'initial_omega_loss', 'kl_loss']) assert.ok(!isTotalLoss(n), n);
  assert.equal(lossGroup('dynamics_loss_step'), lossGroup('dynamics_loss_epoch'));
  assert.notEqual(lossGroup('eval_g0_loss'), lossGroup('eval_g1_loss'));
  const mk = (name: string, n = 3): CurveSeries => ({ name, steps: [0, 1, 2].slice(0, n), values: [1, 1, 1].slice(0, n) });
  const roles = assignRoles([mk('dynamics_loss_step'), mk('train_loss_epoch', 2), mk('train_loss_step'), mk('initial_loss')]);
  assert.deepEqual(roles.judgedTrain.map((s) => s.name), ['train_loss_step', 'train_loss_epoch']);
  assert.equal(roles.primaryTrain?.name, 'train_loss_step');
  assert.deepEqual(assignRoles([mk('recon_loss'), mk('kl_loss', 2)]).judgedTrain.map((s) => s.name), ['recon_loss', 'kl_loss']);
});
