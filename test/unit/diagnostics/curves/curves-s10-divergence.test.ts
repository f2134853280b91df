/**
 * loss-divergence in log space with numbers worked out by hand, session 10: a noise-free loss that
 * falls as e^(−0.02 t) for 60 steps and then grows as e^(0.05 (t − 60)) (100 points, blocks of 5).
 * The block medians are the values at the block centres (2, 7, …, 97) and the level is linear in log
 * space between them, so the smoothed log level is the curve itself except around the turn: 57 is
 * the last centre before it (−1.14), 62 the first after (−1.1), and the level in between climbs from
 * −1.14. The end is the mean of the last 10 % (steps 90–99) of −1.2 + 0.05 (t − 60): −1.2 + 0.05 × 34.5
 * = 0.525. Noise-free, the level's noise is below the 1e-12 floor, so the rise in noise units is
 * (0.525 + 1.14) / 1e-12.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';

const y = (t: number): number => (t <= 60 ? -0.02 * t : -1.2 + 0.05 * (t - 60));
const curve = (name = 'loss', n = 100): CurveSeries => ({ name, steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => Math.exp(y(i))) });
const divergence = (s: CurveSeries[], options: Record<string, number> = {}) => runCurveRules(s, { options: { 'loss-divergence': options } }).filter((f) => f.rule === 'loss-divergence');
const close = (a: unknown, b: number, tol = 1e-12): void => assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${String(a)} vs ${b}`);

test('the minimum, the end and the growth of a noise-free exponential turn, by hand', () => {
  const [f] = divergence([curve()]);
  assert.ok(f);
  const e = f.evidence;
  assert.deepEqual([e.series, e.minStep, e.lastStep, e.points, e.growthFactor, e.riseInNoiseUnits], ['loss', 57, 99, 100, Number(Math.exp(1.665).toPrecision(4)), 1.665e12]);
  close(e.minLevel, Math.exp(-1.14));
  close(e.endLevel, Math.exp(0.525));
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, "'loss' grows again after step 57: its smoothed level rose from 0.32 to 1.69 (×5.29) by step 99, 1.67e+12 times the level's own noise. A training loss that climbs back after a good descent usually means the learning rate is too high for this stage, or the optimizer state blew up.");
  assert.equal(f.field, 'loss');
  assert.deepEqual(runCurveRules([curve()]).map((x) => x.rule), ['loss-divergence'], 'nothing else on this curve');
});

test('growthFactor on the edge of e^1.665 (5.2857)', () => {
  assert.equal(divergence([curve()], { growthFactor: 5.285 }).length, 1);
  assert.equal(divergence([curve()], { growthFactor: 5.287 }).length, 0);
});

test('the same curve logged as a validation loss beside a healthy training loss: the training loss is judged, silent', () => {
  const healthy: CurveSeries = { name: 'train_loss', steps: Array.from({ length: 100 }, (_, i) => i), values: Array.from({ length: 100 }, (_, i) => Math.exp(-0.02 * i)) };
  assert.deepEqual(divergence([healthy, curve('val_loss')]), []);
  assert.deepEqual(divergence([curve('val_loss')]).map((f) => f.evidence.series), ['val_loss'], 'alone, the validation loss is judged');
  // two training totals (step and epoch granularity) diverging: one finding naming the other
  const [f, ...rest] = divergence([curve('train_loss_step'), curve('train_loss_epoch', 90)]);
  assert.deepEqual([rest.length, f.evidence.series, f.evidence.alsoIn], [0, 'train_loss_step', ['train_loss_epoch']]);
  assert.match(f.message, /or the optimizer state blew up\. The same shows in 'train_loss_epoch'\.$/);
});

test('the same curve ending in NaN: the error first, then the divergence up to the last finite step; the growth before the NaN by hand', () => {
  const s: CurveSeries = { name: 'loss', steps: Array.from({ length: 101 }, (_, i) => i), values: Array.from({ length: 101 }, (_, i) => (i === 100 ? NaN : Math.exp(y(i)))) };
  const found = runCurveRules([s]);
  assert.deepEqual(found.map((f) => [f.rule, f.severity]), [['non-finite-loss', 'error'], ['loss-divergence', 'warning']]);
  const [nan, div] = found;
  // growth before the NaN: the level at step 99 (0.75) against the lowest (−1.14): e^1.89
  assert.deepEqual([nan.evidence.step, nan.evidence.lastFiniteStep, nan.evidence.growthBeforeNonFinite], [100, 99, Number(Math.exp(1.89).toPrecision(4))]);
  assert.deepEqual([div.evidence.minStep, div.evidence.lastStep, div.evidence.points, div.evidence.growthFactor], [57, 99, 101, Number(Math.exp(1.665).toPrecision(4))]);
});
