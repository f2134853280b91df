/**
 * The curve rules' words and numbers on short, hand-made series (the tables in curves-rules.test.ts
 * use long generated curves and check which rules fire): exact messages, evidence and the edges of
 * the guards inside each rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveReference, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import { inferClasses, nameLevel } from '../../../../src/diagnostics/curves/plateau';
import { nonFiniteFix } from '../../../../src/diagnostics/curves/non-finite-loss';
import { divergenceFix } from '../../../../src/diagnostics/curves/divergence';
import { fmt, pct } from '../../../../src/diagnostics/format';
import type { Finding } from '../../../../src/diagnostics/types';

/** A series logged every 10 steps. */
const s = (values: number[], name = 'loss'): CurveSeries => ({ name, steps: values.map((_, i) => 10 * i), values });
function only(series: CurveSeries[], rule: string): Finding {
  const f = runCurveRules(series).filter((x) => x.rule === rule);
  assert.equal(f.length, 1, `${rule}: ${runCurveRules(series).map((x) => x.message).join('\n')}`);
  return f[0];
}

test('non-finite-loss: the first non-finite step, the last finite value before it, the count', () => {
  const f = only([s([2, 1.9, 1.8, 1.7, 1.6, 1.5, NaN, NaN])], 'non-finite-loss');
  assert.equal(f.severity, 'error');
  assert.equal(f.message, "'loss' becomes NaN at step 60, after 1.5 at step 50; 2 of 8 logged values are not finite. Once NaN reaches the weights every later step is NaN.");
  assert.deepEqual(f.evidence, { series: 'loss', step: 60, value: 'NaN', index: 6, lastFinite: 1.5, lastFiniteStep: 50, nonFiniteValues: 2, points: 8, growthBeforeNonFinite: 1 });
  assert.equal(f.fix, nonFiniteFix());
  assert.equal(f.field, 'loss');
});

test('non-finite-loss: -Infinity first, finite again later (no value before it, no growth on a negative series)', () => {
  const f = only([s([-Infinity, -1, -2])], 'non-finite-loss');
  assert.equal(f.message, "'loss' becomes -Infinity at step 0, from its first logged value; 1 of 3 logged values are not finite (later values are finite again: AMP skipped steps or the job restarted from a checkpoint). Once NaN reaches the weights every later step is NaN.");
  assert.deepEqual(f.evidence, { series: 'loss', step: 0, value: '-Infinity', index: 0, lastFinite: null, lastFiniteStep: null, nonFiniteValues: 1, points: 3, growthBeforeNonFinite: null });
  const g = only([s([1, 1, NaN, Infinity, 1, 1])], 'non-finite-loss');
  assert.match(g.message, /^'loss' becomes NaN at step 20, after 1 at step 10; 2 of 6 logged values are not finite \(later values are finite again/);
});

test('non-finite-loss: the last finite value skips earlier non-finite ones; +Infinity is named', () => {
  const f = only([s([3, 2, NaN, 1, Infinity])], 'non-finite-loss');
  assert.equal(f.evidence.step, 20);
  assert.equal(f.evidence.lastFinite, 2);
  const g = only([s([3, 2, Infinity])], 'non-finite-loss');
  assert.equal(g.evidence.value, 'Infinity');
  assert.match(g.message, /becomes Infinity at step 20, after 2 at step 10/);
});

test('non-finite-loss: growth before the failure needs 5 finite points (5: measured, 4: not)', () => {
  // five points make one smoothing block: the level is flat, growth exactly 1
  assert.equal(only([s([1, 1, 1, 9, 81, NaN])], 'non-finite-loss').evidence.growthBeforeNonFinite, 1);
  assert.equal(only([s([1, 1, 9, 81, NaN])], 'non-finite-loss').evidence.growthBeforeNonFinite, null);
  // a value ≤ 0 rules out the log-space level: not measured
  assert.equal(only([s([0, 1, 1, 9, 81, NaN])], 'non-finite-loss').evidence.growthBeforeNonFinite, null);
});

test('non-finite-loss: a level already grown more than 2× is said in the message', () => {
  const f = only([s([1, 1, 1, 1, 3, 9, Infinity])], 'non-finite-loss');
  const g = f.evidence.growthBeforeNonFinite as number;
  assert.ok(g > 2, String(g));
  assert.ok(f.message.startsWith(`'loss' becomes Infinity at step 60, after 9 at step 50 (its smoothed level had already grown ${fmt(g)}× from its lowest); 1 of 7 `), f.message);
  assert.doesNotMatch(only([s([2, 1.9, 1.8, 1.7, 1.6, 1.5, NaN])], 'non-finite-loss').message, /already grown/);
});

// overfitting: ten evaluations, lowest at step 40 (1.0), then rising to 1.6; training falls all along.
const VAL = [2, 1.6, 1.3, 1.1, 1.0, 1.05, 1.15, 1.3, 1.45, 1.6];
const val = (values = VAL, name = 'val_loss'): CurveSeries => s(values, name);
const train = (f: (i: number) => number = (i) => 2 * Math.exp(-i / 40) + 0.1): CurveSeries => ({ name: 'train_loss', steps: Array.from({ length: 91 }, (_, i) => i), values: Array.from({ length: 91 }, (_, i) => f(i)) });
const runOf = (series: CurveSeries[], options: Record<string, number> = {}): Finding[] => runCurveRules(series, { options: { overfitting: options } }).filter((x) => x.rule === 'overfitting');

test('overfitting: best step, rise, noise units and the training drop, worked out by hand', () => {
  const f = only([train(), val()], 'overfitting');
  // median-of-3 smoothing: [2, 1.6, 1.3, 1.1, 1.05, 1.05, 1.15, 1.3, 1.45, 1.6]; lowest smoothed at index 4,
  // the end = mean of the last 2 = 1.525; the raw lowest (1.0, step 40) is the checkpoint. Training:
  // mean of 2·e^(−i/40) + 0.1 over steps 35..45 = 0.83806 and over 80..90 = 0.339613 (−59.48 %).
  // Noise: MAD of the log second differences / √1.5 → log(1.525 / 1.05) = 17.08 noise units.
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, "'val_loss' was lowest at step 40 (1); over the 5 evaluations since it rose to 1.52 (+52.5%, smoothed) by step 90, while 'train_loss' kept falling (0.838 → 0.34, −59.5%). The model is memorising the training set; the checkpoint of step 40 generalises best.");
  assert.deepEqual(f.evidence, {
    series: 'val_loss', train: 'train_loss', bestStep: 40, bestValue: 1, lastStep: 90, lastValue: 1.6, valRise: 0.525, endSmoothed: 1.525,
    riseInNoiseUnits: 17.08, trainAtBest: 0.83806, trainAtEnd: 0.339613, trainDrop: 0.5948, evaluationsAfterBest: 5,
  });
  assert.equal(f.field, 'val_loss');
  assert.match(f.fix, /EarlyStopping\(monitor="val_loss", patience=3\)/);
});

test('overfitting: each threshold on its edge (minAfter, minRise, minNoiseUnits, minTrainDrop, minPoints)', () => {
  const series = [train(), val()];
  // exactly minAfter (3) evaluations after the best: judged; the rise 1.225 / 1.05 − 1 over the last two
  assert.equal(runOf([train(), val(VAL.slice(0, 8))]).length, 1);
  assert.equal(runOf([train(), val(VAL.slice(0, 8))], { minAfter: 4 }).length, 0);
  const rise = 1.525 / 1.05 - 1;
  assert.equal(runOf(series, { minRise: rise }).length, 1, 'a rise exactly minRise');
  assert.equal(runOf(series, { minRise: rise * 1.001 }).length, 0);
  assert.equal(runOf(series, { minNoiseUnits: 17.07 }).length, 1);
  assert.equal(runOf(series, { minNoiseUnits: 17.08 }).length, 0);
  assert.equal(runOf(series, { minTrainDrop: 0.5947 }).length, 1);
  assert.equal(runOf(series, { minTrainDrop: 0.5948 }).length, 0);
  assert.equal(runOf(series, { minPoints: 10 }).length, 1);
  assert.equal(runOf(series, { minPoints: 11 }).length, 0);
});

test('overfitting: silent without a falling training curve, with values ≤ 0, or without a partner', () => {
  assert.equal(runOf([val()]).length, 0, 'no training curve to compare with');
  assert.equal(runOf([train((i) => 0.5 + 0.001 * i), val()]).length, 0, 'training rising too');
  assert.equal(runOf([train(), val(VAL.map((v, i) => (i === 0 ? 0 : v)))]).length, 0, 'a value ≤ 0: not a loss in log space');
  assert.equal(runOf([train(), val(VAL.map((v, i) => (i === 1 ? NaN : v)))]).length, 1, 'a non-finite evaluation is left out');
});

test('overfitting: several evaluation sets make one finding that names the others', () => {
  const f = runOf([train(), val(), val(VAL.map((v) => v * 1.1), 'test_loss')]);
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].evidence.alsoIn, ['test_loss']);
  assert.deepEqual(f[0].evidence.alsoInBestSteps, [40]);
  assert.match(f[0].message, /the checkpoint of step 40 generalises best\. The same on 'test_loss' \(lowest at step 40, \+52\.5% since\)\.$/);
});

// loss-divergence: 200 steps with 5 % deterministic noise; descends to ~0.24 by step 100, then grows e^(t/40).
const N = 200;
const wobbly = (f: (i: number) => number, name = 'loss'): CurveSeries => ({ name, steps: Array.from({ length: N }, (_, i) => i), values: Array.from({ length: N }, (_, i) => f(i) * (1 + 0.05 * Math.sin(i * 1.7))) });
const FLOOR = 2 * Math.exp(-4) + 0.2;
const diverging = (name = 'loss'): CurveSeries => wobbly((i) => (i < 100 ? 2 * Math.exp(-i / 25) + 0.2 : FLOOR * Math.exp((i - 100) / 40)), name);
const divOf = (series: CurveSeries[], options: Record<string, number> = {}): Finding[] => runCurveRules(series, { options: { 'loss-divergence': options } }).filter((x) => x.rule === 'loss-divergence');

test('loss-divergence: the minimum, the end level and their ratio (log space), in the message', () => {
  const [f] = divOf([diverging()]);
  assert.ok(f, 'fires');
  const e = f.evidence as Record<string, number>;
  assert.deepEqual(Object.keys(e).sort(), ['endLevel', 'growthFactor', 'lastStep', 'minLevel', 'minStep', 'points', 'riseInNoiseUnits', 'series']);
  assert.equal(e.series as unknown, 'loss');
  assert.ok(e.minStep >= 90 && e.minStep <= 110, String(e.minStep));
  assert.ok(Math.abs(e.minLevel - FLOOR) < 0.02, String(e.minLevel));
  // the end: the mean level over the last 10 % (steps 180..199), around FLOOR·e^(90/40) = 2.25
  assert.ok(e.endLevel > 2 && e.endLevel < 2.5, String(e.endLevel));
  assert.equal(e.growthFactor, Number((e.endLevel / e.minLevel).toPrecision(4)));
  assert.equal(e.lastStep, 199);
  assert.equal(e.points, 200);
  assert.equal(f.message, `'loss' grows again after step ${e.minStep}: its smoothed level rose from ${fmt(e.minLevel)} to ${fmt(e.endLevel)} (×${fmt(e.growthFactor)}) by step 199, ${fmt(e.riseInNoiseUnits)} times the level's own noise. A training loss that climbs back after a good descent usually means the learning rate is too high for this stage, or the optimizer state blew up.`);
  assert.equal(f.fix, divergenceFix());
  assert.equal(f.field, 'loss');
});

test('loss-divergence: growthFactor and minNoiseUnits on their edges', () => {
  const [f] = divOf([diverging()]);
  const g = f.evidence.growthFactor as number, u = f.evidence.riseInNoiseUnits as number;
  assert.equal(divOf([diverging()], { growthFactor: g * 0.999 }).length, 1);
  assert.equal(divOf([diverging()], { growthFactor: g * 1.001 }).length, 0);
  assert.equal(divOf([diverging()], { minNoiseUnits: u * 0.999 }).length, 1);
  assert.equal(divOf([diverging()], { minNoiseUnits: u * 1.001 }).length, 0);
  assert.equal(divOf([diverging()], { minPoints: 200 }).length, 1);
  assert.equal(divOf([diverging()], { minPoints: 201 }).length, 0);
});

test('loss-divergence: a loss with values ≤ 0 compares the rise with the earlier descent', () => {
  // linear from 0 down to −2 at step 100, then up to +1: the rise (≈2.64) over the descent (≈1.94)
  const [f] = divOf([{ name: 'loss', steps: Array.from({ length: N }, (_, i) => i), values: Array.from({ length: N }, (_, i) => (i < 100 ? (-2 * i) / 100 : -2 + (3 * (i - 100)) / 100) + 0.02 * Math.sin(i * 1.7)) }]);
  assert.ok(f, 'fires');
  const e = f.evidence as Record<string, number>;
  assert.ok(e.minLevel < -1.9 && e.endLevel > 0.6, JSON.stringify(e));
  assert.ok(e.growthFactor > 2.2 && e.growthFactor < 2.5, String(e.growthFactor));
  assert.match(f.message, new RegExp(`rose from ${fmt(e.minLevel)} to ${fmt(e.endLevel)} \\(${fmt(e.growthFactor).replace('.', '\\.')}× the earlier descent\\)`));
});

test('loss-divergence: a validation curve is judged only when no training curve is logged', () => {
  assert.equal(divOf([diverging('val_loss')]).length, 1);
  assert.equal(divOf([wobbly((i) => 2 * Math.exp(-i / 25) + 0.2, 'train_loss'), diverging('val_loss')]).length, 0);
  assert.equal(divOf([wobbly((i) => 2 * Math.exp(-i / 25) + 0.2, 'train_loss')]).length, 0, 'a healthy descent');
});

// loss-spikes: a flat loss of 1 with ±2 % deterministic noise, some points multiplied.
const flat = (n: number, spikes: Record<number, number>): CurveSeries => ({ name: 'loss', steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => (1 + 0.02 * Math.sin(i * 1.7)) * (spikes[i] ?? 1)) });
const spikesOf = (series: CurveSeries, options: Record<string, number> = {}): Finding[] => runCurveRules([series], { options: { 'loss-spikes': options } }).filter((x) => x.rule === 'loss-spikes');
const at = (steps: number[], factor: number): Record<number, number> => Object.fromEntries(steps.map((s) => [s, factor]));

test('loss-spikes: one ×5 point — its step, ratio to the level, z and the measured noise', () => {
  const [f] = spikesOf(flat(2000, { 1200: 5 }));
  assert.ok(f, 'fires');
  const e = f.evidence;
  assert.equal(f.severity, 'info', 'one spike, below severeRatio 10');
  assert.deepEqual([e.series, e.spikes, e.steps, e.noiseSpace, e.points], ['loss', 1, [1200], 'log', 2000]);
  const value = (1 + 0.02 * Math.sin(1200 * 1.7)) * 5;
  assert.deepEqual(e.values, [value]);
  const [ratio] = e.ratios as number[];
  assert.ok(Math.abs(ratio - value) < 0.05, `ratio ${ratio} of a value ${value} to a level of about 1`);
  const noise = e.noise as number, z = e.maxZ as number;
  assert.ok(noise > 0.012 && noise < 0.03, `noise ${noise} (a ±2 % sine)`);
  assert.ok(Math.abs(z - Math.log(ratio) / noise) / z < 0.05, `z ${z} ≈ log(ratio) / σ`);
  assert.equal(f.message, `'loss' has 1 isolated spike far above its measured noise: step 1200 (${fmt(ratio)}× the level). Typical point-to-point noise is ±${pct(Math.expm1(noise))}; the largest spike is ${fmt(z)} σ above the smoothed curve. One batch with a far larger loss means an unusual batch (corrupt sample, wrong label) or an update that jumped too far (learning rate, Adam epsilon, float16).`);
  assert.equal(f.field, 'loss');
  assert.match(f.fix, /clip_grad_norm_/);
});

test('loss-spikes: warning from warnCount (3) spikes or a ratio ≥ severeRatio, info below', () => {
  assert.deepEqual(spikesOf(flat(2000, at([500, 1000, 1500], 4))).map((f) => [f.severity, f.evidence.spikes]), [['warning', 3]]);
  assert.deepEqual(spikesOf(flat(2000, at([500, 1000], 4))).map((f) => [f.severity, f.evidence.spikes]), [['info', 2]]);
  const ratio = (spikesOf(flat(2000, { 1200: 5 }))[0].evidence.ratios as number[])[0];
  assert.equal(spikesOf(flat(2000, { 1200: 5 }), { severeRatio: ratio * 0.999 })[0].severity, 'warning');
  assert.equal(spikesOf(flat(2000, { 1200: 5 }), { severeRatio: ratio * 1.001 })[0].severity, 'info');
  assert.equal(spikesOf(flat(2000, { 1200: 12 }))[0].severity, 'warning');
});

test('loss-spikes: at most maxWidth (3) points wide, at least minRatio (2) × the level, enough points', () => {
  const three = spikesOf(flat(2000, at([1200, 1201, 1202], 5)));
  assert.equal(three.length, 1);
  // the reported point is the highest of the three (the sine puts it at 1202)
  assert.deepEqual(three[0].evidence.steps, [1202]);
  assert.equal(spikesOf(flat(2000, at([1200, 1201, 1202, 1203], 5))).length, 0, 'four points: a level shift');
  assert.equal(spikesOf(flat(2000, at([1200, 1201, 1202, 1203], 5)), { maxWidth: 4 }).length, 1);
  assert.equal(spikesOf(flat(2000, { 1200: 1.8 })).length, 0, '1.8× is far above the noise but not a spike');
  assert.equal(spikesOf(flat(2000, { 1200: 1.8 }), { minRatio: 1.5 }).length, 1);
  assert.equal(spikesOf(flat(2000, { 1200: 5 }), { minPoints: 2000 }).length, 1);
  assert.equal(spikesOf(flat(2000, { 1200: 5 }), { minPoints: 2001 }).length, 0);
});

test('loss-spikes: more than maxShare · n + 1 large excursions is heavy-tailed noise, not spikes', () => {
  // 0.002 · 2000 + 1 = 5: five spikes are reported, six are the curve's nature
  assert.equal(spikesOf(flat(2000, at([200, 500, 800, 1100, 1400], 4)))[0]?.evidence.spikes, 5);
  assert.equal(spikesOf(flat(2000, at([200, 500, 800, 1100, 1400, 1700], 4))).length, 0);
});

test('loss-spikes: the first eight are listed, then …; a loss with values ≤ 0 reports the excess', () => {
  const [f] = spikesOf(flat(5000, at([400, 900, 1400, 1900, 2400, 2900, 3400, 3900, 4400], 4)));
  assert.deepEqual(f.evidence.steps, [400, 900, 1400, 1900, 2400, 2900, 3400, 3900, 4400]);
  assert.match(f.message, /step 3900 \([0-9.]+× the level\), …\. Typical/);
  assert.doesNotMatch(f.message, /step 4400/);
  const neg: CurveSeries = { name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i), values: Array.from({ length: 2000 }, (_, i) => -1 + 0.02 * Math.sin(i * 1.7) + (i === 1200 ? 4 : 0)) };
  const [g] = spikesOf(neg);
  assert.deepEqual([g.evidence.noiseSpace, g.evidence.ratios, g.evidence.steps], ['linear', [], [1200]]);
  assert.match(g.message, new RegExp(`step 1200 \\(\\+3\\.9[0-9]\\)\\. Typical point-to-point noise is ±${fmt(g.evidence.noise as number).replace('.', '\\.')};`));
});

test('loss-plateau levels: each tolerance on its edge, the floor only for CrossEntropyLoss, the order floor → log K → constant', () => {
  const o = { floorTolerance: 0.25, levelTolerance: 0.25 };
  // exactly representable edges: log K = 2 ± 0.5, floor 1 ± 0.25, constant 0.5 ± 0.125
  const ref = (r: Partial<CurveReference>): CurveReference => ({ source: 'test', ...r });
  const kind = (level: number, r: Partial<CurveReference>): string | undefined => nameLevel(level, ref(r), o)?.kind;
  assert.equal(kind(2.5, { logK: 2, numClasses: 7 }), 'logK');
  assert.equal(kind(1.5, { logK: 2, numClasses: 7 }), 'logK');
  assert.equal(kind(2.5000001, { logK: 2, numClasses: 7 }), undefined);
  assert.equal(kind(2, { logK: 2 }), undefined, 'log K needs its K');
  assert.equal(kind(1.25, { doubleSoftmaxFloor: 1, numClasses: 3 }), 'floor');
  assert.equal(kind(0.75, { doubleSoftmaxFloor: 1, numClasses: 3, lossType: 'CrossEntropyLoss' }), 'floor');
  assert.equal(kind(1.2500001, { doubleSoftmaxFloor: 1, numClasses: 3 }), undefined);
  assert.equal(kind(1, { doubleSoftmaxFloor: 1, numClasses: 3, lossType: 'NLLLoss' }), undefined, 'no softmax floor for NLLLoss');
  assert.equal(kind(0.625, { constant: 0.5 }), 'constant');
  assert.equal(kind(0.6250001, { constant: 0.5 }), undefined);
  assert.equal(kind(0, { constant: 0 }), undefined, 'a zero constant names nothing');
  assert.equal(kind(1.1, { doubleSoftmaxFloor: 1, logK: 1.1, numClasses: 3, constant: 1.1 }), 'floor', 'the floor first');
  assert.equal(kind(1.1, { logK: 1.1, numClasses: 3, constant: 1.1 }), 'logK', 'then log K');
  const floor = nameLevel(1.0986, ref({ doubleSoftmaxFloor: 1.0986, numClasses: 3 }), o);
  assert.equal(floor?.text, 'at 1.099, which is log(1 + (K−1)/e) = 1.099 for K = 3: the lowest value CrossEntropyLoss can reach when it is given softmax probabilities instead of logits (double softmax)');
  assert.equal(nameLevel(2.3, ref({ logK: Math.log(10), numClasses: 10 }), o)?.text, 'at 2.3 ≈ log K = 2.303 (K = 10): the model predicts uniform probabilities, i.e. chance');
  assert.equal(nameLevel(0.5, ref({ constant: 0.5 }), o)?.text, 'at 0.5 ≈ 0.5, the loss of the best constant prediction: the model does no better than a constant prediction and has learned nothing from the inputs');
});

test('loss-plateau: log K inferred only for K in [2, maxK] and within the tolerance', () => {
  assert.equal(inferClasses(Math.log(10), 10, 0.01), 10);
  assert.equal(inferClasses(Math.log(10), 9, 0.01), undefined);
  assert.equal(inferClasses(Math.log(2), 10, 0.01), 2);
  assert.equal(inferClasses(Math.log(1.2), 10, 0.5), undefined, 'K = 1 is no class count');
  assert.equal(inferClasses(0, 10, 0.5), undefined, 'a loss of exactly 0 = log 1 is no class count either');
  assert.equal(inferClasses(Math.log(4) * 1.005, 10, 0.01), 4);
  assert.equal(inferClasses(Math.log(4) * 1.02, 10, 0.01), undefined);
});
