/**
 * loss-spikes' noise floor, session 10: the local noise a spike is measured against is never taken
 * below half the curve's overall σ — for the z of each point, for the z reported, and for "the
 * points beside it sit at the level" (within 2 × that noise). A curve noisy (±10 %) for its first
 * 1200 of 2000 points and quiet (±1 %) after: its overall σ is the noisy part's (≈ 0.101 in log
 * space), its local σ after step 1200 about 0.0105, so the floor (0.0505) rules there; the same
 * curve quiet all along (σ ≈ 0.0106) is the comparison.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeries } from '../../../../src/diagnostics/curves/analyse';
import { runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';

const curve = (noisyUntil: number, spikes: Record<number, number>): CurveSeries => ({
  name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i),
  values: Array.from({ length: 2000 }, (_, i) => (1 + (i < noisyUntil ? 0.1 : 0.01) * Math.sin(i * 1.7)) * (spikes[i] ?? 1)),
});
const mixed = (spikes: Record<number, number>): CurveSeries => curve(1200, spikes);
const quiet = (spikes: Record<number, number>): CurveSeries => curve(0, spikes);
const spikes = (s: CurveSeries) => runCurveRules([s]).filter((f) => f.rule === 'loss-spikes');
const steps = (s: CurveSeries): unknown[] => spikes(s).map((f) => f.evidence.steps);
const bumps = (at: number, factor: number): Record<number, number> => ({ [at + 1]: factor, [at + 2]: factor, [at + 3]: factor });

test('the two curves\' noise as analysed: overall σ, and the local σ after step 1200', () => {
  const m = analyseSeries(mixed({})), q = analyseSeries(quiet({}));
  assert.ok(Math.abs(m.sigma - 0.101) < 0.001 && Math.abs(m.blockSigma[31] - 0.0105) < 0.0005, `${m.sigma} ${m.blockSigma[31]}`);
  assert.ok(Math.abs(q.sigma - 0.0106) < 0.0005, String(q.sigma));
  assert.deepEqual(runCurveRules([mixed({})]), [], 'the curve itself is healthy');
  assert.deepEqual(runCurveRules([quiet({})]), []);
});

test('z against the floor: a 2.5× point in the quiet stretch is 18 σ (0.909 / 0.0505), not 87 σ', () => {
  const [f] = spikes(mixed({ 1600: 2.5 }));
  assert.ok(f);
  assert.deepEqual([f.evidence.steps, f.evidence.ratios, f.evidence.maxZ, f.evidence.noise, f.severity], [[1600], [2.483], 18, 0.1011, 'info']);
  assert.equal(f.message, "'loss' has 1 isolated spike far above its measured noise: step 1600 (2.48× the level). Typical point-to-point noise is ±10.6%; the largest spike is 18 σ above the smoothed curve. One batch with a far larger loss means an unusual batch (corrupt sample, wrong label) or an update that jumped too far (learning rate, Adam epsilon, float16).");
  // on the quiet curve the same point is measured against its own noise
  const [g] = spikes(quiet({ 1600: 2.5 }));
  assert.deepEqual([g.evidence.maxZ, g.evidence.noise], [86.61, 0.01056]);
});

test('the points after a spike sit "at the level" within 2 × the floored noise: ×1.1 bumps do (log 0.095 < 0.101), ×1.12 do not', () => {
  assert.deepEqual(steps(mixed({ 1600: 5, ...bumps(1600, 1.04) })), [[1600]]);
  assert.deepEqual(steps(mixed({ 1600: 5, ...bumps(1600, 1.1) })), [[1600]]);
  assert.deepEqual(steps(mixed({ 1600: 5, ...bumps(1600, 1.12) })), []);
  assert.deepEqual(steps(mixed({ 1600: 5, ...bumps(1600, 1.2) })), []);
  assert.deepEqual(steps(mixed({ 1600: 5, ...bumps(1600, 1.3) })), []);
  // before the spike: the same band
  assert.deepEqual(steps(mixed({ 1600: 5, ...bumps(1595, 1.1) })), [[1600]]);
  assert.deepEqual(steps(mixed({ 1600: 5, ...bumps(1595, 1.2) })), []);
  // on the quiet curve the band is its own 2 σ (≈ 0.021): ×1.04 already breaks the isolation
  assert.deepEqual(steps(quiet({ 1600: 5, ...bumps(1600, 1.04) })), []);
  assert.deepEqual(steps(quiet({ 1600: 5, ...bumps(1600, 1.01) })), [[1600]]);
});

const TAIL = ' One batch with a far larger loss means an unusual batch (corrupt sample, wrong label) or an update that jumped too far (learning rate, Adam epsilon, float16).';

test('the largest spike is the largest ratio, not the largest z: 3.3× in the noisy stretch (11.5 σ) over 2.48× in the quiet one (18 σ)', () => {
  const [f] = spikes(mixed({ 400: 3, 1600: 2.5 }));
  assert.equal(f.message, `'loss' has 2 isolated spikes far above its measured noise: step 400 (3.3× the level), step 1600 (2.48× the level). Typical point-to-point noise is ±10.6%; the largest spike is 11.5 σ above the smoothed curve.${TAIL}`);
  assert.deepEqual([f.severity, f.evidence.steps, f.evidence.ratios, f.evidence.maxZ], ['info', [400, 1600], [3.298, 2.483], 11.53]);
});

test('eight spikes are all listed, without "…" (the first eight of more are listed with it)', () => {
  const eight = Object.fromEntries([400, 900, 1400, 1900, 2400, 2900, 3400, 3900].map((k) => [k, 4]));
  const long = (s: Record<number, number>): CurveSeries => ({ name: 'loss', steps: Array.from({ length: 5000 }, (_, i) => i), values: Array.from({ length: 5000 }, (_, i) => (1 + 0.01 * Math.sin(i * 1.7)) * (s[i] ?? 1)) });
  const [f] = spikes(long(eight));
  assert.equal(f.message, `'loss' has 8 isolated spikes far above its measured noise: step 400 (4.04× the level), step 900 (4× the level), step 1400 (3.96× the level), step 1900 (4.02× the level), step 2400 (4.03× the level), step 2900 (3.97× the level), step 3400 (3.98× the level), step 3900 (4.04× the level). Typical point-to-point noise is ±1.1%; the largest spike is 130 σ above the smoothed curve.${TAIL}`);
  assert.deepEqual([f.severity, f.evidence.spikes, f.evidence.maxZ, f.evidence.points], ['warning', 8, 130.2, 5000]);
  const [g] = spikes(long({ ...eight, 4400: 4 }));
  assert.match(g.message, /step 3900 \(4\.04× the level\), …\. Typical point-to-point noise is ±1\.1%;/);
});

test('heavy tails count excursions strictly beyond 3 σ: a point exactly 3 σ up leaves a lone spike reported, a hair more hides it', () => {
  // linear space (zeros), blocks of 5 with values 1, −1, 1, −1, 0: every level 0, every block's median
  // |residual| 1, so σ = 1.4826 everywhere and 3 σ = 3 × 1.4826. 60 points: 0.002 · 60 + 1 = 1.12 excursions allowed.
  const base = [1, -1, 1, -1, 0];
  const series = (edits: Record<number, number>): CurveSeries => {
    const values = Array.from({ length: 60 }, (_, i) => edits[i] ?? base[i % 5]);
    return { name: 'loss', steps: values.map((_, i) => i), values };
  };
  const [f] = spikes(series({ 30: 100, 47: 3 * 1.4826 }));
  assert.ok(f, 'one excursion (the spike) beyond 3 σ: reported');
  assert.equal(f.message, `'loss' has 1 isolated spike far above its measured noise: step 30 (+100). Typical point-to-point noise is ±1.48; the largest spike is 67.4 σ above the smoothed curve.${TAIL}`);
  assert.deepEqual([f.severity, f.evidence.steps, f.evidence.ratios, f.evidence.maxZ, f.evidence.noise, f.evidence.noiseSpace], ['info', [30], [], 67.45, 1.483, 'linear']);
  assert.deepEqual(spikes(series({ 30: 100, 47: 3 * 1.4826 * (1 + 1e-7) })), [], 'two beyond 3 σ: heavy-tailed, nothing reported');
});

test('which curves are judged: validation curves too, terms only when no total is logged, rank copies not beside rank 0, twins folded', () => {
  const flatNamed = (name: string, at: number, n = 2000): CurveSeries => ({ name, steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => (1 + 0.02 * Math.sin(i * 1.7)) * (i === at ? 5 : 1)) });
  const judged = (series: CurveSeries[]): unknown[] => runCurveRules(series).filter((f) => f.rule === 'loss-spikes').map((f) => [f.evidence.series, f.evidence.steps, f.evidence.alsoIn]);
  assert.deepEqual(judged([flatNamed('loss', -1), flatNamed('val_loss', 1200)]), [['val_loss', [1200], undefined]]);
  assert.deepEqual(judged([flatNamed('loss', -1), flatNamed('recon_loss', 1200)]), [], 'a term beside a total is not judged');
  assert.deepEqual(judged([flatNamed('recon_loss', 700), flatNamed('kl_loss', 1200)]), [['recon_loss', [700], undefined], ['kl_loss', [1200], undefined]], 'terms without a total: each');
  assert.deepEqual(judged([flatNamed('loss', -1), flatNamed('rank1/loss', 1200)]), [], 'a rank copy beside rank 0');
  const [twin] = runCurveRules([flatNamed('train_loss_step', 700), flatNamed('train_loss_epoch', 1200, 1500)]).filter((f) => f.rule === 'loss-spikes');
  assert.deepEqual([twin.evidence.series, twin.evidence.steps, twin.evidence.alsoIn], ['train_loss_step', [700], ['train_loss_epoch']]);
  assert.match(twin.message, /\(learning rate, Adam epsilon, float16\)\. The same shows in 'train_loss_epoch'\.$/);
});
